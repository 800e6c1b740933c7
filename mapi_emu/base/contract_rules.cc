#include "mapi_emu/base/contract_rules.h"

namespace mapi_emu {
namespace {

constexpr Severity E = Severity::kError;
constexpr Severity W = Severity::kWarning;

constexpr ContractRule kRules[] = {
    // Process and session.
    {"process.init-balance", W,
     "MAPIUninitialize calls match MAPIInitialize calls one for one",
     "mapiinitialize.md, mapiuninitialize.md"},
    {"session.calls-after-logoff", E,
     "after IMAPISession::Logoff returns, the only call on the session is Release",
     "imapisession-logoff.md"},
    {"session.objects-open-at-logoff", W,
     "every object the client opened is released before IMAPISession::Logoff",
     "ending-a-mapi-session.md"},
    {"process.calls-after-fast-shutdown", E,
     "after IMAPIClientShutdown::DoFastShutdown the client makes no MAPI call, not even "
     "MAPIUninitialize",
     "best-practices-for-fast-shutdown.md"},
    // Libraries.
    {"library.free-after-objects", W,
     "FreeLibrary happens once per load and never while an object the library made is alive",
     "starting-a-service-provider.md, releasing-the-transport-provider.md"},
    // Store shutdown.
    {"store.slt-one-flag", E,
     "StoreLogoffTransports gets exactly one of LOGOFF_ABORT, LOGOFF_NO_WAIT, LOGOFF_ORDERLY, "
     "LOGOFF_PURGE, LOGOFF_QUIET",
     "imapisupport-storelogofftransports.md"},
    {"store.slt-once", E,
     "a store calls IMAPISupport::StoreLogoffTransports exactly once per logon during shutdown",
     "shutting-down-a-message-store-provider.md"},
    {"store.slt-abort-on-release", E,
     "a store released without StoreLogoff passes LOGOFF_ABORT to StoreLogoffTransports",
     "shutting-down-a-message-store-provider.md, imsgstore-storelogoff.md"},
    {"store.slt-same-flag", E,
     "StoreLogoffTransports gets the flag the client passed to IMsgStore::StoreLogoff",
     "imapisupport-storelogofftransports.md, imsgstore-storelogoff.md"},
    {"store.calls-after-logoff-complete", E,
     "after StoreLogoffTransports returns LOGOFF_COMPLETE the only call on the store is Release",
     "imapisupport-storelogofftransports.md"},
    {"store.storelogoff-one-flag", E,
     "IMsgStore::StoreLogoff gets exactly one of the five LOGOFF_ input flags",
     "imsgstore-storelogoff.md"},
    // Provider teardown.
    {"logoff.releases-support", E,
     "the logoff method releases the support object: when MAPI releases the logon object the "
     "provider holds no reference to it",
     "iablogon-logoff.md, support-object-overview.md, shutting-down-a-service-provider.md"},
    {"support.release-balance", E,
     "a provider releases its support object as many times as it referenced it, never more",
     "implementing-the-iunknown-interface.md, shutting-down-a-message-store-provider.md"},
    {"support.calls-after-logoff", E,
     "a provider makes no call on its support object after its logon ended",
     "shutting-down-a-service-provider.md, releasing-the-transport-provider.md"},
    {"logoff.succeeds", W,
     "the logoff methods (IMSLogon::Logoff, IABLogon::Logoff, IXPLogon::TransportLogoff) return "
     "S_OK; any other result still counts as logged off",
     "ixplogon-transportlogoff.md, imslogon-logoff.md, iablogon-logoff.md"},
    {"shutdown.succeeds", W,
     "the provider's Shutdown returns S_OK; the provider object is released all the same",
     "imsprovider-shutdown.md, iabprovider-shutdown.md, ixpprovider-shutdown.md"},
    {"abi.no-exceptions", E,
     "no C++ exception crosses the MAPI interface boundary: a method returns an HRESULT",
     "implementing-iunknown-in-c-plus-plus.md"},
    {"logoff.returns", E,
     "a logoff method or Shutdown returns: MAPI waits a bounded time, then goes on without it "
     "and keeps the library loaded",
     "shutting-down-a-service-provider.md"},
    {"logon.released-at-logoff", E,
     "MAPI's Release of a logon object after its logoff is the final one: the provider keeps no "
     "reference to its own logon object",
     "shutting-down-a-service-provider.md, releasing-the-transport-provider.md"},
    {"provider.released-at-shutdown", E,
     "MAPI's Release of a provider object after Shutdown is the final one",
     "shutting-down-a-service-provider.md, imsprovider-shutdown.md"},
    {"fastshutdown.supported", W,
     "a provider object answers IMAPIProviderShutdown::QueryFastShutdown with S_OK, or "
     "MAPI_E_NO_SUPPORT to make the client wait for an orderly shutdown",
     "imapiprovidershutdown-queryfastshutdown.md"},
// The spooler's rules (session/spooler/), then those only the trace checker
// applies (trace/).
#include "mapi_emu/base/contract_rules_spooler.inc"
#include "mapi_emu/base/contract_rules_trace.inc"
};

}  // namespace

const char* SeverityText(Severity severity) {
  return severity == Severity::kError ? "error" : "warning";
}

absl::Span<const ContractRule> ContractRules() { return kRules; }

const ContractRule* FindContractRule(std::string_view id) {
  for (const ContractRule& rule : kRules) {
    if (rule.id == id) return &rule;
  }
  return nullptr;
}

}  // namespace mapi_emu
