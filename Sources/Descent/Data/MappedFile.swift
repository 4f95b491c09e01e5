#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file mapped read-only into memory (`mmap`), so that a loader reads the page cache in place
/// instead of copying the file into an array first.
///
/// Mapped pages count toward the resident memory of the process once touched; a loader that is
/// done with a part calls `release(_:)` (`madvise(MADV_DONTNEED)`): the pages leave the process
/// and stay in the page cache, so that reading a 110 MB CSV does not hold 110 MB beside its
/// numbers. The mapping ends when the object goes away.
final class MappedFile {
    /// The whole file; empty (with a nil base address) for an empty file.
    let bytes: UnsafeRawBufferPointer

    /// Maps the file at `path`, or throws `DescentError.file` saying why it cannot be read.
    init(path: String) throws {
        func fail(_ problem: String) -> DescentError { .file(path: path, problem: problem) }
        var status = stat()
        guard stat(path, &status) == 0 else { throw fail("no such file") }
        guard (status.st_mode & S_IFMT) != S_IFDIR else { throw fail("is a folder, not a file") }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw fail("cannot be read (check its permissions)") }
        defer { close(descriptor) }
        let size = Int(status.st_size)
        guard size > 0 else {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let start = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), start != MAP_FAILED else {
            throw fail("cannot be read (mmap failed: \(String(cString: strerror(errno))))")
        }
        bytes = UnsafeRawBufferPointer(start: start, count: size)
    }

    deinit {
        if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
    }

    /// Drops the whole pages inside `range` from this process's resident memory; reading them
    /// again faults them back in from the page cache.
    func release(_ range: Range<Int>) {
        guard let base = bytes.baseAddress else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let first = (range.lowerBound + page - 1) / page * page
        let last = range.upperBound == bytes.count ? range.upperBound : range.upperBound / page * page
        guard first < last else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: base + first), last - first, MADV_DONTNEED)
    }

    /// Asks the kernel for transparent huge pages (2 MiB) under a large buffer about to be
    /// filled, as NumPy does for its arrays: filling 188 MB of fresh 4 KiB pages costs more in
    /// page faults than the conversion itself. Only a hint; nothing happens elsewhere than Linux.
    static func preferHugePages<Element>(_ buffer: UnsafeMutableBufferPointer<Element>) {
        #if os(Linux)
        let huge = 2 << 20, bytes = buffer.count * MemoryLayout<Element>.stride
        guard bytes >= 4 * huge, let base = buffer.baseAddress else { return }
        let start = (Int(bitPattern: base) + huge - 1) / huge * huge
        let end = (Int(bitPattern: base) + bytes) / huge * huge
        if start < end { _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_HUGEPAGE) }
        #endif
    }
}
