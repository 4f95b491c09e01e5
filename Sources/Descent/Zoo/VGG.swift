/// torchvision's VGG (configurations A = vgg11 and D = vgg16, optionally with BatchNorm after
/// every convolution), with its module paths as node names (`features.3.weight`,
/// `classifier.6.bias`):
///
///     features (3×3 convs, padding 1, each followed by [BN and] ReLU; 2×2 max pools)
///     → avgpool (adaptive, 7×7) → flatten (channels first, as torch.flatten of NCHW)
///     → classifier: Linear(C·49, h) ReLU Dropout(0.5) Linear(h, h) ReLU Dropout(0.5) Linear(h, K)
///
/// Channel counts are torchvision's divided by `divisor`; h is `hidden` (4096 in torchvision).
enum VGG {
    static let configurationA = [64, 0, 128, 0, 256, 256, 0, 512, 512, 0, 512, 512, 0]   // 0: max pool
    static let configurationD = [64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0]

    static func build(configuration: [Int], batchNorm: Bool, classes: Int, channels: Int, divisor: Int, hidden: Int,
                      graph start: ZooGraph) -> ZooGraph {
        var graph = start
        var index = 0, inputChannels = channels
        func next() -> String { defer { index += 1 }; return "features.\(index)" }
        for width in configuration {
            guard width > 0 else { graph.add(next(), MaxPool2D(size: 2)); continue }
            let output = width / divisor
            graph.conv(next(), inputChannels, output, kernel: 3, padding: 1, bias: true)
            if batchNorm { graph.batchNorm(next(), output) }
            graph.activation(next(), .relu)
            inputChannels = output
        }
        graph.add("avgpool", AdaptiveAvgPool2D(outputSize: 7))
        graph.add("flatten", Flatten(order: .channelsFirst))
        graph.linear("classifier.0", inputChannels * 49, hidden, smallNormal: true)
        graph.activation("classifier.1", .relu)
        graph.add("classifier.2", Dropout(rate: 0.5, generator: graph.generators.noise))
        graph.linear("classifier.3", hidden, hidden, smallNormal: true)
        graph.activation("classifier.4", .relu)
        graph.add("classifier.5", Dropout(rate: 0.5, generator: graph.generators.noise))
        graph.linear("classifier.6", hidden, classes, smallNormal: true)
        return graph
    }
}
