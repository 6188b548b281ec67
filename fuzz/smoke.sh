#!/usr/bin/env bash
# CI smoke fuzzing: builds the eight targets, runs each for FUZZ_SECONDS (45) over the committed corpus and regressions.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${FUZZ_SECONDS:-45}"
sanitizer="${FUZZ_SANITIZER:-none}"
# cargo-fuzz passes -Z flags to rustc; RUSTC_BOOTSTRAP lets the stable compiler accept them.
export RUSTC_BOOTSTRAP=1
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --version 0.13.2 --locked || cargo install cargo-fuzz --version 0.13.2
fi
rustc --version
cargo fuzz build --sanitizer "$sanitizer"
failed=()
for target in json_reader score_submission compile_rules input_tree whatif cells prepared revision; do
  # A fresh working corpus under the ignored work/ folder: CI leaves the tree clean.
  work="work/smoke/$target"
  rm -rf "$work" && mkdir -p "$work"
  inputs=("corpus/$target")
  if [ -d "regressions/$target" ]; then inputs+=("regressions/$target"); fi
  echo "== $target: $seconds s"
  if ! cargo fuzz run --sanitizer "$sanitizer" "$target" "$work" "${inputs[@]}" -- \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 2>"work/smoke/$target.log"; then
    failed+=("$target")
    grep -E "panicked at|ERROR: libFuzzer|Test unit written|SUMMARY" "work/smoke/$target.log" || tail -n 40 "work/smoke/$target.log"
  fi
  grep -E "DONE|stat::number_of_executed_units" "work/smoke/$target.log" || true
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz smoke: crashes in ${failed[*]} (inputs in fuzz/artifacts/, logs in fuzz/work/smoke/)" >&2
  exit 1
fi
echo "fuzz smoke: no crash in 8 targets"
