/// Philox 4×32-10, the counter-based generator of Salmon et al. (2011, "Parallel random numbers:
/// as easy as 1, 2, 3"), used by every random draw in Descent: initialization, shuffling,
/// dropout masks and augmentation.
///
/// The stream is a pure function of `(seed, counter)`: block `c` is `philox(key: seed, counter: c)`,
/// four 32-bit words each. Saving `(seed, blocksConsumed, word)` therefore restores the stream
/// exactly, and the same seed gives the same numbers on any machine and any thread count.
///
///     uniform  u = (x >> 8) · 2⁻²⁴ ∈ [0, 1)
///     normal   z = √(−2 ln(1 − u₁)) · cos(2π u₂)   (Box–Muller, one value per pair)
public final class RandomGenerator {
    /// The 64-bit key the stream was seeded with.
    public private(set) var seed: UInt64
    /// Index of the next 128-bit block to generate.
    public private(set) var blockCounter: UInt64 = 0
    private var buffer: (UInt32, UInt32, UInt32, UInt32) = (0, 0, 0, 0)
    /// Position of the next unused word of `buffer`; 4 means "empty".
    private var wordIndex = 4

    /// The generator used when an API is not given one; `seed(_:)` resets it, like `torch.manual_seed`.
    public nonisolated(unsafe) static var `default` = RandomGenerator(seed: 0)

    public init(seed: UInt64) { self.seed = seed }

    /// Resets the default generator to `seed`.
    public static func seedDefault(_ seed: UInt64) { `default` = RandomGenerator(seed: seed) }

    /// A snapshot that `init(state:)` turns back into an identical stream.
    public var state: RandomState {
        RandomState(seed: seed, blockCounter: blockCounter, wordIndex: wordIndex)
    }

    public init(state: RandomState) {
        seed = state.seed
        wordIndex = 4
        if state.wordIndex < 4 && state.blockCounter > 0 {
            blockCounter = state.blockCounter - 1
            refill()
            wordIndex = state.wordIndex
        } else {
            blockCounter = state.blockCounter
        }
    }

    /// A child generator with an independent stream (a fresh key derived from this one).
    public func split() -> RandomGenerator {
        RandomGenerator(seed: UInt64(next()) << 32 | UInt64(next()))
    }

    /// The next 32 random bits.
    public func next() -> UInt32 {
        if wordIndex == 4 { refill() }
        defer { wordIndex += 1 }
        switch wordIndex {
        case 0: return buffer.0
        case 1: return buffer.1
        case 2: return buffer.2
        default: return buffer.3
        }
    }

    /// Uniform in [0, 1) with 24 random bits (every Float in the grid k·2⁻²⁴ equally likely).
    public func nextUniform() -> Float { Float(next() >> 8) * 0x1p-24 }

    /// Fills `buffer` with `nextUniform()` values: the same numbers, in the same order, as that
    /// many calls, leaving the stream at the same place. Whole Philox blocks are generated
    /// without the per-word bookkeeping, and, since block c depends on c alone, split over the
    /// thread pool in ranges of at least `parallelBlocks` blocks (the numbers do not depend on
    /// the split).
    public func fillUniform(_ buffer: UnsafeMutableBufferPointer<Float>) {
        var i = 0
        while i < buffer.count && wordIndex < 4 {
            buffer[i] = nextUniform()
            i += 1
        }
        let key = (UInt32(truncatingIfNeeded: seed), UInt32(truncatingIfNeeded: seed >> 32))
        let blocks = (buffer.count - i) / 4
        if blocks > 0, let start = buffer.baseAddress.map({ $0 + i }) {
            let firstCounter = blockCounter
            ThreadPool.parallelChunks(blocks, grain: Self.parallelBlocks) { range in
                Self.fillUniformBlocks(start + 4 * range.lowerBound, counters: firstCounter &+ UInt64(range.lowerBound), count: range.count, key: key)
            }
            blockCounter = firstCounter &+ UInt64(blocks)
            i += 4 * blocks
        }
        while i < buffer.count {
            buffer[i] = nextUniform()
            i += 1
        }
    }

    /// Uniform in [low, high).
    public func nextUniform(_ low: Float, _ high: Float) -> Float { low + (high - low) * nextUniform() }

    /// Standard normal by Box–Muller.
    public func nextNormal() -> Float {
        let u1 = 1 - Double(nextUniform())  // (0, 1]: the log is finite
        let u2 = Double(nextUniform())
        return Float((-2 * _log(u1)).squareRoot() * _cos(2 * Double.pi * u2))
    }

    /// Uniform integer in 0..<bound (Lemire's multiply-shift with rejection, unbiased).
    public func nextInt(below bound: Int) -> Int {
        precondition(bound > 0 && bound <= Int(UInt32.max), "nextInt(below:): bound must be in 1...2³²−1, got \(bound)")
        let b = UInt64(bound)
        let threshold = UInt32(truncatingIfNeeded: ((1 << 32) - b) % b)  // 2³² mod b
        while true {
            let product = UInt64(next()) * b
            if UInt32(truncatingIfNeeded: product) >= threshold { return Int(product >> 32) }
        }
    }

    /// Fisher–Yates shuffle of 0..<count.
    public func permutation(_ count: Int) -> [Int] {
        var indices = Array(0..<count)
        if count > 1 {
            for i in stride(from: count - 1, to: 0, by: -1) {
                indices.swapAt(i, nextInt(below: i + 1))
            }
        }
        return indices
    }

    /// Blocks per thread, at least, in `fillUniform` (about 40 µs of Philox rounds each).
    static let parallelBlocks = 4096

    /// Writes the uniforms of `count` blocks from counter `counters` on: 4·count floats.
    private static func fillUniformBlocks(_ out: UnsafeMutablePointer<Float>, counters: UInt64, count: Int, key: (UInt32, UInt32)) {
        var counter = counters
        for b in 0..<count {
            let block = philox4x32(counter: (UInt32(truncatingIfNeeded: counter), UInt32(truncatingIfNeeded: counter >> 32), 0, 0), key: key)
            out[4 * b] = Float(block.0 >> 8) * 0x1p-24
            out[4 * b + 1] = Float(block.1 >> 8) * 0x1p-24
            out[4 * b + 2] = Float(block.2 >> 8) * 0x1p-24
            out[4 * b + 3] = Float(block.3 >> 8) * 0x1p-24
            counter &+= 1
        }
    }

    private func refill() {
        let counter = (UInt32(truncatingIfNeeded: blockCounter), UInt32(truncatingIfNeeded: blockCounter >> 32), UInt32(0), UInt32(0))
        buffer = philox4x32(counter: counter, key: (UInt32(truncatingIfNeeded: seed), UInt32(truncatingIfNeeded: seed >> 32)))
        blockCounter &+= 1
        wordIndex = 0
    }
}

/// The complete position of a `RandomGenerator` stream.
public struct RandomState: Codable, Equatable, Sendable {
    public var seed: UInt64
    public var blockCounter: UInt64
    public var wordIndex: Int
}

/// One Philox 4×32 block: ten rounds of multiply-xor with a Weyl-sequence key schedule.
public func philox4x32(counter: (UInt32, UInt32, UInt32, UInt32), key: (UInt32, UInt32))
    -> (UInt32, UInt32, UInt32, UInt32)
{
    let m0: UInt64 = 0xD251_1F53, m1: UInt64 = 0xCD9E_8D57
    let w0: UInt32 = 0x9E37_79B9, w1: UInt32 = 0xBB67_AE85
    var c = counter
    var k = key
    for round in 0..<10 {
        if round > 0 { k.0 &+= w0; k.1 &+= w1 }
        let p0 = m0 &* UInt64(c.0), p1 = m1 &* UInt64(c.2)
        let hi0 = UInt32(truncatingIfNeeded: p0 >> 32), lo0 = UInt32(truncatingIfNeeded: p0)
        let hi1 = UInt32(truncatingIfNeeded: p1 >> 32), lo1 = UInt32(truncatingIfNeeded: p1)
        c = (hi1 ^ c.1 ^ k.0, lo1, hi0 ^ c.3 ^ k.1, lo0)
    }
    return c
}

@inline(__always) func _log(_ x: Double) -> Double { Foundation_log(x) }
@inline(__always) func _cos(_ x: Double) -> Double { Foundation_cos(x) }
