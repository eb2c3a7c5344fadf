#include "practitioner/practitioner_registry.h"

#include <optional>
#include <string>

#include "core/json_fields.h"
#include "facility/facility_store.h"
#include "identity/citizen_id.h"
#include "practitioner/practitioner_json.h"

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

void AddAll(FieldErrors& errs, const Status& s) {
  for (const auto& f : s.fields()) errs.Add(f.field, f.reason);
}

// Everything about `p` but its unique keys. `before` is the stored record on
// update, nullptr on create.
Status Validate(storage::Connection& c, Practitioner& p, const CodeSets& codes, Date today,
                const Practitioner* before) {
  FieldErrors errs;
  p.name = TrimText(p.name);
  if (p.name.empty())
    errs.Add("name", "is required");
  else if (!IsCleanUtf8Text(p.name))
    errs.Add("name", "contains control characters");
  else if (Utf8Length(p.name) > 50)
    errs.Add("name", "is longer than 50 characters");

  if (TrimText(p.id_number).empty()) {
    errs.Add("id_number", "is required");
  } else if (auto id = ParseCitizenId(p.id_number, today); !id.ok()) {
    if (id.status().fields().empty()) errs.Add("id_number", id.status().message());
    AddAll(errs, id.status());
  } else {
    p.id_number = id->number;
    p.sex = id->sex;
    p.birth_date = id->birth_date;
  }

  if (p.role.empty())
    errs.Add("role", "is required");
  else
    AddAll(errs, codes.CheckCode("practitioner_role", p.role, "role"));

  if (p.facility_id <= 0) {
    errs.Add("facility_id", "is required");
  } else {
    auto f = facility_store::Get(c, p.facility_id);
    if (!f.ok()) return f.status();
    if (!*f)
      errs.Add("facility_id", "facility " + std::to_string(p.facility_id) + " does not exist");
  }

  p.licence_no = TrimText(p.licence_no);
  if (!IsCleanUtf8Text(p.licence_no)) errs.Add("licence_no", "contains control characters");
  p.phone = TrimText(p.phone);
  AddAll(errs, ValidatePhone(p.phone, "phone"));

  if (p.status != "active" && p.status != "left") {
    errs.Add("status", "must be active or left");
  } else if (p.status == "left" && before && before->status != "left") {
    // An active team's members are active practitioners: its composition
    // ("1+1+1") and its residents' contracts depend on them.
    auto teams = practitioner_store::ActiveTeamsOf(c, p.id);
    if (!teams.ok()) return teams.status();
    for (int64_t t : *teams) {
      errs.Add("status", "is a member of active team " + std::to_string(t) +
                             "; take them off the team first");
    }
  }
  return errs.ToStatus("practitioner");
}

Status CheckUniqueKeys(storage::Connection& c, const Practitioner& p) {
  auto same_id = practitioner_store::FindByIdNumber(c, p.id_number);
  if (!same_id.ok()) return same_id.status();
  if (*same_id && (*same_id)->id != p.id) {
    std::string existing = std::to_string((*same_id)->id);
    Status s = Status::Conflict(
        "a practitioner with this ID number already exists: practitioner " + existing,
        {{"id_number", "already belongs to practitioner " + existing}});
    s.WithDetail("existing_id", existing);
    return s;
  }
  if (!p.licence_no.empty()) {
    auto same_licence = practitioner_store::FindByLicence(c, p.licence_no);
    if (!same_licence.ok()) return same_licence.status();
    if (*same_licence && (*same_licence)->id != p.id) {
      std::string existing = std::to_string((*same_licence)->id);
      Status s = Status::Conflict(
          "licence number " + p.licence_no + " is already registered to practitioner " + existing,
          {{"licence_no", "already belongs to practitioner " + existing}});
      s.WithDetail("existing_id", existing);
      return s;
    }
  }
  return Status::Ok();
}

}  // namespace

Result<Practitioner> PractitionerRegistry::CreateIn(storage::Connection& c, Practitioner p,
                                                    const CodeSets& codes, Date today) {
  YILIAN_RETURN_IF_ERROR(Validate(c, p, codes, today, nullptr));
  if (p.id > 0) {
    auto taken = practitioner_store::Get(c, p.id);
    if (!taken.ok()) return taken.status();
    if (*taken) {
      return Status::Conflict("practitioner id " + std::to_string(p.id) + " is already taken",
                              {{"id", "is already taken"}});
    }
  }
  YILIAN_RETURN_IF_ERROR(CheckUniqueKeys(c, p));
  YILIAN_RETURN_IF_ERROR(practitioner_store::Insert(c, p));
  return p;
}

Result<Practitioner> PractitionerRegistry::Create(const nlohmann::json& body) {
  Practitioner p;
  FieldErrors errs;
  PractitionerFromJson(body, &p, &errs);
  YILIAN_RETURN_IF_ERROR(errs.ToStatus("practitioner"));
  p.id = 0;
  Date today = Today();
  return InTransaction<Practitioner>(
      db_, true, [&](storage::Connection& c) { return CreateIn(c, p, codes_, today); });
}

Result<Practitioner> PractitionerRegistry::Update(int64_t id, const nlohmann::json& patch,
                                                  int64_t expected_version) {
  Date today = Today();
  return InTransaction<Practitioner>(
      db_, true, [&](storage::Connection& c) -> Result<Practitioner> {
        auto cur = practitioner_store::Get(c, id);
        if (!cur.ok()) return cur.status();
        if (!*cur)
          return Status::NotFound("practitioner " + std::to_string(id) + " does not exist");
        const Practitioner before = **cur;
        if (before.version != expected_version) {
          return Status::PreconditionFailed("practitioner " + std::to_string(id) +
                                            " is at version " + std::to_string(before.version) +
                                            ", not " + std::to_string(expected_version) +
                                            ": someone changed it; reload and retry");
        }
        Practitioner p = before;
        FieldErrors errs;
        PractitionerFromJson(patch, &p, &errs);
        YILIAN_RETURN_IF_ERROR(errs.ToStatus("practitioner"));
        YILIAN_RETURN_IF_ERROR(Validate(c, p, codes_, today, &before));
        YILIAN_RETURN_IF_ERROR(CheckUniqueKeys(c, p));
        YILIAN_RETURN_IF_ERROR(practitioner_store::Update(c, p));
        return p;
      });
}

Result<Practitioner> PractitionerRegistry::Get(int64_t id) {
  return InTransaction<Practitioner>(
      db_, false, [&](storage::Connection& c) -> Result<Practitioner> {
        auto p = practitioner_store::Get(c, id);
        if (!p.ok()) return p.status();
        if (!*p) return Status::NotFound("practitioner " + std::to_string(id) + " does not exist");
        return std::move(**p);
      });
}

Result<practitioner_store::Page> PractitionerRegistry::List(const practitioner_store::Query& q) {
  if (q.page < 1) return Status::InvalidField("page", "must be 1 or more");
  if (q.page_size < 1 || q.page_size > 200) {
    return Status::InvalidField("page_size", "must be between 1 and 200");
  }
  return InTransaction<practitioner_store::Page>(
      db_, false, [&](storage::Connection& c) { return practitioner_store::List(c, q); });
}

}  // namespace yilian
