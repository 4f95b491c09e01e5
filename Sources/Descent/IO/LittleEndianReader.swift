/// Bounds-checked little-endian reads from a byte array; a read past the end throws the
/// error `fail` makes.
struct LittleEndianReader {
    let bytes: [UInt8]
    let makeError: (String) -> DescentError

    init(bytes: [UInt8], fail: @escaping (String) -> DescentError) {
        self.bytes = bytes
        self.makeError = fail
    }

    func fail<T>(_ problem: String) throws -> T { throw makeError(problem) }

    /// The `count` bytes at `offset`.
    func bytes(_ offset: Int, _ count: Int) throws -> ArraySlice<UInt8> {
        guard offset >= 0, count >= 0, offset <= bytes.count, count <= bytes.count - offset else {
            return try fail("\(count) bytes at byte \(offset) lie past the end (\(bytes.count) bytes)")
        }
        return bytes[offset..<offset + count]
    }

    /// The unsigned integer of `count` bytes (at most 8) at `offset`; above `Int.max` throws.
    func integer(_ offset: Int, _ count: Int) throws -> Int {
        let value = try bytes(offset, count).reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard let result = Int(exactly: value) else { return try fail("the value \(value) at byte \(offset) is too large") }
        return result
    }

    /// Whether the 4 bytes at `offset` are the little-endian `value`.
    func signature(_ offset: Int, _ value: Int) -> Bool { (try? integer(offset, 4)) == value }
}
