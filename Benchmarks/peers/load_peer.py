#!/usr/bin/env python3
"""The loader workloads of `descent bench` (load-csv, load-idx) in pandas and NumPy.

    python load_peer.py --workload load-csv [--file mnist_like.csv] [--repeats 5]

load-csv times `pandas.read_csv` (C engine) on a CSV of MNIST's shape (make_mnist_like.py
writes one when --file is not given); load-idx times NumPy reading IDX images:
`np.fromfile` past the 16-byte header, reshaped and converted to float32 (what Descent's
ArrayFile holds). One load warms the page cache, then the median of --repeats loads is printed
in `descent bench`'s format, one line per peer; a peer whose package is missing prints a
one-line skip.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

from common import peak_rss_mb


def timed(load, repeats):
    load()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        load()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def report(workload, peer, seconds, path, rows):
    megabytes = os.path.getsize(path) / 1e6
    print(f"workload={workload} peer={peer} seconds={seconds:.3f} mb_per_s={megabytes / seconds:.0f} "
          f"rows_per_s={rows / seconds:.0f} peak_rss_mb={peak_rss_mb():.1f} file_mb={megabytes:.1f}", flush=True)


def write_idx(path, rows):
    """IDX images of `rows` × 28 × 28 uint8: 0 four times in five, else uniform in 0..<256."""
    rng = np.random.default_rng(42)
    pixels = (rng.integers(0, 256, size=(rows, 28, 28)) * (rng.random((rows, 28, 28)) >= 0.8)).astype(np.uint8)
    with open(path, "wb") as out:
        out.write(bytes([0, 0, 8, 3]) + np.array([rows, 28, 28], ">u4").tobytes() + pixels.tobytes())


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workload", choices=["load-csv", "load-idx"], default="load-csv")
    parser.add_argument("--file", help="the file to load (default: one of MNIST's shape, generated)")
    parser.add_argument("--rows", type=int, default=60_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = args.file
        if args.workload == "load-csv":
            try:
                import pandas
            except ImportError:
                print(f"workload={args.workload} peer=pandas skipped=pandas-not-installed", flush=True)
                return
            if path is None:
                path = os.path.join(folder, "mnist_like.csv")
                here = os.path.dirname(os.path.abspath(__file__))
                subprocess.run([sys.executable, os.path.join(here, "make_mnist_like.py"), path, "--rows", str(args.rows)], check=True)
            seconds = timed(lambda: pandas.read_csv(path, engine="c"), args.repeats)
            report(args.workload, "pandas", seconds, path, args.rows)
        else:
            if path is None:
                path = os.path.join(folder, "mnist_like-images-idx3-ubyte")
                write_idx(path, args.rows)
            load = lambda: np.fromfile(path, dtype=np.uint8, offset=16).reshape(-1, 28, 28).astype(np.float32)
            report(args.workload, "numpy", timed(load, args.repeats), path, args.rows)


if __name__ == "__main__":
    main()
