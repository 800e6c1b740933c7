#include "status_table/query_all_rows.h"

#include <vector>

#include "mapicode.h"

namespace mapi_emu {
namespace {

// Frees the chunks a failed read collected: each row's values, then the set.
void FreeChunks(const std::vector<SRowSet*>& chunks, BufferAllocator& allocator) {
  for (SRowSet* chunk : chunks) {
    for (ULONG i = 0; i < chunk->cRows; ++i) {
      allocator.Free(chunk->aRow[i].lpProps, "HrQueryAllRows");
    }
    allocator.Free(chunk, "HrQueryAllRows");
  }
}

}  // namespace

HRESULT QueryAllRows(IMAPITable* table, const SPropTagArray* columns,
                     const SRestriction* restriction, const SSortOrderSet* sort,
                     LONG max_rows, SRowSet** rows, BufferAllocator& allocator) {
  if (table == nullptr || rows == nullptr || max_rows < 0) {
    return MAPI_E_INVALID_PARAMETER;
  }
  // The SDK's structures are not const-correct; the table only reads them.
  if (columns != nullptr) {
    HRESULT hr = table->SetColumns(const_cast<LPSPropTagArray>(columns), 0);
    if (FAILED(hr)) return hr;
  }
  if (restriction != nullptr) {
    HRESULT hr = table->Restrict(const_cast<LPSRestriction>(restriction), 0);
    if (FAILED(hr)) return hr;
  }
  if (sort != nullptr) {
    HRESULT hr = table->SortTable(const_cast<LPSSortOrderSet>(sort), 0);
    if (FAILED(hr)) return hr;
  }
  if (HRESULT hr = table->SeekRow(BOOKMARK_BEGINNING, 0, nullptr); FAILED(hr)) {
    return hr;
  }

  std::vector<SRowSet*> chunks;
  size_t total = 0;
  for (;;) {
    SRowSet* chunk = nullptr;
    const HRESULT hr = table->QueryRows(kQueryAllRowsChunk, 0, &chunk);
    if (FAILED(hr)) {
      FreeChunks(chunks, allocator);
      return hr;
    }
    if (chunk == nullptr) break;  // a table that returns no set at the end
    if (chunk->cRows == 0) {
      allocator.Free(chunk, "HrQueryAllRows");
      break;
    }
    chunks.push_back(chunk);
    total += chunk->cRows;
    if (max_rows > 0 && total > static_cast<size_t>(max_rows)) {
      FreeChunks(chunks, allocator);
      return MAPI_E_TABLE_TOO_BIG;
    }
  }

  void* block = nullptr;
  if (total > (0xFFFFFFFFu - CbNewSRowSet(0)) / sizeof(SRow)) {
    FreeChunks(chunks, allocator);
    return MAPI_E_TABLE_TOO_BIG;
  }
  if (SCODE sc = allocator.Allocate(static_cast<ULONG>(CbNewSRowSet(total)),
                                    &block);
      FAILED(sc)) {
    FreeChunks(chunks, allocator);
    return sc;
  }
  auto* all = static_cast<SRowSet*>(block);
  all->cRows = 0;
  for (SRowSet* chunk : chunks) {
    for (ULONG i = 0; i < chunk->cRows; ++i) all->aRow[all->cRows++] = chunk->aRow[i];
    allocator.Free(chunk, "HrQueryAllRows");  // the rows now belong to `all`
  }
  *rows = all;
  return S_OK;
}

}  // namespace mapi_emu
