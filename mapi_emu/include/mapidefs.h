/*
 * mapidefs.h -- MAPI's base definitions: the interface-declaration macros,
 * entry identifiers, property values and tag arrays, rows, address lists,
 * restrictions, sort orders, notifications, and the client-visible object
 * interfaces (IMAPIProp, IMAPITable, IMsgStore, IMessage, ...).
 *
 * Names, values, layouts and method order are MAPI's (Windows x64 layout on
 * 64-bit targets); a provider written for Windows MAPI compiles against it.
 */
#ifndef MAPIDEFS_H
#define MAPIDEFS_H

#include "mapiwin.h"

#include <stddef.h>

/* ---- Interface-declaration macros --------------------------------------- */
#ifndef MAPI_DIM
#define MAPI_DIM 1
#endif

#define MAPIMETHOD(method) MAPIMETHOD_(HRESULT, method)
#define MAPIMETHOD_(type, method) STDMETHOD_(type, method)
#define MAPIMETHOD_DECLARE(type, method, prefix) \
  STDMETHODIMP_(type) prefix##method
#define MAPIMETHOD_TYPEDEF(type, method, prefix) \
  typedef type(STDMETHODCALLTYPE prefix##method##_METHOD)
#define DECLARE_MAPI_INTERFACE(iface) DECLARE_INTERFACE(iface)
#define DECLARE_MAPI_INTERFACE_(iface, baseiface) \
  DECLARE_INTERFACE_(iface, baseiface)
#define DECLARE_MAPI_INTERFACE_PTR(iface, piface) \
  struct iface;                                   \
  typedef iface FAR *piface

/* The argument of the MAPI_I<NAME>_METHODS macros: IPURE in an interface
 * declaration, IMPL (nothing) in a class that implements the interface. */
#ifndef IMPL
#define IMPL
#endif

#define MAPI_IUNKNOWN_METHODS(IPURE)                                        \
  MAPIMETHOD(QueryInterface)(THIS_ REFIID riid, LPVOID FAR * ppvObj) IPURE; \
  MAPIMETHOD_(ULONG, AddRef)(THIS) IPURE;                                   \
  MAPIMETHOD_(ULONG, Release)(THIS) IPURE;

/* ---- Basic typedefs ------------------------------------------------------ */
typedef ULONG FLAGS;
typedef const IID FAR *LPCIID;

/* ---- MAPIUID and entry identifiers ------------------------------------- */
typedef struct _MAPIUID {
  BYTE ab[16];
} MAPIUID, FAR *LPMAPIUID;
#define IsEqualMAPIUID(lpuid1, lpuid2) \
  (!memcmp((lpuid1), (lpuid2), sizeof(MAPIUID)))

#define MAPI_ONE_OFF_UID                                                   \
  {                                                                        \
    0x81, 0x2b, 0x1f, 0xa4, 0xbe, 0xa3, 0x10, 0x19, 0x9d, 0x6e, 0x00, 0xdd, \
        0x01, 0x0f, 0x54, 0x02                                             \
  }
#define MAPI_ONE_OFF_UNICODE 0x8000
#define MAPI_ONE_OFF_NO_RICH_INFO 0x0001

typedef struct {
  BYTE abFlags[4];
  BYTE ab[MAPI_DIM];
} ENTRYID, FAR *LPENTRYID;
#define CbNewENTRYID(_cb) (offsetof(ENTRYID, ab) + (_cb))
#define CbENTRYID(_cb) (offsetof(ENTRYID, ab) + (_cb))
#define SizedENTRYID(_cb, _name) \
  struct _ENTRYID_##_name {      \
    BYTE abFlags[4];             \
    BYTE ab[_cb];                \
  } _name

/* abFlags[0] */
#define MAPI_SHORTTERM ((BYTE)0x80)
#define MAPI_NOTRECIP ((BYTE)0x40)
#define MAPI_THISSESSION ((BYTE)0x20)
#define MAPI_NOW ((BYTE)0x10)
#define MAPI_NOTRESERVED ((BYTE)0x08)
/* abFlags[1] */
#define MAPI_COMPOUND ((BYTE)0x80)

typedef struct {
  ULONG cb;
  BYTE abEntry[MAPI_DIM];
} FLATENTRY, FAR *LPFLATENTRY;
typedef struct {
  ULONG cEntries;
  ULONG cbEntries;
  BYTE abEntries[MAPI_DIM];
} FLATENTRYLIST, FAR *LPFLATENTRYLIST;
typedef struct {
  ULONG cb;
  BYTE ab[MAPI_DIM];
} MTSID, FAR *LPMTSID;
typedef struct {
  ULONG cMTSIDs;
  ULONG cbMTSIDs;
  BYTE abMTSIDs[MAPI_DIM];
} FLATMTSIDLIST, FAR *LPFLATMTSIDLIST;
#define CbNewFLATENTRY(_cb) (offsetof(FLATENTRY, abEntry) + (_cb))
#define CbFLATENTRY(_lpentry) (offsetof(FLATENTRY, abEntry) + (_lpentry)->cb)
#define CbNewFLATENTRYLIST(_cb) (offsetof(FLATENTRYLIST, abEntries) + (_cb))
#define CbFLATENTRYLIST(_lplist) \
  (offsetof(FLATENTRYLIST, abEntries) + (_lplist)->cbEntries)
#define CbNewMTSID(_cb) (offsetof(MTSID, ab) + (_cb))
#define CbMTSID(_lpmtsid) (offsetof(MTSID, ab) + (_lpmtsid)->cb)
#define CbNewFLATMTSIDLIST(_cb) (offsetof(FLATMTSIDLIST, abMTSIDs) + (_cb))
#define CbFLATMTSIDLIST(_lplist) \
  (offsetof(FLATMTSIDLIST, abMTSIDs) + (_lplist)->cbMTSIDs)

/* ---- Object types (PR_OBJECT_TYPE, lpulObjType) ------------------------ */
#define MAPI_STORE ((ULONG)0x00000001)
#define MAPI_ADDRBOOK ((ULONG)0x00000002)
#define MAPI_FOLDER ((ULONG)0x00000003)
#define MAPI_ABCONT ((ULONG)0x00000004)
#define MAPI_MESSAGE ((ULONG)0x00000005)
#define MAPI_MAILUSER ((ULONG)0x00000006)
#define MAPI_ATTACH ((ULONG)0x00000007)
#define MAPI_DISTLIST ((ULONG)0x00000008)
#define MAPI_PROFSECT ((ULONG)0x00000009)
#define MAPI_STATUS ((ULONG)0x0000000A)
#define MAPI_SESSION ((ULONG)0x0000000B)
#define MAPI_FORMINFO ((ULONG)0x0000000C)

/* ---- Common flags ------------------------------------------------------- */
#define MAPI_MODIFY ((ULONG)0x00000001)
#define MAPI_ACCESS_MODIFY ((ULONG)0x00000001)
#define MAPI_ACCESS_READ ((ULONG)0x00000002)
#define MAPI_ACCESS_DELETE ((ULONG)0x00000004)
#define MAPI_ACCESS_CREATE_HIERARCHY ((ULONG)0x00000008)
#define MAPI_ACCESS_CREATE_CONTENTS ((ULONG)0x00000010)
#define MAPI_ACCESS_CREATE_ASSOCIATED ((ULONG)0x00000020)
#define MAPI_UNICODE ((ULONG)0x80000000)
#if defined(UNICODE) || defined(_UNICODE)
#define fMapiUnicode MAPI_UNICODE
#else
#define fMapiUnicode 0
#endif
#define MAPI_DEFERRED_ERRORS ((ULONG)0x00000008)
#define MAPI_BEST_ACCESS ((ULONG)0x00000010)
#define MAPI_CACHE_ONLY ((ULONG)0x00004000)
#define MAPI_NO_CACHE ((ULONG)0x00000200)
#define MAPI_ASSOCIATED ((ULONG)0x00000040)
#define MAPI_DIALOG ((ULONG)0x00000008)
#define MAPI_USE_DEFAULT ((ULONG)0x00000040)
#define MAPI_NO_STRINGS ((ULONG)0x00000001)
#define MAPI_NO_IDS ((ULONG)0x00000002)
#define MAPI_CREATE ((ULONG)0x00000002)
#define MAPI_NT_SERVICE ((ULONG)0x00010000)
#define MAPI_NO_COINIT ((ULONG)0x00000008)
#define MAPI_MOVE ((ULONG)0x00000001)
#define MAPI_NOREPLACE ((ULONG)0x00000002)
#define MAPI_DECLINE_OK ((ULONG)0x00000004)
#define MAPI_NO_SUBOBJECTS ((ULONG)0x00000001)
#define MAPI_NO_CONVERSION ((ULONG)0x00000008)
#define MAPI_ERROR_VERSION ((ULONG)0x00000000)
#define MAPI_INIT_VERSION 0
#define MODRECIP_ADD ((ULONG)0x00000002)
#define MODRECIP_MODIFY ((ULONG)0x00000004)
#define MODRECIP_REMOVE ((ULONG)0x00000008)
#define MAPI_TOP_LEVEL ((ULONG)0x00000001)
#define MAPI_SEND_NO_RICH_INFO ((ULONG)0x00010000)

/* ---- Error information --------------------------------------------------- */
typedef struct _MAPIERROR {
  ULONG ulVersion;
  LPTSTR lpszError;
  LPTSTR lpszComponent;
  ULONG ulLowLevelError;
  ULONG ulContext;
} MAPIERROR, FAR *LPMAPIERROR;

/* ---- Memory allocation routines passed to providers ---------------------- */
typedef SCODE(STDMETHODCALLTYPE ALLOCATEBUFFER)(ULONG cbSize,
                                                LPVOID FAR *lppBuffer);
typedef SCODE(STDMETHODCALLTYPE ALLOCATEMORE)(ULONG cbSize, LPVOID lpObject,
                                              LPVOID FAR *lppBuffer);
typedef ULONG(STDAPICALLTYPE FREEBUFFER)(LPVOID lpBuffer);
typedef ALLOCATEBUFFER FAR *LPALLOCATEBUFFER;
typedef ALLOCATEMORE FAR *LPALLOCATEMORE;
typedef FREEBUFFER FAR *LPFREEBUFFER;

/* ---- Property types and tags -------------------------------------------- */
#define PROP_TYPE_MASK ((ULONG)0x0000FFFF)
#define PROP_TYPE(ulPropTag) (((ULONG)(ulPropTag)) & PROP_TYPE_MASK)
#define PROP_ID(ulPropTag) (((ULONG)(ulPropTag)) >> 16)
#define PROP_TAG(ulPropType, ulPropID) \
  ((((ULONG)(ulPropID)) << 16) | ((ULONG)(ulPropType)))
#define PROP_ID_NULL 0
#define PROP_ID_INVALID 0xFFFF
#define PR_NULL PROP_TAG(PT_NULL, PROP_ID_NULL)
#define CHANGE_PROP_TYPE(ulPropTag, ulPropType) \
  (((ULONG)0xFFFF0000 & (ulPropTag)) | (ulPropType))

#define PT_UNSPECIFIED ((ULONG)0)
#define PT_NULL ((ULONG)1)
#define PT_I2 ((ULONG)2)
#define PT_LONG ((ULONG)3)
#define PT_R4 ((ULONG)4)
#define PT_DOUBLE ((ULONG)5)
#define PT_CURRENCY ((ULONG)6)
#define PT_APPTIME ((ULONG)7)
#define PT_ERROR ((ULONG)10)
#define PT_BOOLEAN ((ULONG)11)
#define PT_OBJECT ((ULONG)13)
#define PT_I8 ((ULONG)20)
#define PT_STRING8 ((ULONG)30)
#define PT_UNICODE ((ULONG)31)
#define PT_SYSTIME ((ULONG)64)
#define PT_CLSID ((ULONG)72)
#define PT_BINARY ((ULONG)258)
#define PT_SHORT PT_I2
#define PT_I4 PT_LONG
#define PT_FLOAT PT_R4
#define PT_R8 PT_DOUBLE
#define PT_LONGLONG PT_I8

#define MV_FLAG 0x1000
#define PT_MV_I2 (MV_FLAG | PT_I2)
#define PT_MV_LONG (MV_FLAG | PT_LONG)
#define PT_MV_R4 (MV_FLAG | PT_R4)
#define PT_MV_DOUBLE (MV_FLAG | PT_DOUBLE)
#define PT_MV_CURRENCY (MV_FLAG | PT_CURRENCY)
#define PT_MV_APPTIME (MV_FLAG | PT_APPTIME)
#define PT_MV_SYSTIME (MV_FLAG | PT_SYSTIME)
#define PT_MV_STRING8 (MV_FLAG | PT_STRING8)
#define PT_MV_BINARY (MV_FLAG | PT_BINARY)
#define PT_MV_UNICODE (MV_FLAG | PT_UNICODE)
#define PT_MV_CLSID (MV_FLAG | PT_CLSID)
#define PT_MV_I8 (MV_FLAG | PT_I8)
#define PT_MV_SHORT PT_MV_I2
#define PT_MV_I4 PT_MV_LONG
#define PT_MV_FLOAT PT_MV_R4
#define PT_MV_R8 PT_MV_DOUBLE
#define PT_MV_LONGLONG PT_MV_I8
#define MV_INSTANCE 0x2000
#define MVI_FLAG (MV_FLAG | MV_INSTANCE)
#define MVI_PROP(tag) ((tag) | MVI_FLAG)

#if defined(UNICODE) || defined(_UNICODE)
#define PT_TSTRING PT_UNICODE
#define PT_MV_TSTRING (MV_FLAG | PT_UNICODE)
#define LPSZ lpszW
#define LPPSZ lppszW
#define MVSZ MVszW
#else
#define PT_TSTRING PT_STRING8
#define PT_MV_TSTRING (MV_FLAG | PT_STRING8)
#define LPSZ lpszA
#define LPPSZ lppszA
#define MVSZ MVszA
#endif

#define PROP_ID_SECURE_MIN 0x67F0
#define PROP_ID_SECURE_MAX 0x67FF

typedef struct _SPropTagArray {
  ULONG cValues;
  ULONG aulPropTag[MAPI_DIM];
} SPropTagArray, FAR *LPSPropTagArray;
#define CbNewSPropTagArray(_ctag) \
  (offsetof(SPropTagArray, aulPropTag) + (_ctag) * sizeof(ULONG))
#define CbSPropTagArray(_lparray) \
  (offsetof(SPropTagArray, aulPropTag) + (UINT)((_lparray)->cValues) * sizeof(ULONG))
#define SizedSPropTagArray(_ctag, _name) \
  struct _SPropTagArray_##_name {        \
    ULONG cValues;                       \
    ULONG aulPropTag[_ctag];             \
  } _name

/* ---- Property values ------------------------------------------------------ */
struct _SPropValue;
typedef struct _SPropValue SPropValue, FAR *LPSPropValue;

typedef struct _SBinary {
  ULONG cb;
  LPBYTE lpb;
} SBinary, FAR *LPSBinary;
typedef struct _SShortArray {
  ULONG cValues;
  short int FAR *lpi;
} SShortArray;
typedef struct _SGuidArray {
  ULONG cValues;
  GUID FAR *lpguid;
} SGuidArray;
typedef struct _SRealArray {
  ULONG cValues;
  float FAR *lpflt;
} SRealArray;
typedef struct _SLongArray {
  ULONG cValues;
  LONG FAR *lpl;
} SLongArray;
typedef struct _SLargeIntegerArray {
  ULONG cValues;
  LARGE_INTEGER FAR *lpli;
} SLargeIntegerArray;
typedef struct _SDateTimeArray {
  ULONG cValues;
  FILETIME FAR *lpft;
} SDateTimeArray;
typedef struct _SAppTimeArray {
  ULONG cValues;
  double FAR *lpat;
} SAppTimeArray;
typedef struct _SCurrencyArray {
  ULONG cValues;
  CURRENCY FAR *lpcur;
} SCurrencyArray;
typedef struct _SBinaryArray {
  ULONG cValues;
  SBinary FAR *lpbin;
} SBinaryArray;
typedef struct _SDoubleArray {
  ULONG cValues;
  double FAR *lpdbl;
} SDoubleArray;
typedef struct _SWStringArray {
  ULONG cValues;
  LPWSTR FAR *lppszW;
} SWStringArray;
typedef struct _SLPSTRArray {
  ULONG cValues;
  LPSTR FAR *lppszA;
} SLPSTRArray;

typedef union _PV {
  short int i;           /* PT_I2 */
  LONG l;                /* PT_LONG */
  ULONG ul;              /* alias for PT_LONG */
  LPVOID lpv;            /* alias for PT_PTR */
  float flt;             /* PT_R4 */
  double dbl;            /* PT_DOUBLE */
  unsigned short int b;  /* PT_BOOLEAN */
  CURRENCY cur;          /* PT_CURRENCY */
  double at;             /* PT_APPTIME */
  FILETIME ft;           /* PT_SYSTIME */
  LPSTR lpszA;           /* PT_STRING8 */
  SBinary bin;           /* PT_BINARY */
  LPWSTR lpszW;          /* PT_UNICODE */
  LPGUID lpguid;         /* PT_CLSID */
  LARGE_INTEGER li;      /* PT_I8 */
  SShortArray MVi;       /* PT_MV_I2 */
  SLongArray MVl;        /* PT_MV_LONG */
  SRealArray MVflt;      /* PT_MV_R4 */
  SDoubleArray MVdbl;    /* PT_MV_DOUBLE */
  SCurrencyArray MVcur;  /* PT_MV_CURRENCY */
  SAppTimeArray MVat;    /* PT_MV_APPTIME */
  SDateTimeArray MVft;   /* PT_MV_SYSTIME */
  SBinaryArray MVbin;    /* PT_MV_BINARY */
  SLPSTRArray MVszA;     /* PT_MV_STRING8 */
  SWStringArray MVszW;   /* PT_MV_UNICODE */
  SGuidArray MVguid;     /* PT_MV_CLSID */
  SLargeIntegerArray MVli; /* PT_MV_I8 */
  SCODE err;             /* PT_ERROR */
  LONG x;                /* PT_NULL, PT_OBJECT (no usable value) */
} __UPV;

struct _SPropValue {
  ULONG ulPropTag;
  ULONG dwAlignPad;
  union _PV Value;
};

typedef struct _SPropProblem {
  ULONG ulIndex;
  ULONG ulPropTag;
  SCODE scode;
} SPropProblem, FAR *LPSPropProblem;
typedef struct _SPropProblemArray {
  ULONG cProblem;
  SPropProblem aProblem[MAPI_DIM];
} SPropProblemArray, FAR *LPSPropProblemArray;
#define CbNewSPropProblemArray(_cprob) \
  (offsetof(SPropProblemArray, aProblem) + (_cprob) * sizeof(SPropProblem))
#define CbSPropProblemArray(_lparray)          \
  (offsetof(SPropProblemArray, aProblem) +     \
   (UINT)((_lparray)->cProblem) * sizeof(SPropProblem))
#define SizedSPropProblemArray(_cprob, _name) \
  struct _SPropProblemArray_##_name {         \
    ULONG cProblem;                           \
    SPropProblem aProblem[_cprob];            \
  } _name

/* ---- Named properties ----------------------------------------------------- */
#define MNID_ID 0
#define MNID_STRING 1
typedef struct _MAPINAMEID {
  LPGUID lpguid;
  ULONG ulKind;
  union {
    LONG lID;
    LPWSTR lpwstrName;
  } Kind;
} MAPINAMEID, FAR *LPMAPINAMEID;

/* ---- Address lists and rows ---------------------------------------------- */
typedef struct _ADRENTRY {
  ULONG ulReserved1;
  ULONG cValues;
  LPSPropValue rgPropVals;
} ADRENTRY, FAR *LPADRENTRY;
typedef struct _ADRLIST {
  ULONG cEntries;
  ADRENTRY aEntries[MAPI_DIM];
} ADRLIST, FAR *LPADRLIST;
#define CbNewADRLIST(_centries) \
  (offsetof(ADRLIST, aEntries) + (_centries) * sizeof(ADRENTRY))
#define CbADRLIST(_lpadrlist) \
  (offsetof(ADRLIST, aEntries) + (UINT)(_lpadrlist)->cEntries * sizeof(ADRENTRY))
#define SizedADRLIST(_centries, _name) \
  struct _ADRLIST_##_name {            \
    ULONG cEntries;                    \
    ADRENTRY aEntries[_centries];      \
  } _name

typedef struct _SRow {
  ULONG ulAdrEntryPad;
  ULONG cValues;
  LPSPropValue lpProps;
} SRow, FAR *LPSRow;
typedef struct _SRowSet {
  ULONG cRows;
  SRow aRow[MAPI_DIM];
} SRowSet, FAR *LPSRowSet;
#define CbNewSRowSet(_crow) (offsetof(SRowSet, aRow) + (_crow) * sizeof(SRow))
#define CbSRowSet(_lprowset) \
  (offsetof(SRowSet, aRow) + (UINT)((_lprowset)->cRows * sizeof(SRow)))
#define SizedSRowSet(_crow, _name) \
  struct _SRowSet_##_name {        \
    ULONG cRows;                   \
    SRow aRow[_crow];              \
  } _name

/* ---- Notifications ------------------------------------------------------- */
#define fnevCriticalError ((ULONG)0x00000001)
#define fnevNewMail ((ULONG)0x00000002)
#define fnevObjectCreated ((ULONG)0x00000004)
#define fnevObjectDeleted ((ULONG)0x00000008)
#define fnevObjectModified ((ULONG)0x00000010)
#define fnevObjectMoved ((ULONG)0x00000020)
#define fnevObjectCopied ((ULONG)0x00000040)
#define fnevSearchComplete ((ULONG)0x00000080)
#define fnevTableModified ((ULONG)0x00000100)
#define fnevStatusObjectModified ((ULONG)0x00000200)
#define fnevReservedForMapi ((ULONG)0x40000000)
#define fnevExtended ((ULONG)0x80000000)

#define TABLE_CHANGED 1
#define TABLE_ERROR 2
#define TABLE_ROW_ADDED 3
#define TABLE_ROW_DELETED 4
#define TABLE_ROW_MODIFIED 5
#define TABLE_SORT_DONE 6
#define TABLE_RESTRICT_DONE 7
#define TABLE_SETCOL_DONE 8
#define TABLE_RELOAD 9

typedef struct _ERROR_NOTIFICATION {
  ULONG cbEntryID;
  LPENTRYID lpEntryID;
  SCODE scode;
  ULONG ulFlags;
  LPMAPIERROR lpMAPIError;
} ERROR_NOTIFICATION;

typedef struct _NEWMAIL_NOTIFICATION {
  ULONG cbEntryID;
  LPENTRYID lpEntryID;
  ULONG cbParentID;
  LPENTRYID lpParentID;
  ULONG ulFlags;
  LPTSTR lpszMessageClass;
  ULONG ulMessageFlags;
} NEWMAIL_NOTIFICATION;

typedef struct _OBJECT_NOTIFICATION {
  ULONG cbEntryID;
  LPENTRYID lpEntryID;
  ULONG ulObjType;
  ULONG cbParentID;
  LPENTRYID lpParentID;
  ULONG cbOldID;
  LPENTRYID lpOldID;
  ULONG cbOldParentID;
  LPENTRYID lpOldParentID;
  LPSPropTagArray lpPropTagArray;
} OBJECT_NOTIFICATION;

typedef struct _TABLE_NOTIFICATION {
  ULONG ulTableEvent;
  HRESULT hResult;
  SPropValue propIndex;
  SPropValue propPrior;
  SRow row;
  ULONG ulPad;
} TABLE_NOTIFICATION;

typedef struct _EXTENDED_NOTIFICATION {
  ULONG ulEvent;
  ULONG cb;
  LPBYTE pbEventParameters;
} EXTENDED_NOTIFICATION;

typedef struct {
  ULONG cbEntryID;
  LPENTRYID lpEntryID;
  ULONG cValues;
  LPSPropValue lpPropVals;
} STATUS_OBJECT_NOTIFICATION;

typedef struct {
  ULONG ulEventType;
  ULONG ulAlignPad;
  union {
    ERROR_NOTIFICATION err;
    NEWMAIL_NOTIFICATION newmail;
    OBJECT_NOTIFICATION obj;
    TABLE_NOTIFICATION tab;
    EXTENDED_NOTIFICATION ext;
    STATUS_OBJECT_NOTIFICATION statobj;
  } info;
} NOTIFICATION, FAR *LPNOTIFICATION;

/* NEWMAIL_NOTIFICATION.ulFlags / ERROR_NOTIFICATION.ulFlags */
#define NOTIFY_SYNC ((ULONG)0x40000000)

/* ---- Restrictions ------------------------------------------------------- */
#define RES_AND ((ULONG)0x00000000)
#define RES_OR ((ULONG)0x00000001)
#define RES_NOT ((ULONG)0x00000002)
#define RES_CONTENT ((ULONG)0x00000003)
#define RES_PROPERTY ((ULONG)0x00000004)
#define RES_COMPAREPROPS ((ULONG)0x00000005)
#define RES_BITMASK ((ULONG)0x00000006)
#define RES_SIZE ((ULONG)0x00000007)
#define RES_EXIST ((ULONG)0x00000008)
#define RES_SUBRESTRICTION ((ULONG)0x00000009)
#define RES_COMMENT ((ULONG)0x0000000A)
#define RES_COUNT ((ULONG)0x0000000B)
#define RES_ANNOTATION ((ULONG)0x0000000C)

#define FL_FULLSTRING ((ULONG)0x00000000)
#define FL_SUBSTRING ((ULONG)0x00000001)
#define FL_PREFIX ((ULONG)0x00000002)
#define FL_IGNORECASE ((ULONG)0x00010000)
#define FL_IGNORENONSPACE ((ULONG)0x00020000)
#define FL_LOOSE ((ULONG)0x00040000)

#define BMR_EQZ ((ULONG)0x00000000)
#define BMR_NEZ ((ULONG)0x00000001)

#define RELOP_LT ((ULONG)0)
#define RELOP_LE ((ULONG)1)
#define RELOP_GT ((ULONG)2)
#define RELOP_GE ((ULONG)3)
#define RELOP_EQ ((ULONG)4)
#define RELOP_NE ((ULONG)5)
#define RELOP_RE ((ULONG)6)

struct _SRestriction;
typedef struct _SRestriction FAR *LPSRestriction;

typedef struct _SAndRestriction {
  ULONG cRes;
  LPSRestriction lpRes;
} SAndRestriction;
typedef struct _SOrRestriction {
  ULONG cRes;
  LPSRestriction lpRes;
} SOrRestriction;
typedef struct _SNotRestriction {
  ULONG ulReserved;
  LPSRestriction lpRes;
} SNotRestriction;
typedef struct _SContentRestriction {
  ULONG ulFuzzyLevel;
  ULONG ulPropTag;
  LPSPropValue lpProp;
} SContentRestriction;
typedef struct _SBitMaskRestriction {
  ULONG relBMR;
  ULONG ulPropTag;
  ULONG ulMask;
} SBitMaskRestriction;
typedef struct _SPropertyRestriction {
  ULONG relop;
  ULONG ulPropTag;
  LPSPropValue lpProp;
} SPropertyRestriction;
typedef struct _SComparePropsRestriction {
  ULONG relop;
  ULONG ulPropTag1;
  ULONG ulPropTag2;
} SComparePropsRestriction;
typedef struct _SSizeRestriction {
  ULONG relop;
  ULONG ulPropTag;
  ULONG cb;
} SSizeRestriction;
typedef struct _SExistRestriction {
  ULONG ulReserved1;
  ULONG ulPropTag;
  ULONG ulReserved2;
} SExistRestriction;
typedef struct _SSubRestriction {
  ULONG ulSubObject;
  LPSRestriction lpRes;
} SSubRestriction;
typedef struct _SCommentRestriction {
  ULONG cValues;
  LPSRestriction lpRes;
  LPSPropValue lpProp;
} SCommentRestriction;
typedef struct _SAnnotationRestriction {
  ULONG cValues;
  LPSRestriction lpRes;
  LPSPropValue lpProp;
} SAnnotationRestriction;
typedef struct _SCountRestriction {
  ULONG ulCount;
  LPSRestriction lpRes;
} SCountRestriction;

typedef struct _SRestriction {
  ULONG rt;
  union {
    SComparePropsRestriction resCompareProps;
    SAndRestriction resAnd;
    SOrRestriction resOr;
    SNotRestriction resNot;
    SContentRestriction resContent;
    SPropertyRestriction resProperty;
    SBitMaskRestriction resBitMask;
    SSizeRestriction resSize;
    SExistRestriction resExist;
    SSubRestriction resSub;
    SCommentRestriction resComment;
    SAnnotationRestriction resAnnotation;
    SCountRestriction resCount;
  } res;
} SRestriction;

/* ---- Sort orders --------------------------------------------------------- */
#define TABLE_SORT_ASCEND ((ULONG)0x00000000)
#define TABLE_SORT_DESCEND ((ULONG)0x00000001)
#define TABLE_SORT_COMBINE ((ULONG)0x00000002)
#define TABLE_SORT_CATEG_MAX ((ULONG)0x00000004)
#define TABLE_SORT_CATEG_MIN ((ULONG)0x00000008)

typedef struct _SSortOrder {
  ULONG ulPropTag;
  ULONG ulOrder;
} SSortOrder, FAR *LPSSortOrder;
typedef struct _SSortOrderSet {
  ULONG cSorts;
  ULONG cCategories;
  ULONG cExpanded;
  SSortOrder aSort[MAPI_DIM];
} SSortOrderSet, FAR *LPSSortOrderSet;
#define CbNewSSortOrderSet(_csort) \
  (offsetof(SSortOrderSet, aSort) + (_csort) * sizeof(SSortOrder))
#define CbSSortOrderSet(_lpset) \
  (offsetof(SSortOrderSet, aSort) + (UINT)((_lpset)->cSorts * sizeof(SSortOrder)))
#define SizedSSortOrderSet(_csort, _name) \
  struct _SSortOrderSet_##_name {         \
    ULONG cSorts;                         \
    ULONG cCategories;                    \
    ULONG cExpanded;                      \
    SSortOrder aSort[_csort];             \
  } _name

/* ---- Tables -------------------------------------------------------------- */
typedef ULONG_PTR BOOKMARK;
#define BOOKMARK_BEGINNING ((BOOKMARK)0)
#define BOOKMARK_CURRENT ((BOOKMARK)1)
#define BOOKMARK_END ((BOOKMARK)2)

#define TBLSTAT_COMPLETE ((ULONG)0)
#define TBLSTAT_QCHANGED ((ULONG)7)
#define TBLSTAT_SORTING ((ULONG)9)
#define TBLSTAT_SORT_ERROR ((ULONG)10)
#define TBLSTAT_SETTING_COLS ((ULONG)11)
#define TBLSTAT_SETCOL_ERROR ((ULONG)13)
#define TBLSTAT_RESTRICTING ((ULONG)14)
#define TBLSTAT_RESTRICT_ERROR ((ULONG)15)
#define TBLTYPE_SNAPSHOT ((ULONG)0)
#define TBLTYPE_KEYSET ((ULONG)1)
#define TBLTYPE_DYNAMIC ((ULONG)2)

#define TBL_ALL_COLUMNS ((ULONG)0x00000001)
#define TBL_LEAF_ROW ((ULONG)1)
#define TBL_EMPTY_CATEGORY ((ULONG)2)
#define TBL_EXPANDED_CATEGORY ((ULONG)3)
#define TBL_COLLAPSED_CATEGORY ((ULONG)4)
#define TBL_NOWAIT ((ULONG)0x00000001)
#define TBL_ASYNC ((ULONG)0x00000001)
#define TBL_BATCH ((ULONG)0x00000002)
#define DIR_BACKWARD ((ULONG)0x00000001)
#define TBL_NOADVANCE ((ULONG)0x00000001)

/* ---- Interfaces ---------------------------------------------------------- */
/* Each interface below lists its methods in the SDK's vtable order in a
 * MAPI_I<NAME>_METHODS(IPURE) macro; the interface itself is declared as
 *   DECLARE_MAPI_INTERFACE_(IName, IBase) {
 *     BEGIN_INTERFACE
 *     MAPI_IUNKNOWN_METHODS(PURE)
 *     MAPI_IBASE_METHODS(PURE)
 *     MAPI_INAME_METHODS(PURE)
 *   };
 * and an implementation class writes MAPI_I<NAME>_METHODS(IMPL). */

DECLARE_MAPI_INTERFACE_PTR(IMAPIAdviseSink, LPMAPIADVISESINK);
DECLARE_MAPI_INTERFACE_PTR(IMAPIProgress, LPMAPIPROGRESS);
DECLARE_MAPI_INTERFACE_PTR(IMAPIProp, LPMAPIPROP);
DECLARE_MAPI_INTERFACE_PTR(IMAPITable, LPMAPITABLE);
DECLARE_MAPI_INTERFACE_PTR(IMAPIStatus, LPMAPISTATUS);
DECLARE_MAPI_INTERFACE_PTR(IProfSect, LPPROFSECT);
DECLARE_MAPI_INTERFACE_PTR(IMAPIContainer, LPMAPICONTAINER);
DECLARE_MAPI_INTERFACE_PTR(IABContainer, LPABCONT);
DECLARE_MAPI_INTERFACE_PTR(IMailUser, LPMAILUSER);
DECLARE_MAPI_INTERFACE_PTR(IDistList, LPDISTLIST);
DECLARE_MAPI_INTERFACE_PTR(IMAPIFolder, LPMAPIFOLDER);
DECLARE_MAPI_INTERFACE_PTR(IMsgStore, LPMDB);
DECLARE_MAPI_INTERFACE_PTR(IMessage, LPMESSAGE);
DECLARE_MAPI_INTERFACE_PTR(IAttach, LPATTACH);

/* IMAPIAdviseSink */
#define MAPI_IMAPIADVISESINK_METHODS(IPURE) \
  MAPIMETHOD_(ULONG, OnNotify)(THIS_ ULONG cNotif, LPNOTIFICATION lpNotifications) IPURE;
#undef INTERFACE
#define INTERFACE IMAPIAdviseSink
DECLARE_MAPI_INTERFACE_(IMAPIAdviseSink, IUnknown) {
  BEGIN_INTERFACE
  MAPI_IUNKNOWN_METHODS(PURE)
  MAPI_IMAPIADVISESINK_METHODS(PURE)
};

/* Callback type for notification-on-callback advise sinks (HrAllocAdviseSink). */
typedef LONG(STDAPICALLTYPE NOTIFCALLBACK)(LPVOID lpvContext, ULONG cNotification,
                                           LPNOTIFICATION lpNotifications);
typedef NOTIFCALLBACK FAR *LPNOTIFCALLBACK;

/* IMAPIProp */
#define MAPI_IMAPIPROP_METHODS(IPURE)                                            \
  MAPIMETHOD(GetLastError)(THIS_ HRESULT hResult, ULONG ulFlags,                 \
                           LPMAPIERROR FAR * lppMAPIError) IPURE;                \
  MAPIMETHOD(SaveChanges)(THIS_ ULONG ulFlags) IPURE;                            \
  MAPIMETHOD(GetProps)(THIS_ LPSPropTagArray lpPropTagArray, ULONG ulFlags,      \
                       ULONG FAR * lpcValues, LPSPropValue FAR * lppPropArray)   \
      IPURE;                                                                     \
  MAPIMETHOD(GetPropList)(THIS_ ULONG ulFlags,                                   \
                          LPSPropTagArray FAR * lppPropTagArray) IPURE;          \
  MAPIMETHOD(OpenProperty)(THIS_ ULONG ulPropTag, LPCIID lpiid,                  \
                           ULONG ulInterfaceOptions, ULONG ulFlags,              \
                           LPUNKNOWN FAR * lppUnk) IPURE;                        \
  MAPIMETHOD(SetProps)(THIS_ ULONG cValues, LPSPropValue lpPropArray,            \
                       LPSPropProblemArray FAR * lppProblems) IPURE;             \
  MAPIMETHOD(DeleteProps)(THIS_ LPSPropTagArray lpPropTagArray,                  \
                          LPSPropProblemArray FAR * lppProblems) IPURE;          \
  MAPIMETHOD(CopyTo)(THIS_ ULONG ciidExclude, LPCIID rgiidExclude,               \
                     LPSPropTagArray lpExcludeProps, ULONG_PTR ulUIParam,        \
                     LPMAPIPROGRESS lpProgress, LPCIID lpInterface,              \
                     LPVOID lpDestObj, ULONG ulFlags,                            \
                     LPSPropProblemArray FAR * lppProblems) IPURE;               \
  MAPIMETHOD(CopyProps)(THIS_ LPSPropTagArray lpIncludeProps,                    \
                        ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress,          \
                        LPCIID lpInterface, LPVOID lpDestObj, ULONG ulFlags,     \
                        LPSPropProblemArray FAR * lppProblems) IPURE;            \
  MAPIMETHOD(GetNamesFromIDs)(THIS_ LPSPropTagArray FAR * lppPropTags,           \
                              LPGUID lpPropSetGuid, ULONG ulFlags,               \
                              ULONG FAR * lpcPropNames,                          \
                              LPMAPINAMEID FAR * FAR * lpppPropNames) IPURE;     \
  MAPIMETHOD(GetIDsFromNames)(THIS_ ULONG cPropNames,                            \
                              LPMAPINAMEID FAR * lppPropNames, ULONG ulFlags,    \
                              LPSPropTagArray FAR * lppPropTags) IPURE;
#undef INTERFACE
#define INTERFACE IMAPIProp
DECLARE_MAPI_INTERFACE_(IMAPIProp, IUnknown) {
  BEGIN_INTERFACE
  MAPI_IUNKNOWN_METHODS(PURE)
  MAPI_IMAPIPROP_METHODS(PURE)
};

/* @@MAPIDEFS_INTERFACES@@ */

#endif /* MAPIDEFS_H */
