// Analytics on a small hand-built dataset: targets and completion, progress
// of counts against the elapsed share of the year, ranks among siblings,
// breakdowns by sex and age group adding up to the total; and the checks of
// the indicator definitions file (IndicatorSet::Parse). The definitions of
// each indicator are pinned by the data-driven cases in tests/data/indicators.
#include "indicator/analytics.h"

#include <gtest/gtest.h>

#include <deque>
#include <map>

#include "catalogue/service_catalogue.h"
#include "followup/followup_rules.h"
#include "orgunit/division_code.h"

namespace yilian::indicator {
namespace {

constexpr const char* kCounty = "140423000000";
constexpr const char* kTownA = "140423100000";
constexpr const char* kTownB = "140423200000";
constexpr const char* kA1 = "140423100201";
constexpr const char* kA2 = "140423100202";
constexpr const char* kA3 = "140423100203";
constexpr const char* kB1 = "140423200201";

Date D(int y, int m, int d) { return *Date::FromYmd(y, m, d); }

// The test county, with a third village in township A so that three
// villages are siblings.
const OrgTree& Tree() {
  static const OrgTree kTree = [] {
    std::vector<OrgUnit> units;
    for (auto [code, parent] : {std::pair{"140000000000", ""},
                                {"140400000000", "140000000000"},
                                {kCounty, "140400000000"},
                                {kTownA, kCounty},
                                {kTownB, kCounty},
                                {kA1, kTownA},
                                {kA2, kTownA},
                                {kA3, kTownA},
                                {kB1, kTownB}}) {
      OrgUnit u;
      u.code = code;
      u.name = code;
      u.parent_code = parent;
      u.level = *LevelOfDivisionCode(code);
      units.push_back(u);
    }
    return OrgTree(units);
  }();
  return kTree;
}

class AnalyticsTest : public ::testing::Test {
 protected:
  AnalyticsTest()
      : cube_(ElementCatalogue::Default(), ServiceCatalogue::Default(), FollowUpRules::Default()) {}

  live::ResidentFacts& Person(const char* village, Date birth, const char* sex) {
    live::ResidentFacts f;
    f.resident_id = static_cast<int64_t>(people_.size()) + 1;
    Resident r;
    r.id = f.resident_id;
    r.sex = sex;
    r.birth_date = birth;
    r.village_code = village;
    r.record_date = std::max(birth, D(2020, 1, 1));
    f.resident = r;
    people_.push_back(f);
    return people_.back();
  }
  void Serve(live::ResidentFacts& f, const char* code, Date on) {
    ServiceRecord s;
    s.id = ++ids_;
    s.resident_id = f.resident_id;
    s.service_code = code;
    s.service_date = on;
    s.verification = "dual_card";
    s.points_centi = ServiceCatalogue::Default().FindItem(code)->points_centi;
    f.services.push_back(live::ServiceFact::Of(s));
  }
  void Sign(live::ResidentFacts& f, Date start) {
    Contract k;
    k.id = ++ids_;
    k.resident_id = f.resident_id;
    k.start_date = start;
    k.signed_on = start;
    k.end_date = start.AddMonths(12).AddDays(-1);
    k.packages = {"basic"};
    f.contracts.push_back(k);
  }
  void Build() {
    for (const auto& f : people_) cube_.Accumulate(f);
    cube_.Finish(Tree());
  }
  std::vector<AnalyticsRow> Ask(const char* dx, std::vector<const char*> ou, const char* pe,
                                Date today, const char* disagg = "") {
    AnalyticsQuery q;
    q.dx = {IndicatorSet::Default().Find(dx)};
    EXPECT_NE(q.dx[0], nullptr) << dx;
    for (const char* u : ou) q.ou.push_back(Tree().Find(u));
    q.pe = {*ParsePeriod(pe)};
    q.disaggregation = disagg;
    q.today = today;
    return Analytics(cube_, external_, Tree()).Evaluate(q);
  }

  std::deque<live::ResidentFacts> people_;
  int64_t ids_ = 0;
  IndicatorCube cube_;
  ExternalFigures external_;
};

TEST_F(AnalyticsTest, TargetsGiveCompletionAndRatesProgressAsCompletion) {
  // Village A1: 4 residents, 3 under contract at the end of 2025; 50 given.
  for (int i = 0; i < 4; ++i) {
    auto& p = Person(kA1, D(1980 + i, 3, 1), i % 2 ? "2" : "1");
    if (i < 3) Sign(p, D(2025, 2, 1));
  }
  Build();
  external_.populations[{kA1, 2025}] = 50;
  external_.targets[{"contract_rate", kA1, 2025}] = 8;  // 8%
  auto rows = Ask("contract_rate", {kA1}, "2025", D(2026, 3, 1));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_DOUBLE_EQ(*rows[0].current.value, 6.0);  // 3 / 50
  EXPECT_DOUBLE_EQ(*rows[0].target, 8.0);
  EXPECT_DOUBLE_EQ(*rows[0].completion, 75.0);  // 6 / 8
  EXPECT_DOUBLE_EQ(*rows[0].progress, 75.0);    // a rate's progress is its completion
  // The target is the year's: a quarter of that year is held to it too.
  rows = Ask("contract_rate", {kA1}, "2025Q2", D(2026, 3, 1));
  EXPECT_DOUBLE_EQ(*rows[0].target, 8.0);
  EXPECT_DOUBLE_EQ(*rows[0].completion, 75.0);
  // No target, or a target of zero: no completion.
  rows = Ask("contract_rate", {kA1}, "2024", D(2026, 3, 1));
  EXPECT_FALSE(rows[0].target);
  EXPECT_FALSE(rows[0].completion);
  external_.targets[{"contract_rate", kA1, 2025}] = 0;
  rows = Ask("contract_rate", {kA1}, "2025", D(2026, 3, 1));
  EXPECT_FALSE(rows[0].completion);
  EXPECT_FALSE(rows[0].progress);
  // Broken-down rows carry no target.
  external_.targets[{"contracted", kA1, 2025}] = 6;
  rows = Ask("contracted", {kA1}, "2025", D(2026, 3, 1), "sex");
  ASSERT_EQ(rows.size(), 2u);
  for (const auto& r : rows) {
    EXPECT_FALSE(r.target) << r.category_code;
    EXPECT_FALSE(r.completion) << r.category_code;
  }
  rows = Ask("contracted", {kA1}, "2025", D(2026, 3, 1));
  EXPECT_DOUBLE_EQ(*rows[0].completion, 50.0);  // 3 of 6
  EXPECT_DOUBLE_EQ(*rows[0].progress, 50.0);    // the whole year has elapsed
}

// The rolled-up populations (ExternalFigures::Roll) are a cache: with them
// and without them every unit's population is the same, whichever villages
// have a stated figure, and they are ignored for another snapshot of the tree.
TEST_F(AnalyticsTest, RolledPopulationsAgreeWithTheWalkDownTheTree) {
  for (int i = 0; i < 3; ++i) Person(kA1, D(1980, 1, 1), "1");
  Person(kB1, D(1980, 1, 1), "2");
  Build();
  auto tree = std::make_shared<const OrgTree>(Tree());
  const std::vector<const char*> units = {
      "140000000000", "140400000000", kCounty, kTownA, kTownB, kA1, kA2, kA3, kB1};
  auto same = [&](const char* what) {
    ExternalFigures rolled = external_;
    rolled.Roll(tree);
    for (int year : {2024, 2025}) {
      for (const char* u : units) {
        Date on = D(year, 12, 31);
        EXPECT_EQ(Analytics(cube_, rolled, *tree).Population(u, year, on),
                  Analytics(cube_, external_, *tree).Population(u, year, on))
            << what << ": " << u << " " << year;
      }
    }
    return rolled;
  };
  same("no populations");
  external_.populations[{kA1, 2025}] = 100;
  external_.populations[{kA2, 2025}] = 50;
  same("township A without A3");  // A3 falls back to its residents on file
  external_.populations[{kA3, 2025}] = 25;
  external_.populations[{kB1, 2025}] = 10;
  ExternalFigures rolled = same("every village in 2025");
  EXPECT_EQ(rolled.RolledPopulation(*tree, kCounty, 2025), 185);
  EXPECT_EQ(rolled.RolledPopulation(*tree, kTownA, 2025), 175);
  EXPECT_FALSE(rolled.RolledPopulation(*tree, kCounty, 2024));
  external_.populations[{kTownB, 2025}] = 40;  // a township's own figure wins
  rolled = same("township B stated");
  EXPECT_EQ(rolled.RolledPopulation(*tree, kCounty, 2025), 215);
  // Another snapshot of the tree (after an org-unit change): not used.
  auto other = std::make_shared<const OrgTree>(Tree());
  EXPECT_FALSE(rolled.RolledPopulation(*other, kCounty, 2025));
}

TEST_F(AnalyticsTest, CountsProgressAgainstTheElapsedShareOfTheYear) {
  // 30 services in A1 by 2025-04-10, the 100th day of 2025 (365 days).
  auto& p = Person(kA1, D(1950, 1, 1), "1");
  for (int i = 0; i < 30; ++i) Serve(p, "health_education", D(2025, 1, 1).AddDays(3 * i));
  Serve(p, "health_education", D(2025, 4, 11));  // after today: not yet counted
  Build();
  external_.targets[{"services", kA1, 2025}] = 73;
  auto rows = Ask("services", {kA1}, "2025", D(2025, 4, 10));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].counted.end, D(2025, 4, 10));
  EXPECT_DOUBLE_EQ(rows[0].current.value.value(), 30);
  EXPECT_NEAR(*rows[0].completion, 30.0 / 73 * 100, 1e-9);  // 41.1%
  // Expected by now: 73 × 100/365 = 20; done 30: 150%.
  EXPECT_NEAR(*rows[0].progress, 150.0, 1e-9);
  // On 2025-12-31 progress and completion agree.
  rows = Ask("services", {kA1}, "2025", D(2025, 12, 31));
  EXPECT_NEAR(*rows[0].progress, *rows[0].completion, 1e-9);
  EXPECT_NEAR(*rows[0].completion, 31.0 / 73 * 100, 1e-9);
  // A period that has not begun has no value, so no completion.
  rows = Ask("services", {kA1}, "2025", D(2024, 12, 31));
  EXPECT_FALSE(rows[0].current.value);
  EXPECT_FALSE(rows[0].completion);
  EXPECT_FALSE(rows[0].progress);
}

TEST_F(AnalyticsTest, RanksAreAmongSiblingsAndTiesShareARank) {
  // Contracts on 2025-12-31: A1 2, A2 1, A3 2, B1 1; townA 5, townB 1.
  for (auto [village, n] : {std::pair{kA1, 2}, {kA2, 1}, {kA3, 2}, {kB1, 1}}) {
    for (int i = 0; i < n; ++i) Sign(Person(village, D(1970, 1, 1), "1"), D(2025, 1, 1));
  }
  Build();
  auto rows =
      Ask("contracted", {kA2, kA1, kB1, kA3, kTownB, kTownA, kCounty}, "2025", D(2026, 1, 31));
  std::map<std::string, std::string> rank;
  for (const auto& r : rows)
    rank[r.ou->code] = std::to_string(r.rank) + "/" + std::to_string(r.siblings);
  EXPECT_EQ(rank[kA1], "1/3");  // tied with A3: both first, whatever the order asked
  EXPECT_EQ(rank[kA3], "1/3");
  EXPECT_EQ(rank[kA2], "3/3");
  EXPECT_EQ(rank[kB1], "1/1");  // the only village of township B asked
  EXPECT_EQ(rank[kTownA], "1/2");
  EXPECT_EQ(rank[kTownB], "2/2");
  EXPECT_EQ(rank[kCounty], "1/1");
  // A rate with no value (nothing to divide by) ranks after every value.
  external_.populations[{kA1, 2025}] = 4;
  external_.populations[{kA3, 2025}] = 2;
  external_.populations[{kA2, 2025}] = 0;
  rows = Ask("contract_rate", {kA1, kA2, kA3}, "2025", D(2026, 1, 31));
  rank.clear();
  for (const auto& r : rows)
    rank[r.ou->code] = std::to_string(r.rank) + "/" + std::to_string(r.siblings);
  EXPECT_EQ(rank[kA3], "1/3");  // 100%
  EXPECT_EQ(rank[kA1], "2/3");  // 50%
  EXPECT_EQ(rank[kA2], "3/3");  // no value
  // Each breakdown category is ranked on its own.
  rows = Ask("contracted", {kA1, kA2}, "2025", D(2026, 1, 31), "sex");
  for (const auto& r : rows) {
    if (r.category_code == "1") {
      EXPECT_EQ(r.siblings, 2) << r.ou->code;
    } else {
      EXPECT_EQ(r.rank, 1) << r.ou->code;  // no women: a tie at 0
      EXPECT_EQ(r.siblings, 2) << r.ou->code;
    }
  }
}

TEST_F(AnalyticsTest, BreakdownsAddUpToTheTotal) {
  // Men and women of every age group in three villages, with records,
  // contracts, programs and services on both sides of birthdays.
  int i = 0;
  for (const char* v : {kA1, kA2, kB1}) {
    for (Date birth : {D(2019, 5, 1), D(2017, 10, 5), D(2010, 2, 28), D(2007, 9, 9), D(1990, 6, 15),
                       D(1989, 12, 1), D(1960, 3, 3), D(1959, 8, 20), D(1940, 1, 1)}) {
      auto& p = Person(v, birth, ++i % 2 ? "1" : "2");
      if (i % 3 != 0) Sign(p, D(2024, 1 + i % 12, 1));
      Serve(p, "health_education", D(2024, 1 + (i * 5) % 12, 10));
      if (i % 4 == 0) {
        Enrolment e;
        e.id = ++ids_;
        e.program = "hypertension";
        e.enrolled_on = D(2023, 6, 1);
        p.enrolments.push_back(e);
        Serve(p, "htn_followup", D(2024, 2, 1));
      }
    }
  }
  Build();
  for (const char* dx : {"records", "new_records", "contracted", "htn_managed", "services"}) {
    for (const char* pe : {"2024", "2024Q3", "202402", "2025"}) {
      for (const char* ou : {kA1, kTownA, kCounty}) {
        auto total = Ask(dx, {ou}, pe, D(2025, 6, 30));
        auto by_sex = Ask(dx, {ou}, pe, D(2025, 6, 30), "sex");
        auto by_age = Ask(dx, {ou}, pe, D(2025, 6, 30), "age_group");
        ASSERT_EQ(by_sex.size(), 2u);
        ASSERT_EQ(by_age.size(), 5u);
        double sex = 0, age = 0;
        for (const auto& r : by_sex) sex += r.current.numerator;
        for (const auto& r : by_age) age += r.current.numerator;
        std::string where = std::string(dx) + " " + ou + " " + pe;
        EXPECT_EQ(sex, total[0].current.numerator) << where;
        EXPECT_EQ(age, total[0].current.numerator) << where;
        double last = 0;
        for (const auto& r : by_age) last += r.last_year.numerator;
        EXPECT_EQ(last, total[0].last_year.numerator) << where;
      }
    }
  }
  // Rates: numerators and denominators add up by sex.
  for (const char* dx : {"fulfilment_rate", "key_contract_rate", "record_use_rate"}) {
    auto total = Ask(dx, {kCounty}, "2024", D(2025, 6, 30));
    auto by_sex = Ask(dx, {kCounty}, "2024", D(2025, 6, 30), "sex");
    EXPECT_EQ(by_sex[0].current.numerator + by_sex[1].current.numerator, total[0].current.numerator)
        << dx;
    EXPECT_EQ(*by_sex[0].current.denominator + *by_sex[1].current.denominator,
              *total[0].current.denominator)
        << dx;
  }
  // The age groups on 2024-12-31 in one village: 0-6 (2019), 7-17
  // (2017-10-05 from its 7th birthday, 2010, 2007), 18-34 (1990), 35-64
  // (1989-12-01 from its 35th, 1960), 65+ (1959-08-20 from its 65th, 1940).
  auto by_age = Ask("records", {kA1}, "2024", D(2025, 6, 30), "age_group");
  std::map<std::string, double> want = {
      {"0-6", 1}, {"7-17", 3}, {"18-34", 1}, {"35-64", 2}, {"65+", 2}};
  for (const auto& r : by_age)
    EXPECT_EQ(r.current.numerator, want[r.category_code]) << r.category_code;
  // On 2024-06-30 those three birthdays are still to come.
  by_age = Ask("records", {kA1}, "2024H1", D(2025, 6, 30), "age_group");
  want = {{"0-6", 2}, {"7-17", 2}, {"18-34", 2}, {"35-64", 2}, {"65+", 1}};
  for (const auto& r : by_age)
    EXPECT_EQ(r.current.numerator, want[r.category_code]) << r.category_code;
}

TEST_F(AnalyticsTest, ResidentsOfUnknownSexCountInTheTotalOnly) {
  Person(kA1, D(1980, 1, 1), "1");
  Person(kA1, D(1980, 1, 1), "2");
  Person(kA1, D(1980, 1, 1), "9");
  Person(kA1, D(1980, 1, 1), "0");
  Build();
  auto total = Ask("records", {kA1}, "2024", D(2025, 1, 1));
  auto by_sex = Ask("records", {kA1}, "2024", D(2025, 1, 1), "sex");
  auto by_age = Ask("records", {kA1}, "2024", D(2025, 1, 1), "age_group");
  EXPECT_EQ(total[0].current.numerator, 4);
  ASSERT_EQ(by_sex.size(), 2u);
  EXPECT_EQ(by_sex[0].category_code, "1");
  EXPECT_EQ(by_sex[0].current.numerator, 1);
  EXPECT_EQ(by_sex[1].category_code, "2");
  EXPECT_EQ(by_sex[1].current.numerator, 1);
  double age = 0;
  for (const auto& r : by_age) age += r.current.numerator;
  EXPECT_EQ(age, 4);
}

// ---- The definitions file -------------------------------------------------

std::string File(const std::string& indicators) {
  return R"({"version": "t1", "indicators": [)" + indicators + "]}";
}

std::string One(const std::string& id, const std::string& more) {
  return R"({"id": ")" + id + R"(", "name": "名", "definition": "定义", )" + more + "}";
}

Status ParseStatus(const std::string& json) {
  auto r = IndicatorSet::Parse(json, ElementCatalogue::Default());
  return r.ok() ? Status::Ok() : r.status();
}

void ExpectRefused(const std::string& json, const std::string& fragment) {
  Status s = ParseStatus(json);
  EXPECT_FALSE(s.ok()) << json;
  EXPECT_NE(s.ToString().find(fragment), std::string::npos) << s.ToString();
}

TEST(IndicatorDefinitions, TheShippedFileLoads) {
  const auto& set = IndicatorSet::Default();
  EXPECT_EQ(set.all().size(), 49u);
  EXPECT_FALSE(set.version().empty());
  const Indicator* in = set.Find("record_rate");
  ASSERT_NE(in, nullptr);
  EXPECT_EQ(in->numerator, "records");
  EXPECT_EQ(in->denominator, "population");
  EXPECT_EQ(in->factor, 100);
  EXPECT_TRUE(in->rate());
  EXPECT_FALSE(set.Find("services")->rate());
}

TEST(IndicatorDefinitions, AWellFormedFileIsAccepted) {
  auto r = IndicatorSet::Parse(
      File(
          One("a", R"("numerator": "contracted", "denominator": "population", "factor": 100)") +
          "," +
          One("b",
              R"("numerator": "services", "denominator": null, "disaggregations": ["sex", "age_group"])")),
      ElementCatalogue::Default());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->version(), "t1");
  ASSERT_EQ(r->all().size(), 2u);
  EXPECT_TRUE(r->Find("a")->rate());
  EXPECT_FALSE(r->Find("b")->rate());
  EXPECT_EQ(r->Find("b")->factor, 1);
  EXPECT_EQ(r->Find("b")->decimals, 1);
  EXPECT_EQ(r->Find("b")->disaggregations, (std::vector<std::string>{"sex", "age_group"}));
}

TEST(IndicatorDefinitions, AnUnknownElementIsRefused) {
  ExpectRefused(File(One("a", R"("numerator": "contractd")")), "unknown numerator contractd");
  ExpectRefused(File(One("a", R"("numerator": "contracted", "denominator": "populaton")")),
                "unknown denominator populaton");
  ExpectRefused(File(One("a", R"("numerator": "")")), "unknown numerator");
  ExpectRefused(File(One("a", R"("denominator": "records")")), "unknown numerator");
}

TEST(IndicatorDefinitions, ADuplicateIdIsRefused) {
  ExpectRefused(
      File(One("a", R"("numerator": "records")") + "," + One("b", R"("numerator": "records")") +
           "," + One("a", R"("numerator": "contracted")")),
      "indicator a: is defined twice");
}

TEST(IndicatorDefinitions, AnAgeGroupBreakdownNeedsElementsKeptByAge) {
  // elderly is not kept by age group; records and contracted are.
  ExpectRefused(File(One("a", R"("numerator": "elderly", "disaggregations": ["age_group"])")),
                "elderly is not kept by age group");
  ExpectRefused(
      File(One(
          "a",
          R"("numerator": "contracted", "denominator": "elderly", "disaggregations": ["age_group"])")),
      "elderly is not kept by age group");
  EXPECT_TRUE(ParseStatus(File(One("a", R"("numerator": "contracted", "denominator": "records", )"
                                        R"("disaggregations": ["age_group"])")))
                  .ok());
  // By sex every element is kept.
  EXPECT_TRUE(
      ParseStatus(File(One("a", R"("numerator": "elderly", "disaggregations": ["sex"])"))).ok());
  ExpectRefused(File(One("a", R"("numerator": "records", "disaggregations": ["village"])")),
                "unknown disaggregation village");
}

TEST(IndicatorDefinitions, ThePopulationHasNoBreakdown) {
  ExpectRefused(
      File(One(
          "a",
          R"("numerator": "records", "denominator": "population", "disaggregations": ["sex"])")),
      "the population is not kept by sex");
  ExpectRefused(File(One("a", R"("numerator": "population", "disaggregations": ["age_group"])")),
                "the population is not kept by age_group");
}

TEST(IndicatorDefinitions, TheFactorMustBePositive) {
  ExpectRefused(
      File(One("a", R"("numerator": "records", "denominator": "population", "factor": 0)")),
      "factor must be positive");
  ExpectRefused(
      File(One("a", R"("numerator": "records", "denominator": "population", "factor": -100)")),
      "factor must be positive");
}

TEST(IndicatorDefinitions, AKeyPopulationBreakdownNeedsItsParts) {
  ExpectRefused(File(One("a", R"("numerator": "contracted_key", "denominator": "key_population", )"
                              R"("disaggregations": ["key_population"])")),
                "key_population needs by_key_population parts");
  ExpectRefused(File(One("a", R"("numerator": "contracted_key", "denominator": "key_population", )"
                              R"("by_key_population": [{"code": "elderly", "name": "老年人", )"
                              R"("numerator": "contracted_elderly", "denominator": "eldery"}], )"
                              R"("disaggregations": ["key_population"])")),
                "known numerator and denominator");
  auto r = IndicatorSet::Parse(
      File(One("a", R"("numerator": "contracted_key", "denominator": "key_population", )"
                    R"("by_key_population": [{"code": "elderly", "name": "老年人", )"
                    R"("numerator": "contracted_elderly", "denominator": "elderly"}], )"
                    R"("disaggregations": ["key_population"])")),
      ElementCatalogue::Default());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->Find("a")->key_populations.size(), 1u);
  EXPECT_EQ(r->Find("a")->key_populations[0].denominator, "elderly");
}

TEST(IndicatorDefinitions, TheFileItselfIsChecked) {
  ExpectRefused("[]", "not a JSON object");
  ExpectRefused("{", "not a JSON object");
  ExpectRefused(R"({"indicators": []})", "version is missing");
  ExpectRefused(R"({"version": "1", "indicators": {}})", "indicators must be a list");
  ExpectRefused(File(R"({"id": "a", "numerator": "records", "definition": "d"})"),
                "needs an id, a name and a definition");
  ExpectRefused(File(R"({"name": "n", "numerator": "records", "definition": "d"})"),
                "needs an id, a name and a definition");
  ExpectRefused(File(R"({"id": "a", "name": "n", "numerator": "records"})"),
                "needs an id, a name and a definition");
}

}  // namespace
}  // namespace yilian::indicator
