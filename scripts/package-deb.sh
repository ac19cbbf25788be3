#!/usr/bin/env bash
# Builds Kaartbeheer's Debian package with Tauri's bundler (release profile,
# the embedded UI) and checks it as an installer would see it:
#   1. its metadata and dependencies (dpkg-deb --info): the WebKitGTK and GTK
#      libraries the app links, and no bundle tool fetched at build time;
#   2. its contents (dpkg-deb --contents): the binary, the desktop entry and
#      the icons;
#   3. the packaged binary, unpacked into a temporary folder (not installed),
#      starts in demo mode under Xvfb with a throwaway keyring and home: it
#      stays up, and its log says a sync finished — which needs the embedded
#      central service, the encrypted store and the demo manager signed in.
# Prints the path of the .deb last. Needs scripts/setup.sh first (Debian
# packages, ui/node_modules).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO=$PWD

# The Tauri CLI at the version of the tauri crate, fetched by npm for this
# platform only (not in ui/package.json: the registry mirror has no other
# platforms' CLI packages, which a lockfile would have to list).
TAURI_CLI_VERSION=$(awk '/^name = "tauri"$/ { getline; gsub(/"/, "", $3); print $3 }' Cargo.lock)
(cd ui && npm run --silent build)
npm exec --yes --package="@tauri-apps/cli@$TAURI_CLI_VERSION" -- tauri build --bundles deb --ci
deb=$(ls -t "${CARGO_TARGET_DIR:-target}"/release/bundle/deb/*.deb | head -1)
echo "package: $deb"

fail() { echo "package-deb: $*" >&2; exit 1; }

info=$(dpkg-deb --info "$deb")
echo "$info"
grep -q '^ Package: kaartbeheer$' <<<"$info" || fail "package name is not kaartbeheer"
depends=$(grep '^ Depends:' <<<"$info") || fail "no Depends line"
for lib in libwebkit2gtk-4.1-0 libgtk-3-0 libayatana-appindicator3-1; do
  grep -q "$lib" <<<"$depends" || fail "Depends lacks $lib"
done

contents=$(dpkg-deb --contents "$deb")
for path in usr/bin/kaartbeheer usr/share/applications/Kaartbeheer.desktop \
  usr/share/icons/hicolor/128x128/apps/kaartbeheer.png; do
  grep -q " $path\$" <<<"$contents" || fail "the package lacks $path"
done

# Start the packaged binary from an unpacked copy, in demo mode.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dpkg-deb -x "$deb" "$work/root"
desktop=$(dpkg-deb --fsys-tarfile "$deb" | tar -xO usr/share/applications/Kaartbeheer.desktop)
grep -q '^Exec=kaartbeheer' <<<"$desktop" || fail "the desktop entry does not start kaartbeheer"
mkdir -p "$work/home"
HOME="$work/home" XDG_DATA_HOME="$work/home/data" XDG_CONFIG_HOME="$work/home/config" \
  XDG_CACHE_HOME="$work/home/cache" \
  timeout -k 5 60 xvfb-run -a "$REPO/scripts/with-session.sh" bash -c '
    "$1" & app=$!
    for _ in $(seq 1 40); do
      sleep 1
      kill -0 "$app" 2>/dev/null || { echo "package-deb: the packaged app exited early" >&2; exit 1; }
      if grep -qs "sync finished" "$2"/data/nl.kaartbeheer.app/logs/kaartbeheer.*; then
        echo "package-deb: the packaged app runs in demo mode and synced"
        kill "$app"; wait "$app" 2>/dev/null; exit 0
      fi
    done
    echo "package-deb: no finished sync in the log after 40 s" >&2; kill "$app"; exit 1
  ' _ "$work/root/usr/bin/kaartbeheer" "$work/home"
echo "$deb"
