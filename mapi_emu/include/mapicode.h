/*
 * mapicode.h -- the status codes (SCODE/HRESULT values) that MAPI methods and
 * functions return, and the macros that build and test them.
 *
 * A MAPI error is a COM failure code in FACILITY_ITF (0x8004xxxx); a MAPI
 * warning (MAPI_W_*) is a *success* code in FACILITY_ITF (0x0004xxxx), so
 * SUCCEEDED/HR_SUCCEEDED are true for it. Five general errors are the COM
 * codes themselves (MAPI_E_CALL_FAILED is E_FAIL, ...). Values are MAPI's;
 * every name is guarded so that a Windows build that already has it keeps its
 * own definition. Usable from any thread; it only defines constants.
 */
#ifndef MAPICODE_H
#define MAPICODE_H

#include "mapiwin.h"

/* ---- Building SCODEs ---------------------------------------------------- */

/* An SCODE from severity (0 success, 1 error), facility and 16-bit code. */
#ifndef MAKE_MAPI_SCODE
#define MAKE_MAPI_SCODE(sev, fac, code) \
  ((SCODE)(((ULONG)(sev) << 31) | ((ULONG)(fac) << 16) | ((ULONG)(code))))
#endif
/* A MAPI error (severity 1, FACILITY_ITF) and a MAPI warning (severity 0). */
#ifndef MAKE_MAPI_E
#define MAKE_MAPI_E(err) (MAKE_MAPI_SCODE(1, FACILITY_ITF, (err)))
#endif
#ifndef MAKE_MAPI_S
#define MAKE_MAPI_S(warn) (MAKE_MAPI_SCODE(0, FACILITY_ITF, (warn)))
#endif

#ifndef SUCCESS_SUCCESS
#define SUCCESS_SUCCESS 0
#endif

/* ---- General errors: the COM codes under MAPI names --------------------- */
#ifndef MAPI_E_CALL_FAILED
#define MAPI_E_CALL_FAILED E_FAIL                     /* 0x80004005 */
#endif
#ifndef MAPI_E_NOT_ENOUGH_MEMORY
#define MAPI_E_NOT_ENOUGH_MEMORY E_OUTOFMEMORY        /* 0x8007000E */
#endif
#ifndef MAPI_E_INVALID_PARAMETER
#define MAPI_E_INVALID_PARAMETER E_INVALIDARG         /* 0x80070057 */
#endif
#ifndef MAPI_E_INTERFACE_NOT_SUPPORTED
#define MAPI_E_INTERFACE_NOT_SUPPORTED E_NOINTERFACE  /* 0x80004002 */
#endif
#ifndef MAPI_E_NO_ACCESS
#define MAPI_E_NO_ACCESS E_ACCESSDENIED               /* 0x80070005 */
#endif

/* ---- General errors used by more than one kind of object --------------- */
#ifndef MAPI_E_NO_SUPPORT
#define MAPI_E_NO_SUPPORT ((SCODE)0x80040102)
#endif
#ifndef MAPI_E_BAD_CHARWIDTH
#define MAPI_E_BAD_CHARWIDTH ((SCODE)0x80040103)
#endif
#ifndef MAPI_E_STRING_TOO_LONG
#define MAPI_E_STRING_TOO_LONG ((SCODE)0x80040105)
#endif
#ifndef MAPI_E_UNKNOWN_FLAGS
#define MAPI_E_UNKNOWN_FLAGS ((SCODE)0x80040106)
#endif
#ifndef MAPI_E_INVALID_ENTRYID
#define MAPI_E_INVALID_ENTRYID ((SCODE)0x80040107)
#endif
#ifndef MAPI_E_INVALID_OBJECT
#define MAPI_E_INVALID_OBJECT ((SCODE)0x80040108)
#endif
#ifndef MAPI_E_OBJECT_CHANGED
#define MAPI_E_OBJECT_CHANGED ((SCODE)0x80040109)
#endif
#ifndef MAPI_E_OBJECT_DELETED
#define MAPI_E_OBJECT_DELETED ((SCODE)0x8004010A)
#endif
#ifndef MAPI_E_BUSY
#define MAPI_E_BUSY ((SCODE)0x8004010B)
#endif
#ifndef MAPI_E_NOT_ENOUGH_DISK
#define MAPI_E_NOT_ENOUGH_DISK ((SCODE)0x8004010D)
#endif
#ifndef MAPI_E_NOT_ENOUGH_RESOURCES
#define MAPI_E_NOT_ENOUGH_RESOURCES ((SCODE)0x8004010E)
#endif
#ifndef MAPI_E_NOT_FOUND
#define MAPI_E_NOT_FOUND ((SCODE)0x8004010F)
#endif
#ifndef MAPI_E_VERSION
#define MAPI_E_VERSION ((SCODE)0x80040110)
#endif
#ifndef MAPI_E_LOGON_FAILED
#define MAPI_E_LOGON_FAILED ((SCODE)0x80040111)
#endif
#ifndef MAPI_E_SESSION_LIMIT
#define MAPI_E_SESSION_LIMIT ((SCODE)0x80040112)
#endif
#ifndef MAPI_E_USER_CANCEL
#define MAPI_E_USER_CANCEL ((SCODE)0x80040113)
#endif
#ifndef MAPI_E_UNABLE_TO_ABORT
#define MAPI_E_UNABLE_TO_ABORT ((SCODE)0x80040114)
#endif
#ifndef MAPI_E_NETWORK_ERROR
#define MAPI_E_NETWORK_ERROR ((SCODE)0x80040115)
#endif
#ifndef MAPI_E_DISK_ERROR
#define MAPI_E_DISK_ERROR ((SCODE)0x80040116)
#endif
#ifndef MAPI_E_TOO_COMPLEX
#define MAPI_E_TOO_COMPLEX ((SCODE)0x80040117)
#endif
#ifndef MAPI_E_BAD_COLUMN
#define MAPI_E_BAD_COLUMN ((SCODE)0x80040118)
#endif
#ifndef MAPI_E_EXTENDED_ERROR
#define MAPI_E_EXTENDED_ERROR ((SCODE)0x80040119)
#endif
#ifndef MAPI_E_COMPUTED
#define MAPI_E_COMPUTED ((SCODE)0x8004011A)
#endif
#ifndef MAPI_E_CORRUPT_DATA
#define MAPI_E_CORRUPT_DATA ((SCODE)0x8004011B)
#endif
#ifndef MAPI_E_UNCONFIGURED
#define MAPI_E_UNCONFIGURED ((SCODE)0x8004011C)
#endif
#ifndef MAPI_E_FAILONEPROVIDER
#define MAPI_E_FAILONEPROVIDER ((SCODE)0x8004011D)
#endif
#ifndef MAPI_E_UNKNOWN_CPID
#define MAPI_E_UNKNOWN_CPID ((SCODE)0x8004011E)
#endif
#ifndef MAPI_E_UNKNOWN_LCID
#define MAPI_E_UNKNOWN_LCID ((SCODE)0x8004011F)
#endif

/* Kinds of E_ACCESSDENIED that a logon can report. */
#ifndef MAPI_E_PASSWORD_CHANGE_REQUIRED
#define MAPI_E_PASSWORD_CHANGE_REQUIRED ((SCODE)0x80040120)
#endif
#ifndef MAPI_E_PASSWORD_EXPIRED
#define MAPI_E_PASSWORD_EXPIRED ((SCODE)0x80040121)
#endif
#ifndef MAPI_E_INVALID_WORKSTATION_ACCOUNT
#define MAPI_E_INVALID_WORKSTATION_ACCOUNT ((SCODE)0x80040122)
#endif
#ifndef MAPI_E_INVALID_ACCESS_TIME
#define MAPI_E_INVALID_ACCESS_TIME ((SCODE)0x80040123)
#endif
#ifndef MAPI_E_ACCOUNT_DISABLED
#define MAPI_E_ACCOUNT_DISABLED ((SCODE)0x80040124)
#endif

/* Connection state (Outlook 2010 and later headers): retry the call after
 * MAPI_E_RECONNECTED as after MAPI_E_END_OF_SESSION. */
#ifndef MAPI_E_RECONNECTED
#define MAPI_E_RECONNECTED ((SCODE)0x80040125)
#endif
#ifndef MAPI_E_OFFLINE
#define MAPI_E_OFFLINE ((SCODE)0x80040126)
#endif

/* ---- MAPI base functions and status objects ----------------------------- */
#ifndef MAPI_E_END_OF_SESSION
#define MAPI_E_END_OF_SESSION ((SCODE)0x80040200)
#endif
#ifndef MAPI_E_UNKNOWN_ENTRYID
#define MAPI_E_UNKNOWN_ENTRYID ((SCODE)0x80040201)
#endif
#ifndef MAPI_E_MISSING_REQUIRED_COLUMN
#define MAPI_E_MISSING_REQUIRED_COLUMN ((SCODE)0x80040202)
#endif
#ifndef MAPI_W_NO_SERVICE
#define MAPI_W_NO_SERVICE ((SCODE)0x00040203)
#endif
/* Outlook 2010 and later headers. */
#ifndef MAPI_E_PROFILE_DELETED
#define MAPI_E_PROFILE_DELETED ((SCODE)0x80040204)
#endif

/* ---- Properties --------------------------------------------------------- */
#ifndef MAPI_E_BAD_VALUE
#define MAPI_E_BAD_VALUE ((SCODE)0x80040301)
#endif
#ifndef MAPI_E_INVALID_TYPE
#define MAPI_E_INVALID_TYPE ((SCODE)0x80040302)
#endif
#ifndef MAPI_E_TYPE_NO_SUPPORT
#define MAPI_E_TYPE_NO_SUPPORT ((SCODE)0x80040303)
#endif
#ifndef MAPI_E_UNEXPECTED_TYPE
#define MAPI_E_UNEXPECTED_TYPE ((SCODE)0x80040304)
#endif
#ifndef MAPI_E_TOO_BIG
#define MAPI_E_TOO_BIG ((SCODE)0x80040305)
#endif
#ifndef MAPI_E_DECLINE_COPY
#define MAPI_E_DECLINE_COPY ((SCODE)0x80040306)
#endif
#ifndef MAPI_E_UNEXPECTED_ID
#define MAPI_E_UNEXPECTED_ID ((SCODE)0x80040307)
#endif
#ifndef MAPI_W_ERRORS_RETURNED
#define MAPI_W_ERRORS_RETURNED ((SCODE)0x00040380)
#endif

/* ---- Tables ------------------------------------------------------------- */
#ifndef MAPI_E_UNABLE_TO_COMPLETE
#define MAPI_E_UNABLE_TO_COMPLETE ((SCODE)0x80040400)
#endif
#ifndef MAPI_E_TIMEOUT
#define MAPI_E_TIMEOUT ((SCODE)0x80040401)
#endif
#ifndef MAPI_E_TABLE_EMPTY
#define MAPI_E_TABLE_EMPTY ((SCODE)0x80040402)
#endif
#ifndef MAPI_E_TABLE_TOO_BIG
#define MAPI_E_TABLE_TOO_BIG ((SCODE)0x80040403)
#endif
#ifndef MAPI_E_INVALID_BOOKMARK
#define MAPI_E_INVALID_BOOKMARK ((SCODE)0x80040405)
#endif
#ifndef MAPI_W_POSITION_CHANGED
#define MAPI_W_POSITION_CHANGED ((SCODE)0x00040481)
#endif
#ifndef MAPI_W_APPROX_COUNT
#define MAPI_W_APPROX_COUNT ((SCODE)0x00040482)
#endif

/* ---- Transports --------------------------------------------------------- */
#ifndef MAPI_E_WAIT
#define MAPI_E_WAIT ((SCODE)0x80040500)
#endif
#ifndef MAPI_E_CANCEL
#define MAPI_E_CANCEL ((SCODE)0x80040501)
#endif
#ifndef MAPI_E_NOT_ME
#define MAPI_E_NOT_ME ((SCODE)0x80040502)
#endif
#ifndef MAPI_W_CANCEL_MESSAGE
#define MAPI_W_CANCEL_MESSAGE ((SCODE)0x00040580)
#endif

/* ---- Message stores, folders and messages ------------------------------- */
#ifndef MAPI_E_CORRUPT_STORE
#define MAPI_E_CORRUPT_STORE ((SCODE)0x80040600)
#endif
#ifndef MAPI_E_NOT_IN_QUEUE
#define MAPI_E_NOT_IN_QUEUE ((SCODE)0x80040601)
#endif
#ifndef MAPI_E_NO_SUPPRESS
#define MAPI_E_NO_SUPPRESS ((SCODE)0x80040602)
#endif
#ifndef MAPI_E_COLLISION
#define MAPI_E_COLLISION ((SCODE)0x80040604)
#endif
#ifndef MAPI_E_NOT_INITIALIZED
#define MAPI_E_NOT_INITIALIZED ((SCODE)0x80040605)
#endif
#ifndef MAPI_E_NON_STANDARD
#define MAPI_E_NON_STANDARD ((SCODE)0x80040606)
#endif
#ifndef MAPI_E_NO_RECIPIENTS
#define MAPI_E_NO_RECIPIENTS ((SCODE)0x80040607)
#endif
#ifndef MAPI_E_SUBMITTED
#define MAPI_E_SUBMITTED ((SCODE)0x80040608)
#endif
#ifndef MAPI_E_HAS_FOLDERS
#define MAPI_E_HAS_FOLDERS ((SCODE)0x80040609)
#endif
#ifndef MAPI_E_HAS_MESSAGES
#define MAPI_E_HAS_MESSAGES ((SCODE)0x8004060A)
#endif
#ifndef MAPI_E_FOLDER_CYCLE
#define MAPI_E_FOLDER_CYCLE ((SCODE)0x8004060B)
#endif
/* Outlook 2010 and later headers. */
#ifndef MAPI_E_STORE_FULL
#define MAPI_E_STORE_FULL ((SCODE)0x8004060C)
#endif
#ifndef MAPI_E_LOCKID_LIMIT
#define MAPI_E_LOCKID_LIMIT ((SCODE)0x8004060D)
#endif
#ifndef MAPI_W_PARTIAL_COMPLETION
#define MAPI_W_PARTIAL_COMPLETION ((SCODE)0x00040680)
#endif

/* ---- Address book ------------------------------------------------------- */
#ifndef MAPI_E_AMBIGUOUS_RECIP
#define MAPI_E_AMBIGUOUS_RECIP ((SCODE)0x80040700)
#endif

/* Codes 0x800 to 0x8FF are reserved. */

/* ---- Named-property quota (Outlook 2010 and later headers) -------------- */
#ifndef MAPI_E_NAMED_PROP_QUOTA_EXCEEDED
#define MAPI_E_NAMED_PROP_QUOTA_EXCEEDED ((SCODE)0x80040900)
#endif

/* ---- Testing results ---------------------------------------------------- */

/* Obsolete spelling of ResultFromScode that older provider sources use. */
#ifndef MakeResult
#define MakeResult(sc) ResultFromScode(sc)
#endif

/* True for S_OK and for every success code, warnings (MAPI_W_*) included. */
#ifndef HR_SUCCEEDED
#define HR_SUCCEEDED(hr) SUCCEEDED((SCODE)(hr))
#define HR_FAILED(hr) FAILED((SCODE)(hr))
#endif

#endif /* MAPICODE_H */
