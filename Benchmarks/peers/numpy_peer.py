#!/usr/bin/env python3
"""The workloads of DESIGN.md in hand-written NumPy, as a peer for `descent bench`.

    OPENBLAS_NUM_THREADS=2 python numpy_peer.py --workload mlp

Forward and backward passes written out by hand: Glorot-uniform weights and zero biases;
batch norm with PyTorch's running statistics; inverted dropout; convolutions by im2col
(NHWC, `sliding_window_view`) and one matrix product; 2×2 max pooling by reshaping.
Adam and Nesterov SGD in PyTorch's form, updated in place.
"""
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from common import WORKLOADS, parse_arguments, synthetic_data, time_epochs


def glorot(rng, shape, fan_in, fan_out):
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=shape).astype(np.float32)


class Adam:
    def __init__(self, params, lr=1e-3, b1=0.9, b2=0.999, eps=1e-8):
        self.params, self.lr, self.b1, self.b2, self.eps, self.t = params, lr, b1, b2, eps, 0
        self.m = [np.zeros_like(p) for p in params]
        self.v = [np.zeros_like(p) for p in params]

    def step(self, grads):
        self.t += 1
        c1, c2 = 1 - self.b1 ** self.t, 1 - self.b2 ** self.t
        for p, g, m, v in zip(self.params, grads, self.m, self.v):
            m *= self.b1; m += (1 - self.b1) * g
            v *= self.b2; v += (1 - self.b2) * g * g
            p -= (self.lr / c1) * m / (np.sqrt(v) / np.sqrt(c2) + self.eps)


class NesterovSGD:
    def __init__(self, params, lr=0.01, momentum=0.9):
        self.params, self.lr, self.mu = params, lr, momentum
        self.b = [None] * len(params)

    def step(self, grads):
        for i, (p, g) in enumerate(zip(self.params, grads)):
            if self.b[i] is None:
                self.b[i] = g.copy()
            else:
                self.b[i] *= self.mu; self.b[i] += g
            p -= self.lr * (g + self.mu * self.b[i])


def softmax_cross_entropy_gradient(z, y):
    z = z - z.max(axis=1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=1, keepdims=True)
    n = z.shape[0]
    loss = -np.log(p[np.arange(n), y]).mean()
    p[np.arange(n), y] -= 1
    return loss, p / n


class MLP:
    """784-512-256-10 with ReLU; with `regularized`, BatchNorm → ReLU → Dropout 0.5 after each hidden Dense."""

    def __init__(self, rng, regularized):
        sizes = [784, 512, 256, 10]
        self.rng, self.regularized = rng, regularized
        self.params = []
        for n_in, n_out in zip(sizes, sizes[1:]):
            self.params += [glorot(rng, (n_in, n_out), n_in, n_out), np.zeros(n_out, np.float32)]
        if regularized:
            self.bn = [[np.ones(w, np.float32), np.zeros(w, np.float32)] for w in (512, 256)]
            self.running = [[np.zeros(w, np.float32), np.ones(w, np.float32)] for w in (512, 256)]
            self.params += [p for pair in self.bn for p in pair]

    def step(self, x, y):
        n = x.shape[0]
        caches, h = [], x
        for layer in range(2):
            w, b = self.params[2 * layer], self.params[2 * layer + 1]
            z = h @ w + b
            cache = {"input": h}
            if self.regularized:
                gamma, beta = self.bn[layer]
                mean, var = z.mean(0), z.var(0)
                inv = 1 / np.sqrt(var + 1e-5)
                xhat = (z - mean) * inv
                running = self.running[layer]
                running[0] *= 0.9; running[0] += 0.1 * mean
                running[1] *= 0.9; running[1] += 0.1 * var * n / (n - 1)
                z = gamma * xhat + beta
                cache.update(xhat=xhat, inv=inv)
            a = np.maximum(z, 0)
            cache["active"] = z > 0
            if self.regularized:
                keep = (self.rng.random(a.shape, dtype=np.float32) >= 0.5) * np.float32(2)
                a = a * keep
                cache["keep"] = keep
            caches.append(cache)
            h = a
        loss, dz = softmax_cross_entropy_gradient(h @ self.params[4] + self.params[5], y)
        grads = [None] * len(self.params)
        grads[4], grads[5] = h.T @ dz, dz.sum(0)
        dh = dz @ self.params[4].T
        for layer in (1, 0):
            cache = caches[layer]
            if self.regularized:
                dh = dh * cache["keep"]
            dh = dh * cache["active"]
            if self.regularized:
                gamma = self.bn[layer][0]
                xhat, inv = cache["xhat"], cache["inv"]
                dgamma, dbeta = (dh * xhat).sum(0), dh.sum(0)
                grads[6 + 2 * layer], grads[7 + 2 * layer] = dgamma, dbeta
                dh = gamma * inv / n * (n * dh - dbeta - xhat * dgamma)
            grads[2 * layer], grads[2 * layer + 1] = cache["input"].T @ dh, dh.sum(0)
            if layer > 0:
                dh = dh @ self.params[2 * layer].T
        return loss, grads


class CNN:
    """Conv3×3 32 same + ReLU → MaxPool2 → Conv3×3 64 same + ReLU → MaxPool2 → Dense 128 ReLU → Dense 10, NHWC."""

    def __init__(self, rng):
        self.params = [glorot(rng, (3, 3, 1, 32), 9, 288), np.zeros(32, np.float32),
                       glorot(rng, (3, 3, 32, 64), 288, 576), np.zeros(64, np.float32),
                       glorot(rng, (3136, 128), 3136, 128), np.zeros(128, np.float32),
                       glorot(rng, (128, 10), 128, 10), np.zeros(10, np.float32)]

    @staticmethod
    def im2col(x):
        padded = np.pad(x, ((0, 0), (1, 1), (1, 1), (0, 0)))
        windows = sliding_window_view(padded, (3, 3), axis=(1, 2))  # [N, H, W, C, 3, 3]
        n, h, w, c = x.shape
        return np.ascontiguousarray(windows.transpose(0, 1, 2, 4, 5, 3)).reshape(n * h * w, 9 * c)

    @staticmethod
    def col2im(columns, shape):
        n, h, w, c = shape
        columns = columns.reshape(n, h, w, 3, 3, c)
        padded = np.zeros((n, h + 2, w + 2, c), np.float32)
        for u in range(3):
            for v in range(3):
                padded[:, u:u + h, v:v + w, :] += columns[:, :, :, u, v, :]
        return padded[:, 1:-1, 1:-1, :]

    @staticmethod
    def pool(x):
        n, h, w, c = x.shape
        blocks = x.reshape(n, h // 2, 2, w // 2, 2, c)
        y = blocks.max(axis=(2, 4))
        return y, blocks == y[:, :, None, :, None, :]

    @staticmethod
    def unpool(dy, mask):
        n, h, _, w, _, c = mask.shape
        return (mask * dy[:, :, None, :, None, :]).reshape(n, 2 * h, 2 * w, c)

    def step(self, x, y):
        w1, b1, w2, b2, w3, b3, w4, b4 = self.params
        n = x.shape[0]
        cols1 = self.im2col(x)
        z1 = (cols1 @ w1.reshape(9, 32) + b1).reshape(n, 28, 28, 32)
        p1, mask1 = self.pool(np.maximum(z1, 0))
        cols2 = self.im2col(p1)
        z2 = (cols2 @ w2.reshape(288, 64) + b2).reshape(n, 14, 14, 64)
        p2, mask2 = self.pool(np.maximum(z2, 0))
        f = p2.reshape(n, 3136)
        z3 = f @ w3 + b3
        a3 = np.maximum(z3, 0)
        loss, dz4 = softmax_cross_entropy_gradient(a3 @ w4 + b4, y)
        g4, gb4 = a3.T @ dz4, dz4.sum(0)
        dz3 = (dz4 @ w4.T) * (z3 > 0)
        g3, gb3 = f.T @ dz3, dz3.sum(0)
        dz2 = self.unpool((dz3 @ w3.T).reshape(n, 7, 7, 64), mask2) * (z2 > 0)
        dz2 = dz2.reshape(-1, 64)
        g2, gb2 = (cols2.T @ dz2).reshape(3, 3, 32, 64), dz2.sum(0)
        dp1 = self.col2im(dz2 @ w2.reshape(288, 64).T, (n, 14, 14, 32))
        dz1 = (self.unpool(dp1, mask1) * (z1 > 0)).reshape(-1, 32)
        g1, gb1 = (cols1.T @ dz1).reshape(3, 3, 1, 32), dz1.sum(0)
        return loss, [g1, gb1, g2, gb2, g3, gb3, g4, gb4]


def main():
    args = parse_arguments(__doc__)
    samples = args.samples or WORKLOADS[args.workload]["samples"]
    x, y = synthetic_data(args.workload, samples)
    rng = np.random.default_rng(0)
    model = CNN(rng) if args.workload == "cnn" else MLP(rng, args.workload == "mlp-bn-dropout")
    optimizer = NesterovSGD(model.params) if args.workload == "mlp-bn-dropout" else Adam(model.params)

    def step(rows):
        loss, grads = model.step(x[rows], y[rows])
        optimizer.step(grads)
        return float(loss)

    time_epochs("numpy", args.workload, samples, args.repeats, step)


if __name__ == "__main__":
    main()
