#include "transfer/generated_data_writer.h"
#include "contract/contract_store.h"
#include "indicator/external_figures.h"
#include "program/enrolment_store.h"
#include "service/service_store.h"

#include <unordered_map>

#include "orgunit/org_unit_store.h"
#include "resident/resident_rules.h"
#include "resident/resident_store.h"

namespace yilian {
namespace {

using storage::Run;

// Generated data is valid by construction (the generator's tests check it),
// so this sink writes directly, without the registries' per-record checks,
// which would only slow a multi-million-row load.
class DatabaseSink final : public generate::Sink {
 public:
  explicit DatabaseSink(storage::Connection& c) : c_(c) {}

  Status OrgUnit(const yilian::OrgUnit& u) override {
    YILIAN_RETURN_IF_ERROR(orgunit_store::Insert(c_, u));
    return orgunit_store::InsertEvent(
        c_, {0, u.code, "created", u.valid_from.value_or(Today()), "", u.name, ""});
  }
  Status Alliance(MedicalAlliance& a) override {
    return InsertReturningId(
        "INSERT INTO alliances (name, lead_facility_id, org_unit_code, version) "
        "VALUES (?, NULL, ?, 1) RETURNING id",
        &a.id, a.name, a.org_unit_code);
  }
  Status AllianceLead(const MedicalAlliance& a) override {
    return Run(c_, "UPDATE alliances SET lead_facility_id = ? WHERE id = ?", a.lead_facility_id,
               a.id);
  }
  Status Facility(yilian::Facility& f) override {
    return InsertReturningId(
        "INSERT INTO facilities (code, name, type, org_unit_code, alliance_id, beds, phone, "
        "status, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id",
        &f.id, f.code, f.name, f.type, f.org_unit_code, f.alliance_id, f.beds, f.phone, f.status);
  }
  Status Practitioner(yilian::Practitioner& p) override {
    return InsertReturningId(
        "INSERT INTO practitioners (name, id_number, sex, birth_date, role, facility_id, "
        "licence_no, phone, status, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id",
        &p.id, p.name, p.id_number, p.sex, p.birth_date, p.role, p.facility_id, p.licence_no,
        p.phone, p.status);
  }
  Status Team(yilian::Team& t) override {
    YILIAN_RETURN_IF_ERROR(InsertReturningId(
        "INSERT INTO teams (name, facility_id, status, version) VALUES (?, ?, ?, 1) RETURNING id",
        &t.id, t.name, t.facility_id, t.status));
    for (const auto& m : t.members) {
      YILIAN_RETURN_IF_ERROR(
          Run(c_, "INSERT INTO team_members (team_id, practitioner_id, team_role) VALUES (?, ?, ?)",
              t.id, m.practitioner_id, m.team_role));
    }
    for (const auto& v : t.village_codes) {
      YILIAN_RETURN_IF_ERROR(
          Run(c_, "INSERT INTO team_villages (team_id, village_code) VALUES (?, ?)", t.id, v));
    }
    return Status::Ok();
  }
  Status Household(yilian::Household& h) override {
    return InsertReturningId(
        "INSERT INTO households (village_code, address, head_resident_id, version) "
        "VALUES (?, ?, NULL, 1) RETURNING id",
        &h.id, h.village_code, h.address);
  }
  Status Resident(yilian::Resident& r) override {
    int& seq = sequences_[r.village_code];
    r.record_no = FormatRecordNo(r.village_code, ++seq);
    YILIAN_RETURN_IF_ERROR(resident_store::Insert(c_, r));
    if (r.household_relation == "02" && r.household_id) {
      YILIAN_RETURN_IF_ERROR(Run(c_, "UPDATE households SET head_resident_id = ? WHERE id = ?",
                                 r.id, *r.household_id));
    }
    return Status::Ok();
  }

  Status Enrolment(yilian::Enrolment& e) override { return enrolment_store::Insert(c_, e); }
  Status Contract(yilian::Contract& k) override { return contract_store::Insert(c_, k); }
  Status Service(yilian::ServiceRecord& s) override { return service_store::Insert(c_, s); }
  Status Population(const std::string& code, int year, int64_t population) override {
    return indicator::external_store::PutPopulation(c_, code, year, population, "generated");
  }
  Status Target(const std::string& indicator, const std::string& code, int year,
                double target) override {
    return indicator::external_store::PutTarget(c_, {indicator, code, year, target});
  }

  // Record numbers were counted here; store where each village stands.
  Status Finish() {
    for (const auto& [village, last] : sequences_) {
      YILIAN_RETURN_IF_ERROR(
          Run(c_, "INSERT INTO record_sequences (village_code, last_value) VALUES (?, ?)", village,
              last));
    }
    return Status::Ok();
  }

 private:
  template <typename... Args>
  Status InsertReturningId(std::string_view sql, int64_t* id, const Args&... args) {
    auto st = c_.Prepare(sql);
    if (!st.ok()) return st.status();
    storage::Bind(**st, args...);
    auto r = (*st)->Step();
    if (!r.ok()) return r.status();
    if (!*r) return Status::Internal("insert returned no id");
    *id = (*st)->Int(0);
    while (true) {
      auto more = (*st)->Step();
      if (!more.ok() || !*more) break;
    }
    return Status::Ok();
  }

  storage::Connection& c_;
  std::unordered_map<std::string, int> sequences_;
};

}  // namespace

Result<generate::Summary> GenerateIntoDatabase(
    storage::Database& db, const generate::Options& options,
    const std::function<void(int64_t done, int64_t total)>& progress) {
  std::optional<generate::Summary> summary;
  Status s = db.Write([&](storage::Connection& c) {
    auto st = c.Prepare("SELECT count(*) FROM org_units");
    if (!st.ok()) return st.status();
    auto r = (*st)->Step();
    if (!r.ok()) return r.status();
    if ((*st)->Int(0) > 0) {
      return Status::Conflict("the database already holds org units; generate into a new one");
    }
    DatabaseSink sink(c);
    auto g = generate::Generate(options, sink, progress);
    if (!g.ok()) return g.status();
    YILIAN_RETURN_IF_ERROR(sink.Finish());
    summary = std::move(*g);
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return std::move(*summary);
}

}  // namespace yilian
