// prop_set.h -- the fixed property values a test-provider object answers
// GetProps and GetPropList with, handed out in memory from the provider's
// allocators (the caller frees it with MAPIFreeBuffer). Not thread-safe to
// modify; const methods may run on any thread.

#ifndef MAPI_EMU_TESTS_PROVIDERS_COMMON_PROP_SET_H_
#define MAPI_EMU_TESTS_PROVIDERS_COMMON_PROP_SET_H_

#include <string>
#include <string_view>
#include <vector>

#include "mapidefs.h"
#include "tests/providers/common/record.h"

namespace mapi_emu::testprov {

class PropSet {
 public:
  // Each replaces a value with the same property ID. Strings are kept
  // narrow and served as PT_STRING8 or PT_UNICODE, as the caller asks.
  void SetLong(ULONG tag, ULONG value);
  void SetString(ULONG tag, std::string_view value);
  void SetBinary(ULONG tag, const void* bytes, size_t count);

  // The PT_LONG value with tag's property ID; false (and *value unchanged)
  // when there is none.
  bool GetLong(ULONG tag, ULONG* value) const;

  // IMAPIProp::GetProps. tags NULL: every value (strings as PT_UNICODE
  // with MAPI_UNICODE, else PT_STRING8). A tag without a value comes back
  // as PT_ERROR/MAPI_E_NOT_FOUND and the result is MAPI_W_ERRORS_RETURNED.
  // MAPI_E_UNKNOWN_FLAGS for flags other than MAPI_UNICODE,
  // MAPI_E_INVALID_PARAMETER for NULL out pointers; outs untouched then.
  HRESULT GetProps(const Allocators& alloc, const SPropTagArray* tags, ULONG flags, ULONG* count,
                   LPSPropValue* values) const;
  // IMAPIProp::GetPropList, same flag rules.
  HRESULT GetPropList(const Allocators& alloc, ULONG flags, LPSPropTagArray* tags) const;

  // The values as an array that points into this object (PT_STRING8
  // strings), for ModifyStatusRow and the like; valid while this lives.
  std::vector<SPropValue> Values() const;

 private:
  struct Entry {
    ULONG tag;          // PT_LONG, PT_STRING8 or PT_BINARY
    ULONG number = 0;   // PT_LONG
    std::string bytes;  // PT_STRING8 (no '\0') or PT_BINARY
  };
  Entry& Slot(ULONG tag);
  const Entry* Find(ULONG prop_id) const;
  // Fills `out` for the requested tag `want` from `entry` (nullptr: none);
  // variable-length parts are linked to `root`. False when memory runs out.
  static bool Fill(const Allocators& alloc, void* root, ULONG want, const Entry* entry,
                   bool unicode, SPropValue* out, bool* missing);

  std::vector<Entry> entries_;
};

}  // namespace mapi_emu::testprov

#endif  // MAPI_EMU_TESTS_PROVIDERS_COMMON_PROP_SET_H_
