#!/usr/bin/env bash
# Data-parallel training against one process and against PyTorch DistributedDataParallel (gloo):
#
#     Benchmarks/peers/data_parallel.sh [workload ...]     # default: mlp cnn
#
# For each of ROUNDS rounds (default 3) and each workload, one fresh run of each, alternating:
#   descent-1x1   one process, 1 thread          DESCENT_THREADS=1 descent bench
#   descent-1x2   one process, 2 threads
#   descent-2x1   mpirun -np 2, 1 thread each     (also prints bytes all-reduced and comm ms per step)
#   torch-ddp-2x1 torch_ddp_peer.py --ranks 2 --threads 1
# and prints every line; the medians over rounds are for the closing note. Same global batch,
# model and optimizer everywhere (DESIGN.md's workloads). SAMPLES sets samples per epoch.
# Needs Open MPI (apt-get install openmpi-bin libopenmpi3) and the peers' venv (run.sh makes it).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rounds="${ROUNDS:-3}"
if [ $# -gt 0 ]; then workloads=("$@"); else workloads=(mlp cnn); fi
python="${PEERS_VENV:-$HOME/.cache/descent-peers-venv}/bin/python"
(cd "$root" && swift build -c release >/dev/null) || { echo "error: release build failed" >&2; exit 1; }
descent="$root/.build/release/descent"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
samples=()
[ -n "${SAMPLES:-}" ] && samples=(--samples "$SAMPLES")
for round in $(seq "$rounds"); do
    for workload in "${workloads[@]}"; do
        echo "round=$round $(DESCENT_THREADS=1 "$descent" bench --workload "$workload" --repeats 1 "${samples[@]}") run=descent-1x1"
        echo "round=$round $(DESCENT_THREADS=2 OPENBLAS_NUM_THREADS=2 "$descent" bench --workload "$workload" --repeats 1 "${samples[@]}") run=descent-1x2"
        echo "round=$round $(DESCENT_THREADS=1 mpirun -np 2 -x DESCENT_THREADS -x OPENBLAS_NUM_THREADS "$descent" bench --workload "$workload" --repeats 1 "${samples[@]}") run=descent-2x1"
        echo "round=$round $(cd "$here" && "$python" torch_ddp_peer.py --workload "$workload" --ranks 2 --threads 1 --repeats 1 "${samples[@]}") run=torch-ddp-2x1"
    done
done
