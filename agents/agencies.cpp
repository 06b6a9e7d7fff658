// agents/agencies.cpp — councils and national departments: budgets, allocation by agency and
// pooled budgets, the change fund's prevention, and spill-over flows between agencies.
#include "agents/agencies.hpp"

#include <cmath>

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

double expected_onsets(const CitizenTally& last, int area, int d, const Parameters& p) {
  if (last.level_count.empty()) return 0.0;
  return p.population.agent_weight * p.domains[d].onset *
         static_cast<double>(last.level_count[last.ad(area, d) * kNeedLevels]);
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
  a.savings.assign(K, 0.0);
  a.generated.assign(K, 0.0);
  a.prevention.assign(static_cast<std::size_t>(a.areas) * D, 1.0);
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
  allocate_pots(c, pc, last, pots, total);
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
  a.onsets_averted = 0;
  // Money spent L years ago averts onsets now, with diminishing returns: at most every expected
  // onset, at first one per `prevention_cost` pounds.
  for (int c = 0; c < a.areas; ++c)
    for (int d = 0; d < D; ++d) {
      const int then = year - p.domains[d].prevention_lag;
      if (then < 0 || p.domains[d].prevention_share <= 0) continue;
      const double spent = a.prevention_bought[then][static_cast<std::size_t>(c) * D + d];
      const double onsets = expected_onsets(last, c, d, p);
      if (spent <= 0 || onsets <= 0) continue;
      const double kept = std::exp(-spent / (p.domains[d].prevention_cost * onsets));
      a.prevention[static_cast<std::size_t>(c) * D + d] = kept;
      a.onsets_averted += onsets * (1.0 - kept);
    }
}

void value_spillovers(const Market& m, const Parameters& p, const CitizenTally& last,
                      const std::vector<std::vector<double>>& served_share_history, int year,
                      const Eigen::MatrixXd& S, AgencyState& a) {
  std::fill(a.savings.begin(), a.savings.end(), 0.0);
  std::fill(a.generated.begin(), a.generated.end(), 0.0);
  if (a.agencies == 1 || S.isZero()) return;
  const int D = static_cast<int>(p.domains.size());
  for (const auto& c : m.commissioners)
    for (int i = 0; i < D; ++i) {
      const int then = year - spillover_lag(p, i);
      if (then < 0 || then >= static_cast<int>(served_share_history.size())) continue;
      const double* served = served_share_history[then].data() + static_cast<std::size_t>(c.id) * D;
      double reduction = 0;
      for (int j = 0; j < D; ++j) reduction += S(i, j) * served[j];
      if (reduction <= 0) continue;
      // Onsets averted, each valued as one need-unit-year at this year's unit price.
      const double value = expected_onsets(last, c.id, i, p) * (1.0 - std::exp(-reduction)) *
                           c.services[i].unit_price;
      for (int j = 0; j < D; ++j) {
        const double part = S(i, j) * served[j] / reduction;
        if (part <= 0 || payer(p, j) == payer(p, i)) continue;
        a.savings[payer(p, i)] += value * part;
        a.generated[payer(p, j)] += value * part;
      }
    }
}

}  // namespace quasim
