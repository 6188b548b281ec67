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
# Size budgets (gzip -9 bytes). The first download was 340 KB with the what-if calls (bounds,
# advise) in it; they moved to the what-if module, loaded when a form first asks (263 KB +
# 311 KB, 2026-12-01), and the budgets follow the sizes down to guard against growth. Issue
# 9's 150 KB needs the rule compiler out of the first download too. The what-if budget rose
# from 320,000 to 321,000 on 2026-12-03 for bounds that take 28 % fewer instructions (fields
# read alone ordered by points, `docs/performance/what-if.md`): 0.6 % more bytes, in a module loaded
# only when a form first asks. It rose to 323,000 the same day for climbs that start at
# criteria's ends (bounds 13 % fewer instructions, every answer as before): 0.5 % more bytes.
# It rose to 326,000 the same evening (+2.6 KB, 0.8 %) for inputs that used to be scored
# silently: a getter that throws, a lone surrogate, a Map or a Date read as an empty group or
# dropped, and JS exceptions that unwound through the module; and for bounds that no longer
# count fields only criteria which do not apply read. The first download took +3 KB of it
# too and stays under its budget. It rose to 328,000 on 2026-12-04 (+2 KB, 0.6 %) for bounds
# that take less than half the time (158× the score → 61×, `docs/performance/what-if.md`): swings
# read from the sound analysis, climbs that stop at the best score the analysis allows. It
# came down to 327,000 the same day, after bounds that allocate 40 % less left the module at
# 326,620. It rose to 328,000 on 2026-12-05 (+1 KB, 0.3 %) for inputs that were passed over or
# answered apart from their JSON text: options never taken as the defaults, scoreMany's limit,
# a too-deep tree placed as its text is, rule-file messages in Chinese. It rose to 330,000 the
# same evening (+2 KB, 0.6 %; the module at 329,815) for rule files that were read as other
# rules: a number past 28 digits rounded to another, a last grade or outcome that left
# answers without one; and for argument errors in Chinese as well as English. It rose to
# 334,000 late that evening (+4 KB, 1.2 %; the module at 333,260) for advice that misled: a
# target that comes only with a lower score answered with "at best" a grade, one no value of
# the actionable fields reaches told as "no change of up to 4", a grade reached while a gate
# decides the outcome without a word of it, and outcome rules that compute with the score
# read by their constants alone. It rose to 337,000 on 2026-12-06 (+3 KB, 0.9 %; the module at
# 335,864) for advice that overshot: an outcome between two others (60 up to 80) was passed and
# so never proposed, and a grade was proposed at a criterion's cap (rate 50 → 99.99) where
# 66.59 reaches it. Each option's numbers are now brought back as far as the target allows.
# The first download's rose from 270,000 to 270,300 the same day (+0.1 %; the module at
# 270,021 in a build of it alone) for answers and rule-file errors that misled: a final score
# held to the rules' highest (97 + 5 → 100.0) without saying so, and a JSON rule file's error
# placed by bytes where a line holds Chinese text before it. The what-if budget rose to
# 337,500 the same day (+0.15 %; the module at 337,186 in a build of it alone) for bounds that
# were narrower than the truth: a text compared with a constant never tried, a weighted part
# held to its criterion's maximum beside a deduction, a normalised score over many switches
# taken as unnormalised, and outcome rules that compute with the score. Later that day both
# came down, to 269,800 and 336,700 (the modules at 269,439 and 336,314 in builds of each
# alone): serde names the rule model's types "a table" (`expecting`), one text where each type
# had its name. A budget keeps some 350 B over its module: the same code was measured 245 B
# apart gzipped, from the order of its functions alone (683,265 B before compression both).
# Both rose on 2026-12-06, to 270,600 and 338,000 (+0.3 %; the modules at 270,240 and 337,686 in
# this script's build, 269,437 and 336,472 before), for errors that misled, in every face alike:
# an unknown advice target listed by code and name (`A 优秀`), a paste past a submission's size
# refused at its field, and rule-file errors that pointed their authors elsewhere: a full-width
# `（`, `，` or `＞`, or `≥`, in an expression is answered with the character to write (`>=`); a
# number past the engine's range (`1e30`) is `out_of_range` where the reader's words pointed to
# quotes and commas; `result.final_score` read in a veto says where `result.…` is read; a
# clause written without its `§` is said once. The first download's rose again the same day, to
# 270,850 (the module at 270,480 in a build of it alone), for English that counts a unit after
# exactly 1 in the singular (`≥ 1 project`, `1 patent`). Later that day it rose to 271,400 (the
# module at 271,047 in a build of it alone): a rule file's problems in the order of its lines in
# every face (+295 B, an insertion sort: a sort routine cost 1,177), and `validateField` of
# `undefined` or `validateFieldJson` of empty text answered as nothing typed yet, other text
# that is no JSON at the field's path (+243 B). The what-if module's rose to 338,450 with them
# (the module at 338,097 in a build of it alone, 337,635 before). The first download's rose
# again, to 272,300 (the module at 271,926), for money typed in another unit than the field's
# 万元 (`4,500,000元`, `45亿`): the number to type is worked out (`请填 450`), where the
# answer named the unit to remove alone and left a sum 10,000 times off (+630 B); and for an
# example of the field's own kind in what to type (`如 2013` for a year, +97 B). On 2026-12-06
# it rose to 272,950 (the module at 272,600 in a build of it alone, 271,948 before): `lang` takes
# a language tag of either language (`zh-CN`, `en_US`), so that a page passes
# `navigator.language` as it is (read byte by byte: a split on `-` and `_` cost 74 B more), and a
# criterion, gate or veto that cites no clause is `no_clause` (+220 B), where it passed. The
# what-if module's rose to 338,850 with them (the module at 338,514). Later that day the first
# download's rose to 273,150 (the module at 272,848) and the what-if module's to 338,950
# (338,666): an effective period's dates are checked against the calendar (`2011-13-45`,
# `2011-02-29` were taken as dates, +190 B; read by `str::parse`, which the module holds
# already: by hand it cost 26 B more), and `450万` is read in a sum of 万元. On 2026-12-06,
# later, the first download's rose to 274,350 (the module at 274,000 in a build of it alone,
# 272,833 before) and the what-if module's to 340,100 (339,736) for speed, not for a feature:
# what a full answer says of each criterion, part, gate and veto whatever it scores (id,
# title, maximum, clauses, basis) is written once per language as the rules compile and copied
# whole into each answer, and numbers are written from the decimal's words. `scoreJson` of a
# full answer in Chromium took 0.87 of its time (94 µs against 108, in turns in one page).
# Later on 2026-12-06 the first download's fell to 170,250 (the module at 169,611; 274,054
# before): its bundled rulesets come compiled by build.rs (the core's `prepared` form, 22.6 KB
# gzipped for both, and about 8 KB of code that reads it) instead of as rule files compiled in
# the browser, so it holds no rule compiler, no rule-file reader and no rule file (`fromText`
# is in the full module only). The what-if module's fell the same way to 236,600 (the module at
# 236,026; 339,669 before). On 2026-12-07 they fell to 154,000 (153,647) and 220,980
# (220,623): big integers of the engine's own (`core/src/big.rs`) in place of num-bigint and
# num-rational, whose code was 29 KB of the first download's 406 KB raw (−12.1 KB); a heapsort
# (`core/src/order.rs`) in place of the standard sorts (−2.8 KB); and the prepared form's
# pointers made again as it is read, its texts in sorted order (−0.9 KB); a few items sorted by insertion, for speed, added 120 B.
# The what-if module's rose to 221,410 (221,058) when its insertion sort and the pointer of a
# group's member came to be written once each (`order.rs`, `input::child_pointer`): 435 B.
# Each of the two alone moved it by as much, so most of it is the order of functions.
# Later on 2026-12-07 they fell to 149,250 (148,893) and 216,500 (216,145), under issue 9's
# 150 KB: rlsf's TLSF allocator built for code size in place of dlmalloc (−2.6 KB) and
# overflow checked in the engine's own crates alone (−1.9 KB; root `Cargo.toml` says why).
# The full module (Node, `zonescore/full`: every call, the rule compiler, the goal summary)
# had no budget until it was 626,609 B at the end of 2026-12-07; 632,000 lets it grow by a
# small feature's worth and no more unnoticed.
# Over a budget fails the run, after the tests (a size problem should not hide the rest).
over_budget=""
for budget in web:149250 web-whatif:216500 web-full:632000; do
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
