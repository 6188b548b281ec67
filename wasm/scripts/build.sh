#!/usr/bin/env bash
# Builds the npm package `zonescore` into wasm/pkg/: the size-optimised .wasm, the browser
# ES module (pkg/web), the Node build (pkg/node), their TypeScript types, and the demo's
# example index (www/generated/). Run from anywhere; needs the wasm32 target,
# wasm-bindgen-cli at the Cargo.lock version (WASM_BINDGEN, or on PATH) and `npm ci`
# (wasm/test.sh installs them).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"
target_dir="${CARGO_TARGET_DIR:-$root/target}"

# Size settings: the root manifest's `wasm-release` profile (opt-level z, fat LTO, one
# codegen unit, abort on panic, strip off for wasm-opt).
release="$target_dir/wasm32-unknown-unknown/wasm-release/zonescore_wasm.wasm"
stage="$target_dir/zonescore-wasm-stage"
mkdir -p "$stage"
# Three modules: the full one (every call, TOML rule files, rule-format schemas) for Node and
# `zonescore/full`, and two size-optimised ones for a form in the browser, whose bundled
# rulesets build.rs compiles ahead (no rule compiler, no `fromText`): the first download
# (validating and scoring) and the what-if module (bounds and advice), which a form loads only
# when it first asks (`zonescore/whatif`).
build() { # stage-name cargo-feature-arguments...
  local name="$1"
  shift
  cargo build --profile wasm-release --locked --target wasm32-unknown-unknown -p zonescore-wasm "$@"
  cp "$release" "$stage/$name.wasm"
}
build full
build web --no-default-features --features score,prepared
build web-whatif --no-default-features --features whatif,prepared

# wasm-bindgen must be exactly the version in Cargo.lock; test.sh passes the one it checked
# or installed in WASM_BINDGEN.
wasm_bindgen="${WASM_BINDGEN:-wasm-bindgen}"
want="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)"
if [ "$("$wasm_bindgen" --version 2>/dev/null || true)" != "wasm-bindgen $want" ]; then
  echo "build.sh needs wasm-bindgen $want (as $wasm_bindgen); bash wasm/test.sh installs it" >&2
  exit 1
fi

rm -rf "$here/pkg"
# The npm binaryen's wasm-opt, never Debian's (it writes modules that fail at start-up).
# The features are those rustc enables by default for wasm32-unknown-unknown.
wasm_opt="$here/node_modules/.bin/wasm-opt"
bindgen() { # input.wasm out-dir target
  "$wasm_bindgen" "$1" --out-dir "$2" --out-name zonescore --target "$3" \
    --remove-name-section --remove-producers-section
  local bg="$2/zonescore_bg.wasm"
  "$wasm_opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-reference-types \
    --enable-multivalue "$bg" -o "$bg.opt"
  mv "$bg.opt" "$bg"
}
bindgen "$stage/web.wasm" "$here/pkg/web" web
bindgen "$stage/web-whatif.wasm" "$here/pkg/web-whatif" web
bindgen "$stage/full.wasm" "$here/pkg/web-full" web
bindgen "$stage/full.wasm" "$here/pkg/node" nodejs

# pkg/node is CommonJS inside a "type": "module" package.
printf '{ "type": "commonjs" }\n' > "$here/pkg/node/package.json"

# TypeScript types of the answers, from the core's Rust types.
cargo run -q --locked -p zonescore-wasm --example ts_schemas > "$here/pkg/types.schema.json"
node "$here/scripts/gen-types.mjs" "$here/pkg/types.schema.json" "$here/pkg/web" "$here/pkg/web-whatif" "$here/pkg/web-full" "$here/pkg/node"

# The demo's list of bundled examples: whatever rules/examples/<ruleset>/*.json exist.
node "$here/scripts/gen-examples.mjs" "$root/rules/examples" "$here/www/generated/examples.json"

: > "$here/pkg/size.txt"
for build in web web-whatif web-full node; do
  wasm="$here/pkg/$build/zonescore_bg.wasm"
  raw=$(stat -c %s "$wasm")
  gz=$(gzip -9 -c "$wasm" | wc -c)
  printf 'pkg/%s/zonescore_bg.wasm: %s bytes raw, %s bytes gzipped (-9)\n' "$build" "$raw" "$gz" | tee -a "$here/pkg/size.txt"
done
