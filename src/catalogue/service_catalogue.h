// The service catalogue: every public-health service item a township or
// village delivers (data/catalogue/services.json), the forms they are
// recorded on (forms.json) and the family-doctor service packages that
// promise them (packages.json). Definitions are data: a county that pays a
// different work-point value edits the file, not the code.
//
// Invariants checked on load (a bad file fails at start-up, naming itself):
// codes are unique; every item's form, category, program and required fields
// exist; every form field has a known type and, for codes, a known code set;
// every package names existing items with positive counts.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "codes/code_set.h"
#include "core/status.h"

namespace yilian {

enum class FieldType { kInt, kDecimal, kCode, kBool, kDate, kText, kList };

struct FormField {
  std::string name;
  FieldType type = FieldType::kText;
  std::string label;     // Chinese, as on the paper form
  std::string unit;      // "mmHg", may be empty
  std::string code_set;  // kCode only
  bool required = false;
  std::optional<double> min, max;  // kInt / kDecimal: the plausible range, inclusive
  size_t max_len = 200;            // kText, and each kList item
};

struct ServiceForm {
  std::string code;
  std::string name;
  std::vector<FormField> fields;
  const FormField* Find(std::string_view name) const;
};

struct ServiceItem {
  std::string code;
  std::string name;
  std::string name_en;
  std::string category;      // code set "service_category"
  std::string form;          // ServiceForm code
  int64_t points_centi = 0;  // work points per verified service, in hundredths
  std::string program;       // code set "program"; the recipient must be enrolled ("" = none)
  std::string sex;           // "2": women only ("" = anyone)
  std::optional<int> min_age_years, max_age_years, max_age_days;  // upper bounds exclusive
  std::vector<std::string> require;  // form fields this item requires beyond the form's own
};

struct PackageService {
  std::string service;  // ServiceItem code
  int times = 1;        // per contract year
};

struct ServicePackage {
  std::string code;
  std::string name;
  std::string name_en;
  int64_t fee_cents = 0;  // per year; > 0 makes a contract paid (有偿签约)
  // Key population a signer must belong to: elderly, children, pregnant,
  // hypertension, diabetes, mental, tb ("" = anyone).
  std::string for_population;
  std::vector<PackageService> services;
};

class ServiceCatalogue {
 public:
  // Parses and cross-checks the three files against `codes`.
  static Result<ServiceCatalogue> Parse(std::string_view services_json, std::string_view forms_json,
                                        std::string_view packages_json, const CodeSets& codes);
  // The catalogue compiled into the binary; aborts if it does not load (a
  // build bug). Thread-safe.
  static const ServiceCatalogue& Default();

  const ServiceItem* FindItem(std::string_view code) const;
  const ServiceForm* FindForm(std::string_view code) const;
  const ServicePackage* FindPackage(std::string_view code) const;
  // Index of an item in items() (a compact id for in-memory facts); -1 when unknown.
  int ItemIndex(std::string_view code) const;

  const std::vector<ServiceItem>& items() const { return items_; }
  const std::vector<ServiceForm>& forms() const { return forms_; }
  const std::vector<ServicePackage>& packages() const { return packages_; }
  const std::string& version() const { return version_; }

 private:
  std::string version_;
  std::vector<ServiceItem> items_;
  std::vector<ServiceForm> forms_;
  std::vector<ServicePackage> packages_;
  std::map<std::string, int, std::less<>> item_index_, form_index_, package_index_;
};

// "12.5" work points as hundredths; text for display ("12.5", "10").
std::string FormatPoints(int64_t centi);

}  // namespace yilian
