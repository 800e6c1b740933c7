#include "mapi_emu/base/sdk_catalog.h"

#include <array>

#include "absl/strings/str_format.h"
#include "mapiguid.h"
#include "mapispi.h"
#include "mapiutil.h"
#include "mapix.h"

namespace mapi_emu {
namespace {

using M = std::string_view;

// Own methods of each interface in vtable order, from the MAPI reference
// (for IMAPISupport: the header's order, which adds UpdatePAB and Preprocess
// to the reference's table).
constexpr M kUnknown[] = {"QueryInterface", "AddRef", "Release"};
constexpr M kAdviseSink[] = {"OnNotify"};
constexpr M kProgress[] = {"Progress", "GetFlags", "GetMax", "GetMin", "SetLimits"};
constexpr M kProp[] = {"GetLastError", "SaveChanges", "GetProps", "GetPropList",
                       "OpenProperty", "SetProps", "DeleteProps", "CopyTo",
                       "CopyProps", "GetNamesFromIDs", "GetIDsFromNames"};
constexpr M kMapiTable[] = {
    "GetLastError",      "Advise",           "Unadvise",        "GetStatus",     "SetColumns",
    "QueryColumns",      "GetRowCount",      "SeekRow",         "SeekRowApprox", "QueryPosition",
    "FindRow",           "Restrict",         "CreateBookmark",  "FreeBookmark",  "SortTable",
    "QuerySortOrder",    "QueryRows",        "Abort",           "ExpandRow",     "CollapseRow",
    "WaitForCompletion", "GetCollapseState", "SetCollapseState"};
constexpr M kStatus[] = {"ValidateState", "SettingsDialog", "ChangePassword", "FlushQueues"};
constexpr M kContainer[] = {"GetContentsTable", "GetHierarchyTable", "OpenEntry",
                            "SetSearchCriteria", "GetSearchCriteria"};
constexpr M kAbContainer[] = {"CreateEntry", "CopyEntries", "DeleteEntries", "ResolveNames"};
constexpr M kFolder[] = {"CreateMessage", "CopyMessages", "DeleteMessages", "CreateFolder",
                         "CopyFolder", "DeleteFolder", "SetReadFlags", "GetMessageStatus",
                         "SetMessageStatus", "SaveContentsSort", "EmptyFolder"};
constexpr M kMsgStore[] = {"Advise", "Unadvise", "CompareEntryIDs", "OpenEntry",
                           "SetReceiveFolder", "GetReceiveFolder", "GetReceiveFolderTable",
                           "StoreLogoff", "AbortSubmit", "GetOutgoingQueue", "SetLockState",
                           "FinishedMsg", "NotifyNewMail"};
constexpr M kMessage[] = {"GetAttachmentTable", "OpenAttach", "CreateAttach", "DeleteAttach",
                          "GetRecipientTable", "ModifyRecipients", "SubmitMessage",
                          "SetReadFlag"};
constexpr M kAddrBook[] = {"OpenEntry", "CompareEntryIDs", "Advise", "Unadvise",
                           "CreateOneOff", "NewEntry", "ResolveName", "Address", "Details",
                           "RecipOptions", "QueryDefaultRecipOpt", "GetPAB", "SetPAB",
                           "GetDefaultDir", "SetDefaultDir", "GetSearchPath", "SetSearchPath",
                           "PrepareRecips"};
constexpr M kSession[] = {"GetLastError", "GetMsgStoresTable", "OpenMsgStore",
                          "OpenAddressBook", "OpenProfileSection", "GetStatusTable",
                          "OpenEntry", "CompareEntryIDs", "Advise", "Unadvise",
                          "MessageOptions", "QueryDefaultMessageOpt", "EnumAdrTypes",
                          "QueryIdentity", "Logoff", "SetDefaultStore", "AdminServices",
                          "ShowForm", "PrepareForm"};
constexpr M kProfAdmin[] = {"GetLastError", "GetProfileTable", "CreateProfile",
                            "DeleteProfile", "ChangeProfilePassword", "CopyProfile",
                            "RenameProfile", "SetDefaultProfile", "AdminServices"};
constexpr M kServiceAdmin[] = {"GetLastError", "GetMsgServiceTable", "CreateMsgService",
                               "DeleteMsgService", "CopyMsgService", "RenameMsgService",
                               "ConfigureMsgService", "OpenProfileSection",
                               "MsgServiceTransportOrder", "AdminProviders",
                               "SetPrimaryIdentity", "GetProviderTable"};
constexpr M kProviderAdmin[] = {"GetLastError", "GetProviderTable", "CreateProvider",
                                "DeleteProvider", "OpenProfileSection"};
constexpr M kShutdown[] = {"QueryFastShutdown", "NotifyProcessShutdown", "DoFastShutdown"};
constexpr M kSupport[] = {
    "GetLastError", "GetMemAllocRoutines", "Subscribe", "Unsubscribe", "Notify",
    "ModifyStatusRow", "OpenProfileSection", "RegisterPreprocessor", "NewUID", "MakeInvalid",
    "SpoolerYield", "SpoolerNotify", "CreateOneOff", "SetProviderUID", "CompareEntryIDs",
    "OpenTemplateID", "OpenEntry", "GetOneOffTable", "Address", "Details", "NewEntry",
    "DoConfigPropsheet", "CopyMessages", "CopyFolder", "DoCopyTo", "DoCopyProps",
    "DoProgressDialog", "ReadReceipt", "PrepareSubmit", "ExpandRecips", "UpdatePAB",
    "DoSentMail", "OpenAddressBook", "Preprocess", "CompleteMsg", "StoreLogoffTransports",
    "StatusRecips", "WrapStoreEntryID", "ModifyProfile", "IStorageFromStream",
    "GetSvcConfigSupportObj"};
constexpr M kAbProvider[] = {"Shutdown", "Logon"};
constexpr M kMsLogon[] = {"GetLastError", "Logoff", "OpenEntry", "CompareEntryIDs",
                          "Advise", "Unadvise", "OpenStatusEntry"};
constexpr M kAbLogon[] = {"GetLastError", "Logoff", "OpenEntry", "CompareEntryIDs",
                          "Advise", "Unadvise", "OpenStatusEntry", "OpenTemplateID",
                          "GetOneOffTable", "PrepareRecips"};
constexpr M kXpProvider[] = {"Shutdown", "TransportLogon"};
constexpr M kXpLogon[] = {"AddressTypes", "RegisterOptions", "TransportNotify", "Idle",
                          "TransportLogoff", "SubmitMessage", "EndMessage", "Poll",
                          "StartMessage", "OpenStatusEntry", "ValidateState", "FlushQueues"};
constexpr M kMsProvider[] = {"Shutdown", "Logon", "SpoolerLogon", "CompareStoreIDs"};
constexpr M kTableData[] = {"HrGetView", "HrModifyRow", "HrDeleteRow", "HrQueryRow",
                            "HrEnumRow", "HrNotify", "HrInsertRow", "HrModifyRows",
                            "HrDeleteRows"};
constexpr M kPropData[] = {"HrSetObjAccess", "HrSetPropAccess", "HrGetPropAccess",
                           "HrAddObjProps"};
constexpr M kMalloc[] = {"Alloc", "Realloc", "Free", "GetSize", "DidAlloc", "HeapMinimize"};
constexpr M kSequentialStream[] = {"Read", "Write"};
constexpr M kStream[] = {"Seek", "SetSize", "CopyTo", "Commit", "Revert", "LockRegion",
                         "UnlockRegion", "Stat", "Clone"};

template <size_t N>
std::span<const M> Own(const M (&m)[N]) {
  return std::span<const M>(m, N);
}
std::span<const M> NoOwnMethods() { return {}; }

const std::vector<InterfaceInfo>& Interfaces() {
  static const auto* all = new std::vector<InterfaceInfo>{
      {"IUnknown", &IID_IUnknown, "", Own(kUnknown)},
      {"IMalloc", &IID_IMalloc, "IUnknown", Own(kMalloc)},
      {"ISequentialStream", &IID_ISequentialStream, "IUnknown", Own(kSequentialStream)},
      {"IStream", &IID_IStream, "ISequentialStream", Own(kStream)},
      {"IMAPIAdviseSink", &IID_IMAPIAdviseSink, "IUnknown", Own(kAdviseSink)},
      {"IMAPIProgress", &IID_IMAPIProgress, "IUnknown", Own(kProgress)},
      {"IMAPIProp", &IID_IMAPIProp, "IUnknown", Own(kProp)},
      {"IMAPITable", &IID_IMAPITable, "IUnknown", Own(kMapiTable)},
      {"IProfSect", &IID_IProfSect, "IMAPIProp", NoOwnMethods()},
      {"IMAPIStatus", &IID_IMAPIStatus, "IMAPIProp", Own(kStatus)},
      {"IMAPIContainer", &IID_IMAPIContainer, "IMAPIProp", Own(kContainer)},
      {"IABContainer", &IID_IABContainer, "IMAPIContainer", Own(kAbContainer)},
      {"IMailUser", &IID_IMailUser, "IMAPIProp", NoOwnMethods()},
      {"IDistList", &IID_IDistList, "IMAPIContainer", Own(kAbContainer)},
      {"IMAPIFolder", &IID_IMAPIFolder, "IMAPIContainer", Own(kFolder)},
      {"IMsgStore", &IID_IMsgStore, "IMAPIProp", Own(kMsgStore)},
      {"IMessage", &IID_IMessage, "IMAPIProp", Own(kMessage)},
      {"IAttach", &IID_IAttachment, "IMAPIProp", NoOwnMethods()},
      {"IAddrBook", &IID_IAddrBook, "IMAPIProp", Own(kAddrBook)},
      {"IMAPISession", &IID_IMAPISession, "IUnknown", Own(kSession)},
      {"IProfAdmin", &IID_IProfAdmin, "IUnknown", Own(kProfAdmin)},
      {"IMsgServiceAdmin", &IID_IMsgServiceAdmin, "IUnknown", Own(kServiceAdmin)},
      {"IProviderAdmin", &IID_IProviderAdmin, "IUnknown", Own(kProviderAdmin)},
      {"IMAPIClientShutdown", &IID_IMAPIClientShutdown, "IUnknown", Own(kShutdown)},
      {"IMAPIProviderShutdown", &IID_IMAPIProviderShutdown, "IUnknown", Own(kShutdown)},
      {"IMAPISupport", &IID_IMAPISup, "IUnknown", Own(kSupport)},
      {"IABProvider", &IID_IABProvider, "IUnknown", Own(kAbProvider)},
      {"IABLogon", &IID_IABLogon, "IUnknown", Own(kAbLogon)},
      {"IXPProvider", &IID_IXPProvider, "IUnknown", Own(kXpProvider)},
      {"IXPLogon", &IID_IXPLogon, "IUnknown", Own(kXpLogon)},
      {"IMSProvider", &IID_IMSProvider, "IUnknown", Own(kMsProvider)},
      {"IMSLogon", &IID_IMSLogon, "IUnknown", Own(kMsLogon)},
      {"ITableData", &IID_IMAPITableData, "IUnknown", Own(kTableData)},
      {"IPropData", &IID_IMAPIPropData, "IMAPIProp", Own(kPropData)},
  };
  return *all;
}

#define GUID_ENTRY(name) GuidName{#name, &name}
const std::vector<GuidName>& Guids() {
  static const auto* all = new std::vector<GuidName>{
#include "mapi_emu/base/sdk_guids.inc"
  };
  return *all;
}
#undef GUID_ENTRY

}  // namespace

std::span<const InterfaceInfo> SdkInterfaces() { return Interfaces(); }

const InterfaceInfo* FindInterface(std::string_view name) {
  for (const InterfaceInfo& info : Interfaces()) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

const InterfaceInfo* FindInterface(REFIID iid) {
  for (const InterfaceInfo& info : Interfaces()) {
    if (IsEqualIID(*info.iid, iid)) return &info;
  }
  return nullptr;
}

std::vector<std::string_view> VtableMethods(const InterfaceInfo& info) {
  std::vector<std::string_view> methods;
  if (!info.base.empty()) {
    const InterfaceInfo* base = FindInterface(info.base);
    if (base != nullptr) methods = VtableMethods(*base);
  }
  methods.insert(methods.end(), info.methods.begin(), info.methods.end());
  return methods;
}

std::span<const GuidName> SdkGuids() { return Guids(); }

std::string GuidText(REFGUID guid) {
  for (const GuidName& g : Guids()) {
    if (IsEqualGUID(*g.guid, guid)) return std::string(g.name);
  }
  return absl::StrFormat("{%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}", guid.Data1,
                         guid.Data2, guid.Data3, guid.Data4[0], guid.Data4[1], guid.Data4[2],
                         guid.Data4[3], guid.Data4[4], guid.Data4[5], guid.Data4[6],
                         guid.Data4[7]);
}

}  // namespace mapi_emu
