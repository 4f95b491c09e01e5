/// A grid of small images in an SVG: one row per entry, each with a label at its left, every
/// image embedded as a PNG and drawn `scale`× with square pixels.
///
/// ```swift
/// var grid = ImageGrid(height: 28, width: 28, channels: 1)
/// grid.addRow("original", images: [pixels0, pixels1])   // values in [0, 1], HWC order
/// let svg = grid.svg()
/// ```
public struct ImageGrid {
    public let height: Int
    public let width: Int
    /// 1 (gray) or 3 (RGB).
    public let channels: Int
    public var scale: Int
    public private(set) var rows: [(label: String, images: [[Float]])] = []

    public init(height: Int, width: Int, channels: Int, scale: Int = 3) {
        precondition([1, 3].contains(channels), "ImageGrid: 1 or 3 channels, got \(channels)")
        (self.height, self.width, self.channels, self.scale) = (height, width, channels, scale)
    }

    /// A row of images, each `height·width·channels` values in [0, 1] (clamped) in HWC order.
    public mutating func addRow(_ label: String, images: [[Float]]) {
        precondition(images.allSatisfy { $0.count == height * width * channels }, "ImageGrid: every image needs \(height * width * channels) values")
        rows.append((label, images))
    }

    public func svg() -> String {
        let (cellWidth, cellHeight, gap, labelWidth) = (width * scale, height * scale, 4, 110)
        let columns = rows.map(\.images.count).max() ?? 0
        var document = SVGDocument(width: labelWidth + columns * (cellWidth + gap), height: max(1, rows.count) * (cellHeight + gap) + gap)
        for (r, row) in rows.enumerated() {
            let top = gap + r * (cellHeight + gap)
            document.text(row.label, x: Double(labelWidth - 8), y: Double(top + cellHeight / 2 + 4), size: 11, anchor: "end")
            for (c, image) in row.images.enumerated() {
                let bytes = image.map { UInt8(($0.isFinite ? Swift.min(Swift.max($0, 0), 1) : 0) * 255 + 0.5) }
                let png = PNGImage(width: width, height: height, channels: channels, pixels: bytes)
                document.add("<image x=\"\(labelWidth + c * (cellWidth + gap))\" y=\"\(top)\" width=\"\(cellWidth)\" height=\"\(cellHeight)\" style=\"image-rendering: pixelated\" href=\"\(png.dataURI)\"/>")
            }
        }
        return document.render()
    }
}
