/*
 * mapiwin.h -- the Win32/COM base types and macros that MAPI headers and
 * provider sources assume, for builds without <windows.h>.
 *
 * On Windows this header defers to <windows.h>/<objbase.h>; elsewhere it
 * defines the same names with the Windows x64 sizes: ULONG/LONG/DWORD are
 * 32-bit, ULONG_PTR is pointer-sized, HRESULT/SCODE are 32-bit signed, BOOL
 * is int, GUID has the Windows layout. WCHAR is wchar_t (32-bit on Linux), so
 * L"..." provider code compiles unchanged. C++ only.
 */
#ifndef MAPIWIN_H
#define MAPIWIN_H

#ifndef __cplusplus
#error "The mapi_emu SDK headers are C++ headers."
#endif

/* ---- Symbol export for the MAPI functions libmapi_emu provides ---- */
#ifndef MAPI_EMU_API
#if defined(_WIN32)
#if defined(MAPI_EMU_BUILDING_MAPI)
#define MAPI_EMU_API __declspec(dllexport)
#else
#define MAPI_EMU_API
#endif
#else
#define MAPI_EMU_API __attribute__((visibility("default")))
#endif
#endif

/* Declarations of functions libmapi_emu exports keep the SDK's linkage and
 * calling convention: MAPI_EMU_STDAPI_(SCODE) == STDAPI_(SCODE), exported. */
#define MAPI_EMU_STDAPI_(type) EXTERN_C MAPI_EMU_API type STDAPICALLTYPE
#define MAPI_EMU_STDAPI MAPI_EMU_STDAPI_(HRESULT)
#define MAPI_EMU_STDMETHODIMP_(type) EXTERN_C MAPI_EMU_API type STDMETHODCALLTYPE

#if defined(_WIN32)

#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
#include <objbase.h>
#include <objidl.h>

#ifndef STDMAPIINITCALLTYPE
#define STDMAPIINITCALLTYPE __cdecl
#endif

#else /* !_WIN32 */

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <wchar.h>

/* ---- Calling conventions (one convention on the System V ABIs) ---- */
#define STDMETHODCALLTYPE
#define STDMETHODVCALLTYPE
#define STDAPICALLTYPE
#define STDAPIVCALLTYPE
#define STDMAPIINITCALLTYPE
#define WINAPI
#define CALLBACK
#define APIENTRY
#define __stdcall
#define __cdecl
#define FAR
#define NEAR
#define far
#define near
#define CONST const
#define EXTERN_C extern "C"
#define DECLSPEC_SELECTANY __attribute__((weak))
#define DECLSPEC_NOVTABLE

/* ---- Integer and character types (Windows x64 sizes) ---- */
typedef uint8_t BYTE;
typedef uint8_t UCHAR;
typedef uint8_t BOOLEAN;
typedef char CHAR;
typedef int16_t SHORT;
typedef uint16_t USHORT;
typedef uint16_t WORD;
typedef int INT;
typedef unsigned int UINT;
typedef int32_t LONG;
typedef uint32_t ULONG;
typedef uint32_t DWORD;
typedef int64_t LONGLONG;
typedef uint64_t ULONGLONG;
typedef int64_t LONG64;
typedef uint64_t ULONG64;
typedef uint64_t DWORDLONG;
typedef intptr_t LONG_PTR;
typedef uintptr_t ULONG_PTR;
typedef uintptr_t DWORD_PTR;
typedef uintptr_t UINT_PTR;
typedef intptr_t INT_PTR;
typedef ULONG_PTR SIZE_T;
typedef LONG_PTR SSIZE_T;
typedef float FLOAT;
typedef double DOUBLE;
typedef int BOOL;
typedef wchar_t WCHAR;
typedef WCHAR OLECHAR;
typedef int32_t HRESULT;
typedef int32_t SCODE;
typedef void VOID;

typedef void *PVOID, *LPVOID;
typedef const void *LPCVOID;
typedef BYTE *PBYTE, *LPBYTE;
typedef BOOL *PBOOL, *LPBOOL;
typedef LONG *PLONG, *LPLONG;
typedef ULONG *PULONG, *LPULONG;
typedef DWORD *PDWORD, *LPDWORD;
typedef WORD *PWORD, *LPWORD;
typedef INT *PINT, *LPINT;
typedef ULONG_PTR *PULONG_PTR;
typedef SCODE *PSCODE;
typedef CHAR *PSTR, *LPSTR;
typedef const CHAR *PCSTR, *LPCSTR;
typedef WCHAR *PWSTR, *LPWSTR;
typedef const WCHAR *PCWSTR, *LPCWSTR;
typedef OLECHAR *LPOLESTR;
typedef const OLECHAR *LPCOLESTR;

#if defined(UNICODE) || defined(_UNICODE)
typedef WCHAR TCHAR;
#ifndef __TEXT
#define __TEXT(quote) L##quote
#endif
#else
typedef char TCHAR;
#ifndef __TEXT
#define __TEXT(quote) quote
#endif
#endif
typedef TCHAR *PTSTR, *LPTSTR;
typedef const TCHAR *PCTSTR, *LPCTSTR;
#ifndef TEXT
#define TEXT(quote) __TEXT(quote)
#endif

#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif

/* ---- Handles ---- */
#define DECLARE_HANDLE(name) \
  struct name##__ {          \
    int unused;              \
  };                         \
  typedef struct name##__ *name
DECLARE_HANDLE(HINSTANCE);
DECLARE_HANDLE(HWND);
DECLARE_HANDLE(HKEY);
typedef HINSTANCE HMODULE;
typedef void *HANDLE;
typedef HANDLE *LPHANDLE;

/* ---- 64-bit values, times, currency ---- */
typedef union _LARGE_INTEGER {
  __extension__ struct {
    DWORD LowPart;
    LONG HighPart;
  };
  struct {
    DWORD LowPart;
    LONG HighPart;
  } u;
  LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;

typedef union _ULARGE_INTEGER {
  __extension__ struct {
    DWORD LowPart;
    DWORD HighPart;
  };
  struct {
    DWORD LowPart;
    DWORD HighPart;
  } u;
  ULONGLONG QuadPart;
} ULARGE_INTEGER, *PULARGE_INTEGER;

typedef struct _FILETIME {
  DWORD dwLowDateTime;
  DWORD dwHighDateTime;
} FILETIME, *PFILETIME, *LPFILETIME;

typedef struct _SYSTEMTIME {
  WORD wYear;
  WORD wMonth;
  WORD wDayOfWeek;
  WORD wDay;
  WORD wHour;
  WORD wMinute;
  WORD wSecond;
  WORD wMilliseconds;
} SYSTEMTIME, *PSYSTEMTIME, *LPSYSTEMTIME;

typedef union tagCY {
  __extension__ struct {
    ULONG Lo;
    LONG Hi;
  };
  LONGLONG int64;
} CY, CURRENCY;

/* ---- GUIDs ---- */
#ifndef GUID_DEFINED
#define GUID_DEFINED
typedef struct _GUID {
  uint32_t Data1;
  uint16_t Data2;
  uint16_t Data3;
  uint8_t Data4[8];
} GUID;
#endif
typedef GUID IID;
typedef GUID CLSID;
typedef GUID *LPGUID;
typedef const GUID *LPCGUID;
typedef IID *LPIID;
typedef CLSID *LPCLSID;
typedef const GUID &REFGUID;
typedef const IID &REFIID;
typedef const CLSID &REFCLSID;

inline bool IsEqualGUID(REFGUID a, REFGUID b) {
  return memcmp(&a, &b, sizeof(GUID)) == 0;
}
#define IsEqualIID(a, b) IsEqualGUID((a), (b))
#define IsEqualCLSID(a, b) IsEqualGUID((a), (b))
inline bool operator==(REFGUID a, REFGUID b) { return IsEqualGUID(a, b); }
inline bool operator!=(REFGUID a, REFGUID b) { return !IsEqualGUID(a, b); }

/* DEFINE_GUID declares the GUID; with INITGUID defined before the include it
 * also defines it (as a weak symbol, so several definitions may coexist, as
 * __declspec(selectany) allows on Windows). */
#undef DEFINE_GUID
#ifdef INITGUID
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
  EXTERN_C MAPI_EMU_API DECLSPEC_SELECTANY const GUID name = {       \
      l, w1, w2, {b1, b2, b3, b4, b5, b6, b7, b8}}
#else
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
  EXTERN_C MAPI_EMU_API const GUID name
#endif
#ifndef DEFINE_OLEGUID
#define DEFINE_OLEGUID(name, l, w1, w2) \
  DEFINE_GUID(name, l, w1, w2, 0xC0, 0, 0, 0, 0, 0, 0, 0x46)
#endif

/* ---- HRESULT construction and tests ---- */
#define SEVERITY_SUCCESS 0
#define SEVERITY_ERROR 1
#define FACILITY_NULL 0
#define FACILITY_RPC 1
#define FACILITY_DISPATCH 2
#define FACILITY_STORAGE 3
#define FACILITY_ITF 4
#define FACILITY_WIN32 7
#define SUCCEEDED(hr) (((HRESULT)(hr)) >= 0)
#define FAILED(hr) (((HRESULT)(hr)) < 0)
#define IS_ERROR(status) (((ULONG)(status)) >> 31 == SEVERITY_ERROR)
#define HRESULT_CODE(hr) ((hr)&0xFFFF)
#define SCODE_CODE(sc) ((sc)&0xFFFF)
#define HRESULT_FACILITY(hr) (((hr) >> 16) & 0x1FFF)
#define SCODE_FACILITY(sc) (((sc) >> 16) & 0x1FFF)
#define HRESULT_SEVERITY(hr) ((((ULONG)(hr)) >> 31) & 0x1)
#define SCODE_SEVERITY(sc) ((((ULONG)(sc)) >> 31) & 0x1)
#define MAKE_HRESULT(sev, fac, code)                                      \
  ((HRESULT)(((ULONG)(sev) << 31) | ((ULONG)(fac) << 16) | ((ULONG)(code))))
#define MAKE_SCODE(sev, fac, code)                                      \
  ((SCODE)(((ULONG)(sev) << 31) | ((ULONG)(fac) << 16) | ((ULONG)(code))))
#define ResultFromScode(sc) ((HRESULT)(sc))
#define GetScode(hr) ((SCODE)(hr))

#define S_OK ((HRESULT)0)
#define S_FALSE ((HRESULT)1)
#define NOERROR 0
#define E_UNEXPECTED ((HRESULT)0x8000FFFF)
#define E_NOTIMPL ((HRESULT)0x80004001)
#define E_NOINTERFACE ((HRESULT)0x80004002)
#define E_POINTER ((HRESULT)0x80004003)
#define E_ABORT ((HRESULT)0x80004004)
#define E_FAIL ((HRESULT)0x80004005)
#define E_ACCESSDENIED ((HRESULT)0x80070005)
#define E_HANDLE ((HRESULT)0x80070006)
#define E_OUTOFMEMORY ((HRESULT)0x8007000E)
#define E_INVALIDARG ((HRESULT)0x80070057)
#define STG_E_INVALIDFUNCTION ((HRESULT)0x80030001)
#define STG_E_FILENOTFOUND ((HRESULT)0x80030002)
#define STG_E_ACCESSDENIED ((HRESULT)0x80030005)
#define STG_E_INSUFFICIENTMEMORY ((HRESULT)0x80030008)
#define STG_E_INVALIDPOINTER ((HRESULT)0x80030009)
#define STG_E_WRITEFAULT ((HRESULT)0x8003001D)
#define STG_E_READFAULT ((HRESULT)0x8003001E)
#define STG_E_INVALIDPARAMETER ((HRESULT)0x80030057)
#define STG_E_MEDIUMFULL ((HRESULT)0x80030070)
#define STG_E_INVALIDFLAG ((HRESULT)0x800300FF)
#define STG_E_REVERTED ((HRESULT)0x80030102)
#define STG_E_CANTSAVE ((HRESULT)0x80030103)
#define STG_S_CONVERTED ((HRESULT)0x00030200)

/* ---- COM interface declaration macros (C++ form) ---- */
#define PURE = 0
#define THIS_
#define THIS void
#define BEGIN_INTERFACE
#define END_INTERFACE
#define DECLARE_INTERFACE(iface) struct DECLSPEC_NOVTABLE iface
#define DECLARE_INTERFACE_(iface, baseiface) \
  struct DECLSPEC_NOVTABLE iface : public baseiface
#define STDMETHOD(method) virtual HRESULT STDMETHODCALLTYPE method
#define STDMETHOD_(type, method) virtual type STDMETHODCALLTYPE method
#define STDMETHODV(method) virtual HRESULT STDMETHODVCALLTYPE method
#define STDMETHODV_(type, method) virtual type STDMETHODVCALLTYPE method
#define STDMETHODIMP HRESULT STDMETHODCALLTYPE
#define STDMETHODIMP_(type) type STDMETHODCALLTYPE
#define STDMETHODIMPV HRESULT STDMETHODVCALLTYPE
#define STDMETHODIMPV_(type) type STDMETHODVCALLTYPE
#define STDAPI EXTERN_C HRESULT STDAPICALLTYPE
#define STDAPI_(type) EXTERN_C type STDAPICALLTYPE
#define STDAPIV EXTERN_C HRESULT STDAPIVCALLTYPE
#define STDAPIV_(type) EXTERN_C type STDAPIVCALLTYPE

/* ---- IUnknown ---- */
struct IUnknown;
typedef IUnknown *LPUNKNOWN;
DEFINE_OLEGUID(IID_IUnknown, 0x00000000, 0, 0);
DECLARE_INTERFACE(IUnknown) {
  STDMETHOD(QueryInterface)(REFIID riid, void **ppvObject) PURE;
  STDMETHOD_(ULONG, AddRef)() PURE;
  STDMETHOD_(ULONG, Release)() PURE;
};

/* ---- IMalloc ---- */
struct IMalloc;
typedef IMalloc *LPMALLOC;
DEFINE_OLEGUID(IID_IMalloc, 0x00000002, 0, 0);
DECLARE_INTERFACE_(IMalloc, IUnknown) {
  STDMETHOD_(void *, Alloc)(SIZE_T cb) PURE;
  STDMETHOD_(void *, Realloc)(void *pv, SIZE_T cb) PURE;
  STDMETHOD_(void, Free)(void *pv) PURE;
  STDMETHOD_(SIZE_T, GetSize)(void *pv) PURE;
  STDMETHOD_(int, DidAlloc)(void *pv) PURE;
  STDMETHOD_(void, HeapMinimize)() PURE;
};

/* ---- ISequentialStream / IStream (enough for properties opened as streams) */
typedef struct tagSTATSTG {
  LPOLESTR pwcsName;
  DWORD type;
  ULARGE_INTEGER cbSize;
  FILETIME mtime;
  FILETIME ctime;
  FILETIME atime;
  DWORD grfMode;
  DWORD grfLocksSupported;
  CLSID clsid;
  DWORD grfStateBits;
  DWORD reserved;
} STATSTG, *LPSTATSTG;

#define STGTY_STORAGE 1
#define STGTY_STREAM 2
#define STGTY_LOCKBYTES 3
#define STGTY_PROPERTY 4
#define STREAM_SEEK_SET 0
#define STREAM_SEEK_CUR 1
#define STREAM_SEEK_END 2
#define STATFLAG_DEFAULT 0
#define STATFLAG_NONAME 1
#define STATFLAG_NOOPEN 2
#define STGC_DEFAULT 0
#define STGC_OVERWRITE 1
#define STGC_ONLYIFCURRENT 2
#define STGC_DANGEROUSLYCOMMITMERELYTODISKCACHE 4
/* glibc's <fcntl.h> (_GNU_SOURCE) has a flock() LOCK_WRITE of its own: the
 * IStream lock type wins in a file that includes both, this one last. */
#undef LOCK_WRITE
#define LOCK_WRITE 1
#define LOCK_EXCLUSIVE 2
#define LOCK_ONLYONCE 4
#define STGM_DIRECT 0x00000000L
#define STGM_TRANSACTED 0x00010000L
#define STGM_READ 0x00000000L
#define STGM_WRITE 0x00000001L
#define STGM_READWRITE 0x00000002L
#define STGM_SHARE_DENY_NONE 0x00000040L
#define STGM_SHARE_DENY_READ 0x00000030L
#define STGM_SHARE_DENY_WRITE 0x00000020L
#define STGM_SHARE_EXCLUSIVE 0x00000010L
#define STGM_CREATE 0x00001000L
#define STGM_DELETEONRELEASE 0x04000000L

struct ISequentialStream;
struct IStream;
typedef IStream *LPSTREAM;
DEFINE_GUID(IID_ISequentialStream, 0x0c733a30, 0x2a1c, 0x11ce, 0xad, 0xe5,
            0x00, 0xaa, 0x00, 0x44, 0x77, 0x3d);
DEFINE_OLEGUID(IID_IStream, 0x0000000C, 0, 0);
DECLARE_INTERFACE_(ISequentialStream, IUnknown) {
  STDMETHOD(Read)(void *pv, ULONG cb, ULONG *pcbRead) PURE;
  STDMETHOD(Write)(const void *pv, ULONG cb, ULONG *pcbWritten) PURE;
};
DECLARE_INTERFACE_(IStream, ISequentialStream) {
  STDMETHOD(Seek)(LARGE_INTEGER dlibMove, DWORD dwOrigin,
                  ULARGE_INTEGER *plibNewPosition) PURE;
  STDMETHOD(SetSize)(ULARGE_INTEGER libNewSize) PURE;
  STDMETHOD(CopyTo)(IStream *pstm, ULARGE_INTEGER cb, ULARGE_INTEGER *pcbRead,
                    ULARGE_INTEGER *pcbWritten) PURE;
  STDMETHOD(Commit)(DWORD grfCommitFlags) PURE;
  STDMETHOD(Revert)() PURE;
  STDMETHOD(LockRegion)(ULARGE_INTEGER libOffset, ULARGE_INTEGER cb,
                        DWORD dwLockType) PURE;
  STDMETHOD(UnlockRegion)(ULARGE_INTEGER libOffset, ULARGE_INTEGER cb,
                          DWORD dwLockType) PURE;
  STDMETHOD(Stat)(STATSTG *pstatstg, DWORD grfStatFlag) PURE;
  STDMETHOD(Clone)(IStream **ppstm) PURE;
};

/* IStorage and IMessage-on-IStorage objects are not provided; the name exists
 * so that signatures mentioning LPSTORAGE (IMAPISupport::IStorageFromStream)
 * keep their SDK shape. */
struct IStorage;
typedef IStorage *LPSTORAGE;

#endif /* !_WIN32 */

#endif /* MAPIWIN_H */
