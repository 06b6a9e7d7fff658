// sim/record_waiting.cpp — the year's waiting lists, capacity use and service by difficulty
// group, from the citizen tally and the plans the citizens met (sim/record.cpp calls it).
#include <algorithm>
#include <cmath>
#include <limits>

#include "agents/waiting_list.hpp"
#include "sim/step.hpp"

namespace quasim {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kWeeksPerYear = 52.0;

/// Completed waits, as (weeks, persons) masses: years on the list x 52 plus the year's
/// congestion wait of the service.
struct Waits {
  std::vector<std::pair<double, double>> mass;
  void add(double weeks, double persons) {
    if (persons > 0) mass.emplace_back(weeks, persons);
  }
  double mean() const {
    double sum = 0, n = 0;
    for (const auto& [w, m] : mass) {
      sum += w * m;
      n += m;
    }
    return n > 0 ? sum / n : kNaN;
  }
  /// The smallest wait at or below which 90% of the persons fall.
  double p90() {
    double n = 0;
    for (const auto& x : mass) n += x.second;
    if (n <= 0) return kNaN;
    std::sort(mass.begin(), mass.end());
    double acc = 0;
    for (const auto& [w, m] : mass)
      if ((acc += m) >= 0.9 * n) return w;
    return mass.back().first;
  }
};

/// Capacity used and capacity, per agent (services whose capacity is finite).
struct Use {
  double used = 0, capacity = 0;
  void add(double u, double cap) {
    if (!std::isfinite(cap)) return;
    used += u;
    capacity += cap;
  }
  double utilisation() const { return capacity > 0 ? used / capacity : kNaN; }
};

}  // namespace

void record_waiting(const CitizenTally& t, const CitizenConditions& cond, const Parameters& p,
                    int C, int D, YearRecord& r) {
  const double weight = p.population.agent_weight;
  const int G = static_cast<int>(p.difficulty.groups.size());
  Waits all_waits;
  std::vector<Waits> comm_waits(C), dom_waits(D), grp_waits(G);
  Use all_use;
  std::vector<Use> comm_use(C), dom_use(D);
  std::vector<double> comm_list(C, 0), dom_list(D, 0), grp_list(G, 0), grp_served(G, 0);
  std::vector<double> grp_demand(G, 0), grp_units(G, 0), grp_unmet(G, 0), grp_resolved(G, 0);
  std::array<double, kListExits> exits{};
  for (int c = 0; c < C; ++c)
    for (int d = 0; d < D; ++d) {
      const std::size_t ad = t.ad(c, d);
      const ServiceCondition& sc = cond.service[ad];
      double used = 0;
      for (int k = 0; k < kQueueClasses; ++k) {
        const double served = t.served_count[ad * kQueueClasses + k];
        const double queued = t.queue_count[ad * kQueueClasses + k];
        const int g = class_group(k);
        used += served * class_load(p.difficulty, k);
        const double weeks = class_wait(k) * kWeeksPerYear + sc.wait_weeks;
        all_waits.add(weeks, served);
        comm_waits[c].add(weeks, served);
        dom_waits[d].add(weeks, served);
        if (g < G) {
          grp_waits[g].add(weeks, served);
          grp_served[g] += served;
        }
        if (class_wait(k) > 0) {
          comm_list[c] += queued;
          dom_list[d] += queued;
          if (g < G) grp_list[g] += queued;
        }
      }
      all_use.add(used, sc.capacity);
      comm_use[c].add(used, sc.capacity);
      dom_use[d].add(used, sc.capacity);
      for (int e = 0; e < kListExits; ++e) exits[e] += t.list_exits[ad * kListExits + e];
      for (int g = 0; g < G; ++g) {
        const std::size_t gd = (ad * kMaxDifficultyGroups + g) * 3;
        grp_demand[g] += t.group_units[gd];
        grp_units[g] += t.group_units[gd + 1];
        grp_unmet[g] += t.group_units[gd + 2];
        grp_resolved[g] += t.group_resolved[ad * kMaxDifficultyGroups + g];
      }
    }
  double list = 0;
  for (int c = 0; c < C; ++c) {
    list += comm_list[c];
    r.comm_waiting_list[c] = comm_list[c] * weight;
    r.comm_waiting_time_mean[c] = comm_waits[c].mean();
    r.comm_waiting_time_p90[c] = comm_waits[c].p90();
    r.comm_capacity_utilisation[c] = comm_use[c].utilisation();
  }
  for (int d = 0; d < D; ++d) {
    r.dom_waiting_list[d] = dom_list[d] * weight;
    r.dom_waiting_time_mean[d] = dom_waits[d].mean();
    r.dom_waiting_time_p90[d] = dom_waits[d].p90();
    r.dom_capacity_utilisation[d] = dom_use[d].utilisation();
  }
  r.waiting_list = list * weight;
  r.waiting_time_mean = all_waits.mean();
  r.waiting_time_p90 = all_waits.p90();
  r.capacity_utilisation = all_use.utilisation();
  r.list_exits_resolved = exits[static_cast<int>(ListExit::Resolved)] * weight;
  r.list_exits_escalated = exits[static_cast<int>(ListExit::Escalated)] * weight;
  r.list_exits_died = exits[static_cast<int>(ListExit::Died)] * weight;
  r.list_exits_gave_up = exits[static_cast<int>(ListExit::GaveUp)] * weight;
  r.list_exits_ineligible = exits[static_cast<int>(ListExit::Ineligible)] * weight;
  double served_all = 0, resolved_all = 0;
  for (int g = 0; g < G; ++g) served_all += grp_served[g], resolved_all += grp_resolved[g];
  r.resolution_rate = served_all > 0 ? resolved_all / served_all : kNaN;
  int easiest = 0, hardest = 0;
  for (int g = 0; g < G; ++g) {
    const double people = static_cast<double>(t.group_people[g]);
    r.grp_people[g] = people * weight;
    r.grp_service_received[g] = grp_demand[g] > 0 ? grp_units[g] / grp_demand[g] : kNaN;
    r.grp_unmet_need[g] = grp_demand[g] > 0 ? grp_unmet[g] / grp_demand[g] : kNaN;
    r.grp_waiting_list[g] = grp_list[g] * weight;
    r.grp_waiting_time_mean[g] = grp_waits[g].mean();
    r.grp_outcome_mean[g] = people > 0 ? t.group_outcome_sum[g] / (255.0 * people) : kNaN;
    r.grp_resolution_rate[g] = grp_served[g] > 0 ? grp_resolved[g] / grp_served[g] : kNaN;
    if (p.difficulty.ease[g] > p.difficulty.ease[easiest]) easiest = g;
    if (p.difficulty.ease[g] < p.difficulty.ease[hardest]) hardest = g;
  }
  r.difficulty_service_gap =
      G > 1 ? r.grp_service_received[easiest] - r.grp_service_received[hardest] : 0.0;
}

}  // namespace quasim
