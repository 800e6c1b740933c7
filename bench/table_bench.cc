// IMAPITable::QueryRows over a 10,000-row table (a CreateTable table, through
// the symbols libmapi_emu exports), with and without a restriction, against
// deep-copying the same rows with PropArray in the same run. Read the results
// as ratios: BM_QueryRowsAll / BM_CopyRowsWithPropArray and
// BM_QueryRowsRestricted / BM_CopyRowsWithPropArray (the restricted view
// returns half the rows but tests every row's restriction when it is set up,
// not when it is read). Items per second count rows returned.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "mapi_emu/base/prop_array.h"
#include "mapicode.h"
#include "mapiguid.h"
#include "mapitags.h"
#include "mapiutil.h"
#include "mapix.h"

namespace {

constexpr LONG kRows = 10000;
constexpr ULONG kId = PR_ROWID;
constexpr ULONG kName = PR_DISPLAY_NAME_A;
constexpr ULONG kCode = PR_STATUS_CODE;
constexpr ULONG kKey = PR_INSTANCE_KEY;

// The rows, as a provider would build them (and as PropArrays for the
// baseline).
struct Fixture {
  Fixture() {
    names.reserve(kRows);
    keys.reserve(kRows);
    for (LONG i = 0; i < kRows; ++i) {
      names.push_back("Row number " + std::to_string(i));
      keys.push_back(std::vector<BYTE>(16, static_cast<BYTE>(i)));
      SPropValue v[4] = {};
      v[0].ulPropTag = kId;
      v[0].Value.l = i;
      v[1].ulPropTag = kName;
      v[1].Value.lpszA = names.back().data();
      v[2].ulPropTag = kCode;
      v[2].Value.l = i % 2;
      v[3].ulPropTag = kKey;
      v[3].Value.bin.cb = 16;
      v[3].Value.bin.lpb = keys.back().data();
      rows.push_back(mapi_emu::PropArray::Copy(v, 4));
    }
    SizedSPropTagArray(4, columns) = {4, {kId, kName, kCode, kKey}};
    CreateTable(&IID_IMAPITableData, MAPIAllocateBuffer, MAPIAllocateMore,
                MAPIFreeBuffer, nullptr, TBLTYPE_DYNAMIC, kId,
                reinterpret_cast<LPSPropTagArray>(&columns), &table);
    for (const mapi_emu::PropArray& row : rows) {
      SRow srow = {0, static_cast<ULONG>(row.size()),
                   const_cast<LPSPropValue>(row.data())};
      table->HrModifyRow(&srow);
    }
  }
  ~Fixture() { table->Release(); }

  std::vector<std::string> names;
  std::vector<std::vector<BYTE>> keys;
  std::vector<mapi_emu::PropArray> rows;
  LPTABLEDATA table = nullptr;
};

Fixture& Data() {
  static Fixture* fixture = new Fixture();  // lives for the whole run
  return *fixture;
}

// Baseline: a deep copy of every row.
void BM_CopyRowsWithPropArray(benchmark::State& state) {
  const Fixture& data = Data();
  for (auto _ : state) {
    for (const mapi_emu::PropArray& row : data.rows) {
      mapi_emu::PropArray copy =
          mapi_emu::PropArray::Copy(row.data(), static_cast<ULONG>(row.size()));
      benchmark::DoNotOptimize(copy.data());
    }
  }
  state.SetItemsProcessed(state.iterations() * kRows);
}
BENCHMARK(BM_CopyRowsWithPropArray)->Unit(benchmark::kMillisecond);

// Every row in one QueryRows call, then FreeProws.
void ReadAll(benchmark::State& state, LPMAPITABLE view) {
  int64_t rows_read = 0;
  for (auto _ : state) {
    view->SeekRow(BOOKMARK_BEGINNING, 0, nullptr);
    LPSRowSet rows = nullptr;
    if (view->QueryRows(kRows, 0, &rows) != S_OK) {
      state.SkipWithError("QueryRows failed");
      break;
    }
    rows_read += rows->cRows;
    FreeProws(rows);
  }
  state.SetItemsProcessed(rows_read);
}

void BM_QueryRowsAll(benchmark::State& state) {
  LPMAPITABLE view = nullptr;
  Data().table->HrGetView(nullptr, nullptr, 0, &view);
  ReadAll(state, view);
  view->Release();
}
BENCHMARK(BM_QueryRowsAll)->Unit(benchmark::kMillisecond);

void BM_QueryRowsRestricted(benchmark::State& state) {
  LPMAPITABLE view = nullptr;
  Data().table->HrGetView(nullptr, nullptr, 0, &view);
  SPropValue one = {};
  one.ulPropTag = kCode;
  one.Value.l = 1;
  SRestriction res = {};
  res.rt = RES_PROPERTY;
  res.res.resProperty.relop = RELOP_EQ;
  res.res.resProperty.ulPropTag = kCode;
  res.res.resProperty.lpProp = &one;
  if (view->Restrict(&res, 0) != S_OK) state.SkipWithError("Restrict failed");
  ReadAll(state, view);
  view->Release();
}
BENCHMARK(BM_QueryRowsRestricted)->Unit(benchmark::kMillisecond);

// Restrict itself: evaluating the restriction over every row.
void BM_RestrictOverAllRows(benchmark::State& state) {
  LPMAPITABLE view = nullptr;
  Data().table->HrGetView(nullptr, nullptr, 0, &view);
  SPropValue prefix = {};
  prefix.ulPropTag = kName;
  prefix.Value.lpszA = const_cast<char*>("row number 99");
  SRestriction res = {};
  res.rt = RES_CONTENT;
  res.res.resContent.ulFuzzyLevel = FL_PREFIX | FL_IGNORECASE;
  res.res.resContent.ulPropTag = kName;
  res.res.resContent.lpProp = &prefix;
  for (auto _ : state) {
    if (view->Restrict(&res, 0) != S_OK) {
      state.SkipWithError("Restrict failed");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations() * kRows);
  view->Release();
}
BENCHMARK(BM_RestrictOverAllRows)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
