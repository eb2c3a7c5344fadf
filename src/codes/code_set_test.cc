#include "codes/code_set.h"

#include <set>
#include <string>

#include <gtest/gtest.h>

#include "core/embedded_data.h"

namespace yilian {
namespace {

using Files = std::vector<std::pair<std::string, std::string>>;

const char kSexJson[] = R"({
  "name": "sex", "version": "1", "standard": "GB/T 2261.1-2003", "title": "性别代码",
  "entries": [{"code": "1", "name": "男性", "name_en": "male"},
              {"code": "2", "name": "女性", "name_en": "female"}]})";

// The message of a refused Load, or "" when it loaded.
std::string LoadError(const Files& files) {
  Result<CodeSets> r = CodeSets::Load(files);
  if (r.ok()) return "";
  EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument);
  return r.status().message();
}

std::string LoadOne(const std::string& json, const std::string& path = "codesets/sex.json") {
  return LoadError({{path, json}});
}

TEST(CodeSetTest, EveryEmbeddedFileLoads) {
  size_t files = 0;
  for (const EmbeddedFile& f : EmbeddedFiles()) {
    if (f.path.substr(0, 9) != "codesets/") continue;
    ++files;
    Result<CodeSet> set = CodeSet::Parse(f.path, f.content);
    EXPECT_TRUE(set.ok()) << f.path << ": " << set.status().ToString();
  }
  EXPECT_GE(files, 18u);
  EXPECT_EQ(DefaultCodeSets().all().size(), files);
}

TEST(CodeSetTest, DefaultSetsHaveTheDomainCodes) {
  const CodeSets& sets = DefaultCodeSets();
  for (const char* name :
       {"sex", "ethnicity", "marital_status", "blood_abo", "blood_rh", "id_document_type",
        "payment_type", "education", "occupation", "residence_type", "resident_status",
        "disease_history", "disability_type", "household_relation", "facility_type",
        "practitioner_role", "team_role", "org_level"}) {
    const CodeSet* s = sets.Find(name);
    ASSERT_NE(s, nullptr) << name;
    EXPECT_FALSE(s->version().empty()) << name;
    EXPECT_FALSE(s->title().empty()) << name;
    EXPECT_FALSE(s->standard().empty()) << name;
  }
  const CodeSet& sex = *sets.Find("sex");
  EXPECT_EQ(sex.entries().size(), 4u);
  EXPECT_EQ(sex.Find("1")->name, "男性");
  EXPECT_EQ(sex.Find("9")->name_en, "unstated");

  const CodeSet& eth = *sets.Find("ethnicity");
  EXPECT_EQ(eth.entries().size(), 58u);
  EXPECT_EQ(eth.Find("01")->name, "汉族");
  EXPECT_EQ(eth.Find("56")->name, "基诺族");
  EXPECT_FALSE(eth.Contains("1"));  // two-digit codes only
  EXPECT_FALSE(eth.Contains("57"));

  EXPECT_EQ(sets.Find("marital_status")->Find("40")->name, "离婚");
  EXPECT_EQ(sets.Find("blood_abo")->Find("4")->name, "AB型");
  EXPECT_EQ(sets.Find("id_document_type")->Find("01")->name, "居民身份证");
  EXPECT_TRUE(sets.Find("occupation")->Contains("X"));
  EXPECT_EQ(sets.Find("disease_history")->Find("8")->name, "严重精神障碍");
  EXPECT_EQ(sets.Find("resident_status")->Find("merged")->name, "已合并");
  EXPECT_EQ(sets.Find("org_level")->entries().size(), 5u);
  EXPECT_EQ(sets.Find("nope"), nullptr);
}

TEST(CodeSetTest, AllIsSortedByName) {
  const auto& all = DefaultCodeSets().all();
  for (size_t i = 1; i < all.size(); ++i) EXPECT_LT(all[i - 1].name(), all[i].name());
}

TEST(CodeSetTest, ParsesAndFinds) {
  Result<CodeSets> r = CodeSets::Load({{"codesets/sex.json", kSexJson}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const CodeSet* s = r->Find("sex");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->version(), "1");
  EXPECT_EQ(s->standard(), "GB/T 2261.1-2003");
  EXPECT_EQ(s->title(), "性别代码");
  ASSERT_EQ(s->entries().size(), 2u);
  EXPECT_EQ(s->entries()[0], (CodeEntry{"1", "男性", "male"}));
  EXPECT_TRUE(s->Contains("2"));
  EXPECT_FALSE(s->Contains("02"));
  EXPECT_FALSE(s->Contains(""));
  EXPECT_EQ(s->Find("3"), nullptr);
}

TEST(CodeSetTest, NameEnIsOptional) {
  EXPECT_EQ(LoadOne(R"({"name": "sex", "version": "1", "standard": "x", "title": "t",
                        "entries": [{"code": "1", "name": "男性"}]})"),
            "");
}

TEST(CodeSetTest, RefusesMalformedJson) {
  EXPECT_EQ(LoadOne("{"), "codesets/sex.json: not valid JSON");
  EXPECT_EQ(LoadOne(""), "codesets/sex.json: not valid JSON");
  EXPECT_EQ(LoadOne(std::string(kSexJson) + ","), "codesets/sex.json: not valid JSON");
  EXPECT_EQ(LoadOne("[]"), "codesets/sex.json: must be a JSON object");
  EXPECT_EQ(LoadOne("\"sex\""), "codesets/sex.json: must be a JSON object");
}

TEST(CodeSetTest, RefusesDuplicateCodes) {
  EXPECT_EQ(LoadOne(R"({"name": "sex", "version": "1", "standard": "x", "title": "t",
                        "entries": [{"code": "1", "name": "男性"}, {"code": "2", "name": "女性"},
                                    {"code": "1", "name": "男"}]})"),
            "codesets/sex.json: entries[2]: duplicate code \"1\"");
}

TEST(CodeSetTest, RefusesMissingOrEmptyFields) {
  EXPECT_EQ(LoadOne(R"({"version": "1", "standard": "x", "title": "t", "entries": []})"),
            "codesets/sex.json: \"name\" is missing");
  EXPECT_EQ(LoadOne(R"({"name": "sex", "standard": "x", "title": "t", "entries": []})"),
            "codesets/sex.json: \"version\" is missing");
  EXPECT_EQ(LoadOne(R"({"name": "sex", "version": 1, "standard": "x", "title": "t",
                        "entries": []})"),
            "codesets/sex.json: \"version\" must be a string");
  EXPECT_EQ(LoadOne(R"({"name": "sex", "version": "1", "standard": "", "title": "t",
                        "entries": []})"),
            "codesets/sex.json: \"standard\" is empty");
  EXPECT_EQ(LoadOne(R"({"name": "sex", "version": "1", "standard": "x", "entries": []})"),
            "codesets/sex.json: \"title\" is missing");
  EXPECT_EQ(LoadOne(R"({"name": "sex", "version": "1", "standard": "x", "title": "t"})"),
            "codesets/sex.json: \"entries\" must be an array");
  EXPECT_EQ(LoadOne(R"({"name": "sex", "version": "1", "standard": "x", "title": "t",
                        "entries": []})"),
            "codesets/sex.json: \"entries\" is empty");
  EXPECT_EQ(LoadOne(R"({"name": "sex", "version": "1", "standard": "x", "title": "t",
                        "entries": ["1"]})"),
            "codesets/sex.json: entries[0] must be an object");
  EXPECT_EQ(LoadOne(R"({"name": "sex", "version": "1", "standard": "x", "title": "t",
                        "entries": [{"code": "1", "name": "男性"}, {"code": "", "name": "?"}]})"),
            "codesets/sex.json: entries[1]: \"code\" is empty");
  EXPECT_EQ(LoadOne(R"({"name": "sex", "version": "1", "standard": "x", "title": "t",
                        "entries": [{"code": 1, "name": "男性"}]})"),
            "codesets/sex.json: entries[0]: \"code\" must be a string");
  EXPECT_EQ(LoadOne(R"({"name": "sex", "version": "1", "standard": "x", "title": "t",
                        "entries": [{"code": "1", "name": ""}]})"),
            "codesets/sex.json: entries[0]: \"name\" is empty");
  EXPECT_EQ(LoadOne(R"({"name": "sex", "version": "1", "standard": "x", "title": "t",
                        "entries": [{"code": "1"}]})"),
            "codesets/sex.json: entries[0]: \"name\" is missing");
}

TEST(CodeSetTest, RefusesNameThatDoesNotMatchFile) {
  EXPECT_EQ(LoadOne(kSexJson, "codesets/gender.json"),
            "codesets/gender.json: name \"sex\" does not match the file name \"gender\"");
  EXPECT_EQ(LoadOne(kSexJson, "sex.json"), "");
  EXPECT_EQ(LoadOne(kSexJson, "codesets/sex.txt"),
            "codesets/sex.txt: a code-set file must be named <name>.json");
}

TEST(CodeSetTest, RefusesSetDefinedTwice) {
  EXPECT_EQ(LoadError({{"a/sex.json", kSexJson}, {"b/sex.json", kSexJson}}),
            "b/sex.json: code set \"sex\" is defined twice");
}

TEST(CodeSetTest, FirstBadFileIsNamed) {
  EXPECT_EQ(LoadError({{"codesets/sex.json", kSexJson}, {"codesets/blood_rh.json", "nope"}}),
            "codesets/blood_rh.json: not valid JSON");
}

TEST(CodeSetTest, CheckCodeAcceptsKnownCodes) {
  const CodeSets& sets = DefaultCodeSets();
  EXPECT_TRUE(sets.CheckCode("sex", "1", "sex").ok());
  EXPECT_TRUE(sets.CheckCode("ethnicity", "98", "ethnicity").ok());
  EXPECT_TRUE(sets.CheckCode("occupation", "Y", "occupation").ok());
}

TEST(CodeSetTest, CheckCodeListsAllowedCodesOfShortSets) {
  Status st = DefaultCodeSets().CheckCode("sex", "3", "sex");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code(), Status::Code::kInvalidArgument);
  ASSERT_EQ(st.fields().size(), 1u);
  EXPECT_EQ(st.fields()[0].field, "sex");
  EXPECT_EQ(st.fields()[0].reason,
            "\"3\" is not a code of sex (性别代码); allowed: 0 未知的性别, 1 男性, 2 女性, 9 "
            "未说明的性别");
}

TEST(CodeSetTest, CheckCodeCountsCodesOfLongSets) {
  Status st = DefaultCodeSets().CheckCode("ethnicity", "1", "members[2].ethnicity");
  ASSERT_FALSE(st.ok());
  ASSERT_EQ(st.fields().size(), 1u);
  EXPECT_EQ(st.fields()[0].field, "members[2].ethnicity");
  EXPECT_EQ(st.fields()[0].reason,
            "\"1\" is not a code of ethnicity (中国各民族名称的罗马字母拼写法和代码), which has "
            "58 codes");
}

TEST(CodeSetTest, CheckCodeQuotesOddInput) {
  // Reasons end up in JSON responses, so they must stay printable and valid UTF-8.
  auto reason = [](const std::string& code) {
    Status st = DefaultCodeSets().CheckCode("blood_rh", code, "blood_rh");
    EXPECT_EQ(st.fields().size(), 1u);
    return st.fields().empty() ? std::string() : st.fields()[0].reason;
  };
  const std::string tail =
      " is not a code of blood_rh (Rh(D)血型代码); allowed: 1 Rh阴性, 2 Rh阳性, 3 不详";
  EXPECT_EQ(reason("\xff\n"), "\"\\xFF\\x0A\"" + tail);
  EXPECT_EQ(reason(""), "\"\"" + tail);
  EXPECT_EQ(reason("a\"b"), "\"a\\x22b\"" + tail);
  EXPECT_EQ(reason(std::string(40, '7')), "\"" + std::string(32, '7') + "...\"" + tail);
}

TEST(CodeSetTest, CheckCodeOnUnknownSetIsInternal) {
  Status st = DefaultCodeSets().CheckCode("no_such_set", "1", "x");
  EXPECT_EQ(st.code(), Status::Code::kInternal);
  EXPECT_EQ(st.message(), "unknown code set \"no_such_set\"");
}

}  // namespace
}  // namespace yilian
