// Fulfilment (履约): which of a contract's promised services were delivered
// in its year and which are still owed. Free of I/O.
//
// The promise is the sum over the contract's packages of (service, times).
// A service counts when it is a valid (not voided) record of the resident,
// of that service code, dated inside the contract's term (start to the last
// day in force) and not after `as_of`. Deliveries beyond a promise do not
// make up for another service. A contract is fulfilled when nothing is owed;
// fulfilled_on is the day its last owed service was delivered.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "catalogue/service_catalogue.h"
#include "contract/contract.h"

namespace yilian {

struct Delivery {
  Date date;
  std::string service;
};

struct PromiseStatus {
  std::string service;
  int promised = 0;
  int delivered = 0;  // every counted delivery, possibly more than promised
  int owed() const { return delivered >= promised ? 0 : promised - delivered; }
  std::optional<Date> last_delivered;
};

struct Fulfilment {
  std::vector<PromiseStatus> promises;  // in package order, one per service code
  int promised_total = 0;
  int delivered_total = 0;  // deliveries counted against a promise (capped at each promise)
  bool fulfilled = false;
  std::optional<Date> fulfilled_on;
};

Fulfilment ComputeFulfilment(const Contract& c, const ServiceCatalogue& catalogue,
                             std::vector<Delivery> deliveries, Date as_of);

}  // namespace yilian
