#include "codes/code_set.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "core/embedded_data.h"

namespace yilian {
namespace {

using Json = nlohmann::json;

// Sets with at most this many entries list them all in an error reason;
// longer ones (ethnicity has 58) would bury the message.
constexpr size_t kMaxListedCodes = 12;

// Quotes input for an error message. Bytes outside printable ASCII become
// \xNN so a reason is always valid UTF-8, and long input is cut short.
std::string Quote(std::string_view s) {
  constexpr size_t kMax = 32;
  std::string out = "\"";
  for (size_t i = 0; i < s.size() && i < kMax; ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
      out.push_back(static_cast<char>(c));
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
    }
  }
  if (s.size() > kMax) out += "...";
  out += "\"";
  return out;
}

// The file name without directory and ".json", or "" when it lacks ".json".
std::string_view SetNameFromPath(std::string_view path) {
  constexpr std::string_view kExt = ".json";
  if (path.size() < kExt.size() || path.substr(path.size() - kExt.size()) != kExt) return {};
  path.remove_suffix(kExt.size());
  const size_t slash = path.find_last_of('/');
  if (slash != std::string_view::npos) path.remove_prefix(slash + 1);
  return path;
}

// Reads obj[key] as a string. `required` also refuses an empty string.
Status GetString(const Json& obj, const char* key, bool required, std::string& out,
                 const std::string& where) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) {
    if (!required) return Status::Ok();
    return Status::Invalid(where + ": \"" + key + "\" is missing");
  }
  if (!it->is_string()) return Status::Invalid(where + ": \"" + key + "\" must be a string");
  out = it->get<std::string>();
  if (required && out.empty()) return Status::Invalid(where + ": \"" + key + "\" is empty");
  return Status::Ok();
}

}  // namespace

Result<CodeSet> CodeSet::Parse(std::string_view path, std::string_view json_text) {
  const std::string where(path);
  const std::string_view expected_name = SetNameFromPath(path);
  if (expected_name.empty()) {
    return Status::Invalid(where + ": a code-set file must be named <name>.json");
  }
  // No exceptions: a malformed file gives a discarded value.
  const Json doc = Json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Status::Invalid(where + ": not valid JSON");
  if (!doc.is_object()) return Status::Invalid(where + ": must be a JSON object");

  CodeSet set;
  YILIAN_RETURN_IF_ERROR(GetString(doc, "name", true, set.name_, where));
  YILIAN_RETURN_IF_ERROR(GetString(doc, "version", true, set.version_, where));
  YILIAN_RETURN_IF_ERROR(GetString(doc, "standard", true, set.standard_, where));
  YILIAN_RETURN_IF_ERROR(GetString(doc, "title", true, set.title_, where));
  if (set.name_ != expected_name) {
    return Status::Invalid(where + ": name " + Quote(set.name_) + " does not match the file name " +
                           Quote(expected_name));
  }

  auto entries = doc.find("entries");
  if (entries == doc.end() || !entries->is_array()) {
    return Status::Invalid(where + ": \"entries\" must be an array");
  }
  if (entries->empty()) return Status::Invalid(where + ": \"entries\" is empty");
  for (size_t i = 0; i < entries->size(); ++i) {
    const Json& e = (*entries)[i];
    const std::string entry_where = where + ": entries[" + std::to_string(i) + "]";
    if (!e.is_object()) return Status::Invalid(entry_where + " must be an object");
    CodeEntry entry;
    YILIAN_RETURN_IF_ERROR(GetString(e, "code", true, entry.code, entry_where));
    YILIAN_RETURN_IF_ERROR(GetString(e, "name", true, entry.name, entry_where));
    YILIAN_RETURN_IF_ERROR(GetString(e, "name_en", false, entry.name_en, entry_where));
    if (!set.index_.emplace(entry.code, set.entries_.size()).second) {
      return Status::Invalid(entry_where + ": duplicate code " + Quote(entry.code));
    }
    set.entries_.push_back(std::move(entry));
  }
  return set;
}

const CodeEntry* CodeSet::Find(std::string_view code) const {
  auto it = index_.find(code);
  return it == index_.end() ? nullptr : &entries_[it->second];
}

Result<CodeSets> CodeSets::Load(const std::vector<std::pair<std::string, std::string>>& files) {
  CodeSets sets;
  for (const auto& [path, text] : files) {
    Result<CodeSet> set = CodeSet::Parse(path, text);
    if (!set.ok()) return set.status();
    if (sets.Find(set->name()) != nullptr) {
      return Status::Invalid(path + ": code set " + Quote(set->name()) + " is defined twice");
    }
    sets.sets_.push_back(std::move(set).value());
  }
  std::sort(sets.sets_.begin(), sets.sets_.end(),
            [](const CodeSet& a, const CodeSet& b) { return a.name() < b.name(); });
  return sets;
}

const CodeSet* CodeSets::Find(std::string_view name) const {
  // A few dozen sets: a linear scan is as fast as a map.
  for (const CodeSet& s : sets_) {
    if (s.name() == name) return &s;
  }
  return nullptr;
}

Status CodeSets::CheckCode(std::string_view set, std::string_view code,
                           const std::string& field) const {
  const CodeSet* s = Find(set);
  if (s == nullptr) return Status::Internal("unknown code set " + Quote(set));
  if (s->Contains(code)) return Status::Ok();
  std::string reason = Quote(code) + " is not a code of " + s->name() + " (" + s->title() + ")";
  if (s->entries().size() <= kMaxListedCodes) {
    reason += "; allowed: ";
    for (size_t i = 0; i < s->entries().size(); ++i) {
      if (i > 0) reason += ", ";
      reason += s->entries()[i].code + " " + s->entries()[i].name;
    }
  } else {
    reason += ", which has " + std::to_string(s->entries().size()) + " codes";
  }
  return Status::InvalidField(field, reason);
}

const CodeSets& DefaultCodeSets() {
  static const CodeSets* const kSets = [] {
    constexpr std::string_view kDir = "codesets/";
    std::vector<std::pair<std::string, std::string>> files;
    for (const EmbeddedFile& f : EmbeddedFiles()) {
      if (f.path.substr(0, kDir.size()) == kDir) {
        files.emplace_back(std::string(f.path), std::string(f.content));
      }
    }
    Result<CodeSets> sets = CodeSets::Load(files);
    if (!sets.ok()) {
      std::fprintf(stderr, "yilian: embedded code sets do not load (a build bug): %s\n",
                   sets.status().ToString().c_str());
      std::abort();
    }
    if (sets->all().empty()) {
      std::fprintf(stderr, "yilian: no code sets embedded under data/codesets (a build bug)\n");
      std::abort();
    }
    return new CodeSets(std::move(sets).value());
  }();
  return *kSets;
}

}  // namespace yilian
