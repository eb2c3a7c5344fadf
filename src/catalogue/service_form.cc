#include "catalogue/service_form.h"

#include <cmath>
#include <set>

#include <fmt/format.h>

#include "core/json_fields.h"

namespace yilian {
namespace {

using nlohmann::json;

std::string Number(double v) {
  if (v == std::floor(v)) return fmt::format("{}", static_cast<int64_t>(v));
  return fmt::format("{}", v);
}

std::string RangeText(const FormField& f) {
  std::string unit = f.unit.empty() ? "" : " " + f.unit;
  if (f.min && f.max) return "must be from " + Number(*f.min) + " to " + Number(*f.max) + unit;
  if (f.min) return "must be at least " + Number(*f.min) + unit;
  return "must be at most " + Number(*f.max) + unit;
}

}  // namespace

json ReadFormData(const ServiceForm& form, const std::vector<std::string>& also_required,
                  const json& data, const CodeSets& codes, FieldErrors* errs) {
  json out = json::object();
  if (data.is_null()) {
    if (!also_required.empty() || std::any_of(form.fields.begin(), form.fields.end(),
                                              [](const FormField& f) { return f.required; })) {
      errs->Add("data", "is required: the " + form.name + " form");
    }
    return out;
  }
  if (!data.is_object()) {
    errs->Add("data", "must be an object with the fields of the " + form.name + " form");
    return out;
  }
  for (const auto& [name, value] : data.items()) {
    if (!form.Find(name)) errs->Add("data." + name, "is not a field of the " + form.name + " form");
  }
  std::set<std::string> required(also_required.begin(), also_required.end());
  for (const FormField& f : form.fields) {
    std::string path = "data." + f.name;
    auto it = data.find(f.name);
    if (it == data.end() || it->is_null()) {
      if (f.required || required.count(f.name)) errs->Add(path, "is required (" + f.label + ")");
      continue;
    }
    const json& v = *it;
    switch (f.type) {
      case FieldType::kInt: {
        if (!v.is_number_integer() &&
            !(v.is_number_float() && v.get<double>() == std::floor(v.get<double>()))) {
          errs->Add(path, "must be a whole number (" + f.label + ")");
          break;
        }
        double d = v.get<double>();
        if ((f.min && d < *f.min) || (f.max && d > *f.max)) {
          errs->Add(path, Number(d) + " is impossible for " + f.label + ": " + RangeText(f));
          break;
        }
        out[f.name] = static_cast<int64_t>(d);
        break;
      }
      case FieldType::kDecimal: {
        if (!v.is_number()) {
          errs->Add(path, "must be a number (" + f.label + ")");
          break;
        }
        double d = v.get<double>();
        if (!std::isfinite(d) || (f.min && d < *f.min) || (f.max && d > *f.max)) {
          errs->Add(path, Number(d) + " is impossible for " + f.label + ": " + RangeText(f));
          break;
        }
        out[f.name] = std::round(d * 100) / 100;  // two decimals are what the forms record
        break;
      }
      case FieldType::kCode: {
        if (!v.is_string()) {
          errs->Add(path, "must be a code (text) from code set " + f.code_set);
          break;
        }
        Status s = codes.CheckCode(f.code_set, v.get<std::string>(), path);
        if (!s.ok()) {
          for (const auto& fe : s.fields()) errs->Add(fe.field, fe.reason);
          break;
        }
        out[f.name] = v;
        break;
      }
      case FieldType::kBool:
        if (!v.is_boolean()) {
          errs->Add(path, "must be true or false");
          break;
        }
        out[f.name] = v;
        break;
      case FieldType::kDate: {
        std::optional<Date> d = v.is_string() ? Date::ParseIso(v.get<std::string>()) : std::nullopt;
        if (!d) {
          errs->Add(path, "must be a date YYYY-MM-DD");
          break;
        }
        out[f.name] = d->ToIso();
        break;
      }
      case FieldType::kText: {
        if (!v.is_string()) {
          errs->Add(path, "must be text");
          break;
        }
        std::string t = TrimText(v.get<std::string>());
        if (!IsCleanUtf8Text(t)) {
          errs->Add(path, "contains control characters or invalid UTF-8");
        } else if (Utf8Length(t) > f.max_len) {
          errs->Add(path, "is longer than " + std::to_string(f.max_len) + " characters");
        } else if (!t.empty()) {
          out[f.name] = t;
        }
        break;
      }
      case FieldType::kList: {
        if (!v.is_array() || v.size() > 20) {
          errs->Add(path, "must be a list of at most 20 texts");
          break;
        }
        json items = json::array();
        for (const auto& item : v) {
          std::string t = item.is_string() ? TrimText(item.get<std::string>()) : std::string();
          if (!item.is_string() || !IsCleanUtf8Text(t) || Utf8Length(t) > f.max_len) {
            errs->Add(path, "items must be texts of at most " + std::to_string(f.max_len) +
                                " characters");
            break;
          }
          if (!t.empty()) items.push_back(t);
        }
        out[f.name] = items;
        break;
      }
    }
  }
  if (out.contains("sbp") && out.contains("dbp") &&
      out["dbp"].get<int64_t>() >= out["sbp"].get<int64_t>()) {
    errs->Add("data.dbp", "must be below the systolic pressure (" +
                              std::to_string(out["sbp"].get<int64_t>()) + ")");
  }
  return out;
}

Readings ReadingsOf(const json& data) {
  Readings r;
  if (!data.is_object()) return r;
  auto opt_int = [&](const char* k) -> std::optional<int> {
    auto it = data.find(k);
    if (it == data.end() || !it->is_number_integer()) return std::nullopt;
    return it->get<int>();
  };
  r.sbp = opt_int("sbp");
  r.dbp = opt_int("dbp");
  r.risk_level = opt_int("risk_level");
  r.gestational_week = opt_int("gestational_week");
  if (auto it = data.find("fbg"); it != data.end() && it->is_number()) r.fbg = it->get<double>();
  r.classification = data.value("classification", "");
  r.condition = data.value("condition", "");
  if (auto it = data.find("next_visit_date"); it != data.end() && it->is_string())
    r.next_visit_date = Date::ParseIso(it->get<std::string>());
  r.referral = data.value("referral", false);
  r.adverse_reaction = data.value("adverse_reaction", false);
  return r;
}

}  // namespace yilian
