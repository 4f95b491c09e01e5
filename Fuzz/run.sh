#!/usr/bin/env bash
# Builds a libFuzzer harness against a fuzzer-instrumented release build of Descent and runs it.
#
#   Fuzz/run.sh HARNESS [RUNS]      one of: csv idx npy safetensors checkpoint experiment model
#   Fuzz/run.sh all [RUNS]          each in turn
#
# RUNS defaults to 1000000. Each run: -timeout=5 -rss_limit_mb=2048 -max_len=8192. Working corpora,
# crash inputs and logs go under $FUZZ_SCRATCH (default .build-fuzz-rel, ignored by git); the
# seeds in Fuzz/corpus/HARNESS are read, never written. Extra libFuzzer flags: FUZZ_FLAGS.
set -euo pipefail
cd "$(dirname "$0")/.."
all=(csv idx npy safetensors checkpoint experiment model)
[ $# -ge 1 ] || { echo "usage: Fuzz/run.sh HARNESS|all [RUNS]; harnesses: ${all[*]}" >&2; exit 2; }
runs=${2:-1000000}
scratch=${FUZZ_SCRATCH:-.build-fuzz-rel}
if [ "$1" = all ]; then harnesses=("${all[@]}"); else harnesses=("$1"); fi
for name in "${harnesses[@]}"; do
    [ -f "Fuzz/harnesses/$name.swift" ] || { echo "no harness '$name'; harnesses: ${all[*]}" >&2; exit 2; }
done

# The library and its dependencies, with coverage instrumentation for libFuzzer.
swift build -c release --sanitize=fuzzer --scratch-path "$scratch" --target Descent >&2
products=$(swift build -c release --sanitize=fuzzer --scratch-path "$scratch" --show-bin-path)
objects=$(find "$products"/{Descent,DescentKernels,DescentKernelsAVX2,DescentKernelsAVX512,DescentPlot,Yams,CYaml}.build -name '*.o')
cyaml=$(dirname "$(find "$scratch/checkouts/Yams/Sources/CYaml" -name module.modulemap | head -1)")

for name in "${harnesses[@]}"; do
    work="$scratch/fuzz/$name"
    mkdir -p "$work/corpus" "$work/crashes"
    binary="$work/$name-fuzzer"
    if [ ! -x "$binary" ] || [ -n "$(find Fuzz/Support.swift "Fuzz/harnesses/$name.swift" "$products/Modules/Descent.swiftmodule" -newer "$binary" 2>/dev/null)" ]; then
        echo "building $binary" >&2
        swiftc -O -parse-as-library -sanitize=fuzzer -module-name "${name}_fuzzer" \
            -I "$products/Modules" -Xcc -I"$cyaml" \
            Fuzz/Support.swift "Fuzz/harnesses/$name.swift" $objects -o "$binary"
    fi
    seeds=("Fuzz/corpus/$name")
    [ "$name" = experiment ] && seeds+=(examples)
    log="$work/fuzz.log"
    status=0
    # shellcheck disable=SC2086
    # libFuzzer, not Swift's backtracer, must catch a trap's signal, so that it saves the input.
    SWIFT_BACKTRACE=enable=no "$binary" "$work/corpus" "${seeds[@]}" -runs="$runs" -timeout=5 -rss_limit_mb=2048 -max_len=8192 \
        -print_final_stats=1 -artifact_prefix="$work/crashes/" ${FUZZ_FLAGS:-} >"$log" 2>&1 || status=$?
    stat() { sed -n "s/^stat::$1: *//p" "$log" | tail -1; }
    crashes=$(grep -E '^SUMMARY: libFuzzer: ' "$log" | grep -v -c 'libFuzzer: timeout' || true)
    timeouts=$(grep -c '^SUMMARY: libFuzzer: timeout' "$log" || true)
    [ "$status" -ne 0 ] && [ "$crashes" -eq 0 ] && [ "$timeouts" -eq 0 ] && crashes=1
    files=$(find "$work/corpus" -type f | wc -l)
    bytes=$(du -sb "$work/corpus" | cut -f1)
    printf '%-12s runs=%s exec/s=%s crashes=%s timeouts(>5s)=%s slowest=%ss corpus=%s files (%s bytes) exit=%s log=%s\n' \
        "$name" "$(stat number_of_executed_units)" "$(stat average_exec_per_sec)" "$crashes" "$timeouts" \
        "$(stat slowest_unit_time_sec)" "$files" "$bytes" "$status" "$log"
    if [ "$status" -ne 0 ]; then
        grep -E 'Fatal error|ERROR: libFuzzer|ALARM|Test unit written' "$log" | head -5 >&2 || true
    fi
done
