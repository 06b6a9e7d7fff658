// sim/record_outcomes.cpp — what the year did for citizens: outcomes over everyone and over
// people with need, lasting harm, hidden need, satisfaction and trust (by age band, group and
// commissioner too), and value for money as need averted per pound.
#include <algorithm>
#include <limits>

#include "sim/step.hpp"

namespace quasim {
namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double ratio(double x, double y, double none) {
  return y > 0 ? x / y : none;
}

/// Means and shares per age band (bytes to 0-1).
void record_age_bands(const CitizenTally& t, YearRecord& r) {
  for (auto* v : {&r.age_outcome_mean, &r.age_outcome_need_mean, &r.age_unmet_need,
                  &r.age_satisfaction_mean, &r.age_trust_mean})
    v->assign(kAgeBands, 0);
  for (int b = 0; b < kAgeBands; ++b) {
    const double people = static_cast<double>(t.band_people[b]);
    r.age_outcome_mean[b] = ratio(t.band_outcome_sum[b], 255.0 * people, kNaN);
    r.age_outcome_need_mean[b] =
        ratio(t.band_need_outcome_sum[b], 255.0 * t.band_need_people[b], kNaN);
    r.age_unmet_need[b] = ratio(t.band_unmet_units[b], t.band_demand_units[b], 0.0);
    r.age_satisfaction_mean[b] = ratio(t.band_satisfaction_sum[b], 255.0 * people, kNaN);
    r.age_trust_mean[b] = ratio(t.band_trust_sum[b], 255.0 * people, kNaN);
  }
}

/// Hidden need: need units of people who did not come forward, over those and the need units
/// that did (demand), nationally and per area.
void record_hidden_need(const CitizenTally& t, int C, YearRecord& r) {
  r.comm_hidden_need.assign(C, 0);
  double hidden = 0, demand = 0;
  for (int a = 0; a < C; ++a) {
    double area_demand = 0;
    for (int d = 0; d < t.domains; ++d)
      area_demand += static_cast<double>(t.demand_units[t.ad(a, d)]);
    const double h = static_cast<double>(t.hidden_units[a]);
    r.comm_hidden_need[a] = ratio(h, h + area_demand, 0.0);
    hidden += h;
    demand += area_demand;
  }
  r.hidden_need = ratio(hidden, hidden + demand, 0.0);
}
}  // namespace

void record_outcomes(const CitizenTally& t, const Parameters& p, int C, YearRecord& r) {
  const double weight = p.population.agent_weight;
  double people = 0, aged = 0, outcome = 0, sat = 0, trust = 0, disengaged = 0, harm = 0;
  for (int a = 0; a < C; ++a) {
    people += t.people[a];
    aged += t.aged65[a];
    outcome += t.outcome_sum[a];
    sat += t.satisfaction_sum[a];
    trust += t.trust_sum[a];
    disengaged += t.disengaged_count[a];
  }
  r.population = people * weight;
  r.share_65plus = ratio(aged, people, 0.0);
  r.outcome_mean = ratio(outcome, 255.0 * people, 0.0);
  r.satisfaction_mean = ratio(sat, 255.0 * people, 0.0);
  r.trust_mean = ratio(trust, 255.0 * people, 0.0);
  r.disengaged_share = ratio(disengaged, people, 0.0);
  r.outcome_inequality = gini_from_histogram(t.outcome_histogram);
  for (int b = 0; b < kAgeBands; ++b) r.age_people[b] = weight * t.band_people[b];
  // Over the people who had a need at some time in the year: most citizens have none, score 1
  // and would hide what happens to those who do.
  double need_people = 0, need_outcome = 0;
  for (int b = 0; b < kAgeBands; ++b) {
    need_people += t.band_need_people[b];
    need_outcome += t.band_need_outcome_sum[b];
    harm += t.band_harm_sum[b];
  }
  r.outcome_need_mean = ratio(need_outcome, 255.0 * need_people, kNaN);
  r.outcome_need_inequality = gini_from_histogram(t.need_outcome_histogram);
  r.harm_mean = ratio(harm, 255.0 * people, 0.0);
  r.excess_deaths = weight * static_cast<double>(t.excess_deaths);
  const int G = static_cast<int>(p.difficulty.groups.size());
  r.grp_outcome_need_mean.assign(G, 0);
  for (int g = 0; g < G; ++g)
    r.grp_outcome_need_mean[g] =
        ratio(t.group_need_outcome_sum[g], 255.0 * t.group_need_people[g], kNaN);
  record_age_bands(t, r);
  record_hidden_need(t, C, r);
}

void record_value_for_money(const CitizenTally& t, const Parameters& p, YearRecord& r) {
  // The counterfactual: a served need left unserved would have resolved by itself with chance
  // natural_resolution and escalated with chance escalation (not above level 3), so its
  // expected level a year on is L - natural_resolution + escalation [L < 3]. Averted: that,
  // summed over the people served, less the levels they actually ended the year at.
  double averted = 0;
  for (int a = 0; a < t.areas; ++a)
    for (int d = 0; d < t.domains; ++d) {
      const DomainParams& dp = p.domains[d];
      const std::size_t ad = t.ad(a, d);
      double expected = 0;
      for (int k = 0; k < kQueueClasses; ++k) {
        const int level = class_level(k);
        expected += static_cast<double>(t.served_count[ad * kQueueClasses + k]) *
                    (level - dp.natural_resolution + (level < 3 ? dp.escalation : 0.0));
      }
      averted += expected - static_cast<double>(t.served_next[ad]);
    }
  r.need_averted = p.population.agent_weight * averted;
  r.value_for_money = ratio(r.need_averted, r.spending_total, 0.0);
}

}  // namespace quasim
