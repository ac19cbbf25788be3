#!/usr/bin/env bash
# Installs everything Kaartbeheer needs to build, run and test, and skips what
# is already there: Debian packages (through sudo only when not root), the
# npm dependencies of ui/ and tests/ (npm ci, from the committed lockfiles),
# tauri-driver and cargo-nextest, and the Rust target and MinGW compiler for
# the Windows check. Safe to run again and again.
#
# Expects Rust (rustup, stable >= 1.90) and Node.js >= 20.19 with npm.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }
die() { printf 'setup: %s\n' "$*" >&2; exit 1; }

# Tauri 2's Linux prerequisites, the WebDriver and headless session tools the
# tests use, Debian's Chromium for the screen tests, and fonts; sqlite3, jq
# and GNU time for scripts/bench.sh (its export baseline, table, peak RSS).
APT_PACKAGES=(
  build-essential pkg-config curl file
  libwebkit2gtk-4.1-dev libxdo-dev libssl-dev libayatana-appindicator3-dev librsvg2-dev
  libdbus-1-dev
  webkit2gtk-driver xvfb xauth xdotool
  dbus dbus-x11 gnome-keyring libsecret-tools dunst
  chromium
  fonts-dejavu-core fonts-liberation
  gcc-mingw-w64-x86-64
  python3-openpyxl python3-aiosmtpd python3-dbus python3-gi python3-pil
  sqlite3 jq time
)

# The Windows target CI checks the whole workspace against (with MinGW as the
# C compiler for SQLCipher and its vendored OpenSSL).
WINDOWS_TARGET=x86_64-pc-windows-gnu

apt_install() {
  local missing=() pkg
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  if ((${#missing[@]} == 0)); then
    say "Debian packages: all present"
    return
  fi
  command -v apt-get >/dev/null || die "missing packages (${missing[*]}) and no apt-get: install them by hand"
  local sudo=()
  if ((EUID != 0)); then
    command -v sudo >/dev/null || die "not root and no sudo: install ${missing[*]} as root"
    sudo=(sudo)
  fi
  say "installing Debian packages: ${missing[*]}"
  "${sudo[@]}" apt-get update -q
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
}

check_toolchains() {
  command -v cargo >/dev/null || die "no cargo: install Rust with rustup (https://rustup.rs), stable >= 1.90"
  if command -v rustup >/dev/null; then
    local comp
    for comp in rustfmt clippy; do
      rustup component list --installed 2>/dev/null | grep -q "^$comp" || rustup component add "$comp"
    done
  fi
  if command -v rustup >/dev/null; then
    rustup target list --installed 2>/dev/null | grep -qx "$WINDOWS_TARGET" ||
      rustup target add "$WINDOWS_TARGET"
  fi
  command -v node >/dev/null || die "no node: install Node.js >= 20.19 (with npm)"
  command -v npm >/dev/null || die "no npm: install npm alongside Node.js"
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' ||
    die "Node.js $(node --version) is too old: Vite needs >= 20.19"
}

# npm ci, unless node_modules was installed from exactly this lockfile.
npm_install() {
  local dir=$1 stamp want
  stamp="$dir/node_modules/.kaartbeheer-lock.sha256"
  want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    say "npm packages in $dir: up to date"
    return
  fi
  say "npm ci in $dir"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  printf '%s\n' "$want" >"$stamp"
}

cargo_tools() {
  local bin="${CARGO_HOME:-$HOME/.cargo}/bin"
  if command -v tauri-driver >/dev/null || [[ -x "$bin/tauri-driver" ]]; then
    say "tauri-driver: present"
  else
    say "installing tauri-driver"
    cargo install tauri-driver --locked --version '^2'
  fi
  if cargo nextest --version >/dev/null 2>&1; then
    say "cargo-nextest: present"
  else
    say "installing cargo-nextest"
    cargo install cargo-nextest --locked
  fi
}

apt_install
check_toolchains
npm_install ui
npm_install tests
cargo_tools
say "done"
