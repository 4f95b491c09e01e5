extension NPYFormat {
    /// A NumPy dtype string such as `<f4`, `>i2` or `|u1`: byte order, kind, size.
    struct ElementType {
        let kind: Character
        let size: Int
        let bigEndian: Bool

        init?(_ descr: String) {
            let characters = Array(descr)
            guard characters.count >= 3, "<>|=".contains(characters[0]), let size = Int(String(characters[2...])) else { return nil }
            kind = characters[1]
            self.size = size
            bigEndian = characters[0] == ">"
            switch (kind, size) {
            case ("f", 4), ("f", 8), ("i", 1), ("i", 2), ("i", 4), ("i", 8), ("u", 1), ("u", 2), ("u", 4), ("u", 8), ("b", 1): break
            default: return nil
            }
        }

        /// NumPy's name, e.g. "float32".
        var name: String {
            switch kind {
            case "f": return "float\(size * 8)"
            case "i": return "int\(size * 8)"
            case "u": return "uint\(size * 8)"
            default: return "bool"
            }
        }

        /// Converts stored elements to Float.
        var converter: ArrayLayout.Converter {
            let big = bigEndian
            switch (kind, size) {
            case ("f", 4): return ArrayLayout.float32(bigEndian: big)
            case ("f", 8): return ArrayLayout.converter(UInt64.self, bigEndian: big) { Float(Double(bitPattern: $0)) }
            case ("i", 1): return ArrayLayout.converter(Int8.self, bigEndian: big) { Float($0) }
            case ("i", 2): return ArrayLayout.converter(Int16.self, bigEndian: big) { Float($0) }
            case ("i", 4): return ArrayLayout.converter(Int32.self, bigEndian: big) { Float($0) }
            case ("i", 8): return ArrayLayout.converter(Int64.self, bigEndian: big) { Float($0) }
            case ("u", 2): return ArrayLayout.converter(UInt16.self, bigEndian: big) { Float($0) }
            case ("u", 4): return ArrayLayout.converter(UInt32.self, bigEndian: big) { Float($0) }
            case ("u", 8): return ArrayLayout.converter(UInt64.self, bigEndian: big) { Float($0) }
            default: return ArrayLayout.unsignedBytes  // uint8 and bool
            }
        }
    }
}
