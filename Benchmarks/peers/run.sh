#!/usr/bin/env bash
# Descent against its peers (PyTorch, JAX + optax, NumPy) on the workloads of DESIGN.md.
#
#     Benchmarks/peers/run.sh [workload ...]        # default: mlp cnn mlp-bn-dropout
#     Benchmarks/peers/run.sh load-csv load-idx     # the loaders against pandas and NumPy
#     Benchmarks/peers/run.sh resnet18 mobilenet-v2 mobilenet-v2-inference   # the model zoo
#
# Builds `descent` in release mode, then for each of ROUNDS rounds runs every workload once in
# each framework, one fresh process per run, alternating frameworks so that load from other
# processes spreads over all of them. Every run gets THREADS threads (DESCENT_THREADS,
# torch.set_num_threads, XLA's Eigen pool, OMP/OpenBLAS for NumPy). Prints a table of medians
# over the rounds and the ratios Descent / peer (samples/s: above 1 is faster; peak RSS: below
# 1 is smaller), then each round's ratio of Descent to the fastest of PyTorch and JAX. A peer
# whose packages cannot be installed shows as "unavailable".
# The model-zoo workloads (torchvision's architectures) run against PyTorch only (zoo_peer.py);
# JAX and NumPy show as "unavailable" for them.
#
# The Python environment: $PEERS_VENV if set, else one created (once) under
# ~/.cache/descent-peers-venv from PyPI: numpy, torch, jax, optax.
# The loader workloads read one generated file of MNIST's shape (make_mnist_like.py for CSV),
# the same for every framework; each run reports the median of REPEATS loads (default 5), and
# the table the median seconds over rounds and Descent's speed-up (peer seconds / Descent's).
# Settings: ROUNDS (default 3), THREADS (default 2), SAMPLES (samples per timed epoch; default
# the workload's), RESULTS (file that keeps every raw line; default a temporary file).
# A benchmark, not a test: CI does not run it.
set -uo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rounds="${ROUNDS:-3}"
threads="${THREADS:-2}"
if [ $# -gt 0 ]; then workloads=("$@"); else workloads=(mlp cnn mlp-bn-dropout); fi
zoo_workloads="resnet18 mobilenet-v2 mobilenet-v2-inference"
results="${RESULTS:-$(mktemp)}"
: > "$results"

venv="${PEERS_VENV:-$HOME/.cache/descent-peers-venv}"
if [ ! -x "$venv/bin/python" ]; then
    echo "creating $venv" >&2
    python3 -m venv "$venv" || { echo "error: python3 -m venv failed" >&2; exit 2; }
fi
python="$venv/bin/python"
declare -A available
for peer in numpy torch jax pandas; do
    case $peer in
        numpy) modules="numpy"; packages="numpy" ;;
        pandas) modules="pandas"; packages="pandas" ;;
        torch) modules="torch"; packages="torch" ;;
        jax) modules="jax, optax"; packages="jax optax" ;;
    esac
    if ! "$python" -c "import $modules" 2>/dev/null; then
        echo "installing $packages into $venv" >&2
        "$python" -m pip install --quiet $packages >&2 || true
    fi
    if "$python" -c "import numpy, $modules" 2>/dev/null; then available[$peer]=1; else available[$peer]=0; fi
done

echo "building descent (release)" >&2
(cd "$root" && swift build -c release --product descent >&2) || { echo "error: swift build failed" >&2; exit 2; }
descent="$root/.build/release/descent"

export DESCENT_THREADS="$threads" OMP_NUM_THREADS="$threads" OPENBLAS_NUM_THREADS="$threads" MKL_NUM_THREADS="$threads"
export XLA_FLAGS="--xla_cpu_multi_thread_eigen=true intra_op_parallelism_threads=$threads"
samples_flag=()
[ -n "${SAMPLES:-}" ] && samples_flag=(--samples "$SAMPLES")

data="$(mktemp -d)"
trap 'rm -rf "$data"' EXIT
for round in $(seq 1 "$rounds"); do
    for workload in "${workloads[@]}"; do
        case $workload in
            load-csv|load-idx)
                file="$data/$workload"
                if [ ! -f "$file" ]; then
                    if [ "$workload" = load-csv ]; then
                        "$python" "$here/make_mnist_like.py" "$file" >&2
                    else
                        (cd "$here" && "$python" -c "import load_peer, numpy as np, sys; load_peer.write_idx(sys.argv[1], 60000)" "$file")
                    fi
                fi
                echo "round $round/$rounds: $workload" >&2
                "$descent" bench --workload "$workload" --repeats "${REPEATS:-5}" --file "$file" \
                    | sed 's/^workload=\([^ ]*\) /workload=\1 peer=descent /' >> "$results"
                (cd "$here" && "$python" load_peer.py --workload "$workload" --repeats "${REPEATS:-5}" --file "$file") >> "$results" \
                    || echo "workload=$workload peer=load failed" >> "$results"
                continue ;;
        esac
        echo "round $round/$rounds: $workload" >&2
        "$descent" bench --workload "$workload" --repeats 1 "${samples_flag[@]}" \
            | sed 's/^workload=\([^ ]*\) /workload=\1 peer=descent /' >> "$results"
        for peer in torch jax numpy; do
            [ "${available[$peer]}" = 1 ] || continue
            script="${peer}_peer.py"
            if [[ " $zoo_workloads " == *" $workload "* ]]; then
                [ "$peer" = torch ] || continue
                script=zoo_peer.py
            fi
            (cd "$here" && "$python" "$script" --workload "$workload" --repeats 1 --threads "$threads" \
                "${samples_flag[@]}") >> "$results" || echo "workload=$workload peer=$peer failed" >> "$results"
        done
    done
done

ZOO_WORKLOADS="$zoo_workloads" python3 - "$results" "${available[torch]}" "${available[jax]}" "${available[numpy]}" "${workloads[@]}" <<'PY'
import os, statistics, sys
path, torch_ok, jax_ok, numpy_ok, *workloads = sys.argv[1:]
ok = {"descent": "1", "torch": torch_ok, "jax": jax_ok, "numpy": numpy_ok}
zoo = os.environ["ZOO_WORKLOADS"].split()
runs = {}
for line in open(path):
    fields = dict(part.split("=", 1) for part in line.split() if "=" in part)
    if "samples_per_s" in fields:
        runs.setdefault((fields["workload"], fields["peer"]), []).append(
            (float(fields["samples_per_s"]), float(fields["peak_rss_mb"])))
print(f"{'workload':<22} {'framework':<9} {'samples/s':>10} {'peak RSS MB':>12} {'Descent ×':>10} {'RSS ×':>7} {'runs':>5}")
for workload in (w for w in workloads if not w.startswith("load-")):
    own = runs.get((workload, "descent"), [])
    own_speed = statistics.median(r[0] for r in own) if own else None
    own_rss = statistics.median(r[1] for r in own) if own else None
    for peer in ("descent", "torch", "jax", "numpy"):
        measured = runs.get((workload, peer), [])
        unavailable = ok[peer] != "1" or (workload in zoo and peer in ("jax", "numpy"))
        if unavailable or not measured:
            print(f"{workload:<22} {peer:<9} {'unavailable' if unavailable else 'failed':>10}")
            continue
        speed = statistics.median(r[0] for r in measured)
        rss = statistics.median(r[1] for r in measured)
        ratio = f"{own_speed / speed:.2f}" if own_speed and peer != "descent" else ""
        rss_ratio = f"{own_rss / rss:.2f}" if own_rss and peer != "descent" else ""
        print(f"{workload:<22} {peer:<9} {speed:>10.0f} {rss:>12.1f} {ratio:>10} {rss_ratio:>7} {len(measured):>5}")
    # Round by round (the lines of one round sit together): Descent over the fastest of the
    # compiled peers (PyTorch, JAX) in that round, so one lucky median cannot hide a lost round.
    peers = [runs.get((workload, p), []) for p in ("torch", "jax") if ok[p] == "1" and runs.get((workload, p))]
    if own and peers and all(len(p) == len(own) for p in peers):
        per_round = [o[0] / max(p[i][0] for p in peers) for i, o in enumerate(own)]
        print(f"{workload:<22} per round, Descent / best of torch, jax: " + " ".join(f"{r:.2f}" for r in per_round))
loads = {}
for line in open(path):
    fields = dict(part.split("=", 1) for part in line.split() if "=" in part)
    if "seconds" in fields:
        loads.setdefault((fields["workload"], fields["peer"]), []).append((float(fields["seconds"]), float(fields["peak_rss_mb"])))
if loads:
    print(f"{'workload':<15} {'framework':<9} {'seconds':>10} {'peak RSS MB':>12} {'Descent ×':>10} {'runs':>5}")
for workload in workloads:
    own = loads.get((workload, "descent"))
    for (name, peer), measured in sorted(loads.items(), key=lambda item: item[0][1] != "descent"):
        if name != workload:
            continue
        seconds = statistics.median(m[0] for m in measured)
        ratio = f"{seconds / statistics.median(m[0] for m in own):.2f}" if own and peer != "descent" else ""
        print(f"{workload:<15} {peer:<9} {seconds:>10.3f} {statistics.median(m[1] for m in measured):>12.1f} {ratio:>10} {len(measured):>5}")
PY
echo "raw lines: $results" >&2
