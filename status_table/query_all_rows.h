// HrQueryAllRows (hrqueryallrows.md) over any IMAPITable, MAPI's own views
// and providers' alike, as a C++ function the exported one wraps.
//
// Stateless; thread-safe as far as the table is.
#ifndef MAPI_EMU_STATUS_TABLE_QUERY_ALL_ROWS_H_
#define MAPI_EMU_STATUS_TABLE_QUERY_ALL_ROWS_H_

#include "mapi_emu/base/allocator.h"
#include "mapidefs.h"

namespace mapi_emu {

// Rows QueryAllRows asks the table for at a time.
inline constexpr LONG kQueryAllRowsChunk = 256;

// Applies `columns` (SetColumns), `restriction` (Restrict) and `sort`
// (SortTable) when they are non-NULL — NULL leaves the view's current
// setting — seeks to the beginning and reads every row into one SRowSet
// allocated from `allocator` (rows the table allocated are moved into it, so
// FreeProws frees everything). max_rows > 0: more rows than that is
// MAPI_E_TABLE_TOO_BIG (nothing returned); 0: no limit; < 0:
// MAPI_E_INVALID_PARAMETER. The table's own errors are passed through.
// *rows is set only on success.
HRESULT QueryAllRows(IMAPITable* table, const SPropTagArray* columns,
                     const SRestriction* restriction, const SSortOrderSet* sort,
                     LONG max_rows, SRowSet** rows, BufferAllocator& allocator);

}  // namespace mapi_emu

#endif  // MAPI_EMU_STATUS_TABLE_QUERY_ALL_ROWS_H_
