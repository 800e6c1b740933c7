#include "session/provider_call.h"

#include <condition_variable>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <thread>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/synchronization/mutex.h"
#include "mapi_emu/base/hresult.h"
#include "session/provider_library.h"
#include "session/trace_hooks.h"
#include "spdlog/spdlog.h"

namespace mapi_emu {
namespace {

// What the worker and the waiting caller share; the worker may outlive the
// wait, so it is reference-counted.
struct CallState {
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  CallOutcome outcome;
};

CallOutcome RunCaught(const std::function<HRESULT()>& fn) {
  CallOutcome out;
  try {
    out.hr = fn();
  } catch (const std::exception& e) {
    out.threw = true;
    out.exception = e.what();
    out.hr = MAPI_E_CALL_FAILED;
  } catch (...) {
    out.threw = true;
    out.exception = "an exception that is not a std::exception";
    out.hr = MAPI_E_CALL_FAILED;
  }
  return out;
}

absl::Mutex& AbandonedMutex() {
  static absl::Mutex* mu = new absl::Mutex;
  return *mu;
}
std::vector<AbandonedObject>& AbandonedList() {
  static auto* list = new std::vector<AbandonedObject>;
  return *list;
}

}  // namespace

std::chrono::milliseconds DefaultProviderWait() {
  const char* env = std::getenv("MAPI_EMU_PROVIDER_WAIT_MS");
  int64_t ms = 0;
  if (env != nullptr && absl::SimpleAtoi(env, &ms) && ms >= 0) {
    return std::chrono::milliseconds(ms);
  }
  if (env != nullptr) {
    spdlog::warn("MAPI_EMU_PROVIDER_WAIT_MS='{}' is not a number of milliseconds; waiting 30 s",
                 env);
  }
  return std::chrono::seconds(30);
}

CallOutcome CallBounded(const std::shared_ptr<LoadedLibrary>& library,
                        std::chrono::milliseconds limit, std::function<HRESULT()> fn) {
  if (limit.count() == 0) {
    if (library) library->CallStarted();
    CallOutcome out = RunCaught(fn);
    if (library) library->CallEnded();
    return out;
  }
  auto state = std::make_shared<CallState>();
  if (library) library->CallStarted();
  std::thread worker([state, library, fn = std::move(fn), thread_name = tracing::CallerThread()] {
    // What the provider does from here is recorded as done on the caller's
    // thread, which waits for it.
    tracing::AdoptThread(thread_name);
    CallOutcome out = RunCaught(fn);
    if (library) library->CallEnded();
    std::lock_guard<std::mutex> lock(state->mu);
    state->outcome = std::move(out);
    state->done = true;
    state->cv.notify_all();
  });
  std::unique_lock<std::mutex> lock(state->mu);
  if (state->cv.wait_for(lock, limit, [&] { return state->done; })) {
    lock.unlock();
    worker.join();
    return state->outcome;
  }
  lock.unlock();
  worker.detach();  // it finishes on its own; `state` and `library` stay alive for it
  CallOutcome out;
  out.timed_out = true;
  out.hr = MAPI_E_TIMEOUT;
  return out;
}

void AbandonObject(IUnknown* object, std::string description) {
  absl::MutexLock lock(&AbandonedMutex());
  AbandonedList().push_back({object, std::move(description)});
}

std::vector<AbandonedObject> AbandonedObjects() {
  absl::MutexLock lock(&AbandonedMutex());
  return AbandonedList();
}

}  // namespace mapi_emu
