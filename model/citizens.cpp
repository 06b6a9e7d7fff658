// model/citizens.cpp — sizing the citizens' arrays and summing tallies.
#include "model/citizens.hpp"

namespace quasim {

void Citizens::allocate_uninitialised(std::size_t n) {
  area.resize(n);
  age.resize(n);
  needs.resize(n);
  capability.resize(n);
  satisfaction.resize(n);
  trust.resize(n);
  outcome.resize(n);
  disengaged.resize(n);
  chosen.resize(n);
  difficulty.resize(n);
  waiting.resize(n);
  harm.resize(n);
}

void CitizenTally::reset(int a, int d) {
  areas = a;
  domains = d;
  const std::size_t ad = static_cast<std::size_t>(a) * d;
  for (auto* v :
       {&demand_units, &served_units, &unmet_units, &served_people, &resolved_people, &switches})
    v->assign(ad, 0);
  slot_units.assign(ad * kChoiceSlots, 0);
  level_count.assign(ad * kNeedLevels, 0);
  for (auto* v : {&people, &aged65, &outcome_sum, &satisfaction_sum, &trust_sum, &disengaged_count})
    v->assign(a, 0);
  area_band.assign(static_cast<std::size_t>(a) * kAgeBands * kMaxDifficultyGroups, AreaBandSums{});
  outcome_histogram.assign(256, 0);
  queue_count.assign(ad * kQueueClasses, 0);
  hidden_low.assign(ad, 0);
  served_count.assign(ad * kQueueClasses, 0);
  list_exits.assign(ad * kListExits, 0);
  group_units.assign(ad * kMaxDifficultyGroups * 3, 0);
  group_resolved.assign(ad * kMaxDifficultyGroups, 0);
  group_people.assign(kMaxDifficultyGroups, 0);
  group_outcome_sum.assign(kMaxDifficultyGroups, 0);
  band_people.assign(kAgeBands, 0);
  for (auto* v : {&band_outcome_sum, &band_satisfaction_sum, &band_trust_sum, &band_need_people,
                  &band_need_outcome_sum, &band_demand_units, &band_unmet_units, &band_harm_sum})
    v->fill(0);
  need_outcome_histogram.fill(0);
  group_need_people.fill(0);
  group_need_outcome_sum.fill(0);
  excess_deaths = 0;
  hidden_units.assign(a, 0);
  served_next.assign(ad, 0);
  onsets.assign(ad, 0);
}

void CitizenTally::total_year() {
  for (std::size_t ad = 0; ad < demand_units.size(); ++ad) {
    demand_units[ad] = served_units[ad] = unmet_units[ad] = 0;
    served_people[ad] = resolved_people[ad] = 0;
    for (int g = 0; g < kMaxDifficultyGroups; ++g) {
      const std::size_t gd = ad * kMaxDifficultyGroups + g;
      demand_units[ad] += group_units[gd * 3];
      served_units[ad] += group_units[gd * 3 + 1];
      unmet_units[ad] += group_units[gd * 3 + 2];
      resolved_people[ad] += group_resolved[gd];
    }
    // The need that comes forward: disengaged people's low needs (hidden_low) are left out, so
    // commissioners plan and ration on what is asked of them (sim/record.cpp adds them back
    // for the population's need levels).
    std::array<std::int64_t, kNeedLevels> levels{};
    for (int k = 0; k < kQueueClasses; ++k) {
      served_people[ad] += served_count[ad * kQueueClasses + k];
      levels[class_level(k)] += queue_count[ad * kQueueClasses + k];
    }
    levels[0] = people[ad / static_cast<std::size_t>(domains)] - levels[1] - levels[2] - levels[3];
    for (int l = 0; l < kNeedLevels; ++l) level_count[ad * kNeedLevels + l] = levels[l];
  }
}

void CitizenTally::add(const CitizenTally& o) {
  auto sum = [](auto& x, const auto& y) {
    for (std::size_t i = 0; i < x.size(); ++i) x[i] += y[i];
  };
  sum(demand_units, o.demand_units);
  sum(served_units, o.served_units);
  sum(unmet_units, o.unmet_units);
  sum(served_people, o.served_people);
  sum(resolved_people, o.resolved_people);
  sum(slot_units, o.slot_units);
  sum(switches, o.switches);
  sum(level_count, o.level_count);
  sum(people, o.people);
  sum(aged65, o.aged65);
  sum(outcome_sum, o.outcome_sum);
  sum(satisfaction_sum, o.satisfaction_sum);
  sum(trust_sum, o.trust_sum);
  sum(disengaged_count, o.disengaged_count);
  sum(outcome_histogram, o.outcome_histogram);
  sum(queue_count, o.queue_count);
  sum(hidden_low, o.hidden_low);
  sum(served_count, o.served_count);
  sum(list_exits, o.list_exits);
  sum(group_units, o.group_units);
  sum(group_resolved, o.group_resolved);
  sum(group_people, o.group_people);
  sum(group_outcome_sum, o.group_outcome_sum);
  sum(band_people, o.band_people);
  sum(band_outcome_sum, o.band_outcome_sum);
  sum(band_satisfaction_sum, o.band_satisfaction_sum);
  sum(band_trust_sum, o.band_trust_sum);
  sum(band_need_people, o.band_need_people);
  sum(band_need_outcome_sum, o.band_need_outcome_sum);
  sum(band_demand_units, o.band_demand_units);
  sum(band_unmet_units, o.band_unmet_units);
  sum(need_outcome_histogram, o.need_outcome_histogram);
  sum(group_need_people, o.group_need_people);
  sum(group_need_outcome_sum, o.group_need_outcome_sum);
  sum(band_harm_sum, o.band_harm_sum);
  excess_deaths += o.excess_deaths;
  sum(hidden_units, o.hidden_units);
  sum(served_next, o.served_next);
  sum(onsets, o.onsets);
  for (std::size_t k = 0; k < area_band.size(); ++k) {
    AreaBandSums& x = area_band[k];
    const AreaBandSums& y = o.area_band[k];
    x.people += y.people;
    x.outcome += y.outcome;
    x.satisfaction += y.satisfaction;
    x.trust += y.trust;
    x.harm += y.harm;
    x.disengaged += y.disengaged;
    x.need_people += y.need_people;
    x.need_outcome += y.need_outcome;
  }
}

void CitizenTally::sum_area_bands() {
  for (int a = 0; a < areas; ++a)
    for (int b = 0; b < kAgeBands; ++b)
      for (int g = 0; g < kMaxDifficultyGroups; ++g) {
        const AreaBandSums& s =
            area_band[(static_cast<std::size_t>(a) * kAgeBands + b) * kMaxDifficultyGroups + g];
        group_people[g] += s.people;
        group_outcome_sum[g] += s.outcome;
        group_need_people[g] += s.need_people;
        group_need_outcome_sum[g] += s.need_outcome;
        people[a] += s.people;
        aged65[a] += b >= 3 ? s.people : 0;  // bands 65-84 and 85+
        outcome_sum[a] += s.outcome;
        satisfaction_sum[a] += s.satisfaction;
        trust_sum[a] += s.trust;
        disengaged_count[a] += s.disengaged;
        band_people[b] += s.people;
        band_outcome_sum[b] += s.outcome;
        band_satisfaction_sum[b] += s.satisfaction;
        band_trust_sum[b] += s.trust;
        band_harm_sum[b] += s.harm;
        band_need_people[b] += s.need_people;
        band_need_outcome_sum[b] += s.need_outcome;
      }
}

}  // namespace quasim
