#!/usr/bin/env bash
# Cargo's runner for x86_64-pc-windows-gnu test executables: runs one under
# Debian's Wine (wine64) in a private prefix, quietly. Used by
# scripts/test-wine.sh through CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER.
# Puts tests/wine/process_prng.c, built as bcryptprimitives.dll, beside the
# executable and beside the binaries it may start (kaart-server.exe), because
# Wine 8 lacks that Windows 10 DLL (see the C file).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
exe=$1
shift
dir=$(cd "$(dirname "$exe")" && pwd)
export WINEPREFIX=${WINEPREFIX:-$repo/target/wineprefix}
export WINEDEBUG=${WINEDEBUG:--all}
export WINEDLLOVERRIDES=${WINEDLLOVERRIDES:-mscoree,mshtml=}
wine=$(command -v wine64 || echo /usr/lib/wine/wine64)
shim=$repo/target/wine/bcryptprimitives.dll
if [[ ! -f $shim || $repo/tests/wine/process_prng.c -nt $shim ]]; then
  mkdir -p "$(dirname "$shim")"
  x86_64-w64-mingw32-gcc -O2 -shared -o "$shim" "$repo/tests/wine/process_prng.c" -ladvapi32
fi
for d in "$dir" "$(dirname "$dir")"; do
  [[ -f $d/bcryptprimitives.dll ]] || cp "$shim" "$d/"
done
if [[ ! -d $WINEPREFIX ]]; then
  "$wine" wineboot -i >/dev/null 2>&1 || true
fi
exec "$wine" "$exe" "$@"
