// mapitags.h: the PR_ tags have MAPI's values, string tags follow UNICODE the
// way Windows provider code expects, and the tags are constant expressions a
// provider can put in static column sets and case labels.
#include "mapitags.h"

#include <gtest/gtest.h>

namespace {

// ---- The status table's columns (lifecycle.md §4.2: ID << 16 | type) ----
static_assert(PR_ENTRYID == 0x0FFF0102);
static_assert(PR_OBJECT_TYPE == 0x0FFE0003);
static_assert(PR_INSTANCE_KEY == 0x0FF60102);
static_assert(PR_STORE_RECORD_KEY == 0x0FFA0102);
static_assert(PR_ROWID == 0x30000003);
static_assert(PR_DISPLAY_NAME_A == 0x3001001E);
static_assert(PR_DISPLAY_NAME_W == 0x3001001F);
static_assert(PR_PROVIDER_DISPLAY_A == 0x3006001E);
static_assert(PR_PROVIDER_DISPLAY_W == 0x3006001F);
static_assert(PR_RESOURCE_FLAGS == 0x30090003);
static_assert(PR_PROVIDER_DLL_NAME_A == 0x300A001E);
static_assert(PR_PROVIDER_DLL_NAME_W == 0x300A001F);
static_assert(PR_PROVIDER_UID == 0x300C0102);
static_assert(PR_PROVIDER_ORDINAL == 0x300D0003);
static_assert(PR_SERVICE_UID == 0x3D0C0102);
static_assert(PR_IDENTITY_DISPLAY_A == 0x3E00001E);
static_assert(PR_IDENTITY_DISPLAY_W == 0x3E00001F);
static_assert(PR_IDENTITY_ENTRYID == 0x3E010102);
static_assert(PR_RESOURCE_METHODS == 0x3E020003);
static_assert(PR_RESOURCE_TYPE == 0x3E030003);
static_assert(PR_STATUS_CODE == 0x3E040003);
static_assert(PR_IDENTITY_SEARCH_KEY == 0x3E050102);
static_assert(PR_OWN_STORE_ENTRYID == 0x3E060102);
static_assert(PR_RESOURCE_PATH_A == 0x3E07001E);
static_assert(PR_RESOURCE_PATH_W == 0x3E07001F);
static_assert(PR_STATUS_STRING_A == 0x3E08001E);
static_assert(PR_STATUS_STRING_W == 0x3E08001F);
static_assert(PR_REMOTE_PROGRESS == 0x3E0B0003);
static_assert(PR_REMOTE_PROGRESS_TEXT_A == 0x3E0C001E);
static_assert(PR_REMOTE_PROGRESS_TEXT_W == 0x3E0C001F);
static_assert(PR_REMOTE_VALIDATE_OK == 0x3E0D000B);

// ---- Messages, recipients, attachments, folders, stores, address books,
// profiles and status objects, in mapitags.h order ----
static_assert(PR_ACKNOWLEDGEMENT_MODE == 0x00010003);
static_assert(PR_AUTO_FORWARD_COMMENT_W == 0x0004001F);
static_assert(PR_IMPORTANCE == 0x00170003);
static_assert(PR_MESSAGE_CLASS_A == 0x001A001E);
static_assert(PR_MESSAGE_CLASS_W == 0x001A001F);
static_assert(PR_ORIGINATOR_DELIVERY_REPORT_REQUESTED == 0x0023000B);
static_assert(PR_PRIORITY == 0x00260003);
static_assert(PR_READ_RECEIPT_REQUESTED == 0x0029000B);
static_assert(PR_SENSITIVITY == 0x00360003);
static_assert(PR_SUBJECT_A == 0x0037001E);
static_assert(PR_SUBJECT_W == 0x0037001F);
static_assert(PR_CLIENT_SUBMIT_TIME == 0x00390040);
static_assert(PR_SUBJECT_PREFIX_A == 0x003D001E);
static_assert(PR_SUBJECT_PREFIX_W == 0x003D001F);
static_assert(PR_RECEIVED_BY_ENTRYID == 0x003F0102);
static_assert(PR_RECEIVED_BY_NAME_W == 0x0040001F);
static_assert(PR_SENT_REPRESENTING_ENTRYID == 0x00410102);
static_assert(PR_SENT_REPRESENTING_NAME_A == 0x0042001E);
static_assert(PR_PROVIDER_SUBMIT_TIME == 0x00480040);
static_assert(PR_RECEIVED_BY_SEARCH_KEY == 0x00510102);
static_assert(PR_SENT_REPRESENTING_SEARCH_KEY == 0x003B0102);
static_assert(PR_SENT_REPRESENTING_ADDRTYPE_W == 0x0064001F);
static_assert(PR_SENT_REPRESENTING_EMAIL_ADDRESS_W == 0x0065001F);
static_assert(PR_CONVERSATION_TOPIC_W == 0x0070001F);
static_assert(PR_CONVERSATION_INDEX == 0x00710102);
static_assert(PR_RECEIVED_BY_ADDRTYPE_A == 0x0075001E);
static_assert(PR_RECEIVED_BY_EMAIL_ADDRESS_W == 0x0076001F);
static_assert(PR_TRANSPORT_MESSAGE_HEADERS_A == 0x007D001E);
static_assert(PR_TRANSPORT_MESSAGE_HEADERS_W == 0x007D001F);
static_assert(PR_TNEF_CORRELATION_KEY == 0x007F0102);
static_assert(PR_RECIPIENT_TYPE == 0x0C150003);
static_assert(PR_NDR_DIAG_CODE == 0x0C050003);
static_assert(PR_DELIVERY_POINT == 0x0C070003);
static_assert(PR_SENDER_ENTRYID == 0x0C190102);
static_assert(PR_SENDER_NAME_A == 0x0C1A001E);
static_assert(PR_SENDER_NAME_W == 0x0C1A001F);
static_assert(PR_SENDER_SEARCH_KEY == 0x0C1D0102);
static_assert(PR_SENDER_ADDRTYPE_W == 0x0C1E001F);
static_assert(PR_SENDER_EMAIL_ADDRESS_A == 0x0C1F001E);
static_assert(PR_SENDER_EMAIL_ADDRESS_W == 0x0C1F001F);
static_assert(PR_DELETE_AFTER_SUBMIT == 0x0E01000B);
static_assert(PR_DISPLAY_BCC_W == 0x0E02001F);
static_assert(PR_DISPLAY_CC_W == 0x0E03001F);
static_assert(PR_DISPLAY_TO_A == 0x0E04001E);
static_assert(PR_DISPLAY_TO_W == 0x0E04001F);
static_assert(PR_MESSAGE_DELIVERY_TIME == 0x0E060040);
static_assert(PR_MESSAGE_FLAGS == 0x0E070003);
static_assert(PR_MESSAGE_SIZE == 0x0E080003);
static_assert(PR_PARENT_ENTRYID == 0x0E090102);
static_assert(PR_SENTMAIL_ENTRYID == 0x0E0A0102);
static_assert(PR_RESPONSIBILITY == 0x0E0F000B);
static_assert(PR_MESSAGE_RECIPIENTS == 0x0E12000D);
static_assert(PR_MESSAGE_ATTACHMENTS == 0x0E13000D);
static_assert(PR_SUBMIT_FLAGS == 0x0E140003);
static_assert(PR_RECIPIENT_STATUS == 0x0E150003);
static_assert(PR_MSG_STATUS == 0x0E170003);
static_assert(PR_HASATTACH == 0x0E1B000B);
static_assert(PR_NORMALIZED_SUBJECT_A == 0x0E1D001E);
static_assert(PR_NORMALIZED_SUBJECT_W == 0x0E1D001F);
static_assert(PR_RTF_IN_SYNC == 0x0E1F000B);
static_assert(PR_ATTACH_SIZE == 0x0E200003);
static_assert(PR_ATTACH_NUM == 0x0E210003);
static_assert(PR_PREPROCESS == 0x0E22000B);
static_assert(PR_ENTRYID == 0x0FFF0102);
static_assert(PR_OBJECT_TYPE == 0x0FFE0003);
static_assert(PR_ICON == 0x0FFD0102);
static_assert(PR_STORE_ENTRYID == 0x0FFB0102);
static_assert(PR_STORE_RECORD_KEY == 0x0FFA0102);
static_assert(PR_RECORD_KEY == 0x0FF90102);
static_assert(PR_MAPPING_SIGNATURE == 0x0FF80102);
static_assert(PR_ACCESS_LEVEL == 0x0FF70003);
static_assert(PR_INSTANCE_KEY == 0x0FF60102);
static_assert(PR_ROW_TYPE == 0x0FF50003);
static_assert(PR_ACCESS == 0x0FF40003);
static_assert(PR_BODY_A == 0x1000001E);
static_assert(PR_BODY_W == 0x1000001F);
static_assert(PR_RTF_SYNC_BODY_CRC == 0x10060003);
static_assert(PR_RTF_COMPRESSED == 0x10090102);
static_assert(PR_RTF_SYNC_PREFIX_COUNT == 0x10100003);
static_assert(PR_HTML == 0x10130102);
static_assert(PR_NATIVE_BODY_INFO == 0x10160003);
static_assert(PR_INTERNET_MESSAGE_ID_A == 0x1035001E);
static_assert(PR_INTERNET_MESSAGE_ID_W == 0x1035001F);
static_assert(PR_IN_REPLY_TO_ID_W == 0x1042001F);
static_assert(PR_ROWID == 0x30000003);
static_assert(PR_DISPLAY_NAME_A == 0x3001001E);
static_assert(PR_DISPLAY_NAME_W == 0x3001001F);
static_assert(PR_ADDRTYPE_A == 0x3002001E);
static_assert(PR_ADDRTYPE_W == 0x3002001F);
static_assert(PR_EMAIL_ADDRESS_A == 0x3003001E);
static_assert(PR_EMAIL_ADDRESS_W == 0x3003001F);
static_assert(PR_COMMENT_W == 0x3004001F);
static_assert(PR_DEPTH == 0x30050003);
static_assert(PR_PROVIDER_DISPLAY_A == 0x3006001E);
static_assert(PR_PROVIDER_DISPLAY_W == 0x3006001F);
static_assert(PR_CREATION_TIME == 0x30070040);
static_assert(PR_LAST_MODIFICATION_TIME == 0x30080040);
static_assert(PR_RESOURCE_FLAGS == 0x30090003);
static_assert(PR_PROVIDER_DLL_NAME_A == 0x300A001E);
static_assert(PR_PROVIDER_DLL_NAME_W == 0x300A001F);
static_assert(PR_SEARCH_KEY == 0x300B0102);
static_assert(PR_PROVIDER_UID == 0x300C0102);
static_assert(PR_PROVIDER_ORDINAL == 0x300D0003);
static_assert(PR_FORM_CLSID == 0x33020048);
static_assert(PR_FORM_HOST_MAP == 0x33061003);
static_assert(PR_DEFAULT_STORE == 0x3400000B);
static_assert(PR_STORE_SUPPORT_MASK == 0x340D0003);
static_assert(PR_STORE_STATE == 0x340E0003);
static_assert(PR_IPM_SUBTREE_SEARCH_KEY == 0x34100102);
static_assert(PR_MDB_PROVIDER == 0x34140102);
static_assert(PR_RECEIVE_FOLDER_SETTINGS == 0x3415000D);
static_assert(PR_VALID_FOLDER_MASK == 0x35DF0003);
static_assert(PR_IPM_SUBTREE_ENTRYID == 0x35E00102);
static_assert(PR_IPM_OUTBOX_ENTRYID == 0x35E20102);
static_assert(PR_IPM_WASTEBASKET_ENTRYID == 0x35E30102);
static_assert(PR_IPM_SENTMAIL_ENTRYID == 0x35E40102);
static_assert(PR_VIEWS_ENTRYID == 0x35E50102);
static_assert(PR_COMMON_VIEWS_ENTRYID == 0x35E60102);
static_assert(PR_FINDER_ENTRYID == 0x35E70102);
static_assert(PR_CONTAINER_FLAGS == 0x36000003);
static_assert(PR_FOLDER_TYPE == 0x36010003);
static_assert(PR_CONTENT_COUNT == 0x36020003);
static_assert(PR_CONTENT_UNREAD == 0x36030003);
static_assert(PR_CREATE_TEMPLATES == 0x3604000D);
static_assert(PR_DETAILS_TABLE == 0x3605000D);
static_assert(PR_SEARCH == 0x3607000D);
static_assert(PR_SELECTABLE == 0x3609000B);
static_assert(PR_SUBFOLDERS == 0x360A000B);
static_assert(PR_STATUS == 0x360B0003);
static_assert(PR_ANR_W == 0x360C001F);
static_assert(PR_CONTENTS_SORT_ORDER == 0x360D1003);
static_assert(PR_CONTAINER_HIERARCHY == 0x360E000D);
static_assert(PR_CONTAINER_CONTENTS == 0x360F000D);
static_assert(PR_FOLDER_ASSOCIATED_CONTENTS == 0x3610000D);
static_assert(PR_DEF_CREATE_DL == 0x36110102);
static_assert(PR_DEF_CREATE_MAILUSER == 0x36120102);
static_assert(PR_CONTAINER_CLASS_A == 0x3613001E);
static_assert(PR_CONTAINER_CLASS_W == 0x3613001F);
static_assert(PR_CONTAINER_MODIFY_VERSION == 0x36140014);
static_assert(PR_AB_PROVIDER_ID == 0x36150102);
static_assert(PR_DEFAULT_VIEW_ENTRYID == 0x36160102);
static_assert(PR_ASSOC_CONTENT_COUNT == 0x36170003);
static_assert(PR_ATTACH_DATA_OBJ == 0x3701000D);
static_assert(PR_ATTACH_DATA_BIN == 0x37010102);
static_assert(PR_ATTACH_ENCODING == 0x37020102);
static_assert(PR_ATTACH_EXTENSION_W == 0x3703001F);
static_assert(PR_ATTACH_FILENAME_A == 0x3704001E);
static_assert(PR_ATTACH_FILENAME_W == 0x3704001F);
static_assert(PR_ATTACH_METHOD == 0x37050003);
static_assert(PR_ATTACH_LONG_FILENAME_A == 0x3707001E);
static_assert(PR_ATTACH_LONG_FILENAME_W == 0x3707001F);
static_assert(PR_ATTACH_PATHNAME_W == 0x3708001F);
static_assert(PR_ATTACH_RENDERING == 0x37090102);
static_assert(PR_ATTACH_TAG == 0x370A0102);
static_assert(PR_RENDERING_POSITION == 0x370B0003);
static_assert(PR_ATTACH_MIME_TAG_W == 0x370E001F);
static_assert(PR_DISPLAY_TYPE == 0x39000003);
static_assert(PR_TEMPLATEID == 0x39020102);
static_assert(PR_PRIMARY_CAPABILITY == 0x39040102);
static_assert(PR_SMTP_ADDRESS_A == 0x39FE001E);
static_assert(PR_SMTP_ADDRESS_W == 0x39FE001F);
static_assert(PR_7BIT_DISPLAY_NAME == 0x39FF001E);
static_assert(PR_ACCOUNT_A == 0x3A00001E);
static_assert(PR_ACCOUNT_W == 0x3A00001F);
static_assert(PR_GIVEN_NAME_W == 0x3A06001F);
static_assert(PR_BUSINESS_TELEPHONE_NUMBER_W == 0x3A08001F);
static_assert(PR_SURNAME_A == 0x3A11001E);
static_assert(PR_SURNAME_W == 0x3A11001F);
static_assert(PR_ORIGINAL_ENTRYID == 0x3A120102);
static_assert(PR_ORIGINAL_DISPLAY_NAME_W == 0x3A13001F);
static_assert(PR_ORIGINAL_SEARCH_KEY == 0x3A140102);
static_assert(PR_COMPANY_NAME_W == 0x3A16001F);
static_assert(PR_TITLE_W == 0x3A17001F);
static_assert(PR_MOBILE_TELEPHONE_NUMBER_W == 0x3A1C001F);
static_assert(PR_TRANSMITABLE_DISPLAY_NAME_A == 0x3A20001E);
static_assert(PR_TRANSMITABLE_DISPLAY_NAME_W == 0x3A20001F);
static_assert(PR_USER_CERTIFICATE == 0x3A220102);
static_assert(PR_SEND_RICH_INFO == 0x3A40000B);
static_assert(PR_GENDER == 0x3A4D0002);
static_assert(PR_CONTACT_ENTRYIDS == 0x3A531102);
static_assert(PR_CONTACT_EMAIL_ADDRESSES_A == 0x3A56101E);
static_assert(PR_CONTACT_EMAIL_ADDRESSES_W == 0x3A56101F);
static_assert(PR_STORE_PROVIDERS == 0x3D000102);
static_assert(PR_AB_PROVIDERS == 0x3D010102);
static_assert(PR_TRANSPORT_PROVIDERS == 0x3D020102);
static_assert(PR_DEFAULT_PROFILE == 0x3D04000B);
static_assert(PR_AB_SEARCH_PATH == 0x3D051102);
static_assert(PR_AB_DEFAULT_DIR == 0x3D060102);
static_assert(PR_AB_DEFAULT_PAB == 0x3D070102);
static_assert(PR_FILTERING_HOOKS == 0x3D080102);
static_assert(PR_SERVICE_NAME_A == 0x3D09001E);
static_assert(PR_SERVICE_NAME_W == 0x3D09001F);
static_assert(PR_SERVICE_DLL_NAME_A == 0x3D0A001E);
static_assert(PR_SERVICE_DLL_NAME_W == 0x3D0A001F);
static_assert(PR_SERVICE_ENTRY_NAME == 0x3D0B001E);
static_assert(PR_SERVICE_UID == 0x3D0C0102);
static_assert(PR_SERVICE_EXTRA_UIDS == 0x3D0D0102);
static_assert(PR_SERVICES == 0x3D0E0102);
static_assert(PR_SERVICE_SUPPORT_FILES_A == 0x3D0F101E);
static_assert(PR_SERVICE_SUPPORT_FILES_W == 0x3D0F101F);
static_assert(PR_SERVICE_DELETE_FILES_A == 0x3D10101E);
static_assert(PR_SERVICE_DELETE_FILES_W == 0x3D10101F);
static_assert(PR_AB_SEARCH_PATH_UPDATE == 0x3D110102);
static_assert(PR_PROFILE_NAME_A == 0x3D12001E);
static_assert(PR_PROFILE_NAME_W == 0x3D12001F);
static_assert(PR_IDENTITY_DISPLAY_A == 0x3E00001E);
static_assert(PR_IDENTITY_DISPLAY_W == 0x3E00001F);
static_assert(PR_IDENTITY_ENTRYID == 0x3E010102);
static_assert(PR_RESOURCE_METHODS == 0x3E020003);
static_assert(PR_RESOURCE_TYPE == 0x3E030003);
static_assert(PR_STATUS_CODE == 0x3E040003);
static_assert(PR_IDENTITY_SEARCH_KEY == 0x3E050102);
static_assert(PR_OWN_STORE_ENTRYID == 0x3E060102);
static_assert(PR_RESOURCE_PATH_A == 0x3E07001E);
static_assert(PR_RESOURCE_PATH_W == 0x3E07001F);
static_assert(PR_STATUS_STRING_A == 0x3E08001E);
static_assert(PR_STATUS_STRING_W == 0x3E08001F);
static_assert(PR_X400_DEFERRED_DELIVERY_CANCEL == 0x3E09000B);
static_assert(PR_HEADER_FOLDER_ENTRYID == 0x3E0A0102);
static_assert(PR_REMOTE_PROGRESS == 0x3E0B0003);
static_assert(PR_REMOTE_PROGRESS_TEXT_A == 0x3E0C001E);
static_assert(PR_REMOTE_PROGRESS_TEXT_W == 0x3E0C001F);
static_assert(PR_REMOTE_VALIDATE_OK == 0x3E0D000B);
static_assert(PR_CONTROL_FLAGS == 0x3F000003);
static_assert(PR_CONTROL_STRUCTURE == 0x3F010102);
static_assert(PR_CONTROL_TYPE == 0x3F020003);
static_assert(PR_XPOS == 0x3F050003);
static_assert(PR_INITIAL_DETAILS_PANE == 0x3F080003);

// Alternative names are the same tags.
static_assert(PR_OFFICE_TELEPHONE_NUMBER_W == PR_BUSINESS_TELEPHONE_NUMBER_W);
static_assert(PR_CELLULAR_TELEPHONE_NUMBER_A == 0x3A1C001E);
static_assert(PR_BUSINESS_ADDRESS_CITY_W == 0x3A27001F);
static_assert(PR_BEEPER_TELEPHONE_NUMBER_W == 0x3A21001F);
static_assert(PR_IN_REPLY_TO_W == 0x1042001F);
static_assert(PR_NULL == 0x00000001);

// ---- Values of the properties ----
static_assert(MAPI_ORIG == 0);
static_assert(MAPI_TO == 1);
static_assert(MAPI_CC == 2);
static_assert(MAPI_BCC == 3);
static_assert(MAPI_P1 == 0x10000000);
static_assert(MAPI_SUBMITTED == 0x80000000);
static_assert(MSGFLAG_READ == 0x00000001);
static_assert(MSGFLAG_UNMODIFIED == 0x00000002);
static_assert(MSGFLAG_SUBMIT == 0x00000004);
static_assert(MSGFLAG_UNSENT == 0x00000008);
static_assert(MSGFLAG_HASATTACH == 0x00000010);
static_assert(MSGFLAG_FROMME == 0x00000020);
static_assert(MSGFLAG_ASSOCIATED == 0x00000040);
static_assert(MSGFLAG_RESEND == 0x00000080);
static_assert(MSGFLAG_RN_PENDING == 0x00000100);
static_assert(MSGFLAG_NRN_PENDING == 0x00000200);
static_assert(SUBMITFLAG_LOCKED == 0x00000001);
static_assert(SUBMITFLAG_PREPROCESS == 0x00000002);
static_assert(SECURITY_SIGNED == 0x00000001);
static_assert(SECURITY_ENCRYPTED == 0x00000002);
static_assert(PRIO_URGENT == 1);
static_assert(PRIO_NORMAL == 0);
static_assert(PRIO_NONURGENT == -1);
static_assert(IMPORTANCE_LOW == 0);
static_assert(IMPORTANCE_NORMAL == 1);
static_assert(IMPORTANCE_HIGH == 2);
static_assert(SENSITIVITY_NONE == 0x00000000);
static_assert(SENSITIVITY_PERSONAL == 0x00000001);
static_assert(SENSITIVITY_PRIVATE == 0x00000002);
static_assert(SENSITIVITY_COMPANY_CONFIDENTIAL == 0x00000003);
static_assert(NO_ATTACHMENT == 0x00000000);
static_assert(ATTACH_BY_VALUE == 0x00000001);
static_assert(ATTACH_BY_REFERENCE == 0x00000002);
static_assert(ATTACH_BY_REF_RESOLVE == 0x00000003);
static_assert(ATTACH_BY_REF_ONLY == 0x00000004);
static_assert(ATTACH_EMBEDDED_MSG == 0x00000005);
static_assert(ATTACH_OLE == 0x00000006);
static_assert(DT_MAILUSER == 0x00000000);
static_assert(DT_DISTLIST == 0x00000001);
static_assert(DT_FORUM == 0x00000002);
static_assert(DT_AGENT == 0x00000003);
static_assert(DT_ORGANIZATION == 0x00000004);
static_assert(DT_PRIVATE_DISTLIST == 0x00000005);
static_assert(DT_REMOTE_MAILUSER == 0x00000006);
static_assert(DT_MODIFIABLE == 0x00010000);
static_assert(DT_GLOBAL == 0x00020000);
static_assert(DT_LOCAL == 0x00030000);
static_assert(DT_WAN == 0x00040000);
static_assert(DT_NOT_SPECIFIC == 0x00050000);
static_assert(DT_FOLDER == 0x01000000);
static_assert(DT_FOLDER_LINK == 0x02000000);
static_assert(DT_FOLDER_SPECIAL == 0x04000000);
static_assert(DT_MULTILINE == 0x00000001);
static_assert(DT_EDITABLE == 0x00000002);
static_assert(DT_REQUIRED == 0x00000004);
static_assert(DT_SET_IMMEDIATE == 0x00000008);
static_assert(DT_PASSWORD_EDIT == 0x00000010);
static_assert(DT_ACCEPT_DBCS == 0x00000020);
static_assert(DT_SET_SELECTION == 0x00000040);
static_assert(AB_RECIPIENTS == 0x00000001);
static_assert(AB_SUBCONTAINERS == 0x00000002);
static_assert(AB_MODIFIABLE == 0x00000004);
static_assert(AB_UNMODIFIABLE == 0x00000008);
static_assert(AB_FIND_ON_OPEN == 0x00000010);
static_assert(AB_NOT_DEFAULT == 0x00000020);
static_assert(FOLDER_ROOT == 0x00000000);
static_assert(FOLDER_GENERIC == 0x00000001);
static_assert(FOLDER_SEARCH == 0x00000002);
static_assert(FLDSTATUS_HIGHLIGHTED == 0x00000001);
static_assert(FLDSTATUS_TAGGED == 0x00000002);
static_assert(FLDSTATUS_HIDDEN == 0x00000004);
static_assert(FLDSTATUS_DELMARKED == 0x00000008);
static_assert(STORE_ENTRYID_UNIQUE == 0x00000001);
static_assert(STORE_READONLY == 0x00000002);
static_assert(STORE_SEARCH_OK == 0x00000004);
static_assert(STORE_MODIFY_OK == 0x00000008);
static_assert(STORE_CREATE_OK == 0x00000010);
static_assert(STORE_ATTACH_OK == 0x00000020);
static_assert(STORE_OLE_OK == 0x00000040);
static_assert(STORE_SUBMIT_OK == 0x00000080);
static_assert(STORE_NOTIFY_OK == 0x00000100);
static_assert(STORE_MV_PROPS_OK == 0x00000200);
static_assert(STORE_CATEGORIZE_OK == 0x00000400);
static_assert(STORE_RTF_OK == 0x00000800);
static_assert(STORE_RESTRICTION_OK == 0x00001000);
static_assert(STORE_SORT_OK == 0x00002000);
static_assert(STORE_PUBLIC_FOLDERS == 0x00004000);
static_assert(STORE_UNCOMPRESSED_RTF == 0x00008000);
static_assert(STORE_HAS_SEARCHES == 0x01000000);
static_assert(FOLDER_IPM_SUBTREE_VALID == 0x00000001);
static_assert(FOLDER_IPM_INBOX_VALID == 0x00000002);
static_assert(FOLDER_IPM_OUTBOX_VALID == 0x00000004);
static_assert(FOLDER_IPM_WASTEBASKET_VALID == 0x00000008);
static_assert(FOLDER_IPM_SENTMAIL_VALID == 0x00000010);
static_assert(FOLDER_VIEWS_VALID == 0x00000020);
static_assert(FOLDER_COMMON_VIEWS_VALID == 0x00000040);
static_assert(FOLDER_FINDER_VALID == 0x00000080);
static_assert(MAPI_MH_DP_PUBLIC_UA == 0);
static_assert(MAPI_MH_DP_PRIVATE_UA == 1);
static_assert(MAPI_MH_DP_MS == 2);
static_assert(MAPI_MH_DP_ML == 3);
static_assert(MAPI_MH_DP_PDAU == 4);
static_assert(MAPI_MH_DP_PDS_PATRON == 5);
static_assert(MAPI_MH_DP_OTHER_AU == 6);
static_assert(MAPI_STORE_PROVIDER == 33);
static_assert(MAPI_AB == 34);
static_assert(MAPI_AB_PROVIDER == 35);
static_assert(MAPI_TRANSPORT_PROVIDER == 36);
static_assert(MAPI_SPOOLER == 37);
static_assert(MAPI_PROFILE_PROVIDER == 38);
static_assert(MAPI_SUBSYSTEM == 39);
static_assert(MAPI_HOOK_PROVIDER == 40);
static_assert(STATUS_VALIDATE_STATE == 0x00000001);
static_assert(STATUS_SETTINGS_DIALOG == 0x00000002);
static_assert(STATUS_CHANGE_PASSWORD == 0x00000004);
static_assert(STATUS_FLUSH_QUEUES == 0x00000008);
static_assert(STATUS_AVAILABLE == 0x00000001);
static_assert(STATUS_OFFLINE == 0x00000002);
static_assert(STATUS_FAILURE == 0x00000004);
static_assert(STATUS_INBOUND_ENABLED == 0x00010000);
static_assert(STATUS_INBOUND_ACTIVE == 0x00020000);
static_assert(STATUS_INBOUND_FLUSH == 0x00040000);
static_assert(STATUS_OUTBOUND_ENABLED == 0x00100000);
static_assert(STATUS_OUTBOUND_ACTIVE == 0x00200000);
static_assert(STATUS_OUTBOUND_FLUSH == 0x00400000);
static_assert(STATUS_REMOTE_ACCESS == 0x00800000);
static_assert(STATUS_DEFAULT_OUTBOUND == 0x00000001);
static_assert(STATUS_DEFAULT_STORE == 0x00000002);
static_assert(STATUS_PRIMARY_IDENTITY == 0x00000004);
static_assert(STATUS_SIMPLE_STORE == 0x00000008);
static_assert(STATUS_XP_PREFER_LAST == 0x00000010);
static_assert(STATUS_NO_PRIMARY_IDENTITY == 0x00000020);
static_assert(STATUS_NO_DEFAULT_STORE == 0x00000040);
static_assert(STATUS_TEMP_SECTION == 0x00000080);
static_assert(STATUS_OWN_STORE == 0x00000100);
static_assert(STATUS_NEED_IPM_TREE == 0x00000800);
static_assert(STATUS_PRIMARY_STORE == 0x00001000);
static_assert(STATUS_SECONDARY_STORE == 0x00002000);

TEST(MapiTags, PlainStringTagsFollowUnicode) {
#if defined(UNICODE) || defined(_UNICODE)
  EXPECT_EQ(PR_DISPLAY_NAME, PR_DISPLAY_NAME_W);
  EXPECT_EQ(PR_SERVICE_SUPPORT_FILES, PR_SERVICE_SUPPORT_FILES_W);
  EXPECT_EQ(PR_OFFICE_TELEPHONE_NUMBER, PR_BUSINESS_TELEPHONE_NUMBER_W);
#else
  EXPECT_EQ(PR_DISPLAY_NAME, PR_DISPLAY_NAME_A);
  EXPECT_EQ(PR_SERVICE_SUPPORT_FILES, PR_SERVICE_SUPPORT_FILES_A);
  EXPECT_EQ(PR_OFFICE_TELEPHONE_NUMBER, PR_BUSINESS_TELEPHONE_NUMBER_A);
#endif
  EXPECT_EQ(PROP_TYPE(PR_DISPLAY_NAME), PT_TSTRING);
  EXPECT_EQ(PROP_TYPE(PR_SERVICE_SUPPORT_FILES), PT_MV_TSTRING);
}

// mapidefs.h picks PT_TSTRING from UNICODE; the PR_ names are written in terms
// of it, so a UNICODE build gets the _W tags. Redefining PT_TSTRING the way a
// UNICODE build defines it shows that, without a second translation unit.
#pragma push_macro("PT_TSTRING")
#pragma push_macro("PT_MV_TSTRING")
#undef PT_TSTRING
#undef PT_MV_TSTRING
#define PT_TSTRING PT_UNICODE
#define PT_MV_TSTRING (MV_FLAG | PT_UNICODE)
constexpr ULONG kUnicodeDisplayName = PR_DISPLAY_NAME;
constexpr ULONG kUnicodeSubject = PR_SUBJECT;
constexpr ULONG kUnicodeServiceDeleteFiles = PR_SERVICE_DELETE_FILES;
constexpr ULONG kUnicodeCountry = PR_BUSINESS_ADDRESS_COUNTRY;
#pragma pop_macro("PT_MV_TSTRING")
#pragma pop_macro("PT_TSTRING")

TEST(MapiTags, PlainStringTagsAreUnicodeWhenPtTstringIs) {
  EXPECT_EQ(kUnicodeDisplayName, 0x3001001Fu);
  EXPECT_EQ(kUnicodeSubject, 0x0037001Fu);
  EXPECT_EQ(kUnicodeServiceDeleteFiles, 0x3D10101Fu);
  EXPECT_EQ(kUnicodeCountry, 0x3A26001Fu);
  // And the macros are back to what this translation unit was built with.
  EXPECT_EQ(PROP_TYPE(PR_DISPLAY_NAME), PT_TSTRING);
}

TEST(MapiTags, TagsFillStaticColumnSetsAndCaseLabels) {
  // What provider code does with tags: a static column set, a switch.
  static const SizedSPropTagArray(4, kStatusColumns) = {
      4, {PR_DISPLAY_NAME, PR_STATUS_CODE, PR_RESOURCE_METHODS, PR_PROVIDER_DLL_NAME_A}};
  ASSERT_EQ(kStatusColumns.cValues, 4u);
  auto kind = [](ULONG tag) {
    switch (tag) {
      case PR_DISPLAY_NAME_A:
      case PR_DISPLAY_NAME_W:
        return 1;
      case PR_STATUS_CODE:
      case PR_RESOURCE_METHODS:
        return 2;
      case PR_ATTACH_DATA_OBJ:
      case PR_ATTACH_DATA_BIN:
        return 3;
      default:
        return 0;
    }
  };
  EXPECT_EQ(kind(kStatusColumns.aulPropTag[0]), 1);
  EXPECT_EQ(kind(kStatusColumns.aulPropTag[1]), 2);
  EXPECT_EQ(kind(kStatusColumns.aulPropTag[2]), 2);
  EXPECT_EQ(kind(kStatusColumns.aulPropTag[3]), 0);
  EXPECT_EQ(kind(PR_ATTACH_DATA_OBJ), 3);
}

TEST(MapiTags, FIsTransmittableFollowsTheIdRanges) {
  EXPECT_TRUE(FIsTransmittable(PR_SUBJECT_W));       // 0x0037: envelope
  EXPECT_TRUE(FIsTransmittable(PR_SENDER_NAME_W));   // 0x0C1A: recipient
  EXPECT_FALSE(FIsTransmittable(PR_MESSAGE_FLAGS));  // 0x0E07
  EXPECT_FALSE(FIsTransmittable(PR_ENTRYID));        // 0x0FFF
  EXPECT_TRUE(FIsTransmittable(PR_BODY_W));          // 0x1000: content
  EXPECT_TRUE(FIsTransmittable(PR_DISPLAY_NAME_W));  // 0x3001
  EXPECT_TRUE(FIsTransmittable(PROP_TAG(PT_LONG, 0x5FFF)));
  EXPECT_FALSE(FIsTransmittable(PROP_TAG(PT_LONG, 0x6000)));  // user, local
  EXPECT_FALSE(FIsTransmittable(PROP_TAG(PT_LONG, 0x67F0)));  // secure range
  EXPECT_TRUE(FIsTransmittable(PROP_TAG(PT_LONG, 0x6800)));   // message class
  EXPECT_FALSE(FIsTransmittable(PROP_TAG(PT_LONG, 0x7C00)));
  EXPECT_TRUE(FIsTransmittable(PROP_TAG(PT_LONG, 0x8000)));  // named
}

TEST(MapiTags, PrioritiesAndImportancesAreSigned) {
  // PR_PRIORITY and PR_IMPORTANCE are PT_LONG values compared as LONG.
  const LONG values[] = {PRIO_NONURGENT, PRIO_NORMAL, PRIO_URGENT};
  EXPECT_LT(values[0], values[1]);
  EXPECT_LT(values[1], values[2]);
  EXPECT_LT(IMPORTANCE_LOW, IMPORTANCE_HIGH);
}

}  // namespace
