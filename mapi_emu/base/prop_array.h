// PropArray: an owned, immutable array of SPropValue whose variable-length
// data (strings, binaries, GUIDs, multi-valued arrays) it owns too; plus the
// value comparisons the table engine sorts and restricts with.
//
// Storage is shared and immutable: copying a PropArray copies a reference
// (cheap), and data() stays valid for as long as any copy lives. Every
// "changing" operation (Merge, Without) returns a new PropArray. A PropArray
// may therefore be read from any number of threads at once; one PropArray
// object is not itself synchronised against assignment.
#ifndef MAPI_EMU_BASE_PROP_ARRAY_H_
#define MAPI_EMU_BASE_PROP_ARRAY_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "absl/status/statusor.h"
#include "mapidefs.h"

namespace mapi_emu {

class PropArray {
 public:
  // An empty array (size 0, data() NULL).
  PropArray() = default;

  // Deep copy of values[0..count). A value that cannot be copied (unknown
  // type, NULL pointer where data is needed) is replaced by
  // PROP_TAG(PT_ERROR, id) holding MAPI_E_INVALID_PARAMETER, with a warning;
  // use TryCopy to refuse such input instead. values may be NULL if count is 0.
  static PropArray Copy(const SPropValue* values, ULONG count);
  // Deep copy, or MAPI_E_INVALID_PARAMETER naming the first bad value.
  static absl::StatusOr<PropArray> TryCopy(const SPropValue* values,
                                           ULONG count);

  size_t size() const { return storage_ == nullptr ? 0 : storage_->count; }
  bool empty() const { return size() == 0; }
  // The values; NULL when empty. Valid while any copy of this array lives.
  const SPropValue* data() const;
  const SPropValue& operator[](size_t i) const { return data()[i]; }
  const SPropValue* begin() const { return data(); }
  const SPropValue* end() const { return data() + size(); }

  // The first value whose tag is exactly `tag`; a tag of type
  // PT_UNSPECIFIED matches the first value with that property ID whatever
  // its type. NULL if none.
  const SPropValue* Find(ULONG tag) const;

  // A copy in which each value of `values` replaces the value with the same
  // property ID (in place) or, if there is none, is appended (in the order
  // given). Later duplicates in `values` win. Bad values as in Copy.
  PropArray Merge(const SPropValue* values, ULONG count) const;
  PropArray Merge(const PropArray& other) const {
    return Merge(other.data(), static_cast<ULONG>(other.size()));
  }
  // A copy without the values whose property ID is in `tags`.
  PropArray Without(const SPropTagArray& tags) const;
  // The same for a plain list of tags (std::array, std::vector), which spares
  // the caller casting a SizedSPropTagArray.
  PropArray Without(std::span<const ULONG> tags) const;

  // One block from `alloc` (NULL: ProcessBufferAllocator) holding the values
  // for `columns`, in that order: a column the array lacks becomes
  // PROP_TAG(PT_ERROR, id) = MAPI_E_NOT_FOUND, a PR_NULL column is PR_NULL
  // (placeholder), a PT_UNSPECIFIED column gets the value with that ID.
  // columns == NULL projects every value. The caller frees *out with the
  // matching free function (MAPIFreeBuffer). Out-params untouched on error:
  // MAPI_E_INVALID_PARAMETER (NULL out-param), the allocator's error.
  SCODE Project(const SPropTagArray* columns, ULONG* count, LPSPropValue* out,
                ALLOCATEBUFFER* alloc = nullptr) const;
  // The whole array as one block (Project(NULL, ...)).
  SCODE CopyTo(ULONG* count, LPSPropValue* out,
               ALLOCATEBUFFER* alloc = nullptr) const {
    return Project(nullptr, count, out, alloc);
  }
  // Project into a block from alloc_more(.., parent, ..), freed with parent
  // (an SRow's values, say). MAPI_E_INVALID_PARAMETER for a NULL argument.
  SCODE ProjectMore(const SPropTagArray* columns, ALLOCATEMORE* alloc_more,
                    void* parent, ULONG* count, LPSPropValue* out) const;
  // The projection as a PropArray (what a table notification carries).
  PropArray ProjectArray(const SPropTagArray* columns) const;

  // Same size and PropEquals value by value.
  friend bool operator==(const PropArray& a, const PropArray& b);

 private:
  // One CopyProps layout: the SPropValue array first, the data after it,
  // in an 8-byte aligned buffer (what CopyProps' layout assumes).
  struct Storage {
    ULONG count = 0;
    std::unique_ptr<uint64_t[]> buffer;
  };
  explicit PropArray(std::shared_ptr<const Storage> storage)
      : storage_(std::move(storage)) {}
  // Copies values that are known to be valid (CopyProps accepts them).
  static absl::StatusOr<PropArray> CopyValid(const SPropValue* values,
                                             ULONG count);

  std::shared_ptr<const Storage> storage_;
};

// How ComparePropValues orders strings (PT_STRING8 by unsigned byte,
// PT_UNICODE by WCHAR code unit, and their multi-valued forms).
enum class StringOrder {
  kBinary,      // case-sensitive: "B" < "a"
  kIgnoreCase,  // ASCII letters folded: "a" == "A"
  // Folded first, then binary to break ties: "a" < "B", "A" < "a". A total
  // order that sorts the way people expect; tables sort with it.
  kCollation,
};

// A total order on values of one type, ignoring property IDs: -1, 0 or 1.
// Values of different types order by type number. Numbers compare
// numerically (NaN after every number), PT_BOOLEAN as 0/1, PT_SYSTIME by
// time, PT_CURRENCY/PT_I8 as signed 64-bit, PT_ERROR by SCODE, PT_CLSID and
// PT_BINARY bytewise (a prefix first), strings per `order`. Multi-valued
// values compare element by element, a shorter one first when it is a
// prefix. PT_NULL / PT_OBJECT values are all equal.
int ComparePropValues(const SPropValue& a, const SPropValue& b,
                      StringOrder order = StringOrder::kBinary);

// Same tag and ComparePropValues(kBinary) == 0.
bool PropEquals(const SPropValue& a, const SPropValue& b);

// For a multi-valued value (MV_FLAG in its type): the number of values, and
// value i as a single-valued SPropValue (same ID, type without MV_FLAG /
// MV_INSTANCE) pointing into `mv`'s data. 0 / PR_NULL for other values.
ULONG MvCount(const SPropValue& mv);
SPropValue MvElement(const SPropValue& mv, ULONG i);

}  // namespace mapi_emu

#endif  // MAPI_EMU_BASE_PROP_ARRAY_H_
