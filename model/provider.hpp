// model/provider.hpp — the state of a provider: in-house unit, firm, SME, charity, mutual
// or joint venture. Its rules (traits at entry, delivered quality, yearly accounts) are
// agents/provider.cpp.
#pragma once

#include <array>
#include <string>

#include "model/parameters.hpp"

namespace quasim {

struct Provider {
  int id = 0;
  ProviderType type = ProviderType::InHouse;
  int ordinal = 0;            ///< n in the provider's name "<type>-<n>"
  int home = -1;              ///< owning commissioner (in-house units and their spin-outs)
  int domain = -1;            ///< the one domain it serves; -1 for generalists (large firms)
  double cost_mult = 1;       ///< unit cost as a multiple of efficient in-house cost
  double slack = 0;           ///< in-house only: inefficiency not yet competed away
  double quality = 0.6;       ///< 0..1 true quality
  double reserves = 0;        ///< GBP
  double parent_backing = 0;  ///< GBP its parent group will still inject to keep it solvent
  double engagement = 0.5;    ///< 0..1 staff engagement (agents/engagement.cpp moves it)
  // what staff ownership does (set at a spin-out, agents/mutuals.cpp; 0 for everyone else)
  double ownership = 0;               ///< engagement target added by ownership
  double ownership_productivity = 0;  ///< extra unit-cost fall per unit of engagement gained
  double ownership_quality = 0;       ///< extra quality per unit of engagement gained
  double bid_skill = 0.2;
  double turnover = 0;   ///< GBP/yr, last year's income (size for lot eligibility)
  double base_size = 0;  ///< GBP/yr, business outside these contracts (sets capacity)
  int contracts = 0;     ///< services it delivers now (places and subcontracted parts)
  int idle_years = 0;    ///< years since its last contract, counted once it has bid
  bool has_bid = false;
  bool alive = true;
  bool spun_out = false;  ///< a mutual or joint venture that began as an in-house unit
  // payment by results: earned this year and paid next year (GBP); this year's revenue and
  // costs are in the ledger (model/ledger.hpp)
  double pbr_receivable = 0, pbr_due = 0;
  // delivery capacity (agents/capacity.cpp), capacity units per year: persons, need units
  // served at difficulty cost 1 (the scale of Service::load and Service::planned_units)
  double capacity = 0;  ///< workforce delivering (or idle in) these services
  std::array<double, kMaxHiringLag> pipeline{};  ///< hired, arriving at the k+1-th year end
  double bench = 0;      ///< external: staff of its other business it can redeploy here now
  double bench_max = 0;  ///< external: the most it can redeploy (from base_size)

  bool external() const { return type != ProviderType::InHouse; }
  std::string name() const;
};

}  // namespace quasim
