// Service records (服务记录): one public-health service delivered to one
// resident — a follow-up, a health check, a child or prenatal visit, a
// vaccination — by a practitioner of a facility, on a day, with the form's
// data and how the service was verified (两卡制). Only verified services earn
// work points. Records are never edited: a wrong one is voided with a reason
// and recorded again, so the work-point ledger keeps its history.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "catalogue/service_form.h"
#include "core/date.h"

namespace yilian {

struct ServiceRecord {
  int64_t id = 0;
  int64_t resident_id = 0;
  std::string service_code;  // ServiceItem code
  Date service_date;
  std::string village_code;  // the resident's village when served
  int64_t facility_id = 0;   // the practitioner's facility (credited with the points)
  int64_t practitioner_id = 0;
  std::optional<int64_t> team_id;
  std::string verification;             // code set "verification_method"
  int64_t points_centi = 0;             // the item's points when verified, else 0
  std::optional<int64_t> enrolment_id;  // the program enrolment served
  std::optional<int64_t> contract_id;   // the contract in force that day
  // The form, normalised; null when never set (the live state's bulk read
  // leaves it so: an empty object per record was a twentieth of a rebuild).
  nlohmann::json data;
  Readings readings;             // from data, for rules and figures
  std::string status = "valid";  // "valid" | "voided"
  std::string void_reason;
  std::optional<int64_t> recorded_by;  // user id
  std::string created_at;
  std::string updated_at;
  int64_t version = 1;

  // `data`, or an empty object when it was never set: what is stored and shown.
  const nlohmann::json& form() const {
    static const nlohmann::json kEmpty = nlohmann::json::object();
    return data.is_null() ? kEmpty : data;
  }
  bool verified() const { return VerifiedBy(verification); }
  bool valid() const { return ValidStatus(status); }
  // Whether a record verified this way earns work points (两卡制 or face).
  static bool VerifiedBy(std::string_view verification) {
    return verification == "dual_card" || verification == "face";
  }
  // Whether a record with this status counts (is not voided).
  static bool ValidStatus(std::string_view status) { return status == "valid"; }
};

}  // namespace yilian
