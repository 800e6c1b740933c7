// The RFC 5322 message files the sample transport writes and reads (.eml,
// CRLF line ends, UTF-8 text/plain body, RFC 2047 encoded-words for
// non-ASCII header text) and the atomic file drop. Plain C++; thread-safe.
#ifndef MAPI_EMU_PROVIDERS_SAMPLE_XP_EML_H_
#define MAPI_EMU_PROVIDERS_SAMPLE_XP_EML_H_

#include <cstdint>
#include <string>
#include <vector>

namespace sample_xp {

// A mailbox. address_type "SMTP" is written as a plain addr-spec; "FILE"
// as "<"/path/to/dir"@file.invalid>"; any other type T as
// "<"T:address"@mapi.invalid>" (a quoted local part keeps it valid RFC 5322,
// and the reserved .invalid domains say it is not Internet mail).
struct Mailbox {
  std::string name;  // "" when none
  std::string address_type;
  std::string address;
};

struct EmlMessage {
  std::string subject;
  Mailbox from;
  std::vector<Mailbox> to, cc;
  std::string body;        // UTF-8, '\n' line ends (CRLF on disk)
  int64_t date = 0;        // seconds since 1970-01-01 UTC (the Date: header)
  std::string message_id;  // without the angle brackets
};

// The file's bytes.
std::string FormatEml(const EmlMessage& message);

// Parses what FormatEml writes (and plain RFC 5322 mail of the same shape:
// unfolds headers, decodes B/Q encoded-words, reads addr-specs and
// name-addrs). False and *error ("<where>: <what>") on a malformed file.
bool ParseEml(const std::string& name, const std::string& text, EmlMessage* out,
              std::string* error);

// RFC 5322 date-time for `seconds` (UTC, "+0000").
std::string FormatDate(int64_t seconds);

// Writes `contents` as `dir`/`file_name` atomically: a hidden temporary file
// in `dir`, fsync, rename, fsync of the directory. False and *error naming
// the path on failure (the temporary file is removed).
bool WriteFileAtomically(const std::string& dir, const std::string& file_name,
                         const std::string& contents, std::string* error);

}  // namespace sample_xp

#endif  // MAPI_EMU_PROVIDERS_SAMPLE_XP_EML_H_
