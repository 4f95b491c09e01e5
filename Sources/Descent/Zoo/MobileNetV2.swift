import Foundation

/// torchvision's MobileNetV2 (Sandler et al. 2018), with its module paths as node names
/// (`features.3.conv.1.0.weight`):
///
///     features.0: 3×3/2 conv → BN → ReLU6
///     features.1…17: inverted residual blocks (t, c, n, s) = (1,16,1,1) (6,24,2,2) (6,32,3,2)
///                    (6,64,4,2) (6,96,3,1) (6,160,3,2) (6,320,1,1):
///                    [1×1 expand to t·C_in → BN → ReLU6] → 3×3 depthwise/s → BN → ReLU6
///                    → 1×1 project to c → BN, plus the input when s = 1 and C_in = c
///     features.18: 1×1 conv to 1280 → BN → ReLU6 → global average → Dropout(0.2) → Linear
///
/// With width multiplier α, channels c become `divisible(c·α)` and 1280 becomes
/// `divisible(1280·max(1, α))` (torchvision's `_make_divisible`, multiples of 8).
enum MobileNetV2 {
    static let settings = [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1)]

    /// torchvision's `_make_divisible(v, 8)`: the nearest multiple of 8, at least 8 and never
    /// below 90 % of v.
    static func divisible(_ value: Double) -> Int {
        var rounded = max(8, Int(value + 4) / 8 * 8)
        if Double(rounded) < 0.9 * value { rounded += 8 }
        return rounded
    }

    static func build(classes: Int, channels: Int, widthMultiplier: Double, graph start: ZooGraph) -> ZooGraph {
        var graph = start
        var inputChannels = divisible(32 * widthMultiplier)
        let lastChannels = divisible(1280 * max(1, widthMultiplier))
        convBNReLU6(&graph, "features.0", channels, inputChannels, kernel: 3, stride: 2)
        var index = 1
        for (expansion, width, count, firstStride) in settings {
            let output = divisible(Double(width) * widthMultiplier)
            for repeatIndex in 0..<count {
                let stride = repeatIndex == 0 ? firstStride : 1
                let prefix = "features.\(index).conv"
                let blockInput = graph.last
                let hidden = Int((Double(inputChannels) * Double(expansion)).rounded())
                var part = 0
                if expansion != 1 {
                    convBNReLU6(&graph, "\(prefix).0", inputChannels, hidden, kernel: 1)
                    part = 1
                }
                convBNReLU6(&graph, "\(prefix).\(part)", hidden, hidden, kernel: 3, stride: stride, groups: hidden)
                graph.conv("\(prefix).\(part + 1)", hidden, output, kernel: 1, padding: 0)
                graph.batchNorm("\(prefix).\(part + 2)", output)
                if stride == 1 && inputChannels == output {
                    graph.add("features.\(index).add", Add(), inputs: [graph.last, blockInput])
                }
                inputChannels = output
                index += 1
            }
        }
        convBNReLU6(&graph, "features.\(index)", inputChannels, lastChannels, kernel: 1)
        graph.add("avgpool", GlobalAveragePooling2D())
        graph.add("classifier.0", Dropout(rate: 0.2, generator: graph.generators.noise))
        graph.linear("classifier.1", lastChannels, classes, smallNormal: true)
        return graph
    }

    /// torchvision's `Conv2dNormActivation`: `prefix.0` conv (no bias, padding (k−1)/2),
    /// `prefix.1` BatchNorm, `prefix.2` ReLU6.
    private static func convBNReLU6(_ graph: inout ZooGraph, _ prefix: String, _ input: Int, _ output: Int, kernel: Int, stride: Int = 1, groups: Int = 1) {
        graph.conv("\(prefix).0", input, output, kernel: kernel, stride: stride, groups: groups)
        graph.batchNorm("\(prefix).1", output)
        graph.activation("\(prefix).2", .relu6)
    }
}
