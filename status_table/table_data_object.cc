#include "status_table/table_data_object.h"

#include <optional>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "mapi_emu/base/hresult.h"
#include "mapi_emu/base/prop_array.h"
#include "mapi_emu/base/prop_tag_names.h"
#include "mapicode.h"
#include "mapiguid.h"

namespace mapi_emu {
namespace {

class TableDataObject final : public ComObject<ITableData> {
 public:
  TableDataObject(std::shared_ptr<TableData> data, const ObjectOwner* owner)
      : ComObject(owner, "TableData"), data_(std::move(data)) {
    if (owner != nullptr) owner_ = *owner;
  }

  MAPI_ITABLEDATA_METHODS(IMPL)

 private:
  // The row's values, checked and copied; MAPI_E_INVALID_PARAMETER if they
  // cannot be copied or lack the index column.
  absl::StatusOr<PropArray> RowFrom(const SRow& row) const;
  // One block: the SRow, its values linked to it.
  HRESULT MakeRow(const PropArray& props, LPSRow* out) const;
  bool IsIndex(const SPropValue* value) const {
    return value != nullptr && value->ulPropTag == data_->index_tag();
  }

  const std::shared_ptr<TableData> data_;
  std::optional<ObjectOwner> owner_;
};

absl::StatusOr<PropArray> TableDataObject::RowFrom(const SRow& row) const {
  if (row.cValues > 0 && row.lpProps == nullptr) {
    return HresultToStatus(MAPI_E_INVALID_PARAMETER, "row with NULL lpProps");
  }
  absl::StatusOr<PropArray> props = PropArray::TryCopy(row.lpProps, row.cValues);
  if (!props.ok()) return props.status();
  if (props->Find(data_->index_tag()) == nullptr) {
    return HresultToStatus(MAPI_E_INVALID_PARAMETER,
                           "the row has no index column " +
                               PropTagName(data_->index_tag()));
  }
  return props;
}

HRESULT TableDataObject::MakeRow(const PropArray& props, LPSRow* out) const {
  void* block = nullptr;
  if (SCODE sc = data_->allocate_buffer()(sizeof(SRow), &block); FAILED(sc)) {
    return sc;
  }
  if (block == nullptr) return MAPI_E_NOT_ENOUGH_MEMORY;
  auto* row = static_cast<LPSRow>(block);
  row->ulAdrEntryPad = 0;
  if (SCODE sc = props.ProjectMore(nullptr, data_->allocate_more(), row,
                                   &row->cValues, &row->lpProps);
      FAILED(sc)) {
    data_->free_buffer()(row);
    return sc;
  }
  *out = row;
  return S_OK;
}

STDMETHODIMP TableDataObject::HrGetView(LPSSortOrderSet lpSSortOrderSet,
                                        CALLERRELEASE FAR* lpfCallerRelease,
                                        ULONG_PTR ulCallerData,
                                        LPMAPITABLE FAR* lppMAPITable) {
  return GuardAbi("ITableData::HrGetView", [&]() -> HRESULT {
    if (lppMAPITable == nullptr) return MAPI_E_INVALID_PARAMETER;
    // CALLERRELEASE is for views the caller received: a view that fails to
    // sort is released without it.
    auto handed_out = std::make_shared<bool>(false);
    TableViewOptions options;
    options.owner = owner_.has_value() ? &*owner_ : nullptr;
    options.on_release = [self = ComPtr<ITableData>::Share(this),
                          lpfCallerRelease, ulCallerData,
                          handed_out](IMAPITable* view) {
      if (*handed_out && lpfCallerRelease != nullptr) {
        lpfCallerRelease(ulCallerData, self.get(), view);
      }
    };
    ComPtr<IMAPITable> view = data_->CreateView(std::move(options));
    if (lpSSortOrderSet != nullptr) {
      if (HRESULT hr = view->SortTable(lpSSortOrderSet, 0); FAILED(hr)) {
        return hr;
      }
    }
    *handed_out = true;
    *lppMAPITable = view.Detach();
    return S_OK;
  });
}

STDMETHODIMP TableDataObject::HrModifyRow(LPSRow lpSRow) {
  return GuardAbi("ITableData::HrModifyRow", [&]() -> absl::Status {
    if (lpSRow == nullptr) {
      return HresultToStatus(MAPI_E_INVALID_PARAMETER, "NULL lpSRow");
    }
    absl::StatusOr<PropArray> row = RowFrom(*lpSRow);
    if (!row.ok()) return row.status();
    return data_->ModifyRow(*std::move(row));
  });
}

STDMETHODIMP TableDataObject::HrDeleteRow(LPSPropValue lpSPropValue) {
  return GuardAbi("ITableData::HrDeleteRow", [&]() -> HRESULT {
    if (!IsIndex(lpSPropValue)) return MAPI_E_INVALID_PARAMETER;
    return StatusToHresult(data_->DeleteRow(*lpSPropValue));
  });
}

STDMETHODIMP TableDataObject::HrQueryRow(LPSPropValue lpsPropValue,
                                         LPSRow FAR* lppSRow,
                                         ULONG FAR* lpuliRow) {
  return GuardAbi("ITableData::HrQueryRow", [&]() -> HRESULT {
    if (lppSRow == nullptr || !IsIndex(lpsPropValue)) {
      return MAPI_E_INVALID_PARAMETER;
    }
    size_t position = 0;
    std::optional<PropArray> row = data_->QueryRow(*lpsPropValue, &position);
    if (!row.has_value()) return MAPI_E_NOT_FOUND;
    if (HRESULT hr = MakeRow(*row, lppSRow); FAILED(hr)) return hr;
    if (lpuliRow != nullptr) *lpuliRow = static_cast<ULONG>(position);
    return S_OK;
  });
}

STDMETHODIMP TableDataObject::HrEnumRow(ULONG ulRowNumber, LPSRow FAR* lppSRow) {
  return GuardAbi("ITableData::HrEnumRow", [&]() -> HRESULT {
    if (lppSRow == nullptr) return MAPI_E_INVALID_PARAMETER;
    std::optional<PropArray> row = data_->RowAt(ulRowNumber);
    if (!row.has_value()) {
      *lppSRow = nullptr;  // itabledata-hrenumrow.md: S_OK and NULL
      return S_OK;
    }
    return MakeRow(*row, lppSRow);
  });
}

STDMETHODIMP TableDataObject::HrNotify(ULONG ulFlags, ULONG cValues,
                                       LPSPropValue lpSPropValue) {
  return GuardAbi("ITableData::HrNotify", [&]() -> HRESULT {
    if (ulFlags != 0) return MAPI_E_UNKNOWN_FLAGS;  // reserved
    if (cValues == 0 || lpSPropValue == nullptr) return MAPI_E_INVALID_PARAMETER;
    for (ULONG i = 0; i < cValues; ++i) {
      if (IsIndex(&lpSPropValue[i])) {
        return StatusToHresult(data_->NotifyRow(lpSPropValue[i]));
      }
    }
    return MAPI_E_INVALID_PARAMETER;  // no index column among the values
  });
}

STDMETHODIMP TableDataObject::HrInsertRow(ULONG uliRow, LPSRow lpSRow) {
  return GuardAbi("ITableData::HrInsertRow", [&]() -> absl::Status {
    if (lpSRow == nullptr) {
      return HresultToStatus(MAPI_E_INVALID_PARAMETER, "NULL lpSRow");
    }
    absl::StatusOr<PropArray> row = RowFrom(*lpSRow);
    if (!row.ok()) return row.status();
    return data_->InsertRow(uliRow, *std::move(row));
  });
}

STDMETHODIMP TableDataObject::HrModifyRows(ULONG ulFlags, LPSRowSet lpSRowSet) {
  return GuardAbi("ITableData::HrModifyRows", [&]() -> absl::Status {
    if (ulFlags != 0) return HresultToStatus(MAPI_E_UNKNOWN_FLAGS, "reserved");
    if (lpSRowSet == nullptr) {
      return HresultToStatus(MAPI_E_INVALID_PARAMETER, "NULL lpSRowSet");
    }
    std::vector<PropArray> rows;
    rows.reserve(lpSRowSet->cRows);
    for (ULONG i = 0; i < lpSRowSet->cRows; ++i) {
      absl::StatusOr<PropArray> row = RowFrom(lpSRowSet->aRow[i]);
      if (!row.ok()) return row.status();  // no row is changed
      rows.push_back(*std::move(row));
    }
    return data_->ModifyRows(std::move(rows));
  });
}

STDMETHODIMP TableDataObject::HrDeleteRows(ULONG ulFlags,
                                          LPSRowSet lprowsetToDelete,
                                          ULONG FAR* cRowsDeleted) {
  return GuardAbi("ITableData::HrDeleteRows", [&]() -> HRESULT {
    if ((ulFlags & ~TAD_ALL_ROWS) != 0) return MAPI_E_UNKNOWN_FLAGS;
    ULONG deleted = 0;
    if ((ulFlags & TAD_ALL_ROWS) != 0) {
      deleted = static_cast<ULONG>(data_->RowCount());
      data_->DeleteAll();
    } else {
      if (lprowsetToDelete == nullptr) return MAPI_E_INVALID_PARAMETER;
      for (ULONG i = 0; i < lprowsetToDelete->cRows; ++i) {
        const SRow& row = lprowsetToDelete->aRow[i];
        for (ULONG k = 0; row.lpProps != nullptr && k < row.cValues; ++k) {
          if (IsIndex(&row.lpProps[k])) {
            if (data_->DeleteRow(row.lpProps[k]).ok()) ++deleted;
            break;
          }
        }
      }
    }
    if (cRowsDeleted != nullptr) *cRowsDeleted = deleted;
    return S_OK;
  });
}

}  // namespace

ComPtr<ITableData> MakeTableDataObject(std::shared_ptr<TableData> data,
                                       const ObjectOwner* owner) {
  return MakeComObject<TableDataObject>(std::move(data), owner);
}

SCODE CreateTableData(LPCIID iid, ALLOCATEBUFFER* allocate_buffer,
                      ALLOCATEMORE* allocate_more, FREEBUFFER* free_buffer,
                      void* reserved, ULONG table_type, ULONG index_tag,
                      const SPropTagArray* columns, LPTABLEDATA* out) {
  if (out == nullptr) return MAPI_E_INVALID_PARAMETER;
  if (iid != nullptr && !IsEqualIID(*iid, IID_IMAPITableData)) {
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
  }
  if (allocate_buffer == nullptr || allocate_more == nullptr ||
      free_buffer == nullptr || reserved != nullptr || columns == nullptr ||
      (table_type != TBLTYPE_SNAPSHOT && table_type != TBLTYPE_KEYSET &&
       table_type != TBLTYPE_DYNAMIC)) {
    return MAPI_E_INVALID_PARAMETER;
  }
  TableData::Options options;
  options.columns = TableData::ColumnPolicy::kGrowWithRows;
  options.table_type = table_type;
  options.allocate_buffer = allocate_buffer;
  options.allocate_more = allocate_more;
  options.free_buffer = free_buffer;
  std::shared_ptr<TableData> data = TableData::Create(
      index_tag,
      std::vector<ULONG>(columns->aulPropTag,
                         columns->aulPropTag + columns->cValues),
      options);
  *out = MakeTableDataObject(std::move(data)).Detach();
  return S_OK;
}

}  // namespace mapi_emu
