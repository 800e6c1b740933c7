#include "providers/sample_store/store_core.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "mapicode.h"
#include "mapitags.h"
#include "providers/sample_store/disk.h"
#include "providers/sample_store/sample_store.h"

namespace sample_store {
namespace {

constexpr int kFormat = 1;

struct StandardFolder {
  ULONG number;
  ULONG parent;
  const char* name;
  const char* container_class;
};
constexpr StandardFolder kStandardFolders[] = {
    {SAMPLE_STORE_ROOT, 0, "Root", nullptr},
    {SAMPLE_STORE_IPM_SUBTREE, SAMPLE_STORE_ROOT, "Top of Information Store", nullptr},
    {SAMPLE_STORE_INBOX, SAMPLE_STORE_IPM_SUBTREE, "Inbox", "IPF.Note"},
    {SAMPLE_STORE_OUTBOX, SAMPLE_STORE_IPM_SUBTREE, "Outbox", "IPF.Note"},
    {SAMPLE_STORE_SENT_ITEMS, SAMPLE_STORE_IPM_SUBTREE, "Sent Items", "IPF.Note"},
    {SAMPLE_STORE_DELETED_ITEMS, SAMPLE_STORE_IPM_SUBTREE, "Deleted Items", "IPF.Note"},
};

// The number in a file name "<number>.json"; false for anything else
// (the ".json.tmp" a crash may leave behind included).
bool NumberFromFileName(const std::filesystem::path& file, ULONG* number) {
  if (file.extension() != ".json") return false;
  std::string stem = file.stem().string();
  if (stem.empty() || stem.size() > 9 ||
      !std::all_of(stem.begin(), stem.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return false;
  }
  *number = static_cast<ULONG>(std::stoul(stem));
  return true;
}

nlohmann::json FolderJson(const FolderRecord& f) {
  return {{"number", f.number}, {"parent", f.parent}, {"props", f.props}};
}

nlohmann::json MessageJson(const MessageRecord& m) {
  nlohmann::json j = {
      {"number", m.number}, {"folder", m.folder}, {"props", m.props}, {"recipients", m.recipients}};
  if (m.submit_sequence != 0) {
    j["submit_sequence"] = m.submit_sequence;
    j["submit_flags"] = m.submit_flags;
  }
  return j;
}

// A message record from its file's JSON; false (and *why) when a field is
// missing or has the wrong type.
bool ParseMessage(const nlohmann::json& j, MessageRecord* m, std::string* why) {
  if (!j.contains("number") || !j["number"].is_number_unsigned() || !j.contains("folder") ||
      !j["folder"].is_number_unsigned() || !j.contains("props") || !j["props"].is_object()) {
    *why = "missing or malformed \"number\", \"folder\" or \"props\"";
    return false;
  }
  m->number = j["number"].get<ULONG>();
  m->folder = j["folder"].get<ULONG>();
  m->props = j["props"];
  m->recipients = j.value("recipients", nlohmann::json::array());
  if (!m->recipients.is_array()) {
    *why = "\"recipients\" is not an array";
    return false;
  }
  if (j.contains("submit_sequence")) {
    if (!j["submit_sequence"].is_number_unsigned()) {
      *why = "\"submit_sequence\" is not a number";
      return false;
    }
    m->submit_sequence = j["submit_sequence"].get<uint64_t>();
    m->submit_flags = j.value("submit_flags", ULONG{0});
  }
  // The property lists must parse too, or the message could not be opened.
  PropValues check;
  if (FAILED(PropValues::FromJson(m->props, &check, why))) return false;
  for (const auto& r : m->recipients) {
    PropValues rc;
    if (FAILED(PropValues::FromJson(r, &rc, why))) return false;
  }
  return true;
}

}  // namespace

HRESULT StoreCore::Open(const std::filesystem::path& dir,
                        const std::function<HRESULT(MAPIUID*)>& new_uid,
                        std::shared_ptr<StoreCore>* out, std::string* error) {
  std::shared_ptr<StoreCore> core(new StoreCore(dir));
  std::error_code ec;
  std::filesystem::create_directories(dir / "folders", ec);
  if (!ec) std::filesystem::create_directories(dir / "messages", ec);
  if (ec) {
    *error = "cannot create the data directory '" + dir.string() + "': " + ec.message();
    return MAPI_E_NO_ACCESS;
  }
  HRESULT hr;
  if (!std::filesystem::exists(dir / "store.json", ec)) {
    MAPIUID uid{};
    hr = new_uid(&uid);
    if (FAILED(hr)) {
      *error = "cannot make a MAPIUID for the new store in '" + dir.string() + "'";
      return hr;
    }
    hr = core->Create(uid, error);
  } else {
    hr = core->Load(error);
  }
  if (FAILED(hr)) return hr;
  *out = std::move(core);
  return S_OK;
}

HRESULT StoreCore::WriteJson(const std::filesystem::path& path, const nlohmann::json& j,
                             std::string* error) const {
  std::string failure = WriteFileAtomically(path, j.dump(2) + "\n");
  if (failure.empty()) return S_OK;
  *error = failure;
  return MAPI_E_DISK_ERROR;
}

HRESULT StoreCore::Create(const MAPIUID& uid, std::string* error) {
  std::lock_guard<std::mutex> lock(mutex_);
  uid_ = uid;
  // The folders first and store.json last: store.json marks a complete
  // store, so a crash in between only means the store is made again.
  for (const StandardFolder& s : kStandardFolders) {
    FolderRecord f;
    f.number = s.number;
    f.parent = s.parent;
    f.props[TagKey(PR_DISPLAY_NAME_A)] = s.name;
    if (s.container_class != nullptr) f.props[TagKey(PR_CONTAINER_CLASS_A)] = s.container_class;
    if (HRESULT hr = WriteJson(FolderPath(f.number), FolderJson(f), error); FAILED(hr)) return hr;
    folders_[f.number] = f;
  }
  store_props_ = nlohmann::json::object();
  next_number_ = SAMPLE_STORE_FIRST_FREE_NUMBER;
  receive_folders_ = {{"", SAMPLE_STORE_INBOX}, {"IPM", SAMPLE_STORE_INBOX}};
  return WriteStoreFileLocked(error);
}

HRESULT StoreCore::WriteStoreFileLocked(std::string* error) {
  nlohmann::json j = {{"format", kFormat},           {"uid", Hex(uid_.ab, sizeof uid_.ab)},
                      {"next_number", next_number_}, {"next_submit", next_submit_},
                      {"props", store_props_},       {"receive_folders", receive_folders_}};
  return WriteJson(dir_ / "store.json", j, error);
}

HRESULT StoreCore::Load(std::string* error) {
  std::lock_guard<std::mutex> lock(mutex_);
  const std::filesystem::path store_file = dir_ / "store.json";
  nlohmann::json j;
  if (HRESULT hr = ReadJsonFile(store_file, &j, error); FAILED(hr)) return hr;
  std::vector<BYTE> uid;
  auto corrupt = [&](const std::filesystem::path& file, const std::string& why) {
    *error = "'" + file.string() + "': " + why;
    return MAPI_E_CORRUPT_STORE;
  };
  if (j.value("format", 0) != kFormat) return corrupt(store_file, "unknown \"format\"");
  if (!j.contains("uid") || !j["uid"].is_string() || !FromHex(j["uid"].get<std::string>(), &uid) ||
      uid.size() != sizeof uid_.ab) {
    return corrupt(store_file, "\"uid\" is not 16 bytes of hex");
  }
  std::memcpy(uid_.ab, uid.data(), sizeof uid_.ab);
  if (!j.contains("next_number") || !j["next_number"].is_number_unsigned()) {
    return corrupt(store_file, "\"next_number\" is missing");
  }
  next_number_ = j["next_number"].get<ULONG>();
  next_submit_ = j.value("next_submit", uint64_t{1});
  store_props_ = j.value("props", nlohmann::json::object());
  PropValues check;
  std::string why;
  if (FAILED(PropValues::FromJson(store_props_, &check, &why))) return corrupt(store_file, why);
  if (j.contains("receive_folders") && j["receive_folders"].is_object()) {
    for (const auto& [cls, folder] : j["receive_folders"].items()) {
      if (folder.is_number_unsigned()) receive_folders_[cls] = folder.get<ULONG>();
    }
  }

  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir_ / "folders", ec)) {
    ULONG number = 0;
    if (!NumberFromFileName(entry.path(), &number)) continue;
    nlohmann::json fj;
    if (HRESULT hr = ReadJsonFile(entry.path(), &fj, error); FAILED(hr)) return hr;
    FolderRecord f;
    if (!fj.contains("parent") || !fj["parent"].is_number_unsigned() || !fj.contains("props") ||
        !fj["props"].is_object()) {
      return corrupt(entry.path(), "missing or malformed \"parent\" or \"props\"");
    }
    PropValues props;
    if (FAILED(PropValues::FromJson(fj["props"], &props, &why))) return corrupt(entry.path(), why);
    f.number = number;
    f.parent = fj["parent"].get<ULONG>();
    f.props = fj["props"];
    folders_[number] = f;
  }
  if (ec) return corrupt(dir_ / "folders", ec.message());
  for (const StandardFolder& s : kStandardFolders) {
    if (folders_.count(s.number) == 0) {
      return corrupt(FolderPath(s.number),
                     "the file of the folder '" + std::string(s.name) + "' is missing");
    }
  }

  for (const auto& entry : std::filesystem::directory_iterator(dir_ / "messages", ec)) {
    ULONG number = 0;
    if (!NumberFromFileName(entry.path(), &number)) continue;
    nlohmann::json mj;
    std::string problem;
    MessageRecord m;
    if (FAILED(ReadJsonFile(entry.path(), &mj, &problem))) {
      damaged_[number] = problem;
    } else if (!ParseMessage(mj, &m, &why) || m.number != number) {
      damaged_[number] = "'" + entry.path().string() +
                         "': " + (why.empty() ? "\"number\" does not match the file name" : why);
    } else {
      messages_[number] = std::move(m);
    }
    why.clear();
  }
  if (ec) return corrupt(dir_ / "messages", ec.message());
  return S_OK;
}

std::filesystem::path StoreCore::MessagePath(ULONG number) const {
  return dir_ / "messages" / (std::to_string(number) + ".json");
}

std::filesystem::path StoreCore::FolderPath(ULONG number) const {
  return dir_ / "folders" / (std::to_string(number) + ".json");
}

std::vector<BYTE> StoreCore::EntryId(ULONG kind, ULONG number) const {
  std::vector<BYTE> eid(SAMPLE_STORE_EID_SIZE, 0);
  std::memcpy(eid.data() + 4, uid_.ab, sizeof uid_.ab);
  std::memcpy(eid.data() + 20, &kind, sizeof kind);
  std::memcpy(eid.data() + 24, &number, sizeof number);
  return eid;
}

bool StoreCore::ParseEntryId(ULONG cb, const ENTRYID* eid, ULONG* kind, ULONG* number) const {
  if (eid == nullptr || cb != SAMPLE_STORE_EID_SIZE) return false;
  const BYTE* p = reinterpret_cast<const BYTE*>(eid);
  if (std::memcmp(p + 4, uid_.ab, sizeof uid_.ab) != 0) return false;
  std::memcpy(kind, p + 20, sizeof *kind);
  std::memcpy(number, p + 24, sizeof *number);
  return *kind >= SAMPLE_STORE_KIND_STORE && *kind <= SAMPLE_STORE_KIND_MESSAGE;
}

nlohmann::json StoreCore::StoreProps() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return store_props_;
}

HRESULT StoreCore::SetStoreProps(const nlohmann::json& props, std::string* error) {
  std::lock_guard<std::mutex> lock(mutex_);
  nlohmann::json old = store_props_;
  store_props_ = props;
  HRESULT hr = WriteStoreFileLocked(error);
  if (FAILED(hr)) store_props_ = std::move(old);
  return hr;
}

HRESULT StoreCore::NewNumber(ULONG* number, std::string* error) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++next_number_;
  HRESULT hr = WriteStoreFileLocked(error);
  if (FAILED(hr)) {
    --next_number_;
    return hr;
  }
  *number = next_number_ - 1;
  return S_OK;
}

bool StoreCore::FindFolder(ULONG number, FolderRecord* out) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = folders_.find(number);
  if (it == folders_.end()) return false;
  *out = it->second;
  return true;
}

std::vector<FolderRecord> StoreCore::ChildFolders(ULONG parent) const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<FolderRecord> out;
  for (const auto& [number, f] : folders_) {
    if (f.parent == parent && number != parent) out.push_back(f);
  }
  return out;
}

HRESULT StoreCore::SaveFolder(const FolderRecord& folder, std::string* error) {
  std::lock_guard<std::mutex> lock(mutex_);
  HRESULT hr = WriteJson(FolderPath(folder.number), FolderJson(folder), error);
  if (SUCCEEDED(hr)) folders_[folder.number] = folder;
  return hr;
}

HRESULT StoreCore::FindMessage(ULONG number, MessageRecord* out, std::string* error) const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (auto bad = damaged_.find(number); bad != damaged_.end()) {
    *error = bad->second;
    return MAPI_E_CORRUPT_STORE;
  }
  auto it = messages_.find(number);
  if (it == messages_.end()) {
    *error = "no message " + std::to_string(number) + " in the store ('" +
             MessagePath(number).string() + "' does not exist)";
    return MAPI_E_NOT_FOUND;
  }
  *out = it->second;
  return S_OK;
}

std::vector<MessageRecord> StoreCore::MessagesIn(ULONG folder) const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<MessageRecord> out;
  for (const auto& [number, m] : messages_) {
    if (m.folder == folder) out.push_back(m);
  }
  return out;
}

HRESULT StoreCore::SaveMessage(const MessageRecord& message, std::string* error) {
  std::lock_guard<std::mutex> lock(mutex_);
  HRESULT hr = WriteJson(MessagePath(message.number), MessageJson(message), error);
  if (SUCCEEDED(hr)) {
    messages_[message.number] = message;
    damaged_.erase(message.number);
  }
  return hr;
}

HRESULT StoreCore::DeleteMessage(ULONG number, std::string* error) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (messages_.count(number) == 0 && damaged_.count(number) == 0) {
    *error = "no message " + std::to_string(number) + " in the store";
    return MAPI_E_NOT_FOUND;
  }
  const std::filesystem::path path = MessagePath(number);
  std::error_code ec;
  std::filesystem::remove(path, ec);  // a file already gone is no error
  if (ec) {
    *error = "cannot delete '" + path.string() + "': " + ec.message();
    return MAPI_E_DISK_ERROR;
  }
  messages_.erase(number);
  damaged_.erase(number);
  return S_OK;
}

std::vector<MessageRecord> StoreCore::OutgoingQueue() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<MessageRecord> out;
  for (const auto& [number, m] : messages_) {
    if (m.submit_sequence != 0) out.push_back(m);
  }
  std::sort(out.begin(), out.end(), [](const MessageRecord& a, const MessageRecord& b) {
    return a.submit_sequence < b.submit_sequence;
  });
  return out;
}

uint64_t StoreCore::NextSubmitSequence() {
  std::lock_guard<std::mutex> lock(mutex_);
  // Past every queued message, whatever store.json said (the queue order
  // lives in the message files, which may be newer).
  for (const auto& [number, m] : messages_)
    next_submit_ = std::max(next_submit_, m.submit_sequence + 1);
  return next_submit_++;
}

std::map<std::string, ULONG> StoreCore::ReceiveFolders() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return receive_folders_;
}

HRESULT StoreCore::SetReceiveFolder(const std::string& message_class, ULONG folder,
                                    std::string* error) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::map<std::string, ULONG> old = receive_folders_;
  if (folder == 0) {
    receive_folders_.erase(message_class);
  } else {
    receive_folders_[message_class] = folder;
  }
  HRESULT hr = WriteStoreFileLocked(error);
  if (FAILED(hr)) receive_folders_ = std::move(old);
  return hr;
}

}  // namespace sample_store
