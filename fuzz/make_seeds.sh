#!/usr/bin/env bash
# Rebuilds the committed seed corpus fuzz/corpus/ from the repository's examples, cases and rules.
set -euo pipefail
cd "$(dirname "$0")/.."
out=fuzz/corpus
rm -rf "$out"
mkdir -p "$out"/{json_reader,score_submission,compile_rules,input_tree,whatif,cells,prepared,revision}

# json_reader: the conformance submissions as they are (BOM, too deep, NaN, broken JSON included).
for f in tests/conformance/*/submission.json; do
  cp "$f" "$out/json_reader/conf-$(basename "$(dirname "$f")").json"
done

# score_submission: first byte 2 = raw JSON for zone-qualification, 3 = for annual-assessment.
prefixed() { { printf "\\$(printf '%03o' "$1")"; cat "$2"; } > "$3"; }
for f in rules/examples/zone-qualification/*.json rules/examples/invalid/zq-*.json; do
  prefixed 2 "$f" "$out/score_submission/raw-$(basename "$f")"
done
for f in rules/examples/annual-assessment/*.json rules/examples/invalid/aa-*.json; do
  prefixed 3 "$f" "$out/score_submission/raw-aa-$(basename "$f")"
done
# ... and first byte 0 / 1 = generated from the example (an exhausted input keeps it as it is).
printf '\000' > "$out/score_submission/gen-zq-example"
printf '\001' > "$out/score_submission/gen-aa-example"

# compile_rules: first byte 0 = a whole rule file; 2 (+ site << 2) = an expression.
for f in rules/*.toml tests/conformance/custom-*/ruleset.toml; do
  name=$(basename "$f" .toml); [ "$name" = ruleset ] && name=$(basename "$(dirname "$f")")
  case "$name" in *.tests) continue ;; esac
  prefixed 0 "$f" "$out/compile_rules/file-$name"
done
i=0
grep -hoE '(when|expr|fires_when|requires) = "[^"]*"' rules/zone-qualification.toml rules/annual-assessment.toml \
  | sed -E 's/^[a-z_]+ = "(.*)"$/\1/' | sort -u | head -n 16 | while IFS= read -r e; do
  { printf "\\$(printf '%03o' $(( (i << 2 | 2) & 255 )))"; printf '%s' "$e"; } > "$out/compile_rules/expr-$i"
  i=$((i + 1))
done
# first byte 1 / 3 = mutations of a bundled rule file, TOML / JSON.
printf '\001\000\001' > "$out/compile_rules/mutate-toml"
printf '\003\001\002' > "$out/compile_rules/mutate-json"
# Structure-aware inputs: a few fixed pseudo-random byte strings (sha256 chains) per target.
blob() {  # blob NAME FIRST-BYTE-OCTAL ROUNDS > file
  local hex="" h="$1" r
  for ((r = 0; r < $3; r++)); do h=$(printf '%s' "$h" | sha256sum | cut -c1-64); hex+=$h; done
  printf "\\$2"; printf "$(printf '%s' "$hex" | sed 's/../\\x&/g')"
}
for i in 0 1 2 3 4 5 6 7; do
  blob "score-$i" "00$i" $((i % 3 + 1)) > "$out/score_submission/gen-$i"
  blob "rules-$i" "00$((i % 2 * 2 + 1))" $((i % 3 + 1)) > "$out/compile_rules/mutate-$i"
done
for i in $(seq 0 15); do
  blob "tree-$i" "00$((i % 4))" $((i % 4 + 1)) > "$out/input_tree/tree-$i"
done
# whatif: first byte 0–3 = bundled or mutated rules (bit 0) of either ruleset (bit 1).
for i in $(seq 0 11); do
  blob "whatif-$i" "00$((i % 4))" $((i % 3 + 1)) > "$out/whatif/whatif-$i"
done
# cells: first byte 0 / 1 = either ruleset (an exhausted input keeps the example's row).
for i in $(seq 0 15); do
  blob "cells-$i" "00$((i % 2))" $((i % 4 + 1)) > "$out/cells/cells-$i"
done
# prepared: byte 0 bit 0 picks the bundled ruleset, whose prepared form stays as it is (no
# edit), or takes edits of three bytes each (place, place, xor); bit 1 = the rest is the form.
printf '\000' > "$out/prepared/zq-as-is"
printf '\001' > "$out/prepared/aa-as-is"
printf '\000\100\000\001\000\002\200' > "$out/prepared/zq-two-edits"
printf '\001\377\000\132' > "$out/prepared/aa-one-edit"
printf '\002zonescore-prepared 0.1.0\n\000' > "$out/prepared/raw-empty-table"
# revision: first byte 0–3 = either ruleset (bit 0), the old rules bundled or edited too (bit 1).
for i in $(seq 0 11); do
  blob "revision-$i" "00$((i % 4))" $((i % 3 + 1)) > "$out/revision/revision-$i"
done
echo "seeds: $(find "$out" -type f | wc -l) files"

