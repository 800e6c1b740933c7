// NotifyRegistry: the notification engine behind IMAPISupport::Subscribe,
// Unsubscribe and Notify (and the session's own Advise). A provider
// subscribes an advise sink under a notification key (NOTIFKEY: bytes that
// identify the advise source) and an event mask; Notify delivers a batch of
// notifications to every sink subscribed under an equal key whose mask
// matches each notification's ulEventType.
//
// Delivery is synchronous, on the thread that calls Notify, whether or not
// NOTIFY_SYNC was given at Subscribe (documented in docs/subsystem.md): the
// emulator has no per-process queues to defer to, and synchronous delivery
// keeps traces deterministic. Sinks are called without any lock held, so a
// sink may call back into MAPI (including Unsubscribe).
//
// Thread-safe. Connection numbers are nonzero and never reused.
#ifndef MAPI_EMU_SESSION_NOTIFY_REGISTRY_H_
#define MAPI_EMU_SESSION_NOTIFY_REGISTRY_H_

#include <map>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "mapi_emu/base/com_ptr.h"
#include "mapispi.h"

namespace mapi_emu {

class NotifyRegistry {
 public:
  NotifyRegistry() = default;
  NotifyRegistry(const NotifyRegistry&) = delete;
  NotifyRegistry& operator=(const NotifyRegistry&) = delete;

  // Registers `sink` (AddRef'd) for `key`; returns the connection number.
  ULONG_PTR Subscribe(const void* key, size_t key_size, ULONG event_mask, ULONG flags,
                      ComPtr<IMAPIAdviseSink> sink);
  ULONG_PTR Subscribe(const NOTIFKEY& key, ULONG event_mask, ULONG flags,
                      ComPtr<IMAPIAdviseSink> sink);
  // Releases the sink; false for an unknown connection.
  bool Unsubscribe(ULONG_PTR connection);
  // Delivers to every matching sink; returns NOTIFY_CANCELED when a sink
  // returned CALLBACK_DISCONTINUE (delivery to the other sinks goes on), else 0.
  ULONG Notify(const void* key, size_t key_size, ULONG count, const NOTIFICATION* notifications);
  ULONG Notify(const NOTIFKEY& key, ULONG count, const NOTIFICATION* notifications);
  // Delivers to one connection only (whatever its key), if its mask matches.
  ULONG NotifyConnection(ULONG_PTR connection, ULONG count, const NOTIFICATION* notifications);
  // Drops every subscription (releasing the sinks outside the lock).
  void Clear();
  size_t size() const;

 private:
  struct Subscription {
    std::string key;
    ULONG event_mask;
    ULONG flags;
    ComPtr<IMAPIAdviseSink> sink;
  };
  mutable absl::Mutex mu_;
  std::map<ULONG_PTR, Subscription> subscriptions_ ABSL_GUARDED_BY(mu_);
  ULONG_PTR next_connection_ ABSL_GUARDED_BY(mu_) = 1;
};

}  // namespace mapi_emu

#endif  // MAPI_EMU_SESSION_NOTIFY_REGISTRY_H_
