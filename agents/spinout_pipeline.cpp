// agents/spinout_pipeline.cpp — the Right to Provide pipeline (docs/ODD.md "4 Submodels:
// mutualisation").
#include "agents/spinout_pipeline.hpp"

#include <algorithm>
#include <cmath>

#include "agents/mutuals.hpp"
#include "agents/provider.hpp"

namespace quasim {
namespace {

/// The team still exists: its in-house unit delivers the service.
bool team_delivers(const Market& market, int c, int d) {
  const Commissioner& cm = market.commissioners[c];
  const Service& s = cm.services[d];
  return !s.contracted && s.provider == cm.in_house[d] && market.providers[s.provider].alive;
}

bool in_pipeline(const SpinoutPipeline& pl, int c, int d) {
  return std::any_of(pl.candidates.begin(), pl.candidates.end(), [&](const SpinoutCandidate& k) {
    return k.commissioner == c && k.domain == d;
  });
}

/// Teams whose intent passes their readiness apply. Intent builds each year with staff
/// engagement and the commissioner's stance (white paper 6.14: staff who want to run their
/// service); readiness (its leaders' appetite for running a business) differs between teams and
/// is drawn once per attempt.
void take_applications(Market& market, int year, const Parameters& p, const Streams& rng) {
  SpinoutPipeline& pl = market.spinouts;
  const int D = static_cast<int>(p.domains.size());
  for (const auto& cm : market.commissioners) {
    const MutualParams& own = market.policy_of(cm.id, p).mutuals;
    if (!own.right_to_provide) continue;
    for (int d = 0; d < D; ++d) {
      if (!team_delivers(market, cm.id, d) || in_pipeline(pl, cm.id, d)) continue;
      const auto team = static_cast<std::size_t>(cm.id) * D + d;
      const double engagement = market.providers[cm.services[d].provider].engagement;
      pl.intent[team] += own.spinout_rate * engagement * own.stance;
      const auto key = static_cast<std::uint64_t>(cm.id * kMaxDomains + d);
      const auto draw = static_cast<std::uint32_t>(pl.attempts[team]);
      const auto u = rng.uniform4(0, key, Purpose::Pipeline, draw);
      if (pl.intent[team] < u[0]) continue;
      SpinoutCandidate k;
      k.commissioner = cm.id;
      k.domain = d;
      k.applied_year = year;
      // What running alone would cost (pensions, insurance, a back office of its own): only
      // the business case reveals it.
      const double sd = p.mutuals.standalone_cost_sd;
      const double z = Streams::box_muller(u[1], u[2]);
      k.standalone = p.mutuals.standalone_cost * std::exp(sd * z - 0.5 * sd * sd);
      // Investment readiness support goes to applicants while the fund lasts (£10m programme).
      const double support =
          std::min({p.mutuals.support_cap, market.support_fund_left, p.mutuals.support_fund});
      if (support > 0) {
        k.supported = true;
        market.support_fund_left -= support;
        market.support_fund_spent += support;
        ++pl.supported;
      }
      pl.intent[team] = 0;
      ++pl.attempts[team];
      ++pl.applications;
      pl.candidates.push_back(k);
    }
  }
}

}  // namespace

double spinout_margin(const Market& market, const Parameters& p, int c, int d, double standalone) {
  const Provider& unit = market.providers[market.commissioners[c].services[d].provider];
  const double price = in_house_cost(unit, p.domains[d]);
  const double owned = p.mutuals.productivity_gain * p.mutuals.engagement_gain;
  const double cost = p.domains[d].unit_cost * unit.cost_mult * (1.0 - owned) * (1.0 + standalone);
  return price > 0 ? 1.0 - cost / price : 0.0;
}

void spin_out_mutuals(Market& market, int year, const Parameters& p, const Streams& rng) {
  SpinoutPipeline& pl = market.spinouts;
  const std::size_t teams = market.commissioners.size() * p.domains.size();
  if (pl.intent.size() != teams) pl.intent.assign(teams, 0.0), pl.attempts.assign(teams, 0);
  pl.stalled_this_year = 0;
  take_applications(market, year, p, rng);
  std::vector<SpinoutCandidate> still;
  for (SpinoutCandidate k : pl.candidates) {
    const MutualParams& own = market.policy_of(k.commissioner, p).mutuals;
    bool stalled = false;
    if (!team_delivers(market, k.commissioner, k.domain) || !own.right_to_provide) {
      ++pl.abandoned;  // the service left the team (tendered, failed) or the policy ended
      continue;
    }
    // Support: the fund's, or its commissioner's own where it backs spin-outs; a commissioner
    // below the backing stance leaves an unfunded team with nothing to build on.
    const bool backed = k.supported || own.stance >= p.mutuals.backing_stance;
    if (backed) k.progress += k.supported ? 1.0 : 1.0 / (1.0 + p.mutuals.support_effect);
    bool ready = false;
    if (backed && k.progress >= p.mutuals.business_case_years - 1e-9) {
      const double margin = spinout_margin(market, p, k.commissioner, k.domain, k.standalone);
      if (margin < 0) {
        ++pl.abandoned;  // the case fails: it would lose money at the in-house price
        continue;
      }
      ready = margin >= p.mutuals.case_margin;  // otherwise not yet viable: it waits
      stalled = !ready;
    } else {
      stalled = !backed;
    }
    if (ready) {
      convert_to_mutual(market, year, p, k.commissioner, k.domain);
      if (k.supported) ++pl.supported_live;
      continue;
    }
    if (stalled) ++pl.stalled_this_year;
    if (stalled && ++k.stalled_years >= p.mutuals.stall_years) {
      ++pl.abandoned;  // stalled too long
      continue;
    }
    still.push_back(k);
  }
  pl.candidates = std::move(still);
}

}  // namespace quasim
