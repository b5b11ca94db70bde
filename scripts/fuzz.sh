#!/usr/bin/env bash
# Runs every cargo-fuzz target for a short time (default 20 s each), starting
# from its corpus in fuzz/corpus/TARGET (read-only seeds; new inputs go to a
# scratch directory), so a regression on a known input crashes at once.
# Installs cargo-fuzz if missing. Fuzzing needs nightly features; the stable
# toolchain provides them with RUSTC_BOOTSTRAP=1.
#   scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
shift || true
if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked --quiet
fi
export RUSTC_BOOTSTRAP=1
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    mapfile -t targets < <(cargo fuzz list)
fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# One build of every target (instrumented, release), then short runs.
cargo fuzz build
for target in "${targets[@]}"; do
    mkdir -p "$scratch/$target" "fuzz/corpus/$target"
    echo "--> $target (${seconds}s)"
    if ! cargo fuzz run "$target" "$scratch/$target" "fuzz/corpus/$target" -- \
        -max_total_time="$seconds" >"$scratch/$target.log" 2>&1; then
        cat "$scratch/$target.log"
        echo "fuzz: $target crashed (the reproducer is under fuzz/artifacts/$target/)"
        exit 1
    fi
    grep -E '^(#[0-9]+.*DONE|Done)' "$scratch/$target.log" | tail -n 1 || true
done
echo "fuzz: ${#targets[@]} targets, no crash"
