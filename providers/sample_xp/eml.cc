#include "eml.h"

#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>

#include "providers/common/durable_file.h"

namespace sample_xp {
namespace {

constexpr char kFileDomain[] = "file.invalid";
constexpr char kMapiDomain[] = "mapi.invalid";
constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string Base64(const std::string& in) {
  std::string out;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(in[i]) << 16) |
                 (static_cast<unsigned char>(in[i + 1]) << 8) |
                 static_cast<unsigned char>(in[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out.push_back(kB64[(v >> s) & 63]);
  }
  if (i < in.size()) {
    unsigned v = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) v |= static_cast<unsigned char>(in[i + 1]) << 8;
    out.push_back(kB64[(v >> 18) & 63]);
    out.push_back(kB64[(v >> 12) & 63]);
    out.push_back(i + 1 < in.size() ? kB64[(v >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

bool Unbase64(const std::string& in, std::string* out) {
  out->clear();
  unsigned v = 0;
  int bits = 0;
  for (char c : in) {
    if (c == '=' || c == '\r' || c == '\n' || c == ' ') continue;
    const char* p = std::strchr(kB64, c);
    if (p == nullptr || c == '\0') return false;
    v = (v << 6) | static_cast<unsigned>(p - kB64);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out->push_back(static_cast<char>((v >> bits) & 0xFF));
    }
  }
  return true;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Quoted-printable (RFC 2045) or, in encoded-words, Q (RFC 2047: '_' is space).
std::string UnQuotedPrintable(const std::string& in, bool q_word) {
  std::string out;
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '_' && q_word) {
      out.push_back(' ');
    } else if (c == '=' && i + 1 < in.size() && (in[i + 1] == '\r' || in[i + 1] == '\n')) {
      i += in[i + 1] == '\r' && i + 2 < in.size() && in[i + 2] == '\n' ? 2 : 1;  // soft break
    } else if (c == '=' && i + 2 < in.size() && HexValue(in[i + 1]) >= 0 &&
               HexValue(in[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexValue(in[i + 1]) * 16 + HexValue(in[i + 2])));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

bool IsPlainAscii(const std::string& s) {
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u > 0x7E) return false;
  }
  return true;
}

// Header text: as is when printable ASCII, else one RFC 2047 B word.
std::string EncodeText(const std::string& s) {
  if (IsPlainAscii(s) && s.find("=?") == std::string::npos) return s;
  return "=?UTF-8?B?" + Base64(s) + "?=";
}

std::string DecodeText(const std::string& s) {
  std::string out;
  size_t i = 0;
  bool last_was_word = false;
  while (i < s.size()) {
    size_t start = s.find("=?", i);
    if (start == std::string::npos) {
      out += s.substr(i);
      break;
    }
    size_t q1 = s.find('?', start + 2);
    size_t q2 = q1 == std::string::npos ? q1 : s.find('?', q1 + 1);
    size_t end = q2 == std::string::npos ? q2 : s.find("?=", q2 + 1);
    if (end == std::string::npos || q2 != q1 + 2) {
      out += s.substr(i);
      break;
    }
    std::string between = s.substr(i, start - i);
    bool blank = between.find_first_not_of(" \t") == std::string::npos;
    if (!(last_was_word && blank)) out += between;  // space between words is dropped
    char encoding = static_cast<char>(std::toupper(static_cast<unsigned char>(s[q1 + 1])));
    std::string text = s.substr(q2 + 1, end - q2 - 1);
    std::string decoded;
    if (encoding == 'B' && Unbase64(text, &decoded)) {
      out += decoded;
    } else if (encoding == 'Q') {
      out += UnQuotedPrintable(text, true);
    } else {
      out += s.substr(start, end + 2 - start);
    }
    i = end + 2;
    last_was_word = true;
  }
  return out;
}

std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "\"";
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string AddrSpec(const Mailbox& m) {
  std::string type = Lower(m.address_type);
  if (type == "smtp" || type.empty()) return m.address;
  if (type == "file") return Quote(m.address) + "@" + kFileDomain;
  return Quote(m.address_type + ":" + m.address) + "@" + kMapiDomain;
}

std::string FormatMailbox(const Mailbox& m) {
  std::string spec = "<" + AddrSpec(m) + ">";
  if (m.name.empty()) return spec;
  std::string name = IsPlainAscii(m.name) ? Quote(m.name) : EncodeText(m.name);
  return name + " " + spec;
}

std::string FormatList(const std::vector<Mailbox>& list) {
  std::string out;
  for (const Mailbox& m : list) {
    if (!out.empty()) out += ", ";
    out += FormatMailbox(m);
  }
  return out;
}

// An addr-spec as written by AddrSpec (or any plain Internet address).
bool ParseAddrSpec(const std::string& spec, Mailbox* m, std::string* error) {
  std::string s = Trim(spec);
  if (s.empty()) {
    *error = "empty address";
    return false;
  }
  if (s[0] != '"') {
    m->address_type = "SMTP";
    m->address = s;
    return true;
  }
  std::string local;
  size_t i = 1;
  for (; i < s.size() && s[i] != '"'; ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) ++i;
    local.push_back(s[i]);
  }
  if (i >= s.size() || i + 1 >= s.size() || s[i + 1] != '@') {
    *error = "malformed quoted address " + s;
    return false;
  }
  std::string domain = Lower(s.substr(i + 2));
  if (domain == kFileDomain) {
    m->address_type = "FILE";
    m->address = local;
  } else if (domain == kMapiDomain && local.find(':') != std::string::npos) {
    m->address_type = local.substr(0, local.find(':'));
    m->address = local.substr(local.find(':') + 1);
  } else {
    m->address_type = "SMTP";
    m->address = s;
  }
  return true;
}

bool ParseMailbox(const std::string& text, Mailbox* m, std::string* error) {
  std::string s = Trim(text);
  size_t lt = std::string::npos;
  bool quoted = false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && quoted) {
      ++i;
    } else if (s[i] == '"') {
      quoted = !quoted;
    } else if (s[i] == '<' && !quoted) {
      lt = i;
      break;
    }
  }
  if (lt == std::string::npos) {
    m->name.clear();
    return ParseAddrSpec(s, m, error);
  }
  size_t gt = s.rfind('>');
  if (gt == std::string::npos || gt < lt) {
    *error = "unterminated <address> in " + s;
    return false;
  }
  std::string name = Trim(s.substr(0, lt));
  if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
    std::string unquoted;
    for (size_t i = 1; i + 1 < name.size(); ++i) {
      if (name[i] == '\\' && i + 2 < name.size()) ++i;
      unquoted.push_back(name[i]);
    }
    name = unquoted;
  } else {
    name = DecodeText(name);
  }
  m->name = name;
  return ParseAddrSpec(s.substr(lt + 1, gt - lt - 1), m, error);
}

bool ParseList(const std::string& text, std::vector<Mailbox>* out, std::string* error) {
  bool quoted = false;
  int angle = 0;
  std::string current;
  auto flush = [&]() {
    if (Trim(current).empty()) return true;
    Mailbox m;
    if (!ParseMailbox(current, &m, error)) return false;
    out->push_back(m);
    current.clear();
    return true;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\\' && quoted && i + 1 < text.size()) {
      current.push_back(c);
      current.push_back(text[++i]);
      continue;
    }
    if (c == '"') quoted = !quoted;
    if (!quoted && c == '<') ++angle;
    if (!quoted && c == '>') --angle;
    if (c == ',' && !quoted && angle == 0) {
      if (!flush()) return false;
      current.clear();
      continue;
    }
    current.push_back(c);
  }
  return flush();
}

constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

bool ParseDate(const std::string& text, int64_t* out) {
  std::string s = Trim(text);
  size_t comma = s.find(',');
  if (comma != std::string::npos) s = Trim(s.substr(comma + 1));
  int day = 0, year = 0, hh = 0, mm = 0, ss = 0;
  char month[4] = {};
  char zone[8] = {};
  int n = std::sscanf(s.c_str(), "%d %3s %d %d:%d:%d %7s", &day, month, &year, &hh, &mm, &ss, zone);
  if (n < 7) {
    ss = 0;
    n = std::sscanf(s.c_str(), "%d %3s %d %d:%d %7s", &day, month, &year, &hh, &mm, zone);
    if (n < 6) return false;
  }
  int mon = -1;
  for (int i = 0; i < 12; ++i) {
    if (Lower(month) == Lower(kMonths[i])) mon = i;
  }
  if (mon < 0) return false;
  std::tm tm = {};
  tm.tm_year = year - 1900;
  tm.tm_mon = mon;
  tm.tm_mday = day;
  tm.tm_hour = hh;
  tm.tm_min = mm;
  tm.tm_sec = ss;
#if defined(_WIN32)
  int64_t t = _mkgmtime(&tm);  // the C runtime's timegm
#else
  int64_t t = timegm(&tm);
#endif
  if ((zone[0] == '+' || zone[0] == '-') && std::strlen(zone) == 5) {
    int offset = ((zone[1] - '0') * 10 + (zone[2] - '0')) * 3600 +
                 ((zone[3] - '0') * 10 + (zone[4] - '0')) * 60;
    t -= zone[0] == '+' ? offset : -offset;
  }
  *out = t;
  return true;
}

}  // namespace

std::string FormatDate(int64_t seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm = {};
#if defined(_WIN32)
  gmtime_s(&tm, &t);  // gmtime_r with its arguments the other way round
#else
  gmtime_r(&t, &tm);
#endif
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[tm.tm_wday],
                tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  return buf;
}

std::string FormatEml(const EmlMessage& m) {
  std::string out;
  auto header = [&out](const char* name, const std::string& value) {
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  };
  header("Date", FormatDate(m.date));
  header("From", FormatMailbox(m.from));
  if (!m.to.empty()) header("To", FormatList(m.to));
  if (!m.cc.empty()) header("Cc", FormatList(m.cc));
  header("Subject", EncodeText(m.subject));
  if (!m.message_id.empty()) header("Message-ID", "<" + m.message_id + ">");
  header("MIME-Version", "1.0");
  header("Content-Type", "text/plain; charset=UTF-8");
  header("Content-Transfer-Encoding", "8bit");
  header("X-Mailer", "mapi_emu sample_xp");
  out += "\r\n";
  for (size_t i = 0; i < m.body.size(); ++i) {
    if (m.body[i] == '\r') continue;
    if (m.body[i] == '\n') {
      out += "\r\n";
    } else {
      out.push_back(m.body[i]);
    }
  }
  if (!m.body.empty() && out.compare(out.size() - 2, 2, "\r\n") != 0) out += "\r\n";
  return out;
}

bool ParseEml(const std::string& name, const std::string& text, EmlMessage* out,
              std::string* error) {
  EmlMessage m;
  std::vector<std::pair<std::string, std::string>> fields;
  size_t pos = 0;
  int line_no = 0;
  bool found_blank = false;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    std::string line = text.substr(pos, eol == std::string::npos ? std::string::npos : eol - pos);
    pos = eol == std::string::npos ? text.size() : eol + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) {
      found_blank = true;
      break;
    }
    if (line[0] == ' ' || line[0] == '\t') {
      if (fields.empty()) {
        *error = name + ": line " + std::to_string(line_no) + ": continuation before any header";
        return false;
      }
      fields.back().second += " " + Trim(line);
      continue;
    }
    size_t colon = line.find(':');
    if (colon == std::string::npos || colon == 0) {
      *error = name + ": line " + std::to_string(line_no) + ": not a header field: " + line;
      return false;
    }
    fields.emplace_back(Lower(Trim(line.substr(0, colon))), Trim(line.substr(colon + 1)));
  }
  if (!found_blank) {
    *error = name + ": no empty line between the header and the body";
    return false;
  }
  std::string encoding = "8bit";
  bool have_from = false;
  for (const auto& [field, value] : fields) {
    std::string what;
    if (field == "subject") {
      m.subject = DecodeText(value);
    } else if (field == "from") {
      std::vector<Mailbox> from;
      if (!ParseList(value, &from, &what) || from.empty()) {
        *error = name + ": From: " + (what.empty() ? "no address" : what);
        return false;
      }
      m.from = from[0];
      have_from = true;
    } else if (field == "to" || field == "cc") {
      if (!ParseList(value, field == "to" ? &m.to : &m.cc, &what)) {
        *error = name + ": " + (field == "to" ? "To" : "Cc") + ": " + what;
        return false;
      }
    } else if (field == "date") {
      if (!ParseDate(value, &m.date)) {
        *error = name + ": Date: not an RFC 5322 date: " + value;
        return false;
      }
    } else if (field == "message-id") {
      m.message_id = value;
      if (!m.message_id.empty() && m.message_id.front() == '<') m.message_id.erase(0, 1);
      if (!m.message_id.empty() && m.message_id.back() == '>') m.message_id.pop_back();
    } else if (field == "content-transfer-encoding") {
      encoding = Lower(value);
    }
  }
  if (!have_from) {
    *error = name + ": no From: header";
    return false;
  }
  std::string body = text.substr(pos);
  if (encoding == "base64") {
    std::string decoded;
    if (!Unbase64(body, &decoded)) {
      *error = name + ": body: bad base64";
      return false;
    }
    body = decoded;
  } else if (encoding == "quoted-printable") {
    body = UnQuotedPrintable(body, false);
  }
  for (char c : body) {
    if (c != '\r') m.body.push_back(c);
  }
  *out = std::move(m);
  return true;
}

bool WriteFileAtomically(const std::string& dir, const std::string& file_name,
                         const std::string& contents, std::string* error) {
  // Unique among the processes and threads writing into one drop box; the
  // leading dot keeps the unfinished file out of the inbox scan.
  static std::atomic<unsigned> counter{0};
  const std::string temp_name = "." + file_name + ".tmp-" +
                                std::to_string(sample_providers::CurrentProcessId()) + "-" +
                                std::to_string(counter++);
  *error = sample_providers::ReplaceFileDurably(std::filesystem::path(dir) / temp_name,
                                                std::filesystem::path(dir) / file_name, contents,
                                                /*exclusive=*/true, 0644);
  return error->empty();
}

}  // namespace sample_xp
