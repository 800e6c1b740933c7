/*
 * mapinls.h -- the Win32 national-language helpers MAPI provider sources use
 * (code pages, string length/copy/compare, UTF-8 <-> wide conversion), for
 * builds without <windows.h>. On Windows it adds nothing to <windows.h>.
 * The conversions treat every multibyte code page as UTF-8 and WCHAR as a
 * UTF-32 (Linux) or UTF-16 (Windows) code unit.
 */
#ifndef MAPINLS_H
#define MAPINLS_H

#include "mapiwin.h"

#if !defined(_WIN32)

#define CP_ACP 0
#define CP_OEMCP 1
#define CP_UTF8 65001
#define MB_PRECOMPOSED 0x00000001
#define MB_ERR_INVALID_CHARS 0x00000008
#define WC_COMPOSITECHECK 0x00000200
#define NORM_IGNORECASE 0x00000001
#define LOCALE_USER_DEFAULT 0x0400
#define LOCALE_SYSTEM_DEFAULT 0x0800
#define CSTR_LESS_THAN 1
#define CSTR_EQUAL 2
#define CSTR_GREATER_THAN 3

inline int lstrlenA(LPCSTR s) { return s ? (int)strlen(s) : 0; }
inline int lstrlenW(LPCWSTR s) { return s ? (int)wcslen(s) : 0; }
inline LPSTR lstrcpyA(LPSTR d, LPCSTR s) { return strcpy(d, s); }
inline LPWSTR lstrcpyW(LPWSTR d, LPCWSTR s) { return wcscpy(d, s); }
inline int lstrcmpA(LPCSTR a, LPCSTR b) { return strcmp(a, b); }
inline int lstrcmpW(LPCWSTR a, LPCWSTR b) { return wcscmp(a, b); }
#if defined(UNICODE) || defined(_UNICODE)
#define lstrlen lstrlenW
#define lstrcpy lstrcpyW
#define lstrcmp lstrcmpW
#else
#define lstrlen lstrlenA
#define lstrcpy lstrcpyA
#define lstrcmp lstrcmpA
#endif

/* UTF-8 -> WCHAR. Same contract as Win32: cchWideChar == 0 returns the size
 * needed (including the terminator when cbMultiByte == -1); returns 0 on a
 * too-small buffer or (with MB_ERR_INVALID_CHARS) invalid input. */
inline int MultiByteToWideChar(UINT CodePage, DWORD dwFlags, LPCSTR lpMultiByteStr,
                               int cbMultiByte, LPWSTR lpWideCharStr, int cchWideChar) {
  (void)CodePage;
  if (lpMultiByteStr == NULL) return 0;
  const unsigned char *s = (const unsigned char *)lpMultiByteStr;
  size_t n = cbMultiByte < 0 ? strlen(lpMultiByteStr) + 1 : (size_t)cbMultiByte;
  int out = 0;
  for (size_t i = 0; i < n;) {
    uint32_t cp = s[i];
    size_t len = cp < 0x80 ? 1 : (cp >> 5) == 0x6 ? 2 : (cp >> 4) == 0xE ? 3 : (cp >> 3) == 0x1E ? 4 : 0;
    bool bad = len == 0 || i + len > n;
    if (!bad && len > 1) {
      cp &= (0xFFu >> (len + 1));
      for (size_t k = 1; k < len; ++k) {
        if ((s[i + k] & 0xC0) != 0x80) { bad = true; break; }
        cp = (cp << 6) | (s[i + k] & 0x3F);
      }
    }
    if (bad) {
      if (dwFlags & MB_ERR_INVALID_CHARS) return 0;
      cp = 0xFFFD;
      len = 1;
    }
    i += len;
    int units = (sizeof(WCHAR) == 2 && cp > 0xFFFF) ? 2 : 1;
    if (cchWideChar != 0) {
      if (out + units > cchWideChar) return 0;
      if (units == 2) {
        lpWideCharStr[out] = (WCHAR)(0xD800 + ((cp - 0x10000) >> 10));
        lpWideCharStr[out + 1] = (WCHAR)(0xDC00 + ((cp - 0x10000) & 0x3FF));
      } else {
        lpWideCharStr[out] = (WCHAR)cp;
      }
    }
    out += units;
  }
  return out;
}

/* WCHAR -> UTF-8, same contract as Win32 (default-char arguments ignored). */
inline int WideCharToMultiByte(UINT CodePage, DWORD dwFlags, LPCWSTR lpWideCharStr,
                               int cchWideChar, LPSTR lpMultiByteStr, int cbMultiByte,
                               LPCSTR lpDefaultChar, LPBOOL lpUsedDefaultChar) {
  (void)CodePage;
  (void)dwFlags;
  (void)lpDefaultChar;
  if (lpUsedDefaultChar) *lpUsedDefaultChar = FALSE;
  if (lpWideCharStr == NULL) return 0;
  size_t n = cchWideChar < 0 ? wcslen(lpWideCharStr) + 1 : (size_t)cchWideChar;
  int out = 0;
  for (size_t i = 0; i < n; ++i) {
    uint32_t cp = (uint32_t)lpWideCharStr[i];
    if (sizeof(WCHAR) == 2 && cp >= 0xD800 && cp < 0xDC00 && i + 1 < n) {
      cp = 0x10000 + ((cp - 0xD800) << 10) + ((uint32_t)lpWideCharStr[i + 1] - 0xDC00);
      ++i;
    }
    if (cp > 0x10FFFF) cp = 0xFFFD;
    unsigned char buf[4];
    int len;
    if (cp < 0x80) { buf[0] = (unsigned char)cp; len = 1; }
    else if (cp < 0x800) { buf[0] = (unsigned char)(0xC0 | (cp >> 6)); buf[1] = (unsigned char)(0x80 | (cp & 0x3F)); len = 2; }
    else if (cp < 0x10000) { buf[0] = (unsigned char)(0xE0 | (cp >> 12)); buf[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F)); buf[2] = (unsigned char)(0x80 | (cp & 0x3F)); len = 3; }
    else { buf[0] = (unsigned char)(0xF0 | (cp >> 18)); buf[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F)); buf[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F)); buf[3] = (unsigned char)(0x80 | (cp & 0x3F)); len = 4; }
    if (cbMultiByte != 0) {
      if (out + len > cbMultiByte) return 0;
      memcpy(lpMultiByteStr + out, buf, (size_t)len);
    }
    out += len;
  }
  return out;
}

/* Parameter-validation helpers of the Win32 era: only NULL is detectably bad
 * here (the real functions' probing is unreliable and discouraged). */
inline BOOL IsBadReadPtr(const void *lp, UINT_PTR ucb) { return lp == NULL && ucb != 0; }
inline BOOL IsBadWritePtr(void *lp, UINT_PTR ucb) { return lp == NULL && ucb != 0; }
inline BOOL IsBadStringPtrA(LPCSTR lpsz, UINT_PTR ucchMax) { (void)ucchMax; return lpsz == NULL; }
inline BOOL IsBadStringPtrW(LPCWSTR lpsz, UINT_PTR ucchMax) { (void)ucchMax; return lpsz == NULL; }

#endif /* !_WIN32 */

#endif /* MAPINLS_H */
