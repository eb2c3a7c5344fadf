// Test support: a TestCounty with the daily work wired up — a township
// health centre, a doctor and a village doctor and a family-doctor team per
// township, the registries of enrolments, contracts and services, and a
// LiveState that every write updates (as `yilian serve` does).
#pragma once

#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "catalogue/service_catalogue.h"
#include "contract/contract_registry.h"
#include "facility/facility_store.h"
#include "followup/followup_rules.h"
#include "live/live_state.h"
#include "practitioner/practitioner_store.h"
#include "program/enrolment_registry.h"
#include "service/service_registry.h"
#include "team/team_store.h"
#include "testing/test_county.h"

namespace yilian::testing {

struct CareCounty {
  TestCounty t;
  const ServiceCatalogue& cat = ServiceCatalogue::Default();
  const FollowUpRules& rules = FollowUpRules::Default();
  live::LiveState live{*t.db, *t.org_units, rules};
  EnrolmentRegistry enrolments{*t.db, DefaultCodeSets(), &live};
  ContractRegistry contracts{*t.db, cat, DefaultCodeSets(), &live};
  ServiceRegistry services{*t.db, cat, rules, DefaultCodeSets(), &live};
  std::map<std::string, int64_t> team_of;             // village -> team
  std::map<std::string, std::vector<int64_t>> staff;  // village -> practitioners on its team

  CareCounty() {
    t.residents->SetLive(&live);
    // A township health centre in each township, a team per township with a
    // doctor and a village doctor, serving its villages.
    Status s = t.db->Write([&](storage::Connection& c) {
      int n = 0;
      for (auto [town, villages] :
           {std::pair{TestCounty::kTownA,
                      std::vector<std::string>{TestCounty::kVillageA1, TestCounty::kVillageA2}},
            std::pair{TestCounty::kTownB, std::vector<std::string>{TestCounty::kVillageB1}}}) {
        Facility f;
        f.code = "F" + std::to_string(++n);
        f.name = "卫生院" + std::to_string(n);
        f.type = "township_health_center";
        f.org_unit_code = town;
        YILIAN_RETURN_IF_ERROR(facility_store::Insert(c, f));
        std::vector<int64_t> ids;
        for (const char* role : {"physician", "village_doctor"}) {
          Practitioner p;
          p.name = std::string(role) + std::to_string(n);
          p.id_number =
              TestCounty::Id("1980-01-01", 100 + 2 * static_cast<int>(ids.size()) + 10 * n);
          p.role = role;
          p.facility_id = f.id;
          p.licence_no = "L" + std::to_string(n) + role;
          YILIAN_RETURN_IF_ERROR(practitioner_store::Insert(c, p));
          ids.push_back(p.id);
        }
        Team team;
        team.name = "团队" + std::to_string(n);
        team.facility_id = f.id;
        team.members = {{ids[0], "leader"}, {ids[1], "village_doctor"}};
        team.village_codes = villages;
        YILIAN_RETURN_IF_ERROR(team_store::Insert(c, team));
        for (const auto& v : villages) {
          team_of[v] = team.id;
          staff[v] = ids;
        }
      }
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    EXPECT_TRUE(live.Rebuild().ok());
  }
};

}  // namespace yilian::testing
