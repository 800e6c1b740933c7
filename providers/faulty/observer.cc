#include "providers/faulty/observer.h"

#include <utility>

namespace faulty {

Value FlagsValue(std::string name, const ULONG* flags) {
  Value v;
  v.name = std::move(name);
  if (flags != nullptr) {
    v.type = Value::Type::kFlags;
    v.number = *flags;
  }
  return v;
}

Value NumberValue(std::string name, uint64_t number) {
  Value v;
  v.name = std::move(name);
  v.type = Value::Type::kNumber;
  v.number = number;
  return v;
}

Value ObjectValue(std::string name, const void* object, std::string kind) {
  Value v;
  v.name = std::move(name);
  v.type = Value::Type::kObject;
  v.object = object;
  v.kind = std::move(kind);
  return v;
}

}  // namespace faulty
