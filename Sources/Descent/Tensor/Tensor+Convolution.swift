import DescentKernels

/// 2-D convolution (cross-correlation, as in every deep-learning library) by im2col and GEMM.
///
/// Layout: input NHWC [N, H, W, C_in], kernel HWIO [kh, kw, C_in/groups, C_out], bias [C_out],
/// output NHWC [N, H_out, W_out, C_out]. For output position (n, i, j) and channel o of group g:
///
///     y[n,i,j,o] = b[o] + Σ_{u,v,c} x[n, i·s_h − p_top + u·d_h, j·s_w − p_left + v·d_w, g·C_g + c] · w[u,v,c,o]
///
/// (zero outside the input). im2col writes one row per output position, the window's
/// kh·kw·C_g values in (u, v, c) order, so per group the convolution is one GEMM:
///
///     Y_g = X̂_g · W_g          X̂_g: [N·H_out·W_out, kh·kw·C_g]    W_g: [kh·kw·C_g, C_out/groups]
///
/// and the backward pass is two more, plus a scatter-add of the column gradient (col2im):
///
///     ∂L/∂W_g = X̂_gᵀ · G_g      ∂L/∂X̂_g = G_g · W_gᵀ      ∂L/∂b = Σ_rows G
///
/// Every pass runs a block of samples at a time (`ConvolutionPlan.sampleBlocks`, about 2 MiB of
/// columns): the block's X̂ is gathered into one reused buffer, multiplied and its output rows
/// finished (bias, ReLU) while in cache, and gathered again in the backward pass, so no column
/// matrix is kept from the forward pass to the backward one; ∂L/∂W adds the blocks' products in
/// order, and ∂L/∂X̂ is formed per block and scattered at once (`ConvolutionPlan.gradients`);
/// ∂L/∂b is summed in chunks of rows
/// (`ConvolutionPlan.outputGradient`). An untracked input (the data) gets no gradient: its
/// GEMM and col2im are skipped. A shallow window (one group, kh·kw·C_in ≤ 64, e.g. a first
/// layer on 1- or 3-channel images) skips the BLAS instead: its thin products run on the GEMM
/// micro-kernel over panels packed straight from the input (`ConvolutionPlan+Shallow`). A 3×3
/// window with stride 1, dilation 1 and one group that is not shallow runs by Winograd's
/// F(2×2, 3×3) instead, forward and both gradients, with 2.25× fewer multiplications, where that wins
/// (`WinogradConvolution.isWorthwhile`: a transformed kernel that stays in L2, tiles mostly
/// inside the output); ∂L/∂W by the same products run backwards, ∂L/∂b as above. A
/// depthwise convolution (groups = C_in = C_out > 1) needs no products at all: it runs directly,
/// vectorized over channels (`DepthwiseConvolution`).
///
/// PyTorch stores the kernel as OIHW [C_out, C_in/groups, kh, kw] and the data as NCHW; permute
/// the kernel with axes [2, 3, 1, 0] and the data with [0, 2, 3, 1] (see `ImageLayout`).
extension Tensor {
    /// The convolution of this NHWC batch with an HWIO `kernel`; see the extension's documentation.
    public func convolved2D(
        with kernel: Tensor, bias: Tensor? = nil, stride: (Int, Int) = (1, 1), padding: Padding = .valid,
        dilation: (Int, Int) = (1, 1), groups: Int = 1
    ) -> Tensor {
        convolved2D(with: kernel, bias: bias, stride: stride, padding: padding, dilation: dilation, groups: groups, rectified: false)
    }

    /// How `convolved2D` computes the convolution: im2col and the backend's GEMM, the shallow
    /// lowering with a given micro-kernel (`ConvolutionPlan+Shallow`), the direct depthwise
    /// loops (`DepthwiseConvolution`), or Winograd's F(2×2, 3×3) (`WinogradConvolution`).
    enum ConvolutionLowering: Equatable { case columns, shallow(GEMMKernel), depthwise, winograd }

    /// The convolution, followed by a ReLU when `rectified`, as one tape node (`Conv2D` with
    /// `.relu`): y = relu(z), z the convolution, ∂L/∂z = G ⊙ [y > 0] ([y > 0] = [z > 0]), and
    /// from ∂L/∂z the three gradients above. The bias is written into each block's output rows and
    /// the GEMM adds to them (β = 1); the ReLU runs in place on the block; the backward pass gates
    /// G and sums the bias gradient in one pass.
    func convolved2D(
        with kernel: Tensor, bias: Tensor?, stride: (Int, Int), padding: Padding, dilation: (Int, Int), groups: Int,
        rectified: Bool, lowering: ConvolutionLowering? = nil
    ) -> Tensor {
        let input = self
        precondition(input.rank == 4 && kernel.rank == 4, "convolved2D: needs an NHWC input and an HWIO kernel, got shapes \(input.shape) and \(kernel.shape)")
        let (kh, kw, cg, cout) = (kernel.shape[0], kernel.shape[1], kernel.shape[2], kernel.shape[3])
        let (n, cin) = (input.shape[0], input.shape[3])
        precondition(groups > 0 && cin == cg * groups && cout % groups == 0,
                     "convolved2D: input shape \(input.shape) and kernel shape \(kernel.shape) do not fit \(groups) group(s)")
        precondition(bias == nil || bias!.shape == [cout], "convolved2D: bias shape \(bias!.shape) is not [\(cout)]")
        validateWindow("convolved2D", kernel: (kh, kw), stride: stride, dilation: dilation, padding: padding)
        guard let geometry = WindowGeometry(height: input.shape[1], width: input.shape[2], kernel: (kh, kw), stride: stride,
                                            dilation: dilation, padding: padding) else {
            preconditionFailure("convolved2D: kernel shape \(kernel.shape) with padding \(padding) does not fit input shape \(input.shape)")
        }
        var plan = ConvolutionPlan(geometry: geometry, batch: n, inputChannels: cin, outputChannels: cout, groups: groups)
        let isDepthwise = groups > 1 && DepthwiseConvolution(plan) != nil
        let winograd = WinogradConvolution(plan)
        switch lowering ?? (isDepthwise ? .depthwise : plan.isShallow ? .shallow(.selected)
                             : winograd?.isWorthwhile == true ? .winograd : .columns) {
        case .depthwise:
            return input.depthwiseConvolution(plan, kernel: kernel, bias: bias, rectified: rectified)
        case .shallow(let microKernel):
            precondition(groups == 1 && plan.depth <= ConvolutionPlan.shallowDepthLimit,
                         "convolved2D: the shallow lowering needs one group and a window of at most \(ConvolutionPlan.shallowDepthLimit) values")
            plan.microKernel = microKernel
            return input.shallowConvolution(plan, kernel: kernel, bias: bias, rectified: rectified)
        case .winograd:
            guard let winograd else {
                preconditionFailure("convolved2D: Winograd's F(2×2, 3×3) needs a 3×3 kernel, stride 1, dilation 1, one group and AVX2")
            }
            return input.winogradConvolution(plan, winograd, kernel: kernel, bias: bias, rectified: rectified)
        case .columns:
            break
        }
        let value = Tensor.make(shape: [n, geometry.outputHeight, geometry.outputWidth, cout]) { out in
            plan.forward(input.scalars, kernel.scalars, bias: bias?.scalars, rectified: rectified, into: out.baseAddress!)
        }
        return Tensor.record(value, inputs: bias.map { [input, kernel, $0] } ?? [input, kernel]) { g in
            let (dz, db) = plan.outputGradient(g.scalars, rectifiedOutput: rectified ? value.scalars : nil,
                                               summingBias: bias?.isTracked ?? false)
            let gradients = plan.gradients(input.scalars, kernel.scalars, dz, kernelGradient: kernel.isTracked, inputGradient: input.isTracked)
            let kernelGradient = gradients.kernel.map { Tensor(shape: kernel.shape, scalars: $0) }
            let inputGradient = gradients.input.map { Tensor(shape: input.shape, scalars: $0) }
            guard bias != nil else { return [inputGradient, kernelGradient] }
            return [inputGradient, kernelGradient, db.map { Tensor(shape: [cout], scalars: $0) }]
        }
    }

    /// The convolution by `ConvolutionPlan`'s shallow lowering, same contract.
    private func shallowConvolution(_ plan: ConvolutionPlan, kernel: Tensor, bias: Tensor?, rectified: Bool) -> Tensor {
        let input = self, cout = plan.outputChannels
        let columns = plan.shallowColumns(input.scalars)
        let value = Tensor.make(shape: [plan.batch, plan.geometry.outputHeight, plan.geometry.outputWidth, cout]) { out in
            plan.multiplyShallow(columns, kernel.scalars, bias: bias?.scalars, rectified: rectified, into: out.baseAddress!)
        }
        return Tensor.record(value, inputs: bias.map { [input, kernel, $0] } ?? [input, kernel]) { g in
            let y = rectified ? value.scalars : nil
            let summingBias = bias?.isTracked ?? false
            var biasGradient: [Float]?, kernelGradient: Tensor?, inputGradient: Tensor?
            if kernel.isTracked {
                let gradients = plan.kernelGradientShallow(columns, g.scalars, rectifiedOutput: y, summingBias: summingBias)
                kernelGradient = Tensor(shape: kernel.shape, scalars: gradients.kernel)
                biasGradient = gradients.bias
            }
            if input.isTracked || (summingBias && !kernel.isTracked) {
                let (dz, db) = plan.outputGradient(g.scalars, rectifiedOutput: y, summingBias: summingBias && !kernel.isTracked)
                biasGradient = biasGradient ?? db
                if input.isTracked { inputGradient = Tensor(shape: input.shape, scalars: plan.inputGradient(dz, kernel.scalars)) }
            }
            guard bias != nil else { return [inputGradient, kernelGradient] }
            return [inputGradient, kernelGradient, biasGradient.map { Tensor(shape: [cout], scalars: $0) }]
        }
    }

    /// The convolution by `WinogradConvolution`, same contract: the forward pass, ∂L/∂x and
    /// ∂L/∂W by F(2×2, 3×3), ∂L/∂b from ∂L/∂z (`ConvolutionPlan.outputGradient`).
    private func winogradConvolution(_ plan: ConvolutionPlan, _ winograd: WinogradConvolution, kernel: Tensor, bias: Tensor?,
                                     rectified: Bool) -> Tensor {
        let input = self, cout = plan.outputChannels
        func run(_ convolution: WinogradConvolution, _ x: [Float], _ u: [Float], bias: [Float]?, rectified: Bool, shape: [Int]) -> Tensor {
            Tensor.make(shape: shape) { out in
                x.withUnsafeBufferPointer { xp in
                    u.withUnsafeBufferPointer { up in
                        guard !out.isEmpty, let x = xp.baseAddress, let u = up.baseAddress, let out = out.baseAddress else { return }
                        convolution.run(x, transformedKernel: u, bias: bias, rectified: rectified, into: out)
                    }
                }
            }
        }
        let value = run(winograd, input.scalars, winograd.transformedKernel(kernel.scalars), bias: bias?.scalars, rectified: rectified,
                        shape: [plan.batch, plan.geometry.outputHeight, plan.geometry.outputWidth, cout])
        return Tensor.record(value, inputs: bias.map { [input, kernel, $0] } ?? [input, kernel]) { g in
            let (dz, db) = plan.outputGradient(g.scalars, rectifiedOutput: rectified ? value.scalars : nil,
                                               summingBias: bias?.isTracked ?? false)
            var kernelGradient: Tensor?
            if kernel.isTracked {
                kernelGradient = input.scalars.withUnsafeBufferPointer { x in
                    dz.withUnsafeBufferPointer { g in
                        guard let x = x.baseAddress, let g = g.baseAddress else { return Tensor.zeros(kernel.shape) }
                        return Tensor(shape: kernel.shape, scalars: winograd.kernelGradient(x, g))
                    }
                }
            }
            var inputGradient: Tensor?
            if input.isTracked {
                let transposed = winograd.inputGradientConvolution
                inputGradient = run(transposed, dz, transposed.transformedKernel(kernel.scalars, turned: true), bias: nil, rectified: false,
                                    shape: input.shape)
            }
            guard bias != nil else { return [inputGradient, kernelGradient] }
            return [inputGradient, kernelGradient, db.map { Tensor(shape: [cout], scalars: $0) }]
        }
    }
}
