import Descent
import Foundation

/// Runs one parse of fuzzed input. A thrown `DescentError` is the expected outcome for bad
/// input; any other error escapes the parser's validation, so it stops the run like a crash
/// (libFuzzer then saves the input).
func parsing(_ body: () throws -> Void) {
    do { try body() } catch is DescentError {} catch {
        fatalError("not a DescentError: \(type(of: error)): \(error)")
    }
}

/// The input as an array of bytes.
func bytes(_ data: UnsafePointer<UInt8>, _ size: Int) -> [UInt8] {
    [UInt8](UnsafeBufferPointer(start: data, count: size))
}

/// What a caller does next with an array file: the tensor, and an image dataset whose labels
/// are the first values when the shape allows one.
func useArray(_ array: ArrayFile) throws {
    _ = array.tensor
    guard [3, 4].contains(array.shape.count), array.values.count >= array.shape[0] else { return }
    let labels = ArrayFile(shape: [array.shape[0]], dataType: "float32", format: "IDX", values: Array(array.values.prefix(array.shape[0])))
    _ = try Dataset.images(array, labels: labels, layout: array.shape.count == 4 && array.shape[1] <= 4 ? .channelsFirst : .channelsLast)
}
