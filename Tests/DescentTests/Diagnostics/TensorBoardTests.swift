@testable import Descent
import Foundation
import Testing

/// Reference bytes were computed with TensorBoard 2.21.0 and protobuf 7.36.2 (Python 3.11):
///
///     from tensorboard.compat.proto import event_pb2, summary_pb2
///     from tensorboard.summary.writer.record_writer import RecordWriter
///     from tensorboard.compat.tensorflow_stub.pywrap_tensorflow import masked_crc32c, crc32c
///     e = event_pb2.Event(wall_time=1.5, step=3); e.summary.value.add(tag="loss", simple_value=0.25)
///     e.SerializeToString(); buf = io.BytesIO(); RecordWriter(buf).write(e.SerializeToString())
@Suite struct TensorBoardTests {
    static let scalarEvent: [UInt8] = [
        0x09, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF8, 0x3F,  // wall_time = 1.5 (field 1, fixed64)
        0x10, 0x03,                                            // step = 3 (field 2, varint)
        0x2A, 0x0D,                                            // summary (field 5), 13 bytes
        0x0A, 0x0B,                                            //   value (field 1), 11 bytes
        0x0A, 0x04, 0x6C, 0x6F, 0x73, 0x73,                    //     tag = "loss"
        0x15, 0x00, 0x00, 0x80, 0x3E,                          //     simple_value = 0.25 (field 2, fixed32)
    ]

    @Test func crc32cMatchesTheCheckValueAndTensorFlowsMask() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.masked(Array("123456789".utf8)) == 0xC78A_B0E5)
    }

    @Test func scalarEventEncodesLikeTheReferenceProtobuf() {
        let event = TensorBoardEvent(wallTime: 1.5, step: 3, values: [("loss", .scalar(0.25))])
        #expect(event.encoded() == Self.scalarEvent)
    }

    @Test func fileVersionEventEncodesLikeTheReferenceProtobuf() {
        let event = TensorBoardEvent(wallTime: 1_700_000_000, step: 0, fileVersion: "brain.Event:2")
        #expect(event.encoded() == [
            0x09, 0x00, 0x00, 0x00, 0x40, 0xFC, 0x54, 0xD9, 0x41,  // wall_time; step 0 is left out
            0x1A, 0x0D, 0x62, 0x72, 0x61, 0x69, 0x6E, 0x2E, 0x45, 0x76, 0x65, 0x6E, 0x74, 0x3A, 0x32,
        ])
    }

    /// Values [1, 2, 2, 3] in two buckets of width 1: (−∞, 2] holds 1, 2, 2 and (2, 3] holds 3.
    @Test func histogramEventEncodesLikeTheReferenceProtobuf() {
        let histogram = TensorBoardHistogram([1, 2, 2, 3], bucketCount: 2)
        #expect(histogram == TensorBoardHistogram(min: 1, max: 3, count: 4, sum: 8, sumOfSquares: 18,
                                                   bucketLimits: [2, 3], bucketCounts: [3, 1]))
        let event = TensorBoardEvent(wallTime: 2, step: 7, values: [("w", .histogram(histogram))])
        let double: (UInt8, UInt8) -> [UInt8] = { [0, 0, 0, 0, 0, 0, $0, $1] }
        let expected: [UInt8] = [0x09] + double(0x00, 0x40) + [0x10, 0x07, 0x2A, 0x58, 0x0A, 0x56, 0x0A, 0x01, 0x77, 0x2A, 0x51]
            + [0x09] + double(0xF0, 0x3F) + [0x11] + double(0x08, 0x40) + [0x19] + double(0x10, 0x40)  // min 1, max 3, num 4
            + [0x21] + double(0x20, 0x40) + [0x29] + double(0x32, 0x40)                               // sum 8, sum_squares 18
            + [0x32, 0x10] + double(0x00, 0x40) + double(0x08, 0x40)                                  // bucket_limit [2, 3], packed
            + [0x3A, 0x10] + double(0x08, 0x40) + double(0xF0, 0x3F)                                  // bucket [3, 1], packed
        #expect(event.encoded() == expected)
    }

    @Test func recordFramingMatchesTensorBoardsRecordWriter() {
        let framed = TFRecord.frame(Self.scalarEvent)
        #expect(Array(framed.prefix(12)) == [0x1A, 0, 0, 0, 0, 0, 0, 0, 0x12, 0x9B, 0xD8, 0x2D])  // length 26, masked CRC
        #expect(Array(framed.dropFirst(12).prefix(26)) == Self.scalarEvent)
        #expect(Array(framed.suffix(4)) == [0xD0, 0x54, 0xB2, 0x55])
    }

    @Test func writtenFileReadsBackWithChecksumsVerified() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tb-\(UUID().uuidString)")
        let writer = try EventFileWriter(folder: folder, clock: { 1_700_000_000 })
        writer.addScalar(0.5, tag: "loss", step: 1)
        writer.addScalar(-2.25, tag: "val_loss", step: 1)
        writer.addHistogram([0.1, -0.3, 0.7, 0.2], tag: "weights/0.weight", step: 1, bucketCount: 4)
        try writer.flush()
        #expect(EventFileReader.eventFiles(in: folder) == [writer.url])

        let events = try EventFileReader.events(at: writer.url)
        #expect(events.count == 4)
        #expect(events[0].fileVersion == "brain.Event:2")
        #expect(events[1] == TensorBoardEvent(wallTime: 1_700_000_000, step: 1, values: [("loss", .scalar(0.5))]))
        #expect(events[2].values.first?.value == .scalar(-2.25))
        guard case .histogram(let histogram)? = events[3].values.first?.value else {
            Issue.record("expected a histogram, got \(events[3])")
            return
        }
        #expect(histogram.count == 4 && histogram.bucketCounts.reduce(0, +) == 4)
        #expect(Float(histogram.min) == -0.3 && Float(histogram.max) == 0.7)
    }

    @Test func readerRejectsACorruptOrTruncatedFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tb-corrupt-\(UUID().uuidString)")
        var bytes = TFRecord.frame(Self.scalarEvent) + TFRecord.frame(Self.scalarEvent)
        bytes[12 + 40 + 20] ^= 0x01  // one bit of the second record's data
        try Data(bytes).write(to: url)
        let corrupt = #expect(throws: DescentError.self) { try EventFileReader.events(at: url) }
        #expect(corrupt?.description.contains("data checksum mismatch in record 2") == true, "\(String(describing: corrupt))")

        try Data(TFRecord.frame(Self.scalarEvent).dropLast(2)).write(to: url)
        let truncated = #expect(throws: DescentError.self) { try EventFileReader.events(at: url) }
        #expect(truncated?.description.contains("truncated record 1") == true, "\(String(describing: truncated))")
    }

    @Test func loggerWritesScalarsPerEpochAndWeightAndGradientHistograms() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tb-fit-\(UUID().uuidString)")
        let model = Sequential { Dense(inputSize: 2, outputSize: 3, activation: .tanh, generator: RandomGenerator(seed: 1)); Dense(inputSize: 3, outputSize: 1, generator: RandomGenerator(seed: 2)) }
        let trainer = Trainer(model: model, loss: MeanSquaredError(), optimizer: Optimizer(SGD(), parameters: model.parameters, learningRate: 0.1), metrics: [])
        let x = Tensor.randomNormal([12, 2], generator: RandomGenerator(seed: 3))
        let y = Tensor.randomNormal([12, 1], generator: RandomGenerator(seed: 4))
        let logger = try TensorBoardLogger(folder: folder)
        let history = try trainer.fit(x, y, epochs: 2, batchSize: 4, validationSplit: 0.25, verbosity: .silent, callbacks: [logger])

        let events = try EventFileReader.events(at: logger.writer.url)
        let scalars = events.flatMap { event in event.values.compactMap { value -> (Int64, String, Float)? in
            if case .scalar(let number) = value.value { return (event.step, value.tag, number) } else { return nil }
        } }
        #expect(scalars.filter { $0.1 == "loss" }.map(\.2) == history.values(.loss).map { Float($0!) })
        #expect(scalars.filter { $0.1 == "val_loss" }.map(\.0) == [1, 2])
        let histogramTags = Set(events.flatMap { event in event.values.compactMap { value -> String? in
            if case .histogram = value.value { return value.tag } else { return nil }
        } })
        #expect(histogramTags == Set(["0.weight", "0.bias", "1.weight", "1.bias"].flatMap { ["weights/\($0)", "gradients/\($0)"] }))
    }
}
