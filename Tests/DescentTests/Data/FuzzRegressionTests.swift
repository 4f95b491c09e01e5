import Descent
import Foundation
import Testing

/// Inputs that the fuzz harnesses (`Fuzz/run.sh`) found to crash a parser, each minimized. Every
/// one must now throw a `DescentError` that names the source and the fault.
@Suite("Fuzz regressions: bad input throws, never traps")
struct FuzzRegressionTests {
    /// Expects `parse` to throw a `DescentError` whose message contains `fragment`.
    func expectError(_ fragment: String, sourceLocation: SourceLocation = #_sourceLocation, _ parse: () throws -> Void) {
        do {
            try parse()
            Issue.record("expected an error containing '\(fragment)', parsed without one", sourceLocation: sourceLocation)
        } catch let error as DescentError {
            #expect(error.description.contains(fragment), "\(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("expected a DescentError, got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
        }
    }

    /// A safetensors file: the length, the JSON header, then `data`.
    func safetensors(_ header: String, data: [UInt8] = []) -> Data {
        let json = Array(header.utf8)
        return Data(withUnsafeBytes(of: UInt64(json.count).littleEndian, Array.init) + json + data)
    }

    @Test func safetensorsShapeWhoseByteCountOverflows() {
        let file = safetensors(#"{"a":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,0]}}"#)
        expectError("fuzz.safetensors: corrupted header: tensor 'a' has shape [4611686018427387904, 4], more elements than memory can hold") {
            _ = try SafeTensors(data: file, source: "fuzz.safetensors")
        }
    }

    @Test func idxEmptyArrayWhoseStridesOverflow() {
        // [0, 2³²−1, 2³²−1, 2³²−1] holds no element, but its strides overflow (it trapped in
        // Dataset.images' permutation to channels-last).
        let file: [UInt8] = [0, 0, 0x08, 4, 0, 0, 0, 0] + [UInt8](repeating: 0xFF, count: 12)
        expectError("fuzz.idx: IDX shape [0, 4294967295, 4294967295, 4294967295] is too large") {
            _ = try ArrayFile(parsing: file, path: "fuzz.idx")
        }
    }

    @Test func npyEmptyArrayWhoseStridesOverflow() {
        let header = "{'descr': '<f4', 'fortran_order': False, 'shape': (0, 4294967296, 4294967296), }\n"
        let file = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, UInt8(header.utf8.count), 0] + Array(header.utf8)
        expectError("fuzz.npy: NPY shape [0, 4294967296, 4294967296] is too large") {
            _ = try ArrayFile(parsing: file, path: "fuzz.npy")
        }
    }

    @Test func yamlBaseSixtyIntegerThatOverflows() throws {
        // YAML 1.1 reads 1:30 as 90; Yams computes a long one without overflow checks.
        expectError("epochs") {
            _ = try Experiment(node: ConfigNode.parse("epochs: 1:0:0:0:0:0:0:0:0:0:0:0\nmodel: [{type: dense, units: 1}]", file: "fuzz.yaml"), file: "fuzz.yaml")
        }
        let node = try ConfigNode.parse("a: 1:30\nb: -2:00:01", file: "fuzz.yaml")
        guard case .object(let pairs) = node.value, case .int(90) = pairs[0].value.value, case .int(-7201) = pairs[1].value.value else {
            Issue.record("expected a: 90, b: -7201, got \(node.value)")
            return
        }
    }

    @Test func architectureWithAnEmptyInputAxis() {
        // input_shape [4, 4, 0] reached Conv2D's precondition on its input channels.
        let json = #"{"input_shape":[4,4,0],"layers":[{"type":"conv2d","filters":2,"kernel_size":3,"padding":"same"}]}"#
        expectError("architecture.json:1: input_shape") {
            _ = try SavedModel.fromArchitecture(ConfigNode.parse(json, file: "architecture.json"), file: "architecture.json")
        }
    }
}
