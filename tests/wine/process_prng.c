/*
 * bcryptprimitives.dll for Wine 8 (Debian 12), test runs only.
 *
 * Rust's standard library for Windows (1.78 and later) gets its random bytes
 * from ProcessPrng in bcryptprimitives.dll, which every Windows 10 and 11
 * has, but Debian 12's Wine 8 does not: without it no Rust .exe starts under
 * Wine. This stand-in forwards ProcessPrng to RtlGenRandom (advapi32's
 * SystemFunction036), which Wine implements. scripts/wine-runner.sh builds
 * it with MinGW and puts it beside the test executables; it is never shipped
 * with the app.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
  while (len) {
    ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
    if (!SystemFunction036(data, n)) return FALSE;
    data += n;
    len -= n;
  }
  return TRUE;
}
