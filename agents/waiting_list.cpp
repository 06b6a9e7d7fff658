// agents/waiting_list.cpp — the year's plan of each service under its capacity.
#include "agents/waiting_list.hpp"

#include <algorithm>
#include <numeric>

#include "agents/capability.hpp"

namespace quasim {

double class_load(const DifficultyParams& g, int k) {
  const int group = class_group(k);
  const double cost = group < static_cast<int>(g.cost.size()) ? g.cost[group] : 1.0;
  return class_level(k) * cost;
}

double served_load(const CitizenTally& t, const Parameters& p, int c, int d) {
  if (t.served_count.empty()) return 0;
  const std::size_t base = t.ad(c, d) * kQueueClasses;
  double load = 0;
  for (int k = 0; k < kQueueClasses; ++k)
    load += t.served_count[base + k] * class_load(p.difficulty, k);
  return load * p.population.agent_weight;
}

double eligible_load(const CitizenTally& t, const Parameters& p, int c, int d) {
  if (t.queue_count.empty()) return 0;
  const std::size_t base = t.ad(c, d) * kQueueClasses;
  double waiting = 0;
  for (int k = 0; k < kQueueClasses; ++k)
    if (class_wait(k) > 0) waiting += t.queue_count[base + k] * class_load(p.difficulty, k);
  return served_load(t, p, c, d) + waiting * p.population.agent_weight;
}

double funded_load(const CitizenTally& t, const Parameters& p, int c, int d, int threshold,
                   double marginal) {
  if (t.queue_count.empty()) return 0;
  const std::size_t base = t.ad(c, d) * kQueueClasses;
  double load = 0;
  for (int k = 0; k < kQueueClasses; ++k) {
    const int level = class_level(k);
    const double funded = funded_share(level, threshold, marginal);
    load += t.queue_count[base + k] * funded * class_load(p.difficulty, k);
  }
  return load * p.population.agent_weight;
}

double creaming_degree(const Provider& pr, double pbr_share, const Parameters& pc) {
  if (!pr.external() || pbr_share <= 0) return 0.0;
  const double motive = pc.provider[static_cast<int>(pr.type)].profit_motive;
  return std::clamp(pc.creaming.strength * pbr_share * motive * shading_factor(pc), 0.0, 1.0);
}

std::array<double, kMaxDifficultyGroups> payoff_by_group(const DifficultyParams& g) {
  std::array<double, kMaxDifficultyGroups> pay{};
  double best = 0;
  for (std::size_t k = 0; k < g.groups.size() && k < pay.size(); ++k) {
    pay[k] = g.pbr_payment[k] * g.ease[k] / std::max(1e-9, g.cost[k]);
    best = std::max(best, pay[k]);
  }
  for (auto& x : pay) x = best > 0 ? x / best : 1.0;
  return pay;
}

double congestion_wait(double rho, const WaitingParams& w) {
  const double r = std::clamp(rho, 0.0, w.max_utilisation);
  return w.congestion_weeks * r / (1.0 - r);
}

namespace {

/// The contract's order, 0..1: the main key counts three times the other.
double contract_rank(int k, WaitingOrder order) {
  const double need = (class_level(k) - 1) / 2.0;
  const double wait = class_wait(k) / static_cast<double>(kWaitBands - 1);
  return order == WaitingOrder::ByNeed ? 0.75 * need + 0.25 * wait : 0.75 * wait + 0.25 * need;
}

}  // namespace

ServicePlan plan_service(const ServicePlanInputs& in, const Parameters& p) {
  ServicePlan plan;
  const auto payoff = payoff_by_group(p.difficulty);
  const int groups = static_cast<int>(p.difficulty.groups.size());
  for (int g = 0; g < kMaxDifficultyGroups; ++g) {
    // Parking: effort held back from a group in proportion to how little it pays.
    const double effort = 1.0 - in.creaming * (1.0 - payoff[g]);
    plan.effort[g] = static_cast<float>(g < groups ? p.difficulty.ease[g] * effort : 1.0);
  }
  // Who would be served with no capacity limit, in capacity units per agent, by class.
  std::array<double, kQueueClasses> load{};
  for (int k = 0; k < kQueueClasses; ++k) {
    const int level = class_level(k);
    const double funded = funded_share(level, in.threshold, in.marginal);
    const double people = in.queue ? static_cast<double>(in.queue[k]) : 0.0;
    load[k] = people * funded * (1.0 - in.disruption) * class_load(p.difficulty, k);
    plan.load += load[k];
  }
  // Creaming: the provider's order leans from the contract's towards the cases that pay.
  std::array<double, kQueueClasses> score{};
  std::array<int, kQueueClasses> order{};
  for (int k = 0; k < kQueueClasses; ++k)
    score[k] = (1.0 - in.creaming) * contract_rank(k, p.waiting.order) +
               in.creaming * payoff[class_group(k)];
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return score[a] > score[b]; });
  // Classes the provider ranks equal (same need and wait, no creaming) share what is left
  // in proportion: a tie never favours one difficulty group.
  double left = in.capacity;
  for (std::size_t first = 0; first < order.size();) {
    std::size_t last = first;
    double tied = 0;
    while (last < order.size() && score[order[last]] == score[order[first]])
      tied += load[order[last++]];
    const double share = tied <= left ? 1.0 : (tied > 0 ? std::max(0.0, left) / tied : 0.0);
    for (std::size_t j = first; j < last; ++j)  // nobody expected: admitted while room is left
      plan.admit[order[j]] = static_cast<float>(load[order[j]] > 0 ? share : left > 0 ? 1.0 : 0.0);
    left = std::max(0.0, left - tied);
    first = last;
  }
  const double rho = in.capacity > 0 ? plan.load / in.capacity : (plan.load > 0 ? 1.0 : 0.0);
  plan.wait_weeks = congestion_wait(rho, p.waiting);
  return plan;
}

}  // namespace quasim
