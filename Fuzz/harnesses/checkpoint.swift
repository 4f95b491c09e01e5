import Descent
import Foundation

/// Checkpoint bytes (safetensors with a JSON `descent.state`) → `TrainingCheckpoint`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Data(bytes: data, count: size)
    parsing { _ = try TrainingCheckpoint(data: input, source: "fuzz.checkpoint") }
    return 0
}
