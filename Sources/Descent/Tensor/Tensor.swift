import DescentKernels

/// An N-dimensional array of `Float`, row-major and contiguous, with value semantics.
///
/// Copies share their scalars until one of them is written (Swift's copy-on-write `Array`
/// is the storage). A tensor computed from parameters while gradients are enabled also carries
/// its place on the tape, so that `backward()` can send gradients back to those parameters.
///
/// Shape errors are programmer errors: an operation given incompatible shapes stops the program
/// with a message naming the operation and both shapes (like an out-of-range array index).
/// Input that comes from outside (files, configs, command lines) is validated before it reaches
/// tensor operations and reported as a thrown `DescentError`.
public struct Tensor {
    /// The extent of each axis; `[]` for a scalar.
    public internal(set) var shape: [Int]
    /// The elements in row-major order.
    public internal(set) var scalars: [Float]
    /// Where this value sits on the tape; nil for constants and for values made without gradients.
    var node: TapeNode?

    /// A tensor of the given shape holding `scalars` in row-major order.
    public init(shape: [Int], scalars: [Float]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor(shape:scalars:): negative extent in shape \(shape)")
        precondition(scalars.count == shape.elementCount,
                     "Tensor(shape:scalars:): shape \(shape) holds \(shape.elementCount) scalars, got \(scalars.count)")
        self.shape = shape
        self.scalars = scalars
    }

    /// A rank-0 tensor.
    public init(_ value: Float) { self.init(shape: [], scalars: [value]) }

    /// A rank-1 tensor.
    public init(_ values: [Float]) { self.init(shape: [values.count], scalars: values) }

    /// A rank-2 tensor from rows of equal length.
    public init(_ rows: [[Float]]) {
        let width = rows.first?.count ?? 0
        precondition(rows.allSatisfy { $0.count == width }, "Tensor(rows): rows have different lengths \(rows.map(\.count))")
        self.init(shape: [rows.count, width], scalars: rows.flatMap { $0 })
    }

    /// The number of axes.
    public var rank: Int { shape.count }
    /// The number of elements.
    public var count: Int { scalars.count }

    /// The single element of a one-element tensor.
    public var scalar: Float {
        precondition(count == 1, "Tensor.scalar: the tensor has shape \(shape), not one element")
        return scalars[0]
    }

    /// The element at a full index, e.g. `t[1, 2]`.
    public subscript(index: Int...) -> Float {
        precondition(index.count == rank, "Tensor[\(index)]: needs \(rank) indices for shape \(shape)")
        var offset = 0
        for (axis, i) in index.enumerated() {
            precondition(i >= 0 && i < shape[axis], "Tensor[\(index)]: index out of range for shape \(shape)")
            offset = offset * shape[axis] + i
        }
        return scalars[offset]
    }

    /// True when this value is on the tape (depends on a trainable parameter).
    public var isTracked: Bool { node != nil }

    /// The same values, cut off from the tape.
    public func detached() -> Tensor { Tensor(shape: shape, scalars: scalars) }

    /// Rows as nested arrays (rank 2 only); convenient for tests and printing.
    public var rows: [[Float]] {
        precondition(rank == 2, "Tensor.rows: needs rank 2, got shape \(shape)")
        return (0..<shape[0]).map { Array(scalars[($0 * shape[1])..<(($0 + 1) * shape[1])]) }
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let shown = scalars.prefix(8).map { String($0) }.joined(separator: ", ")
        return "Tensor(shape: \(shape), [\(shown)\(count > 8 ? ", …" : "")])"
    }
}

extension Array where Element == Int {
    /// The number of elements a tensor of this shape holds.
    var elementCount: Int { reduce(1, *) }
}

extension Tensor {
    /// Resolves a possibly negative axis (−1 is the last) and checks it, naming the operation.
    func normalizedAxis(_ axis: Int, _ op: String) -> Int {
        let resolved = axis < 0 ? axis + rank : axis
        precondition(resolved >= 0 && resolved < Swift.max(rank, 1), "\(op): axis \(axis) is out of range for shape \(shape)")
        return resolved
    }

    /// A new tensor of the same shape whose storage `body` fills.
    @inline(__always)
    static func make(shape: [Int], _ body: (UnsafeMutableBufferPointer<Float>) -> Void) -> Tensor {
        let count = shape.elementCount
        let scalars = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            body(buffer)
            initialized = count
        }
        return Tensor(shape: shape, scalars: scalars)
    }
}
