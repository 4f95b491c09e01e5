import Foundation

/// The nonlinearities of `Activation` that `Tensor+Unary` does not already provide, each with
/// its derivative written from the input x and the output y:
///
///     relu6:        min(max(x, 0), 6)                 ∂ = 1 inside (0, 6), else 0
///     leakyReLU α:  x if x > 0 else αx                ∂ = 1 or α
///     elu α:        x if x > 0 else α(eˣ − 1)         ∂ = 1 or y + α
///     selu:         λ·elu_α(x), λ ≈ 1.0507, α ≈ 1.6733 ∂ = λ or y + λα
///     gelu:         x·Φ(x)                            ∂ = Φ(x) + x·φ(x)
///     geluTanh:     ½x(1 + tanh u), u = √(2/π)(x + 0.044715x³)
///                                                     ∂ = ½(1 + tanh u) + ½x(1 − tanh²u)·u′
///     softplus:     ln(1 + eˣ) = max(x, 0) + ln(1 + e^(−|x|))   ∂ = σ(x)
///     swish / SiLU: x·σ(x)                            ∂ = σ(x)(1 + x(1 − σ(x)))
///     hardSigmoid:  clamp(x/6 + ½, 0, 1)              ∂ = 1/6 inside (−3, 3), else 0
///
/// ReLU6 takes PyTorch's derivative at the kinks (hardtanh's: 0 at exactly 0 and 6) and,
/// like `relu`, maps NaN to 0. Φ and φ are the standard normal CDF and density. Hard sigmoid is PyTorch's `Hardsigmoid`
/// and Keras 3's `hard_sigmoid` (Keras 2 used clamp(0.2x + 0.5, 0, 1)).
extension Tensor {
    /// min(max(x, 0), 6), the ReLU capped at 6 of MobileNet (Howard et al., 2017).
    public func relu6() -> Tensor {
        let n = count
        let y = Tensor.makeLanes(shape: shape) { out in
            withLanes { x in
                LaneLoop.forEachBlock(n) { i, width in
                    let value = x[i, width]
                    out[i, width] = Lanes(repeating: 0).replacing(with: value, where: value .> 0).replacing(with: 6, where: value .> 6)
                }
            }
        }
        guard GradientMode.isEnabled && isTracked else { return y }
        return Tensor.record(y, inputs: [self]) { g in
            // g ⊙ [0 < y < 6], written g·1 or g·0 per lane ([0 < y < 6] = [0 < x < 6]).
            [Tensor.makeLanes(shape: g.shape) { out in
                g.withLanes { gl in
                    y.withLanes { yl in
                        LaneLoop.forEachBlock(n) { i, width in
                            let value = yl[i, width]
                            let gate = Lanes(repeating: 0).replacing(with: 1, where: (value .> 0) .& (value .< 6))
                            out[i, width] = gl[i, width] * gate
                        }
                    }
                }
            }]
        }
    }

    /// x for x > 0, αx otherwise.
    public func leakyReLU(alpha: Float = 0.01) -> Tensor {
        unary({ $0 > 0 ? $0 : alpha * $0 }, derivative: { x, _ in x > 0 ? 1 : alpha })
    }

    /// x for x > 0, α(eˣ − 1) otherwise (Clevert et al., 2016).
    public func elu(alpha: Float = 1) -> Tensor {
        unary({ $0 > 0 ? $0 : alpha * Foundation.expm1($0) }, derivative: { x, y in x > 0 ? 1 : y + alpha })
    }

    /// Scaled ELU with the self-normalizing constants of Klambauer et al. (2017).
    public func selu() -> Tensor {
        let lambda = Tensor.seluLambda, alpha = Tensor.seluAlpha
        return unary({ $0 > 0 ? lambda * $0 : lambda * alpha * Foundation.expm1($0) },
                     derivative: { x, y in x > 0 ? lambda : y + lambda * alpha })
    }

    /// Exact GELU, x·Φ(x) (Hendrycks & Gimpel, 2016); PyTorch's `approximate='none'`.
    public func gelu() -> Tensor {
        unary({ x in 0.5 * x * (1 + Foundation.erf(x * 0.70710678)) },
              derivative: { x, _ in
                  let cdf = 0.5 * (1 + Foundation.erf(x * 0.70710678))
                  let density = 0.39894228 * Foundation.exp(-0.5 * x * x)
                  return cdf + x * density
              })
    }

    /// GELU's tanh approximation; PyTorch's `approximate='tanh'`, Keras' `approximate=True`.
    public func geluTanh() -> Tensor {
        let c: Float = 0.7978845608  // √(2/π)
        return unary({ x in 0.5 * x * (1 + Foundation.tanh(c * (x + 0.044715 * x * x * x))) },
                     derivative: { x, _ in
                         let t = Foundation.tanh(c * (x + 0.044715 * x * x * x))
                         let du = c * (1 + 3 * 0.044715 * x * x)
                         return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * du
                     })
    }

    /// ln(1 + eˣ), computed without overflow.
    public func softplus() -> Tensor {
        unary({ Swift.max($0, 0) + Foundation.log1p(Foundation.exp(-Swift.abs($0))) },
              derivative: { x, _ in Tensor.stableSigmoid(x) })
    }

    /// x·σ(x) (swish with β = 1, PyTorch's `SiLU`).
    public func swish() -> Tensor {
        unary({ $0 * Tensor.stableSigmoid($0) },
              derivative: { x, _ in
                  let s = Tensor.stableSigmoid(x)
                  return s * (1 + x * (1 - s))
              })
    }

    /// clamp(x/6 + ½, 0, 1).
    public func hardSigmoid() -> Tensor {
        unary({ Swift.min(Swift.max($0 / 6 + 0.5, 0), 1) }, derivative: { x, _ in x > -3 && x < 3 ? 1.0 / 6 : 0 })
    }

    /// λ of SELU.
    static let seluLambda: Float = 1.0507009873554805
    /// α of SELU.
    static let seluAlpha: Float = 1.6732632423543772
}
