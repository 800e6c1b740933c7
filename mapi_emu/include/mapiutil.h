/*
 * mapiutil.h -- MAPI utility functions and the table-data / property-data
 * objects providers build their tables and properties with.
 *
 * libmapi_emu exports every function declared here; a provider links them
 * through mapi_emu::mapi.
 */
#ifndef MAPIUTIL_H
#define MAPIUTIL_H

#include "mapix.h"

/* ---- Property values ------------------------------------------------------ */
/* Returns the first value in lpPropArray[0..cValues) whose tag is ulPropTag
 * (PT_UNSPECIFIED in ulPropTag matches any type with that ID), or NULL. */
MAPI_EMU_STDAPI_(LPSPropValue) PpropFindProp(LPSPropValue lpPropArray, ULONG cValues,
                                             ULONG ulPropTag);
/* Copies one value; variable-length parts are allocated with lpfAllocMore
 * linked to lpvObject. */
MAPI_EMU_STDAPI_(SCODE) PropCopyMore(LPSPropValue lpSPropValueDest,
                                     LPSPropValue lpSPropValueSrc,
                                     ALLOCATEMORE *lpfAllocMore, LPVOID lpvObject);
/* Copies cValues values and everything they point to into the single buffer
 * lpvDst (sized with ScCountProps); *lpcbCopy receives the bytes used. */
MAPI_EMU_STDAPI_(SCODE) ScCopyProps(int cValues, LPSPropValue lpPropArray, LPVOID lpvDst,
                                    ULONG FAR *lpcbCopy);
/* Computes the bytes ScCopyProps needs; MAPI_E_INVALID_PARAMETER for bad values. */
MAPI_EMU_STDAPI_(SCODE) ScCountProps(int cValues, LPSPropValue lpPropArray, ULONG FAR *lpcb);
/* Duplicates an array into one MAPIAllocateBuffer-style block. */
MAPI_EMU_STDAPI_(SCODE) ScDupPropset(int cValues, LPSPropValue lpPropArray,
                                     LPALLOCATEBUFFER lpAllocateBuffer,
                                     LPSPropValue FAR *lppPropArray);
/* Size of one value including what it points to (0 for an unknown type). */
MAPI_EMU_STDAPI_(ULONG) UlPropSize(LPSPropValue lpSPropValue);
/* Frees every row's property array with MAPIFreeBuffer, then the row set. */
MAPI_EMU_STDAPI_(void) FreeProws(LPSRowSet lpRows);
/* Frees every entry's property array with MAPIFreeBuffer, then the list. */
MAPI_EMU_STDAPI_(void) FreePadrlist(LPADRLIST lpAdrlist);
/* GetProps for one tag; MAPI_E_NOT_FOUND when the object has no such value
 * (*lppProp is then NULL). The caller frees *lppProp with MAPIFreeBuffer. */
MAPI_EMU_STDAPI HrGetOneProp(LPMAPIPROP lpMapiProp, ULONG ulPropTag,
                             LPSPropValue FAR *lppProp);
/* SetProps for one value; the problem array, if any, is turned into its SCODE. */
MAPI_EMU_STDAPI HrSetOneProp(LPMAPIPROP lpMapiProp, LPSPropValue lpProp);
/* The process's IMalloc (the one providers receive in their entry point). */
MAPI_EMU_STDAPI_(LPMALLOC) MAPIGetDefaultMalloc(void);

/* ---- Tables (exported) ---------------------------------------------------- */
DECLARE_MAPI_INTERFACE_PTR(ITableData, LPTABLEDATA);

/* Creates an in-memory table (an ITableData object, IID_IMAPITableData or
 * NULL in lpInterface) whose rows are identified by the column
 * ulPropTagIndexColumn; lpSPropTagArrayColumns is the default column set of
 * its views, which allocate with the three functions given. lpvReserved must
 * be NULL; ulTableType is what the views' GetStatus reports. */
MAPI_EMU_STDAPI_(SCODE) CreateTable(LPCIID lpInterface,
                                    ALLOCATEBUFFER FAR *lpAllocateBuffer,
                                    ALLOCATEMORE FAR *lpAllocateMore,
                                    FREEBUFFER FAR *lpFreeBuffer, LPVOID lpvReserved,
                                    ULONG ulTableType, ULONG ulPropTagIndexColumn,
                                    LPSPropTagArray lpSPropTagArrayColumns,
                                    LPTABLEDATA FAR *lppTableData);
/* Reads every row of lpTable into one row set (free it with FreeProws), after
 * applying the columns, restriction and sort order that are not NULL.
 * MAPI_E_TABLE_TOO_BIG if crowsMax > 0 and the table has more rows. */
MAPI_EMU_STDAPI HrQueryAllRows(LPMAPITABLE lpTable, LPSPropTagArray lpPropTags,
                               LPSRestriction lpRestriction,
                               LPSSortOrderSet lpSortOrderSet, LONG crowsMax,
                               LPSRowSet FAR *lppRows);

/* ---- ITableData: a table kept in memory ---------------------------------- */
/* Created by CreateTable with IID_IMAPITableData. The provider owns the
 * rows (each carries the index column); HrGetView hands out IMAPITable
 * views that see every later change to the rows. */
DECLARE_MAPI_INTERFACE_PTR(ITableData, LPTABLEDATA);

/* Called when a view from HrGetView is released, with the ulCallerData
 * given to HrGetView. */
typedef void(STDAPICALLTYPE CALLERRELEASE)(ULONG_PTR ulCallerData,
                                           LPTABLEDATA lpTblData,
                                           LPMAPITABLE lpVue);

/* HrDeleteRows ulFlags: delete every row (lprowsetToDelete is ignored) */
#define TAD_ALL_ROWS 1

#define MAPI_ITABLEDATA_METHODS(IPURE)                                         \
  MAPIMETHOD(HrGetView)(THIS_ LPSSortOrderSet lpSSortOrderSet,                 \
                        CALLERRELEASE FAR * lpfCallerRelease,                  \
                        ULONG_PTR ulCallerData,                                \
                        LPMAPITABLE FAR * lppMAPITable) IPURE;                 \
  MAPIMETHOD(HrModifyRow)(THIS_ LPSRow lpSRow) IPURE;                          \
  MAPIMETHOD(HrDeleteRow)(THIS_ LPSPropValue lpSPropValue) IPURE;              \
  MAPIMETHOD(HrQueryRow)(THIS_ LPSPropValue lpsPropValue,                      \
                         LPSRow FAR * lppSRow, ULONG FAR * lpuliRow) IPURE;    \
  MAPIMETHOD(HrEnumRow)(THIS_ ULONG ulRowNumber, LPSRow FAR * lppSRow) IPURE;  \
  MAPIMETHOD(HrNotify)(THIS_ ULONG ulFlags, ULONG cValues,                     \
                       LPSPropValue lpSPropValue) IPURE;                       \
  MAPIMETHOD(HrInsertRow)(THIS_ ULONG uliRow, LPSRow lpSRow) IPURE;            \
  MAPIMETHOD(HrModifyRows)(THIS_ ULONG ulFlags, LPSRowSet lpSRowSet) IPURE;    \
  MAPIMETHOD(HrDeleteRows)(THIS_ ULONG ulFlags, LPSRowSet lprowsetToDelete,    \
                           ULONG FAR * cRowsDeleted) IPURE;
#undef INTERFACE
#define INTERFACE ITableData
DECLARE_MAPI_INTERFACE_(ITableData, IUnknown) {
  BEGIN_INTERFACE
  MAPI_IUNKNOWN_METHODS(PURE)
  MAPI_ITABLEDATA_METHODS(PURE)
};

/* ---- IPropData: an IMAPIProp kept in memory ------------------------------ */
/* Created by CreateIProp with IID_IMAPIPropData. Every property, and the
 * object itself, starts read/write. */
#define MAPI_IPROPDATA_METHODS(IPURE)                                          \
  MAPIMETHOD(HrSetObjAccess)(THIS_ ULONG ulAccess) IPURE;                      \
  MAPIMETHOD(HrSetPropAccess)(THIS_ LPSPropTagArray lpPropTagArray,            \
                              ULONG FAR * rgulAccess) IPURE;                   \
  MAPIMETHOD(HrGetPropAccess)(THIS_ LPSPropTagArray FAR * lppPropTagArray,     \
                              ULONG FAR * FAR * lprgulAccess) IPURE;           \
  MAPIMETHOD(HrAddObjProps)(THIS_ LPSPropTagArray lppPropTagArray,             \
                            LPSPropProblemArray FAR * lprgulAccess) IPURE;
#undef INTERFACE
#define INTERFACE IPropData
DECLARE_MAPI_INTERFACE_(IPropData, IMAPIProp) {
  BEGIN_INTERFACE
  MAPI_IUNKNOWN_METHODS(PURE)
  MAPI_IMAPIPROP_METHODS(PURE)
  MAPI_IPROPDATA_METHODS(PURE)
};
DECLARE_MAPI_INTERFACE_PTR(IPropData, LPPROPDATA);

/* Access bits of HrSetObjAccess / HrSetPropAccess / HrGetPropAccess */
#define IPROP_READONLY ((ULONG)0x00000001)
#define IPROP_READWRITE ((ULONG)0x00000002)
#define IPROP_CLEAN ((ULONG)0x00010000)
#define IPROP_DIRTY ((ULONG)0x00020000)

/* ---- Property data objects (exported) ------------------------------------ */
/* Creates an empty, read/write IPropData object. lpInterface must be NULL or
 * &IID_IMAPIPropData; lpvReserved must be NULL. The object hands out memory
 * (GetProps values, problem arrays, tag arrays) from lpAllocateBuffer /
 * lpAllocateMore; the caller frees it with lpFreeBuffer. */
MAPI_EMU_STDAPI_(SCODE) CreateIProp(LPCIID lpInterface,
                                    ALLOCATEBUFFER FAR *lpAllocateBuffer,
                                    ALLOCATEMORE FAR *lpAllocateMore,
                                    FREEBUFFER FAR *lpFreeBuffer, LPVOID lpvReserved,
                                    LPPROPDATA FAR *lppPropData);

#endif /* MAPIUTIL_H */
