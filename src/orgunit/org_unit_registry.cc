#include "orgunit/org_unit_registry.h"

#include "core/json_fields.h"
#include "orgunit/division_code.h"
#include "orgunit/org_unit_store.h"

namespace yilian {

Status ValidateNewOrgUnit(const OrgUnit& u,
                          const std::function<const OrgUnit*(std::string_view)>& find) {
  FieldErrors errs;
  auto level = LevelOfDivisionCode(u.code);
  if (!level) {
    errs.Add("code",
             "must be a 12-digit NBS division code (province 2 + city 2 + county 2 + "
             "township 3 + village 3, lower levels zero)");
  } else if (u.level != 0 && u.level != *level) {
    errs.Add("level", "is " + std::to_string(u.level) + " but code " + u.code + " denotes level " +
                          std::to_string(*level));
  }
  if (u.name.empty())
    errs.Add("name", "is required");
  else if (Utf8Length(u.name) > 60)
    errs.Add("name", "is longer than 60 characters");
  if (level && *level > 1) {
    if (u.parent_code.empty()) {
      errs.Add("parent_code", "is required below province level");
    } else if (const OrgUnit* p = find(u.parent_code); !p) {
      errs.Add("parent_code", "org unit " + u.parent_code + " does not exist");
    } else if (p->level != *level - 1) {
      errs.Add("parent_code", "must be a level-" + std::to_string(*level - 1) + " unit");
    } else if (p->status != "active") {
      errs.Add("parent_code", "org unit " + u.parent_code + " was merged into " + p->merged_into);
    }
  }
  if (errs.empty() && find(u.code)) {
    return Status::Conflict("org unit " + u.code + " already exists",
                            {{"code", "org unit " + u.code + " already exists"}});
  }
  return errs.ToStatus("org unit");
}

Status OrgUnitRegistry::Load() {
  std::vector<OrgUnit> units;
  Status s = db_.Read([&](storage::Connection& c) {
    auto r = orgunit_store::LoadAll(c);
    if (!r.ok()) return r.status();
    units = std::move(*r);
    return Status::Ok();
  });
  if (s.ok()) Publish(std::move(units));
  return s;
}

std::shared_ptr<const OrgTree> OrgUnitRegistry::tree() const {
  std::lock_guard<std::mutex> lock(mu_);
  return tree_;
}

void OrgUnitRegistry::Publish(std::vector<OrgUnit> units) {
  auto t = std::make_shared<const OrgTree>(std::move(units));
  std::function<void()> notify;
  {
    std::lock_guard<std::mutex> lock(mu_);
    tree_ = std::move(t);
    if (loaded_) notify = on_change_;
    loaded_ = true;
  }
  if (notify) notify();
}

Result<OrgUnit> OrgUnitRegistry::Create(OrgUnit u, Date effective) {
  auto t = tree();
  if (auto level = LevelOfDivisionCode(u.code); level && u.level == 0) u.level = *level;
  if (u.level == 1) u.parent_code.clear();
  u.status = "active";
  u.merged_into.clear();
  u.valid_from = u.valid_from.value_or(effective);
  u.version = 1;
  YILIAN_RETURN_IF_ERROR(
      ValidateNewOrgUnit(u, [&](std::string_view code) { return t->Find(code); }));
  Status s = db_.Write([&](storage::Connection& c) {
    YILIAN_RETURN_IF_ERROR(orgunit_store::Insert(c, u));
    return orgunit_store::InsertEvent(c, {0, u.code, "created", effective, "", u.name, ""});
  });
  if (!s.ok()) return s;
  YILIAN_RETURN_IF_ERROR(Load());
  return u;
}

Result<OrgUnit> OrgUnitRegistry::Change(const std::string& code, const OrgUnitChange& change) {
  auto t = tree();
  const OrgUnit* cur = t->Find(code);
  if (!cur) return Status::NotFound("org unit " + code + " does not exist");
  OrgUnit u = *cur;
  if (change.expected_version != u.version) {
    return Status::PreconditionFailed(
        "org unit " + code + " is at version " + std::to_string(u.version) + ", not " +
        std::to_string(change.expected_version) + "; reload and retry");
  }
  FieldErrors errs;
  std::vector<OrgUnitEvent> events;
  if (change.name && *change.name != u.name) {
    if (change.name->empty() || Utf8Length(*change.name) > 60) {
      errs.Add("name", "must be 1 to 60 characters");
    }
    events.push_back({0, code, "renamed", change.date, u.name, *change.name, ""});
    u.name = *change.name;
  }
  if (change.parent_code && *change.parent_code != u.parent_code) {
    const OrgUnit* p = t->Find(*change.parent_code);
    if (!p)
      errs.Add("parent_code", "org unit " + *change.parent_code + " does not exist");
    else if (p->level != u.level - 1)
      errs.Add("parent_code", "must be one level above");
    else if (p->status != "active")
      errs.Add("parent_code", "must be an active unit");
    events.push_back({0, code, "moved", change.date, u.parent_code, *change.parent_code, ""});
    u.parent_code = *change.parent_code;
  }
  YILIAN_RETURN_IF_ERROR(errs.ToStatus("org unit change"));
  if (events.empty()) return u;
  Status s = db_.Write([&](storage::Connection& c) {
    YILIAN_RETURN_IF_ERROR(orgunit_store::Update(c, u));
    for (const auto& e : events) YILIAN_RETURN_IF_ERROR(orgunit_store::InsertEvent(c, e));
    return Status::Ok();
  });
  if (!s.ok()) return s;
  YILIAN_RETURN_IF_ERROR(Load());
  return *tree()->Find(code);
}

namespace {
Result<int64_t> CountChanged(storage::Connection& c, std::string_view sql, const std::string& to,
                             const std::string& from) {
  auto st = c.Prepare(sql);
  if (!st.ok()) return st.status();
  storage::Bind(**st, to, from);
  int64_t n = 0;
  while (true) {
    auto r = (*st)->Step();
    if (!r.ok()) return r.status();
    if (!*r) break;
    ++n;
  }
  return n;
}
}  // namespace

Result<MergeOutcome> OrgUnitRegistry::Merge(const std::string& code, const std::string& into,
                                            Date effective, int64_t expected_version) {
  auto t = tree();
  const OrgUnit* a = t->Find(code);
  const OrgUnit* b = t->Find(into);
  if (!a) return Status::NotFound("org unit " + code + " does not exist");
  FieldErrors errs;
  if (!b)
    errs.Add("into", "org unit " + into + " does not exist");
  else if (b->code == a->code)
    errs.Add("into", "cannot merge a unit into itself");
  else if (b->level != a->level)
    errs.Add("into", "must be at the same level as " + code);
  else if (b->status != "active")
    errs.Add("into", "org unit " + into + " is not active");
  if (a->status != "active") errs.Add("code", "org unit " + code + " is already merged");
  if (a->level < 4) errs.Add("code", "only townships and villages can be merged");
  YILIAN_RETURN_IF_ERROR(errs.ToStatus("merge"));
  if (expected_version != a->version) {
    return Status::PreconditionFailed("org unit " + code + " is at version " +
                                      std::to_string(a->version) + "; reload and retry");
  }
  MergeOutcome out;
  out.merged = *a;
  out.merged.status = "merged";
  out.merged.merged_into = into;
  out.merged.valid_to = effective;
  std::vector<OrgUnit> children;
  for (const OrgUnit* ch : t->Children(code)) children.push_back(*ch);
  Status s = db_.Write([&](storage::Connection& c) {
    YILIAN_RETURN_IF_ERROR(orgunit_store::Update(c, out.merged));
    YILIAN_RETURN_IF_ERROR(
        orgunit_store::InsertEvent(c, {0, code, "merged", effective, a->name, into, ""}));
    if (a->level == 5) {
      auto r = CountChanged(c,
                            "UPDATE residents SET village_code = ?, version = version + 1 "
                            "WHERE village_code = ? RETURNING id",
                            into, code);
      if (!r.ok()) return r.status();
      out.residents_moved = *r;
      auto h = CountChanged(c,
                            "UPDATE households SET village_code = ? WHERE village_code = ? "
                            "RETURNING id",
                            into, code);
      if (!h.ok()) return h.status();
      out.households_moved = *h;
      YILIAN_RETURN_IF_ERROR(storage::Run(
          c, "UPDATE facilities SET org_unit_code = ? WHERE org_unit_code = ?", into, code));
      // Teams that served the old village now serve its successor.
      YILIAN_RETURN_IF_ERROR(storage::Run(
          c,
          "INSERT INTO team_villages (team_id, village_code) SELECT team_id, ? FROM team_villages "
          "WHERE village_code = ? ON CONFLICT DO NOTHING",
          into, code));
      YILIAN_RETURN_IF_ERROR(
          storage::Run(c, "DELETE FROM team_villages WHERE village_code = ?", code));
    } else {
      for (auto& ch : children) {
        if (ch.status != "active") continue;
        OrgUnit moved = ch;
        moved.parent_code = into;
        YILIAN_RETURN_IF_ERROR(orgunit_store::Update(c, moved));
        YILIAN_RETURN_IF_ERROR(
            orgunit_store::InsertEvent(c, {0, ch.code, "moved", effective, code, into, ""}));
        ++out.children_moved;
      }
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  YILIAN_RETURN_IF_ERROR(Load());
  out.merged = *tree()->Find(code);
  out.into = *tree()->Find(into);
  return out;
}

Result<std::vector<OrgUnitEvent>> OrgUnitRegistry::History(const std::string& code) {
  if (!tree()->Find(code)) return Status::NotFound("org unit " + code + " does not exist");
  std::vector<OrgUnitEvent> out;
  Status s = db_.Read([&](storage::Connection& c) {
    auto r = orgunit_store::LoadEvents(c, code);
    if (!r.ok()) return r.status();
    out = std::move(*r);
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace yilian
