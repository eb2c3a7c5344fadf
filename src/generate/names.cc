#include "generate/names.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <iterator>
#include <vector>

namespace yilian::generate {
namespace {

struct WeightedName {
  const char* name;
  int weight;  // share of the population in units of 0.01%
};

// The most common surnames with their approximate national shares (公安部户籍
// statistics, 2019-2020); the tail is flattened at 0.02%.
constexpr WeightedName kSurnames[] = {
    {"王", 725}, {"李", 719}, {"张", 686}, {"刘", 538}, {"陈", 453}, {"杨", 308}, {"赵", 229},
    {"黄", 223}, {"周", 189}, {"吴", 205}, {"徐", 145}, {"孙", 138}, {"胡", 116}, {"朱", 128},
    {"高", 100}, {"林", 102}, {"何", 106}, {"郭", 115}, {"马", 129}, {"罗", 86},  {"梁", 84},
    {"宋", 70},  {"郑", 84},  {"谢", 72},  {"韩", 65},  {"唐", 69},  {"冯", 64},  {"于", 48},
    {"董", 53},  {"萧", 10},  {"程", 43},  {"曹", 61},  {"袁", 50},  {"邓", 62},  {"许", 66},
    {"傅", 20},  {"沈", 37},  {"曾", 57},  {"彭", 58},  {"吕", 40},  {"苏", 41},  {"卢", 35},
    {"蒋", 47},  {"蔡", 46},  {"贾", 28},  {"丁", 39},  {"魏", 41},  {"薛", 22},  {"叶", 43},
    {"阎", 8},   {"余", 45},  {"潘", 48},  {"杜", 44},  {"戴", 15},  {"夏", 27},  {"钟", 33},
    {"汪", 30},  {"田", 54},  {"任", 38},  {"姜", 34},  {"范", 30},  {"方", 26},  {"石", 28},
    {"姚", 36},  {"谭", 32},  {"廖", 28},  {"邹", 25},  {"熊", 24},  {"金", 29},  {"陆", 31},
    {"郝", 18},  {"孔", 14},  {"白", 25},  {"崔", 33},  {"康", 12},  {"毛", 18},  {"邱", 24},
    {"秦", 24},  {"江", 23},  {"史", 20},  {"顾", 18},  {"侯", 21},  {"邵", 17},  {"孟", 25},
    {"龙", 20},  {"万", 16},  {"段", 21},  {"雷", 21},  {"钱", 16},  {"汤", 13},  {"尹", 23},
    {"黎", 19},  {"易", 10},  {"常", 13},  {"武", 15},  {"乔", 10},  {"贺", 19},  {"赖", 12},
    {"龚", 17},  {"文", 12},  {"闫", 22},  {"肖", 56},  {"付", 26},  {"韦", 27},  {"申", 8},
    {"牛", 12},  {"樊", 11},  {"葛", 11},  {"邢", 11},  {"安", 10},  {"齐", 10},  {"伍", 10},
    {"庞", 10},  {"颜", 9},   {"倪", 9},   {"庄", 9},   {"聂", 9},   {"章", 9},   {"鲁", 8},
    {"岳", 8},   {"翟", 8},   {"殷", 8},   {"詹", 8},   {"耿", 7},   {"关", 7},   {"兰", 7},
    {"焦", 7},   {"俞", 7},   {"左", 7},   {"柳", 7},   {"甘", 6},   {"祝", 6},   {"包", 6},
    {"宁", 6},   {"尚", 6},   {"符", 6},   {"舒", 6},   {"阮", 6},   {"柯", 6},   {"纪", 6},
    {"梅", 5},   {"童", 5},   {"凌", 5},   {"毕", 5},   {"单", 5},   {"季", 5},   {"裴", 5},
    {"霍", 5},   {"涂", 5},   {"成", 5},   {"苗", 5},   {"谷", 5},   {"盛", 5},   {"曲", 5},
    {"翁", 5},   {"冉", 4},   {"骆", 4},   {"蓝", 4},   {"路", 4},   {"游", 4},   {"辛", 4},
    {"靳", 4},   {"管", 4},   {"柴", 4},   {"蒙", 4},   {"鲍", 4},   {"华", 4},   {"喻", 4},
    {"祁", 4},   {"蒲", 4},   {"房", 4},   {"滕", 4},   {"屈", 4},   {"饶", 4},   {"解", 4},
    {"牟", 4},   {"艾", 4},   {"尤", 4},   {"时", 3},   {"穆", 3},   {"司", 3},   {"卓", 3},
    {"古", 3},   {"吉", 3},   {"车", 3},   {"项", 3},   {"连", 3},   {"娄", 3},   {"窦", 3},
    {"戚", 3},   {"景", 3},   {"党", 3},   {"宫", 3},   {"费", 3},   {"卫", 3},   {"米", 3},
    {"席", 3},   {"栗", 3},   {"原", 3},   {"冀", 3},   {"郜", 2},   {"温", 13},  {"施", 12},
    {"欧阳", 8}, {"上官", 1}, {"司马", 1}, {"诸葛", 1},
};

struct NamePools {
  std::vector<const char*> popular;  // whole given names, most popular first
  std::vector<const char*> first;    // first character of a composed name
  std::vector<const char*> second;   // second character, also used alone
  int single_percent;                // share of one-character given names
  int popular_percent;               // share of names from `popular`
};

// Cohorts: born before 1950, 1950-64, 1965-79, 1980-94, 1995-2009, 2010 on.
int Cohort(int birth_year) {
  if (birth_year < 1950) return 0;
  if (birth_year < 1965) return 1;
  if (birth_year < 1980) return 2;
  if (birth_year < 1995) return 3;
  if (birth_year < 2010) return 4;
  return 5;
}

const std::array<NamePools, 6>& MalePools() {
  static const std::array<NamePools, 6> pools = [] {
    const std::vector<const char*> old_first = {
        "福", "贵", "德", "金", "宝", "长", "保", "树", "春", "天", "明", "庆", "振", "玉", "海",
        "学", "秋", "忠", "立", "占", "满", "来", "喜", "双", "俊", "永", "志", "文", "万", "成"};
    const std::vector<const char*> old_second = {
        "生", "林", "山", "才", "成", "福", "平", "祥", "田", "旺", "全", "喜", "财", "忠", "义",
        "仁", "贵", "堂", "清", "荣", "宝", "海", "德", "江", "顺", "有", "明", "元", "水", "根"};
    const std::vector<const char*> mid_first = {
        "建", "志", "海", "晓", "永", "红", "卫", "东", "小", "俊", "国", "文", "春", "学", "立",
        "伟", "晋", "鹏", "宏", "利", "新", "亚", "军", "云", "振", "向", "爱", "跃", "胜", "庆"};
    const std::vector<const char*> mid_second = {
        "军", "伟", "强", "东", "明", "平", "涛", "斌", "勇", "刚", "峰", "杰", "波", "辉", "亮",
        "鹏", "飞", "龙", "宇", "彬", "华", "超", "林", "锋", "生", "磊", "兵", "民", "忠", "文"};
    const std::vector<const char*> young_first = {
        "子", "浩", "宇", "梓", "俊", "嘉", "一", "家", "志", "思", "博", "佳", "文", "明", "天",
        "昊", "晨", "雨", "睿", "锦", "奕", "泽", "皓", "逸", "亦", "书", "铭", "伟", "鑫", "正"};
    const std::vector<const char*> young_second = {
        "轩", "然", "宇", "豪", "涵", "辰", "泽", "睿", "杰", "航", "博", "阳", "鑫", "铭", "洋",
        "晨", "浩", "恒", "凯", "瑞", "哲", "源", "翔", "煜", "霖", "远", "毅", "诚", "昊", "川"};
    return std::array<NamePools, 6>{{
        {{"德福", "有才", "金贵", "福生", "长顺", "来福", "根生", "满仓", "保全", "玉山",
          "宝山", "永福", "福贵", "天喜", "春生", "海旺", "玉林", "兴旺", "喜才", "进财"},
         old_first,
         old_second,
         7,
         18},
        {{"建国", "建华", "国庆", "建军", "国强", "卫东", "援朝", "志刚", "国华", "跃进",
          "胜利", "建平", "志强", "爱国", "保国", "玉明", "卫国", "国平", "建新", "红旗"},
         old_first,
         mid_second,
         7,
         18},
        {{"卫东", "红卫", "文革", "伟",   "军",   "勇",   "强",   "涛",   "建军", "志勇",
          "小平", "建伟", "海军", "永红", "东升", "立新", "卫兵", "向东", "建峰", "晓东"},
         mid_first,
         mid_second,
         12,
         18},
        {{"伟", "磊", "强", "鹏",   "杰",   "涛",   "斌",   "超",   "刚",   "勇",
          "军", "波", "浩", "晓东", "志强", "海涛", "俊杰", "建伟", "鹏飞", "亚伟"},
         mid_first,
         mid_second,
         17,
         18},
        {{"浩",   "宇",   "杰",   "鑫",   "帅",   "博", "磊",   "子豪", "浩然", "宇航",
          "佳豪", "家乐", "俊杰", "雨泽", "嘉豪", "鹏", "昊天", "文博", "一鸣", "宇轩"},
         young_first,
         young_second,
         10,
         18},
        {{"子涵", "浩然", "梓轩", "宇轩", "子轩", "一诺", "梓睿", "沐阳", "浩宇", "俊熙",
          "睿",   "轩",   "辰",   "皓轩", "奕辰", "锦程", "宇泽", "梓豪", "思远", "子墨"},
         young_first,
         young_second,
         5,
         18},
    }};
  }();
  return pools;
}

const std::array<NamePools, 6>& FemalePools() {
  static const std::array<NamePools, 6> pools = [] {
    const std::vector<const char*> old_first = {"秀", "桂", "玉", "凤", "淑", "兰", "金",
                                                "翠", "素", "月", "爱", "彩", "春", "香",
                                                "巧", "冬", "美", "俊", "腊", "银"};
    const std::vector<const char*> old_second = {"英", "兰", "珍", "梅", "芳", "花", "香",
                                                 "莲", "云", "琴", "娥", "凤", "霞", "菊",
                                                 "荣", "枝", "娟", "秀", "仙", "环"};
    const std::vector<const char*> mid_first = {"丽", "红", "晓", "艳", "海", "小", "春", "雪",
                                                "美", "秀", "建", "俊", "爱", "亚", "彩", "静",
                                                "燕", "晶", "玉", "慧", "金", "利", "晋"};
    const std::vector<const char*> mid_second = {
        "霞", "燕", "红", "萍", "娟", "丽", "芳", "梅", "玲", "琴", "艳", "敏", "华",
        "英", "娜", "静", "丹", "洁", "花", "莉", "君", "辉", "颖", "云", "青"};
    const std::vector<const char*> young_first = {
        "欣", "佳", "雨", "梓", "子", "诗", "思", "可", "梦", "雅", "语", "紫", "若", "一", "依",
        "婉", "心", "芷", "安", "美", "晨", "嘉", "书", "艺", "沐", "悦", "馨", "怡", "雪", "晓"};
    const std::vector<const char*> young_second = {
        "怡", "涵", "琪", "萱", "彤", "婷", "雪", "妍", "悦", "瑶", "欣", "然", "宁", "蕊", "楠",
        "汐", "诺", "桐", "晴", "菲", "琳", "淇", "馨", "洁", "茜", "璐", "瑜", "颖", "雯", "佳"};
    return std::array<NamePools, 6>{{
        {{"秀英", "桂英", "秀兰", "玉兰", "桂兰", "凤英", "淑珍", "玉珍", "兰英", "秀珍",
          "素珍", "玉梅", "桂珍", "凤兰", "翠英", "金花", "银花", "凤莲", "桂香", "玉英"},
         old_first,
         old_second,
         4,
         25},
        {{"秀英", "桂兰", "玉兰", "秀兰", "凤英", "淑英", "桂芳", "丽华", "秀芳", "红英",
          "玉芳", "美兰", "秀云", "桂香", "爱华", "红梅", "玉英", "金凤", "俊英", "秀珍"},
         old_first,
         old_second,
         4,
         25},
        {{"丽",   "红",   "艳",   "芳",   "丽萍", "红霞", "艳红", "海燕", "丽娟", "秀梅",
          "俊霞", "红梅", "建英", "美玲", "秀娟", "爱萍", "小红", "春梅", "丽君", "晓燕"},
         mid_first,
         mid_second,
         14,
         18},
        {{"丽",   "静",   "敏",   "燕",   "艳",   "娟", "婷", "丹",   "霞",   "芳",
          "丽娜", "晓燕", "婷婷", "丽丽", "小芳", "雪", "倩", "晶晶", "亚楠", "娜"},
         mid_first,
         mid_second,
         17,
         18},
        {{"欣怡", "佳怡", "雨欣", "婷",   "雪",   "静怡", "佳琪", "梦洁", "雨涵", "思雨",
          "诗琪", "欣",   "悦",   "佳慧", "梦瑶", "雅琪", "文静", "可欣", "嘉欣", "紫怡"},
         young_first,
         young_second,
         8,
         18},
        {{"子涵", "欣怡", "梓涵", "一诺", "诗涵", "雨桐", "可馨", "若汐", "语桐", "依诺",
          "梓萱", "欣妍", "沐晨", "佳怡", "雨涵", "子萱", "梦琪", "思涵", "艺涵", "安琪"},
         young_first,
         young_second,
         4,
         18},
    }};
  }();
  return pools;
}

const WeightedIndex& SurnameIndex() {
  static const WeightedIndex index = [] {
    WeightedIndex w;
    for (const auto& s : kSurnames) w.Add(static_cast<uint64_t>(s.weight));
    return w;
  }();
  return index;
}

template <size_t N>
const char* Pick(Rng& rng, const char* const (&table)[N]) {
  return table[rng.Below(static_cast<uint64_t>(N))];
}

// Characters of place names.
constexpr const char* kPlaceFirst[] = {
    "古", "王", "善", "夏", "下", "上", "西", "东", "南", "北", "侯", "路", "大", "小", "新",
    "龙", "石", "马", "黄", "白", "红", "青", "金", "柳", "杨", "李", "张", "崔", "韩", "丰",
    "永", "安", "平", "太", "河", "沙", "水", "泉", "长", "高", "宁", "兴", "临", "清", "武",
    "沁", "漳", "潞", "屯", "黎", "壶", "襄", "阳", "晋", "文", "德", "和", "虒", "西", "郭"};
constexpr const char* kPlaceSecond[] = {"桥", "福", "韩", "底", "亭", "堡", "店", "庄", "口", "关",
                                        "头", "河", "峪", "沟", "岭", "坪", "阳", "城", "寨", "营",
                                        "集", "湾", "园", "川", "源", "泉", "山", "良", "水", "平",
                                        "安", "宁", "丰", "留", "庙", "壁", "社", "镇", "窑", "陵"};
constexpr const char* kStreetNames[] = {"城关", "东城", "西城", "南城", "北城", "城东",
                                        "城西", "城南", "城北", "新城", "古城", "府城"};
constexpr const char* kDirections[] = {"东", "西", "南", "北", "前", "后", "上", "下", "中"};
constexpr const char* kDirectionPlaces[] = {"关", "坡", "峪", "营", "庄", "沟", "堡", "河",
                                            "岭", "坪", "寨", "头", "街", "洼", "掌", "社"};
constexpr const char* kFamilyPlaces[] = {"家庄", "家沟", "家峪", "家堡", "家坡", "家岭", "家河",
                                         "家洼", "家岭", "家寨", "庄",   "堡",   "营",   "寨",
                                         "店",   "沟",   "峪",   "坡",   "河",   "窑"};
constexpr const char* kScenicFirst[] = {"石", "柳", "桃", "杏", "枣", "杨", "松", "槐", "桑", "梨",
                                        "水", "泉", "龙", "凤", "马", "牛", "羊", "鹿", "白", "红",
                                        "黄", "青", "金", "银", "铁", "高", "平", "长", "大", "小",
                                        "新", "古", "安", "太", "永", "丰", "和", "福", "苇", "碾"};
constexpr const char* kScenicMiddle[] = {"树", "板", "子", "水", "石", "林", "头", "圪"};
constexpr const char* kScenicPlaces[] = {"沟", "坡", "峪", "庄", "堡", "岭", "坪",
                                         "河", "湾", "洼", "窑", "头", "口", "园",
                                         "泉", "店", "营", "寨", "关", "垴"};
constexpr const char* kNumerals[] = {"一", "二", "三", "五", "七", "八", "十", "二十"};
constexpr const char* kMilePlaces[] = {"里铺", "里庄", "里河", "里沟",
                                       "里坡", "里湾", "里店", "里屯"};
constexpr const char* kAuspiciousFirst[] = {"新", "永", "太", "安", "和", "富", "兴", "丰",
                                            "康", "吉", "福", "常", "长", "宁", "红", "胜",
                                            "建", "向", "东", "西", "南", "北", "光", "幸"};
constexpr const char* kAuspiciousSecond[] = {"庄", "丰", "平", "安", "和", "乐", "兴",
                                             "宁", "阳", "旺", "利", "胜", "光", "星",
                                             "明", "华", "福", "民", "岗", "峰"};
constexpr const char* kCommunityNames[] = {
    "东关", "西关", "南关", "北关", "城关", "城东", "城西", "城南", "城北", "东街", "西街", "南街",
    "北街", "新华", "建设", "解放", "人民", "和平", "幸福", "朝阳", "文化", "胜利", "光明", "团结",
    "友谊", "花园", "滨河", "紫金", "丽景", "五一", "迎宾", "振兴", "康乐", "育才", "府前", "站前",
    "桥东", "桥西", "新建", "新兴", "太行", "长兴", "东方", "向阳", "金桥", "锦绣", "阳光", "富康"};
constexpr const char* kCommunitySuffixes[] = {"苑", "园", "里", "街", "路", "新村", "家园"};

// Takes `name` when free; reports whether it did.
bool Claim(std::string name, std::set<std::string>* taken) {
  return taken->insert(std::move(name)).second;
}

const char* ChineseOrdinal(int n) {
  static const char* const kOrdinals[] = {"一", "二", "三", "四", "五",
                                          "六", "七", "八", "九", "十"};
  return kOrdinals[(n - 1) % 10];
}

// Calls make_root() until root + suffix is free. After many collisions (a
// huge parent) numbers the root like real split villages ("王家庄二村"),
// which always terminates.
template <typename MakeRoot>
std::string Unique(MakeRoot make_root, std::string_view suffix, std::set<std::string>* taken) {
  for (int attempt = 0; attempt < 200; ++attempt) {
    std::string name = make_root();
    name += suffix;
    if (Claim(name, taken)) return name;
  }
  for (int n = 2;; ++n) {
    std::string name = make_root();
    name += ChineseOrdinal(n);
    if (n > 10) name += std::to_string(n);
    name += suffix;
    if (Claim(name, taken)) return name;
  }
}

}  // namespace

int SurnameCount() { return static_cast<int>(std::size(kSurnames)); }

std::string_view Surname(int index) { return kSurnames[index].name; }

int PickSurname(Rng& rng) { return SurnameIndex().Pick(rng); }

void AppendGivenName(Rng& rng, int birth_year, bool male, std::string* out) {
  const NamePools& p = (male ? MalePools() : FemalePools())[Cohort(birth_year)];
  const int roll = rng.Below(100);
  if (roll < p.popular_percent) {
    const int n = static_cast<int>(p.popular.size());
    out->append(p.popular[rng.Below(n)]);
  } else if (roll < p.popular_percent + p.single_percent) {
    out->append(p.second[rng.Below(static_cast<int>(p.second.size()))]);
  } else {
    out->append(p.first[rng.Below(static_cast<int>(p.first.size()))]);
    out->append(p.second[rng.Below(static_cast<int>(p.second.size()))]);
  }
}

std::string NewPlaceName(Rng& rng, std::string_view suffix, std::set<std::string>* taken) {
  return Unique(
      [&] {
        std::string s = Pick(rng, kPlaceFirst);
        const char* second = Pick(rng, kPlaceSecond);
        if (s == second) second = "安";
        s += second;
        return s;
      },
      suffix, taken);
}

std::string NewStreetName(Rng& rng, std::set<std::string>* taken) {
  if (rng.Chance(0.6)) {
    for (int attempt = 0; attempt < 4; ++attempt) {
      std::string name = std::string(Pick(rng, kStreetNames)) + "街道";
      if (Claim(name, taken)) return name;
    }
  }
  return NewPlaceName(rng, "街道", taken);
}

std::string NewVillageName(Rng& rng, std::set<std::string>* taken) {
  return Unique(
      [&] {
        std::string s;
        const int pattern = rng.Below(100);
        if (pattern < 22) {  // 北关村, 东坡村
          s = Pick(rng, kDirections);
          s += Pick(rng, kDirectionPlaces);
        } else if (pattern < 50) {  // 王家庄村, 张庄村
          s = Surname(PickSurname(rng));
          s += Pick(rng, kFamilyPlaces);
        } else if (pattern < 78) {  // 柳树沟村, 石板坡村, 桃园村
          s = Pick(rng, kScenicFirst);
          if (rng.Chance(0.35)) s += Pick(rng, kScenicMiddle);
          s += Pick(rng, kScenicPlaces);
        } else if (pattern < 85) {  // 三里湾村
          s = Pick(rng, kNumerals);
          s += Pick(rng, kMilePlaces);
        } else {  // 永丰村, 红星村
          s = Pick(rng, kAuspiciousFirst);
          s += Pick(rng, kAuspiciousSecond);
        }
        return s;
      },
      "村", taken);
}

std::string NewCommunityName(Rng& rng, std::set<std::string>* taken) {
  return Unique(
      [&] {
        std::string s;
        if (rng.Chance(0.6)) {
          s = Pick(rng, kCommunityNames);
        } else {
          s = Pick(rng, kPlaceFirst);
          s += Pick(rng, kAuspiciousSecond);
          s += Pick(rng, kCommunitySuffixes);
        }
        return s;
      },
      "社区", taken);
}

}  // namespace yilian::generate
