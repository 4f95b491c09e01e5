import Foundation

extension NPYFormat {
    /// A version 1.0 file of unsigned bytes (`|u1`, C order), as `np.save` writes one: the
    /// header dict is padded with spaces and ends in a newline so that the elements start at a
    /// multiple of 64 bytes.
    ///
    ///     \x93NUMPY 1 0 <length UInt16 LE> {'descr': '|u1', 'fortran_order': False, 'shape': (2, 3), }␣…␣\n <bytes>
    static func file(bytes: [UInt8], shape: [Int]) -> Data {
        precondition(bytes.count == shape.reduce(1, *), "NPYFormat.file: shape \(shape) does not hold \(bytes.count) bytes")
        let extents = shape.count == 1 ? "\(shape[0])," : shape.map(String.init).joined(separator: ", ")
        var header = "{'descr': '|u1', 'fortran_order': False, 'shape': (\(extents)), }"
        let unpadded = magic.count + 4 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        let length = header.utf8.count
        var data = Data(magic + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)])
        data.append(contentsOf: Array(header.utf8))
        data.append(contentsOf: bytes)
        return data
    }
}
