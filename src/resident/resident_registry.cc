#include "resident/resident_registry.h"

#include "audit/audit_store.h"
#include "live/facts_tracker.h"

#include "resident/resident_json.h"
#include "resident/resident_rules.h"

namespace yilian {

namespace {
// A resident's household must exist and be in the resident's village.
Status CheckHousehold(storage::Connection& c, const Resident& r) {
  if (!r.household_id) return Status::Ok();
  auto st = c.Prepare("SELECT village_code FROM households WHERE id = ?");
  if (!st.ok()) return st.status();
  storage::Bind(**st, *r.household_id);
  auto row = (*st)->Step();
  if (!row.ok()) return row.status();
  if (!*row) {
    return Status::InvalidField("household_id",
                                "household " + std::to_string(*r.household_id) + " does not exist");
  }
  if ((*st)->Text(0) != r.village_code) {
    return Status::InvalidField(
        "household_id", "household " + std::to_string(*r.household_id) + " is in another village");
  }
  return Status::Ok();
}
}  // namespace

Status ResidentRegistry::Check(Resident& r, const OrgTree& tree, Date today) const {
  r.status = r.status.empty() ? "active" : r.status;
  return NormaliseAndValidateResident(r, codes_, tree, today);
}

Result<CreatedResident> ResidentRegistry::CreateIn(storage::Connection& c, Resident r,
                                                   const OrgTree& tree, Date today,
                                                   resident_store::SequenceCache* sequences) {
  r.id = 0;
  r.merged_into.reset();
  YILIAN_RETURN_IF_ERROR(Check(r, tree, today));
  return InsertChecked(c, std::move(r), sequences);
}

Result<CreatedResident> ResidentRegistry::InsertChecked(storage::Connection& c, Resident r,
                                                        resident_store::SequenceCache* sequences,
                                                        ResidentKeyIndex* keys) {
  r.id = 0;
  r.merged_into.reset();
  if (!r.id_number.empty()) {
    auto existing = keys ? keys->FindByIdNumber(c, r.id_type, r.id_number)
                         : resident_store::FindByIdNumber(c, r.id_type, r.id_number);
    if (!existing.ok()) return existing.status();
    if (*existing) {
      Status s = Status::Conflict(
          "a health record with this ID number already exists: " + (*existing)->record_no,
          {{"id_number", "already has health record " + (*existing)->record_no}});
      s.WithDetail("existing_record_no", (*existing)->record_no)
          .WithDetail("existing_id", std::to_string((*existing)->id));
      return s;
    }
  }
  YILIAN_RETURN_IF_ERROR(CheckHousehold(c, r));
  auto seq = sequences ? sequences->Allocate(c, r.village_code)
                       : resident_store::NextSequence(c, r.village_code);
  if (!seq.ok()) return seq.status();
  r.record_no = FormatRecordNo(r.village_code, *seq);
  YILIAN_RETURN_IF_ERROR(resident_store::Insert(c, r));
  if (r.household_relation == "02" && r.household_id) {
    // The 户主 becomes the household's head unless it has one already.
    YILIAN_RETURN_IF_ERROR(
        storage::Run(c,
                     "UPDATE households SET head_resident_id = ?, version = version + 1 "
                     "WHERE id = ? AND head_resident_id IS NULL",
                     r.id, *r.household_id));
  }
  CreatedResident out;
  auto dups = keys ? keys->LikelyDuplicates(c, r) : resident_store::LikelyDuplicates(c, r);
  if (!dups.ok()) return dups.status();
  if (keys) keys->Add(r);
  for (const auto& [other, reason] : *dups) {
    YILIAN_RETURN_IF_ERROR(
        resident_store::AddDuplicateCandidate(c, r.id, other.id, reason, r.village_code));
    out.possible_duplicates.push_back({other.id, other.record_no, other.name, reason});
  }
  out.resident = std::move(r);
  return out;
}

namespace {

audit::AuditEvent ResidentEvent(const ResidentWriter& by, std::string action, const Resident& r) {
  audit::AuditEvent e;
  e.actor = by.actor;
  e.action = std::move(action);
  e.resource = "resident";
  e.resource_id = std::to_string(r.id);
  e.resident_id = r.id;
  e.org_unit_code = r.village_code;
  return e;
}

}  // namespace

Result<CreatedResident> ResidentRegistry::Create(Resident r, const ResidentWriter* by) {
  auto tree = org_units_.tree();
  Date today = Today();
  std::optional<CreatedResident> out;
  live::FactsTracker tracker(live_);
  Status s = db_.Write([&](storage::Connection& c) {
    if (by && by->may_write) {
      // The scope is judged on the record as it will be stored (normalised).
      Resident probe = r;
      YILIAN_RETURN_IF_ERROR(Check(probe, *tree, today));
      YILIAN_RETURN_IF_ERROR(by->may_write(probe));
    }
    auto created = CreateIn(c, r, *tree, today);
    if (!created.ok()) return created.status();
    if (by) {
      const Resident& n = created->resident;
      auto e = ResidentEvent(*by, "create", n);
      e.detail = {{"record_no", n.record_no}};
      YILIAN_RETURN_IF_ERROR(audit_store::Append(c, e));
    }
    tracker.Created(created->resident.id);
    out = std::move(*created);
    return tracker.Capture(c);
  });
  if (!s.ok()) return s;
  tracker.Publish();
  return std::move(*out);
}

Result<Resident> ResidentRegistry::Get(int64_t id) {
  std::optional<Resident> out;
  Status s = db_.Read([&](storage::Connection& c) {
    auto r = resident_store::Get(c, id);
    if (!r.ok()) return r.status();
    out = std::move(*r);
    return Status::Ok();
  });
  if (!s.ok()) return s;
  if (!out) return Status::NotFound("health record " + std::to_string(id) + " does not exist");
  return std::move(*out);
}

Result<Resident> ResidentRegistry::GetByRecordNo(const std::string& record_no) {
  std::optional<Resident> out;
  Status s = db_.Read([&](storage::Connection& c) {
    auto r = resident_store::FindByRecordNo(c, record_no);
    if (!r.ok()) return r.status();
    out = std::move(*r);
    return Status::Ok();
  });
  if (!s.ok()) return s;
  if (!out) return Status::NotFound("health record " + record_no + " does not exist");
  return std::move(*out);
}

Result<Resident> ResidentRegistry::Update(int64_t id, const nlohmann::json& patch,
                                          int64_t expected_version, const ResidentWriter* by) {
  auto tree = org_units_.tree();
  Date today = Today();
  std::optional<Resident> out;
  live::FactsTracker tracker(live_);
  Status s = db_.Write([&](storage::Connection& c) {
    YILIAN_RETURN_IF_ERROR(tracker.Touch(c, id));
    auto cur = resident_store::Get(c, id);
    if (!cur.ok()) return cur.status();
    if (!*cur) return Status::NotFound("health record " + std::to_string(id) + " does not exist");
    Resident r = std::move(**cur);
    if (r.status == "merged") {
      return Status::Conflict("health record " + r.record_no + " was merged into record " +
                              std::to_string(r.merged_into.value_or(0)) + "; edit that one");
    }
    // Scope first: a writer outside it learns nothing, not even the version.
    if (by && by->may_write) YILIAN_RETURN_IF_ERROR(by->may_write(r));
    if (r.version != expected_version) {
      return Status::PreconditionFailed(
          "health record " + r.record_no + " is at version " + std::to_string(r.version) +
          ", not " + std::to_string(expected_version) + ": someone changed it; reload and retry");
    }
    const nlohmann::json before = by ? ResidentToJson(r, nullptr, false, today) : nlohmann::json();
    std::string old_village = r.village_code;
    // A birth date or sex derived from the ID number follows a corrected number.
    if (patch.contains("id_number") && !patch.contains("birth_date")) r.birth_date = Date();
    if (patch.contains("id_number") && !patch.contains("sex")) r.sex.clear();
    FieldErrors errs;
    ResidentFromJson(patch, &r, &errs);
    YILIAN_RETURN_IF_ERROR(errs.ToStatus("resident"));
    // A record of a merged village may still be edited in other fields.
    const OrgUnit* v = tree->Find(r.village_code);
    bool keep_old_village = r.village_code == old_village && v && v->status != "active";
    YILIAN_RETURN_IF_ERROR(
        keep_old_village ? Status::Ok() : NormaliseAndValidateResident(r, codes_, *tree, today));
    YILIAN_RETURN_IF_ERROR(CheckHousehold(c, r));
    if (!r.id_number.empty()) {
      auto other = resident_store::FindByIdNumber(c, r.id_type, r.id_number);
      if (!other.ok()) return other.status();
      if (*other && (*other)->id != r.id) {
        Status st =
            Status::Conflict("another health record has this ID number: " + (*other)->record_no,
                             {{"id_number", "already has health record " + (*other)->record_no}});
        st.WithDetail("existing_record_no", (*other)->record_no);
        return st;
      }
    }
    if (by && by->may_write) YILIAN_RETURN_IF_ERROR(by->may_write(r));
    YILIAN_RETURN_IF_ERROR(resident_store::Update(c, r));
    if (by) {
      auto e = ResidentEvent(*by, "update", r);
      e.changes = audit::FieldChanges(before, ResidentToJson(r, nullptr, false, today),
                                      {"version", "updated_at", "age"});
      if (old_village != r.village_code) e.detail = {{"moved_from", old_village}};
      YILIAN_RETURN_IF_ERROR(audit_store::Append(c, e));
    }
    out = std::move(r);
    return tracker.Capture(c);
  });
  if (!s.ok()) return s;
  tracker.Publish();
  return std::move(*out);
}

Result<MergedResidents> ResidentRegistry::Merge(int64_t keep, int64_t drop, int64_t keep_version,
                                                int64_t drop_version, const ResidentWriter* by) {
  if (keep == drop) return Status::InvalidField("merge_from", "cannot merge a record into itself");
  std::optional<MergedResidents> out;
  live::FactsTracker tracker(live_);
  Status s = db_.Write([&](storage::Connection& c) {
    YILIAN_RETURN_IF_ERROR(tracker.Touch(c, keep));
    YILIAN_RETURN_IF_ERROR(tracker.Touch(c, drop));
    auto a = resident_store::Get(c, keep);
    auto b = resident_store::Get(c, drop);
    if (!a.ok()) return a.status();
    if (!b.ok()) return b.status();
    if (!*a) return Status::NotFound("health record " + std::to_string(keep) + " does not exist");
    if (!*b) return Status::NotFound("health record " + std::to_string(drop) + " does not exist");
    Resident k = std::move(**a), d = std::move(**b);
    if (k.status == "merged" || d.status == "merged") {
      return Status::Conflict("one of the records was already merged");
    }
    if (k.version != keep_version || d.version != drop_version) {
      return Status::PreconditionFailed("one of the records changed since it was read; reload");
    }
    if (by && by->may_write) {
      YILIAN_RETURN_IF_ERROR(by->may_write(k));
      YILIAN_RETURN_IF_ERROR(by->may_write(d));
    }
    const nlohmann::json kept_before =
        by ? ResidentToJson(k, nullptr, false, Today()) : nlohmann::json();
    if (!k.id_number.empty() && !d.id_number.empty() &&
        (k.id_type != d.id_type || k.id_number != d.id_number) && k.id_type == "01" &&
        d.id_type == "01") {
      return Status::Conflict(
          "the two records carry different citizen ID numbers; they are "
          "different people",
          {{"merge_from", "has a different ID number"}});
    }
    // Fill the kept record's gaps from the merged one.
    auto fill = [](std::string& dst, const std::string& src) {
      if (dst.empty()) dst = src;
    };
    fill(k.id_number, d.id_number);
    fill(k.marital_status, d.marital_status);
    fill(k.blood_abo, d.blood_abo);
    fill(k.blood_rh, d.blood_rh);
    fill(k.education, d.education);
    fill(k.occupation, d.occupation);
    fill(k.address, d.address);
    fill(k.phone, d.phone);
    fill(k.contact_name, d.contact_name);
    fill(k.contact_phone, d.contact_phone);
    fill(k.work_unit, d.work_unit);
    if (!k.household_id) k.household_id = d.household_id;
    for (const auto& c2 : d.conditions)
      if (!k.HasCondition(c2.code)) k.conditions.push_back(c2);
    for (const auto& x : d.payment_types)
      if (std::find(k.payment_types.begin(), k.payment_types.end(), x) == k.payment_types.end())
        k.payment_types.push_back(x);
    for (const auto& x : d.disabilities)
      if (std::find(k.disabilities.begin(), k.disabilities.end(), x) == k.disabilities.end())
        k.disabilities.push_back(x);
    k.poverty |= d.poverty;
    k.family_planning_special |= d.family_planning_special;
    d.status = "merged";
    d.status_date = Today();
    d.merged_into = k.id;
    // The dropped record first, so its ID number is free for the kept one.
    YILIAN_RETURN_IF_ERROR(resident_store::Update(c, d));
    YILIAN_RETURN_IF_ERROR(resident_store::Update(c, k));
    YILIAN_RETURN_IF_ERROR(resident_store::RepointAttachments(c, d.id, k.id));
    YILIAN_RETURN_IF_ERROR(resident_store::CloseCandidatesOf(c, k.id, d.id));
    if (by) {
      // One event on each record, so both access histories show the merge.
      auto e = ResidentEvent(*by, "merge", k);
      e.changes = audit::FieldChanges(kept_before, ResidentToJson(k, nullptr, false, Today()),
                                      {"version", "updated_at", "age"});
      e.detail = {{"kept", k.record_no}, {"merged", d.record_no}};
      YILIAN_RETURN_IF_ERROR(audit_store::Append(c, e));
      auto f = ResidentEvent(*by, "merge", d);
      f.detail = e.detail;
      YILIAN_RETURN_IF_ERROR(audit_store::Append(c, f));
    }
    out = MergedResidents{std::move(k), std::move(d)};
    return tracker.Capture(c);
  });
  if (!s.ok()) return s;
  tracker.Publish();
  return std::move(*out);
}

Result<resident_store::Page> ResidentRegistry::Search(resident_store::Query q) {
  if (q.page < 1) return Status::InvalidField("page", "must be 1 or more");
  if (q.page_size < 1 || q.page_size > 200) {
    return Status::InvalidField("page_size", "must be between 1 and 200");
  }
  std::optional<resident_store::Page> out;
  Status s = db_.Read([&](storage::Connection& c) {
    auto p = resident_store::Search(c, q);
    if (!p.ok()) return p.status();
    out = std::move(*p);
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return std::move(*out);
}

}  // namespace yilian
