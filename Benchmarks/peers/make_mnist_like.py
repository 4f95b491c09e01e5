#!/usr/bin/env python3
"""Writes a CSV file of MNIST's shape for the loader benchmarks (`descent bench --workload
load-csv` makes the same layout itself):

    python3 make_mnist_like.py OUT.csv [--rows 60000] [--seed 42]

A header `label,1x1,1x2,…,28x28` (as Kaggle's mnist_train.csv), then one row per sample: a label
in 0..<10 and 784 pixels in 0..<256, about 110 MB for 60,000 rows. Pixels are 0 with probability
0.8 and uniform otherwise, which gives MNIST's mix of one-, two- and three-digit fields.
"""
import argparse

import numpy as np


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("output")
    parser.add_argument("--rows", type=int, default=60_000)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    header = "label," + ",".join(f"{y}x{x}" for y in range(1, 29) for x in range(1, 29))
    with open(args.output, "w") as out:
        out.write(header + "\n")
        for start in range(0, args.rows, 1000):
            n = min(1000, args.rows - start)
            pixels = rng.integers(0, 256, size=(n, 784)) * (rng.random((n, 784)) >= 0.8)
            rows = np.column_stack([rng.integers(0, 10, size=n), pixels])
            out.write("\n".join(",".join(map(str, row)) for row in rows.tolist()) + "\n")


if __name__ == "__main__":
    main()
