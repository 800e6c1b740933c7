// The exported table functions of mapiutil.h: CreateTable (the ITableData
// object providers build their tables with) and HrQueryAllRows, thin C
// wrappers over status_table/. Exceptions stop here, at the ABI edge
// (design.md §2.4); HrQueryAllRows allocates with the process allocator
// (MAPIAllocateBuffer's), so FreeProws frees its result.
#include "mapi_emu/base/allocator.h"
#include "mapi_emu/base/hresult.h"
#include "mapiutil.h"
#include "status_table/query_all_rows.h"
#include "status_table/table_data_object.h"

MAPI_EMU_STDAPI_(SCODE)
CreateTable(LPCIID lpInterface, ALLOCATEBUFFER FAR* lpAllocateBuffer,
            ALLOCATEMORE FAR* lpAllocateMore, FREEBUFFER FAR* lpFreeBuffer,
            LPVOID lpvReserved, ULONG ulTableType, ULONG ulPropTagIndexColumn,
            LPSPropTagArray lpSPropTagArrayColumns,
            LPTABLEDATA FAR* lppTableData) {
  return mapi_emu::GuardAbi("CreateTable", [&]() -> HRESULT {
    return mapi_emu::CreateTableData(lpInterface, lpAllocateBuffer,
                                     lpAllocateMore, lpFreeBuffer, lpvReserved,
                                     ulTableType, ulPropTagIndexColumn,
                                     lpSPropTagArrayColumns, lppTableData);
  });
}

MAPI_EMU_STDAPI
HrQueryAllRows(LPMAPITABLE lpTable, LPSPropTagArray lpPropTags,
               LPSRestriction lpRestriction, LPSSortOrderSet lpSortOrderSet,
               LONG crowsMax, LPSRowSet FAR* lppRows) {
  return mapi_emu::GuardAbi("HrQueryAllRows", [&]() -> HRESULT {
    return mapi_emu::QueryAllRows(lpTable, lpPropTags, lpRestriction,
                                  lpSortOrderSet, crowsMax, lppRows,
                                  mapi_emu::ProcessBufferAllocator());
  });
}
