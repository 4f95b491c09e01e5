#!/usr/bin/env python3
"""The workloads of DESIGN.md in PyTorch (eager, CPU), as a peer for `descent bench`.

    python torch_peer.py --workload mlp --threads 2

Models and optimizers as in the workload table, with torch.optim's fused CPU implementations
(`fused=True`: one kernel per parameter instead of the default multi-tensor `foreach`), NCHW
images for cnn (PyTorch's native layout), inputs as float32 tensors that share the NumPy
arrays' memory.
"""
import torch
from torch import nn

from common import WORKLOADS, parse_arguments, synthetic_data, time_epochs, training_step


def make_model(workload):
    if workload == "cnn":
        return nn.Sequential(
            nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10))
    if workload == "mlp-bn-dropout":
        return nn.Sequential(
            nn.Linear(784, 512), nn.BatchNorm1d(512), nn.ReLU(), nn.Dropout(0.5),
            nn.Linear(512, 256), nn.BatchNorm1d(256), nn.ReLU(), nn.Dropout(0.5),
            nn.Linear(256, 10))
    return nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 256), nn.ReLU(), nn.Linear(256, 10))


def main():
    args = parse_arguments(__doc__)
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    samples = args.samples or WORKLOADS[args.workload]["samples"]
    x, y = synthetic_data(args.workload, samples)
    x = torch.from_numpy(x)
    if args.workload == "cnn":
        x = x.permute(0, 3, 1, 2).contiguous()  # NHWC → NCHW
    y = torch.from_numpy(y)
    model = make_model(args.workload)
    model.train()
    if args.workload == "mlp-bn-dropout":
        optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, nesterov=True, fused=True)
    else:
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, fused=True)
    loss_function = nn.CrossEntropyLoss()

    step = training_step(model, optimizer, loss_function, x, y)

    time_epochs("torch", args.workload, samples, args.repeats, step)


if __name__ == "__main__":
    main()
