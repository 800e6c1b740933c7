#include "status_table/restriction.h"

#include <string>
#include <string_view>
#include <utility>

#include "absl/strings/str_format.h"
#include "mapi_emu/base/hresult.h"
#include "mapi_emu/base/prop_tag_names.h"
#include "mapi_emu/base/prop_util.h"
#include "mapicode.h"

namespace mapi_emu {
namespace {

absl::Status TooComplex(const std::string& what) {
  return HresultToStatus(MAPI_E_TOO_COMPLEX, what);
}
absl::Status Invalid(const std::string& what) {
  return HresultToStatus(MAPI_E_INVALID_PARAMETER, what);
}

// The tag a row value is looked up by: MV_INSTANCE only marks how a column
// or restriction wants a multi-valued property seen.
ULONG LookupTag(ULONG tag) {
  return PROP_TAG(PROP_TYPE(tag) & ~MV_INSTANCE, PROP_ID(tag));
}

bool IsContentType(ULONG type) {
  return type == PT_STRING8 || type == PT_UNICODE || type == PT_BINARY;
}

absl::Status CheckRelop(ULONG relop, const char* rt) {
  if (relop == RELOP_RE) {
    return TooComplex(absl::StrFormat("%s with RELOP_RE is not supported", rt));
  }
  if (relop > RELOP_RE) {
    return Invalid(absl::StrFormat("%s with unknown relop %u", rt, relop));
  }
  return absl::OkStatus();
}

absl::Status CheckValues(const SPropValue* values, ULONG count,
                         const char* rt) {
  if (count == 0) return absl::OkStatus();
  if (values == nullptr) {
    return Invalid(absl::StrFormat("%s with a NULL lpProp", rt));
  }
  absl::StatusOr<PropArray> copy = PropArray::TryCopy(values, count);
  if (!copy.ok()) {
    return Invalid(absl::StrFormat("%s: %s", rt, copy.status().ToString()));
  }
  return absl::OkStatus();
}

absl::Status Validate(const SRestriction& res, int depth) {
  if (depth > kMaxRestrictionDepth) {
    return TooComplex(absl::StrFormat("restriction nested deeper than %d",
                                      kMaxRestrictionDepth));
  }
  switch (res.rt) {
    case RES_AND:
    case RES_OR: {
      const ULONG n = res.rt == RES_AND ? res.res.resAnd.cRes : res.res.resOr.cRes;
      const SRestriction* kids =
          res.rt == RES_AND ? res.res.resAnd.lpRes : res.res.resOr.lpRes;
      if (n > 0 && kids == nullptr) {
        return Invalid(absl::StrFormat("%s with %u children and NULL lpRes",
                                       res.rt == RES_AND ? "RES_AND" : "RES_OR",
                                       n));
      }
      for (ULONG i = 0; i < n; ++i) {
        if (absl::Status s = Validate(kids[i], depth + 1); !s.ok()) return s;
      }
      return absl::OkStatus();
    }
    case RES_NOT:
      if (res.res.resNot.lpRes == nullptr) {
        return Invalid("RES_NOT with NULL lpRes");
      }
      return Validate(*res.res.resNot.lpRes, depth + 1);
    case RES_CONTENT: {
      const SContentRestriction& c = res.res.resContent;
      if (c.lpProp == nullptr) return Invalid("RES_CONTENT with NULL lpProp");
      if ((c.ulFuzzyLevel & 0xFFFF) > FL_PREFIX) {
        return Invalid(absl::StrFormat("RES_CONTENT with unknown fuzzy level 0x%08X",
                                       c.ulFuzzyLevel));
      }
      const ULONG tag_type = PROP_TYPE(LookupTag(c.ulPropTag));
      const ULONG value_type = PROP_TYPE(c.lpProp->ulPropTag);
      const bool types_match =
          tag_type == value_type || tag_type == PT_UNSPECIFIED ||
          ((tag_type & MV_FLAG) != 0 && (tag_type & ~MV_FLAG) == value_type);
      if (!types_match || !IsContentType(value_type)) {
        return TooComplex(absl::StrFormat(
            "RES_CONTENT on %s with a %s value: the types must match and be "
            "strings or binaries",
            PropTagName(c.ulPropTag), PropTypeName(value_type)));
      }
      return CheckValues(c.lpProp, 1, "RES_CONTENT");
    }
    case RES_PROPERTY: {
      const SPropertyRestriction& p = res.res.resProperty;
      if (p.lpProp == nullptr) return Invalid("RES_PROPERTY with NULL lpProp");
      if (absl::Status s = CheckRelop(p.relop, "RES_PROPERTY"); !s.ok()) {
        return s;
      }
      const ULONG tag_type = PROP_TYPE(LookupTag(p.ulPropTag));
      const ULONG value_type = PROP_TYPE(p.lpProp->ulPropTag);
      const bool types_match =
          tag_type == value_type || tag_type == PT_UNSPECIFIED ||
          ((tag_type & MV_FLAG) != 0 && (tag_type & ~MV_FLAG) == value_type);
      if (!types_match) {
        return TooComplex(absl::StrFormat(
            "RES_PROPERTY on %s with a %s value: the types must match",
            PropTagName(p.ulPropTag), PropTypeName(value_type)));
      }
      return CheckValues(p.lpProp, 1, "RES_PROPERTY");
    }
    case RES_COMPAREPROPS: {
      const SComparePropsRestriction& c = res.res.resCompareProps;
      if (absl::Status s = CheckRelop(c.relop, "RES_COMPAREPROPS"); !s.ok()) {
        return s;
      }
      if (PROP_TYPE(c.ulPropTag1) != PROP_TYPE(c.ulPropTag2)) {
        return TooComplex(absl::StrFormat(
            "RES_COMPAREPROPS on %s and %s: the types must match",
            PropTagName(c.ulPropTag1), PropTagName(c.ulPropTag2)));
      }
      return absl::OkStatus();
    }
    case RES_BITMASK: {
      const SBitMaskRestriction& b = res.res.resBitMask;
      if (b.relBMR != BMR_EQZ && b.relBMR != BMR_NEZ) {
        return Invalid(absl::StrFormat("RES_BITMASK with unknown relBMR %u",
                                       b.relBMR));
      }
      const ULONG type = PROP_TYPE(b.ulPropTag);
      if (type != PT_LONG && type != PT_I2 && type != PT_BOOLEAN &&
          type != PT_UNSPECIFIED) {
        return TooComplex(absl::StrFormat(
            "RES_BITMASK on %s: only PT_LONG, PT_I2 and PT_BOOLEAN",
            PropTagName(b.ulPropTag)));
      }
      return absl::OkStatus();
    }
    case RES_SIZE:
      return CheckRelop(res.res.resSize.relop, "RES_SIZE");
    case RES_EXIST:
      return absl::OkStatus();
    case RES_SUBRESTRICTION:
      if (res.res.resSub.lpRes == nullptr) {
        return Invalid("RES_SUBRESTRICTION with NULL lpRes");
      }
      return Validate(*res.res.resSub.lpRes, depth + 1);
    case RES_COMMENT:
    case RES_ANNOTATION: {
      // SCommentRestriction and SAnnotationRestriction share their layout.
      const SCommentRestriction& c = res.res.resComment;
      const char* rt = res.rt == RES_COMMENT ? "RES_COMMENT" : "RES_ANNOTATION";
      if (absl::Status s = CheckValues(c.lpProp, c.cValues, rt); !s.ok()) {
        return s;
      }
      return c.lpRes == nullptr ? absl::OkStatus() : Validate(*c.lpRes, depth + 1);
    }
    default:
      return TooComplex(absl::StrFormat(
          "restriction type %u is not supported (RES_COUNT and unknown types)",
          res.rt));
  }
}

bool ApplyRelop(int cmp, ULONG relop) {
  switch (relop) {
    case RELOP_LT:
      return cmp < 0;
    case RELOP_LE:
      return cmp <= 0;
    case RELOP_GT:
      return cmp > 0;
    case RELOP_GE:
      return cmp >= 0;
    case RELOP_EQ:
      return cmp == 0;
    case RELOP_NE:
      return cmp != 0;
    default:
      return false;
  }
}

template <typename Char>
std::basic_string<Char> Folded(const Char* s, bool fold) {
  std::basic_string<Char> out(s);
  if (fold) {
    for (Char& c : out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<Char>(c + ('a' - 'A'));
    }
  }
  return out;
}

template <typename String>
bool MatchText(const String& hay, const String& needle, ULONG level) {
  switch (level & 0xFFFF) {
    case FL_SUBSTRING:
      return hay.find(needle) != String::npos;
    case FL_PREFIX:
      return hay.compare(0, needle.size(), needle) == 0;
    default:  // FL_FULLSTRING
      return hay == needle;
  }
}

// One (single-valued) value against the pattern of a content restriction.
bool MatchContent(const SPropValue& value, const SPropValue& pattern,
                  ULONG level) {
  if (PROP_TYPE(value.ulPropTag) != PROP_TYPE(pattern.ulPropTag)) return false;
  const bool fold = (level & (FL_IGNORECASE | FL_LOOSE)) != 0;
  switch (PROP_TYPE(value.ulPropTag)) {
    case PT_STRING8:
      if (value.Value.lpszA == nullptr) return false;
      return MatchText(Folded(value.Value.lpszA, fold),
                       Folded(pattern.Value.lpszA, fold), level);
    case PT_UNICODE:
      if (value.Value.lpszW == nullptr) return false;
      return MatchText(Folded(value.Value.lpszW, fold),
                       Folded(pattern.Value.lpszW, fold), level);
    case PT_BINARY: {
      const auto bytes = [](const SBinary& b) {
        return std::string_view(reinterpret_cast<const char*>(b.lpb),
                                b.lpb == nullptr ? 0 : b.cb);
      };
      return MatchText(bytes(value.Value.bin), bytes(pattern.Value.bin), level);
    }
    default:
      return false;
  }
}

}  // namespace

absl::Status ValidateRestriction(const SRestriction& res) {
  return Validate(res, 1);
}

bool EvaluateRestriction(const SRestriction& res, const PropArray& row) {
  switch (res.rt) {
    case RES_AND:
      for (ULONG i = 0; i < res.res.resAnd.cRes; ++i) {
        if (!EvaluateRestriction(res.res.resAnd.lpRes[i], row)) return false;
      }
      return true;
    case RES_OR:
      for (ULONG i = 0; i < res.res.resOr.cRes; ++i) {
        if (EvaluateRestriction(res.res.resOr.lpRes[i], row)) return true;
      }
      return false;
    case RES_NOT:
      return !EvaluateRestriction(*res.res.resNot.lpRes, row);
    case RES_CONTENT: {
      const SContentRestriction& c = res.res.resContent;
      const SPropValue* v = row.Find(LookupTag(c.ulPropTag));
      if (v == nullptr) return false;
      if ((PROP_TYPE(v->ulPropTag) & MV_FLAG) != 0) {
        for (ULONG i = 0; i < MvCount(*v); ++i) {
          if (MatchContent(MvElement(*v, i), *c.lpProp, c.ulFuzzyLevel)) {
            return true;
          }
        }
        return false;
      }
      return MatchContent(*v, *c.lpProp, c.ulFuzzyLevel);
    }
    case RES_PROPERTY: {
      const SPropertyRestriction& p = res.res.resProperty;
      const SPropValue* v = row.Find(LookupTag(p.ulPropTag));
      if (v == nullptr) return false;
      const bool any_element = (PROP_TYPE(v->ulPropTag) & MV_FLAG) != 0 &&
                               (PROP_TYPE(p.lpProp->ulPropTag) & MV_FLAG) == 0;
      if (any_element) {
        for (ULONG i = 0; i < MvCount(*v); ++i) {
          const int cmp = ComparePropValues(MvElement(*v, i), *p.lpProp,
                                            StringOrder::kCollation);
          if (ApplyRelop(cmp, p.relop)) return true;
        }
        return false;
      }
      return ApplyRelop(ComparePropValues(*v, *p.lpProp, StringOrder::kCollation),
                        p.relop);
    }
    case RES_COMPAREPROPS: {
      const SComparePropsRestriction& c = res.res.resCompareProps;
      const SPropValue* a = row.Find(LookupTag(c.ulPropTag1));
      const SPropValue* b = row.Find(LookupTag(c.ulPropTag2));
      if (a == nullptr || b == nullptr) return false;
      if (PROP_TYPE(a->ulPropTag) != PROP_TYPE(b->ulPropTag)) return false;
      return ApplyRelop(ComparePropValues(*a, *b, StringOrder::kCollation),
                        c.relop);
    }
    case RES_BITMASK: {
      const SBitMaskRestriction& b = res.res.resBitMask;
      const SPropValue* v = row.Find(b.ulPropTag);
      if (v == nullptr) return false;
      ULONG bits = 0;
      switch (PROP_TYPE(v->ulPropTag)) {
        case PT_LONG:
          bits = v->Value.ul;
          break;
        case PT_I2:
          bits = static_cast<unsigned short>(v->Value.i);
          break;
        case PT_BOOLEAN:
          bits = v->Value.b;
          break;
        default:
          return false;
      }
      const bool zero = (bits & b.ulMask) == 0;
      return b.relBMR == BMR_EQZ ? zero : !zero;
    }
    case RES_SIZE: {
      const SSizeRestriction& s = res.res.resSize;
      const SPropValue* v = row.Find(LookupTag(s.ulPropTag));
      if (v == nullptr) return false;
      const ULONG size = PropSize(*v);
      const int cmp = size < s.cb ? -1 : (size > s.cb ? 1 : 0);
      return ApplyRelop(cmp, s.relop);
    }
    case RES_EXIST:
      return row.Find(LookupTag(res.res.resExist.ulPropTag)) != nullptr;
    case RES_SUBRESTRICTION:
      return false;
    case RES_COMMENT:
    case RES_ANNOTATION:
      return res.res.resComment.lpRes == nullptr ||
             EvaluateRestriction(*res.res.resComment.lpRes, row);
    default:
      return false;
  }
}

absl::StatusOr<OwnedRestriction> OwnedRestriction::Copy(const SRestriction& res) {
  if (absl::Status s = ValidateRestriction(res); !s.ok()) return s;
  OwnedRestriction owned;
  owned.root_ = owned.NewNodes(1);
  owned.CopyNode(res, owned.root_);
  return owned;
}

OwnedRestriction::OwnedRestriction(const OwnedRestriction& other) {
  if (other.root_ != nullptr) {
    root_ = NewNodes(1);
    CopyNode(*other.root_, root_);
  }
}

OwnedRestriction& OwnedRestriction::operator=(const OwnedRestriction& other) {
  if (this != &other) *this = OwnedRestriction(other);
  return *this;
}

OwnedRestriction::OwnedRestriction(OwnedRestriction&& other) noexcept
    : nodes_(std::move(other.nodes_)),
      values_(std::move(other.values_)),
      root_(std::exchange(other.root_, nullptr)) {}

OwnedRestriction& OwnedRestriction::operator=(OwnedRestriction&& other) noexcept {
  nodes_ = std::move(other.nodes_);
  values_ = std::move(other.values_);
  root_ = std::exchange(other.root_, nullptr);
  return *this;
}

SRestriction* OwnedRestriction::NewNodes(size_t n) {
  nodes_.push_back(std::make_unique<SRestriction[]>(n));
  return nodes_.back().get();
}

LPSPropValue OwnedRestriction::Keep(const SPropValue* values, ULONG count) {
  if (values == nullptr || count == 0) return nullptr;
  values_.push_back(PropArray::Copy(values, count));
  // Restriction structures are not const-correct; nothing writes through it.
  return const_cast<LPSPropValue>(values_.back().data());
}

SRestriction* OwnedRestriction::CopyNode(const SRestriction& src,
                                         SRestriction* dst) {
  *dst = src;
  switch (src.rt) {
    case RES_AND:
    case RES_OR: {
      const ULONG n = src.res.resAnd.cRes;  // SOrRestriction: same layout
      if (n == 0) {
        dst->res.resAnd.lpRes = nullptr;
        break;
      }
      SRestriction* kids = NewNodes(n);
      for (ULONG i = 0; i < n; ++i) CopyNode(src.res.resAnd.lpRes[i], &kids[i]);
      dst->res.resAnd.lpRes = kids;
      break;
    }
    case RES_NOT:
      dst->res.resNot.lpRes = CopyNode(*src.res.resNot.lpRes, NewNodes(1));
      break;
    case RES_CONTENT:
      dst->res.resContent.lpProp = Keep(src.res.resContent.lpProp, 1);
      break;
    case RES_PROPERTY:
      dst->res.resProperty.lpProp = Keep(src.res.resProperty.lpProp, 1);
      break;
    case RES_SUBRESTRICTION:
      dst->res.resSub.lpRes = CopyNode(*src.res.resSub.lpRes, NewNodes(1));
      break;
    case RES_COMMENT:
    case RES_ANNOTATION: {
      const SCommentRestriction& c = src.res.resComment;
      dst->res.resComment.lpProp = Keep(c.lpProp, c.cValues);
      if (c.lpProp == nullptr || c.cValues == 0) dst->res.resComment.cValues = 0;
      dst->res.resComment.lpRes =
          c.lpRes == nullptr ? nullptr : CopyNode(*c.lpRes, NewNodes(1));
      break;
    }
    default:
      break;
  }
  return dst;
}

}  // namespace mapi_emu
