#!/usr/bin/env python3
"""The `mlp` workload of DESIGN.md in hand-written NumPy, as a peer for `descent bench`.

784-512-256-10, ReLU, softmax cross-entropy, Adam (lr 1e-3, PyTorch defaults), batch 128,
60,000 synthetic float32 samples per timed epoch, after a warm-up of 20 batches.
Prints: workload=mlp peer=numpy samples_per_s=... epoch_s=...
"""
import argparse
import statistics
import time

import numpy as np


def glorot(rng, fan_in, fan_out):
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=(fan_in, fan_out)).astype(np.float32)


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


def train_step(params, opt, x, y):
    w1, b1, w2, b2, w3, b3 = params
    h1 = x @ w1 + b1; a1 = np.maximum(h1, 0)
    h2 = a1 @ w2 + b2; a2 = np.maximum(h2, 0)
    z = a2 @ w3 + b3
    z = z - z.max(axis=1, keepdims=True)
    p = np.exp(z); p /= p.sum(axis=1, keepdims=True)
    n = x.shape[0]
    dz = p; dz[np.arange(n), y] -= 1; dz /= n
    gw3 = a2.T @ dz; gb3 = dz.sum(0)
    da2 = dz @ w3.T; da2[h2 <= 0] = 0
    gw2 = a1.T @ da2; gb2 = da2.sum(0)
    da1 = da2 @ w2.T; da1[h1 <= 0] = 0
    gw1 = x.T @ da1; gb1 = da1.sum(0)
    opt.step([gw1, gb1, gw2, gb2, gw3, gb3])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=60000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    rng = np.random.default_rng(42)
    x = rng.standard_normal((args.samples, 784), dtype=np.float32)
    y = rng.integers(0, 10, size=args.samples)
    params = [glorot(rng, 784, 512), np.zeros(512, np.float32), glorot(rng, 512, 256), np.zeros(256, np.float32),
              glorot(rng, 256, 10), np.zeros(10, np.float32)]
    opt = Adam(params)
    batch = 128
    for i in range(20):
        train_step(params, opt, x[i * batch:(i + 1) * batch], y[i * batch:(i + 1) * batch])
    times = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        order = rng.permutation(args.samples)
        for i in range(0, args.samples, batch):
            rows = order[i:i + batch]
            train_step(params, opt, x[rows], y[rows])
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(f"workload=mlp peer=numpy samples_per_s={args.samples / median:.0f} epoch_s={median:.3f}")


if __name__ == "__main__":
    main()
