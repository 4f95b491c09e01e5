import Descent

/// A saved model's `architecture.json` → `ConfigNode` → `SavedModel.fromArchitecture` (the
/// model is built, with fresh weights).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: bytes(data, size), as: UTF8.self)
    parsing { _ = try SavedModel.fromArchitecture(ConfigNode.parse(text, file: "architecture.json"), file: "architecture.json") }
    return 0
}
