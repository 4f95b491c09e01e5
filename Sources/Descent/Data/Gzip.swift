#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// gzip decompression (`GzipReader`) through the system zlib, opened at run time with `dlopen` (like the
/// BLAS), so that building Descent needs nothing but the Swift toolchain.
///
/// zlib's `inflate` with window bits 15 + 16 reads one gzip member: header, deflate data and
/// the CRC-32/length trailer, which it verifies. A file may hold several members back to back
/// (RFC 1952 §2.2, what `cat a.gz b.gz` makes); each is inflated in turn after `inflateReset`.
enum Gzip {
    /// True when the bytes start with the gzip magic number 1f 8b.
    static func isCompressed(_ bytes: UnsafeRawBufferPointer) -> Bool { bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B }
}

/// Inflates gzip data a buffer at a time, so that a loader converts each piece as it comes
/// instead of holding the whole inflated file: `next()` gives the following bytes until the
/// last member ends. Errors are `DescentError.file` naming `path`: no zlib, corrupt data,
/// garbage after a member, data that ends early.
final class GzipReader {
    private let zlib: ZLibrary
    private let input: UnsafeRawBufferPointer
    private let path: String
    private let stream = UnsafeMutableRawPointer.allocate(byteCount: ZLibrary.streamSize, alignment: 8)
    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 18, alignment: 16)
    private var consumed = 0, finished = false

    init(_ input: UnsafeRawBufferPointer, path: String) throws {
        guard let zlib = ZLibrary.shared else {
            throw DescentError.file(path: path, problem: "cannot read gzip data: no zlib could be loaded (tried \(ZLibrary.candidateNames.joined(separator: ", "))); install zlib or decompress the file with gunzip")
        }
        (self.zlib, self.input, self.path) = (zlib, input, path)
        stream.initializeMemory(as: UInt8.self, repeating: 0, count: ZLibrary.streamSize)
        guard zlib.inflateInit2(stream, 15 + 16, zlib.version, Int32(ZLibrary.streamSize)) == ZLibrary.ok else {
            stream.deallocate()
            buffer.deallocate()
            throw DescentError.file(path: path, problem: "zlib could not start inflating (inflateInit2 failed)")
        }
    }

    deinit {
        _ = zlib.inflateEnd(stream)
        stream.deallocate()
        buffer.deallocate()
    }

    /// The next inflated bytes, valid until the following call; nil once the last member ended.
    func next() throws -> UnsafeRawBufferPointer? {
        while !finished {
            let available = Swift.min(input.count - consumed, Int(UInt32.max))
            stream.storeBytes(of: UnsafeRawPointer(input.baseAddress! + consumed), toByteOffset: 0, as: UnsafeRawPointer.self)
            stream.storeBytes(of: UInt32(available), toByteOffset: 8, as: UInt32.self)
            stream.storeBytes(of: buffer.baseAddress!, toByteOffset: 24, as: UnsafeMutableRawPointer.self)
            stream.storeBytes(of: UInt32(buffer.count), toByteOffset: 32, as: UInt32.self)
            let status = zlib.inflate(stream, 0)
            let left = Int(stream.load(fromByteOffset: 8, as: UInt32.self))
            let produced = buffer.count - Int(stream.load(fromByteOffset: 32, as: UInt32.self))
            let progressed = produced > 0 || left < available
            consumed += available - left
            switch status {
            case ZLibrary.streamEnd:
                // Another member may follow; anything else after a member is an error.
                if consumed == input.count {
                    finished = true
                } else {
                    guard input[consumed] == 0x1F else {
                        throw DescentError.file(path: path, problem: "\(input.count - consumed) bytes of garbage after the gzip data at byte \(consumed)")
                    }
                    _ = zlib.inflateReset(stream)
                }
            case ZLibrary.ok where progressed, ZLibrary.bufferError where progressed:
                break
            case ZLibrary.ok where consumed == input.count, ZLibrary.bufferError where consumed == input.count:
                throw DescentError.file(path: path, problem: "the gzip data ends early: the file is truncated (\(input.count) bytes)")
            default:
                let message = stream.load(fromByteOffset: 48, as: UnsafePointer<CChar>?.self).map { String(cString: $0) }
                throw DescentError.file(path: path, problem: "corrupt gzip data at byte \(consumed) (zlib: \(message ?? "error \(status)"))")
            }
            if produced > 0 { return UnsafeRawBufferPointer(rebasing: buffer[0..<produced]) }
        }
        return nil
    }
}

/// The few zlib entry points that `Gzip` needs, resolved with `dlsym`.
final class ZLibrary {
    typealias InflateInit2 = @convention(c) (UnsafeMutableRawPointer, Int32, UnsafePointer<CChar>, Int32) -> Int32
    typealias Inflate = @convention(c) (UnsafeMutableRawPointer, Int32) -> Int32
    typealias InflateEnd = @convention(c) (UnsafeMutableRawPointer) -> Int32
    typealias Version = @convention(c) () -> UnsafePointer<CChar>

    static let ok: Int32 = 0, streamEnd: Int32 = 1, bufferError: Int32 = -5
    /// sizeof(z_stream) on LP64 platforms. Field offsets used: next_in 0, avail_in 8,
    /// next_out 24, avail_out 32, msg 48.
    static let streamSize = 112
    static let candidateNames = ["libz.so.1", "libz.so", "/usr/lib/libz.1.dylib", "libz.dylib"]

    let inflateInit2: InflateInit2
    let inflate: Inflate
    let inflateEnd: InflateEnd
    let inflateReset: InflateEnd
    let version: UnsafePointer<CChar>

    /// The first zlib that loads, or nil.
    static let shared: ZLibrary? = candidateNames.lazy.compactMap(ZLibrary.init(path:)).first

    private init?(path: String) {
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else { return nil }
        guard let initialize = dlsym(handle, "inflateInit2_"), let inflate = dlsym(handle, "inflate"),
              let end = dlsym(handle, "inflateEnd"), let reset = dlsym(handle, "inflateReset"),
              let version = dlsym(handle, "zlibVersion") else {
            dlclose(handle)
            return nil
        }
        inflateInit2 = unsafeBitCast(initialize, to: InflateInit2.self)
        self.inflate = unsafeBitCast(inflate, to: Inflate.self)
        inflateEnd = unsafeBitCast(end, to: InflateEnd.self)
        inflateReset = unsafeBitCast(reset, to: InflateEnd.self)
        self.version = unsafeBitCast(version, to: Version.self)()
    }
}
