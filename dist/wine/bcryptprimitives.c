/*
 * A stand-in for Windows' bcryptprimitives.dll, for running the Windows
 * build under Wine 8 only (Wine 8 does not have this DLL, and the Rust
 * standard library imports ProcessPrng from it). Never shipped: real
 * Windows 10 and 11 have the DLL.
 *
 * ProcessPrng fills a buffer with random bytes; here from RtlGenRandom
 * (advapi32's SystemFunction036), which Wine has.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG chunk = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
