/// How `SwiftGEMM` splits one packed depth block among threads: row blocks of at most
/// `kernel.maximumRowBlock` rows, a multiple of the tile height, and, when there are fewer row
/// blocks than threads, groups of column panels as well.
///
/// With several threads there are at least `tasksPerThread` row blocks per thread where the
/// rows allow it, of equal size up to the last (512 rows, 12-row tiles, 2 threads ⇒ 7 blocks
/// of 72 rows and one of 8, not 240 + 240 + 32). The split only decides who computes a tile,
/// never how: results do not depend on it.
struct WorkSplit {
    /// Row blocks per thread, at least: the cores are often shared, and `parallelFor` hands
    /// blocks to whichever thread is free, so a thread that lost its core holds up less.
    static let tasksPerThread = 4

    let rowsPerBlock: Int
    let rowBlocks: Int
    let columnGroups: Int
    let panelsPerGroup: Int
    let panels: Int

    var tasks: Int { rowBlocks * columnGroups }

    init(m: Int, panels: Int, kernel: GEMMKernel, threads: Int) {
        let mr = kernel.rows
        let rowPanels = (m + mr - 1) / mr
        let maximumPanels = max(1, kernel.maximumRowBlock / mr)
        let fitting = (rowPanels + threads * maximumPanels - 1) / (threads * maximumPanels)
        let rounds = threads > 1 ? max(Self.tasksPerThread, fitting) : fitting
        let wanted = min(rowPanels, threads * rounds)
        let panelsPerBlock = (rowPanels + wanted - 1) / wanted
        rowsPerBlock = panelsPerBlock * mr
        rowBlocks = (rowPanels + panelsPerBlock - 1) / panelsPerBlock
        columnGroups = rowBlocks >= threads ? 1 : max(1, min(panels, threads / rowBlocks))
        panelsPerGroup = (panels + columnGroups - 1) / columnGroups
        self.panels = panels
    }

    /// The rows of op(A) and the column panels of packed B that task `index` computes.
    func task(_ index: Int, m: Int) -> (rows: Range<Int>, panels: Range<Int>) {
        let block = index / columnGroups, group = index % columnGroups
        let rows = block * rowsPerBlock..<min(m, (block + 1) * rowsPerBlock)
        let firstPanel = group * panelsPerGroup
        return (rows, min(panels, firstPanel)..<min(panels, firstPanel + panelsPerGroup))
    }
}
