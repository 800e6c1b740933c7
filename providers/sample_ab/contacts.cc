#include "contacts.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace sample_ab {
namespace {

// Kept byte-identical to providers/sample_ab/contacts.json (a unit test
// compares them): the provider carries its sample data, no install step.
constexpr char kSampleContacts[] = R"({
  "contacts": [
    {
      "display_name": "Alice Adams",
      "email": "alice@example.com",
      "company": "Example Corp",
      "title": "Engineer",
      "phone": "+1 555 0100"
    },
    {
      "display_name": "Alan Turing",
      "email": "alan@example.com",
      "company": "Example Corp",
      "title": "Researcher"
    },
    {
      "display_name": "Bob Brown",
      "email": "bob@example.org",
      "title": "Sales"
    },
    {
      "display_name": "Carol Clark",
      "email": "carol@example.net"
    }
  ]
}
)";

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

const char* Env(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? v : nullptr;
}

// An optional string member; false (and *error) when present but not a string.
bool OptionalString(const nlohmann::json& contact, const char* key, std::string* out,
                    std::string* error) {
  auto it = contact.find(key);
  if (it == contact.end()) return true;
  if (!it->is_string()) {
    *error = std::string("\"") + key + "\" is not a string";
    return false;
  }
  *out = it->get<std::string>();
  return true;
}

}  // namespace

bool ParseContacts(const std::string& path, const std::string& text, std::vector<Contact>* out,
                   std::string* error) {
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // e.what() carries "at line L, column C"; e.byte the offset.
    *error = path + ": not valid JSON (byte " + std::to_string(e.byte) + "): " + e.what();
    return false;
  }
  if (!doc.is_object() || !doc.contains("contacts") || !doc["contacts"].is_array()) {
    *error = path + ": expected an object with a \"contacts\" array";
    return false;
  }
  std::vector<Contact> contacts;
  const nlohmann::json& list = doc["contacts"];
  for (size_t i = 0; i < list.size(); ++i) {
    const nlohmann::json& c = list[i];
    std::string where = path + ": contacts[" + std::to_string(i) + "]: ";
    if (!c.is_object()) {
      *error = where + "not an object";
      return false;
    }
    Contact contact;
    contact.address_type = "SMTP";
    std::string what;
    if (!OptionalString(c, "display_name", &contact.display_name, &what) ||
        !OptionalString(c, "email", &contact.email, &what) ||
        !OptionalString(c, "address_type", &contact.address_type, &what) ||
        !OptionalString(c, "company", &contact.company, &what) ||
        !OptionalString(c, "title", &contact.title, &what) ||
        !OptionalString(c, "phone", &contact.phone, &what)) {
      *error = where + what;
      return false;
    }
    if (contact.display_name.empty() || contact.email.empty() || contact.address_type.empty()) {
      *error = where + "\"display_name\", \"email\" and \"address_type\" must not be empty";
      return false;
    }
    for (const Contact& other : contacts) {
      if (Lower(other.email) == Lower(contact.email)) {
        *error = where + "duplicate e-mail address \"" + contact.email + "\"";
        return false;
      }
    }
    contacts.push_back(std::move(contact));
  }
  *out = std::move(contacts);
  return true;
}

bool LoadContacts(const std::string& path, std::vector<Contact>* out, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = path + ": cannot read the contacts file";
    return false;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return ParseContacts(path, text.str(), out, error);
}

std::string DefaultContactsPath() {
  std::filesystem::path base;
  if (const char* data = Env("MAPI_EMU_DATA")) {
    base = data;
  } else if (const char* xdg = Env("XDG_DATA_HOME")) {
    base = std::filesystem::path(xdg) / "mapi_emu";
  } else if (const char* home = Env("HOME")) {
    base = std::filesystem::path(home) / ".local" / "share" / "mapi_emu";
  } else {
    return "";
  }
  return (base / "sample_ab" / "contacts.json").string();
}

std::string SampleContactsJson() { return kSampleContacts; }

bool EnsureContactsFile(const std::string& path, std::string* error) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) return true;
  std::filesystem::path p(path);
  if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path(), ec);
  if (ec) {
    *error = path + ": cannot create its directory: " + ec.message();
    return false;
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << kSampleContacts;
  out.close();
  if (!out) {
    *error = path + ": cannot write the sample contacts";
    return false;
  }
  return true;
}

std::vector<size_t> MatchContacts(const std::vector<Contact>& contacts, const std::string& name) {
  std::vector<size_t> exact, prefix;
  const std::string key = Lower(name);
  if (key.empty()) return exact;
  for (size_t i = 0; i < contacts.size(); ++i) {
    std::string display = Lower(contacts[i].display_name);
    std::string email = Lower(contacts[i].email);
    if (display == key || email == key) {
      exact.push_back(i);
    } else if (display.rfind(key, 0) == 0 || email.rfind(key, 0) == 0) {
      prefix.push_back(i);
    }
  }
  return exact.empty() ? prefix : exact;
}

}  // namespace sample_ab
