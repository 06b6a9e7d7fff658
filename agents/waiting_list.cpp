// agents/waiting_list.cpp — the year's plan of each service under its capacity.
#include "agents/waiting_list.hpp"

#include <algorithm>

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

}  // namespace quasim
