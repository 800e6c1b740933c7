// The exported MAPI entry points of the subsystem: MAPIInitialize,
// MAPIUninitialize and MAPILogonEx route to the process's Subsystem.
// Exceptions never cross this edge (design.md §2.4).
#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "mapi_emu/base/hresult.h"
#include "mapi_emu/base/prop_json.h"
#include "mapiemu.h"
#include "mapix.h"
#include "session/subsystem.h"
#include "session/trace_hooks.h"

namespace {

// A profile name as MAPILogonEx received it: 8-bit, or wide with MAPI_UNICODE.
std::string ProfileName(LPTSTR name, FLAGS flags) {
  if (name == nullptr) return {};
  if (flags & MAPI_UNICODE) return mapi_emu::WideToUtf8(reinterpret_cast<LPCWSTR>(name));
  return std::string(reinterpret_cast<const char*>(name));
}

}  // namespace

namespace tracing = mapi_emu::tracing;

MAPI_EMU_STDAPI MAPIInitialize(LPVOID lpMapiInit) {
  tracing::TracedCall traced(tracing::kClientToMapi, "", "MAPIInitialize", nullptr, "", [&] {
    if (lpMapiInit == nullptr) return nlohmann::json{{"init", nullptr}};
    const auto* init = static_cast<const MAPIINIT_0*>(lpMapiInit);
    return nlohmann::json{{"init", {{"flags", init->ulFlags}, {"version", init->ulVersion}}}};
  });
  return traced.Return(mapi_emu::GuardAbi(
      "MAPIInitialize", [&] { return mapi_emu::ProcessSubsystem().Initialize(lpMapiInit); }));
}

MAPI_EMU_STDAPI_(void) MAPIUninitialize(void) {
  {
    // The last one unloads the provider libraries inside this call.
    tracing::TracedCall traced(tracing::kClientToMapi, "", "MAPIUninitialize", nullptr, "");
    traced.Return(mapi_emu::GuardAbi("MAPIUninitialize", [] {
      mapi_emu::ProcessSubsystem().Uninitialize();
      return S_OK;
    }));
  }
  // A trace MAPI_EMU_TRACE switched on is never stopped (the recorder lives
  // as long as the process): what it holds reaches the file here, and the
  // file is closed until MAPI records again.
  if (tracing::On()) mapi_emu::trace::TraceRecorder::Global().Rest();
}

namespace {

std::optional<mapi_emu::trace::Mode> TraceMode(ULONG mode) {
  switch (mode) {
    case MAPIEMU_TRACE_DETERMINISTIC:
      return mapi_emu::trace::Mode::kDeterministic;
    case MAPIEMU_TRACE_THREADED:
      return mapi_emu::trace::Mode::kThreaded;
    default:
      return std::nullopt;
  }
}

}  // namespace

MAPI_EMU_STDAPI MAPIEmuTraceToFile(const char* lpPath, ULONG ulMode) {
  return mapi_emu::GuardAbi("MAPIEmuTraceToFile", [&]() -> HRESULT {
    std::optional<mapi_emu::trace::Mode> mode = TraceMode(ulMode);
    if (!mode) return MAPI_E_UNKNOWN_FLAGS;
    if (lpPath == nullptr || *lpPath == '\0') return MAPI_E_INVALID_PARAMETER;
    auto writer = mapi_emu::trace::TraceWriter::OpenFile(lpPath, *mode);
    if (!writer.ok()) return MAPI_E_NOT_FOUND;
    mapi_emu::trace::TraceRecorder::Global().Start(*std::move(writer));
    return S_OK;
  });
}

MAPI_EMU_STDAPI MAPIEmuTraceToStream(std::ostream* lpStream, ULONG ulMode) {
  return mapi_emu::GuardAbi("MAPIEmuTraceToStream", [&]() -> HRESULT {
    std::optional<mapi_emu::trace::Mode> mode = TraceMode(ulMode);
    if (!mode) return MAPI_E_UNKNOWN_FLAGS;
    if (lpStream == nullptr) return MAPI_E_INVALID_PARAMETER;
    mapi_emu::trace::TraceRecorder::Global().Start(
        std::make_unique<mapi_emu::trace::TraceWriter>(*lpStream, *mode));
    return S_OK;
  });
}

MAPI_EMU_STDAPI MAPIEmuTraceStop(void) {
  return mapi_emu::GuardAbi("MAPIEmuTraceStop", [] {
    mapi_emu::trace::TraceRecorder::Global().Stop();  // flushed; the writer closes here
    return S_OK;
  });
}

MAPI_EMU_STDAPI MAPIEmuTraceNote(const char* lpszWhat, const char* lpszJsonFields) {
  return mapi_emu::GuardAbi("MAPIEmuTraceNote", [&]() -> HRESULT {
    if (lpszWhat == nullptr || std::string_view(lpszWhat).rfind("client.", 0) != 0 ||
        std::string_view(lpszWhat).size() == 7) {
      return MAPI_E_INVALID_PARAMETER;
    }
    nlohmann::json fields = nlohmann::json::object();
    if (lpszJsonFields != nullptr) {
      fields = nlohmann::json::parse(lpszJsonFields, nullptr, /*allow_exceptions=*/false);
      if (!fields.is_object()) return MAPI_E_INVALID_PARAMETER;
    }
    if (!mapi_emu::tracing::On()) return S_FALSE;
    mapi_emu::tracing::Note(lpszWhat, nullptr, "", [&] { return std::move(fields); });
    return S_OK;
  });
}

namespace {
std::atomic<LPVOID> playback_host{nullptr};
}  // namespace

MAPI_EMU_STDAPI_(void) MAPIEmuSetPlaybackHost(LPVOID lpHost) { playback_host.store(lpHost); }

MAPI_EMU_STDAPI_(LPVOID) MAPIEmuGetPlaybackHost(void) { return playback_host.load(); }

MAPI_EMU_STDAPI MAPILogonEx(ULONG_PTR ulUIParam, LPTSTR lpszProfileName, LPTSTR lpszPassword,
                            FLAGS flFlags, LPMAPISESSION FAR* lppSession) {
  (void)lpszPassword;  // must be NULL (mapilogonex.md); passwords are not kept
  tracing::TracedCall traced(tracing::kClientToMapi, "", "MAPILogonEx", nullptr, "", [&] {
    return nlohmann::json{{"flags", tracing::Flags(flFlags, mapi_emu::trace::MapiLogonFlags())},
                          {"profile", ProfileName(lpszProfileName, flFlags)}};
  });
  HRESULT hr = mapi_emu::GuardAbi("MAPILogonEx", [&] {
    return mapi_emu::ProcessSubsystem().LogonEx(ulUIParam, ProfileName(lpszProfileName, flFlags),
                                                flFlags, lppSession);
  });
  return traced.Return(hr, [&] {
    nlohmann::json out = nlohmann::json::object();
    if (SUCCEEDED(hr) && lppSession != nullptr && *lppSession != nullptr) {
      // Named by its session core, as the provider entry points name it.
      out["session"] =
          tracing::Name(mapi_emu::ProcessSubsystem().CoreOf(*lppSession).get(), "MAPISession");
    }
    return out;
  });
}

MAPI_EMU_STDAPI MAPIEmuSpoolerStep(LPMAPISESSION lpSession, ULONG ulStep,
                                   LPMAPIEMU_SPOOLER_COUNTS lpCounts) {
  return mapi_emu::GuardAbi("MAPIEmuSpoolerStep", [&]() -> HRESULT {
    using Step = mapi_emu::Spooler::Step;
    Step step;
    switch (ulStep) {
      case MAPIEMU_SPOOLER_SEND_ONE: step = Step::kSendOne; break;
      case MAPIEMU_SPOOLER_SEND_ALL: step = Step::kSendAll; break;
      case MAPIEMU_SPOOLER_RECEIVE_ONE: step = Step::kReceiveOne; break;
      case MAPIEMU_SPOOLER_RECEIVE_ALL: step = Step::kReceiveAll; break;
      case MAPIEMU_SPOOLER_FLUSH: step = Step::kFlush; break;
      case MAPIEMU_SPOOLER_IDLE: step = Step::kIdle; break;
      case MAPIEMU_SPOOLER_ALL: step = Step::kAll; break;
      default: return MAPI_E_UNKNOWN_FLAGS;
    }
    std::shared_ptr<mapi_emu::SessionCore> core =
        mapi_emu::ProcessSubsystem().CoreOf(lpSession);
    if (core == nullptr) return MAPI_E_INVALID_PARAMETER;
    if (core->logged_off()) return MAPI_E_INVALID_OBJECT;
    if (core->spooler() == nullptr) return MAPI_E_NO_SUPPORT;
    tracing::Note("spooler.step", nullptr, "", [&] { return nlohmann::json{{"step", ulStep}}; });
    mapi_emu::Spooler::Counts c = core->spooler()->RunStep(step);
    if (lpCounts != nullptr) {
      lpCounts->ulSent = static_cast<ULONG>(c.sent);
      lpCounts->ulNdr = static_cast<ULONG>(c.ndr);
      lpCounts->ulDeferred = static_cast<ULONG>(c.deferred);
      lpCounts->ulReceived = static_cast<ULONG>(c.received);
      lpCounts->ulUnlocked = static_cast<ULONG>(c.unlocked);
    }
    return S_OK;
  });
}
