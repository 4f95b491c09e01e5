/// One recorded operation of the dynamic graph (the "tape"), PyTorch-eager style.
///
/// A node knows the nodes of its inputs and a pullback that maps the gradient of its output to
/// the gradients of its inputs (nil for an input that needs none). A leaf node stands for a
/// `Parameter` and receives the gradient that flows into it.
final class TapeNode {
    let inputs: [TapeNode?]
    var pullback: ((Tensor) -> [Tensor?])?
    let parameter: Parameter?

    init(inputs: [TapeNode?], pullback: @escaping (Tensor) -> [Tensor?]) {
        self.inputs = inputs
        self.pullback = pullback
        self.parameter = nil
    }

    init(leafFor parameter: Parameter) {
        self.inputs = []
        self.pullback = nil
        self.parameter = parameter
    }
}

/// Whether operations record themselves on the tape.
///
/// Recording is on by default. `withoutGradients { … }` turns it off for a scope (inference,
/// evaluation, optimizer updates), like `torch.no_grad()`. The flag is task-local, so concurrent
/// tasks do not disturb each other.
public enum GradientMode {
    @TaskLocal public static var isEnabled = true
}

/// Runs `body` without recording operations on the tape.
public func withoutGradients<Result>(_ body: () throws -> Result) rethrows -> Result {
    try GradientMode.$isEnabled.withValue(false, operation: body)
}

extension Tensor {
    /// Attaches a tape node to `value` when gradients are enabled and any input is tracked.
    ///
    /// `pullback` receives ∂L/∂output and returns ∂L/∂input for each input, in order.
    static func record(_ value: Tensor, inputs: [Tensor], pullback: @escaping (Tensor) -> [Tensor?]) -> Tensor {
        guard GradientMode.isEnabled, inputs.contains(where: { $0.node != nil }) else { return value }
        var result = value
        result.node = TapeNode(inputs: inputs.map(\.node), pullback: pullback)
        return result
    }

    /// A differentiable operation defined by the caller: `value` computed by any means and
    /// `pullback` mapping ∂L/∂value to ∂L/∂input for each of `inputs` (nil where none is needed).
    /// Check a custom pullback with `gradientCheck`.
    public static func customOperation(_ value: Tensor, inputs: [Tensor], pullback: @escaping (Tensor) -> [Tensor?]) -> Tensor {
        record(value.detached(), inputs: inputs, pullback: pullback)
    }

    /// Reverse-mode differentiation from this tensor.
    ///
    /// Sends ∂self/∂p to the `gradient` of every trainable parameter `p` this value depends on,
    /// adding to what is already there (gradients accumulate until `zeroGradients()`). `seed` is
    /// ∂L/∂self and defaults to ones, so a scalar loss needs none. The tape is released afterwards:
    /// call `backward()` once per forward pass.
    public func backward(seed: Tensor? = nil) {
        guard let root = node else {
            preconditionFailure("backward(): this tensor (shape \(shape)) does not depend on any trainable parameter; was it computed under withoutGradients or from detached values?")
        }
        if let seed {
            precondition(seed.shape == shape, "backward(seed:): seed shape \(seed.shape) differs from tensor shape \(shape)")
        }
        let order = TapeNode.topologicalOrder(from: root)
        var gradients: [ObjectIdentifier: Tensor] = [ObjectIdentifier(root): seed?.detached() ?? .ones(shape)]
        withoutGradients {
            for current in order.reversed() {
                guard let gradient = gradients.removeValue(forKey: ObjectIdentifier(current)) else { continue }
                if let parameter = current.parameter {
                    parameter.accumulateGradient(gradient)
                    continue
                }
                guard let pullback = current.pullback else { continue }
                current.pullback = nil  // release the tape as we go
                let inputGradients = pullback(gradient)
                for (input, inputGradient) in zip(current.inputs, inputGradients) {
                    guard let input, let inputGradient else { continue }
                    let key = ObjectIdentifier(input)
                    if let existing = gradients[key] {
                        gradients[key] = existing + inputGradient
                    } else {
                        gradients[key] = inputGradient
                    }
                }
            }
        }
    }
}

extension TapeNode {
    /// Nodes reachable from `root`, each after all of its inputs (iterative DFS: deep graphs
    /// do not overflow the stack).
    static func topologicalOrder(from root: TapeNode) -> [TapeNode] {
        var order: [TapeNode] = []
        var visited: Set<ObjectIdentifier> = [ObjectIdentifier(root)]
        var stack: [(TapeNode, Int)] = [(root, 0)]
        while let (node, next) = stack.popLast() {
            if next < node.inputs.count {
                stack.append((node, next + 1))
                if let input = node.inputs[next], visited.insert(ObjectIdentifier(input)).inserted {
                    stack.append((input, 0))
                }
            } else {
                order.append(node)
            }
        }
        return order
    }
}
