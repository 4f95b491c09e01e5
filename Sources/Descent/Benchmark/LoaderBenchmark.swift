import Foundation

/// The loader workloads of `descent bench`: a file of MNIST's shape, loaded again and again.
///
///     load-csv   `Dataset.csv(path, label: "label")` on 60,000 rows of `label` and 784 pixels
///                (about 110 MB of text): a label in 0..<10, each pixel 0 with probability 0.8,
///                else uniform in 0..<256 (MNIST's mix of one- to three-digit fields)
///     load-idx   `ArrayFile.read` on 60,000 × 28 × 28 uint8 pixels in IDX (47 MB)
///
/// The file is written (seeded) to a temporary folder unless one is given, then loaded once to
/// warm the page cache and `repeats` times more; the line reports the median load.
public enum LoaderBenchmark {
    public static let allNames = ["load-csv", "load-idx"]

    /// One `key=value` line: `workload=load-csv seconds=… mb_per_s=… rows_per_s=… peak_rss_mb=… file_mb=…`.
    /// `file` replaces the generated file (which must then have `rows` rows).
    public static func measure(_ name: String, repeats: Int, rows: Int = 60_000, file: String? = nil) throws -> String {
        guard allNames.contains(name) else {
            throw DescentError.invalidArgument(name: "workload", value: name, expected: allNames.joined(separator: ", "))
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("descent-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try file ?? (name == "load-csv" ? writeCSV(rows: rows, in: folder) : writeIDX(rows: rows, in: folder))
        let load: () throws -> Int = name == "load-csv"
            ? { try Dataset.csv(path, label: "label").features.shape[0] }
            : { try ArrayFile.read(path).shape[0] }
        _ = try load()
        var times: [Double] = []
        for _ in 0..<max(1, repeats) {
            let start = DispatchTime.now().uptimeNanoseconds
            let loaded = try load()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            guard loaded == rows else { throw DescentError.file(path: path, problem: "loaded \(loaded) rows, expected \(rows)") }
        }
        let median = times.sorted()[times.count / 2]
        let megabytes = Double((try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0) / 1e6
        return "workload=\(name) seconds=\(String(format: "%.3f", median)) mb_per_s=\(String(format: "%.0f", megabytes / median))"
            + " rows_per_s=\(Int((Double(rows) / median).rounded())) peak_rss_mb=\(String(format: "%.1f", ProcessMemory.peakResidentMegabytes()))"
            + " file_mb=\(String(format: "%.1f", megabytes))"
    }

    /// A pixel as MNIST spreads them: 0 four times in five, else uniform in 0..<256.
    private static func pixel(_ generator: RandomGenerator) -> Int {
        generator.nextUniform() < 0.8 ? 0 : generator.nextInt(below: 256)
    }

    /// Writes `label,1x1,…,28x28` and `rows` rows, 1,000 at a time.
    static func writeCSV(rows: Int, in folder: URL) throws -> String {
        let url = folder.appendingPathComponent("mnist_like.csv")
        let generator = RandomGenerator(seed: 42)
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw DescentError.file(path: url.path, problem: "cannot create the file")
        }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        let names = (1...28).flatMap { y in (1...28).map { x in "\(y)x\(x)" } }
        try handle.write(contentsOf: Data((["label"] + names).joined(separator: ",").utf8 + [10]))
        for start in stride(from: 0, to: rows, by: 1000) {
            var text = ""
            for _ in start..<min(rows, start + 1000) {
                text += String(generator.nextInt(below: 10))
                for _ in 0..<784 { text += "," + String(pixel(generator)) }
                text += "\n"
            }
            try handle.write(contentsOf: Data(text.utf8))
        }
        return url.path
    }

    /// Writes an IDX file of `rows` × 28 × 28 uint8 pixels.
    static func writeIDX(rows: Int, in folder: URL) throws -> String {
        let url = folder.appendingPathComponent("mnist_like-images-idx3-ubyte")
        let generator = RandomGenerator(seed: 42)
        var bytes: [UInt8] = [0, 0, 0x08, 3]
        for extent in [rows, 28, 28] { bytes += withUnsafeBytes(of: UInt32(extent).bigEndian, Array.init) }
        bytes.reserveCapacity(bytes.count + rows * 784)
        for _ in 0..<(rows * 784) { bytes.append(UInt8(pixel(generator))) }
        try Data(bytes).write(to: url)
        return url.path
    }
}
