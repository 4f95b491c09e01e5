/// torchvision's ResNet (v1.5: a bottleneck's stride sits on its 3×3 convolution), with its
/// module paths as node names (`layer2.0.downsample.1.running_var`):
///
///     conv1 7×7/2 → bn1 → relu → maxpool 3×3/2 → layer1 … layer4 → avgpool → fc
///     basic block:      y = relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))
///     bottleneck block: y = relu(bn3(conv3(relu(bn2(conv2(relu(bn1(conv1(x)))))))) + shortcut(x))
///
/// The shortcut is the identity, or `downsample` (1×1 conv with the block's stride, then
/// BatchNorm) where the shape changes. Stage k has width·2^k channels (×4 out of a bottleneck).
enum ResNet {
    enum Block { case basic, bottleneck }

    static func build(blocks: [Int], block: Block, classes: Int, channels: Int, width: Int, graph start: ZooGraph) -> ZooGraph {
        var graph = start
        graph.conv("conv1", channels, width, kernel: 7, stride: 2, padding: 3)
        graph.batchNorm("bn1", width)
        graph.activation("relu", .relu)
        graph.add("maxpool", MaxPool2D(size: 3, stride: 2, padding: .uniform(1)))
        let expansion = block == .basic ? 1 : 4
        var inputChannels = width
        for (stage, count) in blocks.enumerated() {
            let planes = width << stage
            for index in 0..<count {
                let stride = index == 0 && stage > 0 ? 2 : 1
                let prefix = "layer\(stage + 1).\(index)"
                let blockInput = graph.last
                if block == .basic {
                    graph.conv("\(prefix).conv1", inputChannels, planes, kernel: 3, stride: stride, inputs: [blockInput])
                    graph.batchNorm("\(prefix).bn1", planes)
                    graph.activation("\(prefix).relu1", .relu)
                    graph.conv("\(prefix).conv2", planes, planes, kernel: 3)
                    graph.batchNorm("\(prefix).bn2", planes)
                } else {
                    graph.conv("\(prefix).conv1", inputChannels, planes, kernel: 1, padding: 0, inputs: [blockInput])
                    graph.batchNorm("\(prefix).bn1", planes)
                    graph.activation("\(prefix).relu1", .relu)
                    graph.conv("\(prefix).conv2", planes, planes, kernel: 3, stride: stride)
                    graph.batchNorm("\(prefix).bn2", planes)
                    graph.activation("\(prefix).relu2", .relu)
                    graph.conv("\(prefix).conv3", planes, planes * expansion, kernel: 1, padding: 0)
                    graph.batchNorm("\(prefix).bn3", planes * expansion)
                }
                let residual = graph.last
                var shortcut = blockInput
                if stride != 1 || inputChannels != planes * expansion {
                    graph.conv("\(prefix).downsample.0", inputChannels, planes * expansion, kernel: 1, stride: stride, padding: 0, inputs: [blockInput])
                    shortcut = graph.batchNorm("\(prefix).downsample.1", planes * expansion)
                }
                graph.add("\(prefix).add", Add(), inputs: [residual, shortcut])
                graph.activation("\(prefix).relu", .relu)
                inputChannels = planes * expansion
            }
        }
        graph.add("avgpool", GlobalAveragePooling2D())
        graph.linear("fc", inputChannels, classes)
        return graph
    }
}
