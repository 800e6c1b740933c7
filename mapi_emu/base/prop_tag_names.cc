#include "mapi_emu/base/prop_tag_names.h"

#include <bitset>
#include <cctype>
#include <charconv>
#include <cstddef>
#include <memory>
#include <string>
#include <system_error>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_format.h"

namespace mapi_emu {
namespace {

// Every PR_ name of mapitags.h, once. X: a property with one type; XS: a
// string property (PR_x, PR_x_A, PR_x_W); XA / XSA: alternative names for
// the property just above, of one type / of a string property. The table and
// the compile-time checks below are both expanded from this one list, and
// prop_tag_names_test.cc checks it against the #define lines of mapitags.h.
#define MAPI_EMU_PROP_TAG_LIST(X, XS, XA, XSA)                         \
  /* Message envelope (IDs 0x0001-0x0BFF, transmitted) */              \
  X(PR_ACKNOWLEDGEMENT_MODE)                                           \
  X(PR_ALTERNATE_RECIPIENT_ALLOWED)                                    \
  X(PR_AUTHORIZING_USERS)                                              \
  XS(PR_AUTO_FORWARD_COMMENT)                                          \
  X(PR_AUTO_FORWARDED)                                                 \
  X(PR_CONTENT_CONFIDENTIALITY_ALGORITHM_ID)                           \
  X(PR_CONTENT_CORRELATOR)                                             \
  XS(PR_CONTENT_IDENTIFIER)                                            \
  X(PR_CONTENT_LENGTH)                                                 \
  X(PR_CONTENT_RETURN_REQUESTED)                                       \
  X(PR_CONVERSATION_KEY)                                               \
  X(PR_CONVERSION_EITS)                                                \
  X(PR_CONVERSION_WITH_LOSS_PROHIBITED)                                \
  X(PR_CONVERTED_EITS)                                                 \
  X(PR_DEFERRED_DELIVERY_TIME)                                         \
  X(PR_DELIVER_TIME)                                                   \
  X(PR_DISCARD_REASON)                                                 \
  X(PR_DISCLOSURE_OF_RECIPIENTS)                                       \
  X(PR_DL_EXPANSION_HISTORY)                                           \
  X(PR_DL_EXPANSION_PROHIBITED)                                        \
  X(PR_EXPIRY_TIME)                                                    \
  X(PR_IMPLICIT_CONVERSION_PROHIBITED)                                 \
  X(PR_IMPORTANCE)                                                     \
  X(PR_IPM_ID)                                                         \
  X(PR_LATEST_DELIVERY_TIME)                                           \
  XS(PR_MESSAGE_CLASS)                                                 \
  X(PR_MESSAGE_DELIVERY_ID)                                            \
  X(PR_MESSAGE_SECURITY_LABEL)                                         \
  X(PR_OBSOLETED_IPMS)                                                 \
  X(PR_ORIGINALLY_INTENDED_RECIPIENT_NAME)                             \
  X(PR_ORIGINAL_EITS)                                                  \
  X(PR_ORIGINATOR_CERTIFICATE)                                         \
  X(PR_ORIGINATOR_DELIVERY_REPORT_REQUESTED)                           \
  X(PR_ORIGINATOR_RETURN_ADDRESS)                                      \
  X(PR_PARENT_KEY)                                                     \
  X(PR_PRIORITY)                                                       \
  X(PR_ORIGIN_CHECK)                                                   \
  X(PR_PROOF_OF_SUBMISSION_REQUESTED)                                  \
  X(PR_READ_RECEIPT_REQUESTED)                                         \
  X(PR_RECEIPT_TIME)                                                   \
  X(PR_RECIPIENT_REASSIGNMENT_PROHIBITED)                              \
  X(PR_REDIRECTION_HISTORY)                                            \
  X(PR_RELATED_IPMS)                                                   \
  X(PR_ORIGINAL_SENSITIVITY)                                           \
  XS(PR_LANGUAGES)                                                     \
  X(PR_REPLY_TIME)                                                     \
  X(PR_REPORT_TAG)                                                     \
  X(PR_REPORT_TIME)                                                    \
  X(PR_RETURNED_IPM)                                                   \
  X(PR_SECURITY)                                                       \
  X(PR_INCOMPLETE_COPY)                                                \
  X(PR_SENSITIVITY)                                                    \
  XS(PR_SUBJECT)                                                       \
  X(PR_SUBJECT_IPM)                                                    \
  X(PR_CLIENT_SUBMIT_TIME)                                             \
  XS(PR_REPORT_NAME)                                                   \
  X(PR_SENT_REPRESENTING_SEARCH_KEY)                                   \
  X(PR_X400_CONTENT_TYPE)                                              \
  XS(PR_SUBJECT_PREFIX)                                                \
  X(PR_NON_RECEIPT_REASON)                                             \
  X(PR_RECEIVED_BY_ENTRYID)                                            \
  XS(PR_RECEIVED_BY_NAME)                                              \
  X(PR_SENT_REPRESENTING_ENTRYID)                                      \
  XS(PR_SENT_REPRESENTING_NAME)                                        \
  X(PR_RCVD_REPRESENTING_ENTRYID)                                      \
  XS(PR_RCVD_REPRESENTING_NAME)                                        \
  X(PR_REPORT_ENTRYID)                                                 \
  X(PR_READ_RECEIPT_ENTRYID)                                           \
  X(PR_MESSAGE_SUBMISSION_ID)                                          \
  X(PR_PROVIDER_SUBMIT_TIME)                                           \
  XS(PR_ORIGINAL_SUBJECT)                                              \
  X(PR_DISC_VAL)                                                       \
  XS(PR_ORIG_MESSAGE_CLASS)                                            \
  X(PR_ORIGINAL_AUTHOR_ENTRYID)                                        \
  XS(PR_ORIGINAL_AUTHOR_NAME)                                          \
  X(PR_ORIGINAL_SUBMIT_TIME)                                           \
  X(PR_REPLY_RECIPIENT_ENTRIES)                                        \
  XS(PR_REPLY_RECIPIENT_NAMES)                                         \
  X(PR_RECEIVED_BY_SEARCH_KEY)                                         \
  X(PR_RCVD_REPRESENTING_SEARCH_KEY)                                   \
  X(PR_READ_RECEIPT_SEARCH_KEY)                                        \
  X(PR_REPORT_SEARCH_KEY)                                              \
  X(PR_ORIGINAL_DELIVERY_TIME)                                         \
  X(PR_ORIGINAL_AUTHOR_SEARCH_KEY)                                     \
  X(PR_MESSAGE_TO_ME)                                                  \
  X(PR_MESSAGE_CC_ME)                                                  \
  X(PR_MESSAGE_RECIP_ME)                                               \
  XS(PR_ORIGINAL_SENDER_NAME)                                          \
  X(PR_ORIGINAL_SENDER_ENTRYID)                                        \
  X(PR_ORIGINAL_SENDER_SEARCH_KEY)                                     \
  XS(PR_ORIGINAL_SENT_REPRESENTING_NAME)                               \
  X(PR_ORIGINAL_SENT_REPRESENTING_ENTRYID)                             \
  X(PR_ORIGINAL_SENT_REPRESENTING_SEARCH_KEY)                          \
  X(PR_START_DATE)                                                     \
  X(PR_END_DATE)                                                       \
  X(PR_OWNER_APPT_ID)                                                  \
  X(PR_RESPONSE_REQUESTED)                                             \
  XS(PR_SENT_REPRESENTING_ADDRTYPE)                                    \
  XS(PR_SENT_REPRESENTING_EMAIL_ADDRESS)                               \
  XS(PR_ORIGINAL_SENDER_ADDRTYPE)                                      \
  XS(PR_ORIGINAL_SENDER_EMAIL_ADDRESS)                                 \
  XS(PR_ORIGINAL_SENT_REPRESENTING_ADDRTYPE)                           \
  XS(PR_ORIGINAL_SENT_REPRESENTING_EMAIL_ADDRESS)                      \
  XS(PR_CONVERSATION_TOPIC)                                            \
  X(PR_CONVERSATION_INDEX)                                             \
  XS(PR_ORIGINAL_DISPLAY_BCC)                                          \
  XS(PR_ORIGINAL_DISPLAY_CC)                                           \
  XS(PR_ORIGINAL_DISPLAY_TO)                                           \
  XS(PR_RECEIVED_BY_ADDRTYPE)                                          \
  XS(PR_RECEIVED_BY_EMAIL_ADDRESS)                                     \
  XS(PR_RCVD_REPRESENTING_ADDRTYPE)                                    \
  XS(PR_RCVD_REPRESENTING_EMAIL_ADDRESS)                               \
  XS(PR_ORIGINAL_AUTHOR_ADDRTYPE)                                      \
  XS(PR_ORIGINAL_AUTHOR_EMAIL_ADDRESS)                                 \
  XS(PR_ORIGINALLY_INTENDED_RECIP_ADDRTYPE)                            \
  XS(PR_ORIGINALLY_INTENDED_RECIP_EMAIL_ADDRESS)                       \
  XS(PR_TRANSPORT_MESSAGE_HEADERS)                                     \
  X(PR_DELEGATION)                                                     \
  X(PR_TNEF_CORRELATION_KEY)                                           \
  /* Per-recipient (IDs 0x0C00-0x0DFF) */                              \
  X(PR_CONTENT_INTEGRITY_CHECK)                                        \
  X(PR_EXPLICIT_CONVERSION)                                            \
  X(PR_IPM_RETURN_REQUESTED)                                           \
  X(PR_MESSAGE_TOKEN)                                                  \
  X(PR_NDR_REASON_CODE)                                                \
  X(PR_NDR_DIAG_CODE)                                                  \
  X(PR_NON_RECEIPT_NOTIFICATION_REQUESTED)                             \
  X(PR_DELIVERY_POINT)                                                 \
  X(PR_ORIGINATOR_NON_DELIVERY_REPORT_REQUESTED)                       \
  X(PR_ORIGINATOR_REQUESTED_ALTERNATE_RECIPIENT)                       \
  X(PR_PHYSICAL_DELIVERY_BUREAU_FAX_DELIVERY)                          \
  X(PR_PHYSICAL_DELIVERY_MODE)                                         \
  X(PR_PHYSICAL_DELIVERY_REPORT_REQUEST)                               \
  X(PR_PHYSICAL_FORWARDING_ADDRESS)                                    \
  X(PR_PHYSICAL_FORWARDING_ADDRESS_REQUESTED)                          \
  X(PR_PHYSICAL_FORWARDING_PROHIBITED)                                 \
  X(PR_PHYSICAL_RENDITION_ATTRIBUTES)                                  \
  X(PR_PROOF_OF_DELIVERY)                                              \
  X(PR_PROOF_OF_DELIVERY_REQUESTED)                                    \
  X(PR_RECIPIENT_CERTIFICATE)                                          \
  XS(PR_RECIPIENT_NUMBER_FOR_ADVICE)                                   \
  X(PR_RECIPIENT_TYPE)                                                 \
  X(PR_REGISTERED_MAIL_TYPE)                                           \
  X(PR_REPLY_REQUESTED)                                                \
  X(PR_REQUESTED_DELIVERY_METHOD)                                      \
  X(PR_SENDER_ENTRYID)                                                 \
  XS(PR_SENDER_NAME)                                                   \
  XS(PR_SUPPLEMENTARY_INFO)                                            \
  X(PR_TYPE_OF_MTS_USER)                                               \
  X(PR_SENDER_SEARCH_KEY)                                              \
  XS(PR_SENDER_ADDRTYPE)                                               \
  XS(PR_SENDER_EMAIL_ADDRESS)                                          \
  /* Message, not transmitted (IDs 0x0E00-0x0FFF) */                   \
  X(PR_CURRENT_VERSION)                                                \
  X(PR_DELETE_AFTER_SUBMIT)                                            \
  XS(PR_DISPLAY_BCC)                                                   \
  XS(PR_DISPLAY_CC)                                                    \
  XS(PR_DISPLAY_TO)                                                    \
  XS(PR_PARENT_DISPLAY)                                                \
  X(PR_MESSAGE_DELIVERY_TIME)                                          \
  X(PR_MESSAGE_FLAGS)                                                  \
  X(PR_MESSAGE_SIZE)                                                   \
  X(PR_PARENT_ENTRYID)                                                 \
  X(PR_SENTMAIL_ENTRYID)                                               \
  X(PR_CORRELATE)                                                      \
  X(PR_CORRELATE_MTSID)                                                \
  X(PR_DISCRETE_VALUES)                                                \
  X(PR_RESPONSIBILITY)                                                 \
  X(PR_SPOOLER_STATUS)                                                 \
  X(PR_TRANSPORT_STATUS)                                               \
  X(PR_MESSAGE_RECIPIENTS)                                             \
  X(PR_MESSAGE_ATTACHMENTS)                                            \
  X(PR_SUBMIT_FLAGS)                                                   \
  X(PR_RECIPIENT_STATUS)                                               \
  X(PR_TRANSPORT_KEY)                                                  \
  X(PR_MSG_STATUS)                                                     \
  X(PR_MESSAGE_DOWNLOAD_TIME)                                          \
  X(PR_CREATION_VERSION)                                               \
  X(PR_MODIFY_VERSION)                                                 \
  X(PR_HASATTACH)                                                      \
  X(PR_BODY_CRC)                                                       \
  XS(PR_NORMALIZED_SUBJECT)                                            \
  X(PR_RTF_IN_SYNC)                                                    \
  X(PR_ATTACH_SIZE)                                                    \
  X(PR_ATTACH_NUM)                                                     \
  X(PR_PREPROCESS)                                                     \
  X(PR_ORIGINATING_MTA_CERTIFICATE)                                    \
  X(PR_PROOF_OF_SUBMISSION)                                            \
  /* Common to many objects, messages too (IDs 0x0FF4-0x0FFF) */       \
  X(PR_ENTRYID)                                                        \
  X(PR_OBJECT_TYPE)                                                    \
  X(PR_ICON)                                                           \
  X(PR_MINI_ICON)                                                      \
  X(PR_STORE_ENTRYID)                                                  \
  X(PR_STORE_RECORD_KEY)                                               \
  X(PR_RECORD_KEY)                                                     \
  X(PR_MAPPING_SIGNATURE)                                              \
  X(PR_ACCESS_LEVEL)                                                   \
  X(PR_INSTANCE_KEY)                                                   \
  X(PR_ROW_TYPE)                                                       \
  X(PR_ACCESS)                                                         \
  /* Message content (IDs 0x1000-0x2FFF) */                            \
  XS(PR_BODY)                                                          \
  XS(PR_REPORT_TEXT)                                                   \
  X(PR_ORIGINATOR_AND_DL_EXPANSION_HISTORY)                            \
  X(PR_REPORTING_DL_NAME)                                              \
  X(PR_REPORTING_MTA_CERTIFICATE)                                      \
  X(PR_RTF_SYNC_BODY_CRC)                                              \
  X(PR_RTF_SYNC_BODY_COUNT)                                            \
  XS(PR_RTF_SYNC_BODY_TAG)                                             \
  X(PR_RTF_COMPRESSED)                                                 \
  X(PR_RTF_SYNC_PREFIX_COUNT)                                          \
  X(PR_RTF_SYNC_TRAILING_COUNT)                                        \
  X(PR_ORIGINALLY_INTENDED_RECIP_ENTRYID)                              \
  X(PR_HTML)                                                           \
  X(PR_NATIVE_BODY_INFO)                                               \
  XS(PR_INTERNET_MESSAGE_ID)                                           \
  XS(PR_INTERNET_REFERENCES)                                           \
  XS(PR_IN_REPLY_TO_ID)                                                \
  XA(PR_IN_REPLY_TO_W)                                                 \
  X(PR_ICON_INDEX)                                                     \
  X(PR_FLAG_STATUS)                                                    \
  X(PR_BLOCK_STATUS)                                                   \
  /* Common to many objects (IDs 0x3000-0x32FF) */                     \
  X(PR_ROWID)                                                          \
  XS(PR_DISPLAY_NAME)                                                  \
  XS(PR_ADDRTYPE)                                                      \
  XS(PR_EMAIL_ADDRESS)                                                 \
  XS(PR_COMMENT)                                                       \
  X(PR_DEPTH)                                                          \
  XS(PR_PROVIDER_DISPLAY)                                              \
  X(PR_CREATION_TIME)                                                  \
  X(PR_LAST_MODIFICATION_TIME)                                         \
  X(PR_RESOURCE_FLAGS)                                                 \
  XS(PR_PROVIDER_DLL_NAME)                                             \
  X(PR_SEARCH_KEY)                                                     \
  X(PR_PROVIDER_UID)                                                   \
  X(PR_PROVIDER_ORDINAL)                                               \
  X(PR_CONVERSATION_ID)                                                \
  /* Forms (IDs 0x3300-0x33FF) */                                      \
  XS(PR_FORM_VERSION)                                                  \
  X(PR_FORM_CLSID)                                                     \
  XS(PR_FORM_CONTACT_NAME)                                             \
  XS(PR_FORM_CATEGORY)                                                 \
  XS(PR_FORM_CATEGORY_SUB)                                             \
  X(PR_FORM_HOST_MAP)                                                  \
  X(PR_FORM_HIDDEN)                                                    \
  XS(PR_FORM_DESIGNER_NAME)                                            \
  X(PR_FORM_DESIGNER_GUID)                                             \
  X(PR_FORM_MESSAGE_BEHAVIOR)                                          \
  /* Message stores (IDs 0x3400-0x35FF) */                             \
  X(PR_DEFAULT_STORE)                                                  \
  X(PR_STORE_SUPPORT_MASK)                                             \
  X(PR_STORE_STATE)                                                    \
  X(PR_IPM_SUBTREE_SEARCH_KEY)                                         \
  X(PR_IPM_OUTBOX_SEARCH_KEY)                                          \
  X(PR_IPM_WASTEBASKET_SEARCH_KEY)                                     \
  X(PR_IPM_SENTMAIL_SEARCH_KEY)                                        \
  X(PR_MDB_PROVIDER)                                                   \
  X(PR_RECEIVE_FOLDER_SETTINGS)                                        \
  X(PR_VALID_FOLDER_MASK)                                              \
  X(PR_IPM_SUBTREE_ENTRYID)                                            \
  X(PR_IPM_OUTBOX_ENTRYID)                                             \
  X(PR_IPM_WASTEBASKET_ENTRYID)                                        \
  X(PR_IPM_SENTMAIL_ENTRYID)                                           \
  X(PR_VIEWS_ENTRYID)                                                  \
  X(PR_COMMON_VIEWS_ENTRYID)                                           \
  X(PR_FINDER_ENTRYID)                                                 \
  X(PR_IPM_ARCHIVE_ENTRYID)                                            \
  /* Folders and address-book containers (IDs 0x3600-0x36FF) */        \
  X(PR_CONTAINER_FLAGS)                                                \
  X(PR_FOLDER_TYPE)                                                    \
  X(PR_CONTENT_COUNT)                                                  \
  X(PR_CONTENT_UNREAD)                                                 \
  X(PR_CREATE_TEMPLATES)                                               \
  X(PR_DETAILS_TABLE)                                                  \
  X(PR_SEARCH)                                                         \
  X(PR_SELECTABLE)                                                     \
  X(PR_SUBFOLDERS)                                                     \
  X(PR_STATUS)                                                         \
  XS(PR_ANR)                                                           \
  X(PR_CONTENTS_SORT_ORDER)                                            \
  X(PR_CONTAINER_HIERARCHY)                                            \
  X(PR_CONTAINER_CONTENTS)                                             \
  X(PR_FOLDER_ASSOCIATED_CONTENTS)                                     \
  X(PR_DEF_CREATE_DL)                                                  \
  X(PR_DEF_CREATE_MAILUSER)                                            \
  XS(PR_CONTAINER_CLASS)                                               \
  X(PR_CONTAINER_MODIFY_VERSION)                                       \
  X(PR_AB_PROVIDER_ID)                                                 \
  X(PR_DEFAULT_VIEW_ENTRYID)                                           \
  X(PR_ASSOC_CONTENT_COUNT)                                            \
  X(PR_IPM_APPOINTMENT_ENTRYID)                                        \
  X(PR_IPM_CONTACT_ENTRYID)                                            \
  X(PR_IPM_TASK_ENTRYID)                                               \
  X(PR_IPM_DRAFTS_ENTRYID)                                             \
  /* Attachments (IDs 0x3700-0x38FF) */                                \
  X(PR_ATTACHMENT_X400_PARAMETERS)                                     \
  X(PR_ATTACH_DATA_OBJ)                                                \
  X(PR_ATTACH_DATA_BIN)                                                \
  X(PR_ATTACH_ENCODING)                                                \
  XS(PR_ATTACH_EXTENSION)                                              \
  XS(PR_ATTACH_FILENAME)                                               \
  X(PR_ATTACH_METHOD)                                                  \
  XS(PR_ATTACH_LONG_FILENAME)                                          \
  XS(PR_ATTACH_PATHNAME)                                               \
  X(PR_ATTACH_RENDERING)                                               \
  X(PR_ATTACH_TAG)                                                     \
  X(PR_RENDERING_POSITION)                                             \
  XS(PR_ATTACH_TRANSPORT_NAME)                                         \
  XS(PR_ATTACH_LONG_PATHNAME)                                          \
  XS(PR_ATTACH_MIME_TAG)                                               \
  X(PR_ATTACH_ADDITIONAL_INFO)                                         \
  /* Address-book objects (IDs 0x3900-0x39FF) */                       \
  X(PR_DISPLAY_TYPE)                                                   \
  X(PR_TEMPLATEID)                                                     \
  X(PR_PRIMARY_CAPABILITY)                                             \
  XS(PR_SMTP_ADDRESS)                                                  \
  /* Mail users (IDs 0x39FF-0x3BFF) */                                 \
  X(PR_7BIT_DISPLAY_NAME)                                              \
  XS(PR_ACCOUNT)                                                       \
  X(PR_ALTERNATE_RECIPIENT)                                            \
  XS(PR_CALLBACK_TELEPHONE_NUMBER)                                     \
  X(PR_CONVERSION_PROHIBITED)                                          \
  X(PR_DISCLOSE_RECIPIENTS)                                            \
  XS(PR_GENERATION)                                                    \
  XS(PR_GIVEN_NAME)                                                    \
  XS(PR_GOVERNMENT_ID_NUMBER)                                          \
  XS(PR_BUSINESS_TELEPHONE_NUMBER)                                     \
  XSA(PR_OFFICE_TELEPHONE_NUMBER)                                      \
  XS(PR_HOME_TELEPHONE_NUMBER)                                         \
  XS(PR_INITIALS)                                                      \
  XS(PR_KEYWORD)                                                       \
  XS(PR_LANGUAGE)                                                      \
  XS(PR_LOCATION)                                                      \
  X(PR_MAIL_PERMISSION)                                                \
  XS(PR_MHS_COMMON_NAME)                                               \
  XS(PR_ORGANIZATIONAL_ID_NUMBER)                                      \
  XS(PR_SURNAME)                                                       \
  X(PR_ORIGINAL_ENTRYID)                                               \
  XS(PR_ORIGINAL_DISPLAY_NAME)                                         \
  X(PR_ORIGINAL_SEARCH_KEY)                                            \
  XS(PR_POSTAL_ADDRESS)                                                \
  XS(PR_COMPANY_NAME)                                                  \
  XS(PR_TITLE)                                                         \
  XS(PR_DEPARTMENT_NAME)                                               \
  XS(PR_OFFICE_LOCATION)                                               \
  XS(PR_PRIMARY_TELEPHONE_NUMBER)                                      \
  XS(PR_BUSINESS2_TELEPHONE_NUMBER)                                    \
  XSA(PR_OFFICE2_TELEPHONE_NUMBER)                                     \
  XS(PR_MOBILE_TELEPHONE_NUMBER)                                       \
  XSA(PR_CELLULAR_TELEPHONE_NUMBER)                                    \
  XS(PR_RADIO_TELEPHONE_NUMBER)                                        \
  XS(PR_CAR_TELEPHONE_NUMBER)                                          \
  XS(PR_OTHER_TELEPHONE_NUMBER)                                        \
  XS(PR_TRANSMITABLE_DISPLAY_NAME)                                     \
  XS(PR_PAGER_TELEPHONE_NUMBER)                                        \
  XSA(PR_BEEPER_TELEPHONE_NUMBER)                                      \
  X(PR_USER_CERTIFICATE)                                               \
  XS(PR_PRIMARY_FAX_NUMBER)                                            \
  XS(PR_BUSINESS_FAX_NUMBER)                                           \
  XS(PR_HOME_FAX_NUMBER)                                               \
  XS(PR_COUNTRY)                                                       \
  XSA(PR_BUSINESS_ADDRESS_COUNTRY)                                     \
  XS(PR_LOCALITY)                                                      \
  XSA(PR_BUSINESS_ADDRESS_CITY)                                        \
  XS(PR_STATE_OR_PROVINCE)                                             \
  XSA(PR_BUSINESS_ADDRESS_STATE_OR_PROVINCE)                           \
  XS(PR_STREET_ADDRESS)                                                \
  XSA(PR_BUSINESS_ADDRESS_STREET)                                      \
  XS(PR_POSTAL_CODE)                                                   \
  XSA(PR_BUSINESS_ADDRESS_POSTAL_CODE)                                 \
  XS(PR_POST_OFFICE_BOX)                                               \
  XSA(PR_BUSINESS_ADDRESS_POST_OFFICE_BOX)                             \
  XS(PR_TELEX_NUMBER)                                                  \
  XS(PR_ISDN_NUMBER)                                                   \
  XS(PR_ASSISTANT_TELEPHONE_NUMBER)                                    \
  XS(PR_HOME2_TELEPHONE_NUMBER)                                        \
  XS(PR_ASSISTANT)                                                     \
  X(PR_SEND_RICH_INFO)                                                 \
  X(PR_WEDDING_ANNIVERSARY)                                            \
  X(PR_BIRTHDAY)                                                       \
  XS(PR_HOBBIES)                                                       \
  XS(PR_MIDDLE_NAME)                                                   \
  XS(PR_DISPLAY_NAME_PREFIX)                                           \
  XS(PR_PROFESSION)                                                    \
  XS(PR_PREFERRED_BY_NAME)                                             \
  XS(PR_SPOUSE_NAME)                                                   \
  XS(PR_COMPUTER_NETWORK_NAME)                                         \
  XS(PR_CUSTOMER_ID)                                                   \
  XS(PR_TTYTDD_PHONE_NUMBER)                                           \
  XS(PR_FTP_SITE)                                                      \
  X(PR_GENDER)                                                         \
  XS(PR_MANAGER_NAME)                                                  \
  XS(PR_NICKNAME)                                                      \
  XS(PR_PERSONAL_HOME_PAGE)                                            \
  XS(PR_BUSINESS_HOME_PAGE)                                            \
  X(PR_CONTACT_VERSION)                                                \
  X(PR_CONTACT_ENTRYIDS)                                               \
  XS(PR_CONTACT_ADDRTYPES)                                             \
  X(PR_CONTACT_DEFAULT_ADDRESS_INDEX)                                  \
  XS(PR_CONTACT_EMAIL_ADDRESSES)                                       \
  XS(PR_COMPANY_MAIN_PHONE_NUMBER)                                     \
  XS(PR_CHILDRENS_NAMES)                                               \
  XS(PR_HOME_ADDRESS_CITY)                                             \
  XS(PR_HOME_ADDRESS_COUNTRY)                                          \
  XS(PR_HOME_ADDRESS_POSTAL_CODE)                                      \
  XS(PR_HOME_ADDRESS_STATE_OR_PROVINCE)                                \
  XS(PR_HOME_ADDRESS_STREET)                                           \
  XS(PR_HOME_ADDRESS_POST_OFFICE_BOX)                                  \
  XS(PR_OTHER_ADDRESS_CITY)                                            \
  XS(PR_OTHER_ADDRESS_COUNTRY)                                         \
  XS(PR_OTHER_ADDRESS_POSTAL_CODE)                                     \
  XS(PR_OTHER_ADDRESS_STATE_OR_PROVINCE)                               \
  XS(PR_OTHER_ADDRESS_STREET)                                          \
  XS(PR_OTHER_ADDRESS_POST_OFFICE_BOX)                                 \
  /* Profile sections and MAPISVC.INF (IDs 0x3D00-0x3DFF) */           \
  X(PR_STORE_PROVIDERS)                                                \
  X(PR_AB_PROVIDERS)                                                   \
  X(PR_TRANSPORT_PROVIDERS)                                            \
  X(PR_DEFAULT_PROFILE)                                                \
  X(PR_AB_SEARCH_PATH)                                                 \
  X(PR_AB_DEFAULT_DIR)                                                 \
  X(PR_AB_DEFAULT_PAB)                                                 \
  X(PR_FILTERING_HOOKS)                                                \
  XS(PR_SERVICE_NAME)                                                  \
  XS(PR_SERVICE_DLL_NAME)                                              \
  X(PR_SERVICE_ENTRY_NAME)                                             \
  X(PR_SERVICE_UID)                                                    \
  X(PR_SERVICE_EXTRA_UIDS)                                             \
  X(PR_SERVICES)                                                       \
  XS(PR_SERVICE_SUPPORT_FILES)                                         \
  XS(PR_SERVICE_DELETE_FILES)                                          \
  X(PR_AB_SEARCH_PATH_UPDATE)                                          \
  XS(PR_PROFILE_NAME)                                                  \
  /* Status objects: the status table's columns (IDs 0x3E00-0x3EFF) */ \
  XS(PR_IDENTITY_DISPLAY)                                              \
  X(PR_IDENTITY_ENTRYID)                                               \
  X(PR_RESOURCE_METHODS)                                               \
  X(PR_RESOURCE_TYPE)                                                  \
  X(PR_STATUS_CODE)                                                    \
  X(PR_IDENTITY_SEARCH_KEY)                                            \
  X(PR_OWN_STORE_ENTRYID)                                              \
  XS(PR_RESOURCE_PATH)                                                 \
  XS(PR_STATUS_STRING)                                                 \
  X(PR_X400_DEFERRED_DELIVERY_CANCEL)                                  \
  X(PR_HEADER_FOLDER_ENTRYID)                                          \
  X(PR_REMOTE_PROGRESS)                                                \
  XS(PR_REMOTE_PROGRESS_TEXT)                                          \
  X(PR_REMOTE_VALIDATE_OK)                                             \
  /* Display tables (IDs 0x3F00-0x3FFF) */                             \
  X(PR_CONTROL_FLAGS)                                                  \
  X(PR_CONTROL_STRUCTURE)                                              \
  X(PR_CONTROL_TYPE)                                                   \
  X(PR_DELTAX)                                                         \
  X(PR_DELTAY)                                                         \
  X(PR_XPOS)                                                           \
  X(PR_YPOS)                                                           \
  X(PR_CONTROL_ID)                                                     \
  X(PR_INITIAL_DETAILS_PANE)

// A string property's three tags must agree: same ID, the _A form 8-bit, the
// _W form the Unicode type next to it, the plain name one of the two as
// PT_TSTRING says.
#define MAPI_EMU_CHECK_STRING_PROP(n)                                     \
  static_assert(PROP_ID(n##_A) == PROP_ID(n##_W) &&                       \
                    (PROP_TYPE(n##_A) & ~(ULONG)MV_FLAG) == PT_STRING8 && \
                    PROP_TYPE(n##_W) == PROP_TYPE(n##_A) + 1 &&           \
                    n == (PT_TSTRING == PT_UNICODE ? n##_W : n##_A),      \
                "string property tags disagree: " #n);
#define MAPI_EMU_CHECK_NOTHING(n)
MAPI_EMU_PROP_TAG_LIST(MAPI_EMU_CHECK_NOTHING, MAPI_EMU_CHECK_STRING_PROP, MAPI_EMU_CHECK_NOTHING,
                       MAPI_EMU_CHECK_STRING_PROP)
#undef MAPI_EMU_CHECK_STRING_PROP
#undef MAPI_EMU_CHECK_NOTHING

using Kind = PropTagEntry::Kind;

#define MAPI_EMU_TAG(n) {#n, n, Kind::kTag},
#define MAPI_EMU_STRING_TAG(n) \
  {#n, n##_A, Kind::kTString}, {#n "_A", n##_A, Kind::kTag}, {#n "_W", n##_W, Kind::kTag},
#define MAPI_EMU_ALIAS(n) {#n, n, Kind::kAlias},
#define MAPI_EMU_STRING_ALIAS(n) \
  {#n, n##_A, Kind::kTString}, {#n "_A", n##_A, Kind::kAlias}, {#n "_W", n##_W, Kind::kAlias},
constexpr PropTagEntry kPropTags[] = {
    {"PR_NULL", PR_NULL, Kind::kTag},
    MAPI_EMU_PROP_TAG_LIST(MAPI_EMU_TAG, MAPI_EMU_STRING_TAG, MAPI_EMU_ALIAS,
                           MAPI_EMU_STRING_ALIAS)};
#undef MAPI_EMU_TAG
#undef MAPI_EMU_STRING_TAG
#undef MAPI_EMU_ALIAS
#undef MAPI_EMU_STRING_ALIAS
#undef MAPI_EMU_PROP_TAG_LIST

struct PropTypeEntry {
  std::string_view name;
  ULONG type;
  bool canonical;  // The name PropTypeName() gives `type`.
};

#define MAPI_EMU_TYPE(t) \
  PropTypeEntry { #t, t, true }
#define MAPI_EMU_TYPE_ALIAS(t) \
  PropTypeEntry { #t, t, false }
constexpr PropTypeEntry kPropTypes[] = {
    MAPI_EMU_TYPE(PT_UNSPECIFIED),
    MAPI_EMU_TYPE(PT_NULL),
    MAPI_EMU_TYPE(PT_I2),
    MAPI_EMU_TYPE(PT_LONG),
    MAPI_EMU_TYPE(PT_R4),
    MAPI_EMU_TYPE(PT_DOUBLE),
    MAPI_EMU_TYPE(PT_CURRENCY),
    MAPI_EMU_TYPE(PT_APPTIME),
    MAPI_EMU_TYPE(PT_ERROR),
    MAPI_EMU_TYPE(PT_BOOLEAN),
    MAPI_EMU_TYPE(PT_OBJECT),
    MAPI_EMU_TYPE(PT_I8),
    MAPI_EMU_TYPE(PT_STRING8),
    MAPI_EMU_TYPE(PT_UNICODE),
    MAPI_EMU_TYPE(PT_SYSTIME),
    MAPI_EMU_TYPE(PT_CLSID),
    MAPI_EMU_TYPE(PT_BINARY),
    MAPI_EMU_TYPE(PT_MV_I2),
    MAPI_EMU_TYPE(PT_MV_LONG),
    MAPI_EMU_TYPE(PT_MV_R4),
    MAPI_EMU_TYPE(PT_MV_DOUBLE),
    MAPI_EMU_TYPE(PT_MV_CURRENCY),
    MAPI_EMU_TYPE(PT_MV_APPTIME),
    MAPI_EMU_TYPE(PT_MV_SYSTIME),
    MAPI_EMU_TYPE(PT_MV_STRING8),
    MAPI_EMU_TYPE(PT_MV_BINARY),
    MAPI_EMU_TYPE(PT_MV_UNICODE),
    MAPI_EMU_TYPE(PT_MV_CLSID),
    MAPI_EMU_TYPE(PT_MV_I8),
    MAPI_EMU_TYPE_ALIAS(PT_SHORT),
    MAPI_EMU_TYPE_ALIAS(PT_I4),
    MAPI_EMU_TYPE_ALIAS(PT_FLOAT),
    MAPI_EMU_TYPE_ALIAS(PT_R8),
    MAPI_EMU_TYPE_ALIAS(PT_LONGLONG),
    MAPI_EMU_TYPE_ALIAS(PT_MV_SHORT),
    MAPI_EMU_TYPE_ALIAS(PT_MV_I4),
    MAPI_EMU_TYPE_ALIAS(PT_MV_FLOAT),
    MAPI_EMU_TYPE_ALIAS(PT_MV_R8),
    MAPI_EMU_TYPE_ALIAS(PT_MV_LONGLONG),
    // The 8-bit forms, whatever UNICODE says in this file: see the header.
    PropTypeEntry{"PT_TSTRING", PT_STRING8, false},
    PropTypeEntry{"PT_MV_TSTRING", PT_MV_STRING8, false},
};
#undef MAPI_EMU_TYPE
#undef MAPI_EMU_TYPE_ALIAS

constexpr std::string_view kMvInstanceSuffix = "|MV_INSTANCE";

std::string ToUpper(std::string_view s) {
  std::string upper(s);
  for (char& c : upper) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return upper;
}

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// 1 to `max_digits` hexadecimal digits, with or without 0x, and nothing else.
std::optional<ULONG> ParseHex(std::string_view s, size_t max_digits) {
  if (s.size() >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    s.remove_prefix(2);
  }
  if (s.empty() || s.size() > max_digits) return std::nullopt;
  ULONG value = 0;
  const char* end = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(s.data(), end, value, 16);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

struct Index {
  // Upper-case name -> entry.
  absl::flat_hash_map<std::string, const PropTagEntry*> tags_by_name;
  // Tag -> its kTag name.
  absl::flat_hash_map<ULONG, std::string_view> names_by_tag;
  std::bitset<0x10000> known_ids;
  absl::flat_hash_map<std::string, ULONG> types_by_name;
  absl::flat_hash_map<ULONG, std::string_view> names_by_type;
};

const Index& GetIndex() {
  static const Index* const index = [] {
    auto built = std::make_unique<Index>();
    for (const PropTagEntry& entry : kPropTags) {
      built->tags_by_name.emplace(ToUpper(entry.name), &entry);
      if (entry.kind == Kind::kTag) {
        built->names_by_tag.emplace(entry.tag, entry.name);
        built->known_ids.set(PROP_ID(entry.tag));
      }
    }
    built->known_ids.reset(PROP_ID_NULL);  // PR_NULL names no property.
    for (const PropTypeEntry& entry : kPropTypes) {
      built->types_by_name.emplace(ToUpper(entry.name), entry.type);
      if (entry.canonical) built->names_by_type.emplace(entry.type, entry.name);
    }
    return built.release();
  }();
  return *index;
}

ULONG UnicodeForm(ULONG string8_tag) {
  return CHANGE_PROP_TYPE(string8_tag,
                          PROP_TYPE(string8_tag) == PT_STRING8 ? PT_UNICODE : PT_MV_UNICODE);
}

// "PROP_TAG(<type>, <id>)".
std::optional<ULONG> ParsePropTagExpression(std::string_view upper) {
  constexpr std::string_view kPrefix = "PROP_TAG(";
  if (!upper.starts_with(kPrefix) || !upper.ends_with(")")) return std::nullopt;
  std::string_view args = upper.substr(kPrefix.size());
  args.remove_suffix(1);
  const size_t comma = args.find(',');
  if (comma == std::string_view::npos) return std::nullopt;
  const std::optional<ULONG> type = PropTypeFromName(TrimSpaces(args.substr(0, comma)));
  const std::optional<ULONG> id = ParseHex(TrimSpaces(args.substr(comma + 1)), 4);
  if (!type.has_value() || !id.has_value()) return std::nullopt;
  return PROP_TAG(*type, *id);
}

}  // namespace

std::span<const PropTagEntry> PropTagTable() { return kPropTags; }

std::string PropTagName(ULONG tag) {
  const Index& index = GetIndex();
  if (auto it = index.names_by_tag.find(tag); it != index.names_by_tag.end()) {
    return std::string(it->second);
  }
  if (index.known_ids.test(PROP_ID(tag))) {
    return absl::StrFormat("PROP_TAG(%s, 0x%04X)", PropTypeName(PROP_TYPE(tag)), PROP_ID(tag));
  }
  return absl::StrFormat("0x%08X", tag);
}

std::optional<ULONG> PropTagFromName(std::string_view name) { return PropTagFromName(name, 0); }

std::optional<ULONG> PropTagFromName(std::string_view name, ULONG flags) {
  const std::string upper = ToUpper(name);
  const Index& index = GetIndex();
  if (auto it = index.tags_by_name.find(upper); it != index.tags_by_name.end()) {
    const PropTagEntry& entry = *it->second;
    if (entry.kind == Kind::kTString && (flags & MAPI_UNICODE) != 0) {
      return UnicodeForm(entry.tag);
    }
    return entry.tag;
  }
  if (std::optional<ULONG> tag = ParsePropTagExpression(upper)) return tag;
  return ParseHex(upper, 8);
}

std::string PropTypeName(ULONG type) {
  const Index& index = GetIndex();
  if (auto it = index.names_by_type.find(type); it != index.names_by_type.end()) {
    return std::string(it->second);
  }
  if ((type & MVI_FLAG) == MVI_FLAG) {
    auto it = index.names_by_type.find(type & ~static_cast<ULONG>(MV_INSTANCE));
    if (it != index.names_by_type.end()) {
      return std::string(it->second) + std::string(kMvInstanceSuffix);
    }
  }
  return absl::StrFormat("0x%04X", type);
}

std::optional<ULONG> PropTypeFromName(std::string_view name) {
  std::string upper = ToUpper(name);
  const Index& index = GetIndex();
  ULONG instance = 0;
  if (std::string_view(upper).ends_with(kMvInstanceSuffix)) {
    upper.resize(upper.size() - kMvInstanceSuffix.size());
    instance = MV_INSTANCE;
  }
  if (auto it = index.types_by_name.find(upper); it != index.types_by_name.end()) {
    if (instance != 0 && (it->second & MV_FLAG) == 0) return std::nullopt;
    return it->second | instance;
  }
  if (instance != 0) return std::nullopt;
  return ParseHex(upper, 4);
}

}  // namespace mapi_emu
