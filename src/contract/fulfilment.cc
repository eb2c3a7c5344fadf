#include "contract/fulfilment.h"

#include <algorithm>

namespace yilian {

Fulfilment ComputeFulfilment(const Contract& c, const ServiceCatalogue& catalogue,
                             std::vector<Delivery> deliveries, Date as_of) {
  Fulfilment f;
  for (const auto& code : c.packages) {
    const ServicePackage* p = catalogue.FindPackage(code);
    if (!p) continue;
    for (const auto& s : p->services) {
      auto it = std::find_if(f.promises.begin(), f.promises.end(),
                             [&](const PromiseStatus& ps) { return ps.service == s.service; });
      if (it == f.promises.end()) {
        f.promises.push_back(PromiseStatus{s.service, s.times, 0, std::nullopt});
      } else {
        it->promised += s.times;
      }
    }
  }
  std::sort(deliveries.begin(), deliveries.end(),
            [](const Delivery& a, const Delivery& b) { return a.date < b.date; });
  Date end = std::min(c.EndExclusive(), as_of.AddDays(1));
  std::optional<Date> reached;  // when the last promise was completed
  for (const auto& d : deliveries) {
    if (d.date < c.start_date || d.date >= end) continue;
    for (auto& ps : f.promises) {
      if (ps.service != d.service) continue;
      ++ps.delivered;
      ps.last_delivered = d.date;
      if (ps.delivered == ps.promised && (!reached || d.date > *reached)) reached = d.date;
    }
  }
  bool all = !f.promises.empty();
  for (const auto& ps : f.promises) {
    f.promised_total += ps.promised;
    f.delivered_total += std::min(ps.delivered, ps.promised);
    if (ps.owed() > 0) all = false;
  }
  f.fulfilled = all;
  if (all) f.fulfilled_on = reached;
  return f;
}

}  // namespace yilian
