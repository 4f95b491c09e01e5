extension DataSummary {
    /// Summarizes a CSV table: every column as a feature or, with `label`, that column as
    /// classes and the others as features (through `Dataset.csv`). Throws a `DescentError`
    /// when a feature column holds text.
    public init(table: CSVTable, label: String?) throws {
        let dataType = "float32 (from text)"
        guard let label else {
            let x = try table.numericMatrix(columns: Array(table.header.indices))
            self.init(features: x, featureNames: table.header, dataType: dataType)
            return
        }
        let data = try Dataset.csv(table, label: label)
        self.init(features: data.features, featureNames: data.featureNames, dataType: dataType,
                  targets: data.targets, classNames: data.classNames)
    }

    /// Whether `DataSummary(array:path:)` reads `array` as labels: integers or Booleans along one axis.
    public static func readsAsLabels(_ array: ArrayFile) -> Bool {
        array.shape.count == 1 && (array.dataType.contains("int") || array.dataType == "bool")
    }

    /// Summarizes an IDX or NPY array. Labels (`readsAsLabels`) become one feature `label`
    /// with class counts for 0…max; any other array is samples along its first axis, each
    /// position a feature, named `(y,x)` when a sample has two or more axes. `path` names the
    /// file in a `DescentError.file` for labels outside 0…99999 or an array without samples.
    public init(array: ArrayFile, path: String) throws {
        if Self.readsAsLabels(array) {
            guard let largest = array.values.max(), array.values.allSatisfy({ $0 >= 0 }), largest < 100_000 else {
                throw DescentError.file(path: path, problem: "integer labels must lie in 0…99999")
            }
            let names = (0...Int(largest)).map(String.init)
            self.init(features: array.tensor.reshaped(to: [array.shape[0], 1]), featureNames: ["label"],
                      dataType: array.dataType, targets: array.tensor, classNames: names)
            return
        }
        guard let n = array.shape.first, n > 0 else {
            throw DescentError.file(path: path, problem: "the array has no samples (shape \(array.shape))")
        }
        let sampleShape = Array(array.shape.dropFirst())
        let x = array.tensor.reshaped(to: [n, sampleShape.reduce(1, *)])
        let names = sampleShape.count <= 1 ? nil : (0..<x.shape[1]).map { Self.positionName($0, in: sampleShape) }
        self.init(features: x, featureNames: names, dataType: array.dataType)
        shape = array.shape
    }

    /// "(y,x)" style index of a flat position in a sample of `shape`.
    static func positionName(_ index: Int, in shape: [Int]) -> String {
        var rest = index
        var parts: [Int] = []
        for extent in shape.reversed() {
            parts.append(rest % extent)
            rest /= extent
        }
        return "(" + parts.reversed().map(String.init).joined(separator: ",") + ")"
    }
}
