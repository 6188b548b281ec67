#!/usr/bin/env bash
# Installs what is missing and runs every test: Rust (engine, conformance, rulesets, CLI, and
# the printed scorecards in headless Chromium),
# Python (pytest, mypy, stubtest, the example notebook) and WebAssembly (Node and headless
# Chromium), then a short coverage-guided fuzzing run of every fuzz target. Exits non-zero on
# the first failing part. The Python and wasm parts run with a
# PATH of the system's and the project's own tool folders only (see `limited` below).
# Usage: scripts/test.sh [rust|python|wasm|fuzz]…
set -euo pipefail
cd "$(dirname "$0")/.."

parts=("$@")
[ ${#parts[@]} -eq 0 ] && parts=(rust python wasm fuzz)

step() { printf '\n==> %s\n' "$*"; }

# Disk: a full run from a fresh clone built 13 GB with cargo's defaults (10 GB of it
# target/debug: full debug info in some thirty test binaries and four builds of the engine,
# and 3 GB of incremental caches a fresh build never reuses), and a CI machine ran out of
# space in the Python part. With no caches it takes 6.6 GB with line tables, 4.7 GB with no
# debug info, which the run builds with: a failing test names its assertion and its line
# without it (CARGO_PROFILE_DEV_DEBUG=line-tables-only gives a backtrace its lines). These
# settings make the run's builds differ from a plain `cargo test`'s: switching rebuilds once.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
export CARGO_PROFILE_DEV_DEBUG="${CARGO_PROFILE_DEV_DEBUG:-none}"
# pip keeps no second copy of the wheels it downloads (pyarrow, polars…).
export PIP_NO_CACHE_DIR="${PIP_NO_CACHE_DIR:-1}"
# The free disk, printed before the run and after each part; `disk first` also warns (and goes
# on) when less than 6 GB is free.
disk() {
  df -h . | awk 'NR == 2 { print "disk: " $4 " free of " $2 }'
  local free_kb
  free_kb="$(df -Pk . | awk 'NR == 2 { print $4 }')"
  if [ -n "${1:-}" ] && [ "${free_kb:-0}" -lt 6000000 ]; then
    echo "warning: a full run from a fresh clone takes about 5 GB of disk; this one may run out" >&2
  fi
}

# need_cargo, and need_chromium: the browser of the print tests, found as wasm/test.sh finds it.
source "$(dirname "${BASH_SOURCE[0]}")/needs.sh"

need_rust() {
  need_cargo
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
  step "the engine with its bundled rulesets compiled ahead of time (the browser's modules)"
  cargo clippy -p zonescore --no-default-features --features prepared --all-targets -- -D warnings
  cargo test -p zonescore --no-default-features --features prepared --test prepared
  cargo test -p zonescore --features prepared --test prepared
  step "the Python binding for the stable ABI (one wheel for every CPython from 3.10 on)"
  cargo clippy -p zonescore-python --features abi3 --all-targets -- -D warnings
  step "ruleset tests through the command line"
  cargo run -q -p zonescore-cli -- test
  step "the printed scorecards in headless Chromium (PDF pages, a screenshot)"
  need_chromium
  local log
  log="$(mktemp)"
  CHROMIUM_PATH="$chromium" cargo test -p zonescore-cli --test print -- --ignored 2>&1 | tee "$log"
  # A run that prints no passed test (all filtered or ignored) is a failure, not a pass.
  if ! grep -Eq '^test result: ok\. [1-9][0-9]* passed' "$log"; then
    rm -f "$log"
    echo "the Chromium print tests did not run" >&2
    exit 1
  fi
  rm -f "$log"
}

# The Python and wasm parts run with a limited PATH and environment, so that a tool found
# only because this machine happens to have it on PATH (a global maturin, jupyter, mypy,
# tsc, wasm-opt…) fails here as it would on a bare machine. On that PATH:
#   - the system's folders (Debian's packages: bash, cc, apt-get, chromium, and node and npm
#     where Debian or NodeSource put them);
#   - cargo's bin (rustup's cargo and rustc, and where `cargo install` puts wasm-bindgen);
#   - for the wasm part, node's folder when it is elsewhere (nvm…): the scripts run node and
#     npm by name.
# Not on it: Python's folder, whose bin/ may hold pip-installed tools. python/test.sh is given
# the interpreter by its full path (pyenv's shim resolved to the real one first) and runs
# every tool from its own venv. The environment keeps only where and who (HOME, locale),
# how the machine reaches the network and registries (proxies, CA files, PIP_*, npm_config_*,
# CARGO_*, RUSTUP_*) and what the scripts read (PYTHON, CHROMIUM_PATH, DEBIAN_FRONTEND, FUZZ_*);
# VIRTUAL_ENV, PYENV_*, PYTHONPATH, NODE_PATH and the like are dropped.
system_path="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

limited() { # extra-path-or-empty command...
  local path="$system_path:${CARGO_HOME:-$HOME/.cargo}/bin" name
  [ -n "$1" ] && path="$path:$1"
  shift
  local kept=()
  for name in $(compgen -e); do
    case "$name" in
      HOME | USER | LOGNAME | LANG | LC_* | TERM | TMPDIR | CI | PYTHON | CHROMIUM_PATH | DEBIAN_FRONTEND | \
        http_proxy | https_proxy | no_proxy | all_proxy | HTTP_PROXY | HTTPS_PROXY | NO_PROXY | ALL_PROXY | \
        SSL_CERT_* | *_CA_BUNDLE | *_CA_CERTS | PIP_* | npm_config_* | NPM_CONFIG_* | CARGO_* | RUSTUP_* | FUZZ_*)
        kept+=("$name=${!name}") ;;
    esac
  done
  echo "PATH=$path"
  env -i "${kept[@]}" PATH="$path" "$@"
}

run_python() {
  need_cargo
  local python
  if ! python="$("${PYTHON:-python3}" -c 'import sys; print(sys.executable)')" || [ ! -x "$python" ]; then
    echo "${PYTHON:-python3} is missing: install Python 3.10 or later (or set PYTHON), then run this again" >&2
    exit 1
  fi
  echo "Python: $python"
  export PYTHON="$python"
  limited "" bash python/test.sh
}

run_wasm() {
  need_cargo
  local node node_dir
  if ! node="$(command -v node)"; then
    echo "node is missing: install Node.js 20 or later, then run this again" >&2
    exit 1
  fi
  node_dir="$(dirname "$node")"
  case ":$system_path:" in *":$node_dir:"*) node_dir="" ;; esac
  limited "$node_dir" bash wasm/test.sh
}

disk first
for part in "${parts[@]}"; do
  case "$part" in
    rust) run_rust ;;
    python) step "Python package (limited PATH)"; run_python ;;
    wasm) step "WebAssembly package and browser form (limited PATH)"; run_wasm ;;
    # Each target for FUZZ_SECONDS (45 s) over its committed corpus and regressions; the long
    # runs are `fuzz/run.sh TARGET`, recorded in fuzz/README.md.
    fuzz) step "fuzzing smoke run (cargo-fuzz, limited PATH)"; need_cargo; limited "" bash fuzz/smoke.sh ;;
    *) echo "unknown part \`$part\` (use rust, python, wasm or fuzz)" >&2; exit 2 ;;
  esac
  disk
done
step "all tests passed"
