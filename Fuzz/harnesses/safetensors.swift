import Descent
import Foundation

/// safetensors bytes → `SafeTensors`; what reads must also write and read back the same names
/// and shapes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Data(bytes: data, count: size)
    parsing {
        let file = try SafeTensors(data: input, source: "fuzz.safetensors")
        let again = try SafeTensors(data: file.encoded(), source: "fuzz.safetensors (written back)")
        precondition(again.tensors.mapValues(\.shape) == file.tensors.mapValues(\.shape) && again.metadata == file.metadata,
                     "a file read from fuzzed bytes did not survive writing and reading back")
    }
    return 0
}
