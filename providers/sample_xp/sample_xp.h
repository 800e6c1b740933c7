// The public facts of libsample_xp.so, the reference transport: the profile
// property naming its inbound directory, its address type and MAPIUID. For
// clients, tests and configuration scripts.
#ifndef MAPI_EMU_PROVIDERS_SAMPLE_XP_SAMPLE_XP_H_
#define MAPI_EMU_PROVIDERS_SAMPLE_XP_SAMPLE_XP_H_

#include "mapidefs.h"
#include "mapitags.h"

// The transport's own inbound ("drop") directory, in the provider's (or its
// service's) profile section. Poll reports the .eml files waiting there and
// StartMessage delivers them. ServiceEntry sets it when absent to
// $MAPI_EMU_DATA/sample_xp/inbox, or
// ${XDG_DATA_HOME:-$HOME/.local/share}/mapi_emu/sample_xp/inbox.
#define PR_SAMPLE_XP_INBOX PROP_TAG(PT_STRING8, 0x6702)

// The one address type the transport handles (AddressTypes): a recipient
// whose PR_ADDRTYPE is "FILE" and whose PR_EMAIL_ADDRESS is a directory, or
// any recipient whose address is written "FILE:/path/to/dir".
#define SAMPLE_XP_ADDRESS_TYPE "FILE"

// The MAPIUID AddressTypes returns with the address type.
#define SAMPLE_XP_UID \
  { 0x53, 0x41, 0x4d, 0x50, 0x4c, 0x45, 0x58, 0x50, 0x6d, 0x61, 0x70, 0x69, 0x65, 0x6d, 0x75, 0x01 }

#endif  // MAPI_EMU_PROVIDERS_SAMPLE_XP_SAMPLE_XP_H_
