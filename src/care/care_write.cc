#include "care/care_write.h"

#include "resident/resident_store.h"

namespace yilian::care {

Result<Resident> ResidentForWrite(storage::Connection& c, int64_t id, const ResidentWriter* by,
                                  const std::string& field) {
  auto r = resident_store::Get(c, id);
  if (!r.ok()) return r.status();
  if (!*r)
    return Status::InvalidField(field, "health record " + std::to_string(id) + " does not exist");
  if ((*r)->status == "merged") {
    return Status::Conflict(
        "health record " + (*r)->record_no + " was merged into record " +
            std::to_string((*r)->merged_into.value_or(0)) + "; use that one",
        {{field, "was merged into " + std::to_string((*r)->merged_into.value_or(0))}});
  }
  if (by && by->may_write) YILIAN_RETURN_IF_ERROR(by->may_write(**r));
  return std::move(**r);
}

audit::AuditEvent CareEvent(const ResidentWriter& by, std::string action, std::string resource,
                            int64_t id, const Resident& r) {
  audit::AuditEvent e;
  e.actor = by.actor;
  e.action = std::move(action);
  e.resource = std::move(resource);
  e.resource_id = std::to_string(id);
  e.resident_id = r.id;
  e.org_unit_code = r.village_code;
  return e;
}

}  // namespace yilian::care
