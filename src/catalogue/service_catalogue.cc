#include "catalogue/service_catalogue.h"

#include <cmath>
#include <cstdlib>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/embedded_data.h"

namespace yilian {
namespace {

using nlohmann::json;

Result<json> ParseFile(std::string_view name, std::string_view text) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object())
    return Status::Invalid(std::string(name) + ": not a JSON object");
  return j;
}

// Reads j[key] as a string; "" when absent or not a string.
std::string Text(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<int> OptInt(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<int>();
}

std::optional<double> OptNumber(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

std::optional<FieldType> ParseType(std::string_view t) {
  if (t == "int") return FieldType::kInt;
  if (t == "decimal") return FieldType::kDecimal;
  if (t == "code") return FieldType::kCode;
  if (t == "bool") return FieldType::kBool;
  if (t == "date") return FieldType::kDate;
  if (t == "text") return FieldType::kText;
  if (t == "list") return FieldType::kList;
  return std::nullopt;
}

}  // namespace

const FormField* ServiceForm::Find(std::string_view name) const {
  for (const auto& f : fields)
    if (f.name == name) return &f;
  return nullptr;
}

Result<ServiceCatalogue> ServiceCatalogue::Parse(std::string_view services_json,
                                                 std::string_view forms_json,
                                                 std::string_view packages_json,
                                                 const CodeSets& codes) {
  ServiceCatalogue cat;
  auto forms = ParseFile("forms.json", forms_json);
  if (!forms.ok()) return forms.status();
  auto services = ParseFile("services.json", services_json);
  if (!services.ok()) return services.status();
  auto packages = ParseFile("packages.json", packages_json);
  if (!packages.ok()) return packages.status();
  cat.version_ = Text(*services, "version");
  if (cat.version_.empty()) return Status::Invalid("services.json: version is missing");

  auto fail = [](const std::string& where, const std::string& why) {
    return Status::Invalid(where + ": " + why);
  };
  if (!(*forms)["forms"].is_array()) return fail("forms.json", "forms must be a list");
  for (const auto& jf : (*forms)["forms"]) {
    ServiceForm f;
    f.code = Text(jf, "code");
    f.name = Text(jf, "name");
    std::string where = "forms.json form " + f.code;
    if (f.code.empty() || f.name.empty()) return fail(where, "needs a code and a name");
    if (!cat.form_index_.emplace(f.code, static_cast<int>(cat.forms_.size())).second)
      return fail(where, "is defined twice");
    if (!jf.contains("fields") || !jf["fields"].is_array())
      return fail(where, "fields must be a list");
    for (const auto& jfield : jf["fields"]) {
      FormField field;
      field.name = Text(jfield, "name");
      field.label = Text(jfield, "label");
      field.unit = Text(jfield, "unit");
      field.code_set = Text(jfield, "code_set");
      field.required = jfield.value("required", false);
      field.min = OptNumber(jfield, "min");
      field.max = OptNumber(jfield, "max");
      if (auto n = OptInt(jfield, "max_len")) field.max_len = static_cast<size_t>(*n);
      auto type = ParseType(Text(jfield, "type"));
      if (field.name.empty() || field.label.empty())
        return fail(where, "every field needs a name and a label");
      if (!type) return fail(where + " field " + field.name, "unknown type");
      field.type = *type;
      if (field.type == FieldType::kCode && !codes.Find(field.code_set))
        return fail(where + " field " + field.name, "unknown code set '" + field.code_set + "'");
      if (f.Find(field.name)) return fail(where + " field " + field.name, "is defined twice");
      f.fields.push_back(std::move(field));
    }
    cat.forms_.push_back(std::move(f));
  }

  if (!(*services)["items"].is_array()) return fail("services.json", "items must be a list");
  for (const auto& ji : (*services)["items"]) {
    ServiceItem it;
    it.code = Text(ji, "code");
    it.name = Text(ji, "name");
    it.name_en = Text(ji, "name_en");
    it.category = Text(ji, "category");
    it.form = Text(ji, "form");
    it.program = Text(ji, "program");
    it.sex = Text(ji, "sex");
    it.min_age_years = OptInt(ji, "min_age_years");
    it.max_age_years = OptInt(ji, "max_age_years");
    it.max_age_days = OptInt(ji, "max_age_days");
    std::string where = "services.json item " + it.code;
    if (it.code.empty() || it.name.empty()) return fail(where, "needs a code and a name");
    auto points = OptNumber(ji, "points");
    if (!points || *points < 0 || *points > 10000) return fail(where, "points must be 0 to 10000");
    it.points_centi = std::llround(*points * 100);
    if (!codes.Find("service_category")->Contains(it.category))
      return fail(where, "unknown category '" + it.category + "'");
    if (!it.program.empty() && !codes.Find("program")->Contains(it.program))
      return fail(where, "unknown program '" + it.program + "'");
    const ServiceForm* form = cat.FindForm(it.form);
    if (!form) return fail(where, "unknown form '" + it.form + "'");
    if (ji.contains("require")) {
      for (const auto& r : ji["require"]) {
        if (!r.is_string() || !form->Find(r.get<std::string>()))
          return fail(where, "requires a field its form does not have");
        it.require.push_back(r.get<std::string>());
      }
    }
    if (!cat.item_index_.emplace(it.code, static_cast<int>(cat.items_.size())).second)
      return fail(where, "is defined twice");
    cat.items_.push_back(std::move(it));
  }

  if (!(*packages)["packages"].is_array()) return fail("packages.json", "packages must be a list");
  static const char* kPopulations[] = {
      "", "elderly", "children", "pregnant", "hypertension", "diabetes", "mental", "tb"};
  for (const auto& jp : (*packages)["packages"]) {
    ServicePackage p;
    p.code = Text(jp, "code");
    p.name = Text(jp, "name");
    p.name_en = Text(jp, "name_en");
    p.for_population = Text(jp, "for");
    std::string where = "packages.json package " + p.code;
    if (p.code.empty() || p.name.empty()) return fail(where, "needs a code and a name");
    auto fee = OptNumber(jp, "fee");
    if (!fee || *fee < 0) return fail(where, "fee must be a number of yuan, 0 or more");
    p.fee_cents = std::llround(*fee * 100);
    bool known = false;
    for (const char* pop : kPopulations) known = known || p.for_population == pop;
    if (!known) return fail(where, "unknown population '" + p.for_population + "'");
    if (!jp.contains("services") || !jp["services"].is_array() || jp["services"].empty())
      return fail(where, "must promise at least one service");
    for (const auto& js : jp["services"]) {
      PackageService s{Text(js, "service"), js.value("times", 0)};
      if (!cat.FindItem(s.service)) return fail(where, "unknown service '" + s.service + "'");
      if (s.times < 1 || s.times > 52) return fail(where, "times must be 1 to 52");
      p.services.push_back(std::move(s));
    }
    if (!cat.package_index_.emplace(p.code, static_cast<int>(cat.packages_.size())).second)
      return fail(where, "is defined twice");
    cat.packages_.push_back(std::move(p));
  }
  return cat;
}

const ServiceCatalogue& ServiceCatalogue::Default() {
  static const ServiceCatalogue kCatalogue = [] {
    auto file = [](const char* path) {
      auto f = FindEmbeddedFile(path);
      if (!f) {
        fmt::print(stderr, "fatal: data/{} is not embedded\n", path);
        std::abort();
      }
      return *f;
    };
    auto c = Parse(file("catalogue/services.json"), file("catalogue/forms.json"),
                   file("catalogue/packages.json"), DefaultCodeSets());
    if (!c.ok()) {
      fmt::print(stderr, "fatal: the service catalogue does not load: {}\n", c.status().ToString());
      std::abort();
    }
    return std::move(*c);
  }();
  return kCatalogue;
}

const ServiceItem* ServiceCatalogue::FindItem(std::string_view code) const {
  auto it = item_index_.find(code);
  return it == item_index_.end() ? nullptr : &items_[it->second];
}

const ServiceForm* ServiceCatalogue::FindForm(std::string_view code) const {
  auto it = form_index_.find(code);
  return it == form_index_.end() ? nullptr : &forms_[it->second];
}

const ServicePackage* ServiceCatalogue::FindPackage(std::string_view code) const {
  auto it = package_index_.find(code);
  return it == package_index_.end() ? nullptr : &packages_[it->second];
}

int ServiceCatalogue::ItemIndex(std::string_view code) const {
  auto it = item_index_.find(code);
  return it == item_index_.end() ? -1 : it->second;
}

std::string FormatPoints(int64_t centi) {
  std::string sign = centi < 0 ? "-" : "";
  int64_t a = std::llabs(centi);
  if (a % 100 == 0) return sign + std::to_string(a / 100);
  if (a % 10 == 0) return fmt::format("{}{}.{}", sign, a / 100, (a % 100) / 10);
  return fmt::format("{}{}.{:02}", sign, a / 100, a % 100);
}

}  // namespace yilian
