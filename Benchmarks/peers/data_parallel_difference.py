#!/usr/bin/env python3
"""How far one epoch on 2 ranks lands from one epoch on 1 process, per benchmark workload.

    python data_parallel_difference.py [--samples 6000] [--descent .build/release/descent]

Writes the workload's synthetic data (standard-normal 28×28 inputs, labels 0..9, NumPy's
generator 42) as NPY files and an experiment with the workload's model, optimizer and batch,
trains one epoch with `descent train` and with `mpirun -np 2 descent train`, and prints the
largest absolute and relative difference of the saved weights (safetensors, read here) and of
the epoch's loss. With `--fixed-order 4` both runs use distributed.fixed_order_chunks 4.
"""
import argparse
import json
import os
import struct
import subprocess
import tempfile

import numpy as np

MODELS = {
    "mlp": "[{type: flatten}, {type: dense, units: 512, activation: relu}, {type: dense, units: 256, activation: relu}, {type: dense, units: 10}]",
    "mlp-bn-dropout": "[{type: flatten}, {type: dense, units: 512}, {type: batch_norm}, {type: activation, activation: relu}, {type: dropout, rate: 0.5},"
                      " {type: dense, units: 256}, {type: batch_norm}, {type: activation, activation: relu}, {type: dropout, rate: 0.5}, {type: dense, units: 10}]",
    "cnn": "[{type: conv2d, filters: 32, kernel_size: 3, padding: same, activation: relu}, {type: max_pool_2d, pool_size: 2},"
           " {type: conv2d, filters: 64, kernel_size: 3, padding: same, activation: relu}, {type: max_pool_2d, pool_size: 2},"
           " {type: flatten}, {type: dense, units: 128, activation: relu}, {type: dense, units: 10}]",
}
OPTIMIZERS = {"mlp": "{type: adam, learning_rate: 0.001}", "cnn": "{type: adam, learning_rate: 0.001}",
              "mlp-bn-dropout": "{type: sgd, learning_rate: 0.01, momentum: 0.9, nesterov: true}"}
BATCH = {"mlp": 128, "cnn": 64, "mlp-bn-dropout": 128}


def safetensors(path):
    with open(path, "rb") as file:
        length = struct.unpack("<Q", file.read(8))[0]
        header = json.loads(file.read(length))
        data = file.read()
    return {name: np.frombuffer(data[e["data_offsets"][0]:e["data_offsets"][1]], dtype=np.float32)
            for name, e in header.items() if name != "__metadata__"}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--samples", type=int, default=6000)
    parser.add_argument("--descent", default=os.path.join(os.path.dirname(__file__), "../../.build/release/descent"))
    parser.add_argument("--fixed-order", type=int, default=0)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="descent-dp-")
    rng = np.random.default_rng(42)
    np.save(f"{folder}/x.npy", rng.standard_normal((args.samples, 28, 28, 1), dtype=np.float32))
    np.save(f"{folder}/y.npy", rng.integers(0, 10, size=args.samples).astype(np.int64))
    environment = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1", DESCENT_THREADS="1", OPENBLAS_NUM_THREADS="1")
    for workload in ["mlp", "cnn", "mlp-bn-dropout"]:
        runs = {}
        for ranks in [1, 2]:
            output = f"{folder}/{workload}-{ranks}"
            with open(f"{output}.yaml", "w") as file:
                file.write(f"data: {{images: {folder}/x.npy, labels: {folder}/y.npy, scaling: none, split: {{train: 0.9, validation: 0.1}}}}\n"
                           f"model: {MODELS[workload]}\noptimizer: {OPTIMIZERS[workload]}\nepochs: 1\nbatch_size: {BATCH[workload]}\n"
                           f"distributed: {{fixed_order_chunks: {args.fixed_order}}}\noutput: {output}\n")
            command = [args.descent, "train", "--quiet", f"{output}.yaml"]
            if ranks > 1:
                command = ["mpirun", "-np", str(ranks), "-x", "DESCENT_THREADS", "-x", "OPENBLAS_NUM_THREADS"] + command
            subprocess.run(command, check=True, env=environment, stdout=subprocess.DEVNULL)
            loss = float(open(f"{output}/history.csv").read().split("\n")[1].split(",")[1])
            runs[ranks] = (safetensors(f"{output}/model/weights.safetensors"), loss)
        (one, loss1), (two, loss2) = runs[1], runs[2]
        absolute = max(float(np.max(np.abs(one[k] - two[k]))) for k in one)
        relative = max(float(np.max(np.abs(one[k] - two[k]) / np.maximum(np.abs(one[k]), 1e-3))) for k in one)
        print(f"workload={workload} fixed_order={args.fixed_order} samples={args.samples} max_abs_weight_diff={absolute:.3g} "
              f"max_rel_weight_diff={relative:.3g} loss_1={loss1:.9f} loss_2={loss2:.9f}", flush=True)


if __name__ == "__main__":
    main()
