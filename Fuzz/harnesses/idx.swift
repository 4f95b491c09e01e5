import Descent

/// IDX bytes (gzipped or not) → `ArrayFile` → tensor and image dataset.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = bytes(data, size)
    parsing { try useArray(ArrayFile(parsing: input, path: "fuzz.idx")) }
    return 0
}
