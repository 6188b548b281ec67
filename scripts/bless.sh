#!/usr/bin/env bash
# Regenerates every conformance, diff and what-if case's expected.json from the Rust engine;
# review the diff.
set -euo pipefail
cd "$(dirname "$0")/.."
ZONESCORE_BLESS=1 cargo test -q -p zonescore-conformance --test conformance
git status --short tests/conformance tests/diff-cases tests/whatif-cases
