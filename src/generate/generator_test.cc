#include "generate/generator.h"

#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "catalogue/service_catalogue.h"
#include "codes/code_set.h"
#include "contract/contract_rules.h"
#include "followup/followup_rules.h"
#include "identity/citizen_id.h"
#include "orgunit/division_code.h"
#include "program/enrolment_rules.h"
#include "service/service_rules.h"

namespace yilian::generate {
namespace {

// Collects everything, assigns ids and record numbers like a store would,
// and keeps a text log of every call to compare runs byte for byte.
class CollectingSink : public Sink {
 public:
  Status OrgUnit(const yilian::OrgUnit& u) override {
    log +=
        "O|" + u.code + "|" + u.name + "|" + std::to_string(u.level) + "|" + u.parent_code + "\n";
    units.push_back(u);
    return Status::Ok();
  }
  Status Alliance(MedicalAlliance& a) override {
    a.id = ++next_id;
    log += "A|" + std::to_string(a.id) + "|" + a.name + "|" + a.org_unit_code + "\n";
    alliances.push_back(a);
    return Status::Ok();
  }
  Status AllianceLead(const MedicalAlliance& a) override {
    log +=
        "L|" + std::to_string(a.id) + "|" + std::to_string(a.lead_facility_id.value_or(0)) + "\n";
    for (auto& x : alliances)
      if (x.id == a.id) x.lead_facility_id = a.lead_facility_id;
    return Status::Ok();
  }
  Status Facility(yilian::Facility& f) override {
    f.id = ++next_id;
    log += "F|" + std::to_string(f.id) + "|" + f.code + "|" + f.name + "|" + f.type + "|" +
           f.org_unit_code + "|" + std::to_string(f.alliance_id.value_or(0)) + "|" +
           std::to_string(f.beds) + "|" + f.phone + "\n";
    facilities.push_back(f);
    return Status::Ok();
  }
  Status Practitioner(yilian::Practitioner& p) override {
    p.id = ++next_id;
    log += "P|" + std::to_string(p.id) + "|" + p.name + "|" + p.id_number + "|" + p.sex + "|" +
           p.role + "|" + std::to_string(p.facility_id) + "|" + p.licence_no + "|" + p.phone + "\n";
    practitioners.push_back(p);
    return Status::Ok();
  }
  Status Team(yilian::Team& t) override {
    t.id = ++next_id;
    log += "T|" + std::to_string(t.id) + "|" + t.name + "|" + std::to_string(t.facility_id);
    for (const auto& m : t.members) log += "|" + std::to_string(m.practitioner_id) + m.team_role;
    for (const auto& v : t.village_codes) log += "|" + v;
    log += "\n";
    teams.push_back(t);
    return Status::Ok();
  }
  Status Household(yilian::Household& h) override {
    h.id = ++next_id;
    log += "H|" + std::to_string(h.id) + "|" + h.village_code + "|" + h.address + "\n";
    households.push_back(h);
    return Status::Ok();
  }
  Status Resident(yilian::Resident& r) override {
    r.id = ++next_id;
    r.record_no = r.village_code + std::to_string(10000 + ++village_seq[r.village_code]).substr(1);
    log += "R|" + std::to_string(r.id) + "|" + r.record_no + "|" + r.name + "|" + r.id_number +
           "|" + r.sex + "|" + r.birth_date.ToIso() + "|" + r.ethnicity + "|" + r.marital_status +
           "|" + r.blood_abo + r.blood_rh + "|" + r.education + "|" + r.occupation + "|" +
           std::to_string(r.household_id.value_or(0)) + "|" + r.household_relation + "|" +
           r.residence_type + "|" + r.address + "|" + r.phone + "|" + r.contact_name + "|" +
           r.contact_phone + "|" + (r.poverty ? "P" : "") + (r.family_planning_special ? "S" : "") +
           "|" + r.status + (r.status_date ? r.status_date->ToIso() : "") + "|" +
           std::to_string(r.created_by_facility);
    for (const auto& p : r.payment_types) log += "|$" + p;
    for (const auto& c : r.conditions) log += "|C" + c.code + c.diagnosed_on->ToIso();
    for (const auto& d : r.disabilities) log += "|D" + d;
    log += "\n";
    residents.push_back(r);
    return Status::Ok();
  }

  Status Enrolment(yilian::Enrolment& e) override {
    e.id = ++next_id;
    log += "E|" + std::to_string(e.id) + "|" + std::to_string(e.resident_id) + "|" + e.program +
           "|" + e.enrolled_on.ToIso() + "\n";
    enrolments.push_back(e);
    return Status::Ok();
  }
  Status Contract(yilian::Contract& k) override {
    k.id = ++next_id;
    log += "K|" + std::to_string(k.id) + "|" + std::to_string(k.resident_id) + "|" +
           std::to_string(k.team_id) + "|" + k.start_date.ToIso() + "\n";
    contracts.push_back(k);
    return Status::Ok();
  }
  Status Service(yilian::ServiceRecord& sr) override {
    sr.id = ++next_id;
    log += "S|" + std::to_string(sr.id) + "|" + std::to_string(sr.resident_id) + "|" +
           sr.service_code + "|" + sr.service_date.ToIso() + "|" + sr.data.dump() + "\n";
    services.push_back(sr);
    return Status::Ok();
  }

  Status Population(const std::string& code, int year, int64_t population) override {
    log += "N|" + code + "|" + std::to_string(year) + "|" + std::to_string(population) + "\n";
    populations[{code, year}] = population;
    return Status::Ok();
  }
  Status Target(const std::string& indicator, const std::string& code, int year,
                double target) override {
    log += "G|" + indicator + "|" + code + "|" + std::to_string(year) + "|" +
           std::to_string(target) + "\n";
    ++targets;
    return Status::Ok();
  }

  std::string log;
  int64_t next_id = 0;
  std::map<std::pair<std::string, int>, int64_t> populations;
  int targets = 0;
  std::map<std::string, int> village_seq;
  std::vector<yilian::OrgUnit> units;
  std::vector<MedicalAlliance> alliances;
  std::vector<yilian::Facility> facilities;
  std::vector<yilian::Practitioner> practitioners;
  std::vector<yilian::Team> teams;
  std::vector<yilian::Household> households;
  std::vector<yilian::Resident> residents;
  std::vector<yilian::Enrolment> enrolments;
  std::vector<yilian::Contract> contracts;
  std::vector<yilian::ServiceRecord> services;
};

const Date kToday = *Date::FromYmd(2024, 6, 30);

Options SmallCounty() {
  Options o;
  o.residents = 20000;
  o.today = kToday;
  return o;
}

// One run of a 20,000-resident county shared by the tests that only read it.
const CollectingSink& County() {
  static const CollectingSink* sink = [] {
    auto* s = new CollectingSink;
    Result<Summary> r = Generate(SmallCounty(), *s, nullptr);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return s;
  }();
  return *sink;
}

TEST(GeneratorTest, SameOptionsGiveIdenticalOutput) {
  CollectingSink again;
  ASSERT_TRUE(Generate(SmallCounty(), again, nullptr).ok());
  EXPECT_EQ(County().log, again.log);

  Options other = SmallCounty();
  other.seed = 7;
  CollectingSink different;
  ASSERT_TRUE(Generate(other, different, nullptr).ok());
  EXPECT_NE(County().log, different.log);
}

TEST(GeneratorTest, SummaryMatchesWhatWasEmitted) {
  CollectingSink sink;
  std::vector<std::pair<int64_t, int64_t>> calls;
  Result<Summary> r = Generate(
      SmallCounty(), sink, [&](int64_t done, int64_t total) { calls.emplace_back(done, total); });
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->org_units, static_cast<int64_t>(sink.units.size()));
  EXPECT_EQ(r->alliances, 1);
  EXPECT_EQ(r->facilities, static_cast<int64_t>(sink.facilities.size()));
  EXPECT_EQ(r->practitioners, static_cast<int64_t>(sink.practitioners.size()));
  EXPECT_EQ(r->teams, static_cast<int64_t>(sink.teams.size()));
  EXPECT_EQ(r->households, static_cast<int64_t>(sink.households.size()));
  EXPECT_EQ(r->residents, 20000);
  EXPECT_EQ(sink.residents.size(), 20000u);
  std::map<std::string, int64_t> conditions;
  for (const auto& res : sink.residents)
    for (const auto& c : res.conditions) ++conditions[c.code];
  EXPECT_EQ(r->conditions, conditions);
  ASSERT_GE(calls.size(), 2u);
  EXPECT_EQ(calls.back(), std::make_pair(int64_t{20000}, int64_t{20000}));
}

TEST(GeneratorTest, DivisionTreeIsConsistent) {
  const auto& s = County();
  std::set<std::string> seen;
  std::map<std::string, std::set<std::string>> names_under;
  std::map<int, int> per_level;
  for (const auto& u : s.units) {
    EXPECT_EQ(LevelOfDivisionCode(u.code), u.level) << u.code;
    ++per_level[u.level];
    if (u.level == 1) {
      EXPECT_EQ(u.code, "140000000000");
      EXPECT_EQ(u.name, "山西省");
      EXPECT_EQ(u.parent_code, "");
    } else {
      EXPECT_EQ(u.parent_code, AncestorDivisionCode(u.code, u.level - 1)) << u.code;
      EXPECT_TRUE(seen.count(u.parent_code)) << "parent after child: " << u.code;
    }
    EXPECT_TRUE(seen.insert(u.code).second) << "duplicate " << u.code;
    EXPECT_TRUE(names_under[u.parent_code].insert(u.name).second) << "duplicate name " << u.name;
    const std::string kind = u.level >= 4 ? DivisionKind(u.code) : "";
    auto ends_with = [&](std::string_view suffix) {
      return u.name.size() > suffix.size() && u.name.ends_with(suffix);
    };
    if (kind == "街道") {
      EXPECT_TRUE(ends_with("街道")) << u.name;
    }
    if (kind == "镇") {
      EXPECT_TRUE(ends_with("镇")) << u.name;
    }
    if (kind == "乡") {
      EXPECT_TRUE(ends_with("乡")) << u.name;
    }
    if (kind == "居委会") {
      EXPECT_TRUE(ends_with("社区")) << u.name;
    }
    if (kind == "村委会") {
      EXPECT_TRUE(ends_with("村")) << u.name;
    }
    if (u.level >= 4) {
      EXPECT_FALSE(kind.empty()) << u.code;
    }
  }
  EXPECT_EQ(per_level[2], 1);
  EXPECT_EQ(per_level[3], 1);
  EXPECT_EQ(s.units[2].code, "140423000000");
  EXPECT_EQ(s.units[2].name, "襄垣县");
  EXPECT_GE(per_level[4], 1);
  EXPECT_GE(per_level[5], 10);
}

TEST(GeneratorTest, EveryVillageHasAClinicAndExactlyOneTeam) {
  const auto& s = County();
  std::map<std::string, const yilian::Facility*> by_place;
  std::map<int64_t, const yilian::Facility*> by_id;
  std::set<std::string> codes;
  std::map<std::string, int> clinics;
  for (const auto& f : s.facilities) {
    EXPECT_TRUE(codes.insert(f.code).second) << "duplicate facility code " << f.code;
    EXPECT_TRUE(DefaultCodeSets().CheckCode("facility_type", f.type, "type").ok()) << f.type;
    by_id[f.id] = &f;
    if (f.type == "village_clinic" || f.type == "community_health_station") {
      ++clinics[f.org_unit_code];
      EXPECT_EQ(f.beds, 0);
    }
    if (f.type == "township_health_center") {
      EXPECT_GE(f.beds, 10);
      EXPECT_LE(f.beds, 60);
    }
  }
  ASSERT_EQ(s.alliances.size(), 1u);
  const auto& alliance = s.alliances[0];
  ASSERT_TRUE(alliance.lead_facility_id.has_value());
  const yilian::Facility* lead = by_id[*alliance.lead_facility_id];
  ASSERT_NE(lead, nullptr);
  EXPECT_EQ(lead->type, "county_hospital");
  EXPECT_GE(lead->beds, 300);
  EXPECT_LE(lead->beds, 800);
  EXPECT_EQ(lead->alliance_id, alliance.id);

  std::map<std::string, int> served;
  std::map<int64_t, std::string> role_of;
  for (const auto& p : s.practitioners) role_of[p.id] = p.role;
  for (const auto& t : s.teams) {
    const yilian::Facility* center = by_id[t.facility_id];
    ASSERT_NE(center, nullptr);
    EXPECT_TRUE(center->type == "township_health_center" ||
                center->type == "community_health_center");
    EXPECT_EQ(center->alliance_id, alliance.id);
    bool has_physician = false, has_support = false;
    for (const auto& m : t.members) {
      EXPECT_TRUE(DefaultCodeSets().CheckCode("team_role", m.team_role, "role").ok());
      ASSERT_TRUE(role_of.count(m.practitioner_id));
      has_physician |= role_of[m.practitioner_id] == "physician";
      has_support |= m.team_role == "nurse" || m.team_role == "public_health";
    }
    EXPECT_TRUE(has_physician) << t.name;
    EXPECT_TRUE(has_support) << t.name;
    EXPECT_FALSE(t.village_codes.empty()) << t.name;
    for (const auto& v : t.village_codes) {
      ++served[v];
      EXPECT_EQ(AncestorDivisionCode(v, 4), center->org_unit_code) << t.name << " " << v;
    }
  }
  std::map<int64_t, int> teams_per_center;
  for (const auto& t : s.teams) ++teams_per_center[t.facility_id];
  for (const auto& [id, n] : teams_per_center) EXPECT_LE(n, 8);

  int villages = 0;
  for (const auto& u : s.units) {
    if (u.level != 5) continue;
    ++villages;
    EXPECT_EQ(clinics[u.code], 1) << u.code;
    EXPECT_EQ(served[u.code], 1) << u.code;
  }
  EXPECT_EQ(served.size(), static_cast<size_t>(villages));
}

TEST(GeneratorTest, IdNumbersAreValidUniqueAndConsistent) {
  const auto& s = County();
  std::set<std::string> ids, licences;
  for (const auto& p : s.practitioners) {
    Result<CitizenId> id = ParseCitizenId(p.id_number, kToday);
    ASSERT_TRUE(id.ok()) << p.id_number << " " << id.status().ToString();
    EXPECT_EQ(id->sex, p.sex);
    EXPECT_EQ(id->birth_date, p.birth_date);
    EXPECT_TRUE(ids.insert(p.id_number).second) << "duplicate " << p.id_number;
    EXPECT_TRUE(DefaultCodeSets().CheckCode("practitioner_role", p.role, "role").ok());
    if (p.role != "public_health") {
      EXPECT_TRUE(licences.insert(p.licence_no).second) << "duplicate licence " << p.licence_no;
    }
    EXPECT_TRUE(ValidatePhone(p.phone, "phone").ok() && p.phone.size() == 11) << p.phone;
    const int age = p.birth_date->AgeOn(kToday);
    EXPECT_GE(age, 21);
    EXPECT_LE(age, 72);
  }
  for (const auto& r : s.residents) {
    Result<CitizenId> id = ParseCitizenId(r.id_number, kToday);
    ASSERT_TRUE(id.ok()) << r.id_number << " " << id.status().ToString();
    EXPECT_EQ(id->sex, r.sex) << r.id_number;
    EXPECT_EQ(id->birth_date, r.birth_date) << r.id_number;
    EXPECT_EQ(id->address_code, "140423");
    EXPECT_TRUE(ids.insert(r.id_number).second) << "duplicate " << r.id_number;
  }
}

TEST(GeneratorTest, ResidentCodesAreInTheirCodeSets) {
  const auto& s = County();
  const CodeSets& cs = DefaultCodeSets();
  auto check = [&](std::string_view set, const std::string& code) {
    EXPECT_TRUE(cs.CheckCode(set, code, std::string(set)).ok()) << set << " '" << code << "'";
  };
  for (const auto& r : s.residents) {
    check("sex", r.sex);
    check("ethnicity", r.ethnicity);
    check("marital_status", r.marital_status);
    check("blood_abo", r.blood_abo);
    check("blood_rh", r.blood_rh);
    if (!r.education.empty()) check("education", r.education);
    if (!r.occupation.empty()) check("occupation", r.occupation);
    ASSERT_FALSE(r.payment_types.empty());
    for (const auto& p : r.payment_types) check("payment_type", p);
    check("household_relation", r.household_relation);
    check("residence_type", r.residence_type);
    check("resident_status", r.status);
    EXPECT_EQ(r.status != "active", r.status_date.has_value());
    for (const auto& c : r.conditions) {
      check("disease_history", c.code);
      ASSERT_TRUE(c.diagnosed_on.has_value());
      EXPECT_LT(*c.diagnosed_on, kToday);
      EXPECT_GE(c.diagnosed_on->year() - r.birth_date.year(), 17) << r.name << " " << c.code;
    }
    for (const auto& d : r.disabilities) check("disability_type", d);
    EXPECT_FALSE(r.name.empty());
    EXPECT_FALSE(r.address.empty());
    if (!r.phone.empty()) {
      EXPECT_EQ(r.phone.size(), 11u);
    }
    const int age = r.birth_date.AgeOn(kToday);
    if (age < 6) {
      EXPECT_EQ(r.education, "");
    }
    if (age < 18) {
      EXPECT_EQ(r.occupation, "");
      EXPECT_EQ(r.marital_status, "10");
    }
  }
}

TEST(GeneratorTest, HouseholdsHaveOneHeadAndConsistentFamilies) {
  const auto& s = County();
  std::map<int64_t, std::vector<const yilian::Resident*>> members;
  for (const auto& r : s.residents) {
    ASSERT_TRUE(r.household_id.has_value());
    members[*r.household_id].push_back(&r);
  }
  EXPECT_EQ(members.size(), s.households.size());
  std::map<size_t, int> sizes;
  for (const auto& h : s.households) {
    const auto& m = members[h.id];
    ASSERT_FALSE(m.empty());
    ++sizes[m.size()];
    EXPECT_LE(m.size(), 6u);
    int heads = 0;
    const yilian::Resident* head = nullptr;
    for (const auto* r : m) {
      EXPECT_EQ(r->village_code, h.village_code);
      EXPECT_EQ(r->address, h.address);
      if (r->household_relation == "02") {
        ++heads;
        head = r;
      }
    }
    ASSERT_EQ(heads, 1) << h.address;
    EXPECT_EQ(m[0], head) << "head first";
    for (const auto* r : m) {
      const int gap = r->birth_date.year() - head->birth_date.year();
      if (r->household_relation == "20" || r->household_relation == "30") {
        EXPECT_GE(gap, 15) << head->name << " / " << r->name;
      }
      if (r->household_relation == "40") {
        EXPECT_GE(gap, 30) << head->name << " / " << r->name;
      }
      if (r->household_relation == "50") {
        EXPECT_LE(gap, -15) << head->name << " / " << r->name;
      }
      if (r->household_relation == "10") {
        EXPECT_NE(r->sex, head->sex);
        EXPECT_EQ(r->marital_status, "20");
      }
    }
  }
  EXPECT_GT(sizes[1], 0);
  EXPECT_GT(sizes[5] + sizes[6], 0);
  const double mean = static_cast<double>(s.residents.size()) / s.households.size();
  EXPECT_GT(mean, 2.3);
  EXPECT_LT(mean, 3.5);
}

TEST(GeneratorTest, PopulationLooksLikeRuralChina) {
  const auto& s = County();
  int64_t n = 0, under7 = 0, over64 = 0, male = 0, over34 = 0, htn = 0, dm = 0, han = 0,
          disabled = 0, poor = 0, inactive = 0, farmers = 0, adults = 0;
  std::map<std::string, int> names_in_village;
  for (const auto& r : s.residents) {
    ++n;
    const int age = r.birth_date.AgeOn(kToday);
    under7 += age <= 6;
    over64 += age >= 65;
    male += r.sex == "1";
    han += r.ethnicity == "01";
    disabled += r.has_disability();
    poor += r.poverty;
    inactive += r.status != "active";
    if (age >= 18 && age < 60) {
      ++adults;
      farmers += r.occupation == "5";
    }
    if (age >= 35) {
      ++over34;
      htn += r.HasCondition("2");
      dm += r.HasCondition("3");
    }
    ++names_in_village[r.village_code + r.name];
  }
  auto share = [](int64_t part, int64_t whole) { return 100.0 * part / whole; };
  EXPECT_GT(share(over64, n), 14);
  EXPECT_LT(share(over64, n), 22);
  EXPECT_GT(share(under7, n), 4);
  EXPECT_LT(share(under7, n), 9);
  const double sex_ratio = 100.0 * male / (n - male);
  EXPECT_GT(sex_ratio, 98);
  EXPECT_LT(sex_ratio, 112);
  EXPECT_GT(share(htn, over34), 22);
  EXPECT_LT(share(htn, over34), 38);
  EXPECT_GT(share(dm, over34), 6);
  EXPECT_LT(share(dm, over34), 15);
  EXPECT_GT(share(han, n), 95);
  EXPECT_GT(share(disabled, n), 4);
  EXPECT_LT(share(disabled, n), 8);
  EXPECT_GT(share(poor, n), 2);
  EXPECT_LT(share(poor, n), 10);
  EXPECT_LT(share(inactive, n), 2.5);
  EXPECT_GT(share(farmers, adults), 40);
  // Namesakes in one village happen, but rarely.
  int64_t namesakes = 0;
  for (const auto& [key, count] : names_in_village) namesakes += count - 1;
  EXPECT_GT(namesakes, 0);
  EXPECT_LT(share(namesakes, n), 3);
}

TEST(GeneratorTest, CityHasSeveralCountiesAndCityHospitals) {
  Options o;
  o.kind = "city";
  o.residents = 40000;
  o.today = kToday;
  CollectingSink s;
  Result<Summary> r = Generate(o, s, nullptr);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  int counties = 0, districts = 0;
  for (const auto& u : s.units) {
    if (u.level != 3) continue;
    ++counties;
    EXPECT_EQ(u.code.substr(0, 4), "1404");
    EXPECT_EQ(u.parent_code, "140400000000");
    districts += u.code[4] == '0';
  }
  EXPECT_GE(counties, 8);
  EXPECT_LE(counties, 12);
  EXPECT_GE(districts, 2);
  EXPECT_EQ(r->alliances, counties);
  int city_hospitals = 0;
  std::set<std::string> codes;
  for (const auto& f : s.facilities) {
    city_hospitals += f.type == "city_hospital";
    EXPECT_TRUE(codes.insert(f.code).second) << f.code;
  }
  EXPECT_GE(city_hospitals, 1);
  EXPECT_LE(city_hospitals, 2);
  EXPECT_EQ(s.residents.size(), 40000u);
  std::set<std::string> ids;
  for (const auto& res : s.residents) EXPECT_TRUE(ids.insert(res.id_number).second);
}

TEST(GeneratorTest, RefusesBadOptions) {
  CollectingSink s;
  Options o = SmallCounty();
  o.kind = "province";
  EXPECT_EQ(Generate(o, s, nullptr).status().fields().at(0).field, "kind");
  o = SmallCounty();
  o.residents = 0;
  EXPECT_EQ(Generate(o, s, nullptr).status().fields().at(0).field, "residents");
  o = SmallCounty();
  o.province_code = "99";
  EXPECT_EQ(Generate(o, s, nullptr).status().fields().at(0).field, "province_code");
  o = SmallCounty();
  o.county_code = "150423";
  EXPECT_EQ(Generate(o, s, nullptr).status().fields().at(0).field, "county_code");
  EXPECT_TRUE(s.units.empty());
}

TEST(GeneratorTest, TinyCountyStillWorks) {
  Options o = SmallCounty();
  o.residents = 7;
  CollectingSink s;
  Result<Summary> r = Generate(o, s, nullptr);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(s.residents.size(), 7u);
}

TEST(GeneratorTest, SinkErrorStopsGeneration) {
  class FailingSink : public CollectingSink {
   public:
    Status Team(yilian::Team&) override { return Status::IoError("disk full"); }
  };
  FailingSink s;
  Result<Summary> r = Generate(SmallCounty(), s, nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kIoError);
  EXPECT_TRUE(s.residents.empty());
}

// Every enrolment, contract and service the generator makes would be accepted
// by the API: the same rule functions judge them here.
TEST(GeneratorTest, EveryCareRecordPassesTheApiRules) {
  const CollectingSink& c = County();
  const CodeSets& codes = DefaultCodeSets();
  const ServiceCatalogue& cat = ServiceCatalogue::Default();
  const FollowUpRules& rules = FollowUpRules::Default();
  std::map<int64_t, const yilian::Resident*> residents;
  for (const auto& r : c.residents) residents[r.id] = &r;
  std::map<int64_t, const yilian::Practitioner*> practitioners;
  for (const auto& p : c.practitioners) practitioners[p.id] = &p;
  std::map<int64_t, const yilian::Team*> teams;
  for (const auto& t : c.teams) teams[t.id] = &t;
  std::map<int64_t, std::vector<yilian::Enrolment>> enrolments;
  for (const auto& e : c.enrolments) enrolments[e.resident_id].push_back(e);
  std::map<int64_t, std::vector<yilian::Contract>> contracts;
  for (const auto& k : c.contracts) contracts[k.resident_id].push_back(k);
  ASSERT_GT(c.enrolments.size(), 500u);
  ASSERT_GT(c.contracts.size(), 5000u);
  ASSERT_GT(c.services.size(), 10000u);

  int failures = 0;
  auto fail = [&](const std::string& what, const Status& s) {
    if (++failures <= 10) ADD_FAILURE() << what << ": " << s.ToString();
  };
  for (const auto& e : c.enrolments) {
    const yilian::Resident& r = *residents.at(e.resident_id);
    yilian::Enrolment fresh = e;
    fresh.discharged_on.reset();
    fresh.discharge_reason.clear();
    fresh.delivery_date.reset();
    std::vector<yilian::Enrolment> earlier;
    for (const auto& o : enrolments[e.resident_id])
      if (o.id < e.id) earlier.push_back(o);
    if (Status s = CheckNewEnrolment(fresh, r, earlier, codes, kToday); !s.ok())
      fail("enrolment " + std::to_string(e.id), s);
    if (e.discharged_on) {
      if (Status s = CheckDischarge(fresh, *e.discharged_on, e.discharge_reason, e.delivery_date,
                                    codes, kToday);
          !s.ok())
        fail("discharge " + std::to_string(e.id), s);
    }
  }
  for (const auto& k : c.contracts) {
    ContractContext ctx;
    ctx.resident = residents.at(k.resident_id);
    ctx.team = teams.at(k.team_id);
    for (const auto& m : ctx.team->members)
      ctx.member_status[m.practitioner_id] = practitioners.at(m.practitioner_id)->status;
    ctx.enrolments = enrolments[k.resident_id];
    for (const auto& o : contracts[k.resident_id])
      if (o.id != k.id) ctx.existing.push_back(o);
    yilian::Contract fresh = k;
    if (Status s = CheckNewContract(fresh, ctx, cat, codes, kToday); !s.ok())
      fail("contract " + std::to_string(k.id), s);
    EXPECT_EQ(fresh.fee_cents, k.fee_cents);
    // The latest contract is in force; an earlier one ended the day before it.
    if (k.id == contracts[k.resident_id].back().id) {
      EXPECT_TRUE(k.InForceOn(kToday));
    }
  }
  std::set<std::tuple<int64_t, std::string, int32_t>> seen;
  for (const auto& sr : c.services) {
    ServiceContext ctx;
    ctx.resident = residents.at(sr.resident_id);
    ctx.practitioner = practitioners.at(sr.practitioner_id);
    for (const auto& t : c.teams) {
      for (const auto& m : t.members)
        if (m.practitioner_id == sr.practitioner_id) ctx.practitioner_teams.push_back(t.id);
    }
    ctx.enrolments = enrolments[sr.resident_id];
    ctx.contracts = contracts[sr.resident_id];
    yilian::ServiceRecord fresh = sr;
    fresh.facility_id = 0;
    if (Status s = CheckServiceRecord(fresh, sr.data, ctx, cat, rules, codes, kToday); !s.ok()) {
      fail("service " + std::to_string(sr.id) + " " + sr.service_code + " " + sr.data.dump(), s);
      continue;
    }
    EXPECT_EQ(fresh.facility_id, sr.facility_id);
    EXPECT_EQ(fresh.points_centi, sr.points_centi);
    EXPECT_EQ(fresh.enrolment_id, sr.enrolment_id) << sr.service_code;
    EXPECT_EQ(fresh.contract_id, sr.contract_id) << sr.service_code;
    EXPECT_EQ(fresh.data, sr.data);
    EXPECT_TRUE(seen.insert({sr.resident_id, sr.service_code, sr.service_date.days()}).second)
        << "two " << sr.service_code << " on one day";
  }
  EXPECT_EQ(failures, 0);
}

TEST(GeneratorTest, CareLooksLikeAYearInACounty) {
  const CollectingSink& c = County();
  std::map<int64_t, const yilian::Resident*> residents;
  int64_t active = 0;
  for (const auto& r : c.residents) {
    residents[r.id] = &r;
    if (r.status == "active") ++active;
  }
  std::map<int64_t, std::vector<const yilian::Enrolment*>> enrolled;
  for (const auto& e : c.enrolments) enrolled[e.resident_id].push_back(&e);
  int64_t key = 0, key_signed = 0;
  std::set<int64_t> signed_ids;
  for (const auto& k : c.contracts) signed_ids.insert(k.resident_id);
  for (const auto& r : c.residents) {
    if (r.status != "active") continue;
    int age = r.birth_date.AgeOn(kToday);
    if (age >= 65 || age < 7 || enrolled.count(r.id) || r.has_disability() || r.poverty) {
      ++key;
      key_signed += signed_ids.count(r.id);
    }
  }
  double rate = static_cast<double>(signed_ids.size()) / static_cast<double>(active);
  EXPECT_GT(rate, 0.58);
  EXPECT_LT(rate, 0.75);
  EXPECT_GT(static_cast<double>(key_signed) / static_cast<double>(key), 0.85);
  // Hypertension patients managed all year get about four follow-ups.
  std::map<int64_t, int> followups;
  int64_t verified = 0;
  for (const auto& sr : c.services) {
    if (sr.service_code == "htn_followup" && sr.service_date > kToday.AddDays(-365))
      ++followups[sr.resident_id];
    verified += sr.verified() ? 1 : 0;
  }
  int64_t whole_year = 0, visits = 0, standard = 0;
  for (const auto& e : c.enrolments) {
    if (e.program != "hypertension" || e.enrolled_on > kToday.AddDays(-364)) continue;
    ++whole_year;
    visits += followups[e.resident_id];
    standard += followups[e.resident_id] >= 4 ? 1 : 0;
  }
  ASSERT_GT(whole_year, 300);
  double mean = static_cast<double>(visits) / static_cast<double>(whole_year);
  EXPECT_GT(mean, 3.5);
  EXPECT_LT(mean, 7.0);
  double standard_rate = static_cast<double>(standard) / static_cast<double>(whole_year);
  EXPECT_GT(standard_rate, 0.6);  // 规范管理率: most, not all
  EXPECT_LT(standard_rate, 0.97);
  double verified_rate = static_cast<double>(verified) / static_cast<double>(c.services.size());
  EXPECT_GT(verified_rate, 0.85);
  EXPECT_LT(verified_rate, 0.95);
}

}  // namespace
}  // namespace yilian::generate
