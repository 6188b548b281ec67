#!/usr/bin/env bash
# Installs what is missing and runs every test: Rust (engine, conformance, rulesets, CLI),
# Python (pytest, mypy, stubtest, the example notebook) and WebAssembly (Node and headless
# Chromium). Exits non-zero on the first failing part. Usage: scripts/test.sh [rust|python|wasm]…
set -euo pipefail
cd "$(dirname "$0")/.."

parts=("$@")
[ ${#parts[@]} -eq 0 ] && parts=(rust python wasm)

step() { printf '\n==> %s\n' "$*"; }

need_rust() {
  if ! command -v cargo >/dev/null 2>&1; then
    echo "cargo is missing: install Rust with rustup (https://rustup.rs), then run this again" >&2
    exit 1
  fi
  for component in rustfmt clippy; do
    if ! rustup component list --installed 2>/dev/null | grep -q "^$component"; then
      step "installing the Rust component $component"
      rustup component add "$component"
    fi
  done
}

run_rust() {
  need_rust
  step "formatting"
  cargo fmt --all -- --check
  step "clippy (warnings are errors)"
  cargo clippy --workspace --all-targets -- -D warnings
  step "Rust tests: engine, conformance cases, ruleset tests, command line"
  cargo test --workspace
  step "the engine without its TOML reader (as in the size-optimised browser module)"
  cargo clippy -p zonescore --no-default-features --all-targets -- -D warnings
  cargo test -p zonescore --no-default-features
  step "ruleset tests through the command line"
  cargo run -q -p zonescore-cli -- test
}

for part in "${parts[@]}"; do
  case "$part" in
    rust) run_rust ;;
    python) step "Python package"; bash python/test.sh ;;
    wasm) step "WebAssembly package and browser form"; bash wasm/test.sh ;;
    *) echo "unknown part \`$part\` (use rust, python or wasm)" >&2; exit 2 ;;
  esac
done
step "all tests passed"
