#!/usr/bin/env bash
# Builds the portable Windows app from Debian: the release kaartbeheer.exe for
# x86_64-pc-windows-gnu (MinGW), cross-compiled with the embedded UI, in a
# folder with what it needs beside it, zipped:
#   target/windows-portable/Kaartbeheer/kaartbeheer.exe
#   target/windows-portable/Kaartbeheer/WebView2Loader.dll   (when the build links it)
#   target/windows-portable/Kaartbeheer-<version>-windows-x64.zip
# Then checks what Windows would load: the file is a PE32+ x86-64 GUI program
# and every DLL it imports is either part of Windows or in the folder.
# Not run by scripts/test.sh or CI (a cold cross build of the app takes about
# an hour on 2 cores); CI type-checks and lints the Windows target instead.
# Needs scripts/setup.sh first (MinGW, the Rust target, ui/node_modules).
# Unsigned: see docs/platforms.md for what a signed installer needs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

TARGET=x86_64-pc-windows-gnu
TARGET_DIR=${CARGO_TARGET_DIR:-target}
OUT=$TARGET_DIR/windows-portable
fail() { echo "build-windows: $*" >&2; exit 1; }

# --skip-ui: ui/dist is already built from this tree (saves rebuilding the
# app, which embeds ui/dist and is rebuilt whenever its files are rewritten).
[[ ${1:-} == --skip-ui ]] || (cd ui && npm run --silent build)
cargo build --release --target "$TARGET" -p kaartbeheer

release=$TARGET_DIR/$TARGET/release
exe=$release/kaartbeheer.exe
[[ -f $exe ]] || fail "no $exe"
version=$(awk '/^name = "kaartbeheer"$/ { getline; gsub(/"/, "", $3); print $3 }' Cargo.lock)

rm -rf "$OUT"
mkdir -p "$OUT/Kaartbeheer"
# Without the debug info the release profile keeps for profiling (~200 MB).
x86_64-w64-mingw32-strip -o "$OUT/Kaartbeheer/kaartbeheer.exe" "$exe"
loader=$(find "$release" -name WebView2Loader.dll -path '*x64*' -print -quit 2>/dev/null || true)
[[ -z $loader ]] && loader=$(find "$release" -name WebView2Loader.dll -print -quit 2>/dev/null || true)

file "$OUT/Kaartbeheer/kaartbeheer.exe" | tee /dev/stderr | grep -q 'PE32+ executable (GUI) x86-64' ||
  fail "kaartbeheer.exe is not a 64-bit Windows GUI program"

# The DLLs it imports: Windows' own, or shipped beside it.
imports=$(x86_64-w64-mingw32-objdump -p "$OUT/Kaartbeheer/kaartbeheer.exe" |
  awk '/DLL Name:/ { print $3 }' | sort -u)
echo "imports:"; sed 's/^/  /' <<<"$imports"
if grep -qi '^webview2loader\.dll$' <<<"$imports"; then
  [[ -n $loader ]] || fail "the exe imports WebView2Loader.dll but the build made none"
  cp "$loader" "$OUT/Kaartbeheer/WebView2Loader.dll"
fi
while read -r dll; do
  [[ -z $dll ]] && continue
  case ${dll,,} in
    webview2loader.dll) ;;
    api-ms-win-*|kernel32.dll|user32.dll|gdi32.dll|advapi32.dll|shell32.dll|ole32.dll|oleaut32.dll|\
    ws2_32.dll|bcrypt.dll|bcryptprimitives.dll|crypt32.dll|ntdll.dll|comctl32.dll|comdlg32.dll|\
    dwmapi.dll|combase.dll|ktmw32.dll|uxtheme.dll|shlwapi.dll|userenv.dll|secur32.dll|ncrypt.dll|iphlpapi.dll|version.dll|\
    msvcrt.dll|uiautomationcore.dll|propsys.dll|dbghelp.dll|imm32.dll|winmm.dll|setupapi.dll|\
    powrprof.dll|shcore.dll|rpcrt4.dll|msimg32.dll|gdiplus.dll|d2d1.dll|dwrite.dll|dxgi.dll|\
    windowscodecs.dll|wininet.dll|winhttp.dll|netapi32.dll|credui.dll|wtsapi32.dll|oleacc.dll|\
    dcomp.dll|d3d11.dll|mpr.dll|normaliz.dll|wldap32.dll|psapi.dll|shfolder.dll|winspool.drv|\
    usp10.dll|msctf.dll|urlmon.dll|synchronization.dll) ;;
    *) [[ -f $OUT/Kaartbeheer/$dll ]] || fail "kaartbeheer.exe needs $dll, which is neither Windows' nor shipped" ;;
  esac
done <<<"$imports"

cat >"$OUT/Kaartbeheer/LEESMIJ.txt" <<EOF
Kaartbeheer $version voor Windows (x64), draagbare versie.

Start kaartbeheer.exe. Zonder account start de demo met voorbeeldgegevens.
Nodig: Windows 10 of 11 met Microsoft Edge WebView2 (standaard aanwezig).
Deze versie is niet ondertekend; Windows SmartScreen kan waarschuwen.
EOF
zip=$OUT/Kaartbeheer-$version-windows-x64.zip
(cd "$OUT" && rm -f "${zip##*/}" && python3 -m zipfile -c "${zip##*/}" Kaartbeheer)
ls -l "$OUT/Kaartbeheer" "$zip"
echo "windows build: $zip"
