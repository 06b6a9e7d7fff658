// agents/market.cpp — entry and exit.
#include "agents/market.hpp"

#include <algorithm>
#include <cmath>

#include "agents/capacity.hpp"
#include "agents/provider.hpp"

namespace quasim {

double typical_size(const Parameters& p, ProviderType type, double v) {
  return p.provider[static_cast<int>(type)].size * v;
}

void enter_and_exit(Market& market, int year, const Parameters& p, const Streams& rng) {
  const EntryParams& en = p.entry;
  for (auto& pr : market.providers) {
    if (!pr.alive || !pr.external() || pr.contracts > 0) continue;
    // Providers that never bid here drift off to other markets (entry.drift_exit a year);
    // losers who bid and stay idle leave after exit_idle_years.
    if (!pr.has_bid) {
      if (rng.uniform(year, static_cast<std::uint64_t>(pr.id), Purpose::Entry, 7) < en.drift_exit) {
        pr.alive = false;
        release_workforce(pr, market.ledger.events);
        ++market.ledger.events.exits;
      }
      continue;
    }
    if (++pr.idle_years > p.outsourcing.exit_idle_years) {
      pr.alive = false;
      release_workforce(pr, market.ledger.events);
      ++market.ledger.events.exits;
    }
  }
  // Entry only where services are actually put to market.
  std::vector<int> open_domains;
  for (int d = 0; d < static_cast<int>(p.domains.size()); ++d) {
    bool open = p.domains[d].tender_share > 0;
    for (const auto& c : market.commissioners) {  // or where any commissioner's own policy may
      const Parameters& own = market.policy_of(c.id, p);  // tender: a mandate, or its own choice
      open =
          open || own.domains[d].tender_share > 0 || own.make_or_buy.mode == MakeOrBuyMode::Decide;
    }
    if (open) open_domains.push_back(d);
  }
  if (open_domains.empty()) return;
  double margin = 0;
  int years = 0;
  for (int y = std::max(0, static_cast<int>(market.margin_history.size()) - en.margin_years);
       y < static_cast<int>(market.margin_history.size()); ++y, ++years)
    margin += market.margin_history[y];
  margin = years > 0 ? margin / years : en.default_margin;
  // Entrants follow margins and the value put to market this year (in typical-service units).
  const double opportunity = std::min(
      en.opportunity_cap, market.ledger.events.tendered_value /
                              std::max(1.0, market.typical_lot_value) / en.opportunity_divisor);
  const double attraction = std::max(0.0, margin) / en.reference_margin * opportunity;
  const ProviderType entrants[] = {ProviderType::LargePrivate, ProviderType::Sme,
                                   ProviderType::Voluntary};
  for (ProviderType type : entrants) {
    const int t = static_cast<int>(type);
    const double rate = p.outsourcing.entry_rate * attraction *
                        (type == ProviderType::LargePrivate ? en.large_firm_factor : 1.0);
    const int n = rng.poisson(rate, year, static_cast<std::uint64_t>(t), Purpose::Entry);
    for (int k = 0; k < n; ++k) {
      const auto u =
          rng.uniform4(year, static_cast<std::uint64_t>(t * 1000 + k), Purpose::Entry, 1);
      const int domain =
          type == ProviderType::LargePrivate
              ? -1
              : open_domains[std::min<std::size_t>(
                    open_domains.size() - 1, static_cast<std::size_t>(u[0] * open_domains.size()))];
      const double z1 = std::sqrt(-2 * std::log(u[1])) * std::cos(6.283185307179586 * u[2]);
      const double z2 = std::sqrt(-2 * std::log(u[1])) * std::sin(6.283185307179586 * u[2]);
      const double z3 =
          rng.normal(year, static_cast<std::uint64_t>(t * 1000 + k), Purpose::Entry, 2);
      Provider pr = make_provider(p, type, static_cast<int>(market.providers.size()),
                                  ++market.next_ordinal[t], domain,
                                  typical_size(p, type, market.typical_lot_value), z1, z2, z3);
      market.providers.push_back(pr);
      ++market.ledger.events.entries;
    }
  }
}

}  // namespace quasim
