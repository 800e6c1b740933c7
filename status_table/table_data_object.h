// The ITableData object (mapiutil.h) that CreateTable hands to providers and
// clients: their side of a TableData — rows in, IMAPITable views out.
//
// Free-threaded: any thread may call it (TableData is thread-safe).
//
// Choices where the pages are silent (docs/outlook/mapi/itabledata-*.md):
//  - rows are keyed by the exact index tag; a value with another tag given
//    to HrDeleteRow / HrQueryRow is MAPI_E_INVALID_PARAMETER;
//  - HrQueryRow / HrEnumRow return one block: the SRow, with its values
//    linked to it by the table's ALLOCATEMORE (free it with one
//    MAPIFreeBuffer);
//  - HrInsertRow(uliRow) makes the row row number uliRow (0..n, n appends),
//    the reading under which "n appends" holds;
//  - HrNotify sends TABLE_ROW_MODIFIED for the row named by the index value
//    among its values (MAPI_E_NOT_FOUND if there is no such row);
//  - HrDeleteRows skips rows of the set without an index value, counts the
//    rows it deleted and sends one TABLE_ROW_DELETED per row; TAD_ALL_ROWS
//    sends one TABLE_RELOAD;
//  - unknown flags: MAPI_E_UNKNOWN_FLAGS.
#ifndef MAPI_EMU_STATUS_TABLE_TABLE_DATA_OBJECT_H_
#define MAPI_EMU_STATUS_TABLE_TABLE_DATA_OBJECT_H_

#include <memory>

#include "mapi_emu/base/com_object.h"
#include "mapi_emu/base/com_ptr.h"
#include "mapiutil.h"
#include "status_table/table_data.h"

namespace mapi_emu {

// Wraps `data` as an ITableData. A view from HrGetView holds a reference to
// the object until its CALLERRELEASE callback has run. `owner` (may be
// NULL) accounts for the object and its views.
ComPtr<ITableData> MakeTableDataObject(std::shared_ptr<TableData> data,
                                       const ObjectOwner* owner = nullptr);

// CreateTable (createtable.md). The table's default column set starts as
// `columns` and grows with the columns rows bring (itabledata-hrmodifyrow.md);
// views allocate with the three functions given. S_OK with *out set;
// otherwise *out is untouched: MAPI_E_INVALID_PARAMETER (NULL out, NULL
// allocator function or columns, non-NULL reserved, unknown table type),
// MAPI_E_INTERFACE_NOT_SUPPORTED (an IID other than IID_IMAPITableData).
SCODE CreateTableData(LPCIID iid, ALLOCATEBUFFER* allocate_buffer,
                      ALLOCATEMORE* allocate_more, FREEBUFFER* free_buffer,
                      void* reserved, ULONG table_type, ULONG index_tag,
                      const SPropTagArray* columns, LPTABLEDATA* out);

}  // namespace mapi_emu

#endif  // MAPI_EMU_STATUS_TABLE_TABLE_DATA_OBJECT_H_
