// agents/agencies.cpp — councils and national departments: budgets, allocation by agency and
// pooled budgets, the change fund's prevention, and spill-over flows between agencies.
#include "agents/agencies.hpp"

#include <cmath>

#include "agents/collaboration.hpp"
#include "agents/commissioner.hpp"

namespace quasim {
namespace {

/// The agency that pays for domain d.
int payer(const Parameters& p, int d) {
  return p.domains[d].agency;
}

/// Allocation weights per domain: 1 + the spill-overs of its service into the domains of the
/// agencies `counted` marks (floored at 0.05, as value_weights does).
std::vector<double> weights_into(const Parameters& p, const Eigen::MatrixXd& S,
                                 const std::vector<char>& counted) {
  const int D = static_cast<int>(p.domains.size());
  std::vector<double> w(D, 1.0);
  for (int j = 0; j < D; ++j) {
    double spill = 0;
    for (int i = 0; i < D; ++i)
      if (counted[payer(p, i)]) spill += S(i, j);
    w[j] = std::max(0.05, 1.0 + spill);
  }
  return w;
}

}  // namespace

int spillover_lag(const Parameters& p, int d) {
  const int own = p.domains[d].spillover_lag;
  return own > 0 ? own : p.collaboration.spillover_lag;
}

void init_agencies(Market& m, const Parameters& p, AgencyState& a) {
  const int K = static_cast<int>(p.agencies.size());
  const int D = static_cast<int>(p.domains.size());
  a = AgencyState{};
  a.agencies = K;
  a.areas = static_cast<int>(m.commissioners.size());
  a.domains = D;
  a.national.assign(K, 0.0);
  a.area_money.assign(static_cast<std::size_t>(a.areas) * K, 0.0);
  a.pooled.assign(a.area_money.size(), 0.0);
  a.prevention.assign(static_cast<std::size_t>(a.areas) * D, 1.0);
  a.prevention_base.assign(a.prevention.size(), 0.0);
  a.multiplier.assign(a.prevention.size(), 1.0);
  if (K == 1) return;  // the councils pay for everything: budgets as set
  const double coverage = p.budget.initial_coverage;
  for (auto& c : m.commissioners) {
    double departments = 0;
    for (int d = 0; d < D; ++d) {
      const int k = payer(p, d);
      if (k == 0) continue;
      const double money = c.services[d].demand_cost * coverage;
      a.area_money[a.ak(c.id, k)] += money;
      a.national[k] += money;
      departments += c.services[d].demand_cost;
    }
    const double services = (c.full_cost - departments) * coverage;
    c.budget = c.initial_budget = services / (1.0 - p.commissioners.back_office_share);
    c.settlement = c.budget;
    c.back_office = c.budget * p.commissioners.back_office_share;
  }
}

void set_department_budgets(const Parameters& p, const CitizenTally& last, int year,
                            AgencyState& a) {
  if (a.agencies == 1 || year == 0) return;
  const int D = static_cast<int>(p.domains.size());
  const double w = p.population.agent_weight;
  for (int k = 1; k < a.agencies; ++k) {
    a.national[k] *= 1.0 + budget_change(p.agencies[k].budget, year);
    // Its money follows need: last year's need in its domains, at their efficient unit cost.
    std::vector<double> need(a.areas, 0.0);
    double total = 0;
    for (int c = 0; c < a.areas; ++c) {
      for (int d = 0; d < D; ++d)
        if (payer(p, d) == k) need[c] += need_units(last, c, d, w) * p.domains[d].unit_cost;
      total += need[c];
    }
    for (int c = 0; c < a.areas; ++c)
      a.area_money[a.ak(c, k)] =
          total > 0 ? a.national[k] * need[c] / total : a.national[k] / std::max(1, a.areas);
  }
}

void allocate_by_agency(Commissioner& c, const Parameters& pc, const CitizenTally& last,
                        const Eigen::MatrixXd& S, AgencyState& a) {
  const int K = a.agencies;
  const int D = static_cast<int>(pc.domains.size());
  std::vector<double> money(K);
  money[0] = std::max(0.0, c.available);
  for (int k = 1; k < K; ++k) money[k] = a.area_money[a.ak(c.id, k)];
  // The pool: every department with a pool share, with the councils.
  std::vector<char> pooled(K, 0);
  for (int k = 1; k < K; ++k)
    if (pc.agencies[k].pool_share > 0) pooled[k] = pooled[0] = 1;
  std::vector<FundingPot> pots;
  double total = 0, pool = 0;
  for (int k = 0; k < K; ++k) {
    total += money[k];
    const double in = pooled[k] ? pc.agencies[k].pool_share * money[k] : 0.0;
    a.pooled[a.ak(c.id, k)] = in;
    pool += in;
    FundingPot own;
    own.money = money[k] - in;
    for (int d = 0; d < D; ++d)
      if (payer(pc, d) == k) own.domains.push_back(d);
    // The wrong pocket: an agency weighs only the spill-overs into its own domains.
    std::vector<char> mine(K, 0);
    mine[k] = 1;
    own.weights =
        pc.collaboration.pooled_budgets ? weights_into(pc, S, mine) : std::vector<double>(D, 1.0);
    pots.push_back(std::move(own));
  }
  if (pool > 0) {
    // Joint commissioning: the pool tops up the pooled agencies' domains where their own money
    // fell short, weighed by the value each creates in any pooled agency's domains.
    FundingPot joint;
    joint.money = pool;
    joint.statutory_first = false;
    for (int d = 0; d < D; ++d)
      if (pooled[payer(pc, d)]) joint.domains.push_back(d);
    joint.weights = weights_into(pc, S, pooled);
    pots.push_back(std::move(joint));
  }
  const std::vector<double> unspent = allocate_pots(c, pc, last, pots, total);
  // Who paid for what the pool bought: each contribution less its part of what it left unspent.
  if (pool > 0) {
    const double spent = std::max(0.0, pool - unspent.back()) / pool;
    for (int k = 0; k < K; ++k) a.pooled[a.ak(c.id, k)] *= spent;
  }
}

void buy_prevention(const Market& m, const Parameters& p, const CitizenTally& last, int year,
                    AgencyState& a) {
  const int D = static_cast<int>(p.domains.size());
  double named = 0;
  for (const auto& d : p.domains) named += d.prevention_share;
  std::vector<double> bought(static_cast<std::size_t>(a.areas) * D, 0.0);
  if (named > 0)
    for (const auto& c : m.commissioners)
      for (int d = 0; d < D; ++d)
        bought[static_cast<std::size_t>(c.id) * D + d] =
            c.change_fund * p.domains[d].prevention_share / named;
  a.prevention_bought.resize(static_cast<std::size_t>(year) + 1);
  a.prevention_bought[year] = std::move(bought);
  a.prevention.assign(static_cast<std::size_t>(a.areas) * D, 1.0);
  a.prevention_base.assign(a.prevention.size(), 0.0);
  // Money spent L years ago averts onsets now, with diminishing returns: at most every onset
  // that would arise without it, at first one per `prevention_cost` pounds. That base is last
  // year's onsets as they arose, less last year's multipliers (spill-overs and prevention).
  for (int c = 0; c < a.areas; ++c)
    for (int d = 0; d < D; ++d) {
      const int then = year - p.domains[d].prevention_lag;
      if (then < 0 || p.domains[d].prevention_share <= 0) continue;
      const std::size_t ad = static_cast<std::size_t>(c) * D + d;
      const double spent = a.prevention_bought[then][ad];
      const double onsets = last.onsets.empty() || ad >= a.multiplier.size()
                                ? 0.0
                                : p.population.agent_weight *
                                      static_cast<double>(last.onsets[last.ad(c, d)]) /
                                      std::max(1e-9, a.multiplier[ad]);
      if (spent <= 0 || onsets <= 0) continue;
      a.prevention[ad] = std::exp(-spent / (p.domains[d].prevention_cost * onsets));
      a.prevention_base[ad] = onsets;
    }
}

void note_onset_multipliers(const World& w, const Parameters& p, const Eigen::MatrixXd& S,
                            AgencyState& a) {
  a.multiplier = onset_multipliers(w, p, S);
  a.spill.clear();
  if (a.agencies == 1 || S.isZero()) return;
  const int D = static_cast<int>(p.domains.size());
  const auto& history = w.served_share_history;
  a.spill.assign(static_cast<std::size_t>(a.areas) * D * D, 0.0);
  for (int c = 0; c < a.areas; ++c)
    for (int i = 0; i < D; ++i) {
      const int then = w.year - spillover_lag(p, i);  // as onset_multipliers
      if (then < 0 || then >= static_cast<int>(history.size())) continue;
      const double* served = history[then].data() + static_cast<std::size_t>(c) * D;
      for (int j = 0; j < D; ++j)
        a.spill[(static_cast<std::size_t>(c) * D + i) * D + j] = S(i, j) * served[j];
    }
}

AgencyFlows value_agency_flows(const Market& m, const Parameters& p, const CitizenTally& now,
                               const AgencyState& a) {
  const int K = a.agencies;
  const int D = static_cast<int>(p.domains.size());
  AgencyFlows f;
  f.savings.assign(K, 0.0);
  f.generated.assign(K, 0.0);
  if (now.onsets.empty() || a.prevention.empty()) return f;
  for (const auto& c : m.commissioners)
    for (int i = 0; i < D; ++i) {
      const std::size_t ad = static_cast<std::size_t>(c.id) * D + i;
      // Onsets that arose this year, persons; each averted one is valued as one need-unit-year
      // at this year's unit price.
      const double arose =
          p.population.agent_weight * static_cast<double>(now.onsets[now.ad(c.id, i)]);
      const double price = c.services[i].unit_price;
      const double kept = a.prevention[ad];
      if (kept < 1.0) {
        // Without prevention, arose / kept would have arisen (capped at the base it acted on).
        const double averted = std::min(arose * (1.0 / kept - 1.0), a.prevention_base[ad]);
        f.onsets_averted += averted;
        // The councils' change fund bought it: a department's domain gains.
        if (payer(p, i) != 0) {
          f.savings[payer(p, i)] += averted * price;
          f.generated[0] += averted * price;
        }
      }
      if (a.spill.empty()) continue;
      const double* part = a.spill.data() + ad * D;
      double reduction = 0;
      for (int j = 0; j < D; ++j) reduction += part[j];
      // Without the reduction R, arose * exp(R) would have arisen: arose * (exp(R) - 1) averted
      // (negative where services raise demand), shared among sources j in proportion to their
      // signed parts of R.
      const double per_unit = std::abs(reduction) > 1e-12 ? std::expm1(reduction) / reduction : 1.0;
      for (int j = 0; j < D; ++j) {
        if (part[j] == 0.0 || payer(p, j) == payer(p, i)) continue;
        const double value = arose * per_unit * part[j] * price;
        f.savings[payer(p, i)] += value;
        f.generated[payer(p, j)] += value;
      }
    }
  return f;
}

}  // namespace quasim
