import Foundation

/// A table of numbers by column, read from a CSV file such as a run's `history.csv`
/// (`epoch,loss,accuracy,val_loss,…`). Empty or non-numeric cells are nil.
public struct MetricTable: Equatable {
    public var columns: [String]
    public var rows: [[Double?]]

    public init(columns: [String], rows: [[Double?]]) {
        self.columns = columns
        self.rows = rows
    }

    /// Parses CSV text with a header line; throws `MetricTable.Malformed` naming the line.
    public init(csv: String) throws {
        let lines = csv.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }
        guard let header = lines.first else { throw Malformed(problem: "the file is empty") }
        columns = header.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        rows = []
        for (number, line) in lines.dropFirst().enumerated() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            guard cells.count == columns.count else {
                throw Malformed(problem: "line \(number + 2) has \(cells.count) cells, the header has \(columns.count)")
            }
            rows.append(cells.map { Double($0.trimmingCharacters(in: .whitespaces)) })
        }
    }

    /// A parse error.
    public struct Malformed: Error, CustomStringConvertible {
        public var problem: String
        public var description: String { problem }
    }

    /// The values of a column (empty when there is no such column).
    public func values(_ column: String) -> [Double?] {
        guard let index = columns.firstIndex(of: column) else { return [] }
        return rows.map { $0[index] }
    }

    /// The `epoch` column, or 1, 2, 3, … when there is none.
    public var epochs: [Double] {
        let values = values("epoch")
        return values.isEmpty ? rows.indices.map { Double($0 + 1) } : values.enumerated().map { $0.element ?? Double($0.offset + 1) }
    }

    /// (epoch, value) pairs of a column, skipping empty cells.
    public func points(_ column: String) -> [(x: Double, y: Double)] {
        zip(epochs, values(column)).compactMap { epoch, value in value.map { (epoch, $0) } }
    }
}
