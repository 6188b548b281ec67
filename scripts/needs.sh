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
# fails with what to do. It also makes sure a Chinese font is there (Debian's
# fonts-wqy-zenhei, 7.5 MB, when none is and this runs as root with apt; a warning
# otherwise): without one the pages are laid out and pictured with an empty box for every
# Chinese character, so the layout tests would measure boxes, not the text a town official
# reads.
need_chromium() {
  chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
  local updated=""
  if [ ! -x "$chromium" ]; then
    if [ -n "${CHROMIUM_PATH:-}" ] || [ "$(id -u)" -ne 0 ]; then
      echo "no Chromium at $chromium: install Debian's chromium (as root: apt-get install chromium) or set CHROMIUM_PATH" >&2
      exit 1
    fi
    apt-get update
    updated=1
    apt-get install -y chromium
  fi
  "$chromium" --version
  # fontconfig's list of fonts (Debian's Chromium brings it through pango; without it, as
  # with no Chinese font, the font is installed, and fontconfig with it).
  if ! command -v fc-list >/dev/null 2>&1 || [ -z "$(fc-list :lang=zh family 2>/dev/null)" ]; then
    if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
      echo "warning: no Chinese font; the browser tests lay out empty boxes (on Debian, as root: apt-get install fonts-wqy-zenhei)" >&2
    else
      [ -n "$updated" ] || apt-get update
      apt-get install -y fonts-wqy-zenhei
    fi
  fi
}
