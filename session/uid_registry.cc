#include "session/uid_registry.h"

#include <algorithm>
#include <cstring>

#include "absl/strings/escaping.h"

namespace mapi_emu {

void UidRegistry::Register(LogonId logon, const MAPIUID& uid) {
  absl::MutexLock lock(&mu_);
  registrations_.push_back({logon, uid});
}

size_t UidRegistry::RemoveLogon(LogonId logon) {
  absl::MutexLock lock(&mu_);
  auto it = std::remove_if(registrations_.begin(), registrations_.end(),
                           [logon](const Registration& r) { return r.logon == logon; });
  size_t removed = static_cast<size_t>(registrations_.end() - it);
  registrations_.erase(it, registrations_.end());
  return removed;
}

std::optional<MAPIUID> UidRegistry::UidOfEntryId(ULONG cb, const ENTRYID* entry_id) {
  if (entry_id == nullptr || cb < CbNewENTRYID(sizeof(MAPIUID))) return std::nullopt;
  MAPIUID uid;
  std::memcpy(uid.ab, entry_id->ab, sizeof(uid.ab));
  return uid;
}

std::optional<LogonId> UidRegistry::Route(ULONG cb, const ENTRYID* entry_id) const {
  std::optional<MAPIUID> uid = UidOfEntryId(cb, entry_id);
  if (!uid) return std::nullopt;
  return Route(*uid);
}

std::optional<LogonId> UidRegistry::Route(const MAPIUID& uid) const {
  absl::MutexLock lock(&mu_);
  for (const Registration& r : registrations_) {
    if (IsEqualMAPIUID(&r.uid, &uid)) return r.logon;
  }
  return std::nullopt;
}

std::vector<MAPIUID> UidRegistry::UidsOf(LogonId logon) const {
  absl::MutexLock lock(&mu_);
  std::vector<MAPIUID> out;
  for (const Registration& r : registrations_) {
    if (r.logon == logon) out.push_back(r.uid);
  }
  return out;
}

size_t UidRegistry::size() const {
  absl::MutexLock lock(&mu_);
  return registrations_.size();
}

std::string MapiUidText(const MAPIUID& uid) {
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(uid.ab), sizeof(uid.ab)));
}

}  // namespace mapi_emu
