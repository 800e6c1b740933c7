// TableView: the IMAPITable every MAPI-owned table hands out — one view of a
// TableData with its own column set, restriction, sort order, cursor,
// bookmarks and advise sinks. Made by TableData::CreateView.
//
// Free-threaded like every MAPI object: all methods may be called from any
// thread. Advise sinks are called with no lock held, on the thread that
// changed the data (or, while another thread is already delivering this
// view's notifications, on that thread, in order), so OnNotify may call the
// view (QueryRows, ...) or change the data.
//
// Behaviour where the pages are silent (docs/outlook/mapi/imapitable-*.md):
//  - a missing column reads PT_ERROR/MAPI_E_NOT_FOUND, a PR_NULL column
//    reads PR_NULL; SetColumns with MVI_FLAG columns: MAPI_E_TOO_COMPLEX
//    (no multi-valued instance rows);
//  - QueryRows(n < 0) reads the |n| rows before the cursor (fewer at the
//    beginning) and leaves the cursor on the first row returned;
//  - the cursor and bookmarks stay on their rows while rows are added or
//    removed before them; a bookmark whose row goes moves to the next row
//    and its next use returns MAPI_W_POSITION_CHANGED; Restrict and
//    SortTable discard every bookmark and move the cursor to the beginning;
//  - rows sort with missing values first (ascending), strings in
//    StringOrder::kCollation, ties in table order; categories
//    (cCategories > 0) and TABLE_SORT_COMBINE / CATEG_*: MAPI_E_TOO_COMPLEX;
//  - reserved flags that must be zero (GetRowCount) and unknown flags:
//    MAPI_E_UNKNOWN_FLAGS; at most kMaxBookmarks bookmarks per view
//    (then MAPI_E_UNABLE_TO_COMPLETE);
//  - ExpandRow, CollapseRow, GetCollapseState, SetCollapseState:
//    MAPI_E_NO_SUPPORT, logged once.
#ifndef MAPI_EMU_STATUS_TABLE_TABLE_VIEW_H_
#define MAPI_EMU_STATUS_TABLE_TABLE_VIEW_H_

#include <functional>
#include <memory>

#include "mapi_emu/base/com_object.h"
#include "mapidefs.h"
#include "status_table/table_data.h"

namespace mapi_emu {

inline constexpr size_t kMaxBookmarks = 1024;

class ViewCore;

class TableView final : public ComObject<IMAPITable> {
 public:
  // Use TableData::CreateView.
  TableView(std::shared_ptr<TableData> data, TableViewOptions options);
  ~TableView();  // (virtual: ComObjectBase's)

  MAPI_IMAPITABLE_METHODS(IMPL)

 protected:
  // Runs the release callback, then deletes the view. (No `override` on
  // these two: the interface methods above come from the SDK macro, which
  // cannot spell it, and clang wants all or none.)
  void OnFinalRelease();

 private:
  friend class TableData;
  // Builds the visible rows and starts following the data.
  void Attach();

  const std::shared_ptr<TableData> data_;
  std::function<void(IMAPITable*)> on_release_;
  const std::shared_ptr<ViewCore> core_;
};

}  // namespace mapi_emu

#endif  // MAPI_EMU_STATUS_TABLE_TABLE_VIEW_H_
