#include "mapi_emu/base/prop_util.h"

#include <cstdint>
#include <cstring>
#include <cwchar>
#include <limits>

#include "mapicode.h"
#include "spdlog/spdlog.h"

namespace mapi_emu {
namespace {

// What a property type points to, which decides how it is copied.
enum class Shape {
  kFixed,      // everything is inside the SPropValue
  kString8,    // lpszA
  kUnicode,    // lpszW
  kBinary,     // bin.lpb[bin.cb]
  kClsid,      // lpguid
  kMvFixed,    // an array of fixed-size elements
  kMvString8,  // an array of LPSTR
  kMvUnicode,  // an array of LPWSTR
  kMvBinary,   // an array of SBinary
  kUnknown,
};

struct TypeInfo {
  Shape shape;
  size_t element_size;  // kMvFixed only
};

TypeInfo Classify(ULONG tag) {
  switch (PROP_TYPE(tag)) {
    case PT_NULL:
    case PT_I2:
    case PT_LONG:
    case PT_R4:
    case PT_DOUBLE:
    case PT_CURRENCY:
    case PT_APPTIME:
    case PT_ERROR:
    case PT_BOOLEAN:
    case PT_OBJECT:
    case PT_I8:
    case PT_SYSTIME:
      return {Shape::kFixed, 0};
    case PT_STRING8:
      return {Shape::kString8, 0};
    case PT_UNICODE:
      return {Shape::kUnicode, 0};
    case PT_BINARY:
      return {Shape::kBinary, 0};
    case PT_CLSID:
      return {Shape::kClsid, 0};
    case PT_MV_I2:
      return {Shape::kMvFixed, sizeof(short int)};
    case PT_MV_LONG:
      return {Shape::kMvFixed, sizeof(LONG)};
    case PT_MV_R4:
      return {Shape::kMvFixed, sizeof(float)};
    case PT_MV_DOUBLE:
    case PT_MV_APPTIME:
      return {Shape::kMvFixed, sizeof(double)};
    case PT_MV_CURRENCY:
      return {Shape::kMvFixed, sizeof(CURRENCY)};
    case PT_MV_SYSTIME:
      return {Shape::kMvFixed, sizeof(FILETIME)};
    case PT_MV_CLSID:
      return {Shape::kMvFixed, sizeof(GUID)};
    case PT_MV_I8:
      return {Shape::kMvFixed, sizeof(LARGE_INTEGER)};
    case PT_MV_STRING8:
      return {Shape::kMvString8, 0};
    case PT_MV_UNICODE:
      return {Shape::kMvUnicode, 0};
    case PT_MV_BINARY:
      return {Shape::kMvBinary, 0};
    default:
      return {Shape::kUnknown, 0};
  }
}

bool IsMultiValued(Shape shape) {
  return shape == Shape::kMvFixed || shape == Shape::kMvString8 || shape == Shape::kMvUnicode ||
         shape == Shape::kMvBinary;
}

// The count and array of a multi-valued value, read through the union
// member of its own type.
struct MvView {
  ULONG count;
  const void* data;
};

MvView GetMv(const SPropValue& v) {
  const _PV& u = v.Value;
  switch (PROP_TYPE(v.ulPropTag)) {
    case PT_MV_I2:
      return {u.MVi.cValues, u.MVi.lpi};
    case PT_MV_LONG:
      return {u.MVl.cValues, u.MVl.lpl};
    case PT_MV_R4:
      return {u.MVflt.cValues, u.MVflt.lpflt};
    case PT_MV_DOUBLE:
      return {u.MVdbl.cValues, u.MVdbl.lpdbl};
    case PT_MV_APPTIME:
      return {u.MVat.cValues, u.MVat.lpat};
    case PT_MV_CURRENCY:
      return {u.MVcur.cValues, u.MVcur.lpcur};
    case PT_MV_SYSTIME:
      return {u.MVft.cValues, u.MVft.lpft};
    case PT_MV_CLSID:
      return {u.MVguid.cValues, u.MVguid.lpguid};
    case PT_MV_I8:
      return {u.MVli.cValues, u.MVli.lpli};
    case PT_MV_STRING8:
      return {u.MVszA.cValues, u.MVszA.lppszA};
    case PT_MV_UNICODE:
      return {u.MVszW.cValues, u.MVszW.lppszW};
    case PT_MV_BINARY:
      return {u.MVbin.cValues, u.MVbin.lpbin};
    default:
      return {0, nullptr};
  }
}

template <typename T>
T* As(void* p) {
  return static_cast<T*>(p);
}

// Points the multi-valued value's array at p (the count is already there).
void SetMvArray(SPropValue* v, void* p) {
  _PV& u = v->Value;
  switch (PROP_TYPE(v->ulPropTag)) {
    case PT_MV_I2:
      u.MVi.lpi = As<short int>(p);
      break;
    case PT_MV_LONG:
      u.MVl.lpl = As<LONG>(p);
      break;
    case PT_MV_R4:
      u.MVflt.lpflt = As<float>(p);
      break;
    case PT_MV_DOUBLE:
      u.MVdbl.lpdbl = As<double>(p);
      break;
    case PT_MV_APPTIME:
      u.MVat.lpat = As<double>(p);
      break;
    case PT_MV_CURRENCY:
      u.MVcur.lpcur = As<CURRENCY>(p);
      break;
    case PT_MV_SYSTIME:
      u.MVft.lpft = As<FILETIME>(p);
      break;
    case PT_MV_CLSID:
      u.MVguid.lpguid = As<GUID>(p);
      break;
    case PT_MV_I8:
      u.MVli.lpli = As<LARGE_INTEGER>(p);
      break;
    case PT_MV_STRING8:
      u.MVszA.lppszA = As<LPSTR>(p);
      break;
    case PT_MV_UNICODE:
      u.MVszW.lppszW = As<LPWSTR>(p);
      break;
    case PT_MV_BINARY:
      u.MVbin.lpbin = As<SBinary>(p);
      break;
    default:
      break;
  }
}

// Hands out the pieces of a copy. With a null base it only measures, so the
// same walk computes ScCountProps and performs ScCopyProps: the two cannot
// disagree about the size.
class Arena {
 public:
  Arena(char* base, size_t offset) : base_(base), offset_(offset) {}

  // n bytes at the next multiple of kPropDataAlignment; null when measuring.
  char* Take(size_t n) {
    offset_ = (offset_ + kPropDataAlignment - 1) & ~(kPropDataAlignment - 1);
    char* p = base_ == nullptr ? nullptr : base_ + offset_;
    offset_ += n;
    return p;
  }
  size_t offset() const { return offset_; }

 private:
  char* const base_;
  size_t offset_;
};

void CopyBytes(char* to, const void* from, size_t n) {
  if (n != 0) std::memcpy(to, from, n);
}

// Validates src's pointers and, when dst is non-null, copies what src points
// to into the arena and points dst there (dst already holds a shallow copy
// of src). MAPI_E_INVALID_PARAMETER for a NULL pointer where data is needed;
// MAPI_E_NO_SUPPORT for an unknown type.
SCODE CopyValueData(const SPropValue& src, SPropValue* dst, Arena& arena) {
  const bool write = dst != nullptr;
  const TypeInfo info = Classify(src.ulPropTag);
  const _PV& v = src.Value;
  switch (info.shape) {
    case Shape::kUnknown:
      return MAPI_E_NO_SUPPORT;
    case Shape::kFixed:
      return S_OK;
    case Shape::kString8: {
      if (v.lpszA == nullptr) return MAPI_E_INVALID_PARAMETER;
      const size_t n = std::strlen(v.lpszA) + 1;
      char* p = arena.Take(n);
      if (write) {
        CopyBytes(p, v.lpszA, n);
        dst->Value.lpszA = p;
      }
      return S_OK;
    }
    case Shape::kUnicode: {
      if (v.lpszW == nullptr) return MAPI_E_INVALID_PARAMETER;
      const size_t n = (std::wcslen(v.lpszW) + 1) * sizeof(WCHAR);
      char* p = arena.Take(n);
      if (write) {
        CopyBytes(p, v.lpszW, n);
        dst->Value.lpszW = As<WCHAR>(p);
      }
      return S_OK;
    }
    case Shape::kBinary: {
      if (v.bin.cb != 0 && v.bin.lpb == nullptr) {
        return MAPI_E_INVALID_PARAMETER;
      }
      char* p = arena.Take(v.bin.cb);
      if (write) {
        CopyBytes(p, v.bin.lpb, v.bin.cb);
        dst->Value.bin.lpb = As<BYTE>(p);
      }
      return S_OK;
    }
    case Shape::kClsid: {
      if (v.lpguid == nullptr) return MAPI_E_INVALID_PARAMETER;
      char* p = arena.Take(sizeof(GUID));
      if (write) {
        CopyBytes(p, v.lpguid, sizeof(GUID));
        dst->Value.lpguid = As<GUID>(p);
      }
      return S_OK;
    }
    case Shape::kMvFixed:
    case Shape::kMvString8:
    case Shape::kMvUnicode:
    case Shape::kMvBinary:
      break;
  }

  const MvView mv = GetMv(src);
  if (mv.count != 0 && mv.data == nullptr) return MAPI_E_INVALID_PARAMETER;
  if (info.shape == Shape::kMvFixed) {
    const size_t n = size_t{mv.count} * info.element_size;
    char* p = arena.Take(n);
    if (write) {
      CopyBytes(p, mv.data, n);
      SetMvArray(dst, p);
    }
    return S_OK;
  }
  if (info.shape == Shape::kMvString8) {
    const auto* strings = static_cast<const LPSTR*>(mv.data);
    auto* table = As<LPSTR>(arena.Take(size_t{mv.count} * sizeof(LPSTR)));
    for (ULONG i = 0; i < mv.count; ++i) {
      if (strings[i] == nullptr) return MAPI_E_INVALID_PARAMETER;
      const size_t n = std::strlen(strings[i]) + 1;
      char* p = arena.Take(n);
      if (write) {
        CopyBytes(p, strings[i], n);
        table[i] = p;
      }
    }
    if (write) SetMvArray(dst, table);
    return S_OK;
  }
  if (info.shape == Shape::kMvUnicode) {
    const auto* strings = static_cast<const LPWSTR*>(mv.data);
    auto* table = As<LPWSTR>(arena.Take(size_t{mv.count} * sizeof(LPWSTR)));
    for (ULONG i = 0; i < mv.count; ++i) {
      if (strings[i] == nullptr) return MAPI_E_INVALID_PARAMETER;
      const size_t n = (std::wcslen(strings[i]) + 1) * sizeof(WCHAR);
      char* p = arena.Take(n);
      if (write) {
        CopyBytes(p, strings[i], n);
        table[i] = As<WCHAR>(p);
      }
    }
    if (write) SetMvArray(dst, table);
    return S_OK;
  }
  // kMvBinary
  const auto* bins = static_cast<const SBinary*>(mv.data);
  auto* table = As<SBinary>(arena.Take(size_t{mv.count} * sizeof(SBinary)));
  for (ULONG i = 0; i < mv.count; ++i) {
    if (bins[i].cb != 0 && bins[i].lpb == nullptr) {
      return MAPI_E_INVALID_PARAMETER;
    }
    char* p = arena.Take(bins[i].cb);
    if (write) {
      CopyBytes(p, bins[i].lpb, bins[i].cb);
      table[i].cb = bins[i].cb;
      table[i].lpb = As<BYTE>(p);
    }
  }
  if (write) SetMvArray(dst, table);
  return S_OK;
}

constexpr size_t kMaxCopySize = std::numeric_limits<ULONG>::max();

// The bytes ScCopyProps needs for props[0..count), or an error. The checks of
// sccountprops.md (property IDs, empty multi-valued properties) are applied
// when `strict`.
SCODE MeasureProps(int count, const SPropValue* props, bool strict, size_t* size) {
  if (count < 0 || (props == nullptr && count > 0)) {
    return MAPI_E_INVALID_PARAMETER;
  }
  Arena arena(nullptr, static_cast<size_t>(count) * sizeof(SPropValue));
  for (int i = 0; i < count; ++i) {
    const SPropValue& value = props[i];
    const TypeInfo info = Classify(value.ulPropTag);
    if (info.shape == Shape::kUnknown) return MAPI_E_INVALID_PARAMETER;
    if (strict) {
      const ULONG id = PROP_ID(value.ulPropTag);
      if (id == PROP_ID_NULL || id == PROP_ID_INVALID) {
        return MAPI_E_INVALID_PARAMETER;
      }
      if (IsMultiValued(info.shape) && GetMv(value).count == 0) {
        return MAPI_E_INVALID_PARAMETER;
      }
    }
    if (FAILED(CopyValueData(value, nullptr, arena))) {
      return MAPI_E_INVALID_PARAMETER;
    }
    if (arena.offset() > kMaxCopySize) return MAPI_E_INVALID_PARAMETER;
  }
  *size = arena.offset();
  return S_OK;
}

}  // namespace

SPropValue* FindProp(SPropValue* props, ULONG count, ULONG tag) {
  if (props == nullptr) return nullptr;
  const bool any_type = PROP_TYPE(tag) == PT_UNSPECIFIED;
  for (ULONG i = 0; i < count; ++i) {
    const ULONG candidate = props[i].ulPropTag;
    if (candidate == tag || (any_type && PROP_ID(candidate) == PROP_ID(tag))) {
      return &props[i];
    }
  }
  return nullptr;
}

ULONG PropSize(const SPropValue& value) {
  const TypeInfo info = Classify(value.ulPropTag);
  const _PV& v = value.Value;
  switch (PROP_TYPE(value.ulPropTag)) {
    case PT_I2:
    case PT_BOOLEAN:
      return sizeof(short int);
    case PT_LONG:
    case PT_R4:
    case PT_ERROR:
      return sizeof(LONG);
    case PT_DOUBLE:
    case PT_APPTIME:
    case PT_CURRENCY:
    case PT_SYSTIME:
    case PT_I8:
      return 8;
    case PT_CLSID:
      return sizeof(GUID);
    case PT_STRING8:
      return v.lpszA == nullptr ? 0 : static_cast<ULONG>(std::strlen(v.lpszA) + 1);
    case PT_UNICODE:
      return v.lpszW == nullptr ? 0
                                : static_cast<ULONG>((std::wcslen(v.lpszW) + 1) * sizeof(WCHAR));
    case PT_BINARY:
      return v.bin.cb;
    default:
      break;
  }
  if (!IsMultiValued(info.shape)) return 0;  // PT_NULL, PT_OBJECT, unknown
  const MvView mv = GetMv(value);
  if (mv.count != 0 && mv.data == nullptr) return 0;
  size_t total = 0;
  switch (info.shape) {
    case Shape::kMvFixed:
      total = size_t{mv.count} * info.element_size;
      break;
    case Shape::kMvString8:
      for (ULONG i = 0; i < mv.count; ++i) {
        const LPSTR s = static_cast<const LPSTR*>(mv.data)[i];
        if (s != nullptr) total += std::strlen(s) + 1;
      }
      break;
    case Shape::kMvUnicode:
      for (ULONG i = 0; i < mv.count; ++i) {
        const LPWSTR s = static_cast<const LPWSTR*>(mv.data)[i];
        if (s != nullptr) total += (std::wcslen(s) + 1) * sizeof(WCHAR);
      }
      break;
    case Shape::kMvBinary:
      for (ULONG i = 0; i < mv.count; ++i) {
        total += static_cast<const SBinary*>(mv.data)[i].cb;
      }
      break;
    default:
      break;
  }
  return static_cast<ULONG>(total);
}

SCODE CopyPropMore(SPropValue* dst, const SPropValue* src, ALLOCATEMORE* alloc_more, void* object) {
  if (dst == nullptr || src == nullptr || alloc_more == nullptr) {
    return MAPI_E_INVALID_PARAMETER;
  }
  const SPropValue source = *src;  // dst may be src
  const Shape shape = Classify(source.ulPropTag).shape;
  if (shape == Shape::kUnknown) return MAPI_E_NO_SUPPORT;
  Arena measure(nullptr, 0);
  if (SCODE sc = CopyValueData(source, nullptr, measure); FAILED(sc)) return sc;
  SPropValue copy = source;
  if (shape != Shape::kFixed) {
    if (measure.offset() > kMaxCopySize) return MAPI_E_INVALID_PARAMETER;
    void* block = nullptr;
    const SCODE sc = alloc_more(static_cast<ULONG>(measure.offset()), object, &block);
    if (FAILED(sc)) return sc;
    if (block == nullptr) return MAPI_E_NOT_ENOUGH_MEMORY;
    Arena arena(static_cast<char*>(block), 0);
    CopyValueData(source, &copy, arena);
  }
  *dst = copy;
  return S_OK;
}

SCODE CountProps(int count, const SPropValue* props, ULONG* cb) {
  size_t size = 0;
  if (SCODE sc = MeasureProps(count, props, /*strict=*/true, &size); FAILED(sc)) {
    return sc;
  }
  if (cb != nullptr) *cb = static_cast<ULONG>(size);
  return S_OK;
}

SCODE CopyProps(int count, const SPropValue* props, void* dst, ULONG* cb) {
  if (dst == nullptr) return MAPI_E_INVALID_PARAMETER;
  size_t size = 0;
  // Validate everything before writing anything.
  if (SCODE sc = MeasureProps(count, props, /*strict=*/false, &size); FAILED(sc)) {
    return sc;
  }
  auto* values = static_cast<SPropValue*>(dst);
  Arena arena(static_cast<char*>(dst), static_cast<size_t>(count) * sizeof(SPropValue));
  for (int i = 0; i < count; ++i) {
    values[i] = props[i];
    CopyValueData(props[i], &values[i], arena);
  }
  if (cb != nullptr) *cb = static_cast<ULONG>(arena.offset());
  return S_OK;
}

SCODE DupPropset(int count, const SPropValue* props, ALLOCATEBUFFER* alloc_buffer,
                 SPropValue** out) {
  if (out == nullptr) return MAPI_E_INVALID_PARAMETER;
  *out = nullptr;
  if (alloc_buffer == nullptr) return MAPI_E_INVALID_PARAMETER;
  ULONG cb = 0;
  if (SCODE sc = CountProps(count, props, &cb); FAILED(sc)) return sc;
  void* block = nullptr;
  if (SCODE sc = alloc_buffer(cb, &block); FAILED(sc)) return sc;
  if (block == nullptr) return MAPI_E_NOT_ENOUGH_MEMORY;
  CopyProps(count, props, block, nullptr);
  *out = static_cast<SPropValue*>(block);
  return S_OK;
}

void FreeRows(SRowSet* rows, BufferAllocator& allocator) {
  if (rows == nullptr) return;
  // Reading cRows from memory that is not a live buffer could crash; let
  // Free report what it is instead.
  if (!allocator.IsLive(rows)) {
    allocator.Free(rows, "FreeProws");
    return;
  }
  for (ULONG i = 0; i < rows->cRows; ++i) {
    allocator.Free(rows->aRow[i].lpProps, "FreeProws");
  }
  allocator.Free(rows, "FreeProws");
}

void FreeAdrList(ADRLIST* list, BufferAllocator& allocator) {
  if (list == nullptr) return;
  if (!allocator.IsLive(list)) {
    allocator.Free(list, "FreePadrlist");
    return;
  }
  for (ULONG i = 0; i < list->cEntries; ++i) {
    allocator.Free(list->aEntries[i].rgPropVals, "FreePadrlist");
  }
  allocator.Free(list, "FreePadrlist");
}

HRESULT GetOneProp(IMAPIProp* object, ULONG tag, SPropValue** out, BufferAllocator& allocator) {
  if (out == nullptr) return MAPI_E_INVALID_PARAMETER;
  *out = nullptr;
  if (object == nullptr) return MAPI_E_INVALID_PARAMETER;
  SizedSPropTagArray(1, tags) = {1, {tag}};
  ULONG count = 0;
  SPropValue* values = nullptr;
  const HRESULT hr = object->GetProps(reinterpret_cast<LPSPropTagArray>(&tags), 0, &count, &values);
  if (FAILED(hr)) return hr;
  if (values == nullptr || count != 1) {
    spdlog::warn(
        "HrGetOneProp: GetProps for tag 0x{:08X} succeeded but returned {} "
        "values{}",
        tag, count, values == nullptr ? " and no array" : "");
    allocator.Free(values, "HrGetOneProp");
    return MAPI_E_CALL_FAILED;
  }
  if (hr == MAPI_W_ERRORS_RETURNED || PROP_TYPE(values[0].ulPropTag) == PT_ERROR) {
    allocator.Free(values, "HrGetOneProp");
    return MAPI_E_NOT_FOUND;
  }
  *out = values;
  return S_OK;
}

HRESULT SetOneProp(IMAPIProp* object, const SPropValue* value, BufferAllocator& allocator) {
  if (object == nullptr || value == nullptr) return MAPI_E_INVALID_PARAMETER;
  SPropProblemArray* problems = nullptr;
  const HRESULT hr = object->SetProps(1, const_cast<SPropValue*>(value), &problems);
  if (FAILED(hr)) return hr;
  HRESULT result = S_OK;
  if (problems != nullptr) {
    if (problems->cProblem > 0 && FAILED(problems->aProblem[0].scode)) {
      result = problems->aProblem[0].scode;
    }
    allocator.Free(problems, "HrSetOneProp");
  }
  return result;
}

}  // namespace mapi_emu
