/// A value a restricted unpickler builds. Lists and dicts are shared boxes, as in Python, so
/// that a memoized container sees later appends.
indirect enum PickleValue {
    case none, bool(Bool), int(Int), float(Double), string(String), bytes([UInt8])
    case tuple([PickleValue]), list(PickleList), dict(PickleDict)
    /// A global the `resolve` closure accepted, named `module.name`.
    case global(String)
    /// Whatever the caller's `reduce` and `persistentLoad` closures build (tensors, storages).
    case object(Any)
}

final class PickleList { var items: [PickleValue] = [] }
final class PickleDict { var pairs: [(key: PickleValue, value: PickleValue)] = [] }

/// A pickle reader that executes nothing: it knows only the opcodes a PyTorch `state_dict`
/// uses (protocols 2–5), and hands every global, call (`REDUCE`, `NEWOBJ`) and persistent id
/// to the caller, who decides what is allowed, like `torch.load(weights_only=True)`.
///
/// ```swift
/// var reader = Unpickler(bytes: bytes, source: path)
/// let value = try reader.load(resolve: …, reduce: …, persistentLoad: …)  // up to STOP
/// ```
struct Unpickler {
    let bytes: [UInt8]
    let source: String
    /// Where the next pickle begins, once `load` has read one.
    private(set) var position: Int
    private var stack: [PickleValue] = []
    private var marks: [Int] = []
    private var memo: [Int: PickleValue] = [:]

    init(bytes: [UInt8], start: Int = 0, source: String) {
        self.bytes = bytes
        self.position = start
        self.source = source
    }

    func fail(_ problem: String) -> DescentError { .file(path: source, problem: problem) }

    /// Reads one pickle up to its STOP. `resolve` turns `module.name` into a value or throws;
    /// `reduce` applies a callable to its arguments; `persistentLoad` turns a persistent id
    /// into a value.
    mutating func load(resolve: (String) throws -> PickleValue,
                       reduce: (PickleValue, [PickleValue]) throws -> PickleValue,
                       persistentLoad: (PickleValue) throws -> PickleValue) throws -> PickleValue {
        (stack, marks, memo) = ([], [], [:])
        while true {
            let opcodeAt = position
            let op = try take(1)[opcodeAt]
            switch op {
            case 0x80: _ = try take(1)                                       // PROTO
            case 0x95: _ = try take(8)                                       // FRAME
            case 0x2E: return try pop()                                      // STOP
            case 0x28: marks.append(stack.count)                             // MARK
            case 0x7D: stack.append(.dict(PickleDict()))                     // EMPTY_DICT
            case 0x5D: stack.append(.list(PickleList()))                     // EMPTY_LIST
            case 0x29: stack.append(.tuple([]))                              // EMPTY_TUPLE
            case 0x74: stack.append(.tuple(try popMark()))                   // TUPLE
            case 0x85, 0x86, 0x87:                                           // TUPLE1, 2, 3
                let n = Int(op - 0x84)
                guard stack.count >= n else { throw underflow(opcodeAt) }
                let items = Array(stack.suffix(n))
                stack.removeLast(n)
                stack.append(.tuple(items))
            case 0x6C: let list = PickleList(); list.items = try popMark(); stack.append(.list(list))  // LIST
            case 0x61: let item = try pop(); try list(at: opcodeAt).items.append(item)                // APPEND
            case 0x65: let items = try popMark(); try list(at: opcodeAt).items += items               // APPENDS
            case 0x73: let value = try pop(), key = try pop(); try dict(at: opcodeAt).pairs.append((key, value))  // SETITEM
            case 0x75:                                                       // SETITEMS
                let items = try popMark()
                guard items.count % 2 == 0 else { throw fail("corrupted pickle: SETITEMS at byte \(opcodeAt) has an odd number of items") }
                try dict(at: opcodeAt).pairs += stride(from: 0, to: items.count, by: 2).map { (items[$0], items[$0 + 1]) }
            case 0x71: memo[try integer(1)] = try top(opcodeAt)              // BINPUT
            case 0x72: memo[try integer(4)] = try top(opcodeAt)              // LONG_BINPUT
            case 0x94: memo[memo.count] = try top(opcodeAt)                  // MEMOIZE
            case 0x68, 0x6A:                                                 // BINGET, LONG_BINGET
                let key = try integer(op == 0x68 ? 1 : 4)
                guard let value = memo[key] else { throw fail("corrupted pickle: BINGET at byte \(opcodeAt) reads memo \(key), which was never stored") }
                stack.append(value)
            case 0x4A: stack.append(.int(Int(Int32(truncatingIfNeeded: try integer(4)))))  // BININT
            case 0x4B: stack.append(.int(try integer(1)))                    // BININT1
            case 0x4D: stack.append(.int(try integer(2)))                    // BININT2
            case 0x8A: stack.append(.int(try long(at: opcodeAt)))            // LONG1
            case 0x47:                                                       // BINFLOAT (big-endian)
                let raw = try take(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                stack.append(.float(Double(bitPattern: raw)))
            case 0x8C, 0x58, 0x8D:                                           // SHORT_BINUNICODE, BINUNICODE, BINUNICODE8
                let text = try take(try integer(op == 0x8C ? 1 : op == 0x58 ? 4 : 8))
                stack.append(.string(String(decoding: text, as: UTF8.self)))
            case 0x55, 0x54:                                                 // SHORT_BINSTRING, BINSTRING
                stack.append(.bytes(Array(try take(try integer(op == 0x55 ? 1 : 4)))))
            case 0x4E: stack.append(.none)                                   // NONE
            case 0x88, 0x89: stack.append(.bool(op == 0x88))                 // NEWTRUE, NEWFALSE
            case 0x63:                                                       // GLOBAL "module\nname\n"
                let module = try line(), name = try line()
                stack.append(try resolve("\(module).\(name)"))
            case 0x93:                                                       // STACK_GLOBAL
                let name = try pop(), module = try pop()
                guard case let .string(m) = module, case let .string(n) = name else {
                    throw fail("corrupted pickle: STACK_GLOBAL at byte \(opcodeAt) needs two strings")
                }
                stack.append(try resolve("\(m).\(n)"))
            case 0x52, 0x81:                                                 // REDUCE, NEWOBJ
                let arguments = try pop(), callable = try pop()
                guard case let .tuple(items) = arguments else { throw fail("corrupted pickle: the arguments at byte \(opcodeAt) are not a tuple") }
                stack.append(try reduce(callable, items))
            case 0x62: _ = try pop(); _ = try top(opcodeAt)                  // BUILD: a state dict's `_metadata`, dropped
            case 0x51: stack.append(try persistentLoad(try pop()))           // BINPERSID
            default:
                let character = (0x21...0x7E).contains(op) ? " '\(Character(Unicode.Scalar(op)))'" : ""
                throw fail("refuses pickle opcode 0x\(String(op, radix: 16))\(character) at byte \(opcodeAt): a state dict uses only dicts, lists, tuples, numbers, strings, tensors and storages")
            }
        }
    }

    // MARK: Reading bytes

    private mutating func take(_ count: Int) throws -> ArraySlice<UInt8> {
        guard count >= 0, count <= bytes.count - position else {
            throw fail("truncated: the pickle needs \(count) more bytes at byte \(position) but the data ends at \(bytes.count)")
        }
        defer { position += count }
        return bytes[position..<position + count]
    }

    /// An unsigned little-endian integer of `count` bytes.
    private mutating func integer(_ count: Int) throws -> Int {
        let value = try take(count).reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard let result = Int(exactly: value) else { throw fail("corrupted pickle: length \(value) at byte \(position - count) is too large") }
        return result
    }

    /// LONG1: a byte count, then a two's-complement little-endian integer of up to 8 bytes.
    private mutating func long(at offset: Int) throws -> Int {
        let raw = try take(try integer(1))
        guard raw.count <= 8 else { throw fail("refuses LONG1 at byte \(offset): a \(raw.count)-byte integer is larger than a state dict holds") }
        guard let last = raw.last else { return 0 }
        let fill: UInt64 = last & 0x80 != 0 ? ~0 : 0
        let value = raw.reversed().reduce(raw.count == 8 ? 0 : fill) { $0 << 8 | UInt64($1) }
        return Int(Int64(bitPattern: value))
    }

    private mutating func line() throws -> String {
        guard let end = bytes[position...].firstIndex(of: 0x0A) else { throw fail("truncated: a GLOBAL name at byte \(position) has no end of line") }
        defer { position = end + 1 }
        return String(decoding: bytes[position..<end], as: UTF8.self)
    }

    // MARK: The stack

    private func underflow(_ offset: Int) -> DescentError { fail("corrupted pickle: the opcode at byte \(offset) finds the stack too short") }

    private mutating func pop() throws -> PickleValue {
        guard let value = stack.popLast(), stack.count >= (marks.last ?? 0) else { throw underflow(position - 1) }
        return value
    }

    private func top(_ offset: Int) throws -> PickleValue {
        guard let value = stack.last else { throw underflow(offset) }
        return value
    }

    private mutating func popMark() throws -> [PickleValue] {
        guard let mark = marks.popLast() else { throw fail("corrupted pickle: an opcode before byte \(position) needs a MARK") }
        defer { stack.removeSubrange(mark...) }
        return Array(stack[mark...])
    }

    private func list(at offset: Int) throws -> PickleList {
        guard case let .list(list) = try top(offset) else { throw fail("corrupted pickle: APPEND at byte \(offset) finds no list") }
        return list
    }

    private func dict(at offset: Int) throws -> PickleDict {
        guard case let .dict(dict) = try top(offset) else { throw fail("corrupted pickle: SETITEM at byte \(offset) finds no dict") }
        return dict
    }
}
