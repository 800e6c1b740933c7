#include "mapi_emu/base/prop_array.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/strings/str_format.h"
#include "mapi_emu/base/allocator.h"
#include "mapi_emu/base/hresult.h"
#include "mapi_emu/base/prop_tag_names.h"
#include "mapi_emu/base/prop_util.h"
#include "mapicode.h"
#include "spdlog/spdlog.h"

namespace mapi_emu {

namespace {

SCODE ProcessAllocate(ULONG cb, LPVOID* out) {
  return ProcessBufferAllocator().Allocate(cb, out);
}

// An upper bound of the bytes CopyProps writes for values[0..count): every
// piece of data it places (a string, a binary, a multi-valued array and each
// of its strings or binaries) costs at most its size plus alignment padding.
// Computing a bound instead of the exact size keeps us independent of the
// layout details of prop_util.cc and needs no strict validation (ScCountProps
// rejects PR_NULL placeholders and empty multi-valued properties, which a
// projected row or a table row may legitimately hold).
size_t UpperBoundBytes(const SPropValue* values, ULONG count) {
  size_t total = size_t{count} * sizeof(SPropValue);
  for (ULONG i = 0; i < count; ++i) {
    const SPropValue& v = values[i];
    size_t pieces = 1;
    size_t tables = 0;
    if ((PROP_TYPE(v.ulPropTag) & MV_FLAG) != 0) {
      const size_t n = v.Value.MVi.cValues;  // every MV array starts with it
      pieces += n;
      tables = n * sizeof(SBinary);  // the largest element of a pointer table
    }
    total += PropSize(v) + tables + pieces * (kPropDataAlignment - 1);
  }
  return total;
}

// True if CopyProps accepts the one value.
bool IsCopyable(const SPropValue& value) {
  const size_t bound = UpperBoundBytes(&value, 1);
  std::vector<uint64_t> scratch((bound + 7) / 8 + 1);
  return SUCCEEDED(CopyProps(1, &value, scratch.data(), nullptr));
}

SPropValue ErrorValue(ULONG tag, SCODE sc) {
  SPropValue v{};
  v.ulPropTag = PROP_TAG(PT_ERROR, PROP_ID(tag));
  v.Value.err = sc;
  return v;
}

template <typename T>
int Cmp(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

int CmpDouble(double a, double b) {
  const bool na = std::isnan(a);
  const bool nb = std::isnan(b);
  if (na || nb) return Cmp(na, nb);  // NaN after every number
  return Cmp(a, b);
}

uint32_t Fold(uint32_t c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

// Compares NUL-terminated strings of code units (as unsigned); NULL sorts
// before any string.
template <typename Char>
int CmpString(const Char* a, const Char* b, bool fold) {
  if (a == nullptr || b == nullptr) return Cmp(a != nullptr, b != nullptr);
  using Unit = std::conditional_t<sizeof(Char) == 1, uint8_t, uint32_t>;
  for (size_t i = 0;; ++i) {
    uint32_t ca = static_cast<Unit>(a[i]);
    uint32_t cb = static_cast<Unit>(b[i]);
    if (fold) {
      ca = Fold(ca);
      cb = Fold(cb);
    }
    if (ca != cb) return Cmp(ca, cb);
    if (ca == 0) return 0;
  }
}

template <typename Char>
int CmpStringOrdered(const Char* a, const Char* b, StringOrder order) {
  switch (order) {
    case StringOrder::kBinary:
      return CmpString(a, b, false);
    case StringOrder::kIgnoreCase:
      return CmpString(a, b, true);
    case StringOrder::kCollation:
      if (int r = CmpString(a, b, true); r != 0) return r;
      return CmpString(a, b, false);
  }
  return 0;
}

int CmpBytes(const void* a, size_t na, const void* b, size_t nb) {
  const size_t n = std::min(na, nb);
  if (n != 0 && a != nullptr && b != nullptr) {
    if (int r = std::memcmp(a, b, n); r != 0) return r < 0 ? -1 : 1;
  }
  return Cmp(na, nb);
}

uint64_t FileTimeValue(const FILETIME& ft) {
  return (uint64_t{ft.dwHighDateTime} << 32) | ft.dwLowDateTime;
}

// Compares two single values of the same (single-valued) type.
int CompareSingle(ULONG type, const SPropValue& a, const SPropValue& b,
                  StringOrder order) {
  const _PV& x = a.Value;
  const _PV& y = b.Value;
  switch (type) {
    case PT_I2:
      return Cmp(x.i, y.i);
    case PT_LONG:
      return Cmp(x.l, y.l);
    case PT_R4:
      return CmpDouble(x.flt, y.flt);
    case PT_DOUBLE:
      return CmpDouble(x.dbl, y.dbl);
    case PT_APPTIME:
      return CmpDouble(x.at, y.at);
    case PT_CURRENCY:
      return Cmp(x.cur.int64, y.cur.int64);
    case PT_I8:
      return Cmp(x.li.QuadPart, y.li.QuadPart);
    case PT_SYSTIME:
      return Cmp(FileTimeValue(x.ft), FileTimeValue(y.ft));
    case PT_BOOLEAN:
      return Cmp(x.b != 0, y.b != 0);
    case PT_ERROR:
      return Cmp(x.err, y.err);
    case PT_STRING8:
      return CmpStringOrdered(x.lpszA, y.lpszA, order);
    case PT_UNICODE:
      return CmpStringOrdered(x.lpszW, y.lpszW, order);
    case PT_BINARY:
      return CmpBytes(x.bin.lpb, x.bin.cb, y.bin.lpb, y.bin.cb);
    case PT_CLSID:
      if (x.lpguid == nullptr || y.lpguid == nullptr) {
        return Cmp(x.lpguid != nullptr, y.lpguid != nullptr);
      }
      return CmpBytes(x.lpguid, sizeof(GUID), y.lpguid, sizeof(GUID));
    default:  // PT_NULL, PT_OBJECT, unknown types: no comparable value
      return 0;
  }
}

}  // namespace

const SPropValue* PropArray::data() const {
  if (storage_ == nullptr) return nullptr;
  return reinterpret_cast<const SPropValue*>(storage_->buffer.get());
}

absl::StatusOr<PropArray> PropArray::CopyValid(const SPropValue* values,
                                               ULONG count) {
  if (count == 0) return PropArray();
  const size_t bound = UpperBoundBytes(values, count);
  auto storage = std::make_shared<Storage>();
  storage->count = count;
  storage->buffer = std::make_unique_for_overwrite<uint64_t[]>((bound + 7) / 8);
  if (SCODE sc = CopyProps(static_cast<int>(count), values,
                           storage->buffer.get(), nullptr);
      FAILED(sc)) {
    return HresultToStatus(sc, "PropArray: values cannot be copied");
  }
  return PropArray(std::move(storage));
}

absl::StatusOr<PropArray> PropArray::TryCopy(const SPropValue* values,
                                             ULONG count) {
  if (values == nullptr && count != 0) {
    return HresultToStatus(MAPI_E_INVALID_PARAMETER,
                           "PropArray: NULL value array");
  }
  absl::StatusOr<PropArray> copy = CopyValid(values, count);
  if (copy.ok()) return copy;
  for (ULONG i = 0; i < count; ++i) {
    if (!IsCopyable(values[i])) {
      return HresultToStatus(
          MAPI_E_INVALID_PARAMETER,
          absl::StrFormat("value %u (%s) cannot be copied: unknown type or "
                          "NULL data pointer",
                          i, PropTagName(values[i].ulPropTag)));
    }
  }
  return copy.status();
}

PropArray PropArray::Copy(const SPropValue* values, ULONG count) {
  if (values == nullptr) return PropArray();
  absl::StatusOr<PropArray> copy = CopyValid(values, count);
  if (copy.ok()) return *std::move(copy);
  std::vector<SPropValue> clean(values, values + count);
  for (ULONG i = 0; i < count; ++i) {
    if (!IsCopyable(clean[i])) {
      spdlog::warn(
          "PropArray: value {} ({}) cannot be copied (unknown type or NULL "
          "data pointer); it becomes PT_ERROR MAPI_E_INVALID_PARAMETER",
          i, PropTagName(clean[i].ulPropTag));
      clean[i] = ErrorValue(clean[i].ulPropTag, MAPI_E_INVALID_PARAMETER);
    }
  }
  copy = CopyValid(clean.data(), count);
  return copy.ok() ? *std::move(copy) : PropArray();
}

const SPropValue* PropArray::Find(ULONG tag) const {
  const bool any_type = PROP_TYPE(tag) == PT_UNSPECIFIED;
  for (const SPropValue& v : *this) {
    if (v.ulPropTag == tag ||
        (any_type && PROP_ID(v.ulPropTag) == PROP_ID(tag))) {
      return &v;
    }
  }
  return nullptr;
}

PropArray PropArray::Merge(const SPropValue* values, ULONG count) const {
  std::vector<SPropValue> merged(begin(), end());
  for (ULONG i = 0; values != nullptr && i < count; ++i) {
    bool replaced = false;
    for (SPropValue& v : merged) {
      if (PROP_ID(v.ulPropTag) == PROP_ID(values[i].ulPropTag)) {
        v = values[i];
        replaced = true;
        break;
      }
    }
    if (!replaced) merged.push_back(values[i]);
  }
  return Copy(merged.data(), static_cast<ULONG>(merged.size()));
}

PropArray PropArray::Without(const SPropTagArray& tags) const {
  return Without(std::span<const ULONG>(tags.aulPropTag, tags.cValues));
}

PropArray PropArray::Without(std::span<const ULONG> tags) const {
  std::vector<SPropValue> kept;
  for (const SPropValue& v : *this) {
    bool drop = false;
    for (ULONG tag : tags) {
      if (PROP_ID(tag) == PROP_ID(v.ulPropTag)) {
        drop = true;
        break;
      }
    }
    if (!drop) kept.push_back(v);
  }
  return Copy(kept.data(), static_cast<ULONG>(kept.size()));
}

namespace {

// The values of a projection, pointing into `row`.
std::vector<SPropValue> ProjectValues(const PropArray& row,
                                      const SPropTagArray* columns) {
  if (columns == nullptr) return std::vector<SPropValue>(row.begin(), row.end());
  std::vector<SPropValue> values;
  values.reserve(columns->cValues);
  for (ULONG i = 0; i < columns->cValues; ++i) {
    const ULONG tag = columns->aulPropTag[i];
    if (tag == PR_NULL) {
      SPropValue placeholder{};
      placeholder.ulPropTag = PR_NULL;
      values.push_back(placeholder);
    } else if (const SPropValue* v = row.Find(tag)) {
      values.push_back(*v);
    } else {
      values.push_back(ErrorValue(tag, MAPI_E_NOT_FOUND));
    }
  }
  return values;
}

}  // namespace

SCODE PropArray::Project(const SPropTagArray* columns, ULONG* count,
                         LPSPropValue* out, ALLOCATEBUFFER* alloc) const {
  if (count == nullptr || out == nullptr) return MAPI_E_INVALID_PARAMETER;
  if (alloc == nullptr) alloc = &ProcessAllocate;
  const std::vector<SPropValue> values = ProjectValues(*this, columns);
  const ULONG n = static_cast<ULONG>(values.size());
  const size_t bound = UpperBoundBytes(values.data(), n);
  if (bound > 0xFFFFFFFFu) return MAPI_E_NOT_ENOUGH_MEMORY;
  void* block = nullptr;
  if (SCODE sc = alloc(static_cast<ULONG>(bound), &block); FAILED(sc)) {
    return sc;
  }
  if (block == nullptr) return MAPI_E_NOT_ENOUGH_MEMORY;
  // Every value is either ours (copied successfully before) or a PT_ERROR /
  // PR_NULL value, so CopyProps accepts them all.
  if (n != 0) CopyProps(static_cast<int>(n), values.data(), block, nullptr);
  *count = n;
  *out = static_cast<LPSPropValue>(block);
  return S_OK;
}

SCODE PropArray::ProjectMore(const SPropTagArray* columns,
                             ALLOCATEMORE* alloc_more, void* parent,
                             ULONG* count, LPSPropValue* out) const {
  if (alloc_more == nullptr || count == nullptr || out == nullptr) {
    return MAPI_E_INVALID_PARAMETER;
  }
  const std::vector<SPropValue> values = ProjectValues(*this, columns);
  const ULONG n = static_cast<ULONG>(values.size());
  const size_t bound = UpperBoundBytes(values.data(), n);
  if (bound > 0xFFFFFFFFu) return MAPI_E_NOT_ENOUGH_MEMORY;
  void* block = nullptr;
  if (SCODE sc = alloc_more(static_cast<ULONG>(bound), parent, &block);
      FAILED(sc)) {
    return sc;
  }
  if (block == nullptr) return MAPI_E_NOT_ENOUGH_MEMORY;
  if (n != 0) CopyProps(static_cast<int>(n), values.data(), block, nullptr);
  *count = n;
  *out = static_cast<LPSPropValue>(block);
  return S_OK;
}

PropArray PropArray::ProjectArray(const SPropTagArray* columns) const {
  const std::vector<SPropValue> values = ProjectValues(*this, columns);
  return Copy(values.data(), static_cast<ULONG>(values.size()));
}

bool operator==(const PropArray& a, const PropArray& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!PropEquals(a[i], b[i])) return false;
  }
  return true;
}

ULONG MvCount(const SPropValue& mv) {
  if ((PROP_TYPE(mv.ulPropTag) & MV_FLAG) == 0) return 0;
  return mv.Value.MVi.cValues;
}

SPropValue MvElement(const SPropValue& mv, ULONG i) {
  SPropValue e{};
  const ULONG type = PROP_TYPE(mv.ulPropTag) & ~MVI_FLAG;
  e.ulPropTag = PROP_TAG(type, PROP_ID(mv.ulPropTag));
  const _PV& u = mv.Value;
  switch (PROP_TYPE(mv.ulPropTag) & ~MV_INSTANCE) {
    case PT_MV_I2:
      e.Value.i = u.MVi.lpi[i];
      break;
    case PT_MV_LONG:
      e.Value.l = u.MVl.lpl[i];
      break;
    case PT_MV_R4:
      e.Value.flt = u.MVflt.lpflt[i];
      break;
    case PT_MV_DOUBLE:
      e.Value.dbl = u.MVdbl.lpdbl[i];
      break;
    case PT_MV_APPTIME:
      e.Value.at = u.MVat.lpat[i];
      break;
    case PT_MV_CURRENCY:
      e.Value.cur = u.MVcur.lpcur[i];
      break;
    case PT_MV_SYSTIME:
      e.Value.ft = u.MVft.lpft[i];
      break;
    case PT_MV_CLSID:
      e.Value.lpguid = &u.MVguid.lpguid[i];
      break;
    case PT_MV_I8:
      e.Value.li = u.MVli.lpli[i];
      break;
    case PT_MV_STRING8:
      e.Value.lpszA = u.MVszA.lppszA[i];
      break;
    case PT_MV_UNICODE:
      e.Value.lpszW = u.MVszW.lppszW[i];
      break;
    case PT_MV_BINARY:
      e.Value.bin = u.MVbin.lpbin[i];
      break;
    default:
      e.ulPropTag = PR_NULL;
      break;
  }
  return e;
}

int ComparePropValues(const SPropValue& a, const SPropValue& b,
                      StringOrder order) {
  const ULONG ta = PROP_TYPE(a.ulPropTag) & ~MV_INSTANCE;
  const ULONG tb = PROP_TYPE(b.ulPropTag) & ~MV_INSTANCE;
  if (ta != tb) return Cmp(ta, tb);
  if ((ta & MV_FLAG) == 0) return CompareSingle(ta, a, b, order);
  const ULONG na = MvCount(a);
  const ULONG nb = MvCount(b);
  const ULONG element_type = ta & ~MV_FLAG;
  for (ULONG i = 0; i < na && i < nb; ++i) {
    const int r =
        CompareSingle(element_type, MvElement(a, i), MvElement(b, i), order);
    if (r != 0) return r;
  }
  return Cmp(na, nb);
}

bool PropEquals(const SPropValue& a, const SPropValue& b) {
  return a.ulPropTag == b.ulPropTag && ComparePropValues(a, b) == 0;
}

}  // namespace mapi_emu
