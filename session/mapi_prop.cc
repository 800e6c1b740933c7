#include "session/mapi_prop.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <utility>

#include "mapi_emu/base/allocator.h"
#include "mapi_emu/base/hresult.h"
#include "mapi_emu/base/prop_json.h"
#include "mapi_emu/base/prop_tag_names.h"
#include "mapicode.h"
#include "mapiguid.h"
#include "mapitags.h"
#include "spdlog/spdlog.h"

namespace mapi_emu {
namespace {

// SaveChanges flags the SDK headers of some versions lack
// (imapiprop-savechanges.md gives their values).
constexpr ULONG kSpamFilterOnSave = 0x00000080;
constexpr ULONG kNonEmsXpSave = 0x00001000;

// Profile sections: secure property IDs and the first named-property ID.
constexpr ULONG kFirstSecureId = 0x67F0;
constexpr ULONG kLastSecureId = 0x67FF;
constexpr ULONG kFirstNamedId = 0x8000;

SCODE STDMETHODCALLTYPE ProcessAllocateBuffer(ULONG cb, LPVOID FAR* out) {
  return GuardAbi("MAPIAllocateBuffer",
                  [&]() -> HRESULT { return ProcessBufferAllocator().Allocate(cb, out); });
}

SCODE STDMETHODCALLTYPE ProcessAllocateMore(ULONG cb, LPVOID parent, LPVOID FAR* out) {
  return GuardAbi("MAPIAllocateMore", [&]() -> HRESULT {
    return ProcessBufferAllocator().AllocateMore(cb, parent, out);
  });
}

ULONG STDAPICALLTYPE ProcessFreeBuffer(LPVOID p) {
  GuardAbi("MAPIFreeBuffer",
           [&]() -> HRESULT { return static_cast<HRESULT>(ProcessBufferAllocator().Free(p)); });
  return S_OK;
}

bool IsStringType(ULONG type) {
  const ULONG single = type & ~static_cast<ULONG>(MV_FLAG);
  return single == PT_STRING8 || single == PT_UNICODE;
}

// `type` (a string type) in the width MAPI_UNICODE asks for.
ULONG StringTypeFor(ULONG type, bool unicode) {
  return (type & MV_FLAG) | (unicode ? PT_UNICODE : PT_STRING8);
}

// Types a property value may be stored with.
bool IsStorableType(ULONG type) {
  switch (type) {
    case PT_I2:
    case PT_LONG:
    case PT_R4:
    case PT_DOUBLE:
    case PT_CURRENCY:
    case PT_APPTIME:
    case PT_BOOLEAN:
    case PT_I8:
    case PT_STRING8:
    case PT_UNICODE:
    case PT_SYSTIME:
    case PT_CLSID:
    case PT_BINARY:
    case PT_MV_I2:
    case PT_MV_LONG:
    case PT_MV_R4:
    case PT_MV_DOUBLE:
    case PT_MV_CURRENCY:
    case PT_MV_APPTIME:
    case PT_MV_SYSTIME:
    case PT_MV_STRING8:
    case PT_MV_BINARY:
    case PT_MV_UNICODE:
    case PT_MV_CLSID:
    case PT_MV_I8:
      return true;
    default:
      return false;
  }
}

std::string Utf8Of(const SPropValue& v) {
  return PROP_TYPE(v.ulPropTag) == PT_UNICODE ? WideToUtf8(v.Value.lpszW)
                                              : std::string(v.Value.lpszA);
}

// Adds `v` (a string or multi-valued string) as `tag`, converting between
// 8-bit (UTF-8) and WCHAR strings.
void AddConvertedString(const SPropValue& v, ULONG tag, PropArrayBuilder* out) {
  const bool to_unicode = (PROP_TYPE(tag) & ~static_cast<ULONG>(MV_FLAG)) == PT_UNICODE;
  if ((PROP_TYPE(v.ulPropTag) & MV_FLAG) == 0) {
    if (to_unicode) {
      out->AddUnicode(tag, Utf8Of(v));
    } else {
      out->AddString8(tag, Utf8Of(v));
    }
    return;
  }
  std::vector<std::string> items;
  for (ULONG i = 0; i < MvCount(v); ++i) items.push_back(Utf8Of(MvElement(v, i)));
  if (to_unicode) {
    out->AddMvUnicode(tag, items);
  } else {
    out->AddMvString8(tag, items);
  }
}

enum class Unsupported {
  kOpenProperty,
  kCopyTo,
  kCopyProps,
  kGetNamesFromIDs,
  kGetIDsFromNames,
  kCount
};

// A loud, harmless stub (style.md 8): logs the first call of each method.
HRESULT NoSupport(Unsupported which, const char* method, const std::string& detail) {
  static std::atomic<bool> logged[static_cast<int>(Unsupported::kCount)];
  if (!logged[static_cast<int>(which)].exchange(true)) {
    spdlog::warn(
        "{}({}) is not supported by MAPI's property objects: "
        "MAPI_E_NO_SUPPORT (logged once)",
        method, detail);
  }
  return MAPI_E_NO_SUPPORT;
}

}  // namespace

MapiAllocators ProcessAllocators() {
  return MapiAllocators{&ProcessAllocateBuffer, &ProcessAllocateMore, &ProcessFreeBuffer};
}

// ---- PropertyBag ------------------------------------------------------------

PropertyBag::PropertyBag(PropArray initial, ULONG access) {
  state_.values = std::move(initial);
  for (const SPropValue& v : state_.values) {
    state_.flags[PROP_ID(v.ulPropTag)] = access | IPROP_CLEAN;
  }
}

PropArray PropertyBag::Snapshot() const {
  absl::MutexLock lock(&mu_);
  return state_.values;
}

bool PropertyBag::SetAccess(ULONG tag, ULONG access) {
  absl::MutexLock lock(&mu_);
  auto it = state_.flags.find(PROP_ID(tag));
  if (it == state_.flags.end()) return false;
  it->second = access | (it->second & (IPROP_CLEAN | IPROP_DIRTY));
  return true;
}

// ---- PropObjectCore -----------------------------------------------------------

PropObjectCore::PropObjectCore(PropObjectOptions options)
    : bag_(options.bag != nullptr ? options.bag : std::make_shared<PropertyBag>()),
      options_(std::move(options)),
      read_only_(options_.read_only) {}

bool PropObjectCore::read_only() const {
  absl::MutexLock lock(&mu_);
  return read_only_;
}

HRESULT PropObjectCore::Problems(const std::vector<SPropProblem>& list,
                                 LPSPropProblemArray* out) const {
  if (out == nullptr) return S_OK;
  *out = nullptr;
  if (list.empty()) return S_OK;
  void* block = nullptr;
  const SCODE sc = options_.allocators.allocate_buffer(
      static_cast<ULONG>(CbNewSPropProblemArray(list.size())), &block);
  if (FAILED(sc)) return sc;
  auto* problems = static_cast<LPSPropProblemArray>(block);
  problems->cProblem = static_cast<ULONG>(list.size());
  for (size_t i = 0; i < list.size(); ++i) problems->aProblem[i] = list[i];
  *out = problems;
  return S_OK;
}

HRESULT PropObjectCore::Commit(PropertyBag::State* state, PropertyBag::State before) {
  if (!options_.on_change) return S_OK;
  absl::Status s = options_.on_change(state->values);
  if (s.ok()) return S_OK;
  spdlog::warn("{}: writing a change back failed, change undone: {}", options_.kind, s.ToString());
  *state = std::move(before);
  return StatusToHresult(s);
}

HRESULT PropObjectCore::GetLastError(HRESULT, ULONG flags, LPMAPIERROR* error) {
  return GuardAbi("IMAPIProp::GetLastError", [&]() -> HRESULT {
    if (error == nullptr) return MAPI_E_INVALID_PARAMETER;
    if ((flags & ~MAPI_UNICODE) != 0) return MAPI_E_UNKNOWN_FLAGS;
    *error = nullptr;  // no extended error information
    return S_OK;
  });
}

HRESULT PropObjectCore::SaveChanges(ULONG flags) {
  return GuardAbi("IMAPIProp::SaveChanges", [&]() -> HRESULT {
    constexpr ULONG kKnown = KEEP_OPEN_READONLY | KEEP_OPEN_READWRITE | FORCE_SAVE |
                             MAPI_DEFERRED_ERRORS | kSpamFilterOnSave | kNonEmsXpSave;
    if ((flags & ~kKnown) != 0) return MAPI_E_UNKNOWN_FLAGS;
    if ((flags & KEEP_OPEN_READONLY) && (flags & KEEP_OPEN_READWRITE)) {
      return MAPI_E_INVALID_PARAMETER;
    }
    if ((flags & KEEP_OPEN_READWRITE) && read_only()) return MAPI_E_NO_ACCESS;
    if (options_.on_save) {
      absl::Status s = options_.on_save(bag_->Snapshot());
      if (!s.ok()) return StatusToHresult(s);
    }
    return S_OK;
  });
}

HRESULT PropObjectCore::GetProps(LPSPropTagArray tags, ULONG flags, ULONG* count,
                                 LPSPropValue* values) {
  return GuardAbi("IMAPIProp::GetProps", [&]() -> HRESULT {
    if (count == nullptr || values == nullptr) return MAPI_E_INVALID_PARAMETER;
    if ((flags & ~MAPI_UNICODE) != 0) return MAPI_E_UNKNOWN_FLAGS;
    if (tags != nullptr && tags->cValues == 0) return MAPI_E_INVALID_PARAMETER;
    const bool unicode = (flags & MAPI_UNICODE) != 0;
    const PropArray stored = bag_->Snapshot();
    const PropArray& computed = options_.computed;
    PropArrayBuilder out;
    bool errors = false;
    auto add_as = [&](const SPropValue& v, ULONG type) {
      const ULONG tag = PROP_TAG(type, PROP_ID(v.ulPropTag));
      if (type == PROP_TYPE(v.ulPropTag)) {
        SPropValue copy = v;  // data stays in `stored` / `computed` until Build
        copy.ulPropTag = tag;
        out.Add(copy);
      } else {
        AddConvertedString(v, tag, &out);
      }
    };
    auto natural = [&](const SPropValue& v) {
      const ULONG type = PROP_TYPE(v.ulPropTag);
      return IsStringType(type) ? StringTypeFor(type, unicode) : type;
    };
    if (tags == nullptr) {
      for (const PropArray* set : {&stored, &computed}) {
        for (const SPropValue& v : *set) {
          const ULONG id = PROP_ID(v.ulPropTag);
          if (PROP_TYPE(v.ulPropTag) == PT_OBJECT) continue;  // OpenProperty's
          if (options_.profile_section_rules && id >= kFirstSecureId && id <= kLastSecureId) {
            continue;  // secure: only when asked for by ID
          }
          add_as(v, natural(v));
        }
      }
      if (out.size() == 0) {
        *count = 0;
        *values = nullptr;
        return S_OK;
      }
    } else {
      for (ULONG i = 0; i < tags->cValues; ++i) {
        const ULONG tag = tags->aulPropTag[i];
        if (tag == PR_NULL) {
          SPropValue null_value{};
          null_value.ulPropTag = PR_NULL;
          out.Add(null_value);
          continue;
        }
        const ULONG any = PROP_TAG(PT_UNSPECIFIED, PROP_ID(tag));
        const SPropValue* v = computed.Find(any);
        if (v == nullptr) v = stored.Find(any);
        if (v == nullptr) {
          out.AddError(tag, MAPI_E_NOT_FOUND);
          errors = true;
          continue;
        }
        const ULONG have = PROP_TYPE(v->ulPropTag);
        if (have == PT_OBJECT) {
          out.AddError(tag, MAPI_E_NO_SUPPORT);  // only through OpenProperty
          errors = true;
          continue;
        }
        const ULONG want = PROP_TYPE(tag) == PT_UNSPECIFIED ? natural(*v) : PROP_TYPE(tag);
        if (want == have ||
            (IsStringType(want) && IsStringType(have) && (want & MV_FLAG) == (have & MV_FLAG))) {
          add_as(*v, want);
        } else {
          out.AddError(tag, MAPI_E_NOT_FOUND);  // no value of that type
          errors = true;
        }
      }
    }
    absl::StatusOr<PropArray> result = out.Build();
    if (!result.ok()) return StatusToHresult(result.status());
    const SCODE sc = result->CopyTo(count, values, options_.allocators.allocate_buffer);
    if (FAILED(sc)) return sc;
    return errors ? MAPI_W_ERRORS_RETURNED : S_OK;
  });
}

HRESULT PropObjectCore::GetPropList(ULONG flags, LPSPropTagArray* tags) {
  return GuardAbi("IMAPIProp::GetPropList", [&]() -> HRESULT {
    if (tags == nullptr) return MAPI_E_INVALID_PARAMETER;
    if ((flags & ~MAPI_UNICODE) != 0) return MAPI_E_UNKNOWN_FLAGS;
    const bool unicode = (flags & MAPI_UNICODE) != 0;
    std::vector<ULONG> list;
    const PropArray stored = bag_->Snapshot();
    for (const PropArray* set : {&stored, &options_.computed}) {
      for (const SPropValue& v : *set) {
        const ULONG id = PROP_ID(v.ulPropTag);
        if (options_.profile_section_rules && id >= kFirstSecureId && id <= kLastSecureId) {
          continue;
        }
        const ULONG type = PROP_TYPE(v.ulPropTag);
        list.push_back(PROP_TAG(IsStringType(type) ? StringTypeFor(type, unicode) : type, id));
      }
    }
    void* block = nullptr;
    const SCODE sc = options_.allocators.allocate_buffer(
        static_cast<ULONG>(CbNewSPropTagArray(list.size())), &block);
    if (FAILED(sc)) return sc;
    auto* out = static_cast<LPSPropTagArray>(block);
    out->cValues = static_cast<ULONG>(list.size());
    for (size_t i = 0; i < list.size(); ++i) out->aulPropTag[i] = list[i];
    *tags = out;
    return S_OK;
  });
}

HRESULT PropObjectCore::OpenProperty(ULONG tag, LPCIID, ULONG, ULONG, LPUNKNOWN* unknown) {
  if (unknown != nullptr) *unknown = nullptr;
  return NoSupport(Unsupported::kOpenProperty, "IMAPIProp::OpenProperty", PropTagName(tag));
}

HRESULT PropObjectCore::SetProps(ULONG count, LPSPropValue values, LPSPropProblemArray* problems) {
  return GuardAbi("IMAPIProp::SetProps", [&]() -> HRESULT {
    if (count == 0 || values == nullptr) return MAPI_E_INVALID_PARAMETER;
    std::vector<SPropValue> candidates;  // values of storable types, in order
    std::vector<ULONG> candidate_index;
    std::vector<SPropProblem> found;
    for (ULONG i = 0; i < count; ++i) {
      const ULONG tag = values[i].ulPropTag;
      const ULONG type = PROP_TYPE(tag);
      if (tag == PR_NULL || type == PT_ERROR) continue;  // ignored (setprops page)
      if (type == PT_OBJECT || type == PT_NULL) return MAPI_E_INVALID_PARAMETER;
      if (!IsStorableType(type)) {
        found.push_back({i, tag, MAPI_E_INVALID_TYPE});
        continue;
      }
      if ((type & MV_FLAG) != 0 && MvCount(values[i]) == 0) return MAPI_E_INVALID_PARAMETER;
      candidates.push_back(values[i]);
      candidate_index.push_back(i);
    }
    // Refuse bad data (NULL strings, ...) before anything changes.
    if (!PropArray::TryCopy(candidates.data(), static_cast<ULONG>(candidates.size())).ok()) {
      return MAPI_E_INVALID_PARAMETER;
    }
    if (read_only()) return MAPI_E_NO_ACCESS;
    {
      absl::MutexLock lock(&bag_->mu_);
      PropertyBag::State& state = bag_->state_;
      PropertyBag::State before = state;
      std::vector<SPropValue> accepted;
      for (size_t k = 0; k < candidates.size(); ++k) {
        const SPropValue& v = candidates[k];
        const ULONG id = PROP_ID(v.ulPropTag);
        auto it = state.flags.find(id);
        SCODE problem = S_OK;
        if (options_.computed.Find(PROP_TAG(PT_UNSPECIFIED, id)) != nullptr) {
          problem = MAPI_E_COMPUTED;
        } else if (options_.profile_section_rules && id >= kFirstNamedId) {
          problem = MAPI_E_NO_SUPPORT;  // profile sections have no named properties
        } else if (it != state.flags.end() && (it->second & IPROP_READONLY) != 0) {
          problem = MAPI_E_NO_ACCESS;
        }
        if (problem != S_OK) {
          found.push_back({candidate_index[k], v.ulPropTag, problem});
          continue;
        }
        accepted.push_back(v);
        const ULONG access = it != state.flags.end()
                                 ? (it->second & (IPROP_READONLY | IPROP_READWRITE))
                                 : IPROP_READWRITE;
        state.flags[id] = access | IPROP_DIRTY;
        std::erase_if(state.deleted, [id](ULONG t) { return PROP_ID(t) == id; });
      }
      if (!accepted.empty()) {
        state.values = state.values.Merge(accepted.data(), static_cast<ULONG>(accepted.size()));
        if (HRESULT hr = Commit(&state, std::move(before)); FAILED(hr)) return hr;
      }
    }
    std::sort(found.begin(), found.end(),
              [](const SPropProblem& a, const SPropProblem& b) { return a.ulIndex < b.ulIndex; });
    return Problems(found, problems);
  });
}

HRESULT PropObjectCore::DeleteProps(LPSPropTagArray tags, LPSPropProblemArray* problems) {
  return GuardAbi("IMAPIProp::DeleteProps", [&]() -> HRESULT {
    if (tags == nullptr || tags->cValues == 0) return MAPI_E_INVALID_PARAMETER;
    if (read_only()) return MAPI_E_NO_ACCESS;
    std::vector<SPropProblem> found;
    {
      absl::MutexLock lock(&bag_->mu_);
      PropertyBag::State& state = bag_->state_;
      PropertyBag::State before = state;
      std::vector<ULONG> removed;  // stored tags
      for (ULONG i = 0; i < tags->cValues; ++i) {
        const ULONG tag = tags->aulPropTag[i];
        const ULONG id = PROP_ID(tag);  // types are ignored (deleteprops page)
        if (options_.computed.Find(PROP_TAG(PT_UNSPECIFIED, id)) != nullptr) {
          found.push_back({i, tag, MAPI_E_COMPUTED});
          continue;
        }
        const SPropValue* v = state.values.Find(PROP_TAG(PT_UNSPECIFIED, id));
        if (v == nullptr) continue;  // deleting what is not there is not a problem
        if ((state.flags[id] & IPROP_READONLY) != 0) {
          found.push_back({i, tag, MAPI_E_NO_ACCESS});
          continue;
        }
        removed.push_back(v->ulPropTag);
      }
      if (!removed.empty()) {
        std::vector<ULONG> block(1 + removed.size());
        auto* list = reinterpret_cast<SPropTagArray*>(block.data());
        list->cValues = static_cast<ULONG>(removed.size());
        std::memcpy(list->aulPropTag, removed.data(), removed.size() * sizeof(ULONG));
        state.values = state.values.Without(*list);
        for (ULONG tag : removed) {
          state.flags.erase(PROP_ID(tag));
          state.deleted.push_back(tag);
        }
        if (HRESULT hr = Commit(&state, std::move(before)); FAILED(hr)) return hr;
      }
    }
    return Problems(found, problems);
  });
}

HRESULT PropObjectCore::CopyTo(ULONG, LPCIID, LPSPropTagArray, ULONG_PTR, LPMAPIPROGRESS, LPCIID,
                               LPVOID, ULONG flags, LPSPropProblemArray* problems) {
  if (problems != nullptr) *problems = nullptr;
  return NoSupport(Unsupported::kCopyTo, "IMAPIProp::CopyTo", "ulFlags=" + std::to_string(flags));
}

HRESULT PropObjectCore::CopyProps(LPSPropTagArray, ULONG_PTR, LPMAPIPROGRESS, LPCIID, LPVOID,
                                  ULONG flags, LPSPropProblemArray* problems) {
  if (problems != nullptr) *problems = nullptr;
  return NoSupport(Unsupported::kCopyProps, "IMAPIProp::CopyProps",
                   "ulFlags=" + std::to_string(flags));
}

HRESULT PropObjectCore::GetNamesFromIDs(LPSPropTagArray*, LPGUID, ULONG flags, ULONG* count,
                                        LPMAPINAMEID** names) {
  if (count != nullptr) *count = 0;
  if (names != nullptr) *names = nullptr;
  return NoSupport(Unsupported::kGetNamesFromIDs, "IMAPIProp::GetNamesFromIDs",
                   "ulFlags=" + std::to_string(flags));
}

HRESULT PropObjectCore::GetIDsFromNames(ULONG count, LPMAPINAMEID*, ULONG flags,
                                        LPSPropTagArray* tags) {
  if (tags != nullptr) *tags = nullptr;
  return NoSupport(Unsupported::kGetIDsFromNames, "IMAPIProp::GetIDsFromNames",
                   "cPropNames=" + std::to_string(count) + ", ulFlags=" + std::to_string(flags));
}

HRESULT PropObjectCore::HrSetObjAccess(ULONG access) {
  if (access != IPROP_READONLY && access != IPROP_READWRITE) {
    return MAPI_E_INVALID_PARAMETER;
  }
  absl::MutexLock lock(&mu_);
  read_only_ = access == IPROP_READONLY;
  return S_OK;
}

HRESULT PropObjectCore::HrSetPropAccess(LPSPropTagArray tags, ULONG* access) {
  return GuardAbi("IPropData::HrSetPropAccess", [&]() -> HRESULT {
    if (tags == nullptr || access == nullptr) return MAPI_E_INVALID_PARAMETER;
    constexpr ULONG kLevels = IPROP_READONLY | IPROP_READWRITE;
    constexpr ULONG kStatus = IPROP_CLEAN | IPROP_DIRTY;
    for (ULONG i = 0; i < tags->cValues; ++i) {
      const ULONG a = access[i];
      // One access level and one status, nothing else (Wine's tests, run
      // against Windows MAPI, expect INVALID_PARAMETER otherwise).
      const ULONG level = a & kLevels;
      const ULONG status = a & kStatus;
      if ((a & ~(kLevels | kStatus)) != 0 ||
          (level != IPROP_READONLY && level != IPROP_READWRITE) ||
          (status != IPROP_CLEAN && status != IPROP_DIRTY)) {
        return MAPI_E_INVALID_PARAMETER;
      }
    }
    // The object's own access does not matter here (same tests).
    absl::MutexLock lock(&bag_->mu_);
    for (ULONG i = 0; i < tags->cValues; ++i) {
      auto it = bag_->state_.flags.find(PROP_ID(tags->aulPropTag[i]));
      if (it != bag_->state_.flags.end()) it->second = access[i];
    }
    return S_OK;
  });
}

HRESULT PropObjectCore::HrGetPropAccess(LPSPropTagArray* tags, ULONG** access) {
  return GuardAbi("IPropData::HrGetPropAccess", [&]() -> HRESULT {
    if (tags == nullptr || access == nullptr) return MAPI_E_INVALID_PARAMETER;
    std::vector<ULONG> list;
    std::vector<ULONG> flags;
    {
      PropertyBag* bag = bag_.get();
      absl::MutexLock lock(&bag->mu_);
      PropertyBag::State& state = bag->state_;
      if (*tags == nullptr) {
        for (const SPropValue& v : state.values) list.push_back(v.ulPropTag);
        for (const SPropValue& v : options_.computed) list.push_back(v.ulPropTag);
        for (ULONG t : state.deleted) list.push_back(t);
      } else {
        list.assign((*tags)->aulPropTag, (*tags)->aulPropTag + (*tags)->cValues);
      }
      for (ULONG t : list) {
        const ULONG id = PROP_ID(t);
        if (options_.computed.Find(PROP_TAG(PT_UNSPECIFIED, id)) != nullptr) {
          flags.push_back(IPROP_READONLY | IPROP_CLEAN);
          continue;
        }
        auto it = state.flags.find(id);
        flags.push_back(it == state.flags.end() ? 0 : it->second);  // 0: deleted or absent
      }
    }
    void* access_block = nullptr;
    SCODE sc = options_.allocators.allocate_buffer(static_cast<ULONG>(sizeof(ULONG) * flags.size()),
                                                   &access_block);
    if (FAILED(sc)) return sc;
    if (!flags.empty()) std::memcpy(access_block, flags.data(), sizeof(ULONG) * flags.size());
    if (*tags == nullptr) {
      void* tag_block = nullptr;
      sc = options_.allocators.allocate_buffer(static_cast<ULONG>(CbNewSPropTagArray(list.size())),
                                               &tag_block);
      if (FAILED(sc)) {
        options_.allocators.free_buffer(access_block);
        return sc;
      }
      auto* out = static_cast<LPSPropTagArray>(tag_block);
      out->cValues = static_cast<ULONG>(list.size());
      for (size_t i = 0; i < list.size(); ++i) out->aulPropTag[i] = list[i];
      *tags = out;
    }
    *access = static_cast<ULONG*>(access_block);
    return S_OK;
  });
}

HRESULT PropObjectCore::HrAddObjProps(LPSPropTagArray tags, LPSPropProblemArray* problems) {
  return GuardAbi("IPropData::HrAddObjProps", [&]() -> HRESULT {
    if (tags == nullptr) return MAPI_E_INVALID_PARAMETER;
    for (ULONG i = 0; i < tags->cValues; ++i) {
      if (PROP_TYPE(tags->aulPropTag[i]) != PT_OBJECT) return MAPI_E_INVALID_TYPE;
    }
    if (read_only()) return MAPI_E_NO_ACCESS;
    std::vector<SPropProblem> found;
    {
      absl::MutexLock lock(&bag_->mu_);
      PropertyBag::State& state = bag_->state_;
      PropertyBag::State before = state;
      std::vector<SPropValue> added;
      for (ULONG i = 0; i < tags->cValues; ++i) {
        const ULONG id = PROP_ID(tags->aulPropTag[i]);
        auto it = state.flags.find(id);
        if (it != state.flags.end() && (it->second & IPROP_READONLY) != 0) {
          found.push_back({i, tags->aulPropTag[i], MAPI_E_NO_ACCESS});
          continue;
        }
        SPropValue v{};
        v.ulPropTag = tags->aulPropTag[i];
        added.push_back(v);
        state.flags[id] = IPROP_READWRITE | IPROP_DIRTY;
      }
      if (!added.empty()) {
        state.values = state.values.Merge(added.data(), static_cast<ULONG>(added.size()));
        if (HRESULT hr = Commit(&state, std::move(before)); FAILED(hr)) return hr;
      }
    }
    if (HRESULT hr = Problems(found, problems); FAILED(hr)) return hr;
    return found.empty() ? S_OK : MAPI_W_PARTIAL_COMPLETION;
  });
}

// ---- MapiPropObject -------------------------------------------------------------

SCODE CreatePropData(LPCIID iid, ALLOCATEBUFFER* allocate_buffer, ALLOCATEMORE* allocate_more,
                     FREEBUFFER* free_buffer, LPVOID reserved, LPPROPDATA* out) {
  if (out == nullptr || allocate_buffer == nullptr || allocate_more == nullptr ||
      free_buffer == nullptr || reserved != nullptr) {
    return MAPI_E_INVALID_PARAMETER;
  }
  if (iid != nullptr && !IsEqualIID(*iid, IID_IMAPIPropData)) {
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
  }
  PropObjectOptions options;
  options.allocators = MapiAllocators{allocate_buffer, allocate_more, free_buffer};
  *out = MapiPropObject::Create(std::move(options)).Detach();
  return S_OK;
}

ComPtr<MapiPropObject> MapiPropObject::Create(PropObjectOptions options, const ObjectOwner* owner) {
  return MakeComObject<MapiPropObject>(std::move(options), owner);
}

MapiPropObject::MapiPropObject(PropObjectOptions options, const ObjectOwner* owner)
    : ComObject<IPropData>(owner, options.kind), core_(std::move(options)) {}

STDMETHODIMP MapiPropObject::GetLastError(HRESULT hr, ULONG flags, LPMAPIERROR* error) {
  return core_.GetLastError(hr, flags, error);
}
STDMETHODIMP MapiPropObject::SaveChanges(ULONG flags) { return core_.SaveChanges(flags); }
STDMETHODIMP MapiPropObject::GetProps(LPSPropTagArray tags, ULONG flags, ULONG* count,
                                      LPSPropValue* values) {
  return core_.GetProps(tags, flags, count, values);
}
STDMETHODIMP MapiPropObject::GetPropList(ULONG flags, LPSPropTagArray* tags) {
  return core_.GetPropList(flags, tags);
}
STDMETHODIMP MapiPropObject::OpenProperty(ULONG tag, LPCIID iid, ULONG options, ULONG flags,
                                          LPUNKNOWN* unknown) {
  return core_.OpenProperty(tag, iid, options, flags, unknown);
}
STDMETHODIMP MapiPropObject::SetProps(ULONG count, LPSPropValue values,
                                      LPSPropProblemArray* problems) {
  return core_.SetProps(count, values, problems);
}
STDMETHODIMP MapiPropObject::DeleteProps(LPSPropTagArray tags, LPSPropProblemArray* problems) {
  return core_.DeleteProps(tags, problems);
}
STDMETHODIMP MapiPropObject::CopyTo(ULONG ciid, LPCIID rgiid, LPSPropTagArray exclude, ULONG_PTR ui,
                                    LPMAPIPROGRESS progress, LPCIID iid, LPVOID dest, ULONG flags,
                                    LPSPropProblemArray* problems) {
  return core_.CopyTo(ciid, rgiid, exclude, ui, progress, iid, dest, flags, problems);
}
STDMETHODIMP MapiPropObject::CopyProps(LPSPropTagArray include, ULONG_PTR ui,
                                       LPMAPIPROGRESS progress, LPCIID iid, LPVOID dest,
                                       ULONG flags, LPSPropProblemArray* problems) {
  return core_.CopyProps(include, ui, progress, iid, dest, flags, problems);
}
STDMETHODIMP MapiPropObject::GetNamesFromIDs(LPSPropTagArray* tags, LPGUID guid, ULONG flags,
                                             ULONG* count, LPMAPINAMEID** names) {
  return core_.GetNamesFromIDs(tags, guid, flags, count, names);
}
STDMETHODIMP MapiPropObject::GetIDsFromNames(ULONG count, LPMAPINAMEID* names, ULONG flags,
                                             LPSPropTagArray* tags) {
  return core_.GetIDsFromNames(count, names, flags, tags);
}
STDMETHODIMP MapiPropObject::HrSetObjAccess(ULONG access) { return core_.HrSetObjAccess(access); }
STDMETHODIMP MapiPropObject::HrSetPropAccess(LPSPropTagArray tags, ULONG* access) {
  return core_.HrSetPropAccess(tags, access);
}
STDMETHODIMP MapiPropObject::HrGetPropAccess(LPSPropTagArray* tags, ULONG** access) {
  return core_.HrGetPropAccess(tags, access);
}
STDMETHODIMP MapiPropObject::HrAddObjProps(LPSPropTagArray tags, LPSPropProblemArray* problems) {
  return core_.HrAddObjProps(tags, problems);
}

}  // namespace mapi_emu
