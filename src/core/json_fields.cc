#include "core/json_fields.h"

#include <cstring>

namespace yilian {

bool IsCleanUtf8Text(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c < 0x20 && c != '\t') return false;
      if (c == 0x7f) return false;
      ++i;
      continue;
    }
    int n;
    uint32_t cp;
    if ((c & 0xe0) == 0xc0) {
      n = 1;
      cp = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
      n = 2;
      cp = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    for (int k = 1; k <= n; ++k) {
      if (i + k >= s.size()) return false;
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000)) return false;
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += n + 1;
  }
  return true;
}

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xc0) != 0x80) ++n;
  return n;
}

std::string TrimText(std::string_view s) {
  auto is_space_at_front = [&](size_t& len) {
    if (s.empty()) return false;
    unsigned char c = s.front();
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      len = 1;
      return true;
    }
    if (s.substr(0, 3) == "\xE3\x80\x80") {
      len = 3;
      return true;
    }
    return false;
  };
  auto is_space_at_back = [&](size_t& len) {
    if (s.empty()) return false;
    unsigned char c = s.back();
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      len = 1;
      return true;
    }
    if (s.size() >= 3 && s.substr(s.size() - 3) == "\xE3\x80\x80") {
      len = 3;
      return true;
    }
    return false;
  };
  size_t len = 0;
  while (is_space_at_front(len)) s.remove_prefix(len);
  while (is_space_at_back(len)) s.remove_suffix(len);
  return std::string(s);
}

JsonFields::JsonFields(const nlohmann::json& obj, FieldErrors* errors, std::string prefix)
    : obj_(obj), errors_(errors), prefix_(std::move(prefix)) {}

bool JsonFields::Has(const char* name) const {
  auto it = obj_.find(name);
  return it != obj_.end() && !it->is_null();
}

bool JsonFields::Ask(const char* name) {
  for (const char* a : asked_)
    if (a == name || std::strcmp(a, name) == 0) return false;
  asked_.push_back(name);
  return true;
}

const nlohmann::json* JsonFields::Raw(const char* name) {
  bool first = Ask(name);
  if (!obj_.is_object()) return nullptr;
  auto it = obj_.find(name);
  if (it == obj_.end()) return nullptr;
  if (first) ++present_;
  if (it->is_null()) return nullptr;
  return &*it;
}

void JsonFields::Ignore(const char* name) {
  if (Ask(name) && obj_.is_object() && obj_.contains(name)) ++present_;
}

bool JsonFields::Str(const char* name, std::string* out, bool required, size_t max_len) {
  const nlohmann::json* v = Raw(name);
  if (!v) {
    if (required) errors_->Add(Path(name), "is required");
    return false;
  }
  if (!v->is_string()) {
    errors_->Add(Path(name), "must be a string");
    return false;
  }
  const auto& s = v->get_ref<const std::string&>();
  if (!IsCleanUtf8Text(s)) {
    errors_->Add(Path(name), "contains control characters or invalid UTF-8");
    return false;
  }
  std::string t = TrimText(s);
  if (Utf8Length(t) > max_len) {
    errors_->Add(Path(name), "is longer than " + std::to_string(max_len) + " characters");
    return false;
  }
  if (t.empty() && required) {
    errors_->Add(Path(name), "must not be empty");
    return false;
  }
  *out = std::move(t);
  return true;
}

bool JsonFields::Int(const char* name, int64_t* out, bool required, int64_t min, int64_t max) {
  const nlohmann::json* v = Raw(name);
  if (!v) {
    if (required) errors_->Add(Path(name), "is required");
    return false;
  }
  if (!v->is_number_integer()) {
    errors_->Add(Path(name), "must be an integer");
    return false;
  }
  int64_t x;
  if (v->is_number_unsigned()) {
    auto u = v->get<uint64_t>();
    if (u > static_cast<uint64_t>(INT64_MAX)) {
      errors_->Add(Path(name), "is out of range");
      return false;
    }
    x = static_cast<int64_t>(u);
  } else {
    x = v->get<int64_t>();
  }
  if (x < min || x > max) {
    errors_->Add(Path(name),
                 "must be between " + std::to_string(min) + " and " + std::to_string(max));
    return false;
  }
  *out = x;
  return true;
}

bool JsonFields::OptInt(const char* name, std::optional<int64_t>* out, int64_t min, int64_t max) {
  if (!Has(name)) {
    Ignore(name);
    if (obj_.contains(name)) *out = std::nullopt;  // explicit null clears
    return false;
  }
  int64_t x;
  if (!Int(name, &x, false, min, max)) return false;
  *out = x;
  return true;
}

bool JsonFields::Bool(const char* name, bool* out, bool required) {
  const nlohmann::json* v = Raw(name);
  if (!v) {
    if (required) errors_->Add(Path(name), "is required");
    return false;
  }
  if (!v->is_boolean()) {
    errors_->Add(Path(name), "must be true or false");
    return false;
  }
  *out = v->get<bool>();
  return true;
}

bool JsonFields::DateField(const char* name, Date* out, bool required) {
  const nlohmann::json* v = Raw(name);
  if (!v) {
    if (required) errors_->Add(Path(name), "is required");
    return false;
  }
  if (!v->is_string()) {
    errors_->Add(Path(name), "must be a date string YYYY-MM-DD");
    return false;
  }
  auto d = Date::ParseIso(v->get_ref<const std::string&>());
  if (!d) {
    errors_->Add(Path(name), "is not a real calendar date in the form YYYY-MM-DD");
    return false;
  }
  *out = *d;
  return true;
}

bool JsonFields::OptDate(const char* name, std::optional<Date>* out) {
  if (!Has(name)) {
    Ignore(name);
    if (obj_.contains(name)) *out = std::nullopt;
    return false;
  }
  Date d;
  if (!DateField(name, &d)) return false;
  *out = d;
  return true;
}

bool JsonFields::StrList(const char* name, std::vector<std::string>* out, size_t max_items,
                         size_t max_len) {
  const nlohmann::json* v = Raw(name);
  if (!v) return false;
  if (!v->is_array()) {
    errors_->Add(Path(name), "must be an array of strings");
    return false;
  }
  if (v->size() > max_items) {
    errors_->Add(Path(name), "has more than " + std::to_string(max_items) + " items");
    return false;
  }
  std::vector<std::string> items;
  for (size_t i = 0; i < v->size(); ++i) {
    const auto& e = (*v)[i];
    std::string p = Path(name) + "[" + std::to_string(i) + "]";
    if (!e.is_string()) {
      errors_->Add(p, "must be a string");
      return false;
    }
    const auto& s = e.get_ref<const std::string&>();
    if (!IsCleanUtf8Text(s) || Utf8Length(s) > max_len) {
      errors_->Add(p, "is not valid text of at most " + std::to_string(max_len) + " characters");
      return false;
    }
    items.push_back(TrimText(s));
  }
  *out = std::move(items);
  return true;
}

void JsonFields::Finish() {
  if (!obj_.is_object() || present_ == obj_.size()) return;  // every member was asked for
  for (auto it = obj_.begin(); it != obj_.end(); ++it) {
    bool known = false;
    for (const char* a : asked_) known = known || it.key() == a;
    if (!known) errors_->Add(Path(it.key().c_str()), "is not a known field");
  }
}

}  // namespace yilian
