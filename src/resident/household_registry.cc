#include "resident/household_registry.h"

#include <optional>
#include <string>

#include "core/json_fields.h"
#include "resident/household_json.h"
#include "resident/resident_store.h"

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

// `before` is the stored household on update, nullptr on create.
Status Validate(storage::Connection& c, Household& h, const OrgTree& tree,
                const Household* before) {
  FieldErrors errs;
  const bool moved = !before || before->village_code != h.village_code;
  if (h.village_code.empty()) {
    errs.Add("village_code", "is required");
  } else if (const OrgUnit* v = tree.Find(h.village_code); !v) {
    errs.Add("village_code", "org unit " + h.village_code + " does not exist");
  } else if (v->level != 5) {
    errs.Add("village_code", h.village_code + " is not a village (level 5)");
  } else if (v->status != "active" && moved) {
    errs.Add("village_code", "village " + h.village_code + " is " + v->status +
                                 (v->merged_into.empty() ? "" : " into " + v->merged_into));
  }
  h.address = TrimText(h.address);
  if (!IsCleanUtf8Text(h.address)) errs.Add("address", "contains control characters");

  if (before && moved) {
    auto members = household_store::Members(c, h.id);
    if (!members.ok()) return members.status();
    for (const auto& m : *members) {
      if (m.village_code != h.village_code) {
        errs.Add("village_code", "member " + m.record_no + " (" + m.name + ") lives in village " +
                                     m.village_code + "; move the members first");
        break;
      }
    }
  }

  const bool head_changed = !before || before->head_resident_id != h.head_resident_id;
  if (h.head_resident_id && (head_changed || moved)) {
    std::string who = "resident " + std::to_string(*h.head_resident_id);
    auto r = resident_store::Get(c, *h.head_resident_id);
    if (!r.ok()) return r.status();
    if (!*r) {
      errs.Add("head_resident_id", who + " does not exist");
    } else if ((*r)->status != "active") {
      errs.Add("head_resident_id", who + " is " + (*r)->status + ", not active");
    } else if ((*r)->village_code != h.village_code) {
      errs.Add("head_resident_id",
               who + " lives in village " + (*r)->village_code + ", not " + h.village_code);
    } else if ((*r)->household_id && *(*r)->household_id != h.id) {
      errs.Add("head_resident_id",
               who + " belongs to household " + std::to_string(*(*r)->household_id));
    }
  }
  return errs.ToStatus("household");
}

Result<HouseholdRecord> WithMembers(storage::Connection& c, Household h) {
  auto members = household_store::Members(c, h.id);
  if (!members.ok()) return members.status();
  return HouseholdRecord{std::move(h), std::move(*members)};
}

}  // namespace

Result<Household> HouseholdRegistry::CreateIn(storage::Connection& c, Household h,
                                              const OrgTree& tree) {
  YILIAN_RETURN_IF_ERROR(Validate(c, h, tree, nullptr));
  if (h.id > 0) {
    auto taken = household_store::Get(c, h.id);
    if (!taken.ok()) return taken.status();
    if (*taken) {
      return Status::Conflict("household id " + std::to_string(h.id) + " is already taken",
                              {{"id", "is already taken"}});
    }
  }
  YILIAN_RETURN_IF_ERROR(household_store::Insert(c, h));
  return h;
}

Result<HouseholdRecord> HouseholdRegistry::Create(const nlohmann::json& body) {
  Household h;
  FieldErrors errs;
  HouseholdFromJson(body, &h, &errs);
  YILIAN_RETURN_IF_ERROR(errs.ToStatus("household"));
  h.id = 0;
  auto tree = org_units_.tree();
  return InTransaction<HouseholdRecord>(db_, true,
                                        [&](storage::Connection& c) -> Result<HouseholdRecord> {
                                          auto created = CreateIn(c, h, *tree);
                                          if (!created.ok()) return created.status();
                                          return WithMembers(c, std::move(*created));
                                        });
}

Result<HouseholdRecord> HouseholdRegistry::Update(int64_t id, const nlohmann::json& patch,
                                                  int64_t expected_version) {
  auto tree = org_units_.tree();
  return InTransaction<HouseholdRecord>(
      db_, true, [&](storage::Connection& c) -> Result<HouseholdRecord> {
        auto cur = household_store::Get(c, id);
        if (!cur.ok()) return cur.status();
        if (!*cur) return Status::NotFound("household " + std::to_string(id) + " does not exist");
        const Household before = **cur;
        if (before.version != expected_version) {
          return Status::PreconditionFailed("household " + std::to_string(id) + " is at version " +
                                            std::to_string(before.version) + ", not " +
                                            std::to_string(expected_version) +
                                            ": someone changed it; reload and retry");
        }
        Household h = before;
        FieldErrors errs;
        HouseholdFromJson(patch, &h, &errs);
        YILIAN_RETURN_IF_ERROR(errs.ToStatus("household"));
        YILIAN_RETURN_IF_ERROR(Validate(c, h, *tree, &before));
        YILIAN_RETURN_IF_ERROR(household_store::Update(c, h));
        return WithMembers(c, std::move(h));
      });
}

Result<HouseholdRecord> HouseholdRegistry::Get(int64_t id) {
  return InTransaction<HouseholdRecord>(
      db_, false, [&](storage::Connection& c) -> Result<HouseholdRecord> {
        auto h = household_store::Get(c, id);
        if (!h.ok()) return h.status();
        if (!*h) return Status::NotFound("household " + std::to_string(id) + " does not exist");
        return WithMembers(c, std::move(**h));
      });
}

Result<household_store::Page> HouseholdRegistry::List(const household_store::Query& q) {
  if (q.page < 1) return Status::InvalidField("page", "must be 1 or more");
  if (q.page_size < 1 || q.page_size > 200) {
    return Status::InvalidField("page_size", "must be between 1 and 200");
  }
  return InTransaction<household_store::Page>(
      db_, false, [&](storage::Connection& c) { return household_store::List(c, q); });
}

}  // namespace yilian
