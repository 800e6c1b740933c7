// sample_store.h -- the public facts of libsample_store.so, the reference
// message store: the profile property that names its data directory, the
// layout of its entry IDs and the numbers of its standard folders. A client
// or a configuration tool may include it; nothing here calls into the store.
//
// Data directory (README.md has the files): one JSON file per folder and per
// message, each written atomically, plus store.json (the store's MAPIUID).

#ifndef MAPI_EMU_PROVIDERS_SAMPLE_STORE_SAMPLE_STORE_H_
#define MAPI_EMU_PROVIDERS_SAMPLE_STORE_SAMPLE_STORE_H_

#include "mapidefs.h"

// PR_SAMPLE_STORE_PATH (PT_STRING8, 0x6700): the store's data directory, an
// absolute path, kept in the store provider's profile section (or in its
// service's section, where ServiceEntry puts it). ServiceEntry
// (MSG_SERVICE_CREATE / MSG_SERVICE_CONFIGURE) sets it when it is absent:
// the value passed in lpProps, else
//   $MAPI_EMU_DATA/sample_store/<hex of the service's PR_SERVICE_UID>, or
//   ${XDG_DATA_HOME:-$HOME/.local/share}/mapi_emu/sample_store/<hex ...>.
// IMSProvider::Logon returns MAPI_E_UNCONFIGURED when no section has it.
#define PR_SAMPLE_STORE_PATH PROP_TAG(PT_STRING8, 0x6700)

// Every entry ID the store hands out (store, folder, message) is 28 bytes:
//   abFlags[4] = 0 | MAPIUID of the store (16) | ULONG kind | ULONG number
// The MAPIUID is made once (IMAPISupport::NewUID), kept in store.json and
// registered with SetProviderUID, so entry IDs stay valid across restarts.
// Clients see the store's own entry ID wrapped by WrapStoreEntryID.
#define SAMPLE_STORE_EID_SIZE 28
#define SAMPLE_STORE_KIND_STORE ((ULONG)1)
#define SAMPLE_STORE_KIND_FOLDER ((ULONG)2)
#define SAMPLE_STORE_KIND_MESSAGE ((ULONG)3)

// The folders every store has (folder numbers). Folders a client creates
// and messages are numbered from 100 up, from one counter.
#define SAMPLE_STORE_ROOT ((ULONG)1)
#define SAMPLE_STORE_IPM_SUBTREE ((ULONG)2)
#define SAMPLE_STORE_INBOX ((ULONG)3)
#define SAMPLE_STORE_OUTBOX ((ULONG)4)
#define SAMPLE_STORE_SENT_ITEMS ((ULONG)5)
#define SAMPLE_STORE_DELETED_ITEMS ((ULONG)6)
#define SAMPLE_STORE_FIRST_FREE_NUMBER ((ULONG)100)

#endif  // MAPI_EMU_PROVIDERS_SAMPLE_STORE_SAMPLE_STORE_H_
