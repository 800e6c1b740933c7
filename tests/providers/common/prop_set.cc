#include "tests/providers/common/prop_set.h"

#include <string.h>

#include "mapicode.h"

namespace mapi_emu::testprov {

bool PropSet::Fill(const Allocators& alloc, void* root, ULONG want, const Entry* entry,
                   bool unicode, SPropValue* out, bool* missing) {
  ULONG want_type = PROP_TYPE(want);
  if (entry == nullptr) {
    out->ulPropTag = CHANGE_PROP_TYPE(want, PT_ERROR);
    out->Value.err = MAPI_E_NOT_FOUND;
    *missing = true;
    return true;
  }
  ULONG stored_type = PROP_TYPE(entry->tag);
  const std::string& bytes = entry->bytes;
  if (want_type == PT_UNSPECIFIED) {
    want_type = stored_type == PT_STRING8 && unicode ? PT_UNICODE : stored_type;
  }
  bool is_string = stored_type == PT_STRING8;
  bool type_ok = want_type == stored_type || (is_string && want_type == PT_UNICODE);
  if (!type_ok) {
    out->ulPropTag = CHANGE_PROP_TYPE(want, PT_ERROR);
    out->Value.err = MAPI_E_INVALID_TYPE;
    *missing = true;
    return true;
  }
  out->ulPropTag = CHANGE_PROP_TYPE(want, want_type);
  switch (want_type) {
    case PT_LONG:
      out->Value.ul = entry->number;
      return true;
    case PT_STRING8: {
      void* p = nullptr;
      if (FAILED(alloc.allocate_more(static_cast<ULONG>(bytes.size() + 1), root, &p))) {
        return false;
      }
      memcpy(p, bytes.c_str(), bytes.size() + 1);
      out->Value.lpszA = static_cast<LPSTR>(p);
      return true;
    }
    case PT_UNICODE: {
      void* p = nullptr;
      ULONG size = static_cast<ULONG>((bytes.size() + 1) * sizeof(WCHAR));
      if (FAILED(alloc.allocate_more(size, root, &p))) return false;
      auto* w = static_cast<WCHAR*>(p);
      for (size_t i = 0; i < bytes.size(); ++i) w[i] = static_cast<unsigned char>(bytes[i]);
      w[bytes.size()] = 0;
      out->Value.lpszW = w;
      return true;
    }
    default: {  // PT_BINARY
      void* p = nullptr;
      if (FAILED(alloc.allocate_more(static_cast<ULONG>(bytes.size()), root, &p))) {
        return false;
      }
      memcpy(p, bytes.data(), bytes.size());
      out->Value.bin.cb = static_cast<ULONG>(bytes.size());
      out->Value.bin.lpb = static_cast<LPBYTE>(p);
      return true;
    }
  }
}

PropSet::Entry& PropSet::Slot(ULONG tag) {
  for (Entry& e : entries_) {
    if (PROP_ID(e.tag) == PROP_ID(tag)) {
      e = Entry{tag, 0, std::string()};
      return e;
    }
  }
  entries_.push_back(Entry{tag, 0, std::string()});
  return entries_.back();
}

const PropSet::Entry* PropSet::Find(ULONG prop_id) const {
  for (const Entry& e : entries_) {
    if (PROP_ID(e.tag) == prop_id) return &e;
  }
  return nullptr;
}

void PropSet::SetLong(ULONG tag, ULONG value) {
  Slot(CHANGE_PROP_TYPE(tag, PT_LONG)).number = value;
}

void PropSet::SetString(ULONG tag, std::string_view value) {
  Slot(CHANGE_PROP_TYPE(tag, PT_STRING8)).bytes.assign(value);
}

void PropSet::SetBinary(ULONG tag, const void* bytes, size_t count) {
  Slot(CHANGE_PROP_TYPE(tag, PT_BINARY)).bytes.assign(static_cast<const char*>(bytes), count);
}

bool PropSet::GetLong(ULONG tag, ULONG* value) const {
  const Entry* e = Find(PROP_ID(tag));
  if (e == nullptr || PROP_TYPE(e->tag) != PT_LONG) return false;
  *value = e->number;
  return true;
}

HRESULT PropSet::GetProps(const Allocators& alloc, const SPropTagArray* tags, ULONG flags,
                          ULONG* count, LPSPropValue* values) const {
  if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
  if (count == nullptr || values == nullptr) return MAPI_E_INVALID_PARAMETER;
  if (tags != nullptr && tags->cValues == 0) return MAPI_E_INVALID_PARAMETER;
  bool unicode = (flags & MAPI_UNICODE) != 0;
  ULONG n = tags != nullptr ? tags->cValues : static_cast<ULONG>(entries_.size());
  void* root = nullptr;
  if (FAILED(alloc.allocate(static_cast<ULONG>(sizeof(SPropValue) * (n == 0 ? 1 : n)), &root))) {
    return MAPI_E_NOT_ENOUGH_MEMORY;
  }
  auto* out = static_cast<SPropValue*>(root);
  memset(out, 0, sizeof(SPropValue) * (n == 0 ? 1 : n));
  bool missing = false;
  for (ULONG i = 0; i < n; ++i) {
    ULONG want =
        tags != nullptr ? tags->aulPropTag[i] : CHANGE_PROP_TYPE(entries_[i].tag, PT_UNSPECIFIED);
    const Entry* e = Find(PROP_ID(want));
    if (!Fill(alloc, root, want, e, unicode, &out[i], &missing)) {
      alloc.free(root);
      return MAPI_E_NOT_ENOUGH_MEMORY;
    }
  }
  *count = n;
  *values = out;
  return missing ? MAPI_W_ERRORS_RETURNED : S_OK;
}

HRESULT PropSet::GetPropList(const Allocators& alloc, ULONG flags, LPSPropTagArray* tags) const {
  if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
  if (tags == nullptr) return MAPI_E_INVALID_PARAMETER;
  void* p = nullptr;
  ULONG n = static_cast<ULONG>(entries_.size());
  if (FAILED(alloc.allocate(static_cast<ULONG>(CbNewSPropTagArray(n)), &p))) {
    return MAPI_E_NOT_ENOUGH_MEMORY;
  }
  auto* out = static_cast<LPSPropTagArray>(p);
  out->cValues = n;
  for (ULONG i = 0; i < n; ++i) {
    ULONG tag = entries_[i].tag;
    if (PROP_TYPE(tag) == PT_STRING8 && (flags & MAPI_UNICODE)) {
      tag = CHANGE_PROP_TYPE(tag, PT_UNICODE);
    }
    out->aulPropTag[i] = tag;
  }
  *tags = out;
  return S_OK;
}

std::vector<SPropValue> PropSet::Values() const {
  std::vector<SPropValue> values(entries_.size());
  for (size_t i = 0; i < entries_.size(); ++i) {
    const Entry& e = entries_[i];
    SPropValue& v = values[i];
    memset(&v, 0, sizeof v);
    v.ulPropTag = e.tag;
    switch (PROP_TYPE(e.tag)) {
      case PT_LONG:
        v.Value.ul = e.number;
        break;
      case PT_STRING8:
        v.Value.lpszA = const_cast<LPSTR>(e.bytes.c_str());
        break;
      default:
        v.Value.bin.cb = static_cast<ULONG>(e.bytes.size());
        v.Value.bin.lpb = reinterpret_cast<LPBYTE>(const_cast<char*>(e.bytes.data()));
        break;
    }
  }
  return values;
}

}  // namespace mapi_emu::testprov
