extension Dense: PenalizedLayer {
    public var penalizedParameters: (weight: Parameter, bias: Parameter?) { (weight, bias) }
}
