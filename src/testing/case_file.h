// Test support: plain-text case files for data-driven tests (the LevelDB /
// DuckDB "sqllogictest" style). A file holds cases; each case is a run of
// lines, one statement a line:
//
//   # a comment
//   today 2026-06-01              <- before the first case: the preamble,
//                                    copied to the start of every case
//   case controlled reading goes to the routine interval
//   enrol hypertension 2026-01-05 id=7
//   expect hypertension htn_followup window=2026-03-27 due=2026-04-10
//
// A line is a verb and words; a word is positional ("2026-01-05") or a
// key=value option ("id=7"); double quotes group words ("a b", k="a b") and
// are removed. `rest` keeps everything after the verb as written (for JSON).
// Malformed input throws CaseError, which the driver reports with the file,
// the case and the line, so a typo in a data file fails loudly.
#pragma once

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/date.h"
#include "core/status.h"

namespace yilian::testing {

struct CaseError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct CaseLine {
  int line = 0;      // 1-based, in the file
  std::string text;  // as written, trimmed
  std::string verb;
  std::vector<std::string> args;            // positional words after the verb
  std::vector<size_t> arg_end;              // where each positional word ends in `rest`
  std::map<std::string, std::string> opts;  // key=value words
  std::vector<std::string> keys;            // option keys in order, for strict checks
  std::string rest;                         // after the verb, as written

  bool Has(const std::string& k) const { return opts.count(k) > 0; }
  std::string Opt(const std::string& k, const std::string& def = "") const {
    auto it = opts.find(k);
    return it == opts.end() ? def : it->second;
  }
  const std::string& Arg(size_t i) const {
    if (i >= args.size())
      throw CaseError("'" + verb + "' needs at least " + std::to_string(i + 1) + " word(s)");
    return args[i];
  }
  // Throws unless every option key is one of `allowed`.
  void OnlyKeys(std::initializer_list<const char*> allowed) const {
    for (const auto& k : keys) {
      if (std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return k == a; }))
        throw CaseError("'" + verb + "' has no option '" + k + "'");
    }
  }
};

struct Case {
  std::string file;  // relative to tests/data
  std::string name;
  int line = 0;
  std::vector<CaseLine> lines;  // the preamble's first
  std::string Where(const CaseLine& l) const {
    return file + ":" + std::to_string(l.line) + " [case " + name + "] " + l.text;
  }
  std::string Where() const { return file + ":" + std::to_string(line) + " [case " + name + "]"; }
};

inline std::string DataDir() { return YILIAN_TEST_DATA_DIR; }

inline std::string Trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t\r");
  if (a == std::string::npos) return "";
  size_t b = s.find_last_not_of(" \t\r");
  return s.substr(a, b - a + 1);
}

inline CaseLine ParseCaseLine(const std::string& text, int line_no) {
  CaseLine l;
  l.line = line_no;
  l.text = text;
  size_t sp = text.find_first_of(" \t");
  l.verb = text.substr(0, sp);
  l.rest = sp == std::string::npos ? "" : Trim(text.substr(sp));
  std::string word;
  bool quoted = false, any = false;
  size_t eq = std::string::npos;  // first unquoted '=' in `word`
  size_t pos = 0;                 // in l.rest
  auto flush = [&] {
    if (!any) return;
    if (eq != std::string::npos && eq > 0) {
      std::string k = word.substr(0, eq);
      if (l.opts.count(k)) throw CaseError("option '" + k + "' given twice");
      l.opts[k] = word.substr(eq + 1);
      l.keys.push_back(k);
    } else {
      l.args.push_back(word);
      l.arg_end.push_back(pos);
    }
    word.clear();
    any = false;
    eq = std::string::npos;
  };
  for (; pos < l.rest.size(); ++pos) {
    char ch = l.rest[pos];
    if (ch == '"') {
      quoted = !quoted;
      any = true;
    } else if (!quoted && (ch == ' ' || ch == '\t')) {
      flush();
    } else {
      if (!quoted && ch == '=' && eq == std::string::npos) eq = word.size();
      word += ch;
      any = true;
    }
  }
  if (quoted) throw CaseError("unbalanced quote");
  flush();
  return l;
}

// Reads every case of `rel` (a path under tests/data). Throws CaseError on a
// malformed file.
inline std::vector<Case> ReadCases(const std::string& rel) {
  std::ifstream in(DataDir() + "/" + rel);
  if (!in) throw CaseError("cannot read " + DataDir() + "/" + rel);
  std::vector<Case> cases;
  std::vector<CaseLine> preamble;
  std::string raw;
  int n = 0;
  while (std::getline(in, raw)) {
    ++n;
    std::string t = Trim(raw);
    if (t.empty() || t[0] == '#') continue;
    CaseLine l;
    try {
      l = ParseCaseLine(t, n);
    } catch (const CaseError& e) {
      throw CaseError(rel + ":" + std::to_string(n) + ": " + e.what() + ": " + t);
    }
    if (l.verb == "case") {
      if (l.rest.empty()) throw CaseError(rel + ":" + std::to_string(n) + ": a case needs a name");
      for (const auto& c : cases) {
        if (c.name == l.rest)
          throw CaseError(rel + ":" + std::to_string(n) + ": case name used twice: " + l.rest);
      }
      cases.push_back(Case{rel, l.rest, n, preamble});
    } else if (cases.empty()) {
      preamble.push_back(std::move(l));
    } else {
      cases.back().lines.push_back(std::move(l));
    }
  }
  return cases;
}

// Files under tests/data/<dir> whose names start with `prefix` and end in
// ".txt", sorted, as paths relative to tests/data.
inline std::vector<std::string> CaseFiles(const std::string& dir, const std::string& prefix = "") {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(DataDir() + "/" + dir)) {
    std::string name = e.path().filename().string();
    if (e.is_regular_file() && name.rfind(prefix, 0) == 0 && name.size() > 4 &&
        name.substr(name.size() - 4) == ".txt") {
      out.push_back(dir + "/" + name);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// ---- Values --------------------------------------------------------------

inline Date ParseDate(const std::string& s) {
  auto d = Date::ParseIso(s);
  if (!d) throw CaseError("not a date YYYY-MM-DD: '" + s + "'");
  return *d;
}

inline int64_t ParseInt(const std::string& s) {
  size_t used = 0;
  int64_t v = 0;
  try {
    v = std::stoll(s, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (s.empty() || used != s.size()) throw CaseError("not a whole number: '" + s + "'");
  return v;
}

// Exact decimal with at most `places` decimals, scaled: ("12.5", 2) = 1250.
// Commas group thousands and are ignored ("1,234.56").
inline int64_t ParseScaled(const std::string& s, int places) {
  std::string t;
  for (char c : s)
    if (c != ',') t += c;
  bool neg = !t.empty() && t[0] == '-';
  if (neg) t = t.substr(1);
  size_t dot = t.find('.');
  std::string whole = t.substr(0, dot);
  std::string frac = dot == std::string::npos ? "" : t.substr(dot + 1);
  auto digits = [](const std::string& x) {
    return std::all_of(x.begin(), x.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (whole.empty() || !digits(whole) || !digits(frac) || static_cast<int>(frac.size()) > places ||
      (dot != std::string::npos && frac.empty())) {
    throw CaseError("not a number with at most " + std::to_string(places) + " decimals: '" + s +
                    "'");
  }
  while (static_cast<int>(frac.size()) < places) frac += '0';
  int64_t v = ParseInt(whole + frac);
  return neg ? -v : v;
}

// "a,b,c" as a list; "-" or "" is the empty list.
inline std::vector<std::string> ParseList(const std::string& s) {
  std::vector<std::string> out;
  if (s.empty() || s == "-") return out;
  size_t from = 0;
  while (true) {
    size_t comma = s.find(',', from);
    out.push_back(s.substr(from, comma - from));
    if (comma == std::string::npos) break;
    from = comma + 1;
  }
  return out;
}

inline std::string JoinList(const std::vector<std::string>& v) {
  if (v.empty()) return "-";
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}

// ---- Expected refusals ------------------------------------------------------

// The words after the first positional word, as written: for
// "error data.sbp is impossible for 收缩压" the fragment is "is impossible
// for 收缩压".
inline std::string AfterFirstWord(const CaseLine& l) {
  if (l.args.empty()) throw CaseError("'" + l.verb + "' needs a field name");
  return Trim(l.rest.substr(l.arg_end[0]));
}

// Checks that `s` refuses exactly the fields of `want` (lines "<verb> <field>
// <reason fragment>"), each with a reason containing its fragment; several
// lines may name one field.
inline void ExpectFieldErrors(const Status& s, const std::vector<const CaseLine*>& want,
                              const Case& c) {
  std::map<std::string, std::string> got;
  for (const auto& f : s.fields()) got[f.field] += f.reason + " | ";
  if (want.empty()) {
    EXPECT_TRUE(s.ok()) << c.Where() << ": expected success, got " << s.ToString();
    return;
  }
  EXPECT_FALSE(s.ok()) << c.Where() << ": expected a refusal";
  for (const CaseLine* l : want) {
    const std::string& field = l->Arg(0);
    std::string fragment = AfterFirstWord(*l);
    auto it = got.find(field);
    if (it == got.end()) {
      ADD_FAILURE() << c.Where(*l) << "\n  expected an error on " << field << "; got "
                    << s.ToString();
      continue;
    }
    EXPECT_NE(it->second.find(fragment), std::string::npos)
        << c.Where(*l) << "\n  " << field << " was refused for: " << it->second;
  }
  for (const auto& entry : got) {
    // Not a structured binding: clang 14 cannot capture one in a lambda.
    const std::string& field = entry.first;
    bool listed = std::any_of(want.begin(), want.end(),
                              [&](const CaseLine* l) { return l->Arg(0) == field; });
    EXPECT_TRUE(listed) << c.Where() << "\n  unexpected error on " << field << ": " << entry.second;
  }
}

}  // namespace yilian::testing
