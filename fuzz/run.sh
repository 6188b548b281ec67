#!/usr/bin/env bash
# Long fuzzing run of one target: fuzz/run.sh TARGET [SECONDS=1800]; prints libFuzzer's final stats.
set -euo pipefail
cd "$(dirname "$0")"
target="${1:?usage: fuzz/run.sh json_reader|score_submission|compile_rules|input_tree|whatif|cells|prepared|revision [SECONDS]}"
seconds="${2:-1800}"
export RUSTC_BOOTSTRAP=1
# The working corpus persists between runs in the ignored work/ folder; seeds and regressions are read only.
work="work/$target"
mkdir -p "$work"
inputs=("corpus/$target")
if [ -d "regressions/$target" ]; then inputs+=("regressions/$target"); fi
echo "run: $target for $seconds s, $(date -u +%FT%TZ), $(rustc --version), commit $(git rev-parse --short HEAD 2>/dev/null || cat ../.commit 2>/dev/null || echo unknown)"
# FUZZ_ARGS adds libFuzzer flags, e.g. "-fork=1 -ignore_crashes=1" to keep going after a crash.
# shellcheck disable=SC2086
cargo fuzz run --sanitizer "${FUZZ_SANITIZER:-none}" "$target" "$work" "${inputs[@]}" -- \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 ${FUZZ_ARGS:-}
echo "run: working corpus $work holds $(find "$work" -type f | wc -l) inputs"
