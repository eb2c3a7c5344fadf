#include "contract/contract_registry.h"

#include "audit/audit_store.h"
#include "care/care_write.h"
#include "contract/contract_json.h"
#include "contract/contract_rules.h"
#include "live/facts_tracker.h"
#include "program/enrolment_store.h"
#include "resident/resident_store.h"
#include "service/service_store.h"
#include "team/team_store.h"

namespace yilian {
namespace {

Result<ContractContext> LoadContext(storage::Connection& c, const Resident& r, int64_t team_id,
                                    std::optional<Team>* team_out) {
  ContractContext ctx;
  auto team = team_store::Get(c, team_id);
  if (!team.ok()) return team.status();
  *team_out = std::move(*team);
  if (*team_out) {
    std::vector<int64_t> ids;
    for (const auto& m : (*team_out)->members) ids.push_back(m.practitioner_id);
    auto ps = team_store::LoadPractitioners(c, ids);
    if (!ps.ok()) return ps.status();
    for (const auto& [id, p] : *ps) ctx.member_status[id] = p.status;
  }
  auto existing = contract_store::ForResident(c, r.id);
  if (!existing.ok()) return existing.status();
  ctx.existing = std::move(*existing);
  auto enrolments = enrolment_store::ForResident(c, r.id);
  if (!enrolments.ok()) return enrolments.status();
  ctx.enrolments = std::move(*enrolments);
  return ctx;
}

Result<Fulfilment> FulfilmentOf(storage::Connection& c, const Contract& k,
                                const ServiceCatalogue& catalogue, Date on) {
  auto services = service_store::ForResident(c, k.resident_id);
  if (!services.ok()) return services.status();
  std::vector<Delivery> d;
  for (const auto& s : *services) {
    if (s.valid()) d.push_back({s.service_date, s.service_code});
  }
  return ComputeFulfilment(k, catalogue, std::move(d), on);
}

Status Precondition(const Contract& k, int64_t expected) {
  if (k.version == expected) return Status::Ok();
  return Status::PreconditionFailed(
      "contract " + std::to_string(k.id) + " is at version " + std::to_string(k.version) +
      ", not " + std::to_string(expected) + ": someone changed it; reload and retry");
}

Result<Contract> Load(storage::Connection& c, int64_t id) {
  auto k = contract_store::Get(c, id);
  if (!k.ok()) return k.status();
  if (!*k) return Status::NotFound("contract " + std::to_string(id) + " does not exist");
  return std::move(**k);
}

}  // namespace

Result<Contract> ContractRegistry::SignIn(storage::Connection& c, Contract k,
                                          const ServiceCatalogue& catalogue, const CodeSets& codes,
                                          Date today, const ResidentWriter* by) {
  auto r = care::ResidentForWrite(c, k.resident_id, by);
  if (!r.ok()) return r.status();
  std::optional<Team> team;
  auto ctx = LoadContext(c, *r, k.team_id, &team);
  if (!ctx.ok()) return ctx.status();
  ctx->resident = &*r;
  ctx->team = team ? &*team : nullptr;
  k.id = 0;
  k.status = "active";
  k.terminated_on.reset();
  k.village_code = r->village_code;
  YILIAN_RETURN_IF_ERROR(CheckNewContract(k, *ctx, catalogue, codes, today));
  YILIAN_RETURN_IF_ERROR(contract_store::Insert(c, k));
  if (by) {
    auto ev = care::CareEvent(*by, "create", "contract", k.id, *r);
    ev.detail = ContractToJson(k, nullptr, nullptr, today);
    YILIAN_RETURN_IF_ERROR(audit_store::Append(c, ev));
  }
  return k;
}

Result<Contract> ContractRegistry::Sign(Contract k, const ResidentWriter* by) {
  std::optional<Contract> out;
  live::FactsTracker tracker(live_);
  Status s = db_.Write([&](storage::Connection& c) {
    YILIAN_RETURN_IF_ERROR(tracker.Touch(c, k.resident_id));
    auto made = SignIn(c, k, catalogue_, codes_, Today(), by);
    if (!made.ok()) return made.status();
    out = std::move(*made);
    return tracker.Capture(c);
  });
  if (!s.ok()) return s;
  tracker.Publish();
  return std::move(*out);
}

Result<std::vector<MemberOutcome>> ContractRegistry::SignHousehold(const HouseholdSigning& h,
                                                                   const ResidentWriter* by) {
  std::vector<MemberOutcome> out;
  live::FactsTracker tracker(live_);
  Date today = Today();
  Status s = db_.Write([&](storage::Connection& c) {
    auto hh = c.Prepare("SELECT 1 FROM households WHERE id = ?");
    if (!hh.ok()) return hh.status();
    storage::Bind(**hh, h.household_id);
    auto row = (*hh)->Step();
    if (!row.ok()) return row.status();
    (*hh)->Reset();
    if (!*row) {
      return Status::InvalidField(
          "household_id", "household " + std::to_string(h.household_id) + " does not exist");
    }
    auto members = c.Prepare(
        "SELECT id FROM residents WHERE household_id = ? AND status = 'active' ORDER BY id");
    if (!members.ok()) return members.status();
    storage::Bind(**members, h.household_id);
    std::vector<int64_t> ids;
    while (true) {
      auto m = (*members)->Step();
      if (!m.ok()) return m.status();
      if (!*m) break;
      ids.push_back((*members)->Int(0));
    }
    if (ids.empty()) {
      return Status::InvalidField(
          "household_id", "household " + std::to_string(h.household_id) + " has no active members");
    }
    int refused = 0;
    for (int64_t id : ids) {
      MemberOutcome mo;
      mo.resident_id = id;
      YILIAN_RETURN_IF_ERROR(tracker.Touch(c, id));
      auto r = care::ResidentForWrite(c, id, by);
      if (!r.ok()) return r.status();  // a scope refusal refuses the household
      mo.name = r->name;
      Contract k = h.terms;
      k.resident_id = id;
      auto existing = contract_store::ForResident(c, id);
      if (!existing.ok()) return existing.status();
      bool in_force = false;
      for (const auto& e : *existing) in_force = in_force || e.InForceOn(k.start_date);
      if (in_force) {
        mo.skipped = true;
        mo.status = Status::Conflict("already has a contract in force on " + k.start_date.ToIso());
        out.push_back(std::move(mo));
        continue;
      }
      if (h.add_key_packages) {
        auto enrolments = enrolment_store::ForResident(c, id);
        if (!enrolments.ok()) return enrolments.status();
        for (const auto& p : catalogue_.packages()) {
          if (p.for_population.empty() || p.fee_cents > 0) continue;
          if (std::find(k.packages.begin(), k.packages.end(), p.code) != k.packages.end()) continue;
          if (InPopulation(p.for_population, *r, *enrolments, k.start_date))
            k.packages.push_back(p.code);
        }
      }
      if (h.valid_only) YILIAN_RETURN_IF_ERROR(c.Exec("SAVEPOINT household_member"));
      auto made = SignIn(c, k, catalogue_, codes_, today, by);
      if (made.ok()) {
        mo.contract = std::move(*made);
        if (h.valid_only) YILIAN_RETURN_IF_ERROR(c.Exec("RELEASE SAVEPOINT household_member"));
      } else {
        if (made.status().code() == Status::Code::kIoError ||
            made.status().code() == Status::Code::kInternal) {
          return made.status();
        }
        if (h.valid_only) {
          YILIAN_RETURN_IF_ERROR(c.Exec("ROLLBACK TO SAVEPOINT household_member"));
          YILIAN_RETURN_IF_ERROR(c.Exec("RELEASE SAVEPOINT household_member"));
        }
        mo.status = made.status();
        ++refused;
      }
      out.push_back(std::move(mo));
    }
    if (refused > 0 && !h.valid_only) {
      Status first;
      for (const auto& m : out) {
        if (!m.status.ok() && !m.skipped) {
          first = m.status;
          break;
        }
      }
      FieldErrors errs;
      for (const auto& m : out) {
        if (m.status.ok() || m.skipped) continue;
        for (const auto& f : m.status.fields()) {
          errs.Add("members[" + std::to_string(m.resident_id) + "]." + f.field, f.reason);
        }
        if (m.status.fields().empty()) {
          errs.Add("members[" + std::to_string(m.resident_id) + "]", m.status.message());
        }
      }
      return Status::Invalid(std::to_string(refused) + " of " + std::to_string(ids.size()) +
                                 " members cannot be signed; nothing was signed (sign the others "
                                 "with valid_only)",
                             errs.list());
    }
    return tracker.Capture(c);
  });
  if (!s.ok()) return s;
  tracker.Publish();
  return out;
}

Result<Contract> ContractRegistry::Renew(int64_t id, const Renewal& rn, const ResidentWriter* by) {
  std::optional<Contract> out;
  live::FactsTracker tracker(live_);
  Status s = db_.Write([&](storage::Connection& c) {
    auto prev = Load(c, id);
    if (!prev.ok()) return prev.status();
    YILIAN_RETURN_IF_ERROR(tracker.Touch(c, prev->resident_id));
    auto start = RenewalStart(*prev, rn.signed_on);
    if (!start.ok()) return start.status();
    Contract k;
    k.resident_id = prev->resident_id;
    k.team_id = prev->team_id;
    k.doctor_id = rn.doctor_id.value_or(prev->doctor_id);
    k.packages = rn.packages.empty() ? prev->packages : rn.packages;
    k.signing_method = rn.signing_method;
    k.signed_on = rn.signed_on;
    k.start_date = *start;
    k.previous_id = prev->id;
    k.origin = "renewal";
    auto made = SignIn(c, k, catalogue_, codes_, Today(), by);
    if (!made.ok()) return made.status();
    out = std::move(*made);
    return tracker.Capture(c);
  });
  if (!s.ok()) return s;
  tracker.Publish();
  return std::move(*out);
}

Result<Contract> ContractRegistry::Terminate(int64_t id, const Termination& t,
                                             const ResidentWriter* by) {
  std::optional<Contract> out;
  live::FactsTracker tracker(live_);
  Date today = Today();
  Status s = db_.Write([&](storage::Connection& c) {
    auto k = Load(c, id);
    if (!k.ok()) return k.status();
    auto r = care::ResidentForWrite(c, k->resident_id, by);
    if (!r.ok()) return r.status();
    YILIAN_RETURN_IF_ERROR(Precondition(*k, t.expected_version));
    YILIAN_RETURN_IF_ERROR(CheckTermination(*k, t.date, t.reason, codes_, today));
    YILIAN_RETURN_IF_ERROR(tracker.Touch(c, k->resident_id));
    auto before = ContractToJson(*k, nullptr, nullptr, today);
    k->status = "terminated";
    k->terminated_on = t.date;
    k->termination_reason = t.reason;
    k->termination_note = t.note;
    YILIAN_RETURN_IF_ERROR(contract_store::Update(c, *k));
    if (by) {
      auto ev = care::CareEvent(*by, "update", "contract", k->id, *r);
      ev.changes = audit::FieldChanges(before, ContractToJson(*k, nullptr, nullptr, today),
                                       {"version", "updated_at"});
      YILIAN_RETURN_IF_ERROR(audit_store::Append(c, ev));
    }
    out = std::move(*k);
    return tracker.Capture(c);
  });
  if (!s.ok()) return s;
  tracker.Publish();
  return std::move(*out);
}

Result<Contract> ContractRegistry::ChangeTeam(int64_t id, const TeamChange& t,
                                              const ResidentWriter* by) {
  std::optional<Contract> out;
  live::FactsTracker tracker(live_);
  Date today = Today();
  Status s = db_.Write([&](storage::Connection& c) {
    auto k = Load(c, id);
    if (!k.ok()) return k.status();
    auto r = care::ResidentForWrite(c, k->resident_id, by);
    if (!r.ok()) return r.status();
    YILIAN_RETURN_IF_ERROR(Precondition(*k, t.expected_version));
    if (t.team_id == k->team_id) {
      return Status::InvalidField("team_id", "is the contract's team already");
    }
    if (!k->InForceOn(t.date)) {
      return Status::InvalidField(
          "date", "contract " + std::to_string(id) + " is not in force on " + t.date.ToIso());
    }
    YILIAN_RETURN_IF_ERROR(CheckTermination(*k, t.date, "team_change", codes_, today));
    YILIAN_RETURN_IF_ERROR(tracker.Touch(c, k->resident_id));
    k->status = "terminated";
    k->terminated_on = t.date;
    k->termination_reason = "team_change";
    YILIAN_RETURN_IF_ERROR(contract_store::Update(c, *k));
    if (by) {
      auto ev = care::CareEvent(*by, "update", "contract", k->id, *r);
      ev.detail = {{"terminated_on", t.date.ToIso()}, {"reason", "team_change"}};
      YILIAN_RETURN_IF_ERROR(audit_store::Append(c, ev));
    }
    Contract n;
    n.resident_id = k->resident_id;
    n.team_id = t.team_id;
    n.doctor_id = t.doctor_id;
    n.packages = k->packages;
    n.signing_method = k->signing_method;
    n.signed_on = t.date;
    n.start_date = t.date;
    n.end_date = k->end_date;
    n.previous_id = k->id;
    n.origin = "team_change";
    auto made = SignIn(c, n, catalogue_, codes_, today, by);
    if (!made.ok()) return made.status();
    out = std::move(*made);
    return tracker.Capture(c);
  });
  if (!s.ok()) return s;
  tracker.Publish();
  return std::move(*out);
}

Result<ContractView> ContractRegistry::Get(int64_t id, Date on) {
  std::optional<ContractView> out;
  Status s = db_.Read([&](storage::Connection& c) {
    auto k = Load(c, id);
    if (!k.ok()) return k.status();
    auto r = resident_store::Get(c, k->resident_id);
    if (!r.ok()) return r.status();
    if (!*r) return Status::NotFound("the resident of contract " + std::to_string(id) + " is gone");
    auto f = FulfilmentOf(c, *k, catalogue_, on);
    if (!f.ok()) return f.status();
    out = ContractView{std::move(*k), std::move(**r), std::move(*f)};
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return std::move(*out);
}

Result<std::vector<ContractView>> ContractRegistry::ForResident(int64_t resident_id, Date on) {
  std::vector<ContractView> out;
  Status s = db_.Read([&](storage::Connection& c) {
    auto r = resident_store::Get(c, resident_id);
    if (!r.ok()) return r.status();
    if (!*r)
      return Status::NotFound("health record " + std::to_string(resident_id) + " does not exist");
    auto ks = contract_store::ForResident(c, resident_id);
    if (!ks.ok()) return ks.status();
    for (auto& k : *ks) {
      auto f = FulfilmentOf(c, k, catalogue_, on);
      if (!f.ok()) return f.status();
      out.push_back(ContractView{std::move(k), **r, std::move(*f)});
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

Result<std::pair<std::vector<ContractView>, bool>> ContractRegistry::List(
    const contract_store::Query& q, Date on) {
  std::vector<ContractView> out;
  bool more = false;
  Status s = db_.Read([&](storage::Connection& c) {
    auto page = contract_store::List(c, q);
    if (!page.ok()) return page.status();
    more = page->has_more;
    for (auto& k : page->items) {
      auto r = resident_store::Get(c, k.resident_id);
      if (!r.ok()) return r.status();
      if (!*r) continue;
      auto f = FulfilmentOf(c, k, catalogue_, on);
      if (!f.ok()) return f.status();
      out.push_back(ContractView{std::move(k), std::move(**r), std::move(*f)});
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return std::make_pair(std::move(out), more);
}

}  // namespace yilian
