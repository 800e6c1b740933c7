// store_core.h -- the sample store's data: its folders and messages as kept
// in the data directory, loaded at logon and written through on every
// change, one atomic JSON file per folder and per message. No COM here: the
// MAPI objects (objects.h) read and change the store through this class.
//
// Thread-safe: every method takes the store's mutex; records are handed out
// as copies.

#ifndef MAPI_EMU_PROVIDERS_SAMPLE_STORE_STORE_CORE_H_
#define MAPI_EMU_PROVIDERS_SAMPLE_STORE_STORE_CORE_H_

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "mapidefs.h"
#include "nlohmann/json.hpp"

namespace sample_store {

struct FolderRecord {
  ULONG number = 0;
  ULONG parent = 0;  // 0 for the root folder
  nlohmann::json props = nlohmann::json::object();
};

struct MessageRecord {
  ULONG number = 0;
  ULONG folder = 0;
  nlohmann::json props = nlohmann::json::object();
  nlohmann::json recipients = nlohmann::json::array();  // one property list each
  uint64_t submit_sequence = 0;                         // 0: not in the outgoing queue
  ULONG submit_flags = 0;                               // PR_SUBMIT_FLAGS while queued
};

class StoreCore {
 public:
  // Opens the store in `dir`, creating the directory, the standard folders
  // and store.json (with a MAPIUID from new_uid) when store.json is absent.
  // MAPI_E_CORRUPT_STORE / MAPI_E_NO_ACCESS with *error naming the file when
  // the store or one of its folders cannot be read or written. A damaged
  // message file does not stop the store: that message reports its error.
  static HRESULT Open(const std::filesystem::path& dir,
                      const std::function<HRESULT(MAPIUID*)>& new_uid,
                      std::shared_ptr<StoreCore>* out, std::string* error);

  const MAPIUID& uid() const { return uid_; }
  const std::filesystem::path& dir() const { return dir_; }

  // This store's entry ID for (kind, number), and back: false when the
  // bytes are not one of this store's entry IDs.
  std::vector<BYTE> EntryId(ULONG kind, ULONG number) const;
  bool ParseEntryId(ULONG cb, const ENTRYID* eid, ULONG* kind, ULONG* number) const;

  // The store's own writable properties (PR_DISPLAY_NAME and any the client
  // set), and their replacement (written to store.json at once).
  nlohmann::json StoreProps() const;
  HRESULT SetStoreProps(const nlohmann::json& props, std::string* error);

  // A new number for a folder or message (the counter is saved first, so a
  // number is never handed out twice, crash or not).
  HRESULT NewNumber(ULONG* number, std::string* error);

  bool FindFolder(ULONG number, FolderRecord* out) const;
  std::vector<FolderRecord> ChildFolders(ULONG parent) const;
  // Saves a folder record (new or changed).
  HRESULT SaveFolder(const FolderRecord& folder, std::string* error);

  // MAPI_E_NOT_FOUND for an unknown number, MAPI_E_CORRUPT_STORE (with the
  // file in *error) for a message whose file is damaged.
  HRESULT FindMessage(ULONG number, MessageRecord* out, std::string* error) const;
  std::vector<MessageRecord> MessagesIn(ULONG folder) const;
  HRESULT SaveMessage(const MessageRecord& message, std::string* error);
  HRESULT DeleteMessage(ULONG number, std::string* error);
  // The queued messages in submission order.
  std::vector<MessageRecord> OutgoingQueue() const;
  uint64_t NextSubmitSequence();

  // Receive folders by message class ("" is the default).
  std::map<std::string, ULONG> ReceiveFolders() const;
  HRESULT SetReceiveFolder(const std::string& message_class, ULONG folder, std::string* error);

  std::filesystem::path MessagePath(ULONG number) const;
  std::filesystem::path FolderPath(ULONG number) const;

 private:
  explicit StoreCore(std::filesystem::path dir) : dir_(std::move(dir)) {}
  HRESULT Create(const MAPIUID& uid, std::string* error);
  HRESULT Load(std::string* error);
  // Writes store.json from the members. Called with mutex_ held.
  HRESULT WriteStoreFileLocked(std::string* error);
  HRESULT WriteJson(const std::filesystem::path& path, const nlohmann::json& j,
                    std::string* error) const;

  const std::filesystem::path dir_;
  MAPIUID uid_{};
  mutable std::mutex mutex_;
  nlohmann::json store_props_ = nlohmann::json::object();  // guarded by mutex_
  ULONG next_number_ = 0;                                  // guarded by mutex_
  uint64_t next_submit_ = 1;                               // guarded by mutex_
  std::map<std::string, ULONG> receive_folders_;           // guarded by mutex_
  std::map<ULONG, FolderRecord> folders_;                  // guarded by mutex_
  std::map<ULONG, MessageRecord> messages_;                // guarded by mutex_
  std::map<ULONG, std::string> damaged_;                   // number -> error; guarded by mutex_
};

}  // namespace sample_store

#endif  // MAPI_EMU_PROVIDERS_SAMPLE_STORE_STORE_CORE_H_
