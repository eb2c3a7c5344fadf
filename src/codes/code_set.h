// Code sets: the national and yilian code lists that coded fields take their
// values from (sex GB/T 2261.1, ethnicity GB/T 3304, marital status, ...).
//
// Each set is a versioned data file data/codesets/<name>.json,
//   {"name", "version", "standard", "title", "entries": [{"code", "name", "name_en"}]}
// compiled into the binary, so a deployment carries the lists it was tested
// with and a change to a list is a reviewed change to a file.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace yilian {

struct CodeEntry {
  std::string code;     // as stored and exchanged, e.g. "01"
  std::string name;     // Chinese display name, e.g. "汉族"
  std::string name_en;  // English display name; may be empty
  bool operator==(const CodeEntry&) const = default;
};

class CodeSet {
 public:
  // Parses one code-set file. `path` names it in errors and must end in
  // "<name>.json". Refuses malformed JSON, missing or empty name, version,
  // title or standard, an empty entry list, empty or duplicate codes and
  // empty entry names.
  static Result<CodeSet> Parse(std::string_view path, std::string_view json_text);

  const std::string& name() const { return name_; }
  const std::string& version() const { return version_; }
  const std::string& title() const { return title_; }
  const std::string& standard() const { return standard_; }
  // In file order, which is the order forms show them in.
  const std::vector<CodeEntry>& entries() const { return entries_; }

  bool Contains(std::string_view code) const { return Find(code) != nullptr; }
  // nullptr when `code` is not in the set. Exact match: codes are case- and
  // zero-sensitive ("1" is not "01").
  const CodeEntry* Find(std::string_view code) const;

 private:
  CodeSet() = default;

  std::string name_, version_, title_, standard_;
  std::vector<CodeEntry> entries_;
  std::map<std::string, size_t, std::less<>> index_;  // code -> position in entries_
};

class CodeSets {
 public:
  CodeSets() = default;

  // Parses every file (path, JSON text) with CodeSet::Parse and refuses two
  // files that define the same set. The first error wins, named by its path.
  static Result<CodeSets> Load(const std::vector<std::pair<std::string, std::string>>& files);

  // nullptr when no set has that name.
  const CodeSet* Find(std::string_view name) const;
  // Sorted by name.
  const std::vector<CodeSet>& all() const { return sets_; }

  // OK when `code` is in set `set`. Otherwise InvalidField(field, reason),
  // where the reason lists the allowed codes with their names when the set
  // is short enough to read in one line. An unknown `set` is a programming
  // error and gives Status::Internal.
  Status CheckCode(std::string_view set, std::string_view code, const std::string& field) const;

 private:
  std::vector<CodeSet> sets_;
};

// The code sets compiled into the binary (data/codesets/*.json), loaded on
// first use. Aborts with a message if they do not load: that is a build bug,
// not something a running server can recover from. Thread-safe.
const CodeSets& DefaultCodeSets();

}  // namespace yilian
