// The public facts of libsample_ab.so, the reference address-book provider:
// the profile property that names its contacts file, its MAPIUID and the
// layout of the entry IDs it hands out. For clients, tests and configuration
// scripts; nothing here needs the provider loaded.
#ifndef MAPI_EMU_PROVIDERS_SAMPLE_AB_SAMPLE_AB_H_
#define MAPI_EMU_PROVIDERS_SAMPLE_AB_SAMPLE_AB_H_

#include "mapidefs.h"
#include "mapitags.h"

// The contacts file (UTF-8 JSON, README.md has the format), in the
// provider's (or its service's) profile section. ServiceEntry sets it when
// absent (MSG_SERVICE_CREATE / MSG_SERVICE_CONFIGURE) to
// $MAPI_EMU_DATA/sample_ab/contacts.json, or
// ${XDG_DATA_HOME:-$HOME/.local/share}/mapi_emu/sample_ab/contacts.json,
// creating that file with the sample contacts when it does not exist.
// A caller may pass its own value to CreateMsgService / ConfigureMsgService.
#define PR_SAMPLE_AB_CONTACTS PROP_TAG(PT_STRING8, 0x6701)

// The provider's MAPIUID (SetProviderUID), bytes 4..19 of its entry IDs.
#define SAMPLE_AB_UID \
  { 0x53, 0x41, 0x4d, 0x50, 0x4c, 0x45, 0x41, 0x42, 0x6d, 0x61, 0x70, 0x69, 0x65, 0x6d, 0x75, 0x01 }

// Entry IDs (long-term: abFlags all 0):
//   abFlags[4] | SAMPLE_AB_UID (16) | ULONG kind (little-endian) | key, NUL
// kind is one of the values below; key is "root" or "contacts" for the two
// containers, the contact's e-mail address for a mail user, the address type
// ("FILE") for a one-off template.
#define SAMPLE_AB_KIND_CONTAINER ((ULONG)1)
#define SAMPLE_AB_KIND_MAILUSER ((ULONG)2)
#define SAMPLE_AB_KIND_TEMPLATE ((ULONG)3)

// The one-off address type the provider offers in GetOneOffTable.
#define SAMPLE_AB_ONE_OFF_TYPE "FILE"

#endif  // MAPI_EMU_PROVIDERS_SAMPLE_AB_SAMPLE_AB_H_
