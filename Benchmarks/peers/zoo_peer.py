#!/usr/bin/env python3
"""The model-zoo workloads in PyTorch (eager, CPU), as a peer for `descent bench`.

    python zoo_peer.py --workload resnet18 --threads 2

  resnet18                 torchvision's resnet18, 10 classes, 32×32×3, batch 64: training
  mobilenet-v2             torchvision's mobilenet_v2 (width 1.0), 10 classes, 96×96×3,
                           batch 32: training
  mobilenet-v2-inference   the same model in eval() under torch.inference_mode(), batch 32:
                           the forward pass only

The models come from Benchmarks/zoo/torch_zoo.py (torchvision's structure and initialization).
Training is SGD(lr=0.01, momentum=0.9) on cross-entropy, in train() mode (BatchNorm on batch
statistics, dropout on). Inputs are NCHW float32 (PyTorch's native layout).
"""
import os
import sys

import torch
from torch import nn

from common import WORKLOADS, ZOO_WORKLOADS, parse_arguments, synthetic_data, time_epochs, training_step

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "zoo"))
import torch_zoo  # noqa: E402


def main():
    args = parse_arguments(__doc__, list(ZOO_WORKLOADS))
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    samples = args.samples or WORKLOADS[args.workload]["samples"]
    x, y = synthetic_data(args.workload, samples)
    x = torch.from_numpy(x).permute(0, 3, 1, 2).contiguous()  # NHWC → NCHW
    y = torch.from_numpy(y)
    model = torch_zoo.build("resnet18" if args.workload == "resnet18" else "mobilenet_v2", num_classes=10)

    if args.workload == "mobilenet-v2-inference":
        model.eval()

        def step(rows):
            with torch.inference_mode():
                return model(x[torch.from_numpy(rows)])
    else:
        model.train()
        optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
        loss_function = nn.CrossEntropyLoss()

        step = training_step(model, optimizer, loss_function, x, y)

    time_epochs("torch", args.workload, samples, args.repeats, step)


if __name__ == "__main__":
    main()
