import Foundation

/// What `TrainingDiagnostics` writes to a run folder:
///
///     diagnostics.csv    one row per layer and epoch (`LayerDiagnostics.csvHeader`)
///     diagnostics.json   this structure: the same rows, the warnings, activation histograms
///
/// Both are replaced atomically after every epoch.
public struct DiagnosticsLog: Codable, Equatable, Sendable {
    public var layers: [LayerDiagnostics]
    public var warnings: [DiagnosticWarning]
    /// Warnings printed during training that no longer held at its end (an overfitting that
    /// reversed); nil in files written before they were kept.
    public var withdrawnWarnings: [DiagnosticWarning]?
    /// Activation histograms on the probe after the first epoch and after the latest one.
    public var firstHistograms: [ActivationHistogram]
    public var latestHistograms: [ActivationHistogram]

    public static let csvName = "diagnostics.csv"
    public static let jsonName = "diagnostics.json"

    public init(layers: [LayerDiagnostics], warnings: [DiagnosticWarning], withdrawnWarnings: [DiagnosticWarning] = [],
                firstHistograms: [ActivationHistogram], latestHistograms: [ActivationHistogram]) {
        self.layers = layers
        self.warnings = warnings
        self.withdrawnWarnings = withdrawnWarnings
        self.firstHistograms = firstHistograms
        self.latestHistograms = latestHistograms
    }

    /// Writes both files into `folder`; throws `DescentError.file`.
    public func write(to folder: URL) throws {
        let csv = ([LayerDiagnostics.csvHeader] + layers.map(\.csvRow)).joined(separator: "\n") + "\n"
        try AtomicFile.write(csv, to: folder.appendingPathComponent(Self.csvName))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        try AtomicFile.write(try encoder.encode(self), to: folder.appendingPathComponent(Self.jsonName))
    }

    /// Reads `diagnostics.json` from a run folder; nil when the run has none.
    public static func read(from folder: URL) throws -> DiagnosticsLog? {
        let url = folder.appendingPathComponent(jsonName)
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            return try decoder.decode(DiagnosticsLog.self, from: data)
        } catch {
            throw DescentError.file(path: url.path, problem: "not a diagnostics log (\(error.localizedDescription))")
        }
    }
}
