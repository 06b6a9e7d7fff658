// sim/invariants.cpp — model invariants checked after every year.
#include "sim/invariants.hpp"

#include <cmath>

namespace quasim {
namespace {

[[noreturn]] void violated(const World& w, const Parameters& p, int replicate,
                           const std::string& what) {
  throw InvariantError("invariant violated in year " +
                       std::to_string(p.run.start_year + w.year - 1) + ", replicate " +
                       std::to_string(replicate) + ": " + what);
}

}  // namespace

void check_invariants(const World& w, const Parameters& p, const YearRecord& r, int replicate) {
  for (const auto& c : w.market.commissioners) {
    if (!std::isfinite(c.budget) || !std::isfinite(w.market.ledger.commissioner(c.id).spending) ||
        !std::isfinite(c.back_office_cost))
      violated(w, p, replicate, c.name + ": budget or spending is not finite");
    for (std::size_t d = 0; d < c.services.size(); ++d) {
      const int id = c.services[d].provider;
      if (id < 0 || id >= static_cast<int>(w.market.providers.size()) ||
          !w.market.providers[id].alive)
        violated(w, p, replicate,
                 c.name + " domain " + p.domains[d].name + ": served by provider " +
                     std::to_string(id) + ", which does not exist or has failed");
    }
  }
  for (const auto& pr : w.market.providers)
    if (!std::isfinite(pr.reserves) || !std::isfinite(pr.cost_mult) || !std::isfinite(pr.quality))
      violated(w, p, replicate,
               "provider " + pr.name() + ": reserves, cost or quality is not finite");
  double share = 0;
  for (double s : r.type_market_share) share += s;
  if (share > 0 && std::fabs(share - 1.0) > 1e-9)
    violated(w, p, replicate, "market shares sum to " + std::to_string(share) + ", not 1");
  const double must_be_finite[] = {
      r.spending_total,    r.funding_gap, r.unmet_need, r.outcome_mean,      r.outcome_inequality,
      r.satisfaction_mean, r.trust_mean,  r.hhi,        r.transaction_costs, r.value_for_money};
  for (double v : must_be_finite)
    if (!std::isfinite(v)) violated(w, p, replicate, "a national series is not finite");
}

}  // namespace quasim
