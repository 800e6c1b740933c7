// AbslView: a std::string_view seen as an absl::string_view. Debian's Abseil
// 20220623 has its own string_view type, not an alias of std::string_view, so
// the two do not convert into each other. For the session's .cc files; any
// thread.
#ifndef MAPI_EMU_SESSION_ABSL_VIEW_H_
#define MAPI_EMU_SESSION_ABSL_VIEW_H_

#include <string_view>

#include "absl/strings/string_view.h"

namespace mapi_emu {

// The same characters, not copied: valid as long as `s` is.
inline absl::string_view AbslView(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}

}  // namespace mapi_emu

#endif  // MAPI_EMU_SESSION_ABSL_VIEW_H_
