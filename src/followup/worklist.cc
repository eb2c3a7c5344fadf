#include "followup/worklist.h"

#include <algorithm>

#include "identity/citizen_id.h"

namespace yilian {

ScheduleInput ScheduleInputOf(const live::ResidentFacts& f) {
  ScheduleInput in;
  if (!f.resident) return in;
  in.birth = f.resident->birth_date;
  in.sex = f.resident->sex;
  in.enrolments = f.enrolments;
  for (const auto& s : f.services) {
    if (s.valid()) in.visits.push_back(Visit{s.service_date, s.service_code, s.readings});
  }
  return in;
}

void Worklist::Apply(const live::ResidentFacts* before, const live::ResidentFacts* after,
                     Date today) {
  int64_t id = after ? after->resident_id : before ? before->resident_id : 0;
  if (auto it = where_.find(id); it != where_.end()) {
    auto v = villages_.find(it->second);
    if (v != villages_.end()) {
      v->second.erase(id);
      if (v->second.empty()) villages_.erase(v);
    }
    where_.erase(it);
  }
  if (!after || !after->resident || after->resident->status != "active") return;
  const Resident& r = *after->resident;
  std::vector<DueItem> items = ComputeDue(rules_, ScheduleInputOf(*after), today);
  if (items.empty()) return;
  Entry e;
  e.name = r.name;
  e.record_no = r.record_no;
  e.sex = r.sex;
  e.phone = MaskPhone(r.phone);
  e.birth = r.birth_date;
  e.items = std::move(items);
  villages_[r.village_code][id] = std::move(e);
  where_[id] = r.village_code;
}

std::vector<DueItem> Worklist::ItemsOf(int64_t resident_id) const {
  auto it = where_.find(resident_id);
  if (it == where_.end()) return {};
  const auto& village = villages_.at(it->second);
  return village.at(resident_id).items;
}

WorklistPage Worklist::Find(const WorklistQuery& q) const {
  WorklistPage page;
  std::vector<WorklistRow> matches;
  auto in_year = [&](const DueItem& item) {
    int n = 0;
    for (Date d : item.visits) n += d.year() == q.on.year() ? 1 : 0;
    return n;
  };
  auto counts_unseen = [](const DueItem& item) {
    return item.kind == "hypertension" || item.kind == "diabetes" || item.kind == "mental" ||
           item.kind == "tb" || item.kind == "elderly";
  };
  for (const auto& [lo, hi] : q.ranges) {
    for (auto v = villages_.lower_bound(lo); v != villages_.end() && v->first < hi; ++v) {
      if (!q.villages.empty() && !q.villages.count(v->first)) continue;
      for (const auto& [id, e] : v->second) {
        bool open_any = false;
        for (const DueItem& item : e.items) {
          if (!q.kind.empty() && item.kind != q.kind) continue;
          std::string status = DueStatus(item, q.on);
          if (status == "superseded") continue;
          int visits = in_year(item);
          bool unseen = counts_unseen(item) && visits == 0;
          bool open = status == "due" || status == "overdue";
          if (open) {
            open_any = true;
            ++page.summary.open_by_kind[item.kind];
            if (!item.alerts.empty()) ++page.summary.alerts;
          }
          if (status == "due") ++page.summary.due;
          if (status == "overdue") ++page.summary.overdue;
          if (status == "upcoming") ++page.summary.upcoming;
          if (unseen) ++page.summary.unseen_this_year;
          bool wanted = q.status == "all" || (q.status == "open" && open) ||
                        (q.status == "unseen" && unseen) || q.status == status;
          if (!wanted) continue;
          WorklistRow row;
          row.resident_id = id;
          row.name = e.name;
          row.record_no = e.record_no;
          row.village_code = v->first;
          row.sex = e.sex;
          row.phone = e.phone;
          row.birth = e.birth;
          row.item = item;
          row.status = status;
          row.overdue_days = status == "overdue" ? q.on.days() - item.due_date.days() : 0;
          row.visits_this_year = visits;
          matches.push_back(std::move(row));
        }
        if (open_any) ++page.summary.residents;
      }
    }
  }
  // Most overdue first, then by deadline; stable by resident and kind.
  auto rank = [](const std::string& s) { return s == "overdue" ? 0 : s == "due" ? 1 : 2; };
  std::sort(matches.begin(), matches.end(), [&](const WorklistRow& a, const WorklistRow& b) {
    if (rank(a.status) != rank(b.status)) return rank(a.status) < rank(b.status);
    if (a.item.due_date != b.item.due_date) return a.item.due_date < b.item.due_date;
    if (a.resident_id != b.resident_id) return a.resident_id < b.resident_id;
    return a.item.kind < b.item.kind;
  });
  page.total = static_cast<int64_t>(matches.size());
  size_t from = static_cast<size_t>((q.page - 1) * q.page_size);
  for (size_t i = from; i < matches.size() && i < from + static_cast<size_t>(q.page_size); ++i) {
    page.rows.push_back(std::move(matches[i]));
  }
  return page;
}

size_t Worklist::bytes() const {
  size_t n = where_.size() * (sizeof(int64_t) + 32 + 16);
  for (const auto& [code, m] : villages_) {
    for (const auto& [id, e] : m) {
      n += sizeof(e) + 16 + e.name.capacity() + e.record_no.capacity();
      for (const auto& item : e.items) n += sizeof(item) + item.visits.capacity() * sizeof(Date);
    }
  }
  return n;
}

}  // namespace yilian
