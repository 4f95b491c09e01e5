#!/usr/bin/env python3
"""PyTorch DistributedDataParallel (gloo backend, CPU) on the workloads of DESIGN.md: the peer
of `mpirun -np N descent bench --workload W`.

    python torch_ddp_peer.py --workload mlp --ranks 2 --threads 1

Starts N processes (torch.multiprocessing), each with `threads` intra-op threads. The global
batch is the workload's, split over the ranks as `descent` splits it (contiguous shares); each
rank's loss is scaled by its share so that DDP's gradient average equals the global batch's
mean (DDP divides the summed gradients by N). Rank 0 prints the group's samples per second,
the same line as the other peers plus `ranks=N`.
"""
import os
import statistics
import time

import numpy as np
import torch
import torch.distributed as dist
from torch import nn
from torch.nn.parallel import DistributedDataParallel

from common import WORKLOADS, parse_arguments, peak_rss_mb, synthetic_data
from torch_peer import make_model


def share(count, rank, ranks):
    base, extra = divmod(count, ranks)
    start = rank * base + min(rank, extra)
    return start, start + base + (1 if rank < extra else 0)


def worker(rank, args, samples):
    os.environ.setdefault("MASTER_ADDR", "127.0.0.1")
    os.environ.setdefault("MASTER_PORT", "29533")
    dist.init_process_group("gloo", rank=rank, world_size=args.ranks)
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    x, y = synthetic_data(args.workload, samples)
    x = torch.from_numpy(x)
    if args.workload == "cnn":
        x = x.permute(0, 3, 1, 2).contiguous()
    y = torch.from_numpy(y)
    model = DistributedDataParallel(make_model(args.workload))
    if args.workload == "mlp-bn-dropout":
        optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, nesterov=True)
    else:
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_function = nn.CrossEntropyLoss()
    batch = WORKLOADS[args.workload]["batch"]

    def step(rows):
        low, high = share(len(rows), rank, args.ranks)
        index = torch.from_numpy(rows[low:high])
        optimizer.zero_grad()
        loss = loss_function(model(x[index]), y[index]) * ((high - low) * args.ranks / len(rows))
        loss.backward()
        optimizer.step()
        return loss.item()

    rng = np.random.default_rng(7)
    for i in range(min(20, max(1, samples // batch))):
        step(np.arange(i * batch, min(samples, (i + 1) * batch)))
    times = []
    for _ in range(args.repeats):
        dist.barrier()
        start = time.perf_counter()
        order = rng.permutation(samples)
        for i in range(0, samples, batch):
            step(order[i:i + batch])
        dist.barrier()
        times.append(time.perf_counter() - start)
    if rank == 0:
        median = statistics.median(times)
        print(f"workload={args.workload} peer=torch-ddp samples_per_s={samples / median:.0f} epoch_s={median:.3f} "
              f"peak_rss_mb={peak_rss_mb():.1f} ranks={args.ranks}", flush=True)
    dist.destroy_process_group()


def main():
    import argparse
    import sys
    ranks = 2
    if "--ranks" in sys.argv:
        at = sys.argv.index("--ranks")
        ranks = int(sys.argv[at + 1])
        del sys.argv[at:at + 2]
    args = parse_arguments(__doc__)
    args.ranks = ranks
    samples = args.samples or WORKLOADS[args.workload]["samples"]
    torch.multiprocessing.spawn(worker, args=(args, samples), nprocs=ranks, join=True)


if __name__ == "__main__":
    main()
