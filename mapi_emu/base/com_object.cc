#include "mapi_emu/base/com_object.h"

#include "spdlog/spdlog.h"

namespace mapi_emu {

ObjectOwner::ObjectOwner(std::string name)
    : state_(std::make_shared<State>(std::move(name))) {}

size_t ObjectOwner::LiveCount() const {
  absl::MutexLock lock(&state_->mu);
  return state_->live.size();
}

std::vector<LiveObject> ObjectOwner::LiveObjects() const {
  absl::MutexLock lock(&state_->mu);
  std::vector<LiveObject> out;
  out.reserve(state_->live.size());
  for (const auto& [serial, object] : state_->live) {
    out.push_back({object->kind(), serial, object->RefCount()});
  }
  return out;
}

uint64_t ObjectOwner::CreatedCount() const {
  absl::MutexLock lock(&state_->mu);
  return state_->next_serial - 1;
}

ComObjectBase::ComObjectBase(const ObjectOwner* owner, std::string kind)
    : kind_(std::move(kind)) {
  if (owner == nullptr) return;
  owner_ = owner->state_;
  absl::MutexLock lock(&owner_->mu);
  serial_ = owner_->next_serial++;
  owner_->live.emplace(serial_, this);
}

ComObjectBase::~ComObjectBase() {
  if (!owner_) return;
  absl::MutexLock lock(&owner_->mu);
  owner_->live.erase(serial_);
}

ULONG ComObjectBase::AddRefImpl() {
  return count_.fetch_add(1, std::memory_order_relaxed) + 1;
}

ULONG ComObjectBase::ReleaseImpl() {
  // Never let the count wrap below zero: a Release at zero is reported, not
  // applied (possible only for objects OnFinalRelease keeps alive).
  ULONG current = count_.load(std::memory_order_relaxed);
  do {
    if (current == 0) {
      extra_releases_.fetch_add(1);
      OnExtraRelease();
      return 0;
    }
  } while (!count_.compare_exchange_weak(current, current - 1,
                                         std::memory_order_acq_rel,
                                         std::memory_order_relaxed));
  if (current == 1) {
    OnFinalRelease();
    return 0;
  }
  return current - 1;
}

void ComObjectBase::OnExtraRelease() {
  spdlog::warn("{}: Release called with no references left (released more "
               "times than referenced)",
               kind_.empty() ? std::string("object") : kind_);
}

}  // namespace mapi_emu
