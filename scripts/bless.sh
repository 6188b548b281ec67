#!/usr/bin/env bash
# The one command that regenerates every committed answer, then shows what changed:
#   1. the generated conformance cases (scripts/make_conformance_cases.py: case.json,
#      submission.json, inline rule files), deleting the case folders it no longer makes;
#   2. the JSON Schemas in rules/schema (rule format and answer);
#   3. every expected.json and expected.meaning.json of the conformance, diff, what-if and
#      goal cases, from the Rust engine, deleting expected files whose case is gone.
# Review the expected.meaning.json diffs first: they change only when a score, verdict,
# status, code or path changes. A change of wording alone touches expected.json only.
# Usage, from anywhere: bash scripts/bless.sh
set -euo pipefail
cd "$(dirname "$0")/.."

python="${PYTHON:-python3}"
if ! command -v "$python" >/dev/null 2>&1; then
  echo "$python is missing: install Python 3.10 or later (or set PYTHON), then run this again" >&2
  exit 1
fi

echo "==> conformance cases (scripts/make_conformance_cases.py)"
"$python" scripts/make_conformance_cases.py
echo "==> JSON Schemas (rules/schema)"
ZONESCORE_BLESS=1 cargo test -q -p zonescore --test schema_files
echo "==> expected answers (tests/conformance, tests/diff-cases, tests/whatif-cases, tests/goal-cases)"
ZONESCORE_BLESS=1 cargo test -q -p zonescore-conformance --test conformance

paths=(tests/conformance tests/diff-cases tests/whatif-cases tests/goal-cases rules/schema)
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  changed="$(git status --short -- "${paths[@]}")"
  if [ -z "$changed" ]; then
    echo "==> nothing changed"
    exit 0
  fi
  echo "==> changed (git status --short)"
  echo "$changed"
  meaning="$(grep -c 'expected\.meaning\.json$' <<<"$changed" || true)"
  full="$(grep -c 'expected\.json$' <<<"$changed" || true)"
  echo "==> $meaning meaning file(s) and $full full answer(s) changed; review the meaning diffs first:"
  echo "    git diff -- '*expected.meaning.json'"
fi
