// The property-value helpers of mapiutil.h (PpropFindProp, PropCopyMore,
// ScCountProps, ScCopyProps, ScDupPropset, UlPropSize, FreeProws,
// FreePadrlist, HrGetOneProp, HrSetOneProp) as plain C++ functions, so they
// can be tested without the shared library; lib/exports_memory.cc wraps them
// as the exported C functions.
//
// Stateless and thread-safe (the allocators they are given must be too).
// Nothing here throws except std::bad_alloc from a BufferAllocator report.
//
// Layout of a copied value set (ScCopyProps, ScDupPropset): the SPropValue
// array first, then the data the values point to, in value order; every
// piece starts at a multiple of kPropDataAlignment from the start of the
// buffer, so entry IDs, GUIDs, doubles and pointer arrays are naturally
// aligned when the buffer is (MAPIAllocateBuffer's are 16-byte aligned).
#ifndef MAPI_EMU_BASE_PROP_UTIL_H_
#define MAPI_EMU_BASE_PROP_UTIL_H_

#include <cstddef>

#include "mapi_emu/base/allocator.h"
#include "mapidefs.h"

namespace mapi_emu {

inline constexpr size_t kPropDataAlignment = 8;

// PpropFindProp: the first value in props[0..count) with exactly `tag`; a tag
// of type PT_UNSPECIFIED matches any type with the same property ID. NULL if
// none (or props is NULL).
SPropValue* FindProp(SPropValue* props, ULONG count, ULONG tag);

// UlPropSize: the bytes of the value itself, without the SPropValue: 2 for
// PT_I2/PT_BOOLEAN, 4 for PT_LONG/PT_R4/PT_ERROR, 8 for PT_DOUBLE/PT_APPTIME/
// PT_CURRENCY/PT_SYSTIME/PT_I8, 16 for PT_CLSID, characters + terminator for
// strings (times sizeof(WCHAR) for PT_UNICODE), cb for PT_BINARY; for PT_MV_*
// the sum over the values (the pointer and SBinary arrays not counted).
// 0 for PT_NULL, PT_OBJECT, unknown types, and strings that are NULL.
ULONG PropSize(const SPropValue& value);

// PropCopyMore: deep copy of *src into *dst; what the value points to is
// copied into one block from alloc_more(.., object, ..). S_OK;
// MAPI_E_NO_SUPPORT for an unknown type; MAPI_E_INVALID_PARAMETER for a NULL
// argument or a value whose pointers are NULL where data is needed; the
// allocator's error if it fails. *dst is unchanged on failure. dst == src is
// allowed.
SCODE CopyPropMore(SPropValue* dst, const SPropValue* src, ALLOCATEMORE* alloc_more, void* object);

// ScCountProps: validates props[0..count) and sets *cb (if cb is non-NULL) to
// the bytes CopyProps writes for them. MAPI_E_INVALID_PARAMETER (with *cb
// untouched) for count < 0, props NULL with count > 0, an unknown type, a
// property ID of PROP_ID_NULL or PROP_ID_INVALID, a multi-valued property
// with no values, or a NULL pointer where data is needed (sccountprops.md).
SCODE CountProps(int count, const SPropValue* props, ULONG* cb);

// ScCopyProps: copies props[0..count) and their data into the single buffer
// dst (sized with CountProps), internal pointers pointing into dst; *cb (if
// non-NULL) receives the bytes written. MAPI_E_INVALID_PARAMETER for NULL
// dst/props, count < 0, an unknown type or NULL data pointers
// (sccopyprops.md); nothing is written then.
SCODE CopyProps(int count, const SPropValue* props, void* dst, ULONG* cb);

// ScDupPropset: CountProps + one alloc_buffer block + CopyProps. *out is the
// new array (free it with the matching free function), NULL on failure.
SCODE DupPropset(int count, const SPropValue* props, ALLOCATEBUFFER* alloc_buffer,
                 SPropValue** out);

// FreeProws / FreePadrlist: frees each row's (entry's) property array, then
// the set itself, with `allocator` (NULL does nothing). A set that is not a
// live buffer of `allocator` is reported and not read.
void FreeRows(SRowSet* rows, BufferAllocator& allocator);
void FreeAdrList(ADRLIST* list, BufferAllocator& allocator);

// HrGetOneProp: GetProps for one tag. S_OK with *out set (free it with
// `allocator`, where the object allocated it); MAPI_E_NOT_FOUND when the
// object returns an error value for the tag (the value is freed); the
// GetProps error otherwise. *out is NULL whenever the result is not S_OK.
// Warnings are never returned (hrgetoneprop.md).
HRESULT GetOneProp(IMAPIProp* object, ULONG tag, SPropValue** out, BufferAllocator& allocator);

// HrSetOneProp: SetProps for one value. The SetProps error if it fails; else
// the scode of the problem array's entry if the object reported one (the
// array is freed with `allocator`); else S_OK. Never a warning.
HRESULT SetOneProp(IMAPIProp* object, const SPropValue* value, BufferAllocator& allocator);

}  // namespace mapi_emu

#endif  // MAPI_EMU_BASE_PROP_UTIL_H_
