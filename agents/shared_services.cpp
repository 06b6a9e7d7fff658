// agents/shared_services.cpp — shared back offices: partnerships that decide slowly (or not at
// all), members that choose whether to move in, members that leave, and the yearly cost.
#include "agents/shared_services.hpp"

#include <algorithm>
#include <cmath>

namespace quasim {
namespace {

/// sd of the risk appetites of `members`.
double appetite_spread(const std::vector<Commissioner>& commissioners,
                       const std::vector<int>& members) {
  if (members.empty()) return 0.0;
  double mean = 0, var = 0;
  for (int c : members) mean += commissioners[c].risk_appetite;
  mean /= static_cast<double>(members.size());
  for (int c : members) var += std::pow(commissioners[c].risk_appetite - mean, 2);
  return std::sqrt(var / static_cast<double>(members.size()));
}

/// The standard normal quantile at q in (0, 1), by bisection on erfc (called once per partner).
double normal_quantile(double q) {
  double lo = -8, hi = 8;
  for (int i = 0; i < 60; ++i) {
    const double mid = 0.5 * (lo + hi);
    (0.5 * std::erfc(-mid / std::sqrt(2.0)) < q ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

/// Share of back-office cost saved by sharing among `n` migrated partners.
double scale_saving(double n, const CollaborationParams& cp) {
  return n >= 2 ? 1.0 - std::pow(n, -cp.scale_elasticity) : 0.0;
}

/// Extra partners: each adds to what deciding costs each year and to how long it takes.
double extra_partners(const Partnership& ps) {
  return static_cast<double>(ps.members.size()) - 1.0;
}

/// How far apart partners' risk appetites set them: a 0.1 spread doubles deciding's cost and
/// time.
double spread_factor(const Partnership& ps) {
  return 1.0 + ps.risk_spread / 0.1;
}

/// Share of back-office cost each member pays each year for deciding together.
double decision_share(const Partnership& ps, const CollaborationParams& cp) {
  return cp.decision_cost * extra_partners(ps) * spread_factor(ps);
}

/// Each member decides on its own net benefit whether to move its back office in: the scale
/// saving over the horizon against the transition cost, at the overrun it plans for (the
/// 1 - appetite quantile of the overrun, NAO 2012: risk-averse partners plan for the worst).
/// The saving depends on how many move, so those that would lose drop out until all that
/// remain gain (NAO 2016: 2 of 26 customers migrated).
void decide_migration(Partnership& ps, const std::vector<Commissioner>& commissioners,
                      const CollaborationParams& cp) {
  std::vector<double> planned(ps.members.size());
  for (std::size_t i = 0; i < ps.members.size(); ++i) {
    const double appetite = std::clamp(commissioners[ps.members[i]].risk_appetite, 0.01, 0.99);
    planned[i] = cp.transition_cost * std::exp(cp.overrun_sd * normal_quantile(1.0 - appetite));
  }
  ps.migrated.assign(ps.members.size(), 1);
  for (bool changed = true; changed;) {
    changed = false;
    const double n = static_cast<double>(std::count(ps.migrated.begin(), ps.migrated.end(), 1));
    const double gain = cp.migration_horizon * scale_saving(n, cp);
    for (std::size_t i = 0; i < ps.members.size(); ++i)
      if (ps.migrated[i] && gain < planned[i]) ps.migrated[i] = 0, changed = true;
  }
}

/// Members whose net benefit has been negative for dissolve_years years leave; with fewer than
/// two left the partnership dissolves (Tri-borough, 2018).
void leave_if_losing(Partnership& ps, std::vector<Commissioner>& commissioners,
                     const CollaborationParams& cp) {
  for (std::size_t i = ps.members.size(); i-- > 0;) {
    if (ps.losing_run[i] < cp.dissolve_years) continue;
    commissioners[ps.members[i]].partnership = -1;
    ps.members.erase(ps.members.begin() + static_cast<std::ptrdiff_t>(i));
    ps.migrated.erase(ps.migrated.begin() + static_cast<std::ptrdiff_t>(i));
    ps.losing_run.erase(ps.losing_run.begin() + static_cast<std::ptrdiff_t>(i));
  }
  if (ps.members.size() >= 2) {
    ps.risk_spread = appetite_spread(commissioners, ps.members);
    return;
  }
  for (int c : ps.members) commissioners[c].partnership = -1;
  ps.dissolved = true;
}

}  // namespace

void form_partnerships(std::vector<Commissioner>& commissioners,
                       std::vector<Partnership>& partnerships, const CollaborationParams& cp,
                       const Streams& rng) {
  const int n = cp.shared_service_partners;
  if (n < 2) return;
  const int C = static_cast<int>(commissioners.size());
  for (int lead = 0; lead + 1 < C; lead += n) {
    Partnership ps;
    for (int c = lead; c < std::min(C, lead + n); ++c) ps.members.push_back(c);
    if (ps.members.size() < 2) break;
    ps.risk_spread = appetite_spread(commissioners, ps.members);
    ps.migrated.assign(ps.members.size(), 0);
    ps.losing_run.assign(ps.members.size(), 0);
    // Seed 001: "it becomes almost impossible to reach a decision on anything": deciding takes
    // longer with more partners and with more dispersed risk appetites.
    const double years = cp.decision_years * extra_partners(ps) * spread_factor(ps);
    ps.decided_year = cp.shared_service_start + static_cast<int>(std::lround(years));
    ps.blocked = false;  // known only when the decision is due
    // NAO 2012: five shared-service centres cost 1.4bn against 0.9bn planned.
    const double z = rng.normal(0, static_cast<std::uint64_t>(lead), Purpose::Collaboration);
    ps.overrun = std::exp(cp.overrun_sd * z + 0.5 * cp.overrun_sd * cp.overrun_sd);
    for (int c : ps.members) commissioners[c].partnership = static_cast<int>(partnerships.size());
    partnerships.push_back(ps);
  }
}

void back_office_costs(std::vector<Commissioner>& commissioners,
                       std::vector<Partnership>& partnerships, const CollaborationParams& cp,
                       int year, YearEvents& events) {
  for (auto& c : commissioners)
    c.back_office_cost = c.back_office * c.budget / std::max(c.initial_budget, 1.0);
  if (year < cp.shared_service_start) return;
  for (auto& ps : partnerships) {
    if (ps.blocked || ps.dissolved) continue;
    if (year == ps.decided_year) {
      // Appetites too far apart: the decision is abandoned after its run rate has been paid.
      if (ps.risk_spread > cp.block_spread) {
        ps.blocked = true;
        for (int m : ps.members) commissioners[m].partnership = -1;
        continue;
      }
      decide_migration(ps, commissioners, cp);
    }
    // "The run rate of the project and the decision-making costs more than what you're
    // deciding about" (seed 001): every member pays it, deciding or running.
    const double decisions_share = decision_share(ps, cp);
    if (ps.deciding(cp.shared_service_start, year)) {
      for (int m : ps.members) {
        auto& c = commissioners[m];
        const double decisions = decisions_share * c.back_office_cost;
        c.back_office_cost += decisions;
        events.decision_costs += decisions;
        events.transaction_costs += decisions;
        events.shared_savings -= decisions;
      }
      continue;
    }
    const int k = year - ps.decided_year;  // years since the shared service began
    const double n_in = static_cast<double>(std::count(ps.migrated.begin(), ps.migrated.end(), 1));
    const double ramp = std::min(1.0, (k + 1.0) / cp.transition_years);
    const double saving = scale_saving(n_in, cp);
    double overrun_pool = 0;
    int lead = -1;
    for (std::size_t i = 0; i < ps.members.size(); ++i) {
      auto& c = commissioners[ps.members[i]];
      const double base = c.back_office_cost;
      const double decisions = decisions_share * base;
      // A member that did not migrate keeps its own back office and still sits at the table.
      const double gross = ps.migrated[i] ? saving * ramp * base : 0.0;
      const double planned_transition = ps.migrated[i] && k < cp.transition_years
                                            ? cp.transition_cost * base / cp.transition_years
                                            : 0.0;
      if (ps.migrated[i] && lead < 0) lead = ps.members[i];
      overrun_pool += planned_transition * (ps.overrun - 1.0);
      c.back_office_cost = base - gross + planned_transition + decisions;
      events.decision_costs += decisions;
      events.transaction_costs += decisions;
      events.shared_savings += base - c.back_office_cost;
      // The running net benefit it weighs when deciding whether to stay (one-off transition
      // costs excluded: they were planned for).
      ps.losing_run[i] = gross - decisions < 0 ? ps.losing_run[i] + 1 : 0;
    }
    // Who carries the risk: the lead migrant alone, or all migrants equally.
    if (n_in > 0) {
      if (cp.risk_holder == RiskHolder::Lead) {
        commissioners[lead].back_office_cost += overrun_pool;
      } else {
        for (std::size_t i = 0; i < ps.members.size(); ++i)
          if (ps.migrated[i]) commissioners[ps.members[i]].back_office_cost += overrun_pool / n_in;
      }
    }
    events.shared_savings -= overrun_pool;
    leave_if_losing(ps, commissioners, cp);
  }
}

}  // namespace quasim
