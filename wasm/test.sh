#!/usr/bin/env bash
# Every test of the npm package `zonescore` (wasm/), from a fresh clone: installs what is
# missing (the wasm32 target, wasm-bindgen-cli at the Cargo.lock version, the npm dev
# dependencies, Debian's Chromium, or CHROMIUM_PATH's), builds the package, checks the TypeScript types, then
# runs the Node tests and the headless-Chromium tests. Exits non-zero on any failure or
# when no test ran. Usage, from the repository root: bash wasm/test.sh [--build-only]
set -euo pipefail
case "${1:-}" in
  "" | --build-only) ;;
  *) echo "usage: bash wasm/test.sh [--build-only] (not: $1)" >&2; exit 2 ;;
esac
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"

step() { printf '\n== %s\n' "$*"; }

step "toolchain"
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
# wasm-bindgen-cli must be exactly the wasm-bindgen version in Cargo.lock.
bindgen_version="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)"
if [ -z "$bindgen_version" ]; then
  echo "wasm-bindgen is not in Cargo.lock" >&2
  exit 1
fi
# build.sh is given it by path: a wasm-bindgen of another version found first on PATH would
# still be run by name after the right one is installed into cargo's bin.
wasm_bindgen="$(command -v wasm-bindgen || true)"
if [ -z "$wasm_bindgen" ] || [ "$("$wasm_bindgen" --version 2>/dev/null || true)" != "wasm-bindgen $bindgen_version" ]; then
  # Without --locked: the registry mirror lacks one of its locked dependencies.
  cargo install wasm-bindgen-cli --version "$bindgen_version"
  wasm_bindgen="${CARGO_INSTALL_ROOT:-${CARGO_HOME:-$HOME/.cargo}}/bin/wasm-bindgen"
fi
"$wasm_bindgen" --version
export WASM_BINDGEN="$wasm_bindgen"
# The browser the tests drive (tests/chromium.mjs reads the same variable). playwright-core
# speaks to it directly, so no chromedriver is needed.
source "$here/../scripts/needs.sh"
need_chromium
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "node and npm are missing: install Node.js 20 or later, then run this again" >&2
  exit 1
fi
(cd "$here" && npm ci --no-audit --no-fund)

step "build"
bash "$here/scripts/build.sh"
# `--build-only` stops here, the package built from the sources as they are (for
# scripts/bench.sh, which measures it).
if [ "${1:-}" = "--build-only" ]; then
  exit 0
fi
# The command line the what-if tests compare with, built from the same sources.
(cd "$here/.." && cargo build -q -p zonescore-cli)
export ZONESCORE_CLI="$here/../target/debug/zonescore"
# Size budgets (gzip -9 bytes) guard against growth. Each keeps some 350 B over its module:
# the same code was measured 245 B apart gzipped from the order of its functions alone. A
# budget rises only for a change worth its bytes; docs/performance.md ("Sizes, gzipped") has
# each budget's history and why it moved. The first download's stays under issue 9's 150 KB.
# Over a budget fails the run, after the tests (a size problem should not hide the rest).
over_budget=""
for budget in web:149750 web-whatif:217800 web-full:632400; do
  build="${budget%%:*}" limit="${budget##*:}"
  gz="$(sed -nE "s|^pkg/$build/zonescore_bg.wasm: .* ([0-9]+) bytes gzipped.*|\1|p" "$here/pkg/size.txt")"
  if [ -z "$gz" ] || [ "$gz" -ge "$limit" ]; then
    over_budget="$over_budget pkg/$build is ${gz:-of unknown size} bytes gzipped, over its $limit budget;"
  fi
done
[ -z "$over_budget" ] || echo "$over_budget" >&2

step "TypeScript declarations (tsc)"
(cd "$here" && node_modules/.bin/tsc -p tests/types && node_modules/.bin/tsc -p tests/types/tsconfig.browser.json)
echo "tsc: Node (nodenext) and browser (bundler) resolution both type-check"

step "Node and headless Chromium tests"
tap="$(mktemp)"
trap 'rm -f "$tap"' EXIT
status=0
(cd "$here" && node --test \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$tap" \
  tests/*.test.mjs) || status=$?
passed="$(grep -E '^# pass [0-9]+' "$tap" | awk '{ print $3 }')"
failed="$(grep -E '^# fail [0-9]+' "$tap" | awk '{ print $3 }')"
passed="${passed:-0}"
failed="${failed:-0}"
echo
echo "wasm: ${passed} passed, ${failed} failed"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
if [ -n "$over_budget" ]; then
  echo "$over_budget" >&2
  exit 1
fi
echo "screenshots of the form: wasm/test-results/form-1400.png, form-400.png, form-400-panel.png (the README's are these, copied to wasm/docs/)"
