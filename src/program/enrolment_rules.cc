#include "program/enrolment_rules.h"

namespace yilian {

bool EligibleForProgram(const std::string& program, const Resident& r, Date on) {
  int age = r.birth_date.AgeOn(on);
  if (program == "hypertension" || program == "diabetes") return age >= 35;
  if (program == "pregnancy") return r.sex == "2" && age >= 12 && age <= 55;
  return true;
}

Status CheckNewEnrolment(Enrolment& e, const Resident& r, const std::vector<Enrolment>& existing,
                         const CodeSets& codes, Date today) {
  FieldErrors errs;
  if (Status s = codes.CheckCode("program", e.program, "program"); !s.ok()) {
    for (const auto& f : s.fields()) errs.Add(f.field, f.reason);
    return errs.ToStatus("enrolment");
  }
  if (r.status != "active") {
    errs.Add("resident_id",
             "resident " + std::to_string(r.id) + " is " + r.status + ", not active");
  }
  if (e.enrolled_on > today) errs.Add("enrolled_on", "is in the future");
  if (e.enrolled_on < r.birth_date) errs.Add("enrolled_on", "is before the resident's birth");
  if (!EligibleForProgram(e.program, r, e.enrolled_on)) {
    if (e.program == "pregnancy") {
      errs.Add("program", "pregnancy management is for women aged 12 to 55");
    } else {
      errs.Add("program", e.program + " management is for residents aged 35 or more (aged " +
                              std::to_string(r.birth_date.AgeOn(e.enrolled_on)) + " on " +
                              e.enrolled_on.ToIso() + ")");
    }
  }
  if (e.program == "mental") {
    if (!e.risk_level)
      errs.Add("risk_level", "is required for severe mental disorders (0-5)");
    else if (*e.risk_level < 0 || *e.risk_level > 5)
      errs.Add("risk_level", "must be 0 to 5");
  } else if (e.risk_level) {
    errs.Add("risk_level", "applies to severe mental disorders only");
  }
  if (e.program == "pregnancy") {
    if (!e.lmp) {
      errs.Add("lmp", "is required for pregnancy (the last menstrual period)");
    } else {
      if (*e.lmp > e.enrolled_on) errs.Add("lmp", "is after the enrolment date");
      if (e.enrolled_on.days() - e.lmp->days() > 44 * 7)
        errs.Add("lmp", "is more than 44 weeks before the enrolment date");
      if (!e.edd) e.edd = e.lmp->AddDays(280);
      int gap = e.edd->days() - e.lmp->days();
      if (gap < 240 || gap > 300) errs.Add("edd", "must be 240 to 300 days after the lmp");
    }
  } else {
    if (e.lmp) errs.Add("lmp", "applies to pregnancy only");
    if (e.edd) errs.Add("edd", "applies to pregnancy only");
  }
  if (e.program == "tb") {
    if (!e.notified_on) e.notified_on = e.enrolled_on;
    if (*e.notified_on > today) errs.Add("notified_on", "is in the future");
    if (*e.notified_on < r.birth_date) errs.Add("notified_on", "is before the resident's birth");
  } else if (e.notified_on) {
    errs.Add("notified_on", "applies to tuberculosis only");
  }
  if (e.delivery_date) errs.Add("delivery_date", "is recorded on discharge");
  for (const Enrolment& other : existing) {
    if (other.id == e.id || other.program != e.program) continue;
    if (other.open() || *other.discharged_on > e.enrolled_on) {
      errs.Add("program", "resident is already enrolled in " + e.program + " (enrolment " +
                              std::to_string(other.id) + " since " + other.enrolled_on.ToIso() +
                              ")");
      break;
    }
  }
  return errs.ToStatus("enrolment");
}

Status CheckDischarge(const Enrolment& e, Date on, const std::string& reason,
                      const std::optional<Date>& delivery_date, const CodeSets& codes, Date today) {
  FieldErrors errs;
  if (!e.open()) {
    return Status::Conflict("enrolment " + std::to_string(e.id) + " was discharged on " +
                            e.discharged_on->ToIso());
  }
  if (Status s = codes.CheckCode("discharge_reason", reason, "reason"); !s.ok()) {
    for (const auto& f : s.fields()) errs.Add(f.field, f.reason);
  }
  if (on < e.enrolled_on)
    errs.Add("date", "is before the enrolment (" + e.enrolled_on.ToIso() + ")");
  if (on > today) errs.Add("date", "is in the future");
  if (reason == "delivered") {
    if (e.program != "pregnancy") {
      errs.Add("reason", "delivered applies to pregnancy only");
    } else if (!delivery_date) {
      errs.Add("delivery_date", "is required when the reason is delivered");
    } else {
      if (e.lmp && delivery_date->days() - e.lmp->days() < 20 * 7)
        errs.Add("delivery_date", "is less than 20 weeks after the lmp");
      if (*delivery_date > on) errs.Add("delivery_date", "is after the discharge date");
    }
  } else if (delivery_date) {
    errs.Add("delivery_date", "applies when the reason is delivered");
  }
  return errs.ToStatus("discharge");
}

}  // namespace yilian
