/// What `torch.load(weights_only=True)` allows in a state dict's pickle, and how its tensors
/// are rebuilt from their storages: `_rebuild_tensor_v2(storage, storage_offset, size, stride,
/// requires_grad, backward_hooks[, metadata])` with the storage a persistent id
/// `('storage', torch.FloatStorage, key, location, numel[, view_metadata])`.
enum StateDictPickle {
    /// A storage as its persistent id names it.
    struct Storage {
        var type: SafeTensorsType
        var key: String
        var count: Int
    }

    /// A tensor as `_rebuild_tensor_v2` describes it.
    struct TensorView {
        var storage: Storage
        var offset: Int
        var size: [Int]
        var stride: [Int]
    }

    /// The storage types by torch's name, as the safetensors element type of the same layout.
    static let storageTypes: [String: SafeTensorsType] = [
        "torch.FloatStorage": .f32, "torch.DoubleStorage": .f64, "torch.HalfStorage": .f16,
        "torch.BFloat16Storage": .bf16, "torch.LongStorage": .i64, "torch.IntStorage": .i32,
        "torch.ShortStorage": .i16, "torch.CharStorage": .i8, "torch.ByteStorage": .u8,
        "torch.BoolStorage": .bool, "torch.storage.UntypedStorage": .u8,
    ]

    private static let functions: Set = ["collections.OrderedDict", "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_parameter"]

    /// Reads the next pickle, refusing every global and call a state dict does not need.
    static func load(_ reader: inout Unpickler) throws -> PickleValue {
        let source = reader.source
        func fail(_ problem: String) -> DescentError { .file(path: source, problem: problem) }
        return try reader.load(
            resolve: { name in
                guard functions.contains(name) || storageTypes[name] != nil else {
                    throw fail("refuses the global \(name): a state dict holds only OrderedDict, tensors and storages (torch.load(weights_only=True) refuses it too)")
                }
                return .global(name)
            },
            reduce: { callable, arguments in
                switch (callable, arguments.first) {
                case (.global("collections.OrderedDict"), _): return .dict(PickleDict())
                case (.global("torch._utils._rebuild_tensor_v2"), _): return .object(try tensorView(arguments, fail: fail))
                case let (.global("torch._utils._rebuild_parameter"), .object(tensor as TensorView)?): return .object(tensor)
                default: throw fail("refuses to call \(callable.kind) with \(arguments.count) arguments: a state dict only rebuilds tensors and OrderedDicts")
                }
            },
            persistentLoad: { id in
                guard case let .tuple(items) = id, items.count >= 5, case .string("storage") = items[0],
                      case let .global(typeName) = items[1], let type = storageTypes[typeName],
                      case let .string(key) = items[2], case let .int(count) = items[4], count >= 0 else {
                    throw fail("refuses the persistent id \(id.kind): expected ('storage', torch.FloatStorage, key, location, numel)")
                }
                if items.count > 5, !(items[5].isNone) { throw fail("storage '\(key)' is a view of another storage (pre-1.0 torch); re-save it with a current torch") }
                return .object(Storage(type: type, key: key, count: count))
            })
    }

    private static func tensorView(_ arguments: [PickleValue], fail: (String) -> DescentError) throws -> TensorView {
        guard arguments.count >= 4, case let .object(storage as Storage) = arguments[0], case let .int(offset) = arguments[1],
              let size = integers(arguments[2]), let stride = integers(arguments[3]), size.count == stride.count else {
            throw fail("corrupted pickle: _rebuild_tensor_v2 needs (storage, offset, size, stride, …), got \(arguments.count) arguments")
        }
        return TensorView(storage: storage, offset: offset, size: size, stride: stride)
    }

    private static func integers(_ value: PickleValue) -> [Int]? {
        guard case let .tuple(items) = value else { return nil }
        let numbers = items.compactMap { if case let .int(n) = $0 { return n } else { return nil } }
        return numbers.count == items.count ? numbers : nil
    }

    /// The element type of each storage key the state dict's tensors use.
    static func storageTypes(_ stateDict: PickleValue) -> [String: SafeTensorsType] {
        guard case let .dict(dict) = stateDict else { return [:] }
        var types: [String: SafeTensorsType] = [:]
        for case let .object(view as TensorView) in dict.pairs.map(\.value) { types[view.storage.key] = view.storage.type }
        return types
    }

    /// The state dict's tensors in key order, each gathered from the bytes `storage` returns
    /// for its key (nil when the file lacks it).
    static func tensors(_ stateDict: PickleValue, source: String,
                        storage: (String) -> ArraySlice<UInt8>?) throws -> [(name: String, tensor: Tensor)] {
        func fail(_ problem: String) -> DescentError { .file(path: source, problem: problem) }
        guard case let .dict(dict) = stateDict else {
            throw fail("the pickle holds \(stateDict.kind), not a state dict; save model.state_dict()")
        }
        var decoded: [String: [Float]] = [:]
        return try dict.pairs.map { pair in
            guard case let .string(name) = pair.key else { throw fail("a state dict key is \(pair.key.kind), not a string") }
            guard case let .object(view as TensorView) = pair.value else {
                throw fail("entry '\(name)' is \(pair.value.kind), not a tensor; save model.state_dict() rather than a whole checkpoint")
            }
            let key = view.storage.key
            if decoded[key] == nil {
                guard let raw = storage(key) else { throw fail("storage '\(key)' of tensor '\(name)' is missing from the file") }
                let needed = view.storage.count.multipliedReportingOverflow(by: view.storage.type.byteCount)
                guard !needed.overflow, raw.count >= needed.partialValue else {
                    throw fail("truncated: storage '\(key)' of tensor '\(name)' has \(raw.count) bytes, fewer than its \(view.storage.count) elements need")
                }
                decoded[key] = view.storage.type.decode(raw.prefix(needed.partialValue))
            }
            return (name, try gather(view, from: decoded[key]!, name: name, fail: fail))
        }
    }

    /// The elements `offset + Σ index[d]·stride[d]` in row-major order of `size`, after
    /// checking that the last one lies within the storage.
    private static func gather(_ view: TensorView, from scalars: [Float], name: String, fail: (String) -> DescentError) throws -> Tensor {
        guard let count = ArrayFile.elementCount(view.size), view.size.allSatisfy({ $0 >= 0 }), view.stride.allSatisfy({ $0 >= 0 }), view.offset >= 0 else {
            throw fail("tensor '\(name)' has size \(view.size), stride \(view.stride) and offset \(view.offset), which no storage holds")
        }
        guard !view.size.contains(0) else { return Tensor(shape: view.size, scalars: []) }
        var last = view.offset
        for (size, stride) in zip(view.size, view.stride) {
            let (step, overflow) = (size - 1).multipliedReportingOverflow(by: stride)
            guard !overflow, case let (sum, false) = last.addingReportingOverflow(step) else { last = .max; break }
            last = sum
        }
        guard last < scalars.count else {
            throw fail("tensor '\(name)' (size \(view.size), stride \(view.stride), offset \(view.offset)) reaches element \(last) of storage '\(view.storage.key)', which has \(scalars.count)")
        }
        var out = [Float](repeating: 0, count: count)
        var index = [Int](repeating: 0, count: view.size.count)
        var at = view.offset
        for i in 0..<count {
            out[i] = scalars[at]
            var d = view.size.count - 1
            while d >= 0 {
                index[d] += 1
                at += view.stride[d]
                if index[d] < view.size[d] { break }
                at -= view.stride[d] * index[d]
                index[d] = 0
                d -= 1
            }
        }
        return Tensor(shape: view.size, scalars: out)
    }
}

extension PickleValue {
    var isNone: Bool { if case .none = self { return true } else { return false } }

    /// A short description for errors: the case, and the value of a scalar.
    var kind: String {
        switch self {
        case .none: return "None"
        case let .bool(b): return "the bool \(b)"
        case let .int(n): return "the integer \(n)"
        case let .float(x): return "the float \(x)"
        case let .string(s): return "the string '\(s)'"
        case .bytes: return "bytes"
        case .tuple: return "a tuple"
        case .list: return "a list"
        case .dict: return "a dict"
        case let .global(name): return name
        case .object: return "a tensor or storage"
        }
    }
}
