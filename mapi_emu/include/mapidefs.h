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
typedef ULONG FAR *LPULONG; /* <windows.h> has PULONG only */
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
#define MAPI_FORCE_ACCESS ((ULONG)0x00080000)
#define MAPI_BEST_ACCESS ((ULONG)0x00000010)
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
    LONG_PTR lID_Reserved; /* first, as in the SDK: brace initializers set it */
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

/* Entry lists (IMAPIContainer::SetSearchCriteria, IMAPIFolder::CopyMessages,
 * IABContainer::CopyEntries, ...): an SBinaryArray of entry identifiers. */
typedef SBinaryArray ENTRYLIST, FAR *LPENTRYLIST;

/* Pointer types the SDK declares here too; the interfaces themselves are
 * declared with the session and profile administration (mapix.h). */
DECLARE_MAPI_INTERFACE_PTR(IAddrBook, LPADRBOOK);
DECLARE_MAPI_INTERFACE_PTR(IProviderAdmin, LPPROVIDERADMIN);

/* Value constants below are guarded one by one: mapitags.h and client code
 * may carry some of the same names. */

/* Recipient types (PR_RECIPIENT_TYPE); plain integers, as in the SDK. */
#ifndef MAPI_ORIG
#define MAPI_ORIG 0
#endif
#ifndef MAPI_TO
#define MAPI_TO 1
#endif
#ifndef MAPI_CC
#define MAPI_CC 2
#endif
#ifndef MAPI_BCC
#define MAPI_BCC 3
#endif
#ifndef MAPI_P1
#define MAPI_P1 0x10000000
#endif
#ifndef MAPI_SUBMITTED
#define MAPI_SUBMITTED 0x80000000
#endif

/* Maximum profile name and password lengths, without the terminator. */
#ifndef cchProfileNameMax
#define cchProfileNameMax 64
#endif
#ifndef cchProfilePassMax
#define cchProfilePassMax 64
#endif

/* IMAPIProgress: a progress indicator passed to long operations. MAPI_TOP_LEVEL
 * (GetFlags) is defined above. */

#define MAPI_IMAPIPROGRESS_METHODS(IPURE)                                        \
  MAPIMETHOD(Progress)(THIS_ ULONG ulValue, ULONG ulCount, ULONG ulTotal) IPURE; \
  MAPIMETHOD(GetFlags)(THIS_ ULONG FAR * lpulFlags) IPURE;                       \
  MAPIMETHOD(GetMax)(THIS_ ULONG FAR * lpulMax) IPURE;                           \
  MAPIMETHOD(GetMin)(THIS_ ULONG FAR * lpulMin) IPURE;                           \
  MAPIMETHOD(SetLimits)(THIS_ LPULONG lpulMin, LPULONG lpulMax,                  \
                        LPULONG lpulFlags) IPURE;

#undef INTERFACE
#define INTERFACE IMAPIProgress
DECLARE_MAPI_INTERFACE_(IMAPIProgress, IUnknown) {
  BEGIN_INTERFACE
  MAPI_IUNKNOWN_METHODS(PURE)
  MAPI_IMAPIPROGRESS_METHODS(PURE)
};

/* IMAPIProp::SaveChanges */
#ifndef KEEP_OPEN_READONLY
#define KEEP_OPEN_READONLY ((ULONG)0x00000001)
#endif
#ifndef KEEP_OPEN_READWRITE
#define KEEP_OPEN_READWRITE ((ULONG)0x00000002)
#endif
#ifndef FORCE_SAVE
#define FORCE_SAVE ((ULONG)0x00000004)
#endif

/* IMAPIProp::OpenProperty (with MAPI_MODIFY, MAPI_CREATE above) */
#ifndef STREAM_APPEND
#define STREAM_APPEND ((ULONG)0x00000004)
#endif

/* IMAPITable: a view of rows. Its flags, status values and BOOKMARK are
 * defined above with the table structures. */

#define MAPI_IMAPITABLE_METHODS(IPURE)                                           \
  MAPIMETHOD(GetLastError)(THIS_ HRESULT hResult, ULONG ulFlags,                 \
                           LPMAPIERROR FAR * lppMAPIError) IPURE;                \
  MAPIMETHOD(Advise)(THIS_ ULONG ulEventMask, LPMAPIADVISESINK lpAdviseSink,     \
                     ULONG_PTR FAR * lpulConnection) IPURE;                      \
  MAPIMETHOD(Unadvise)(THIS_ ULONG_PTR ulConnection) IPURE;                      \
  MAPIMETHOD(GetStatus)(THIS_ ULONG FAR * lpulTableStatus,                       \
                        ULONG FAR * lpulTableType) IPURE;                        \
  MAPIMETHOD(SetColumns)(THIS_ LPSPropTagArray lpPropTagArray,                   \
                         ULONG ulFlags) IPURE;                                   \
  MAPIMETHOD(QueryColumns)(THIS_ ULONG ulFlags,                                  \
                           LPSPropTagArray FAR * lpPropTagArray) IPURE;          \
  MAPIMETHOD(GetRowCount)(THIS_ ULONG ulFlags, ULONG FAR * lpulCount) IPURE;     \
  MAPIMETHOD(SeekRow)(THIS_ BOOKMARK bkOrigin, LONG lRowCount,                   \
                      LONG FAR * lplRowsSought) IPURE;                           \
  MAPIMETHOD(SeekRowApprox)(THIS_ ULONG ulNumerator, ULONG ulDenominator) IPURE; \
  MAPIMETHOD(QueryPosition)(THIS_ ULONG FAR * lpulRow,                           \
                            ULONG FAR * lpulNumerator,                           \
                            ULONG FAR * lpulDenominator) IPURE;                  \
  MAPIMETHOD(FindRow)(THIS_ LPSRestriction lpRestriction, BOOKMARK bkOrigin,     \
                      ULONG ulFlags) IPURE;                                      \
  MAPIMETHOD(Restrict)(THIS_ LPSRestriction lpRestriction, ULONG ulFlags) IPURE; \
  MAPIMETHOD(CreateBookmark)(THIS_ BOOKMARK FAR * lpbkPosition) IPURE;           \
  MAPIMETHOD(FreeBookmark)(THIS_ BOOKMARK bkPosition) IPURE;                     \
  MAPIMETHOD(SortTable)(THIS_ LPSSortOrderSet lpSortCriteria,                    \
                        ULONG ulFlags) IPURE;                                    \
  MAPIMETHOD(QuerySortOrder)(THIS_ LPSSortOrderSet FAR * lppSortCriteria) IPURE; \
  MAPIMETHOD(QueryRows)(THIS_ LONG lRowCount, ULONG ulFlags,                     \
                        LPSRowSet FAR * lppRows) IPURE;                          \
  MAPIMETHOD(Abort)(THIS) IPURE;                                                 \
  MAPIMETHOD(ExpandRow)(THIS_ ULONG cbInstanceKey, LPBYTE pbInstanceKey,         \
                        ULONG ulRowCount, ULONG ulFlags,                         \
                        LPSRowSet FAR * lppRows,                                 \
                        ULONG FAR * lpulMoreRows) IPURE;                         \
  MAPIMETHOD(CollapseRow)(THIS_ ULONG cbInstanceKey, LPBYTE pbInstanceKey,       \
                          ULONG ulFlags, ULONG FAR * lpulRowCount) IPURE;        \
  MAPIMETHOD(WaitForCompletion)(THIS_ ULONG ulFlags, ULONG ulTimeout,            \
                                ULONG FAR * lpulTableStatus) IPURE;              \
  MAPIMETHOD(GetCollapseState)(THIS_ ULONG ulFlags, ULONG cbInstanceKey,         \
                               LPBYTE lpbInstanceKey,                            \
                               ULONG FAR * lpcbCollapseState,                    \
                               LPBYTE FAR * lppbCollapseState) IPURE;            \
  MAPIMETHOD(SetCollapseState)(THIS_ ULONG ulFlags, ULONG cbCollapseState,       \
                               LPBYTE pbCollapseState,                           \
                               BOOKMARK FAR * lpbkLocation) IPURE;

#undef INTERFACE
#define INTERFACE IMAPITable
DECLARE_MAPI_INTERFACE_(IMAPITable, IUnknown) {
  BEGIN_INTERFACE
  MAPI_IUNKNOWN_METHODS(PURE)
  MAPI_IMAPITABLE_METHODS(PURE)
};

/* IProfSect: a profile section; IMAPIProp with no methods of its own. */

/* MAPIUID of the profile section that holds the public profile properties. */
#ifndef PS_PROFILE_PROPERTIES_INIT
#define PS_PROFILE_PROPERTIES_INIT \
  {0x98, 0x15, 0xAC, 0x08, 0xAA, 0xB0, 0x10, 0x1A, \
   0x8C, 0x93, 0x08, 0x00, 0x2B, 0x2A, 0x56, 0xC2}
#endif

#define MAPI_IPROFSECT_METHODS(IPURE)

#undef INTERFACE
#define INTERFACE IProfSect
DECLARE_MAPI_INTERFACE_(IProfSect, IMAPIProp) {
  BEGIN_INTERFACE
  MAPI_IUNKNOWN_METHODS(PURE)
  MAPI_IMAPIPROP_METHODS(PURE)
  MAPI_IPROFSECT_METHODS(PURE)
};

/* IMAPIStatus: a provider's or MAPI's status object. */

/* PR_RESOURCE_TYPE */
#ifndef MAPI_STORE_PROVIDER
#define MAPI_STORE_PROVIDER ((ULONG)33)
#endif
#ifndef MAPI_AB
#define MAPI_AB ((ULONG)34)
#endif
#ifndef MAPI_AB_PROVIDER
#define MAPI_AB_PROVIDER ((ULONG)35)
#endif
#ifndef MAPI_TRANSPORT_PROVIDER
#define MAPI_TRANSPORT_PROVIDER ((ULONG)36)
#endif
#ifndef MAPI_SPOOLER
#define MAPI_SPOOLER ((ULONG)37)
#endif
#ifndef MAPI_PROFILE_PROVIDER
#define MAPI_PROFILE_PROVIDER ((ULONG)38)
#endif
#ifndef MAPI_SUBSYSTEM
#define MAPI_SUBSYSTEM ((ULONG)39)
#endif
#ifndef MAPI_HOOK_PROVIDER
#define MAPI_HOOK_PROVIDER ((ULONG)40)
#endif

/* PR_RESOURCE_METHODS */
#ifndef STATUS_VALIDATE_STATE
#define STATUS_VALIDATE_STATE ((ULONG)0x00000001)
#endif
#ifndef STATUS_SETTINGS_DIALOG
#define STATUS_SETTINGS_DIALOG ((ULONG)0x00000002)
#endif
#ifndef STATUS_CHANGE_PASSWORD
#define STATUS_CHANGE_PASSWORD ((ULONG)0x00000004)
#endif
#ifndef STATUS_FLUSH_QUEUES
#define STATUS_FLUSH_QUEUES ((ULONG)0x00000008)
#endif

/* PR_RESOURCE_FLAGS (HOOK_INBOUND/HOOK_OUTBOUND are mapihook.h's) */
#ifndef STATUS_DEFAULT_OUTBOUND
#define STATUS_DEFAULT_OUTBOUND ((ULONG)0x00000001)
#endif
#ifndef STATUS_DEFAULT_STORE
#define STATUS_DEFAULT_STORE ((ULONG)0x00000002)
#endif
#ifndef STATUS_PRIMARY_IDENTITY
#define STATUS_PRIMARY_IDENTITY ((ULONG)0x00000004)
#endif
#ifndef STATUS_SIMPLE_STORE
#define STATUS_SIMPLE_STORE ((ULONG)0x00000008)
#endif
#ifndef STATUS_XP_PREFER_LAST
#define STATUS_XP_PREFER_LAST ((ULONG)0x00000010)
#endif
#ifndef STATUS_NO_PRIMARY_IDENTITY
#define STATUS_NO_PRIMARY_IDENTITY ((ULONG)0x00000020)
#endif
#ifndef STATUS_NO_DEFAULT_STORE
#define STATUS_NO_DEFAULT_STORE ((ULONG)0x00000040)
#endif
#ifndef STATUS_TEMP_SECTION
#define STATUS_TEMP_SECTION ((ULONG)0x00000080)
#endif
#ifndef STATUS_OWN_STORE
#define STATUS_OWN_STORE ((ULONG)0x00000100)
#endif
#ifndef HOOK_INBOUND
#define HOOK_INBOUND ((ULONG)0x00000200)
#endif
#ifndef HOOK_OUTBOUND
#define HOOK_OUTBOUND ((ULONG)0x00000400)
#endif
#ifndef STATUS_NEED_IPM_TREE
#define STATUS_NEED_IPM_TREE ((ULONG)0x00000800)
#endif
#ifndef STATUS_PRIMARY_STORE
#define STATUS_PRIMARY_STORE ((ULONG)0x00001000)
#endif
#ifndef STATUS_SECONDARY_STORE
#define STATUS_SECONDARY_STORE ((ULONG)0x00002000)
#endif

/* PR_STATUS_CODE: low 16 bits common, high 16 bits per provider type */
#ifndef STATUS_AVAILABLE
#define STATUS_AVAILABLE ((ULONG)0x00000001)
#endif
#ifndef STATUS_OFFLINE
#define STATUS_OFFLINE ((ULONG)0x00000002)
#endif
#ifndef STATUS_FAILURE
#define STATUS_FAILURE ((ULONG)0x00000004)
#endif
#ifndef STATUS_INBOUND_ENABLED
#define STATUS_INBOUND_ENABLED ((ULONG)0x00010000)
#endif
#ifndef STATUS_INBOUND_ACTIVE
#define STATUS_INBOUND_ACTIVE ((ULONG)0x00020000)
#endif
#ifndef STATUS_INBOUND_FLUSH
#define STATUS_INBOUND_FLUSH ((ULONG)0x00040000)
#endif
#ifndef STATUS_OUTBOUND_ENABLED
#define STATUS_OUTBOUND_ENABLED ((ULONG)0x00100000)
#endif
#ifndef STATUS_OUTBOUND_ACTIVE
#define STATUS_OUTBOUND_ACTIVE ((ULONG)0x00200000)
#endif
#ifndef STATUS_OUTBOUND_FLUSH
#define STATUS_OUTBOUND_FLUSH ((ULONG)0x00400000)
#endif
#ifndef STATUS_REMOTE_ACCESS
#define STATUS_REMOTE_ACCESS ((ULONG)0x00800000)
#endif

/* IMAPIStatus::ValidateState */
#ifndef SUPPRESS_UI
#define SUPPRESS_UI ((ULONG)0x00000001)
#endif
#ifndef REFRESH_XP_HEADER_CACHE
#define REFRESH_XP_HEADER_CACHE ((ULONG)0x00010000)
#endif
#ifndef PROCESS_XP_HEADER_CACHE
#define PROCESS_XP_HEADER_CACHE ((ULONG)0x00020000)
#endif
#ifndef FORCE_XP_CONNECT
#define FORCE_XP_CONNECT ((ULONG)0x00040000)
#endif
#ifndef FORCE_XP_DISCONNECT
#define FORCE_XP_DISCONNECT ((ULONG)0x00080000)
#endif
#ifndef CONFIG_CHANGED
#define CONFIG_CHANGED ((ULONG)0x00100000)
#endif
#ifndef ABORT_XP_HEADER_OPERATION
#define ABORT_XP_HEADER_OPERATION ((ULONG)0x00200000)
#endif
#ifndef SHOW_XP_SESSION_UI
#define SHOW_XP_SESSION_UI ((ULONG)0x00400000)
#endif

/* IMAPIStatus::SettingsDialog */
#ifndef UI_READONLY
#define UI_READONLY ((ULONG)0x00000001)
#endif

/* IMAPIStatus::FlushQueues */
#ifndef FLUSH_UPLOAD
#define FLUSH_UPLOAD ((ULONG)0x00000002)
#endif
#ifndef FLUSH_DOWNLOAD
#define FLUSH_DOWNLOAD ((ULONG)0x00000004)
#endif
#ifndef FLUSH_FORCE
#define FLUSH_FORCE ((ULONG)0x00000008)
#endif
#ifndef FLUSH_NO_UI
#define FLUSH_NO_UI ((ULONG)0x00000010)
#endif
#ifndef FLUSH_ASYNC_OK
#define FLUSH_ASYNC_OK ((ULONG)0x00000020)
#endif

#define MAPI_IMAPISTATUS_METHODS(IPURE)                                          \
  MAPIMETHOD(ValidateState)(THIS_ ULONG_PTR ulUIParam, ULONG ulFlags) IPURE;     \
  MAPIMETHOD(SettingsDialog)(THIS_ ULONG_PTR ulUIParam, ULONG ulFlags) IPURE;    \
  MAPIMETHOD(ChangePassword)(THIS_ LPTSTR lpOldPass, LPTSTR lpNewPass,           \
                             ULONG ulFlags) IPURE;                               \
  MAPIMETHOD(FlushQueues)(THIS_ ULONG_PTR ulUIParam, ULONG cbTargetTransport,    \
                          LPENTRYID lpTargetTransport, ULONG ulFlags) IPURE;

#undef INTERFACE
#define INTERFACE IMAPIStatus
DECLARE_MAPI_INTERFACE_(IMAPIStatus, IMAPIProp) {
  BEGIN_INTERFACE
  MAPI_IUNKNOWN_METHODS(PURE)
  MAPI_IMAPIPROP_METHODS(PURE)
  MAPI_IMAPISTATUS_METHODS(PURE)
};

/* IMAPIContainer: the base of folders and address-book containers. */

/* IMAPIContainer::GetHierarchyTable */
#ifndef CONVENIENT_DEPTH
#define CONVENIENT_DEPTH ((ULONG)0x00000001)
#endif

/* IMAPIContainer::GetSearchCriteria, *lpulSearchState */
#ifndef SEARCH_RUNNING
#define SEARCH_RUNNING ((ULONG)0x00000001)
#endif
#ifndef SEARCH_REBUILD
#define SEARCH_REBUILD ((ULONG)0x00000002)
#endif
#ifndef SEARCH_RECURSIVE
#define SEARCH_RECURSIVE ((ULONG)0x00000004)
#endif
#ifndef SEARCH_FOREGROUND
#define SEARCH_FOREGROUND ((ULONG)0x00000008)
#endif

/* IMAPIContainer::SetSearchCriteria */
#ifndef STOP_SEARCH
#define STOP_SEARCH ((ULONG)0x00000001)
#endif
#ifndef RESTART_SEARCH
#define RESTART_SEARCH ((ULONG)0x00000002)
#endif
#ifndef RECURSIVE_SEARCH
#define RECURSIVE_SEARCH ((ULONG)0x00000004)
#endif
#ifndef SHALLOW_SEARCH
#define SHALLOW_SEARCH ((ULONG)0x00000008)
#endif
#ifndef FOREGROUND_SEARCH
#define FOREGROUND_SEARCH ((ULONG)0x00000010)
#endif
#ifndef BACKGROUND_SEARCH
#define BACKGROUND_SEARCH ((ULONG)0x00000020)
#endif

#define MAPI_IMAPICONTAINER_METHODS(IPURE)                                       \
  MAPIMETHOD(GetContentsTable)(THIS_ ULONG ulFlags,                              \
                               LPMAPITABLE FAR * lppTable) IPURE;                \
  MAPIMETHOD(GetHierarchyTable)(THIS_ ULONG ulFlags,                             \
                                LPMAPITABLE FAR * lppTable) IPURE;               \
  MAPIMETHOD(OpenEntry)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID,              \
                        LPCIID lpInterface, ULONG ulFlags,                       \
                        ULONG FAR * lpulObjType, LPUNKNOWN FAR * lppUnk) IPURE;  \
  MAPIMETHOD(SetSearchCriteria)(THIS_ LPSRestriction lpRestriction,              \
                                LPENTRYLIST lpContainerList,                     \
                                ULONG ulSearchFlags) IPURE;                      \
  MAPIMETHOD(GetSearchCriteria)(THIS_ ULONG ulFlags,                             \
                                LPSRestriction FAR * lppRestriction,             \
                                LPENTRYLIST FAR * lppContainerList,              \
                                ULONG FAR * lpulSearchState) IPURE;

#undef INTERFACE
#define INTERFACE IMAPIContainer
DECLARE_MAPI_INTERFACE_(IMAPIContainer, IMAPIProp) {
  BEGIN_INTERFACE
  MAPI_IUNKNOWN_METHODS(PURE)
  MAPI_IMAPIPROP_METHODS(PURE)
  MAPI_IMAPICONTAINER_METHODS(PURE)
};

/* IABContainer: an address-book container. */

/* The flag array of IABContainer::ResolveNames, one entry per ADRLIST entry. */
typedef struct _flaglist {
  ULONG cFlags;
  ULONG ulFlag[MAPI_DIM];
} FlagList, FAR *LPFlagList;

/* PR_CONTAINER_FLAGS */
#ifndef AB_RECIPIENTS
#define AB_RECIPIENTS ((ULONG)0x00000001)
#endif
#ifndef AB_SUBCONTAINERS
#define AB_SUBCONTAINERS ((ULONG)0x00000002)
#endif
#ifndef AB_MODIFIABLE
#define AB_MODIFIABLE ((ULONG)0x00000004)
#endif
#ifndef AB_UNMODIFIABLE
#define AB_UNMODIFIABLE ((ULONG)0x00000008)
#endif
#ifndef AB_FIND_ON_OPEN
#define AB_FIND_ON_OPEN ((ULONG)0x00000010)
#endif
#ifndef AB_NOT_DEFAULT
#define AB_NOT_DEFAULT ((ULONG)0x00000020)
#endif

/* IABContainer::CreateEntry */
#ifndef CREATE_CHECK_DUP_STRICT
#define CREATE_CHECK_DUP_STRICT ((ULONG)0x00000001)
#endif
#ifndef CREATE_CHECK_DUP_LOOSE
#define CREATE_CHECK_DUP_LOOSE ((ULONG)0x00000002)
#endif
#ifndef CREATE_REPLACE
#define CREATE_REPLACE ((ULONG)0x00000004)
#endif

/* IABContainer::ResolveNames, lpFlagList->ulFlag[] */
#ifndef MAPI_UNRESOLVED
#define MAPI_UNRESOLVED ((ULONG)0x00000000)
#endif
#ifndef MAPI_AMBIGUOUS
#define MAPI_AMBIGUOUS ((ULONG)0x00000001)
#endif
#ifndef MAPI_RESOLVED
#define MAPI_RESOLVED ((ULONG)0x00000002)
#endif

#define MAPI_IABCONTAINER_METHODS(IPURE)                                         \
  MAPIMETHOD(CreateEntry)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID,            \
                          ULONG ulCreateFlags,                                   \
                          LPMAPIPROP FAR * lppMAPIPropEntry) IPURE;              \
  MAPIMETHOD(CopyEntries)(THIS_ LPENTRYLIST lpEntries, ULONG_PTR ulUIParam,      \
                          LPMAPIPROGRESS lpProgress, ULONG ulFlags) IPURE;       \
  MAPIMETHOD(DeleteEntries)(THIS_ LPENTRYLIST lpEntries, ULONG ulFlags) IPURE;   \
  MAPIMETHOD(ResolveNames)(THIS_ LPSPropTagArray lpPropTagArray, ULONG ulFlags,  \
                           LPADRLIST lpAdrList, LPFlagList lpFlagList) IPURE;

#undef INTERFACE
#define INTERFACE IABContainer
DECLARE_MAPI_INTERFACE_(IABContainer, IMAPIContainer) {
  BEGIN_INTERFACE
  MAPI_IUNKNOWN_METHODS(PURE)
  MAPI_IMAPIPROP_METHODS(PURE)
  MAPI_IMAPICONTAINER_METHODS(PURE)
  MAPI_IABCONTAINER_METHODS(PURE)
};

/* IMailUser: a messaging user; IMAPIProp with no methods of its own.
 * MAPI_SEND_NO_RICH_INFO is defined above. */

/* PR_NDR_DIAG_CODE */
#ifndef MAPI_DIAG
#define MAPI_DIAG(_code) ((LONG)(_code))
#endif
#ifndef MAPI_DIAG_NO_DIAGNOSTIC
#define MAPI_DIAG_NO_DIAGNOSTIC MAPI_DIAG(-1)
#endif
#ifndef MAPI_DIAG_OR_NAME_UNRECOGNIZED
#define MAPI_DIAG_OR_NAME_UNRECOGNIZED MAPI_DIAG(0)
#endif
#ifndef MAPI_DIAG_OR_NAME_AMBIGUOUS
#define MAPI_DIAG_OR_NAME_AMBIGUOUS MAPI_DIAG(1)
#endif
#ifndef MAPI_DIAG_MTS_CONGESTED
#define MAPI_DIAG_MTS_CONGESTED MAPI_DIAG(2)
#endif
#ifndef MAPI_DIAG_LOOP_DETECTED
#define MAPI_DIAG_LOOP_DETECTED MAPI_DIAG(3)
#endif
#ifndef MAPI_DIAG_RECIPIENT_UNAVAILABLE
#define MAPI_DIAG_RECIPIENT_UNAVAILABLE MAPI_DIAG(4)
#endif
#ifndef MAPI_DIAG_MAXIMUM_TIME_EXPIRED
#define MAPI_DIAG_MAXIMUM_TIME_EXPIRED MAPI_DIAG(5)
#endif
#ifndef MAPI_DIAG_EITS_UNSUPPORTED
#define MAPI_DIAG_EITS_UNSUPPORTED MAPI_DIAG(6)
#endif
#ifndef MAPI_DIAG_CONTENT_TOO_LONG
#define MAPI_DIAG_CONTENT_TOO_LONG MAPI_DIAG(7)
#endif
#ifndef MAPI_DIAG_IMPRACTICAL_TO_CONVERT
#define MAPI_DIAG_IMPRACTICAL_TO_CONVERT MAPI_DIAG(8)
#endif
#ifndef MAPI_DIAG_PROHIBITED_TO_CONVERT
#define MAPI_DIAG_PROHIBITED_TO_CONVERT MAPI_DIAG(9)
#endif
#ifndef MAPI_DIAG_CONVERSION_UNSUBSCRIBED
#define MAPI_DIAG_CONVERSION_UNSUBSCRIBED MAPI_DIAG(10)
#endif
#ifndef MAPI_DIAG_PARAMETERS_INVALID
#define MAPI_DIAG_PARAMETERS_INVALID MAPI_DIAG(11)
#endif
#ifndef MAPI_DIAG_CONTENT_SYNTAX_IN_ERROR
#define MAPI_DIAG_CONTENT_SYNTAX_IN_ERROR MAPI_DIAG(12)
#endif
#ifndef MAPI_DIAG_LENGTH_CONSTRAINT_VIOLATD
#define MAPI_DIAG_LENGTH_CONSTRAINT_VIOLATD MAPI_DIAG(13)
#endif
#ifndef MAPI_DIAG_NUMBER_CONSTRAINT_VIOLATD
#define MAPI_DIAG_NUMBER_CONSTRAINT_VIOLATD MAPI_DIAG(14)
#endif
#ifndef MAPI_DIAG_CONTENT_TYPE_UNSUPPORTED
#define MAPI_DIAG_CONTENT_TYPE_UNSUPPORTED MAPI_DIAG(15)
#endif
#ifndef MAPI_DIAG_TOO_MANY_RECIPIENTS
#define MAPI_DIAG_TOO_MANY_RECIPIENTS MAPI_DIAG(16)
#endif
#ifndef MAPI_DIAG_NO_BILATERAL_AGREEMENT
#define MAPI_DIAG_NO_BILATERAL_AGREEMENT MAPI_DIAG(17)
#endif
#ifndef MAPI_DIAG_CRITICAL_FUNC_UNSUPPORTED
#define MAPI_DIAG_CRITICAL_FUNC_UNSUPPORTED MAPI_DIAG(18)
#endif
#ifndef MAPI_DIAG_CONVERSION_LOSS_PROHIB
#define MAPI_DIAG_CONVERSION_LOSS_PROHIB MAPI_DIAG(19)
#endif
#ifndef MAPI_DIAG_LINE_TOO_LONG
#define MAPI_DIAG_LINE_TOO_LONG MAPI_DIAG(20)
#endif
#ifndef MAPI_DIAG_PAGE_TOO_LONG
#define MAPI_DIAG_PAGE_TOO_LONG MAPI_DIAG(21)
#endif
#ifndef MAPI_DIAG_PICTORIAL_SYMBOL_LOST
#define MAPI_DIAG_PICTORIAL_SYMBOL_LOST MAPI_DIAG(22)
#endif
#ifndef MAPI_DIAG_PUNCTUATION_SYMBOL_LOST
#define MAPI_DIAG_PUNCTUATION_SYMBOL_LOST MAPI_DIAG(23)
#endif
#ifndef MAPI_DIAG_ALPHABETIC_CHARACTER_LOST
#define MAPI_DIAG_ALPHABETIC_CHARACTER_LOST MAPI_DIAG(24)
#endif
#ifndef MAPI_DIAG_MULTIPLE_INFO_LOSSES
#define MAPI_DIAG_MULTIPLE_INFO_LOSSES MAPI_DIAG(25)
#endif
#ifndef MAPI_DIAG_REASSIGNMENT_PROHIBITED
#define MAPI_DIAG_REASSIGNMENT_PROHIBITED MAPI_DIAG(26)
#endif
#ifndef MAPI_DIAG_REDIRECTION_LOOP_DETECTED
#define MAPI_DIAG_REDIRECTION_LOOP_DETECTED MAPI_DIAG(27)
#endif
#ifndef MAPI_DIAG_EXPANSION_PROHIBITED
#define MAPI_DIAG_EXPANSION_PROHIBITED MAPI_DIAG(28)
#endif
#ifndef MAPI_DIAG_SUBMISSION_PROHIBITED
#define MAPI_DIAG_SUBMISSION_PROHIBITED MAPI_DIAG(29)
#endif
#ifndef MAPI_DIAG_EXPANSION_FAILED
#define MAPI_DIAG_EXPANSION_FAILED MAPI_DIAG(30)
#endif
#ifndef MAPI_DIAG_RENDITION_UNSUPPORTED
#define MAPI_DIAG_RENDITION_UNSUPPORTED MAPI_DIAG(31)
#endif
#ifndef MAPI_DIAG_MAIL_ADDRESS_INCORRECT
#define MAPI_DIAG_MAIL_ADDRESS_INCORRECT MAPI_DIAG(32)
#endif
#ifndef MAPI_DIAG_MAIL_OFFICE_INCOR_OR_INVD
#define MAPI_DIAG_MAIL_OFFICE_INCOR_OR_INVD MAPI_DIAG(33)
#endif
#ifndef MAPI_DIAG_MAIL_ADDRESS_INCOMPLETE
#define MAPI_DIAG_MAIL_ADDRESS_INCOMPLETE MAPI_DIAG(34)
#endif
#ifndef MAPI_DIAG_MAIL_RECIPIENT_UNKNOWN
#define MAPI_DIAG_MAIL_RECIPIENT_UNKNOWN MAPI_DIAG(35)
#endif
#ifndef MAPI_DIAG_MAIL_RECIPIENT_DECEASED
#define MAPI_DIAG_MAIL_RECIPIENT_DECEASED MAPI_DIAG(36)
#endif
#ifndef MAPI_DIAG_MAIL_ORGANIZATION_EXPIRED
#define MAPI_DIAG_MAIL_ORGANIZATION_EXPIRED MAPI_DIAG(37)
#endif
#ifndef MAPI_DIAG_MAIL_REFUSED
#define MAPI_DIAG_MAIL_REFUSED MAPI_DIAG(38)
#endif
#ifndef MAPI_DIAG_MAIL_UNCLAIMED
#define MAPI_DIAG_MAIL_UNCLAIMED MAPI_DIAG(39)
#endif
#ifndef MAPI_DIAG_MAIL_RECIPIENT_MOVED
#define MAPI_DIAG_MAIL_RECIPIENT_MOVED MAPI_DIAG(40)
#endif
#ifndef MAPI_DIAG_MAIL_RECIPIENT_TRAVELLING
#define MAPI_DIAG_MAIL_RECIPIENT_TRAVELLING MAPI_DIAG(41)
#endif
#ifndef MAPI_DIAG_MAIL_RECIPIENT_DEPARTED
#define MAPI_DIAG_MAIL_RECIPIENT_DEPARTED MAPI_DIAG(42)
#endif
#ifndef MAPI_DIAG_MAIL_NEW_ADDRESS_UNKNOWN
#define MAPI_DIAG_MAIL_NEW_ADDRESS_UNKNOWN MAPI_DIAG(43)
#endif
#ifndef MAPI_DIAG_MAIL_FORWARDING_UNWANTED
#define MAPI_DIAG_MAIL_FORWARDING_UNWANTED MAPI_DIAG(44)
#endif
#ifndef MAPI_DIAG_MAIL_FORWARDING_PROHIB
#define MAPI_DIAG_MAIL_FORWARDING_PROHIB MAPI_DIAG(45)
#endif
#ifndef MAPI_DIAG_SECURE_MESSAGING_ERROR
#define MAPI_DIAG_SECURE_MESSAGING_ERROR MAPI_DIAG(46)
#endif
#ifndef MAPI_DIAG_DOWNGRADING_IMPOSSIBLE
#define MAPI_DIAG_DOWNGRADING_IMPOSSIBLE MAPI_DIAG(47)
#endif

/* PR_DELIVERY_POINT */
#ifndef MAPI_MH_DP_PUBLIC_UA
#define MAPI_MH_DP_PUBLIC_UA ((ULONG)0)
#endif
#ifndef MAPI_MH_DP_PRIVATE_UA
#define MAPI_MH_DP_PRIVATE_UA ((ULONG)1)
#endif
#ifndef MAPI_MH_DP_MS
#define MAPI_MH_DP_MS ((ULONG)2)
#endif
#ifndef MAPI_MH_DP_ML
#define MAPI_MH_DP_ML ((ULONG)3)
#endif
#ifndef MAPI_MH_DP_PDAU
#define MAPI_MH_DP_PDAU ((ULONG)4)
#endif
#ifndef MAPI_MH_DP_PDS_PATRON
#define MAPI_MH_DP_PDS_PATRON ((ULONG)5)
#endif
#ifndef MAPI_MH_DP_OTHER_AU
#define MAPI_MH_DP_OTHER_AU ((ULONG)6)
#endif

#define MAPI_IMAILUSER_METHODS(IPURE)

#undef INTERFACE
#define INTERFACE IMailUser
DECLARE_MAPI_INTERFACE_(IMailUser, IMAPIProp) {
  BEGIN_INTERFACE
  MAPI_IUNKNOWN_METHODS(PURE)
  MAPI_IMAPIPROP_METHODS(PURE)
  MAPI_IMAILUSER_METHODS(PURE)
};

/* IDistList: a distribution list; its own methods are IABContainer's. */
#define MAPI_IDISTLIST_METHODS(IPURE) MAPI_IABCONTAINER_METHODS(IPURE)

#undef INTERFACE
#define INTERFACE IDistList
DECLARE_MAPI_INTERFACE_(IDistList, IMAPIContainer) {
  BEGIN_INTERFACE
  MAPI_IUNKNOWN_METHODS(PURE)
  MAPI_IMAPIPROP_METHODS(PURE)
  MAPI_IMAPICONTAINER_METHODS(PURE)
  MAPI_IDISTLIST_METHODS(PURE)
};

/* IMAPIFolder: a message-store folder. */

/* PR_FOLDER_TYPE; IMAPIFolder::CreateFolder ulFolderType */
#ifndef FOLDER_ROOT
#define FOLDER_ROOT ((ULONG)0x00000000)
#endif
#ifndef FOLDER_GENERIC
#define FOLDER_GENERIC ((ULONG)0x00000001)
#endif
#ifndef FOLDER_SEARCH
#define FOLDER_SEARCH ((ULONG)0x00000002)
#endif

/* IMAPIFolder::CopyMessages */
#ifndef MESSAGE_MOVE
#define MESSAGE_MOVE ((ULONG)0x00000001)
#endif
#ifndef MESSAGE_DIALOG
#define MESSAGE_DIALOG ((ULONG)0x00000002)
#endif

/* IMAPIFolder::CreateFolder */
#ifndef OPEN_IF_EXISTS
#define OPEN_IF_EXISTS ((ULONG)0x00000001)
#endif

/* IMAPIFolder::DeleteFolder, EmptyFolder */
#ifndef DEL_MESSAGES
#define DEL_MESSAGES ((ULONG)0x00000001)
#endif
#ifndef FOLDER_DIALOG
#define FOLDER_DIALOG ((ULONG)0x00000002)
#endif
#ifndef DEL_FOLDERS
#define DEL_FOLDERS ((ULONG)0x00000004)
#endif
#ifndef DEL_ASSOCIATED
#define DEL_ASSOCIATED ((ULONG)0x00000008)
#endif

/* IMAPIFolder::CopyFolder */
#ifndef FOLDER_MOVE
#define FOLDER_MOVE ((ULONG)0x00000001)
#endif
#ifndef COPY_SUBFOLDERS
#define COPY_SUBFOLDERS ((ULONG)0x00000010)
#endif

/* IMAPIFolder::GetMessageStatus, SetMessageStatus */
#ifndef MSGSTATUS_HIGHLIGHTED
#define MSGSTATUS_HIGHLIGHTED ((ULONG)0x00000001)
#endif
#ifndef MSGSTATUS_TAGGED
#define MSGSTATUS_TAGGED ((ULONG)0x00000002)
#endif
#ifndef MSGSTATUS_HIDDEN
#define MSGSTATUS_HIDDEN ((ULONG)0x00000004)
#endif
#ifndef MSGSTATUS_DELMARKED
#define MSGSTATUS_DELMARKED ((ULONG)0x00000008)
#endif
#ifndef MSGSTATUS_REMOTE_DOWNLOAD
#define MSGSTATUS_REMOTE_DOWNLOAD ((ULONG)0x00001000)
#endif
#ifndef MSGSTATUS_REMOTE_DELETE
#define MSGSTATUS_REMOTE_DELETE ((ULONG)0x00002000)
#endif

/* IMAPIFolder::SaveContentsSort */
#ifndef RECURSIVE_SORT
#define RECURSIVE_SORT ((ULONG)0x00000002)
#endif

/* PR_STATUS of a folder */
#ifndef FLDSTATUS_HIGHLIGHTED
#define FLDSTATUS_HIGHLIGHTED ((ULONG)0x00000001)
#endif
#ifndef FLDSTATUS_TAGGED
#define FLDSTATUS_TAGGED ((ULONG)0x00000002)
#endif
#ifndef FLDSTATUS_HIDDEN
#define FLDSTATUS_HIDDEN ((ULONG)0x00000004)
#endif
#ifndef FLDSTATUS_DELMARKED
#define FLDSTATUS_DELMARKED ((ULONG)0x00000008)
#endif

#define MAPI_IMAPIFOLDER_METHODS(IPURE)                                          \
  MAPIMETHOD(CreateMessage)(THIS_ LPCIID lpInterface, ULONG ulFlags,             \
                            LPMESSAGE FAR * lppMessage) IPURE;                   \
  MAPIMETHOD(CopyMessages)(THIS_ LPENTRYLIST lpMsgList, LPCIID lpInterface,      \
                           LPVOID lpDestFolder, ULONG_PTR ulUIParam,             \
                           LPMAPIPROGRESS lpProgress, ULONG ulFlags) IPURE;      \
  MAPIMETHOD(DeleteMessages)(THIS_ LPENTRYLIST lpMsgList, ULONG_PTR ulUIParam,   \
                             LPMAPIPROGRESS lpProgress, ULONG ulFlags) IPURE;    \
  MAPIMETHOD(CreateFolder)(THIS_ ULONG ulFolderType, LPTSTR lpszFolderName,      \
                           LPTSTR lpszFolderComment, LPCIID lpInterface,         \
                           ULONG ulFlags, LPMAPIFOLDER FAR * lppFolder) IPURE;   \
  MAPIMETHOD(CopyFolder)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID,             \
                         LPCIID lpInterface, LPVOID lpDestFolder,                \
                         LPTSTR lpszNewFolderName, ULONG_PTR ulUIParam,          \
                         LPMAPIPROGRESS lpProgress, ULONG ulFlags) IPURE;        \
  MAPIMETHOD(DeleteFolder)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID,           \
                           ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress,       \
                           ULONG ulFlags) IPURE;                                 \
  MAPIMETHOD(SetReadFlags)(THIS_ LPENTRYLIST lpMsgList, ULONG_PTR ulUIParam,     \
                           LPMAPIPROGRESS lpProgress, ULONG ulFlags) IPURE;      \
  MAPIMETHOD(GetMessageStatus)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID,       \
                               ULONG ulFlags,                                    \
                               ULONG FAR * lpulMessageStatus) IPURE;             \
  MAPIMETHOD(SetMessageStatus)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID,       \
                               ULONG ulNewStatus, ULONG ulNewStatusMask,         \
                               ULONG FAR * lpulOldStatus) IPURE;                 \
  MAPIMETHOD(SaveContentsSort)(THIS_ LPSSortOrderSet lpSortCriteria,             \
                               ULONG ulFlags) IPURE;                             \
  MAPIMETHOD(EmptyFolder)(THIS_ ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress,  \
                          ULONG ulFlags) IPURE;

#undef INTERFACE
#define INTERFACE IMAPIFolder
DECLARE_MAPI_INTERFACE_(IMAPIFolder, IMAPIContainer) {
  BEGIN_INTERFACE
  MAPI_IUNKNOWN_METHODS(PURE)
  MAPI_IMAPIPROP_METHODS(PURE)
  MAPI_IMAPICONTAINER_METHODS(PURE)
  MAPI_IMAPIFOLDER_METHODS(PURE)
};

/* IMsgStore: a message store, as its clients see it. */

/* PR_STORE_SUPPORT_MASK */
#ifndef STORE_ENTRYID_UNIQUE
#define STORE_ENTRYID_UNIQUE ((ULONG)0x00000001)
#endif
#ifndef STORE_READONLY
#define STORE_READONLY ((ULONG)0x00000002)
#endif
#ifndef STORE_SEARCH_OK
#define STORE_SEARCH_OK ((ULONG)0x00000004)
#endif
#ifndef STORE_MODIFY_OK
#define STORE_MODIFY_OK ((ULONG)0x00000008)
#endif
#ifndef STORE_CREATE_OK
#define STORE_CREATE_OK ((ULONG)0x00000010)
#endif
#ifndef STORE_ATTACH_OK
#define STORE_ATTACH_OK ((ULONG)0x00000020)
#endif
#ifndef STORE_OLE_OK
#define STORE_OLE_OK ((ULONG)0x00000040)
#endif
#ifndef STORE_SUBMIT_OK
#define STORE_SUBMIT_OK ((ULONG)0x00000080)
#endif
#ifndef STORE_NOTIFY_OK
#define STORE_NOTIFY_OK ((ULONG)0x00000100)
#endif
#ifndef STORE_MV_PROPS_OK
#define STORE_MV_PROPS_OK ((ULONG)0x00000200)
#endif
#ifndef STORE_CATEGORIZE_OK
#define STORE_CATEGORIZE_OK ((ULONG)0x00000400)
#endif
#ifndef STORE_RTF_OK
#define STORE_RTF_OK ((ULONG)0x00000800)
#endif
#ifndef STORE_RESTRICTION_OK
#define STORE_RESTRICTION_OK ((ULONG)0x00001000)
#endif
#ifndef STORE_SORT_OK
#define STORE_SORT_OK ((ULONG)0x00002000)
#endif
#ifndef STORE_PUBLIC_FOLDERS
#define STORE_PUBLIC_FOLDERS ((ULONG)0x00004000)
#endif
#ifndef STORE_UNCOMPRESSED_RTF
#define STORE_UNCOMPRESSED_RTF ((ULONG)0x00008000)
#endif

/* PR_STORE_STATE */
#ifndef STORE_HAS_SEARCHES
#define STORE_HAS_SEARCHES ((ULONG)0x01000000)
#endif

/* IMsgStore::StoreLogoff: input flags, then the flags returned in *lpulFlags */
#ifndef LOGOFF_NO_WAIT
#define LOGOFF_NO_WAIT ((ULONG)0x00000001)
#endif
#ifndef LOGOFF_ORDERLY
#define LOGOFF_ORDERLY ((ULONG)0x00000002)
#endif
#ifndef LOGOFF_PURGE
#define LOGOFF_PURGE ((ULONG)0x00000004)
#endif
#ifndef LOGOFF_ABORT
#define LOGOFF_ABORT ((ULONG)0x00000008)
#endif
#ifndef LOGOFF_QUIET
#define LOGOFF_QUIET ((ULONG)0x00000010)
#endif
#ifndef LOGOFF_COMPLETE
#define LOGOFF_COMPLETE ((ULONG)0x00010000)
#endif
#ifndef LOGOFF_INBOUND
#define LOGOFF_INBOUND ((ULONG)0x00020000)
#endif
#ifndef LOGOFF_OUTBOUND
#define LOGOFF_OUTBOUND ((ULONG)0x00040000)
#endif
#ifndef LOGOFF_OUTBOUND_QUEUE
#define LOGOFF_OUTBOUND_QUEUE ((ULONG)0x00080000)
#endif

/* IMsgStore::SetLockState */
#ifndef MSG_LOCKED
#define MSG_LOCKED ((ULONG)0x00000001)
#endif
#ifndef MSG_UNLOCKED
#define MSG_UNLOCKED ((ULONG)0x00000000)
#endif

/* PR_VALID_FOLDER_MASK */
#ifndef FOLDER_IPM_SUBTREE_VALID
#define FOLDER_IPM_SUBTREE_VALID ((ULONG)0x00000001)
#endif
#ifndef FOLDER_IPM_INBOX_VALID
#define FOLDER_IPM_INBOX_VALID ((ULONG)0x00000002)
#endif
#ifndef FOLDER_IPM_OUTBOX_VALID
#define FOLDER_IPM_OUTBOX_VALID ((ULONG)0x00000004)
#endif
#ifndef FOLDER_IPM_WASTEBASKET_VALID
#define FOLDER_IPM_WASTEBASKET_VALID ((ULONG)0x00000008)
#endif
#ifndef FOLDER_IPM_SENTMAIL_VALID
#define FOLDER_IPM_SENTMAIL_VALID ((ULONG)0x00000010)
#endif
#ifndef FOLDER_VIEWS_VALID
#define FOLDER_VIEWS_VALID ((ULONG)0x00000020)
#endif
#ifndef FOLDER_COMMON_VIEWS_VALID
#define FOLDER_COMMON_VIEWS_VALID ((ULONG)0x00000040)
#endif
#ifndef FOLDER_FINDER_VALID
#define FOLDER_FINDER_VALID ((ULONG)0x00000080)
#endif

/* IMAPISession::OpenMsgStore */
#ifndef MDB_NO_DIALOG
#define MDB_NO_DIALOG ((ULONG)0x00000001)
#endif
#ifndef MDB_WRITE
#define MDB_WRITE ((ULONG)0x00000004)
#endif
#ifndef MDB_TEMPORARY
#define MDB_TEMPORARY ((ULONG)0x00000020)
#endif
#ifndef MDB_NO_MAIL
#define MDB_NO_MAIL ((ULONG)0x00000080)
#endif

#define MAPI_IMSGSTORE_METHODS(IPURE)                                            \
  MAPIMETHOD(Advise)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID,                 \
                     ULONG ulEventMask, LPMAPIADVISESINK lpAdviseSink,           \
                     ULONG_PTR FAR * lpulConnection) IPURE;                      \
  MAPIMETHOD(Unadvise)(THIS_ ULONG_PTR ulConnection) IPURE;                      \
  MAPIMETHOD(CompareEntryIDs)(THIS_ ULONG cbEntryID1, LPENTRYID lpEntryID1,      \
                              ULONG cbEntryID2, LPENTRYID lpEntryID2,            \
                              ULONG ulFlags, ULONG FAR * lpulResult) IPURE;      \
  MAPIMETHOD(OpenEntry)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID,              \
                        LPCIID lpInterface, ULONG ulFlags,                       \
                        ULONG FAR * lpulObjType, LPUNKNOWN FAR * lppUnk) IPURE;  \
  MAPIMETHOD(SetReceiveFolder)(THIS_ LPTSTR lpszMessageClass, ULONG ulFlags,     \
                               ULONG cbEntryID, LPENTRYID lpEntryID) IPURE;      \
  MAPIMETHOD(GetReceiveFolder)(THIS_ LPTSTR lpszMessageClass, ULONG ulFlags,     \
                               ULONG FAR * lpcbEntryID,                          \
                               LPENTRYID FAR * lppEntryID,                       \
                               LPTSTR FAR * lppszExplicitClass) IPURE;           \
  MAPIMETHOD(GetReceiveFolderTable)(THIS_ ULONG ulFlags,                         \
                                    LPMAPITABLE FAR * lppTable) IPURE;           \
  MAPIMETHOD(StoreLogoff)(THIS_ ULONG FAR * lpulFlags) IPURE;                    \
  MAPIMETHOD(AbortSubmit)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID,            \
                          ULONG ulFlags) IPURE;                                  \
  MAPIMETHOD(GetOutgoingQueue)(THIS_ ULONG ulFlags,                              \
                               LPMAPITABLE FAR * lppTable) IPURE;                \
  MAPIMETHOD(SetLockState)(THIS_ LPMESSAGE lpMessage, ULONG ulLockState) IPURE;  \
  MAPIMETHOD(FinishedMsg)(THIS_ ULONG ulFlags, ULONG cbEntryID,                  \
                          LPENTRYID lpEntryID) IPURE;                            \
  MAPIMETHOD(NotifyNewMail)(THIS_ LPNOTIFICATION lpNotification) IPURE;

#undef INTERFACE
#define INTERFACE IMsgStore
DECLARE_MAPI_INTERFACE_(IMsgStore, IMAPIProp) {
  BEGIN_INTERFACE
  MAPI_IUNKNOWN_METHODS(PURE)
  MAPI_IMAPIPROP_METHODS(PURE)
  MAPI_IMSGSTORE_METHODS(PURE)
};

/* IMessage: a message. MODRECIP_* are defined above. */

/* IMessage::SubmitMessage */
#ifndef FORCE_SUBMIT
#define FORCE_SUBMIT ((ULONG)0x00000001)
#endif

/* PR_MESSAGE_FLAGS */
#ifndef MSGFLAG_READ
#define MSGFLAG_READ ((ULONG)0x00000001)
#endif
#ifndef MSGFLAG_UNMODIFIED
#define MSGFLAG_UNMODIFIED ((ULONG)0x00000002)
#endif
#ifndef MSGFLAG_SUBMIT
#define MSGFLAG_SUBMIT ((ULONG)0x00000004)
#endif
#ifndef MSGFLAG_UNSENT
#define MSGFLAG_UNSENT ((ULONG)0x00000008)
#endif
#ifndef MSGFLAG_HASATTACH
#define MSGFLAG_HASATTACH ((ULONG)0x00000010)
#endif
#ifndef MSGFLAG_FROMME
#define MSGFLAG_FROMME ((ULONG)0x00000020)
#endif
#ifndef MSGFLAG_ASSOCIATED
#define MSGFLAG_ASSOCIATED ((ULONG)0x00000040)
#endif
#ifndef MSGFLAG_RESEND
#define MSGFLAG_RESEND ((ULONG)0x00000080)
#endif
#ifndef MSGFLAG_RN_PENDING
#define MSGFLAG_RN_PENDING ((ULONG)0x00000100)
#endif
#ifndef MSGFLAG_NRN_PENDING
#define MSGFLAG_NRN_PENDING ((ULONG)0x00000200)
#endif

/* PR_SUBMIT_FLAGS */
#ifndef SUBMITFLAG_LOCKED
#define SUBMITFLAG_LOCKED ((ULONG)0x00000001)
#endif
#ifndef SUBMITFLAG_PREPROCESS
#define SUBMITFLAG_PREPROCESS ((ULONG)0x00000002)
#endif

/* IMessage::SetReadFlag, IMAPIFolder::SetReadFlags */
#ifndef SUPPRESS_RECEIPT
#define SUPPRESS_RECEIPT ((ULONG)0x00000001)
#endif
#ifndef CLEAR_READ_FLAG
#define CLEAR_READ_FLAG ((ULONG)0x00000004)
#endif
#ifndef GENERATE_RECEIPT_ONLY
#define GENERATE_RECEIPT_ONLY ((ULONG)0x00000010)
#endif
#ifndef CLEAR_RN_PENDING
#define CLEAR_RN_PENDING ((ULONG)0x00000020)
#endif
#ifndef CLEAR_NRN_PENDING
#define CLEAR_NRN_PENDING ((ULONG)0x00000040)
#endif

/* IMessage::DeleteAttach */
#ifndef ATTACH_DIALOG
#define ATTACH_DIALOG ((ULONG)0x00000001)
#endif

/* PR_SECURITY */
#ifndef SECURITY_SIGNED
#define SECURITY_SIGNED ((ULONG)0x00000001)
#endif
#ifndef SECURITY_ENCRYPTED
#define SECURITY_ENCRYPTED ((ULONG)0x00000002)
#endif

/* PR_PRIORITY */
#ifndef PRIO_URGENT
#define PRIO_URGENT ((LONG)1)
#endif
#ifndef PRIO_NORMAL
#define PRIO_NORMAL ((LONG)0)
#endif
#ifndef PRIO_NONURGENT
#define PRIO_NONURGENT ((LONG)-1)
#endif

/* PR_SENSITIVITY */
#ifndef SENSITIVITY_NONE
#define SENSITIVITY_NONE ((ULONG)0x00000000)
#endif
#ifndef SENSITIVITY_PERSONAL
#define SENSITIVITY_PERSONAL ((ULONG)0x00000001)
#endif
#ifndef SENSITIVITY_PRIVATE
#define SENSITIVITY_PRIVATE ((ULONG)0x00000002)
#endif
#ifndef SENSITIVITY_COMPANY_CONFIDENTIAL
#define SENSITIVITY_COMPANY_CONFIDENTIAL ((ULONG)0x00000003)
#endif

/* PR_IMPORTANCE */
#ifndef IMPORTANCE_LOW
#define IMPORTANCE_LOW ((LONG)0)
#endif
#ifndef IMPORTANCE_NORMAL
#define IMPORTANCE_NORMAL ((LONG)1)
#endif
#ifndef IMPORTANCE_HIGH
#define IMPORTANCE_HIGH ((LONG)2)
#endif

#define MAPI_IMESSAGE_METHODS(IPURE)                                             \
  MAPIMETHOD(GetAttachmentTable)(THIS_ ULONG ulFlags,                            \
                                 LPMAPITABLE FAR * lppTable) IPURE;              \
  MAPIMETHOD(OpenAttach)(THIS_ ULONG ulAttachmentNum, LPCIID lpInterface,        \
                         ULONG ulFlags, LPATTACH FAR * lppAttach) IPURE;         \
  MAPIMETHOD(CreateAttach)(THIS_ LPCIID lpInterface, ULONG ulFlags,              \
                           ULONG FAR * lpulAttachmentNum,                        \
                           LPATTACH FAR * lppAttach) IPURE;                      \
  MAPIMETHOD(DeleteAttach)(THIS_ ULONG ulAttachmentNum, ULONG_PTR ulUIParam,     \
                           LPMAPIPROGRESS lpProgress, ULONG ulFlags) IPURE;      \
  MAPIMETHOD(GetRecipientTable)(THIS_ ULONG ulFlags,                             \
                                LPMAPITABLE FAR * lppTable) IPURE;               \
  MAPIMETHOD(ModifyRecipients)(THIS_ ULONG ulFlags, LPADRLIST lpMods) IPURE;     \
  MAPIMETHOD(SubmitMessage)(THIS_ ULONG ulFlags) IPURE;                          \
  MAPIMETHOD(SetReadFlag)(THIS_ ULONG ulFlags) IPURE;

#undef INTERFACE
#define INTERFACE IMessage
DECLARE_MAPI_INTERFACE_(IMessage, IMAPIProp) {
  BEGIN_INTERFACE
  MAPI_IUNKNOWN_METHODS(PURE)
  MAPI_IMAPIPROP_METHODS(PURE)
  MAPI_IMESSAGE_METHODS(PURE)
};

/* IAttach: an attachment; IMAPIProp with no methods of its own. */

/* PR_ATTACH_METHOD */
#ifndef NO_ATTACHMENT
#define NO_ATTACHMENT ((ULONG)0x00000000)
#endif
#ifndef ATTACH_BY_VALUE
#define ATTACH_BY_VALUE ((ULONG)0x00000001)
#endif
#ifndef ATTACH_BY_REFERENCE
#define ATTACH_BY_REFERENCE ((ULONG)0x00000002)
#endif
#ifndef ATTACH_BY_REF_RESOLVE
#define ATTACH_BY_REF_RESOLVE ((ULONG)0x00000003)
#endif
#ifndef ATTACH_BY_REF_ONLY
#define ATTACH_BY_REF_ONLY ((ULONG)0x00000004)
#endif
#ifndef ATTACH_EMBEDDED_MSG
#define ATTACH_EMBEDDED_MSG ((ULONG)0x00000005)
#endif
#ifndef ATTACH_OLE
#define ATTACH_OLE ((ULONG)0x00000006)
#endif

#define MAPI_IATTACH_METHODS(IPURE)

#undef INTERFACE
#define INTERFACE IAttach
DECLARE_MAPI_INTERFACE_(IAttach, IMAPIProp) {
  BEGIN_INTERFACE
  MAPI_IUNKNOWN_METHODS(PURE)
  MAPI_IMAPIPROP_METHODS(PURE)
  MAPI_IATTACH_METHODS(PURE)
};

/* IMAPISession::OpenAddressBook */
#ifndef AB_NO_DIALOG
#define AB_NO_DIALOG ((ULONG)0x00000001)
#endif
#ifndef AB_UNICODEUI
#define AB_UNICODEUI ((ULONG)0x00000040)
#endif

/* PR_DISPLAY_TYPE: address-book contents tables */
#ifndef DT_MAILUSER
#define DT_MAILUSER ((ULONG)0x00000000)
#endif
#ifndef DT_DISTLIST
#define DT_DISTLIST ((ULONG)0x00000001)
#endif
#ifndef DT_FORUM
#define DT_FORUM ((ULONG)0x00000002)
#endif
#ifndef DT_AGENT
#define DT_AGENT ((ULONG)0x00000003)
#endif
#ifndef DT_ORGANIZATION
#define DT_ORGANIZATION ((ULONG)0x00000004)
#endif
#ifndef DT_PRIVATE_DISTLIST
#define DT_PRIVATE_DISTLIST ((ULONG)0x00000005)
#endif
#ifndef DT_REMOTE_MAILUSER
#define DT_REMOTE_MAILUSER ((ULONG)0x00000006)
#endif

/* PR_DISPLAY_TYPE: address-book hierarchy tables */
#ifndef DT_MODIFIABLE
#define DT_MODIFIABLE ((ULONG)0x00010000)
#endif
#ifndef DT_GLOBAL
#define DT_GLOBAL ((ULONG)0x00020000)
#endif
#ifndef DT_LOCAL
#define DT_LOCAL ((ULONG)0x00030000)
#endif
#ifndef DT_WAN
#define DT_WAN ((ULONG)0x00040000)
#endif
#ifndef DT_NOT_SPECIFIC
#define DT_NOT_SPECIFIC ((ULONG)0x00050000)
#endif

/* PR_DISPLAY_TYPE: folder hierarchy tables */
#ifndef DT_FOLDER
#define DT_FOLDER ((ULONG)0x01000000)
#endif
#ifndef DT_FOLDER_LINK
#define DT_FOLDER_LINK ((ULONG)0x02000000)
#endif
#ifndef DT_FOLDER_SPECIAL
#define DT_FOLDER_SPECIAL ((ULONG)0x04000000)
#endif

#endif /* MAPIDEFS_H */
