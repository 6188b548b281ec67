#!/usr/bin/env bash
# Issue 9's table in one command (docs/performance.md): the native ratios beside a hand-written
# scorer and datalogic-rs, with the batch row (the peers bench); the JSON reader beside
# serde_json; Python's share of a call; the browser's times in Node and headless Chromium; and
# the browser modules' sizes. Benchmarks, never tests: a slow figure fails nothing. Each part
# first builds what it measures from the sources as they are, installing what is missing as
# scripts/test.sh does (python/test.sh and wasm/test.sh with `--build-only`).
# Usage: scripts/bench.sh [native|python|wasm]…  (all three by default)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/needs.sh

parts=("$@")
[ ${#parts[@]} -eq 0 ] && parts=(native python wasm)

step() { printf '\n==> %s\n' "$*"; }

run_native() {
  need_cargo
  step "zonescore beside the hand-written scorer and datalogic-rs, and 10,000 explained answers on every core"
  cargo bench -q -p zonescore --bench peers
  step "the JSON reader beside serde_json (target: at most 1×)"
  cargo bench -q -p zonescore --bench reader
}

run_python() {
  need_cargo
  step "building the Python package"
  bash python/test.sh --build-only
  step "Python's share of a call (target: at most 3 µs a dict over the engine)"
  python/.venv/bin/python python/bench.py
}

run_wasm() {
  need_cargo
  step "building the npm package"
  bash wasm/test.sh --build-only
  need_chromium
  step "the browser in Node and headless Chromium (target: scoreJson of a full answer in Chromium in at most 60 µs)"
  (cd wasm && CHROMIUM_PATH="$chromium" node bench/bench.mjs)
  step "the browser modules' sizes (target: the first download, pkg/web, at most 150 KB gzipped)"
  cat wasm/pkg/size.txt
}

for part in "${parts[@]}"; do
  case "$part" in
    native) run_native ;;
    python) run_python ;;
    wasm) run_wasm ;;
    *)
      echo "unknown part: $part (use native, python or wasm)" >&2
      exit 2
      ;;
  esac
done
