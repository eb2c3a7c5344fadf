#include "live/resident_facts.h"

#include <algorithm>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

#include "program/enrolment_store.h"
#include "storage/list_column.h"
#include "storage/rows.h"

namespace yilian::live {
namespace {

using storage::Bind;
using storage::DateOr;
using storage::IntOr;
using storage::TextInto;

// The resident columns the live state reads (see ResidentFacts): a bulk read
// of these is a third of the whole record's columns.
constexpr const char* kResidentColumns =
    "id, record_no, name, sex, birth_date, village_code, phone, disabilities, poverty, "
    "fp_special, status, status_date, created_at, record_date";

Resident ReadResident(storage::Statement& s) {
  Resident r;
  r.id = s.Int(0);
  TextInto(s, 1, r.record_no);
  TextInto(s, 2, r.name);
  TextInto(s, 3, r.sex);
  r.birth_date = DateOr(s, 4).value_or(Date());
  TextInto(s, 5, r.village_code);
  TextInto(s, 6, r.phone);
  r.disabilities = storage::SplitList(s.Text(7));
  r.poverty = s.Int(8) != 0;
  r.family_planning_special = s.Int(9) != 0;
  TextInto(s, 10, r.status);
  r.status_date = DateOr(s, 11);
  TextInto(s, 12, r.created_at);
  r.record_date = DateOr(s, 13);
  return r;
}

// The contract columns the live state reads (see ResidentFacts): the
// periods, packages and signing day, with the parties; not the notes,
// origin or bookkeeping columns.
constexpr const char* kContractColumns =
    "id, resident_id, team_id, doctor_id, packages, fee_cents, signed_on, start_date, end_date, "
    "status, terminated_on, village_code";

Contract ReadContract(storage::Statement& s) {
  Contract k;
  k.id = s.Int(0);
  k.resident_id = s.Int(1);
  k.team_id = s.Int(2);
  k.doctor_id = s.Int(3);
  k.packages = storage::SplitList(s.Text(4));
  k.fee_cents = s.Int(5);
  k.signed_on = DateOr(s, 6).value_or(Date());
  k.start_date = DateOr(s, 7).value_or(Date());
  k.end_date = DateOr(s, 8).value_or(Date());
  TextInto(s, 9, k.status);
  k.terminated_on = DateOr(s, 10);
  TextInto(s, 11, k.village_code);
  return k;
}

// The service columns the live state reads (see ServiceFact; readings are
// columns, so no form JSON).
constexpr const char* kServiceColumns =
    "resident_id, id, service_code, service_date, facility_id, practitioner_id, team_id, "
    "verification, points_centi, status, sbp, dbp, fbg, risk_level, classification, "
    "condition_code, next_visit_date, referral, adverse_reaction";

// Fills `r` from a row of kServiceColumns (in place: no temporary record).
void ReadServiceInto(storage::Statement& s, ServiceFact& r) {
  r.resident_id = s.Int(0);
  r.id = s.Int(1);
  TextInto(s, 2, r.service_code);
  r.service_date = DateOr(s, 3).value_or(Date());
  r.facility_id = s.Int(4);
  r.practitioner_id = s.Int(5);
  r.team_id = IntOr(s, 6);
  r.is_verified = ServiceRecord::VerifiedBy(s.Text(7));
  r.points_centi = s.Int(8);
  r.is_valid = ServiceRecord::ValidStatus(s.Text(9));
  Readings& rd = r.readings;
  if (!s.IsNull(10)) rd.sbp = static_cast<int>(s.Int(10));
  if (!s.IsNull(11)) rd.dbp = static_cast<int>(s.Int(11));
  rd.fbg = storage::DoubleOr(s, 12);
  if (!s.IsNull(13)) rd.risk_level = static_cast<int>(s.Int(13));
  TextInto(s, 14, rd.classification);
  TextInto(s, 15, rd.condition);
  rd.next_visit_date = DateOr(s, 16);
  rd.referral = s.Int(17) != 0;
  rd.adverse_reaction = s.Int(18) != 0;
}

ServiceFact ReadService(storage::Statement& s) {
  ServiceFact r;
  ReadServiceInto(s, r);
  return r;
}

void SortFacts(ResidentFacts& f) {
  auto by_date = [](const ServiceFact& a, const ServiceFact& b) {
    return a.service_date != b.service_date ? a.service_date < b.service_date : a.id < b.id;
  };
  // The bulk read comes in this order already (the index on resident and date).
  if (std::is_sorted(f.services.begin(), f.services.end(), by_date)) return;
  std::stable_sort(f.services.begin(), f.services.end(), by_date);
}

}  // namespace

Result<ResidentFacts> LoadFacts(storage::Connection& c, int64_t resident_id) {
  ResidentFacts f;
  f.resident_id = resident_id;
  auto st = c.Prepare(std::string("SELECT ") + kResidentColumns + " FROM residents WHERE id = ?");
  if (!st.ok()) return st.status();
  Bind(**st, resident_id);
  auto r = storage::ReadRows<Resident>(**st, ReadResident, 1);
  if (!r.ok()) return r.status();
  if (r->empty()) return f;
  f.resident = std::move(r->front());
  auto e = enrolment_store::ForResident(c, resident_id);
  if (!e.ok()) return e.status();
  f.enrolments = std::move(*e);
  auto ks = c.Prepare(std::string("SELECT ") + kContractColumns +
                      " FROM contracts WHERE resident_id = ? ORDER BY start_date, id");
  if (!ks.ok()) return ks.status();
  Bind(**ks, resident_id);
  auto k = storage::ReadRows<Contract>(**ks, ReadContract);
  if (!k.ok()) return k.status();
  f.contracts = std::move(*k);
  auto ss = c.Prepare(std::string("SELECT ") + kServiceColumns +
                      " FROM service_records WHERE resident_id = ?");
  if (!ss.ok()) return ss.status();
  Bind(**ss, resident_id);
  auto services = storage::ReadRows<ServiceFact>(**ss, ReadService);
  if (!services.ok()) return services.status();
  f.services = std::move(*services);
  SortFacts(f);
  return f;
}

namespace {

// One batch of residents' facts, read but not yet handed to `fn`.
using Batch = std::vector<ResidentFacts>;

// The facts of the residents with ids in (lo, hi]: one batch.
Result<Batch> ReadBatch(storage::Connection& c, int64_t lo, int64_t hi) {
  auto rs = c.Prepare(std::string("SELECT ") + kResidentColumns +
                      " FROM residents WHERE id > ? AND id <= ? ORDER BY id");
  if (!rs.ok()) return rs.status();
  Bind(**rs, lo, hi);
  Batch out;
  out.reserve(static_cast<size_t>(hi - lo));
  // Read straight into the batch's records (no vector of residents to move
  // them out of).
  while (true) {
    auto more = (*rs)->Step();
    if (!more.ok()) return more.status();
    if (!*more) break;
    ResidentFacts& f = out.emplace_back();
    f.resident = ReadResident(**rs);
    f.resident_id = f.resident->id;
  }
  if (out.empty()) return out;
  auto enrolments = enrolment_store::InResidentRange(c, lo, hi);
  if (!enrolments.ok()) return enrolments.status();
  auto ks = c.Prepare(std::string("SELECT ") + kContractColumns +
                      " FROM contracts WHERE resident_id > ? AND resident_id <= ? "
                      "ORDER BY resident_id, start_date, id");
  if (!ks.ok()) return ks.status();
  Bind(**ks, lo, hi);
  auto contracts = storage::ReadRows<Contract>(**ks, ReadContract);
  if (!contracts.ok()) return contracts.status();
  size_t ei = 0, ki = 0;
  for (auto& f : out) {
    int64_t id = f.resident_id;
    // Rows of ids with no resident row (none, unless the database was
    // edited by hand) are skipped.
    while (ei < enrolments->size() && (*enrolments)[ei].resident_id < id) ++ei;
    while (ki < contracts->size() && (*contracts)[ki].resident_id < id) ++ki;
    while (ei < enrolments->size() && (*enrolments)[ei].resident_id == id)
      f.enrolments.push_back(std::move((*enrolments)[ei++]));
    while (ki < contracts->size() && (*contracts)[ki].resident_id == id)
      f.contracts.push_back(std::move((*contracts)[ki++]));
  }
  // Services, the bulk of the rows, go straight into their resident's facts
  // in date order (the index's order), with no intermediate copy or sort;
  // each resident's vector is sized first from a count over the index, as
  // growing vectors of large records cost more than that count. Both walks
  // come in resident order: `facts_of` finds each row's resident by moving
  // forward through the batch, null for ids with no resident row.
  size_t fi = 0;
  auto facts_of = [&](int64_t rid) -> ResidentFacts* {
    while (fi < out.size() && out[fi].resident_id < rid) ++fi;
    return fi < out.size() && out[fi].resident_id == rid ? &out[fi] : nullptr;
  };
  auto counts = c.Prepare(
      "SELECT resident_id, count(*) FROM service_records WHERE resident_id > ? AND "
      "resident_id <= ? GROUP BY resident_id");
  if (!counts.ok()) return counts.status();
  Bind(**counts, lo, hi);
  while (true) {
    auto more = (*counts)->Step();
    if (!more.ok()) return more.status();
    if (!*more) break;
    if (ResidentFacts* f = facts_of((*counts)->Int(0)))
      f->services.reserve(static_cast<size_t>((*counts)->Int(1)));
  }
  auto st = c.Prepare(std::string("SELECT ") + kServiceColumns +
                      " FROM service_records WHERE resident_id > ? AND resident_id <= ? "
                      "ORDER BY resident_id, service_date, id");
  if (!st.ok()) return st.status();
  Bind(**st, lo, hi);
  fi = 0;
  while (true) {
    auto more = (*st)->Step();
    if (!more.ok()) return more.status();
    if (!*more) break;
    if (ResidentFacts* f = facts_of((*st)->Int(0)))
      ReadServiceInto(**st, f->services.emplace_back());
  }
  for (auto& f : out) SortFacts(f);
  return out;
}

}  // namespace

Status ScanFacts(storage::Connection& c, const std::function<Status(ResidentFacts&)>& fn,
                 const std::function<void(int64_t done)>& progress, int64_t batch) {
  storage::Connection* readers[] = {&c};
  return ScanFacts(readers, fn, progress, batch);
}

Status ScanFacts(std::span<storage::Connection* const> readers,
                 const std::function<Status(ResidentFacts&)>& fn,
                 const std::function<void(int64_t done)>& progress, int64_t batch) {
  if (readers.empty()) return Status::Invalid("ScanFacts: no reader connection");
  if (batch <= 0) return Status::Invalid("ScanFacts: batch must be positive");
  // Batches are fixed ranges of resident ids, so each reader knows its own
  // (batch i goes to reader i mod R) without waiting for the others.
  int64_t max_id = 0;
  {
    auto m = readers[0]->Prepare("SELECT coalesce(max(id), 0) FROM residents");
    if (!m.ok()) return m.status();
    auto row = (*m)->Step();
    if (!row.ok()) return row.status();
    if (*row) max_id = (*m)->Int(0);
    (*m)->Reset();
  }
  const int64_t batches = (max_id + batch - 1) / batch;
  const int64_t nreaders = static_cast<int64_t>(readers.size());
  // Readers stay at most this many batches ahead of `fn`, which bounds the
  // memory held by batches read but not yet consumed.
  const int64_t ahead = nreaders + 1;
  std::mutex mu;
  std::condition_variable cv;
  std::map<int64_t, Batch> ready;  // read, by batch number
  int64_t next = 0;                // the batch `fn` takes next
  bool stop = false;               // a reader or `fn` failed
  Status read_status = Status::Ok();
  std::vector<std::thread> threads;
  threads.reserve(readers.size());
  for (int64_t k = 0; k < nreaders; ++k) {
    threads.emplace_back([&, k] {
      for (int64_t i = k; i < batches; i += nreaders) {
        {
          std::unique_lock l(mu);
          cv.wait(l, [&] { return i < next + ahead || stop; });
          if (stop) return;
        }
        auto b = ReadBatch(*readers[static_cast<size_t>(k)], i * batch,
                           std::min((i + 1) * batch, max_id));
        std::lock_guard l(mu);
        if (!b.ok()) {
          if (read_status.ok()) read_status = b.status();
          stop = true;
        } else {
          ready.emplace(i, std::move(*b));
        }
        cv.notify_all();
        if (stop) return;
      }
    });
  }
  // `fn` runs here, on the caller's thread, over the batches in id order.
  Status consumer_status = Status::Ok();
  int64_t done = 0;
  for (int64_t i = 0; i < batches && consumer_status.ok(); ++i) {
    Batch b;
    {
      std::unique_lock l(mu);
      cv.wait(l, [&] { return ready.count(i) > 0 || stop; });
      auto it = ready.find(i);
      if (it == ready.end()) break;  // a reader failed
      b = std::move(it->second);
      ready.erase(it);
      next = i + 1;
    }
    cv.notify_all();
    for (auto& f : b) {
      consumer_status = fn(f);
      if (!consumer_status.ok()) break;
    }
    done += static_cast<int64_t>(b.size());
    if (progress && consumer_status.ok()) progress(done);
  }
  {
    std::lock_guard l(mu);
    if (!consumer_status.ok()) stop = true;
  }
  cv.notify_all();
  for (auto& t : threads) t.join();
  if (!consumer_status.ok()) return consumer_status;
  return read_status;
}

}  // namespace yilian::live
