/// CRC-32C (Castagnoli), the checksum of TFRecord framing, with TensorFlow's mask.
///
///     crc32c: reflected polynomial 0x82F63B78, initial value and final XOR 0xFFFFFFFF
///     masked(crc) = ((crc >> 15) | (crc << 17)) + 0xA282EAD8        (mod 2³²)
///
/// The mask keeps a CRC stored next to the data it covers from looking like valid data
/// itself (TensorFlow's `crc32c::Mask`). Check value: crc32c("123456789") = 0xE3069283.
enum CRC32C {
    private static let table: [UInt32] = (0..<256).map { byte in
        var crc = UInt32(byte)
        for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
        return crc
    }

    /// The CRC-32C of `bytes`.
    static func checksum<Bytes: Sequence>(_ bytes: Bytes) -> UInt32 where Bytes.Element == UInt8 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }

    /// The CRC-32C of `bytes`, masked as TFRecord stores it.
    static func masked<Bytes: Sequence>(_ bytes: Bytes) -> UInt32 where Bytes.Element == UInt8 {
        let crc = checksum(bytes)
        return ((crc >> 15) | (crc << 17)) &+ 0xA282_EAD8
    }
}
