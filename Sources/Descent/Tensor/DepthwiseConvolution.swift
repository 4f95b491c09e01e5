import DescentKernels

/// A depthwise convolution computed directly: groups = C_in = C_out (channel multiplier 1),
/// each channel convolved with its own kh×kw kernel, as in MobileNet's 3×3 layers.
///
///     y[n,i,j,c] = b[c] + Σ_{u,v} x[n, i·s_h − p_top + u·d_h, j·s_w − p_left + v·d_w, c] · w[u,v,0,c]
///
/// im2col and a GEMM per group would run C products of depth kh·kw and width 1, all overhead.
/// Here each term is one lane of a vector over 16 channels, contiguous in the NHWC data and in
/// the HWIO kernel [kh, kw, 1, C]; threads take rows of the result. The backward pass:
///
///     ∂L/∂x[n,y,x,c] = Σ_{(u,i): i·s_h − p_top + u·d_h = y} Σ_{(v,j): j·s_w − p_left + v·d_w = x} G[n,i,j,c]·w[u,v,0,c]
///     ∂L/∂w[u,v,0,c] = Σ_{n,i,j} G[n,i,j,c] · x[n, i·s_h − p_top + u·d_h, j·s_w − p_left + v·d_w, c]
///     ∂L/∂b[c]       = Σ_{n,i,j} G[n,i,j,c]
///
/// ∂L/∂x is the forward gather with the window turned around (a transposed convolution): the
/// same loop over `Taps` that list, for each input row and column, the output rows and columns
/// whose windows reach it, so each element of ∂L/∂x is written once, by one thread. ∂L/∂w is
/// summed over fixed chunks of output rows, the chunk sums added in order, and ∂L/∂b is
/// `ConvolutionPlan.outputGradient`'s chunked sum: no result depends on the thread count
/// (`DepthwiseConvolution+Backward`).
struct DepthwiseConvolution {
    let geometry: WindowGeometry
    let batch: Int, channels: Int

    /// The depthwise case of `plan`; nil when the plan is another grouping.
    init?(_ plan: ConvolutionPlan) {
        guard plan.groups == plan.inputChannels && plan.outputChannels == plan.inputChannels else { return nil }
        geometry = plan.geometry
        batch = plan.batch
        channels = plan.inputChannels
    }

    /// Scalars of one input sample, H·W·C, and of one output sample, H_out·W_out·C.
    var inputSample: Int { geometry.inputHeight * geometry.inputWidth * channels }
    var outputSample: Int { geometry.outputHeight * geometry.outputWidth * channels }

    /// For each output row, the kernel rows u whose input row lies inside the input.
    var rowTaps: Taps {
        let g = geometry
        return Taps(count: g.outputHeight, kernel: g.kernelHeight, weightStep: g.kernelWidth * channels,
                    sourceStep: g.inputWidth * channels) { i, u in
            let y = i * g.strideHeight - g.padTop + u * g.dilationHeight
            return y >= 0 && y < g.inputHeight ? y : nil
        }
    }

    /// For each output column, the kernel columns v whose input column lies inside the input.
    var columnTaps: Taps {
        let g = geometry
        return Taps(count: g.outputWidth, kernel: g.kernelWidth, weightStep: channels, sourceStep: channels) { j, v in
            let x = j * g.strideWidth - g.padLeft + v * g.dilationWidth
            return x >= 0 && x < g.inputWidth ? x : nil
        }
    }

    /// y = b + Σ taps (b = 0 without a bias), then max(·, 0) when `rectified`.
    func forward(_ input: [Float], _ kernel: [Float], bias: [Float]?, rectified: Bool, into out: UnsafeMutablePointer<Float>) {
        input.withUnsafeBufferPointer { x in
            kernel.withUnsafeBufferPointer { w in
                (bias ?? []).withUnsafeBufferPointer { b in
                    gather(x.baseAddress!, sourceSample: inputSample, rows: rowTaps, columns: columnTaps, kernel: w.baseAddress!,
                           bias: bias == nil ? nil : b.baseAddress, rectified: rectified, into: out)
                }
            }
        }
    }

    /// Row blocks per thread: a thread that lost its core (the cores are often shared) holds up less.
    static let tasksPerThread = 4

    /// out[n, p, q, :] = b + Σ_{row taps of p} Σ_{column taps of q} source[n, ·] ⊙ w[·], 16
    /// channels at a time, then max(·, 0) when `rectified`: the forward pass with the forward
    /// taps, ∂L/∂x with the turned-around ones. Each tap's terms are added in tap order
    /// (row-major over the window); blocks of result rows (n, p) run in parallel.
    func gather(_ source: UnsafePointer<Float>, sourceSample: Int, rows: Taps, columns: Taps, kernel w: UnsafePointer<Float>,
                bias: UnsafePointer<Float>?, rectified: Bool, into out: UnsafeMutablePointer<Float>) {
        let (c, width) = (channels, columns.count)
        let totalRows = batch * rows.count
        guard totalRows > 0, width > 0 else { return }
        let grain = Swift.max(1, LaneLoop.parallelThreshold / (width * c))
        let tasks = Swift.max(1, Swift.min(ThreadPool.threadCount * Self.tasksPerThread, totalRows / grain))
        let rowsPerTask = (totalRows + tasks - 1) / tasks
        let (sourceLanes, weightLanes, outLanes) = (LanePointer(source), LanePointer(w), LanePointer(out))
        let zero = Lanes(repeating: 0)
        rows.entries.withUnsafeBufferPointer { rowEntries in
            columns.entries.withUnsafeBufferPointer { columnEntries in
                ThreadPool.parallelFor((totalRows + rowsPerTask - 1) / rowsPerTask) { task in
                    // The window of one result element: (weight offset, source offset) of each tap.
                    withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * rows.kernel * columns.kernel) { buffer in
                        let window = buffer.baseAddress!
                        for r in (task &* rowsPerTask)..<Swift.min(totalRows, (task &+ 1) &* rowsPerTask) {
                            let (n, p) = r.quotientAndRemainder(dividingBy: rows.count)
                            let rowTaps = rowEntries.baseAddress! + p &* rows.stride
                            let sampleOffset = n &* sourceSample
                            for q in 0..<width {
                                let columnTaps = columnEntries.baseAddress! + q &* columns.stride
                                var taps = 0
                                for a in 0..<rowTaps[0] {
                                    for b in 0..<columnTaps[0] {
                                        window[2 &* taps] = rowTaps[1 &+ 2 &* a] &+ columnTaps[1 &+ 2 &* b]
                                        window[2 &* taps &+ 1] = sampleOffset &+ rowTaps[2 &+ 2 &* a] &+ columnTaps[2 &+ 2 &* b]
                                        taps &+= 1
                                    }
                                }
                                let result = (r &* width &+ q) &* c
                                for channel in stride(from: 0, to: c, by: Lanes.scalarCount) {
                                    let lanes = Swift.min(Lanes.scalarCount, c &- channel)
                                    var sum = bias.map { LanePointer($0)[channel, lanes] } ?? zero
                                    for t in 0..<taps {
                                        sum += sourceLanes[window[2 &* t &+ 1] &+ channel, lanes] * weightLanes[window[2 &* t] &+ channel, lanes]
                                    }
                                    outLanes[result &+ channel, lanes] = rectified ? zero.replacing(with: sum, where: sum .> 0) : sum
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

extension DepthwiseConvolution {
    /// For each position along one axis of a result, the kernel taps that reach it: their number,
    /// then the (weight offset, source offset) of each, in scalars; `stride` = 1 + 2k integers per
    /// position, k the kernel's extent along the axis (no position has more taps).
    struct Taps {
        let count: Int
        let kernel: Int
        let entries: [Int]

        var stride: Int { 1 + 2 * kernel }

        /// The taps u in 0..<kernel for which `source(position, u)` names a source position s, in
        /// order of u, stored as (u·weightStep, s·sourceStep).
        init(count: Int, kernel: Int, weightStep: Int, sourceStep: Int, source: (_ position: Int, _ u: Int) -> Int?) {
            let stride = 1 + 2 * kernel
            var entries = [Int](repeating: 0, count: count * stride)
            for p in 0..<count {
                var taps = 0
                for u in 0..<kernel {
                    guard let s = source(p, u) else { continue }
                    entries[p * stride + 1 + 2 * taps] = u * weightStep
                    entries[p * stride + 2 + 2 * taps] = s * sourceStep
                    taps += 1
                }
                entries[p * stride] = taps
            }
            self.count = count
            self.kernel = kernel
            self.entries = entries
        }
    }
}

extension Tensor {
    /// `convolved2D` by `DepthwiseConvolution`, same contract (fused ReLU included).
    func depthwiseConvolution(_ plan: ConvolutionPlan, kernel: Tensor, bias: Tensor?, rectified: Bool) -> Tensor {
        guard let depthwise = DepthwiseConvolution(plan) else {
            preconditionFailure("convolved2D: the depthwise lowering needs groups = input channels = output channels")
        }
        let input = self, g = plan.geometry
        let value = Tensor.make(shape: [plan.batch, g.outputHeight, g.outputWidth, plan.outputChannels]) { out in
            if let base = out.baseAddress { depthwise.forward(input.scalars, kernel.scalars, bias: bias?.scalars, rectified: rectified, into: base) }
        }
        return Tensor.record(value, inputs: bias.map { [input, kernel, $0] } ?? [input, kernel]) { g in
            let (dz, db) = plan.outputGradient(g.scalars, rectifiedOutput: rectified ? value.scalars : nil,
                                               summingBias: bias?.isTracked ?? false)
            let kernelGradient = kernel.isTracked ? Tensor(shape: kernel.shape, scalars: depthwise.kernelGradient(input.scalars, dz)) : nil
            let inputGradient = input.isTracked ? Tensor(shape: input.shape, scalars: depthwise.inputGradient(dz, kernel.scalars)) : nil
            guard bias != nil else { return [inputGradient, kernelGradient] }
            return [inputGradient, kernelGradient, db.map { Tensor(shape: [plan.outputChannels], scalars: $0) }]
        }
    }
}
