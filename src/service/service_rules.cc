#include "service/service_rules.h"

#include <algorithm>

namespace yilian {

Status CheckServiceRecord(ServiceRecord& s, const nlohmann::json& data, const ServiceContext& ctx,
                          const ServiceCatalogue& catalogue, const FollowUpRules& rules,
                          const CodeSets& codes, Date today) {
  FieldErrors errs;
  const Resident& r = *ctx.resident;
  const ServiceItem* item = catalogue.FindItem(s.service_code);
  if (!item) {
    errs.Add("service_code", s.service_code.empty()
                                 ? "is required"
                                 : "no service item " + s.service_code + " in the catalogue");
    return errs.ToStatus("service record");
  }
  if (s.service_date > today) errs.Add("service_date", "is in the future");
  if (s.service_date < r.birth_date) {
    errs.Add("service_date", "is before the resident's birth (" + r.birth_date.ToIso() + ")");
  }
  if (r.status == "merged") {
    errs.Add("resident_id", "record " + r.record_no +
                                " was merged; record the service on the "
                                "surviving record");
  } else if (r.status != "active" && r.status_date && s.service_date > *r.status_date) {
    errs.Add("service_date", "is after the resident " +
                                 std::string(r.status == "deceased" ? "died" : "moved out") + " (" +
                                 r.status_date->ToIso() + ")");
  }
  if (!item->sex.empty() && r.sex != item->sex) {
    errs.Add("service_code", item->name + " is for women only");
  }
  if (s.service_date >= r.birth_date) {
    int age = r.birth_date.AgeOn(s.service_date);
    int days = s.service_date.days() - r.birth_date.days();
    if (item->min_age_years && age < *item->min_age_years) {
      errs.Add("service_code", item->name + " is for residents aged " +
                                   std::to_string(*item->min_age_years) + " or more (aged " +
                                   std::to_string(age) + ")");
    }
    if (item->max_age_years && age >= *item->max_age_years) {
      errs.Add("service_code", item->name + " is for children under " +
                                   std::to_string(*item->max_age_years) + " (aged " +
                                   std::to_string(age) + ")");
    }
    if (item->max_age_days && days > *item->max_age_days) {
      errs.Add("service_code", item->name + " is within " + std::to_string(*item->max_age_days) +
                                   " days of birth (" + std::to_string(days) + " days)");
    }
  }
  s.enrolment_id.reset();
  if (!item->program.empty()) {
    for (const auto& e : ctx.enrolments) {
      if (e.program == item->program && e.ActiveOn(s.service_date)) s.enrolment_id = e.id;
    }
    if (!s.enrolment_id) {
      errs.Add("service_code", item->name + " needs an enrolment in " + item->program +
                                   " in force on " + s.service_date.ToIso());
    }
  }
  s.contract_id.reset();
  const Contract* contract = nullptr;
  for (const auto& c : ctx.contracts) {
    if (c.InForceOn(s.service_date)) {
      contract = &c;
      s.contract_id = c.id;
    }
  }

  if (!ctx.practitioner) {
    errs.Add("practitioner_id",
             s.practitioner_id <= 0
                 ? "is required: who delivered the service"
                 : "practitioner " + std::to_string(s.practitioner_id) + " does not exist");
  } else {
    const Practitioner& p = *ctx.practitioner;
    if (p.status != "active") {
      errs.Add("practitioner_id", "practitioner " + p.name + " is " + p.status + ", not active");
    }
    if (s.facility_id == 0) s.facility_id = p.facility_id;
    if (s.facility_id != p.facility_id) {
      errs.Add("facility_id", "practitioner " + p.name + " works at facility " +
                                  std::to_string(p.facility_id) + ", not " +
                                  std::to_string(s.facility_id));
    }
    const auto& teams = ctx.practitioner_teams;
    if (s.team_id) {
      if (std::find(teams.begin(), teams.end(), *s.team_id) == teams.end()) {
        errs.Add("team_id",
                 "practitioner " + p.name + " is not on team " + std::to_string(*s.team_id));
      }
    } else if (contract &&
               std::find(teams.begin(), teams.end(), contract->team_id) != teams.end()) {
      s.team_id = contract->team_id;
    } else if (!teams.empty()) {
      s.team_id = teams.front();
    }
  }

  if (Status st = codes.CheckCode("verification_method", s.verification, "verification");
      !st.ok()) {
    for (const auto& f : st.fields()) errs.Add(f.field, f.reason);
  }
  s.points_centi = s.verified() ? item->points_centi : 0;

  const ServiceForm* form = catalogue.FindForm(item->form);
  s.data = ReadFormData(*form, item->require, data, codes, &errs);
  s.readings = ReadingsOf(s.data);
  if (s.readings.next_visit_date) {
    if (*s.readings.next_visit_date <= s.service_date) {
      errs.Add("data.next_visit_date", "must be after the visit");
    } else if (s.readings.next_visit_date->days() - s.service_date.days() > 366) {
      errs.Add("data.next_visit_date", "is more than a year after the visit");
    }
  }
  if (const ChronicRule* rule = rules.Chronic(item->program);
      rule && s.readings.classification == "1") {
    if (FollowUpRules::Classify(*rule, s.readings) == Control::kUncontrolled) {
      std::string reading;
      if (s.readings.sbp && s.readings.dbp) {
        reading = "blood pressure " + std::to_string(*s.readings.sbp) + "/" +
                  std::to_string(*s.readings.dbp) + " mmHg is not below " +
                  std::to_string(rule->sbp_below.value_or(0)) + "/" +
                  std::to_string(rule->dbp_below.value_or(0));
      } else {
        reading = "the readings are not within the controlled bounds";
      }
      if (rule->fbg_below && s.readings.fbg && *s.readings.fbg >= *rule->fbg_below) {
        reading = "fasting glucose " + FormatPoints(std::llround(*s.readings.fbg * 100)) +
                  " mmol/L is not below " + FormatPoints(std::llround(*rule->fbg_below * 100));
      }
      errs.Add("data.classification", "is 控制满意 (controlled) but the " + reading);
    }
  }
  if (ctx.same_day_record) {
    if (!errs.empty()) return errs.ToStatus("service record");
    return Status::Conflict("a " + item->name + " is already recorded for this resident on " +
                                s.service_date.ToIso() + " (service record " +
                                std::to_string(*ctx.same_day_record) + ")",
                            {{"service_code", "already recorded on this day"}})
        .WithDetail("existing_id", std::to_string(*ctx.same_day_record));
  }
  return errs.ToStatus("service record");
}

}  // namespace yilian
