import Descent

/// Experiment text (YAML or JSON) → `ConfigNode` → `Experiment`, checked key by key.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: bytes(data, size), as: UTF8.self)
    parsing { _ = try Experiment(node: ConfigNode.parse(text, file: "fuzz.yaml"), file: "fuzz.yaml") }
    return 0
}
