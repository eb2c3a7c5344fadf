// Residents and their health records (居民健康档案, personal basic information form).
//
// One resident, one record: a resident's ID number (for document type 01,
// the GB 11643 citizen ID) is unique among records that are not merged away.
// The 17-digit record number is county(6) + township(3) + village(3) +
// sequence(5), assigned in order of creation within the village and never
// changed, even when the resident moves or the village is merged.
// Age-based key populations (children 0-6, elderly 65+) are derived from the
// birth date, never stored.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"

namespace yilian {

// A past illness from the 既往史 section (code set "disease_history").
struct Condition {
  std::string code;
  std::optional<Date> diagnosed_on;
  bool operator==(const Condition&) const = default;
};

struct Resident {
  int64_t id = 0;
  std::string record_no;  // 17 digits, assigned on create
  std::string name;
  std::string id_type = "01";  // code set "id_document_type"
  std::string id_number;       // normalised; may be empty only for id_type other than 01
  std::string sex;             // code set "sex"
  Date birth_date;
  std::string ethnicity = "01";            // code set "ethnicity"
  std::string marital_status;              // code set "marital_status", optional
  std::string blood_abo;                   // code set "blood_abo", optional
  std::string blood_rh;                    // code set "blood_rh", optional
  std::string education;                   // code set "education", optional
  std::string occupation;                  // code set "occupation", optional
  std::vector<std::string> payment_types;  // code set "payment_type"
  std::string village_code;                // current residence, a level-5 org unit
  std::optional<int64_t> household_id;
  std::string household_relation;    // code set "household_relation", optional
  std::string residence_type = "1";  // code set "residence_type": 1 户籍, 2 常住, 3 流动
  std::string address;
  std::string phone;
  std::string contact_name;
  std::string contact_phone;
  std::string work_unit;
  std::vector<Condition> conditions;      // 既往史
  std::vector<std::string> disabilities;  // code set "disability_type", excluding "1" (none)
  bool poverty = false;                   // 建档立卡/脱贫/监测对象
  bool family_planning_special = false;   // 计生特殊家庭
  std::string status = "active";          // code set "resident_status"
  std::optional<Date> status_date;        // date moved out / died / merged
  std::optional<int64_t> merged_into;     // surviving record when status == "merged"
  int64_t created_by_facility = 0;        // 建档机构, 0 when unknown
  // 建档日期: the day the health record was established (the day it was
  // created here unless given, e.g. for records carried over from paper).
  std::optional<Date> record_date;
  std::string created_at;                 // ISO 8601 timestamp, set by storage
  std::string updated_at;
  int64_t version = 1;

  bool has_disability() const { return !disabilities.empty(); }
  bool HasCondition(std::string_view code) const {
    for (const auto& c : conditions)
      if (c.code == code) return true;
    return false;
  }
};

struct Household {
  int64_t id = 0;
  std::string village_code;
  std::string address;
  std::optional<int64_t> head_resident_id;
  int64_t version = 1;
};

}  // namespace yilian
