// The sample address book's contacts: the JSON file format, where the file
// lives by default, and name matching for ResolveNames. Plain C++ (no MAPI
// objects); every function is thread-safe.
#ifndef MAPI_EMU_PROVIDERS_SAMPLE_AB_CONTACTS_H_
#define MAPI_EMU_PROVIDERS_SAMPLE_AB_CONTACTS_H_

#include <string>
#include <vector>

namespace sample_ab {

struct Contact {
  std::string display_name;
  std::string email;                  // the address, in address_type's format
  std::string address_type;           // "SMTP" unless the file says otherwise
  std::string company, title, phone;  // optional, "" when absent
};

// Parses `text` (the content of `path`, which only names it in errors).
// On failure returns false and sets *error to "<path>: <what>", with the
// JSON parser's line/column or the offending contact's index.
bool ParseContacts(const std::string& path, const std::string& text, std::vector<Contact>* out,
                   std::string* error);

// Reads and parses `path`; the same errors, plus "cannot read".
bool LoadContacts(const std::string& path, std::vector<Contact>* out, std::string* error);

// $MAPI_EMU_DATA/sample_ab/contacts.json, else
// ${XDG_DATA_HOME:-$HOME/.local/share}/mapi_emu/sample_ab/contacts.json
// ("" when none of the variables is set).
std::string DefaultContactsPath();

// The sample contacts shipped in providers/sample_ab/contacts.json.
std::string SampleContactsJson();

// Creates `path` (and its directories) with the sample contacts unless it
// exists. False and *error naming the file on failure.
bool EnsureContactsFile(const std::string& path, std::string* error);

// Indices of the contacts `name` resolves to: every exact match
// (case-insensitive) of display name or e-mail address; when there is none,
// every contact whose display name or address starts with `name`.
std::vector<size_t> MatchContacts(const std::vector<Contact>& contacts, const std::string& name);

}  // namespace sample_ab

#endif  // MAPI_EMU_PROVIDERS_SAMPLE_AB_CONTACTS_H_
