// MAPIEmuSetLogCallback (mapiemu.h): MAPI's messages, as spdlog's default
// logger writes them, handed to a function of the client's too. On Windows
// mapi_emu.dll links spdlog statically, so this is the only way out for them.
#include <memory>
#include <mutex>
#include <string>

#include "mapi_emu/base/hresult.h"
#include "mapiemu.h"
#include "spdlog/sinks/base_sink.h"
#include "spdlog/spdlog.h"

namespace {

ULONG LevelOf(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::warn:
      return MAPIEMU_LOG_WARNING;
    case spdlog::level::err:
    case spdlog::level::critical:
      return MAPIEMU_LOG_ERROR;
    default:
      return MAPIEMU_LOG_INFO;
  }
}

class CallbackSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  void Set(LPMAPIEMULOGCALLBACK callback, LPVOID context) {
    std::lock_guard<std::mutex> lock(mutex_);
    callback_ = callback;
    context_ = context;
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    if (callback_ == nullptr || msg.level < spdlog::level::info) return;
    const std::string text(msg.payload.data(), msg.payload.size());
    try {
      callback_(context_, LevelOf(msg.level), text.c_str());
    } catch (...) {
      // A C callback that throws anyway: the message is dropped, MAPI goes on.
    }
  }
  void flush_() override {}

 private:
  LPMAPIEMULOGCALLBACK callback_ = nullptr;
  LPVOID context_ = nullptr;
};

}  // namespace

MAPI_EMU_STDAPI MAPIEmuSetLogCallback(LPMAPIEMULOGCALLBACK lpfnLog, LPVOID lpContext) {
  return mapi_emu::GuardAbi("MAPIEmuSetLogCallback", [&] {
    // Joins the default logger's sinks once, and stays: a callback set
    // later only replaces the function.
    static const std::shared_ptr<CallbackSink> sink = [] {
      auto made = std::make_shared<CallbackSink>();
      spdlog::default_logger()->sinks().push_back(made);
      return made;
    }();
    sink->Set(lpfnLog, lpContext);
    return S_OK;
  });
}
