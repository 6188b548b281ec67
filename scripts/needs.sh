# Sourced by scripts/test.sh, scripts/bench.sh and wasm/test.sh: tools a bare machine may lack.
# need_cargo fails with what to do when there is no cargo.
need_cargo() {
  if ! command -v cargo >/dev/null 2>&1; then
    echo "cargo is missing: install Rust with rustup (https://rustup.rs), then run this again" >&2
    exit 1
  fi
}

# need_chromium sets $chromium, the Chromium that browser tests drive, to CHROMIUM_PATH, else
# Debian's chromium, installed when it is missing and this runs as root; otherwise the run
# fails with what to do.
need_chromium() {
  chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
  if [ ! -x "$chromium" ]; then
    if [ -n "${CHROMIUM_PATH:-}" ] || [ "$(id -u)" -ne 0 ]; then
      echo "no Chromium at $chromium: install Debian's chromium (as root: apt-get install chromium) or set CHROMIUM_PATH" >&2
      exit 1
    fi
    apt-get update
    apt-get install -y chromium
  fi
  "$chromium" --version
}
