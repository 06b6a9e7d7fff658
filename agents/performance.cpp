// agents/performance.cpp — the performance record (past performance in award; exclusion after
// significant deficiencies: PCR 2015 reg. 57(8)(g), at most 3 years, 57(11)).
#include "agents/performance.hpp"

namespace quasim {
namespace {

/// A strike against `provider` in `c`'s record, barring it for performance.bar_years.
void strike(Commissioner& c, int year, const PerformanceParams& pp, int provider) {
  ProviderRecord& r = c.performance.entry(provider, year);
  r = r.aged(year, pp.decay);
  r.strikes += 1.0;
  r.barred_until = std::max(r.barred_until, year + 1 + pp.bar_years);
}

/// The market memory of `c` in domain `d`, aged to `year`.
TenderMemory& memory_now(Commissioner& c, int d, int year, const MakeOrBuyParams& mp) {
  TenderMemory& m = c.market_memory[static_cast<std::size_t>(d)];
  m = m.aged(year, mp.memory_decay);
  return m;
}

}  // namespace

void remember_failure(Market& market, int year, const Parameters& p, int provider) {
  for (Commissioner& c : market.commissioners) {
    const Parameters& cp = market.policy_of(c.id, p);
    bool served_here = false;
    for (std::size_t d = 0; d < c.services.size(); ++d) {
      const Service& s = c.services[d];
      bool served = s.provider == provider;
      for (int a : s.alternatives) served |= a == provider;
      if (!served) continue;
      served_here = true;  // a failure in each domain's market memory
      memory_now(c, static_cast<int>(d), year, cp.make_or_buy).failures += 1.0;
    }
    if (served_here) strike(c, year, cp.performance, provider);  // one strike per failure
  }
}

void remember_monitoring(Market& market, int year, const Parameters& p, int c, int d, int provider,
                         double seen, bool terminated) {
  Commissioner& cm = market.commissioners[static_cast<std::size_t>(c)];
  const Parameters& cp = market.policy_of(c, p);
  ProviderRecord& r = cm.performance.entry(provider, year);
  r = r.aged(year, cp.performance.decay);
  r.observations += 1.0;
  r.quality_sum += seen;
  TenderMemory& m = memory_now(cm, d, year, cp.make_or_buy);
  m.observed_years += 1.0;
  m.quality_sum += seen;
  if (terminated) strike(cm, year, cp.performance, provider);
}

void remember_contract_years(Market& market, int year, const Parameters& p) {
  for (Commissioner& c : market.commissioners) {
    const Parameters& cp = market.policy_of(c.id, p);
    for (std::size_t d = 0; d < c.services.size(); ++d)
      if (c.services[d].contracted)
        memory_now(c, static_cast<int>(d), year, cp.make_or_buy).contract_years += 1.0;
  }
}

double judged_quality(double bid_seen, const ProviderRecord* record, int year,
                      const PerformanceParams& pp) {
  if (!record || pp.weight <= 0) return bid_seen;
  const ProviderRecord r = record->aged(year, pp.decay);
  if (r.observations <= 0) return bid_seen;
  const double w = pp.weight * r.observations / (r.observations + 1.0);
  return (1.0 - w) * bid_seen + w * r.quality_sum / r.observations;
}

double strike_penalty(const ProviderRecord* record, int year, const PerformanceParams& pp) {
  if (!record || pp.strike_penalty <= 0) return 0.0;
  return pp.strike_penalty * record->aged(year, pp.decay).strikes;
}

bool barred(const ProviderRecord* record, int year) {
  return record && year < record->barred_until;
}

}  // namespace quasim
