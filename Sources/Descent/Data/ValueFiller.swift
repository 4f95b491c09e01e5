/// Converts the data bytes of an array file into Float values as they arrive in pieces of any
/// size: whole elements straight from each piece, an element split between pieces through a
/// few carried bytes. Bytes beyond the last element are only counted.
struct ValueFiller {
    let layout: ArrayLayout
    /// Data bytes seen so far.
    private(set) var found = 0
    /// Elements written so far.
    private(set) var filled = 0
    /// The first bytes of an element the next piece completes.
    private var carry: [UInt8] = []

    init(layout: ArrayLayout) { self.layout = layout }

    /// Converts the elements in `piece` into `out`, after those written before.
    mutating func feed(_ piece: UnsafeRawBufferPointer, into out: UnsafeMutableBufferPointer<Float>) {
        found += piece.count
        guard filled < layout.count, let start = piece.baseAddress, let base = out.baseAddress else { return }
        let size = layout.elementSize
        var offset = 0
        if !carry.isEmpty {
            offset = min(size - carry.count, piece.count)
            carry.append(contentsOf: UnsafeRawBufferPointer(rebasing: piece[0..<offset]))
            guard carry.count == size else { return }
            carry.withUnsafeBytes { layout.convert($0.baseAddress!, base + filled, 1) }
            filled += 1
            carry.removeAll(keepingCapacity: true)
        }
        let whole = min((piece.count - offset) / size, layout.count - filled)
        layout.convert(start + offset, base + filled, whole)
        filled += whole
        offset += whole * size
        if filled < layout.count { carry.append(contentsOf: UnsafeRawBufferPointer(rebasing: piece[offset...])) }
    }
}
