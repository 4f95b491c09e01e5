import Descent

/// NPY bytes after the magic `\x93NUMPY` (the harness puts it in front, so that every input
/// reaches the NPY parser) → `ArrayFile` → tensor and image dataset.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59] + bytes(data, size)
    parsing { try useArray(ArrayFile(parsing: input, path: "fuzz.npy")) }
    return 0
}
