#include "facility/facility_registry.h"

#include <optional>
#include <string>

#include "core/json_fields.h"
#include "facility/facility_json.h"
#include "identity/citizen_id.h"

namespace yilian {

namespace {

// Runs `fn` (returning Result<T>) in a transaction of `db` and hands back its value.
template <typename T, typename Fn>
Result<T> InTransaction(storage::Database& db, bool write, Fn&& fn) {
  std::optional<T> out;
  auto body = [&](storage::Connection& c) -> Status {
    Result<T> r = fn(c);
    if (!r.ok()) return r.status();
    out = std::move(*r);
    return Status::Ok();
  };
  Status s = write ? db.Write(body) : db.Read(body);
  if (!s.ok()) return s;
  return std::move(*out);
}

Status CheckPaging(int64_t page, int64_t page_size) {
  if (page < 1) return Status::InvalidField("page", "must be 1 or more");
  if (page_size < 1 || page_size > 200) {
    return Status::InvalidField("page_size", "must be between 1 and 200");
  }
  return Status::Ok();
}

// Registration codes are ASCII identifiers ("140423210001", "PDY-0001" …),
// printed on forms and typed into other systems, so no spaces or symbols.
bool IsWellFormedFacilityCode(std::string_view code) {
  if (code.empty()) return false;
  for (char ch : code) {
    bool ok = (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
              ch == '-' || ch == '_' || ch == '.' || ch == '/';
    if (!ok) return false;
  }
  return true;
}

void CheckName(FieldErrors& errs, std::string& name, size_t max_len) {
  name = TrimText(name);
  if (name.empty())
    errs.Add("name", "is required");
  else if (!IsCleanUtf8Text(name))
    errs.Add("name", "contains control characters or invalid UTF-8");
  else if (Utf8Length(name) > max_len) {
    errs.Add("name", "is longer than " + std::to_string(max_len) + " characters");
  }
}

// The org unit must exist and be active, unless the record already had it
// (a unit merged since may stay on records edited for other reasons).
void CheckOrgUnit(FieldErrors& errs, const OrgTree& tree, const std::string& code,
                  const std::string* before) {
  if (code.empty()) {
    errs.Add("org_unit_code", "is required");
    return;
  }
  const OrgUnit* u = tree.Find(code);
  if (!u) {
    errs.Add("org_unit_code", "org unit " + code + " does not exist");
  } else if (u->status != "active" && !(before && *before == code)) {
    errs.Add("org_unit_code", "org unit " + code + " is " + u->status +
                                  (u->merged_into.empty() ? "" : " into " + u->merged_into));
  }
}

// Everything about `f` except the uniqueness of its code. `before` is the
// stored facility on update, nullptr on create.
Status ValidateFacility(storage::Connection& c, Facility& f, const CodeSets& codes,
                        const OrgTree& tree, const Facility* before) {
  FieldErrors errs;
  CheckName(errs, f.name, 100);
  f.code = TrimText(f.code);
  if (f.code.empty())
    errs.Add("code", "is required");
  else if (f.code.size() > 30 || !IsWellFormedFacilityCode(f.code)) {
    errs.Add("code", "must be 1-30 letters, digits or - _ . /");
  }
  if (f.type.empty()) {
    errs.Add("type", "is required");
  } else if (Status s = codes.CheckCode("facility_type", f.type, "type"); !s.ok()) {
    for (const auto& fe : s.fields()) errs.Add(fe.field, fe.reason);
  }
  CheckOrgUnit(errs, tree, f.org_unit_code, before ? &before->org_unit_code : nullptr);
  if (f.beds < 0 || f.beds > 5000) errs.Add("beds", "must be between 0 and 5000");
  f.phone = TrimText(f.phone);
  if (Status s = ValidatePhone(f.phone, "phone"); !s.ok()) {
    for (const auto& fe : s.fields()) errs.Add(fe.field, fe.reason);
  }
  if (f.status != "active" && f.status != "closed") errs.Add("status", "must be active or closed");
  if (f.alliance_id) {
    auto a = facility_store::GetAlliance(c, *f.alliance_id);
    if (!a.ok()) return a.status();
    if (!*a)
      errs.Add("alliance_id", "alliance " + std::to_string(*f.alliance_id) + " does not exist");
  }
  if (before && before->alliance_id != f.alliance_id) {
    auto led = facility_store::AlliancesLedBy(c, f.id);
    if (!led.ok()) return led.status();
    for (int64_t a : *led) {
      if (f.alliance_id == a) continue;
      errs.Add("alliance_id", "the facility leads alliance " + std::to_string(a) +
                                  "; give that alliance another lead first");
    }
  }
  return errs.ToStatus("facility");
}

Status CheckCodeIsFree(storage::Connection& c, const Facility& f) {
  auto other = facility_store::FindByCode(c, f.code);
  if (!other.ok()) return other.status();
  if (*other && (*other)->id != f.id) {
    std::string existing = std::to_string((*other)->id);
    Status s = Status::Conflict("facility code " + f.code + " is already used by facility " +
                                    existing + " (" + (*other)->name + ")",
                                {{"code", "is already used by facility " + existing}});
    s.WithDetail("existing_id", existing);
    return s;
  }
  return Status::Ok();
}

// An alliance's lead must be a facility that belongs to it or to no alliance
// yet (it is then enrolled, see EnrolLead).
Status ValidateAlliance(storage::Connection& c, MedicalAlliance& a, const OrgTree& tree,
                        const MedicalAlliance* before) {
  FieldErrors errs;
  CheckName(errs, a.name, 100);
  CheckOrgUnit(errs, tree, a.org_unit_code, before ? &before->org_unit_code : nullptr);
  if (const OrgUnit* u = tree.Find(a.org_unit_code); u && u->level != 2 && u->level != 3) {
    errs.Add("org_unit_code",
             "must be a city or county (level 2 or 3), not level " + std::to_string(u->level));
  }
  if (a.lead_facility_id && !(before && before->lead_facility_id == a.lead_facility_id)) {
    auto lead = facility_store::Get(c, *a.lead_facility_id);
    if (!lead.ok()) return lead.status();
    std::string id = std::to_string(*a.lead_facility_id);
    if (!*lead) {
      errs.Add("lead_facility_id", "facility " + id + " does not exist");
    } else if ((*lead)->alliance_id && *(*lead)->alliance_id != a.id) {
      errs.Add("lead_facility_id",
               "facility " + id + " belongs to alliance " + std::to_string(*(*lead)->alliance_id));
    }
  }
  return errs.ToStatus("alliance");
}

// Makes the lead a member of its alliance (validated by ValidateAlliance).
Status EnrolLead(storage::Connection& c, const MedicalAlliance& a) {
  if (!a.lead_facility_id) return Status::Ok();
  auto lead = facility_store::Get(c, *a.lead_facility_id);
  if (!lead.ok()) return lead.status();
  if (!*lead) return Status::Internal("lead facility vanished");
  if ((*lead)->alliance_id == a.id) return Status::Ok();
  Facility f = std::move(**lead);
  f.alliance_id = a.id;
  return facility_store::Update(c, f);
}

Status CheckIdIsFree(bool taken, const char* what, int64_t id) {
  if (!taken) return Status::Ok();
  return Status::Conflict(std::string(what) + " id " + std::to_string(id) + " is already taken",
                          {{"id", "is already taken"}});
}

}  // namespace

Result<Facility> FacilityRegistry::CreateIn(storage::Connection& c, Facility f,
                                            const CodeSets& codes, const OrgTree& tree) {
  YILIAN_RETURN_IF_ERROR(ValidateFacility(c, f, codes, tree, nullptr));
  YILIAN_RETURN_IF_ERROR(CheckCodeIsFree(c, f));
  if (f.id > 0) {
    auto taken = facility_store::Get(c, f.id);
    if (!taken.ok()) return taken.status();
    YILIAN_RETURN_IF_ERROR(CheckIdIsFree(taken->has_value(), "facility", f.id));
  }
  YILIAN_RETURN_IF_ERROR(facility_store::Insert(c, f));
  return f;
}

Result<Facility> FacilityRegistry::Create(const nlohmann::json& body) {
  Facility f;
  FieldErrors errs;
  FacilityFromJson(body, &f, &errs);
  YILIAN_RETURN_IF_ERROR(errs.ToStatus("facility"));
  f.id = 0;
  auto tree = org_units_.tree();
  return InTransaction<Facility>(
      db_, true, [&](storage::Connection& c) { return CreateIn(c, f, codes_, *tree); });
}

Result<Facility> FacilityRegistry::Update(int64_t id, const nlohmann::json& patch,
                                          int64_t expected_version) {
  auto tree = org_units_.tree();
  return InTransaction<Facility>(db_, true, [&](storage::Connection& c) -> Result<Facility> {
    auto cur = facility_store::Get(c, id);
    if (!cur.ok()) return cur.status();
    if (!*cur) return Status::NotFound("facility " + std::to_string(id) + " does not exist");
    const Facility before = **cur;
    if (before.version != expected_version) {
      return Status::PreconditionFailed(
          "facility " + std::to_string(id) + " is at version " + std::to_string(before.version) +
          ", not " + std::to_string(expected_version) + ": someone changed it; reload and retry");
    }
    Facility f = before;
    FieldErrors errs;
    FacilityFromJson(patch, &f, &errs);
    YILIAN_RETURN_IF_ERROR(errs.ToStatus("facility"));
    YILIAN_RETURN_IF_ERROR(ValidateFacility(c, f, codes_, *tree, &before));
    YILIAN_RETURN_IF_ERROR(CheckCodeIsFree(c, f));
    YILIAN_RETURN_IF_ERROR(facility_store::Update(c, f));
    return f;
  });
}

Result<Facility> FacilityRegistry::Get(int64_t id) {
  return InTransaction<Facility>(db_, false, [&](storage::Connection& c) -> Result<Facility> {
    auto f = facility_store::Get(c, id);
    if (!f.ok()) return f.status();
    if (!*f) return Status::NotFound("facility " + std::to_string(id) + " does not exist");
    return std::move(**f);
  });
}

Result<facility_store::Page> FacilityRegistry::List(const facility_store::Query& q) {
  YILIAN_RETURN_IF_ERROR(CheckPaging(q.page, q.page_size));
  return InTransaction<facility_store::Page>(
      db_, false, [&](storage::Connection& c) { return facility_store::List(c, q); });
}

Result<MedicalAlliance> FacilityRegistry::CreateAllianceIn(storage::Connection& c,
                                                           MedicalAlliance a, const OrgTree& tree) {
  YILIAN_RETURN_IF_ERROR(ValidateAlliance(c, a, tree, nullptr));
  if (a.id > 0) {
    auto taken = facility_store::GetAlliance(c, a.id);
    if (!taken.ok()) return taken.status();
    YILIAN_RETURN_IF_ERROR(CheckIdIsFree(taken->has_value(), "alliance", a.id));
  }
  YILIAN_RETURN_IF_ERROR(facility_store::InsertAlliance(c, a));
  YILIAN_RETURN_IF_ERROR(EnrolLead(c, a));
  return a;
}

Result<MedicalAlliance> FacilityRegistry::CreateAlliance(const nlohmann::json& body) {
  MedicalAlliance a;
  FieldErrors errs;
  AllianceFromJson(body, &a, &errs);
  YILIAN_RETURN_IF_ERROR(errs.ToStatus("alliance"));
  a.id = 0;
  auto tree = org_units_.tree();
  return InTransaction<MedicalAlliance>(
      db_, true, [&](storage::Connection& c) { return CreateAllianceIn(c, a, *tree); });
}

Result<MedicalAlliance> FacilityRegistry::UpdateAlliance(int64_t id, const nlohmann::json& patch,
                                                         int64_t expected_version) {
  auto tree = org_units_.tree();
  return InTransaction<MedicalAlliance>(
      db_, true, [&](storage::Connection& c) -> Result<MedicalAlliance> {
        auto cur = facility_store::GetAlliance(c, id);
        if (!cur.ok()) return cur.status();
        if (!*cur) return Status::NotFound("alliance " + std::to_string(id) + " does not exist");
        const MedicalAlliance before = **cur;
        if (before.version != expected_version) {
          return Status::PreconditionFailed("alliance " + std::to_string(id) + " is at version " +
                                            std::to_string(before.version) + ", not " +
                                            std::to_string(expected_version) +
                                            ": someone changed it; reload and retry");
        }
        MedicalAlliance a = before;
        FieldErrors errs;
        AllianceFromJson(patch, &a, &errs);
        YILIAN_RETURN_IF_ERROR(errs.ToStatus("alliance"));
        YILIAN_RETURN_IF_ERROR(ValidateAlliance(c, a, *tree, &before));
        YILIAN_RETURN_IF_ERROR(facility_store::UpdateAlliance(c, a));
        YILIAN_RETURN_IF_ERROR(EnrolLead(c, a));
        return a;
      });
}

Result<MedicalAlliance> FacilityRegistry::GetAlliance(int64_t id) {
  return InTransaction<MedicalAlliance>(
      db_, false, [&](storage::Connection& c) -> Result<MedicalAlliance> {
        auto a = facility_store::GetAlliance(c, id);
        if (!a.ok()) return a.status();
        if (!*a) return Status::NotFound("alliance " + std::to_string(id) + " does not exist");
        return std::move(**a);
      });
}

Result<facility_store::AlliancePage> FacilityRegistry::ListAlliances(
    const facility_store::AllianceQuery& q) {
  YILIAN_RETURN_IF_ERROR(CheckPaging(q.page, q.page_size));
  return InTransaction<facility_store::AlliancePage>(
      db_, false, [&](storage::Connection& c) { return facility_store::ListAlliances(c, q); });
}

}  // namespace yilian
