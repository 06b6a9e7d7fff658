// agents/centre.cpp — settlements and emergency funding.
#include "agents/centre.hpp"

#include <algorithm>

#include "agents/commissioner.hpp"

namespace quasim {

std::vector<double> assessed_need(const std::vector<Commissioner>& commissioners,
                                  const Parameters& p, const CitizenTally& last) {
  std::vector<double> need(commissioners.size(), 0.0);
  for (const auto& c : commissioners)
    for (int d = 0; d < static_cast<int>(p.domains.size()); ++d)
      if (p.domains[d].agency == 0)  // the councils' domains: departments fund their own
        need[static_cast<std::size_t>(c.id)] +=
            need_units(last, c.id, d, p.population.agent_weight) * p.domains[d].unit_cost;
  return need;
}

void reweight_by_need(std::vector<Commissioner>& commissioners, const std::vector<double>& need,
                      double phase_in) {
  double total = 0, total_need = 0;
  for (const auto& c : commissioners) total += c.budget;
  for (double n : need) total_need += n;
  if (total_need <= 0) return;  // nothing assessed: budgets stay as they are
  for (auto& c : commissioners) {
    const double target = total * need[static_cast<std::size_t>(c.id)] / total_need;
    c.budget += phase_in * (target - c.budget);
  }
}

std::vector<double> emergency_awards(const std::vector<double>& shortfall,
                                     const std::vector<Commissioner>& commissioners,
                                     const CentreParams& centre) {
  std::vector<double> ask(commissioners.size(), 0.0);
  double asked = 0, budgets = 0;
  for (const auto& c : commissioners) {
    const auto i = static_cast<std::size_t>(c.id);
    ask[i] = std::clamp(shortfall[i], 0.0, centre.emergency_cap * std::max(0.0, c.budget));
    asked += ask[i];
    budgets += std::max(0.0, c.budget);
  }
  const double pot = centre.emergency_pot * budgets;
  if (asked > pot)
    for (double& a : ask) a *= pot / asked;
  return ask;
}

}  // namespace quasim
