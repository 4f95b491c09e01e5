/// Where ε enters the denominator of a rule that divides by a root mean square.
///
///     .outsideSquareRoot:   g / (√v + ε)     PyTorch (AdaGrad, RMSProp)
///     .insideSquareRoot:    g / √(v + ε)     Keras (AdaGrad, RMSProp)
///
/// The two differ noticeably only while v is near ε (at the start from zero, or for
/// parameters that rarely get a gradient).
public enum EpsilonPlacement: String, CaseIterable, Sendable {
    case outsideSquareRoot, insideSquareRoot

    /// The denominator √v + ε or √(v + ε).
    @inline(__always)
    func denominator(_ v: Float, _ ε: Float) -> Float {
        self == .outsideSquareRoot ? v.squareRoot() + ε : (v + ε).squareRoot()
    }
}
