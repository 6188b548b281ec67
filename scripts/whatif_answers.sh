#!/usr/bin/env bash
# Bounds and advice answers of 527 submissions made from the bundled examples (each whole, and
# with 30 random sets of fields or groups left out, the same sets every run), one file each:
# run it before and after a change to the what-if search, then `diff -r BEFORE AFTER` shows
# every answer it changed (`docs/performance/what-if.md` quotes such comparisons).
# Usage: bash scripts/whatif_answers.sh OUT_DIR [ZONESCORE_BINARY]   (default: a release build)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:?usage: scripts/whatif_answers.sh OUT_DIR [ZONESCORE_BINARY]}"
bin="${2:-}"
if [ -z "$bin" ]; then
  cargo build -q --release -p zonescore-cli
  bin=target/release/zonescore
fi
parts="$(mktemp -d)"
trap 'rm -rf "$parts"' EXIT
"${PYTHON:-python3}" - "$parts" <<'EOF'
import glob, json, os, random, sys
random.seed(20261203)
for ruleset in ["zone-qualification", "annual-assessment"]:
    for path in sorted(glob.glob(f"rules/examples/{ruleset}/*.json")):
        doc = json.load(open(path, encoding="utf-8"))
        leaves = []
        def walk(node, prefix):
            for key, value in node.items():
                if isinstance(value, dict):
                    walk(value, prefix + [key])
                else:
                    leaves.append(prefix + [key])
        walk(doc, [])
        groups = [k for k, v in doc.items() if isinstance(v, dict)]
        name = os.path.basename(path)[:-5]
        def write(tag, d):
            with open(f"{sys.argv[1]}/{ruleset}__{name}__{tag}.json", "w", encoding="utf-8") as f:
                json.dump(d, f, ensure_ascii=False)
        for i in range(30):
            d = json.loads(json.dumps(doc))
            if i % 3 == 0:
                for g in random.sample(groups, random.randint(1, max(1, len(groups) - 1))):
                    d.pop(g, None)
            else:
                for leaf in random.sample(leaves, random.randint(1, len(leaves) // 2)):
                    node = d
                    for key in leaf[:-1]:
                        node = node.get(key, {})
                    node.pop(leaf[-1], None)
            write(f"{i:02}", d)
        write("full", doc)
EOF
mkdir -p "$out"
# A failure answer (a required field missing, for advice) exits non-zero; what it printed is
# kept like any answer, so a panic's message would show in the diff too.
for f in "$parts"/*.json; do
  name="$(basename "$f" .json)"
  ruleset="${name%%__*}"
  "$bin" bounds --ruleset "$ruleset" --format json "$f" > "$out/$name.bounds" 2>&1 || true
  "$bin" advise --ruleset "$ruleset" --format json "$f" > "$out/$name.advise" 2>&1 || true
done
echo "$(find "$out" -name '*.bounds' | wc -l) bounds and $(find "$out" -name '*.advise' | wc -l) advice answers in $out"
