"""Shared harness of the peer scripts: the workloads of DESIGN.md, synthetic data, the timing
loop and the output line `descent bench` prints, so that `run.sh` can put them side by side.

Each peer builds a `step(rows)` closure that trains on the samples `rows` of the dataset
(gather, forward, backward, update, read the loss back as a float: what `Trainer.fit` does per
batch; an inference workload's step is the gather and the forward pass). An epoch is a fresh
permutation cut into batches; the last partial batch is used.
"""
import argparse
import resource
import statistics
import time

import numpy as np

WORKLOADS = {
    "mlp": {"batch": 128, "samples": 60_000, "input": (784,)},
    "cnn": {"batch": 64, "samples": 10_000, "input": (28, 28, 1)},
    "mlp-bn-dropout": {"batch": 128, "samples": 60_000, "input": (784,)},
    "resnet18": {"batch": 64, "samples": 2_048, "input": (32, 32, 3)},
    "mobilenet-v2": {"batch": 32, "samples": 512, "input": (96, 96, 3)},
    "mobilenet-v2-inference": {"batch": 32, "samples": 1_024, "input": (96, 96, 3)},
}
# The model-zoo workloads: torchvision's architectures, in zoo_peer.py only (PyTorch).
ZOO_WORKLOADS = ("resnet18", "mobilenet-v2", "mobilenet-v2-inference")


def parse_arguments(description, workloads=None):
    """The peers' flags; `workloads` (default: all but the zoo's) are the --workload choices."""
    workloads = workloads or [w for w in WORKLOADS if w not in ZOO_WORKLOADS]
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--workload", choices=sorted(workloads), default=workloads[0])
    parser.add_argument("--samples", type=int, help="samples per timed epoch (default: the workload's)")
    parser.add_argument("--repeats", type=int, default=3, help="timed epochs; the median is reported")
    parser.add_argument("--threads", type=int, default=2)
    return parser.parse_args()


def synthetic_data(workload, samples):
    """Standard-normal float32 inputs (NHWC for images) and integer labels in 0..<10."""
    rng = np.random.default_rng(42)
    x = rng.standard_normal((samples, *WORKLOADS[workload]["input"]), dtype=np.float32)
    y = rng.integers(0, 10, size=samples)
    return x, y


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def time_epochs(peer, workload, samples, repeats, step):
    """Warms up on 20 batches, then prints the median of `repeats` timed epochs."""
    batch = WORKLOADS[workload]["batch"]
    rng = np.random.default_rng(7)
    for i in range(min(20, max(1, samples // batch))):
        step(np.arange(i * batch, min(samples, (i + 1) * batch)))
    if samples % batch:  # the last, smaller batch too (JAX compiles each new shape once)
        step(np.arange(samples % batch))
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        order = rng.permutation(samples)
        for i in range(0, samples, batch):
            step(order[i:i + batch])
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(f"workload={workload} peer={peer} samples_per_s={samples / median:.0f} epoch_s={median:.3f} "
          f"peak_rss_mb={peak_rss_mb():.1f}", flush=True)


def training_step(model, optimizer, loss_function, x, y):
    """`step(rows)` for time_epochs: gather, forward, backward, update, read the loss."""
    import torch

    def step(rows):
        index = torch.from_numpy(rows)
        optimizer.zero_grad()
        loss = loss_function(model(x[index]), y[index])
        loss.backward()
        optimizer.step()
        return loss.item()
    return step
