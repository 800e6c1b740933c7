// Names of MAPI property tags and property types, for logs, traces, test
// messages, profiles and MAPISVC.INF: "PR_DISPLAY_NAME_W" <-> 0x3001001F,
// "PT_LONG" <-> 0x0003.
//
// The table holds every PR_ name that mapitags.h defines (and PR_NULL from
// mapidefs.h); it is built from those macros, so a name and its value cannot
// disagree. Every function here is thread-safe: the tables are immutable.
// Names are matched without regard to ASCII case; callers trim white space.
#ifndef MAPI_EMU_BASE_PROP_TAG_NAMES_H_
#define MAPI_EMU_BASE_PROP_TAG_NAMES_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "mapitags.h"

namespace mapi_emu {

// One name of the table.
struct PropTagEntry {
  enum class Kind {
    kTag,      // The name PropTagName() gives `tag` ("PR_DISPLAY_NAME_A").
    kAlias,    // Another name for a tag that also has a kTag entry
               // ("PR_OFFICE_TELEPHONE_NUMBER_W").
    kTString,  // A PT_TSTRING name ("PR_DISPLAY_NAME"); `tag` is its
               // PT_STRING8 (or PT_MV_STRING8) form.
  };
  std::string_view name;
  ULONG tag;
  Kind kind;
};

// Every name of the table once, in mapitags.h order, PR_NULL first.
std::span<const PropTagEntry> PropTagTable();

// The name of `tag`: "PR_DISPLAY_NAME_W", "PR_ENTRYID". A property ID that
// mapitags.h knows, with a type it does not give it, is written
// "PROP_TAG(PT_LONG, 0x3001)" (PT_ERROR columns of GetProps look like that);
// anything else is "0x6001001F". PropTagFromName() reads every result back.
std::string PropTagName(ULONG tag);

// The tag `name` stands for, or nullopt when it names none. Accepts:
//  - every name of PropTagTable(): "PR_DISPLAY_NAME_A", "PR_DISPLAY_NAME_W";
//  - a PT_TSTRING name, "PR_DISPLAY_NAME": the PT_STRING8 form, because
//    MAPISVC.INF files and the profile sections written from them are 8-bit
//    text; with `flags` containing MAPI_UNICODE, the PT_UNICODE form;
//  - a hexadecimal tag, "0x3001001E" or "3001001E" (MAPISVC.INF writes
//    properties without names that way), 1 to 8 digits;
//  - "PROP_TAG(<type>, <id>)", <type> as PropTypeFromName() reads it and <id>
//    hexadecimal up to 0xFFFF.
std::optional<ULONG> PropTagFromName(std::string_view name);
std::optional<ULONG> PropTagFromName(std::string_view name, ULONG flags);

// The name of a property type: "PT_LONG", "PT_MV_UNICODE",
// "PT_MV_LONG|MV_INSTANCE"; an unknown type is "0x1234".
std::string PropTypeName(ULONG type);

// The type `name` stands for, or nullopt. Accepts PropTypeName()'s results,
// the SDK's other spellings (PT_I4, PT_SHORT, PT_FLOAT, PT_R8, PT_LONGLONG and
// their PT_MV_ forms), PT_TSTRING / PT_MV_TSTRING as the 8-bit types (as
// PropTagFromName does), and hexadecimal up to 0xFFFF ("0x001E", "1E").
std::optional<ULONG> PropTypeFromName(std::string_view name);

}  // namespace mapi_emu

#endif  // MAPI_EMU_BASE_PROP_TAG_NAMES_H_
