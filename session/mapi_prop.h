// MapiPropObject: a generic IMAPIProp / IPropData object over a property map
// (what CreateIProp returns), and PropObjectCore, the IMAPIProp behaviour it
// shares with ProfSect (prof_sect.h).
//
// Properties live in a PropertyBag, which several objects may share (every
// IProfSect opened on one profile section shows the same bag), with an
// access level and a clean/dirty status per property. The object is
// nontransacted (ipropdataimapiprop.md): SetProps and DeleteProps change the
// bag at once, and an optional on_change hook sees every change (ProfSect
// writes the profile file there); SaveChanges validates its flags and calls
// an optional on_save hook. OpenProperty, CopyTo, CopyProps, GetNamesFromIDs
// and GetIDsFromNames return MAPI_E_NO_SUPPORT (logged once per process).
//
// Thread-safety: every method may be called on any thread; a bag's mutex
// serialises changes, and is held while on_change runs so that a change and
// its write-back are one step.
#ifndef MAPI_EMU_SESSION_MAPI_PROP_H_
#define MAPI_EMU_SESSION_MAPI_PROP_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "mapi_emu/base/com_object.h"
#include "mapi_emu/base/prop_array.h"
#include "mapiutil.h"

namespace mapi_emu {

// The routines an object allocates its callers' memory with.
struct MapiAllocators {
  ALLOCATEBUFFER* allocate_buffer = nullptr;
  ALLOCATEMORE* allocate_more = nullptr;
  FREEBUFFER* free_buffer = nullptr;
};
// The process allocator's routines (what MAPIAllocateBuffer & co. use).
MapiAllocators ProcessAllocators();

// Property values with per-property access (IPROP_READONLY/IPROP_READWRITE)
// and status (IPROP_CLEAN/IPROP_DIRTY). Thread-safe.
class PropertyBag {
 public:
  // `initial` values start with `access` | IPROP_CLEAN.
  explicit PropertyBag(PropArray initial = PropArray(), ULONG access = IPROP_READWRITE);

  PropArray Snapshot() const;
  // Sets the access level of the property with `tag`'s ID (status kept);
  // false if there is none.
  bool SetAccess(ULONG tag, ULONG access);

 private:
  friend class PropObjectCore;
  struct State {
    PropArray values;              // in order of first setting
    std::map<ULONG, ULONG> flags;  // property ID -> access | status
    std::vector<ULONG> deleted;    // tags deleted and not set again
  };
  mutable absl::Mutex mu_;
  State state_ ABSL_GUARDED_BY(mu_);
};

// How one object shows a bag.
struct PropObjectOptions {
  std::shared_ptr<PropertyBag> bag;  // null: a new empty bag
  bool read_only = false;            // object access (HrSetObjAccess)
  MapiAllocators allocators = ProcessAllocators();
  // Read-only values the object adds (PR_OBJECT_TYPE, PR_PROFILE_NAME of a
  // profile section): returned by GetProps/GetPropList, never in the bag;
  // SetProps/DeleteProps on them report MAPI_E_COMPUTED.
  PropArray computed;
  // Profile sections: IDs 0x67F0-0x67FF (secure properties) are left out of
  // GetProps(NULL) and GetPropList; IDs >= 0x8000 (named) cannot be set
  // (problem MAPI_E_NO_SUPPORT).
  bool profile_section_rules = false;
  // Called with the bag's values after each change, the bag locked. An
  // error undoes the change and SetProps/DeleteProps return it.
  std::function<absl::Status(const PropArray&)> on_change;
  // Called by SaveChanges with the bag's values; its error is returned.
  std::function<absl::Status(const PropArray&)> on_save;
  std::string kind = "PropData";  // for ObjectOwner reports and logs
};

// The IMAPIProp and IPropData methods, minus IUnknown. Each validates its
// arguments as the reference says, returns an HRESULT, never throws, and
// leaves out-parameters NULL on failure.
class PropObjectCore {
 public:
  explicit PropObjectCore(PropObjectOptions options);

  HRESULT GetLastError(HRESULT hr, ULONG flags, LPMAPIERROR* error);
  HRESULT SaveChanges(ULONG flags);
  HRESULT GetProps(LPSPropTagArray tags, ULONG flags, ULONG* count, LPSPropValue* values);
  HRESULT GetPropList(ULONG flags, LPSPropTagArray* tags);
  HRESULT OpenProperty(ULONG tag, LPCIID iid, ULONG interface_options, ULONG flags,
                       LPUNKNOWN* unknown);
  HRESULT SetProps(ULONG count, LPSPropValue values, LPSPropProblemArray* problems);
  HRESULT DeleteProps(LPSPropTagArray tags, LPSPropProblemArray* problems);
  HRESULT CopyTo(ULONG ciid_exclude, LPCIID rgiid_exclude, LPSPropTagArray exclude,
                 ULONG_PTR ui_param, LPMAPIPROGRESS progress, LPCIID iid, LPVOID destination,
                 ULONG flags, LPSPropProblemArray* problems);
  HRESULT CopyProps(LPSPropTagArray include, ULONG_PTR ui_param, LPMAPIPROGRESS progress,
                    LPCIID iid, LPVOID destination, ULONG flags, LPSPropProblemArray* problems);
  HRESULT GetNamesFromIDs(LPSPropTagArray* tags, LPGUID guid, ULONG flags, ULONG* count,
                          LPMAPINAMEID** names);
  HRESULT GetIDsFromNames(ULONG count, LPMAPINAMEID* names, ULONG flags, LPSPropTagArray* tags);

  HRESULT HrSetObjAccess(ULONG access);
  HRESULT HrSetPropAccess(LPSPropTagArray tags, ULONG* access);
  HRESULT HrGetPropAccess(LPSPropTagArray* tags, ULONG** access);
  HRESULT HrAddObjProps(LPSPropTagArray tags, LPSPropProblemArray* problems);

  const std::shared_ptr<PropertyBag>& bag() const { return bag_; }
  bool read_only() const;

 private:
  HRESULT Problems(const std::vector<SPropProblem>& list, LPSPropProblemArray* out) const;
  // Runs on_change for the bag's new state; undoes to `before` on failure.
  HRESULT Commit(PropertyBag::State* state, PropertyBag::State before)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(bag_->mu_);

  const std::shared_ptr<PropertyBag> bag_;
  const PropObjectOptions options_;
  mutable absl::Mutex mu_;
  bool read_only_ ABSL_GUARDED_BY(mu_);
};

// The object CreateIProp returns: IPropData (and IMAPIProp, IUnknown).
class MapiPropObject final : public ComObject<IPropData> {
 public:
  static ComPtr<MapiPropObject> Create(PropObjectOptions options,
                                       const ObjectOwner* owner = nullptr);

  MAPI_IMAPIPROP_METHODS(IMPL)
  MAPI_IPROPDATA_METHODS(IMPL)

  PropObjectCore& core() { return core_; }

 private:
  template <typename T, typename... Args>
  friend ComPtr<T> MakeComObject(Args&&... args);
  MapiPropObject(PropObjectOptions options, const ObjectOwner* owner);

  PropObjectCore core_;
};

// CreateIProp's C++ core (lib/exports_prop.cc exports it): an empty,
// read/write MapiPropObject that allocates with the given routines.
// MAPI_E_INVALID_PARAMETER for a NULL routine or out-parameter or a non-NULL
// reserved pointer; MAPI_E_INTERFACE_NOT_SUPPORTED unless `iid` is NULL or
// IID_IMAPIPropData. *out is set only on success.
SCODE CreatePropData(LPCIID iid, ALLOCATEBUFFER* allocate_buffer, ALLOCATEMORE* allocate_more,
                     FREEBUFFER* free_buffer, LPVOID reserved, LPPROPDATA* out);

}  // namespace mapi_emu

#endif  // MAPI_EMU_SESSION_MAPI_PROP_H_
