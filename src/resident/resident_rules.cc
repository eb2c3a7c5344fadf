#include "resident/resident_rules.h"

#include <cctype>

#include <algorithm>
#include <cstdio>

#include "core/json_fields.h"
#include "identity/citizen_id.h"

namespace yilian {

std::string FormatRecordNo(std::string_view village_code, int sequence) {
  char seq[8];
  std::snprintf(seq, sizeof seq, "%05d", sequence);
  return std::string(village_code) + seq;
}

bool IsWellFormedRecordNo(std::string_view s) {
  return s.size() == 17 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool IsChild0to6(const Resident& r, Date on) {
  int age = r.birth_date.AgeOn(on);
  return age >= 0 && age <= 6;
}

bool IsElderly65(const Resident& r, Date on) { return r.birth_date.AgeOn(on) >= 65; }

namespace {

void CheckCode(const CodeSets& codes, FieldErrors& errs, const char* set, const char* field,
               const std::string& value, bool required) {
  if (value.empty()) {
    if (required) errs.Add(field, "is required");
    return;
  }
  Status s = codes.CheckCode(set, value, field);
  if (!s.ok()) {
    for (const auto& f : s.fields()) errs.Add(f.field, f.reason);
  }
}

}  // namespace

bool IsPersonName(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80) continue;  // part of a non-ASCII code point (validity checked elsewhere)
    if (std::isalpha(c) || c == ' ' || c == '-' || c == '.') continue;
    return false;
  }
  return true;
}

Status NormaliseAndValidateResident(Resident& r, const CodeSets& codes, const OrgTree& tree,
                                    Date today) {
  FieldErrors errs;
  r.name = TrimText(r.name);
  if (r.name.empty())
    errs.Add("name", "is required");
  else if (Utf8Length(r.name) > 50)
    errs.Add("name", "is longer than 50 characters");
  else if (!IsCleanUtf8Text(r.name))
    errs.Add("name", "contains control characters");
  else if (!IsPersonName(r.name))
    errs.Add("name", "may only contain letters, spaces, '-', '.' and '·'");

  CheckCode(codes, errs, "id_document_type", "id_type", r.id_type, true);
  r.id_number = TrimText(r.id_number);
  bool birth_given = r.birth_date != Date();
  if (r.id_type == "01") {
    if (r.id_number.empty()) {
      errs.Add("id_number", "is required for document type 01 (居民身份证)");
    } else {
      auto id = ParseCitizenId(r.id_number, today);
      if (!id.ok()) {
        for (const auto& f : id.status().fields()) errs.Add(f.field, f.reason);
        if (id.status().fields().empty()) errs.Add("id_number", id.status().message());
      } else {
        r.id_number = id->number;
        if (r.sex.empty())
          r.sex = id->sex;
        else if (r.sex != id->sex && (r.sex == "1" || r.sex == "2")) {
          errs.Add("sex", std::string("does not match the ID number, which is that of a ") +
                              (id->sex == "1" ? "male (1)" : "female (2)"));
        }
        if (!birth_given)
          r.birth_date = id->birth_date;
        else if (r.birth_date != id->birth_date) {
          errs.Add("birth_date", "does not match the birth date in the ID number (" +
                                     id->birth_date.ToIso() + ")");
        }
        birth_given = true;
      }
    }
  } else if (!r.id_number.empty()) {
    if (Utf8Length(r.id_number) > 30) errs.Add("id_number", "is longer than 30 characters");
    for (char c : r.id_number) {
      if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
            c == '-' || c == '(' || c == ')')) {
        errs.Add("id_number", "may contain only letters, digits, '-' and parentheses");
        break;
      }
    }
  }
  // With a citizen ID (or a document type we could not read), sex and birth
  // date come from the number: only its own error is worth reporting.
  const CodeSet* id_types = codes.Find("id_document_type");
  bool derived = r.id_type == "01" || !id_types || !id_types->Contains(r.id_type);
  CheckCode(codes, errs, "sex", "sex", r.sex, !derived);
  if (!birth_given && !derived) errs.Add("birth_date", "is required");
  if (birth_given && r.birth_date > today) errs.Add("birth_date", "is in the future");
  if (birth_given && r.birth_date < *Date::FromYmd(1880, 1, 1)) {
    errs.Add("birth_date", "is before 1880");
  }

  CheckCode(codes, errs, "ethnicity", "ethnicity", r.ethnicity, false);
  CheckCode(codes, errs, "marital_status", "marital_status", r.marital_status, false);
  CheckCode(codes, errs, "blood_abo", "blood_abo", r.blood_abo, false);
  CheckCode(codes, errs, "blood_rh", "blood_rh", r.blood_rh, false);
  CheckCode(codes, errs, "education", "education", r.education, false);
  CheckCode(codes, errs, "occupation", "occupation", r.occupation, false);
  CheckCode(codes, errs, "residence_type", "residence_type", r.residence_type, true);
  CheckCode(codes, errs, "household_relation", "household_relation", r.household_relation, false);
  CheckCode(codes, errs, "resident_status", "status", r.status, true);
  std::sort(r.payment_types.begin(), r.payment_types.end());
  r.payment_types.erase(std::unique(r.payment_types.begin(), r.payment_types.end()),
                        r.payment_types.end());
  for (size_t i = 0; i < r.payment_types.size(); ++i) {
    CheckCode(codes, errs, "payment_type", ("payment_types[" + std::to_string(i) + "]").c_str(),
              r.payment_types[i], true);
  }
  std::sort(r.disabilities.begin(), r.disabilities.end());
  r.disabilities.erase(std::unique(r.disabilities.begin(), r.disabilities.end()),
                       r.disabilities.end());
  std::erase(r.disabilities, "1");  // "no disability" is the empty list
  for (size_t i = 0; i < r.disabilities.size(); ++i) {
    CheckCode(codes, errs, "disability_type", ("disabilities[" + std::to_string(i) + "]").c_str(),
              r.disabilities[i], true);
  }
  std::erase_if(r.conditions, [](const Condition& c) { return c.code == "1"; });  // 1 = 无
  for (size_t i = 0; i < r.conditions.size(); ++i) {
    std::string f = "conditions[" + std::to_string(i) + "]";
    CheckCode(codes, errs, "disease_history", (f + ".code").c_str(), r.conditions[i].code, true);
    if (auto d = r.conditions[i].diagnosed_on) {
      if (*d > today)
        errs.Add(f + ".diagnosed_on", "is in the future");
      else if (birth_given && *d < r.birth_date)
        errs.Add(f + ".diagnosed_on", "is before birth");
    }
    for (size_t j = 0; j < i; ++j) {
      if (r.conditions[j].code == r.conditions[i].code) {
        errs.Add(f + ".code", "is listed twice");
        break;
      }
    }
  }

  if (r.village_code.empty()) {
    errs.Add("village_code", "is required");
  } else if (const OrgUnit* v = tree.Find(r.village_code); !v) {
    errs.Add("village_code", "org unit " + r.village_code + " does not exist");
  } else if (v->level != 5) {
    errs.Add("village_code",
             "must be a village or community (level 5), not level " + std::to_string(v->level));
  } else if (v->status != "active") {
    errs.Add("village_code", "village " + r.village_code + " was merged into " + v->merged_into);
  }

  auto check_phone = [&](const std::string& value, const char* field) {
    Status s = ValidatePhone(value, field);
    if (!s.ok()) {
      for (const auto& f : s.fields()) errs.Add(f.field, f.reason);
    }
  };
  r.phone = TrimText(r.phone);
  r.contact_phone = TrimText(r.contact_phone);
  check_phone(r.phone, "phone");
  check_phone(r.contact_phone, "contact_phone");
  for (auto [value, field, max] :
       {std::tuple{&r.address, "address", 200}, std::tuple{&r.contact_name, "contact_name", 50},
        std::tuple{&r.work_unit, "work_unit", 100}}) {
    *value = TrimText(*value);
    if (Utf8Length(*value) > static_cast<size_t>(max)) {
      errs.Add(field, "is longer than " + std::to_string(max) + " characters");
    }
  }
  if (r.record_date) {
    if (*r.record_date > today)
      errs.Add("record_date", "is in the future");
    else if (birth_given && *r.record_date < r.birth_date)
      errs.Add("record_date", "is before birth");
  }
  if (r.status == "active") {
    r.status_date.reset();
  } else if (r.status == "moved_out" || r.status == "deceased") {
    if (!r.status_date)
      errs.Add("status_date", "is required when status is " + r.status);
    else if (*r.status_date > today)
      errs.Add("status_date", "is in the future");
    else if (birth_given && *r.status_date < r.birth_date)
      errs.Add("status_date", "is before birth");
  } else if (r.status == "merged") {
    errs.Add("status", "is set to merged only by merging two records");
  }
  return errs.ToStatus("resident");
}

}  // namespace yilian
