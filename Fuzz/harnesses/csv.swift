import Descent

/// CSV text → `CSVTable` → `Dataset.csv` with the first column as the label.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = bytes(data, size)
    let kinds = LabelKind.allCases
    parsing {
        let table = try CSVTable(parsing: input, path: "fuzz.csv")
        _ = try Dataset.csv(table, label: table.header.first ?? "", labelKind: kinds[size % kinds.count])
    }
    return 0
}
