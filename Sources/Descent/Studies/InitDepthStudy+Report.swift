import DescentPlot
import Foundation

extension InitDepthStudy {
    /// The header of `csvText`.
    public static let csvHeader = "activation,init,layer,activation_std,gradient_norm"

    /// Two tables, activation σ then gradient norm: one row per profile, one column per layer.
    public func tableText(_ profiles: [InitDepthProfile]) -> String {
        let header = "layer".padding(toLength: 28, withPad: " ", startingAt: 0) + (1...depth).map { String(format: "%9d", $0) }.joined()
        func table(_ title: String, _ values: (InitDepthProfile) -> [Double]) -> String {
            ([title, header] + profiles.map { p in
                p.label.padding(toLength: 28, withPad: " ", startingAt: 0) + values(p).map { String(format: "%9.2e", $0) }.joined()
            }).joined(separator: "\n")
        }
        return table("Activation standard deviation per layer", \.activationStandardDeviations) + "\n\n"
            + table("Weight-gradient norm ‖∂L/∂W‖ per layer", \.gradientNorms)
    }

    /// `csvHeader`, then one row per profile and layer (layers count from 1); no final newline.
    public func csvText(_ profiles: [InitDepthProfile]) -> String {
        var lines = [Self.csvHeader]
        for p in profiles {
            for layer in 0..<depth {
                lines.append("\(p.activation.name),\(p.initializer),\(layer + 1),\(p.activationStandardDeviations[layer]),\(p.gradientNorms[layer])")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The file names of `charts`, in order: activations, then gradients.
    public static let chartFileNames = ["init-depth-activations.svg", "init-depth-gradients.svg"]

    /// Two log-scale line charts by layer, named by `chartFileNames`: activation σ and gradient norm.
    public func charts(_ profiles: [InitDepthProfile]) -> [(fileName: String, svg: String)] {
        let panels = [("Activation standard deviation", \InitDepthProfile.activationStandardDeviations),
                      ("Weight-gradient norm", \InitDepthProfile.gradientNorms)]
        return zip(Self.chartFileNames, panels).map { fileName, panel in
            let (title, values) = panel
            let series = profiles.map { p in
                Series(name: p.label, points: p[keyPath: values].enumerated().map { (x: Double($0.offset + 1), y: Swift.max($0.element, 1e-30)) })
            }
            var chart = LineChart(title: "\(title) by layer (\(depth)×\(width))", xLabel: "layer", yLabel: title, series: series)
            chart.logY = true
            return (fileName, chart.svg())
        }
    }
}
