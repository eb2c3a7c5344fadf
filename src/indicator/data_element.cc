#include "indicator/data_element.h"

namespace yilian::indicator {

ElementCatalogue::ElementCatalogue() {
  auto stock = [&](const char* id, const char* name, bool by_age = false) {
    elements_.push_back({id, name, false, by_age, 1.0});
  };
  auto flow = [&](const char* id, const char* name, bool by_age = false, double scale = 1.0) {
    elements_.push_back({id, name, true, by_age, scale});
  };
  stock("residents", "常住居民数", true);
  stock("records", "建档人数", true);
  stock("elderly", "65岁及以上老年人数");
  stock("children", "0-6岁儿童数");
  stock("pregnant", "在管孕产妇数");
  stock("disabled", "残疾人数");
  stock("poor", "脱贫及监测人口数");
  stock("fp_special", "计生特殊家庭人数");
  stock("htn_managed", "高血压患者管理人数", true);
  stock("dm_managed", "2型糖尿病患者管理人数", true);
  stock("smi_managed", "严重精神障碍患者管理人数");
  stock("tb_managed", "肺结核患者管理人数");
  stock("key_population", "重点人群人数");
  stock("contracted", "签约人数", true);
  stock("contracted_key", "重点人群签约人数");
  stock("contracted_elderly", "老年人签约人数");
  stock("contracted_children", "儿童签约人数");
  stock("contracted_pregnant", "孕产妇签约人数");
  stock("contracted_disabled", "残疾人签约人数");
  stock("contracted_poor", "脱贫及监测人口签约人数");
  stock("contracted_fp_special", "计生特殊家庭签约人数");
  stock("contracted_htn", "高血压患者签约人数");
  stock("contracted_dm", "糖尿病患者签约人数");
  stock("contracted_smi", "严重精神障碍患者签约人数");
  stock("contracted_tb", "肺结核患者签约人数");
  stock("contracts_fulfilled", "履约人数");
  stock("htn_standard", "高血压患者规范管理人数");
  stock("htn_controlled", "高血压患者血压控制人数");
  stock("dm_standard", "2型糖尿病患者规范管理人数");
  stock("dm_controlled", "2型糖尿病患者血糖控制人数");
  stock("smi_standard", "严重精神障碍患者规范管理人数");
  stock("elderly_served", "老年人健康管理人数");
  stock("children_served", "0-6岁儿童健康管理人数");
  stock("records_used", "健康档案动态使用人数");
  flow("new_records", "新建档案数", true);
  flow("contracts_signed", "新签约人数");
  flow("deliveries", "活产数");
  flow("deliveries_early_registered", "早孕建册人数");
  flow("deliveries_postpartum_visited", "产后访视人数");
  flow("services", "服务人次", true);
  for (const char* c :
       {"health_record", "health_education", "immunization", "child", "maternal", "elderly",
        "hypertension", "diabetes", "mental", "tuberculosis", "tcm", "family_doctor"}) {
    flow((std::string("services_") + c).c_str(), "服务人次（分类）");
  }
  flow("points", "工分", false, 0.01);
  for (const auto& e : elements_) {
    first_slot_.push_back(slots_);
    int n = 3 + (e.by_age ? static_cast<int>(kAgeGroupStart.size()) : 0);
    slots_ += n;
    for (int i = 0; i < n; ++i) wide_.push_back(e.scale != 1.0);
  }
}

const ElementCatalogue& ElementCatalogue::Default() {
  static const ElementCatalogue kCatalogue;
  return kCatalogue;
}

std::optional<int> ElementCatalogue::Find(std::string_view id) const {
  for (size_t i = 0; i < elements_.size(); ++i)
    if (elements_[i].id == id) return static_cast<int>(i);
  return std::nullopt;
}

std::vector<int> ElementCatalogue::Slots(int element, Category c) const {
  int base = first_slot_[element];
  switch (c.kind) {
    case Category::Kind::kTotal:
      return {base, base + 1, base + 2};
    case Category::Kind::kSex:
      return {base + c.index};
    case Category::Kind::kAge:
      if (!elements_[element].by_age) return {};
      return {base + 3 + c.index};
  }
  return {};
}

}  // namespace yilian::indicator
