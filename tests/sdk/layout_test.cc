// Layout of the SDK's structures and shape of its interfaces, as a provider
// binary built against the Windows headers sees them.
//
// Sizes and offsets are worked out from the declarations and the Windows
// x64 rules (pointers and ULONG_PTR 8 bytes, ULONG/LONG 4, natural
// alignment); the 32-bit numbers are those of Win32. Interfaces must be
// abstract, hold nothing but the vtable pointer, and list their methods in
// the SDK's vtable order.

#include <gtest/gtest.h>
#include <stddef.h>
#include <stdint.h>

#include <cstring>
#include <initializer_list>
#include <type_traits>

#include "mapidefs.h"
#include "mapitags.h"

namespace mapi_emu {
namespace {

// ---- Base types ----------------------------------------------------------
static_assert(sizeof(BYTE) == 1);
static_assert(sizeof(WORD) == 2 && sizeof(SHORT) == 2 && sizeof(USHORT) == 2);
static_assert(sizeof(ULONG) == 4 && sizeof(LONG) == 4 && sizeof(DWORD) == 4);
static_assert(sizeof(HRESULT) == 4 && sizeof(SCODE) == 4);
static_assert(std::is_signed_v<HRESULT> && std::is_signed_v<SCODE>);
static_assert(sizeof(BOOL) == 4 && sizeof(INT) == 4 && sizeof(UINT) == 4);
static_assert(sizeof(LONGLONG) == 8 && sizeof(ULONGLONG) == 8);
static_assert(sizeof(ULONG_PTR) == sizeof(void*));
static_assert(sizeof(LONG_PTR) == sizeof(void*));
static_assert(sizeof(BOOKMARK) == sizeof(void*));
static_assert(sizeof(FLAGS) == 4);

// ---- Layouts that do not depend on the pointer size ----------------------
static_assert(sizeof(GUID) == 16);
static_assert(offsetof(GUID, Data2) == 4 && offsetof(GUID, Data3) == 6 &&
              offsetof(GUID, Data4) == 8);
static_assert(sizeof(FILETIME) == 8);
static_assert(offsetof(FILETIME, dwHighDateTime) == 4);
static_assert(sizeof(LARGE_INTEGER) == 8 && sizeof(ULARGE_INTEGER) == 8);
static_assert(sizeof(CURRENCY) == 8);
static_assert(sizeof(SYSTEMTIME) == 16);
static_assert(sizeof(MAPIUID) == 16);

static_assert(offsetof(ENTRYID, ab) == 4);
static_assert(CbNewENTRYID(16) == 20);
static_assert(offsetof(FLATENTRY, abEntry) == 4);
static_assert(offsetof(FLATENTRYLIST, abEntries) == 8);
static_assert(offsetof(MTSID, ab) == 4);
static_assert(offsetof(FLATMTSIDLIST, abMTSIDs) == 8);

static_assert(sizeof(SPropTagArray) == 8);
static_assert(offsetof(SPropTagArray, aulPropTag) == 4);
static_assert(CbNewSPropTagArray(3) == 16);

static_assert(offsetof(SPropValue, dwAlignPad) == 4);
static_assert(offsetof(SPropValue, Value) == 8);

static_assert(sizeof(SPropProblem) == 12);
static_assert(offsetof(SPropProblem, scode) == 8);
static_assert(offsetof(SPropProblemArray, aProblem) == 4);
static_assert(CbNewSPropProblemArray(2) == 28);

static_assert(sizeof(SSortOrder) == 8);
static_assert(sizeof(SSortOrderSet) == 20);
static_assert(offsetof(SSortOrderSet, aSort) == 12);
static_assert(CbNewSSortOrderSet(2) == 28);

static_assert(sizeof(SComparePropsRestriction) == 12);
static_assert(sizeof(SBitMaskRestriction) == 12);
static_assert(sizeof(SSizeRestriction) == 12);
static_assert(sizeof(SExistRestriction) == 12);
static_assert(offsetof(SPropertyRestriction, lpProp) == 8);
static_assert(offsetof(SContentRestriction, lpProp) == 8);

static_assert(offsetof(FlagList, ulFlag) == 4);

static_assert(offsetof(ADRENTRY, rgPropVals) == 8);
static_assert(offsetof(SRow, lpProps) == 8);

static_assert(offsetof(NOTIFICATION, info) == 8);
static_assert(offsetof(TABLE_NOTIFICATION, hResult) == 4);
static_assert(offsetof(TABLE_NOTIFICATION, propIndex) == 8);

// ---- Windows x64 ----------------------------------------------------------
#if UINTPTR_MAX > 0xFFFFFFFFu
static_assert(sizeof(void*) == 8);

static_assert(sizeof(SBinary) == 16 && offsetof(SBinary, lpb) == 8);
static_assert(sizeof(SShortArray) == 16 && sizeof(SLongArray) == 16 && sizeof(SBinaryArray) == 16 &&
              sizeof(SLPSTRArray) == 16 && sizeof(SWStringArray) == 16 &&
              sizeof(SGuidArray) == 16 && sizeof(SLargeIntegerArray) == 16);
static_assert(sizeof(ENTRYLIST) == 16);
static_assert(sizeof(union _PV) == 16);
static_assert(sizeof(SPropValue) == 24 && alignof(SPropValue) == 8);

static_assert(sizeof(SRow) == 16);
static_assert(sizeof(SRowSet) == 24 && offsetof(SRowSet, aRow) == 8);
static_assert(CbNewSRowSet(2) == 40);
static_assert(sizeof(ADRENTRY) == 16);
static_assert(sizeof(ADRLIST) == 24 && offsetof(ADRLIST, aEntries) == 8);
static_assert(CbNewADRLIST(2) == 40);

static_assert(sizeof(MAPIERROR) == 32);
static_assert(offsetof(MAPIERROR, lpszError) == 8 && offsetof(MAPIERROR, lpszComponent) == 16 &&
              offsetof(MAPIERROR, ulLowLevelError) == 24 && offsetof(MAPIERROR, ulContext) == 28);

static_assert(sizeof(MAPINAMEID) == 24 && offsetof(MAPINAMEID, ulKind) == 8 &&
              offsetof(MAPINAMEID, Kind) == 16);

static_assert(sizeof(ERROR_NOTIFICATION) == 32);
static_assert(offsetof(ERROR_NOTIFICATION, lpEntryID) == 8 &&
              offsetof(ERROR_NOTIFICATION, scode) == 16 &&
              offsetof(ERROR_NOTIFICATION, ulFlags) == 20 &&
              offsetof(ERROR_NOTIFICATION, lpMAPIError) == 24);
static_assert(sizeof(NEWMAIL_NOTIFICATION) == 56);
static_assert(offsetof(NEWMAIL_NOTIFICATION, cbParentID) == 16 &&
              offsetof(NEWMAIL_NOTIFICATION, lpParentID) == 24 &&
              offsetof(NEWMAIL_NOTIFICATION, ulFlags) == 32 &&
              offsetof(NEWMAIL_NOTIFICATION, lpszMessageClass) == 40 &&
              offsetof(NEWMAIL_NOTIFICATION, ulMessageFlags) == 48);
static_assert(sizeof(OBJECT_NOTIFICATION) == 72);
static_assert(offsetof(OBJECT_NOTIFICATION, ulObjType) == 16 &&
              offsetof(OBJECT_NOTIFICATION, cbParentID) == 20 &&
              offsetof(OBJECT_NOTIFICATION, lpParentID) == 24 &&
              offsetof(OBJECT_NOTIFICATION, cbOldID) == 32 &&
              offsetof(OBJECT_NOTIFICATION, lpOldID) == 40 &&
              offsetof(OBJECT_NOTIFICATION, cbOldParentID) == 48 &&
              offsetof(OBJECT_NOTIFICATION, lpOldParentID) == 56 &&
              offsetof(OBJECT_NOTIFICATION, lpPropTagArray) == 64);
static_assert(sizeof(TABLE_NOTIFICATION) == 80);
static_assert(offsetof(TABLE_NOTIFICATION, propPrior) == 32 &&
              offsetof(TABLE_NOTIFICATION, row) == 56 && offsetof(TABLE_NOTIFICATION, ulPad) == 72);
static_assert(sizeof(EXTENDED_NOTIFICATION) == 16 &&
              offsetof(EXTENDED_NOTIFICATION, pbEventParameters) == 8);
static_assert(sizeof(STATUS_OBJECT_NOTIFICATION) == 32 &&
              offsetof(STATUS_OBJECT_NOTIFICATION, cValues) == 16 &&
              offsetof(STATUS_OBJECT_NOTIFICATION, lpPropVals) == 24);
static_assert(sizeof(NOTIFICATION) == 88 && alignof(NOTIFICATION) == 8);

static_assert(sizeof(SRestriction) == 32 && offsetof(SRestriction, res) == 8);
static_assert(sizeof(SPropertyRestriction) == 16);
static_assert(sizeof(SContentRestriction) == 16);
static_assert(sizeof(SAndRestriction) == 16 && offsetof(SAndRestriction, lpRes) == 8);
static_assert(sizeof(SNotRestriction) == 16);
static_assert(sizeof(SSubRestriction) == 16);
static_assert(sizeof(SCommentRestriction) == 24 && offsetof(SCommentRestriction, lpProp) == 16);
static_assert(sizeof(SCountRestriction) == 16);

static_assert(sizeof(STATSTG) == 80);
static_assert(offsetof(STATSTG, type) == 8 && offsetof(STATSTG, cbSize) == 16 &&
              offsetof(STATSTG, mtime) == 24 && offsetof(STATSTG, grfMode) == 48 &&
              offsetof(STATSTG, clsid) == 56 && offsetof(STATSTG, grfStateBits) == 72);

// ---- Win32 ------------------------------------------------------------------
#else
static_assert(sizeof(void*) == 4);

static_assert(sizeof(SBinary) == 8 && offsetof(SBinary, lpb) == 4);
static_assert(sizeof(ENTRYLIST) == 8);
static_assert(sizeof(union _PV) == 8);
static_assert(sizeof(SPropValue) == 16);

static_assert(sizeof(SRow) == 12);
static_assert(sizeof(SRowSet) == 16 && offsetof(SRowSet, aRow) == 4);
static_assert(sizeof(ADRENTRY) == 12);
static_assert(sizeof(ADRLIST) == 16 && offsetof(ADRLIST, aEntries) == 4);

static_assert(sizeof(MAPIERROR) == 20);
static_assert(sizeof(MAPINAMEID) == 12 && offsetof(MAPINAMEID, Kind) == 8);

static_assert(sizeof(ERROR_NOTIFICATION) == 20);
static_assert(sizeof(NEWMAIL_NOTIFICATION) == 28);
static_assert(sizeof(OBJECT_NOTIFICATION) == 40);
static_assert(sizeof(TABLE_NOTIFICATION) == 56);
static_assert(offsetof(TABLE_NOTIFICATION, propPrior) == 24 &&
              offsetof(TABLE_NOTIFICATION, row) == 40 && offsetof(TABLE_NOTIFICATION, ulPad) == 52);
static_assert(sizeof(EXTENDED_NOTIFICATION) == 12);
static_assert(sizeof(STATUS_OBJECT_NOTIFICATION) == 16);
static_assert(sizeof(NOTIFICATION) == 64);

static_assert(sizeof(SRestriction) == 16 && offsetof(SRestriction, res) == 4);
static_assert(sizeof(SPropertyRestriction) == 12);
static_assert(sizeof(SCommentRestriction) == 12);

static_assert(sizeof(STATSTG) == 72);
#endif

// ---- Interfaces: abstract, only a vtable pointer, SDK inheritance ---------
template <typename I>
constexpr bool kIsComInterface = std::is_abstract_v<I>&& std::is_polymorphic_v<I> &&
                                 sizeof(I) == sizeof(void*) && std::is_base_of_v<IUnknown, I> &&
                                 !std::has_virtual_destructor_v<I>;

static_assert(kIsComInterface<IMAPIAdviseSink>);
static_assert(kIsComInterface<IMAPIProgress>);
static_assert(kIsComInterface<IMAPIProp>);
static_assert(kIsComInterface<IMAPITable>);
static_assert(kIsComInterface<IProfSect>);
static_assert(kIsComInterface<IMAPIStatus>);
static_assert(kIsComInterface<IMAPIContainer>);
static_assert(kIsComInterface<IABContainer>);
static_assert(kIsComInterface<IMailUser>);
static_assert(kIsComInterface<IDistList>);
static_assert(kIsComInterface<IMAPIFolder>);
static_assert(kIsComInterface<IMsgStore>);
static_assert(kIsComInterface<IMessage>);
static_assert(kIsComInterface<IAttach>);

static_assert(!std::is_base_of_v<IMAPIProp, IMAPITable>);
static_assert(!std::is_base_of_v<IMAPIProp, IMAPIProgress>);
static_assert(std::is_base_of_v<IMAPIProp, IProfSect>);
static_assert(std::is_base_of_v<IMAPIProp, IMAPIStatus>);
static_assert(std::is_base_of_v<IMAPIProp, IMAPIContainer>);
static_assert(std::is_base_of_v<IMAPIContainer, IABContainer>);
static_assert(std::is_base_of_v<IMAPIProp, IMailUser>);
static_assert(std::is_base_of_v<IMAPIContainer, IDistList>);
static_assert(!std::is_base_of_v<IABContainer, IDistList>);
static_assert(std::is_base_of_v<IMAPIContainer, IMAPIFolder>);
static_assert(std::is_base_of_v<IMAPIProp, IMsgStore>);
static_assert(!std::is_base_of_v<IMAPIContainer, IMsgStore>);
static_assert(std::is_base_of_v<IMAPIProp, IMessage>);
static_assert(std::is_base_of_v<IMAPIProp, IAttach>);

static_assert(std::is_same_v<LPMAPIFOLDER, IMAPIFolder*> && std::is_same_v<LPMDB, IMsgStore*> &&
              std::is_same_v<LPABCONT, IABContainer*> && std::is_same_v<LPMAPITABLE, IMAPITable*> &&
              std::is_same_v<LPENTRYLIST, SBinaryArray*>);

// The parameter widths that differ between 32- and 64-bit builds.
static_assert(std::is_same_v<decltype(&IMAPITable::Advise),
                             HRESULT (IMAPITable::*)(ULONG, LPMAPIADVISESINK, ULONG_PTR*)>);
static_assert(std::is_same_v<decltype(&IMAPITable::Unadvise), HRESULT (IMAPITable::*)(ULONG_PTR)>);
static_assert(
    std::is_same_v<decltype(&IMAPITable::SeekRow), HRESULT (IMAPITable::*)(BOOKMARK, LONG, LONG*)>);
static_assert(
    std::is_same_v<decltype(&IMsgStore::Advise),
                   HRESULT (IMsgStore::*)(ULONG, LPENTRYID, ULONG, LPMAPIADVISESINK, ULONG_PTR*)>);
static_assert(std::is_same_v<decltype(&IMsgStore::Unadvise), HRESULT (IMsgStore::*)(ULONG_PTR)>);
static_assert(std::is_same_v<decltype(&IMsgStore::GetReceiveFolder),
                             HRESULT (IMsgStore::*)(LPTSTR, ULONG, ULONG*, LPENTRYID*, LPTSTR*)>);
static_assert(std::is_same_v<decltype(&IMAPIStatus::ValidateState),
                             HRESULT (IMAPIStatus::*)(ULONG_PTR, ULONG)>);
static_assert(std::is_same_v<decltype(&IMAPIStatus::ChangePassword),
                             HRESULT (IMAPIStatus::*)(LPTSTR, LPTSTR, ULONG)>);
static_assert(std::is_same_v<decltype(&IMAPIFolder::CopyMessages),
                             HRESULT (IMAPIFolder::*)(LPENTRYLIST, LPCIID, LPVOID, ULONG_PTR,
                                                      LPMAPIPROGRESS, ULONG)>);
static_assert(std::is_same_v<decltype(&IMessage::DeleteAttach),
                             HRESULT (IMessage::*)(ULONG, ULONG_PTR, LPMAPIPROGRESS, ULONG)>);

// A class that implements an interface with the SDK's MAPI_I<NAME>_METHODS(IMPL)
// lists overrides every pure method: nothing is missing from the lists and
// nothing outside them is pure. (Declared only; never instantiated.)
struct ProgressImpl : IMAPIProgress {
  MAPI_IUNKNOWN_METHODS(IMPL)
  MAPI_IMAPIPROGRESS_METHODS(IMPL)
};
struct TableImpl : IMAPITable {
  MAPI_IUNKNOWN_METHODS(IMPL)
  MAPI_IMAPITABLE_METHODS(IMPL)
};
struct ProfSectImpl : IProfSect {
  MAPI_IUNKNOWN_METHODS(IMPL)
  MAPI_IMAPIPROP_METHODS(IMPL)
  MAPI_IPROFSECT_METHODS(IMPL)
};
struct StatusImpl : IMAPIStatus {
  MAPI_IUNKNOWN_METHODS(IMPL)
  MAPI_IMAPIPROP_METHODS(IMPL)
  MAPI_IMAPISTATUS_METHODS(IMPL)
};
struct ABContainerImpl : IABContainer {
  MAPI_IUNKNOWN_METHODS(IMPL)
  MAPI_IMAPIPROP_METHODS(IMPL)
  MAPI_IMAPICONTAINER_METHODS(IMPL)
  MAPI_IABCONTAINER_METHODS(IMPL)
};
struct MailUserImpl : IMailUser {
  MAPI_IUNKNOWN_METHODS(IMPL)
  MAPI_IMAPIPROP_METHODS(IMPL)
  MAPI_IMAILUSER_METHODS(IMPL)
};
struct DistListImpl : IDistList {
  MAPI_IUNKNOWN_METHODS(IMPL)
  MAPI_IMAPIPROP_METHODS(IMPL)
  MAPI_IMAPICONTAINER_METHODS(IMPL)
  MAPI_IDISTLIST_METHODS(IMPL)
};
struct FolderImpl : IMAPIFolder {
  MAPI_IUNKNOWN_METHODS(IMPL)
  MAPI_IMAPIPROP_METHODS(IMPL)
  MAPI_IMAPICONTAINER_METHODS(IMPL)
  MAPI_IMAPIFOLDER_METHODS(IMPL)
};
struct MsgStoreImpl : IMsgStore {
  MAPI_IUNKNOWN_METHODS(IMPL)
  MAPI_IMAPIPROP_METHODS(IMPL)
  MAPI_IMSGSTORE_METHODS(IMPL)
};
struct MessageImpl : IMessage {
  MAPI_IUNKNOWN_METHODS(IMPL)
  MAPI_IMAPIPROP_METHODS(IMPL)
  MAPI_IMESSAGE_METHODS(IMPL)
};
struct AttachImpl : IAttach {
  MAPI_IUNKNOWN_METHODS(IMPL)
  MAPI_IMAPIPROP_METHODS(IMPL)
  MAPI_IATTACH_METHODS(IMPL)
};
static_assert(!std::is_abstract_v<ProgressImpl> && !std::is_abstract_v<TableImpl> &&
              !std::is_abstract_v<ProfSectImpl> && !std::is_abstract_v<StatusImpl> &&
              !std::is_abstract_v<ABContainerImpl> && !std::is_abstract_v<MailUserImpl> &&
              !std::is_abstract_v<DistListImpl> && !std::is_abstract_v<FolderImpl> &&
              !std::is_abstract_v<MsgStoreImpl> && !std::is_abstract_v<MessageImpl> &&
              !std::is_abstract_v<AttachImpl>);

// ---- Values the SDK fixes (lifecycle.md §3.0, §4.3) -----------------------
// Checked after mapitags.h too, so that a second definition elsewhere cannot
// silently change them.
static_assert(MAPI_STORE_PROVIDER == 33 && MAPI_AB == 34 && MAPI_AB_PROVIDER == 35 &&
              MAPI_TRANSPORT_PROVIDER == 36 && MAPI_SPOOLER == 37 && MAPI_PROFILE_PROVIDER == 38 &&
              MAPI_SUBSYSTEM == 39 && MAPI_HOOK_PROVIDER == 40);
static_assert(STATUS_VALIDATE_STATE == 0x1 && STATUS_SETTINGS_DIALOG == 0x2 &&
              STATUS_CHANGE_PASSWORD == 0x4 && STATUS_FLUSH_QUEUES == 0x8);
static_assert(STATUS_AVAILABLE == 0x1 && STATUS_OFFLINE == 0x2 && STATUS_FAILURE == 0x4 &&
              STATUS_INBOUND_ENABLED == 0x10000 && STATUS_INBOUND_ACTIVE == 0x20000 &&
              STATUS_INBOUND_FLUSH == 0x40000 && STATUS_OUTBOUND_ENABLED == 0x100000 &&
              STATUS_OUTBOUND_ACTIVE == 0x200000 && STATUS_OUTBOUND_FLUSH == 0x400000 &&
              STATUS_REMOTE_ACCESS == 0x800000);
static_assert(STATUS_DEFAULT_OUTBOUND == 0x1 && STATUS_DEFAULT_STORE == 0x2 &&
              STATUS_PRIMARY_IDENTITY == 0x4 && STATUS_SIMPLE_STORE == 0x8 &&
              STATUS_XP_PREFER_LAST == 0x10 && STATUS_NO_PRIMARY_IDENTITY == 0x20 &&
              STATUS_NO_DEFAULT_STORE == 0x40 && STATUS_TEMP_SECTION == 0x80 &&
              STATUS_OWN_STORE == 0x100 && HOOK_INBOUND == 0x200 && HOOK_OUTBOUND == 0x400 &&
              STATUS_NEED_IPM_TREE == 0x800 && STATUS_PRIMARY_STORE == 0x1000 &&
              STATUS_SECONDARY_STORE == 0x2000);
static_assert(LOGOFF_NO_WAIT == 0x1 && LOGOFF_ORDERLY == 0x2 && LOGOFF_PURGE == 0x4 &&
              LOGOFF_ABORT == 0x8 && LOGOFF_QUIET == 0x10 && LOGOFF_COMPLETE == 0x10000 &&
              LOGOFF_INBOUND == 0x20000 && LOGOFF_OUTBOUND == 0x40000 &&
              LOGOFF_OUTBOUND_QUEUE == 0x80000);
static_assert(FLUSH_UPLOAD == 0x2 && FLUSH_DOWNLOAD == 0x4 && FLUSH_FORCE == 0x8 &&
              FLUSH_NO_UI == 0x10 && FLUSH_ASYNC_OK == 0x20);
static_assert(MSGFLAG_READ == 0x1 && MSGFLAG_UNMODIFIED == 0x2 && MSGFLAG_SUBMIT == 0x4 &&
              MSGFLAG_UNSENT == 0x8 && MSGFLAG_HASATTACH == 0x10 && MSGFLAG_FROMME == 0x20 &&
              MSGFLAG_ASSOCIATED == 0x40 && MSGFLAG_RESEND == 0x80 && MSGFLAG_RN_PENDING == 0x100 &&
              MSGFLAG_NRN_PENDING == 0x200);
static_assert(MAPI_ORIG == 0 && MAPI_TO == 1 && MAPI_CC == 2 && MAPI_BCC == 3 &&
              MAPI_P1 == 0x10000000 && MAPI_SUBMITTED == 0x80000000u);
static_assert(MDB_NO_DIALOG == 0x1 && MDB_WRITE == 0x4 && MDB_TEMPORARY == 0x20 &&
              MDB_NO_MAIL == 0x80 && AB_NO_DIALOG == 0x1);
static_assert(ATTACH_BY_VALUE == 1 && ATTACH_EMBEDDED_MSG == 5 && ATTACH_OLE == 6);
static_assert(DT_MAILUSER == 0 && DT_DISTLIST == 1 && DT_REMOTE_MAILUSER == 6 &&
              DT_FOLDER == 0x01000000);

// ---- Run-time checks ------------------------------------------------------

// Reads the 32-bit value at byte offset `at` of an object's representation.
template <typename T>
ULONG UlongAt(const T& object, size_t at) {
  ULONG value = 0;
  std::memcpy(&value, reinterpret_cast<const BYTE*>(&object) + at, sizeof(value));
  return value;
}

TEST(SdkLayout, PropertyValueFollowsTheTagAtByteEight) {
  SPropValue prop{};
  prop.ulPropTag = PROP_TAG(PT_LONG, 0x3E04);
  prop.Value.l = 0x12345678;
  EXPECT_EQ(UlongAt(prop, 0), 0x3E040003u);
  EXPECT_EQ(UlongAt(prop, 8), 0x12345678u);
  if constexpr (sizeof(void*) == 8) {
    EXPECT_EQ(sizeof(prop), 24u);
  } else {
    EXPECT_EQ(sizeof(prop), 16u);
  }
}

TEST(SdkLayout, TableNotificationFieldsAreAtWindowsOffsets) {
  NOTIFICATION notif{};
  notif.ulEventType = fnevTableModified;
  notif.info.tab.ulTableEvent = TABLE_ROW_ADDED;
  notif.info.tab.propIndex.ulPropTag = PROP_TAG(PT_BINARY, 0x0FF6);
  notif.info.tab.propPrior.ulPropTag = PR_NULL;
  notif.info.tab.row.cValues = 7;
  EXPECT_EQ(UlongAt(notif, 0), 0x100u);
  EXPECT_EQ(UlongAt(notif, 8), ULONG{TABLE_ROW_ADDED});
  EXPECT_EQ(UlongAt(notif, 8 + 8), 0x0FF60102u);
  if constexpr (sizeof(void*) == 8) {
    EXPECT_EQ(UlongAt(notif, 8 + 32), PR_NULL);
    EXPECT_EQ(UlongAt(notif, 8 + 56 + 4), 7u);
    EXPECT_EQ(sizeof(notif), 88u);
  } else {
    EXPECT_EQ(UlongAt(notif, 8 + 24), PR_NULL);
    EXPECT_EQ(UlongAt(notif, 8 + 40 + 4), 7u);
    EXPECT_EQ(sizeof(notif), 64u);
  }
}

TEST(SdkLayout, EntryIdBytesFollowFourFlagBytes) {
  SizedENTRYID(16, eid) = {};
  eid.abFlags[0] = MAPI_SHORTTERM;
  eid.ab[0] = 0xAB;
  const BYTE* raw = reinterpret_cast<const BYTE*>(&eid);
  EXPECT_EQ(raw[0], 0x80);
  EXPECT_EQ(raw[4], 0xAB);
  EXPECT_EQ(sizeof(eid), CbNewENTRYID(16));
}

TEST(SdkLayout, RowSetRowsStartAtPointerAlignment) {
  SizedSRowSet(2, rows) = {};
  rows.cRows = 2;
  rows.aRow[1].cValues = 3;
  const size_t row_size = sizeof(void*) == 8 ? 16 : 12;
  const size_t first_row = sizeof(void*) == 8 ? 8 : 4;
  EXPECT_EQ(sizeof(SRow), row_size);
  EXPECT_EQ(UlongAt(rows, first_row + row_size + 4), 3u);
  EXPECT_EQ(CbNewSRowSet(2), first_row + 2 * row_size);
}

// ---- Vtable order ----------------------------------------------------------
// Under the Itanium C++ ABI (g++/clang on x86), a pointer to a virtual member
// function holds 1 + the byte offset of its vtable slot, so the slot a
// provider's compiler assigns to each method can be read off directly.
#if (defined(__x86_64__) || defined(__i386__)) && !defined(_MSC_VER)

template <typename Pmf>
ptrdiff_t VtableSlot(Pmf pmf) {
  static_assert(sizeof(Pmf) == 2 * sizeof(uintptr_t));
  uintptr_t words[2];
  std::memcpy(words, &pmf, sizeof(words));
  if ((words[0] & 1u) == 0) return -1;  // not a virtual function
  return static_cast<ptrdiff_t>((words[0] - 1) / sizeof(void*));
}

struct Slot {
  const char* method;
  ptrdiff_t index;
};
#define SLOT(iface, method) \
  Slot { #method, VtableSlot(&iface::method) }

void ExpectSlotsFrom(ptrdiff_t first, std::initializer_list<Slot> slots) {
  ptrdiff_t want = first;
  for (const Slot& slot : slots) {
    EXPECT_EQ(slot.index, want) << slot.method;
    ++want;
  }
}

// Every interface starts with IUnknown's three methods.
template <typename I>
void ExpectIUnknownFirst() {
  ExpectSlotsFrom(0, {SLOT(I, QueryInterface), SLOT(I, AddRef), SLOT(I, Release)});
}

// IMAPIProp's eleven methods follow IUnknown in every property object.
template <typename I>
void ExpectIMAPIPropNext() {
  ExpectIUnknownFirst<I>();
  ExpectSlotsFrom(
      3, {SLOT(I, GetLastError), SLOT(I, SaveChanges), SLOT(I, GetProps), SLOT(I, GetPropList),
          SLOT(I, OpenProperty), SLOT(I, SetProps), SLOT(I, DeleteProps), SLOT(I, CopyTo),
          SLOT(I, CopyProps), SLOT(I, GetNamesFromIDs), SLOT(I, GetIDsFromNames)});
}

template <typename I>
void ExpectIMAPIContainerNext() {
  ExpectIMAPIPropNext<I>();
  ExpectSlotsFrom(14, {SLOT(I, GetContentsTable), SLOT(I, GetHierarchyTable), SLOT(I, OpenEntry),
                       SLOT(I, SetSearchCriteria), SLOT(I, GetSearchCriteria)});
}

TEST(SdkVtable, IMAPIProgress) {
  ExpectIUnknownFirst<IMAPIProgress>();
  ExpectSlotsFrom(
      3, {SLOT(IMAPIProgress, Progress), SLOT(IMAPIProgress, GetFlags), SLOT(IMAPIProgress, GetMax),
          SLOT(IMAPIProgress, GetMin), SLOT(IMAPIProgress, SetLimits)});
}

TEST(SdkVtable, IMAPITable) {
  ExpectIUnknownFirst<IMAPITable>();
  ExpectSlotsFrom(3, {SLOT(IMAPITable, GetLastError),      SLOT(IMAPITable, Advise),
                      SLOT(IMAPITable, Unadvise),          SLOT(IMAPITable, GetStatus),
                      SLOT(IMAPITable, SetColumns),        SLOT(IMAPITable, QueryColumns),
                      SLOT(IMAPITable, GetRowCount),       SLOT(IMAPITable, SeekRow),
                      SLOT(IMAPITable, SeekRowApprox),     SLOT(IMAPITable, QueryPosition),
                      SLOT(IMAPITable, FindRow),           SLOT(IMAPITable, Restrict),
                      SLOT(IMAPITable, CreateBookmark),    SLOT(IMAPITable, FreeBookmark),
                      SLOT(IMAPITable, SortTable),         SLOT(IMAPITable, QuerySortOrder),
                      SLOT(IMAPITable, QueryRows),         SLOT(IMAPITable, Abort),
                      SLOT(IMAPITable, ExpandRow),         SLOT(IMAPITable, CollapseRow),
                      SLOT(IMAPITable, WaitForCompletion), SLOT(IMAPITable, GetCollapseState),
                      SLOT(IMAPITable, SetCollapseState)});
}

TEST(SdkVtable, PropertyObjectsWithoutMethodsOfTheirOwn) {
  ExpectIMAPIPropNext<IMAPIProp>();
  ExpectIMAPIPropNext<IProfSect>();
  ExpectIMAPIPropNext<IMailUser>();
  ExpectIMAPIPropNext<IAttach>();
}

TEST(SdkVtable, IMAPIStatus) {
  ExpectIMAPIPropNext<IMAPIStatus>();
  ExpectSlotsFrom(14, {SLOT(IMAPIStatus, ValidateState), SLOT(IMAPIStatus, SettingsDialog),
                       SLOT(IMAPIStatus, ChangePassword), SLOT(IMAPIStatus, FlushQueues)});
}

TEST(SdkVtable, IABContainerAndIDistList) {
  ExpectIMAPIContainerNext<IABContainer>();
  ExpectSlotsFrom(19, {SLOT(IABContainer, CreateEntry), SLOT(IABContainer, CopyEntries),
                       SLOT(IABContainer, DeleteEntries), SLOT(IABContainer, ResolveNames)});
  ExpectIMAPIContainerNext<IDistList>();
  ExpectSlotsFrom(19, {SLOT(IDistList, CreateEntry), SLOT(IDistList, CopyEntries),
                       SLOT(IDistList, DeleteEntries), SLOT(IDistList, ResolveNames)});
}

TEST(SdkVtable, IMAPIFolder) {
  ExpectIMAPIContainerNext<IMAPIFolder>();
  ExpectSlotsFrom(19, {SLOT(IMAPIFolder, CreateMessage), SLOT(IMAPIFolder, CopyMessages),
                       SLOT(IMAPIFolder, DeleteMessages), SLOT(IMAPIFolder, CreateFolder),
                       SLOT(IMAPIFolder, CopyFolder), SLOT(IMAPIFolder, DeleteFolder),
                       SLOT(IMAPIFolder, SetReadFlags), SLOT(IMAPIFolder, GetMessageStatus),
                       SLOT(IMAPIFolder, SetMessageStatus), SLOT(IMAPIFolder, SaveContentsSort),
                       SLOT(IMAPIFolder, EmptyFolder)});
}

TEST(SdkVtable, IMsgStore) {
  ExpectIMAPIPropNext<IMsgStore>();
  ExpectSlotsFrom(
      14, {SLOT(IMsgStore, Advise), SLOT(IMsgStore, Unadvise), SLOT(IMsgStore, CompareEntryIDs),
           SLOT(IMsgStore, OpenEntry), SLOT(IMsgStore, SetReceiveFolder),
           SLOT(IMsgStore, GetReceiveFolder), SLOT(IMsgStore, GetReceiveFolderTable),
           SLOT(IMsgStore, StoreLogoff), SLOT(IMsgStore, AbortSubmit),
           SLOT(IMsgStore, GetOutgoingQueue), SLOT(IMsgStore, SetLockState),
           SLOT(IMsgStore, FinishedMsg), SLOT(IMsgStore, NotifyNewMail)});
}

TEST(SdkVtable, IMessage) {
  ExpectIMAPIPropNext<IMessage>();
  ExpectSlotsFrom(14, {SLOT(IMessage, GetAttachmentTable), SLOT(IMessage, OpenAttach),
                       SLOT(IMessage, CreateAttach), SLOT(IMessage, DeleteAttach),
                       SLOT(IMessage, GetRecipientTable), SLOT(IMessage, ModifyRecipients),
                       SLOT(IMessage, SubmitMessage), SLOT(IMessage, SetReadFlag)});
}

#undef SLOT
#endif  // Itanium C++ ABI on x86

}  // namespace
}  // namespace mapi_emu
