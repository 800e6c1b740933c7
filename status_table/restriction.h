// Restrictions (SRestriction trees) for the table engine: validation, a deep
// copy a table view keeps, and evaluation against one row.
//
// Stateless functions and an immutable-after-construction class: any thread
// may use them; one OwnedRestriction may be read by many threads at once.
//
// Semantics where the MAPI pages leave it open (docs/outlook/mapi/s*restriction.md):
//  - a row value is found by the restriction's exact tag (PT_UNSPECIFIED
//    matches any type with the ID); a row without it fails RES_PROPERTY,
//    RES_CONTENT, RES_BITMASK, RES_SIZE and RES_COMPAREPROPS (whatever the
//    relop, RELOP_NE included);
//  - RES_PROPERTY orders strings with StringOrder::kCollation, the order
//    tables sort by, so FindRow(RELOP_GE) agrees with SortTable;
//  - a multi-valued tag with a single-valued lpProp (SPropertyRestriction's
//    MV rule) or MVI_FLAG matches if any value matches; two multi-valued
//    values compare as ordered tuples;
//  - RES_CONTENT: FL_FULLSTRING is equality, FL_IGNORECASE and FL_LOOSE fold
//    ASCII case, FL_IGNORENONSPACE is accepted and has no effect;
//  - RES_SUBRESTRICTION is false (table rows have no sub-objects);
//    RES_COMMENT and RES_ANNOTATION evaluate their lpRes (true without one).
#ifndef MAPI_EMU_STATUS_TABLE_RESTRICTION_H_
#define MAPI_EMU_STATUS_TABLE_RESTRICTION_H_

#include <memory>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "mapi_emu/base/prop_array.h"
#include "mapidefs.h"

namespace mapi_emu {

// Restrictions nested deeper than this are refused as MAPI_E_TOO_COMPLEX.
inline constexpr int kMaxRestrictionDepth = 64;

// OK if EvaluateRestriction can evaluate `res`. Errors (status with the exact
// HRESULT): MAPI_E_TOO_COMPLEX for an rt we do not evaluate (RES_COUNT,
// unknown values), RELOP_RE, a tree deeper than kMaxRestrictionDepth,
// property types that do not match (spropertyrestriction.md,
// scontentrestriction.md) or a content restriction on a type other than
// strings and binaries; MAPI_E_INVALID_PARAMETER for a NULL pointer where a
// structure is required, an unknown relop/relBMR or fuzzy level, or a value
// that cannot be copied.
absl::Status ValidateRestriction(const SRestriction& res);

// True if `row` satisfies `res`, which must have passed ValidateRestriction.
bool EvaluateRestriction(const SRestriction& res, const PropArray& row);

// A deep copy of a validated restriction: every node, sub-array and value
// owned by this object. Movable; copying makes another deep copy.
class OwnedRestriction {
 public:
  // Validates and copies; the ValidateRestriction error otherwise.
  static absl::StatusOr<OwnedRestriction> Copy(const SRestriction& res);

  OwnedRestriction(OwnedRestriction&& other) noexcept;
  OwnedRestriction& operator=(OwnedRestriction&& other) noexcept;
  OwnedRestriction(const OwnedRestriction& other);
  OwnedRestriction& operator=(const OwnedRestriction& other);

  const SRestriction& get() const { return *root_; }
  bool Evaluate(const PropArray& row) const {
    return EvaluateRestriction(*root_, row);
  }

 private:
  OwnedRestriction() = default;
  SRestriction* CopyNode(const SRestriction& src, SRestriction* dst);
  SRestriction* NewNodes(size_t n);
  LPSPropValue Keep(const SPropValue* values, ULONG count);

  std::vector<std::unique_ptr<SRestriction[]>> nodes_;
  std::vector<PropArray> values_;
  SRestriction* root_ = nullptr;
};

}  // namespace mapi_emu

#endif  // MAPI_EMU_STATUS_TABLE_RESTRICTION_H_
