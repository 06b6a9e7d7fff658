// tests/output/fabricate.cpp — numbers shaped like a run of the model: budgets fall, unmet need
// rises, providers come and go. Deterministic for a given FixtureSpec.
#include "tests/output/fabricate.hpp"

#include <algorithm>
#include <cmath>
#include <random>

#include "output/series_catalogue.hpp"

namespace quasim::test {

std::vector<ReplicateResult> fabricate_results(const FixtureSpec& spec) {
  std::vector<ReplicateResult> out;
  for (int r = 0; r < spec.replicates; ++r) {
    std::mt19937_64 rng(static_cast<std::uint64_t>(spec.seed) * 1000003u +
                        static_cast<unsigned>(r));
    std::normal_distribution<double> noise(0.0, 1.0);
    const double shock = 0.02 * noise(rng);  // this replicate's luck, carried through the years
    ReplicateResult rep;
    rep.replicate = r;
    double mutuals_created = 0, support = 0;
    for (int y = 0; y < spec.years; ++y) {
      YearRecord rec;
      const double t = y;
      const double budget = 1000.0 * std::pow(1.0 + spec.budget_change + shock * 0.1, t);
      const double need_cost = 1000.0 * (1.0 + 0.015 * t);
      rec.spending_total = budget * (1.0 + 0.01 * noise(rng));
      rec.funding_gap = std::max(0.0, need_cost - budget);
      rec.funding_gap_share = rec.funding_gap / need_cost;
      rec.unmet_need = std::clamp(0.05 + 0.8 * rec.funding_gap_share + 0.01 * noise(rng), 0.0, 1.0);
      rec.outcome_mean = std::clamp(0.7 - 0.5 * rec.unmet_need + shock, 0.0, 1.0);
      rec.outcome_inequality = 0.25 + 0.2 * rec.unmet_need + 0.005 * noise(rng);
      rec.satisfaction_mean = std::clamp(0.65 - 0.3 * rec.unmet_need + 0.01 * noise(rng), 0.0, 1.0);
      rec.trust_mean = std::clamp(0.6 - 0.2 * rec.unmet_need - 0.002 * t + shock, 0.0, 1.0);
      rec.disengaged_share = 0.02 + 0.003 * t;
      rec.population = 2.0e6 + 1000.0 * t + r;
      rec.share_65plus = 0.17 + 0.002 * t;
      rec.providers_active = std::round(20 + 0.8 * t + 2 * noise(rng));
      rec.provider_entries = std::round(std::max(0.0, 3 + noise(rng)));
      rec.provider_exits = std::round(std::max(0.0, 1 + noise(rng)));
      rec.provider_failures =
          std::round(std::max(0.0, 0.5 * t * -spec.budget_change * 20 + noise(rng)));
      rec.hhi = 1500 + 60 * t + 100 * noise(rng);
      rec.tenders = std::round(8 + 2 * noise(rng) + 4);
      rec.bids_per_tender = std::max(1.0, 4.0 - 0.1 * t + 0.3 * noise(rng));
      rec.contract_price_index = 0.92 + 0.005 * t + 0.01 * noise(rng);
      rec.quality_gap = 0.04 + 0.01 * std::fabs(noise(rng));
      rec.transaction_costs = 0.03 * rec.spending_total * (0.3 + 0.02 * t);
      rec.shared_service_savings = y < 2 ? -5.0 : 3.0 * (t - 2);
      rec.collaboration_decision_costs = 0.5;
      rec.pbr_payments = 0.02 * rec.spending_total;
      rec.value_for_money = rec.outcome_mean / (rec.spending_total * 1e3 / rec.population);
      rec.outsourced_share = std::clamp(0.3 + 0.01 * t + 0.01 * noise(rng), 0.0, 1.0);
      mutuals_created += std::max(0.0, std::round(0.4 + 0.5 * noise(rng)));
      rec.mutuals_created = mutuals_created;
      rec.mutuals_active = std::floor(0.8 * mutuals_created);
      rec.spinout_survival = mutuals_created > 0 ? rec.mutuals_active / mutuals_created : 1.0;
      support += 0.2;
      rec.support_fund_spent = support;
      rec.contract_terminations = std::round(std::max(0.0, 0.5 + noise(rng)));
      rec.change_fund_spent = 2.0;
      rec.capacity_utilisation = std::clamp(0.85 + 0.01 * t + 0.01 * noise(rng), 0.0, 1.0);
      rec.waiting_list = std::round(20000 * (1 + 0.05 * t) * (1 + 0.02 * noise(rng)));
      rec.waiting_time_mean = 6 + 0.8 * t + 0.2 * noise(rng);
      rec.waiting_time_p90 = rec.waiting_time_mean * 2.4;
      rec.list_exits_resolved = std::round(0.1 * rec.waiting_list);
      rec.list_exits_escalated = std::round(0.05 * rec.waiting_list);
      rec.list_exits_died = std::round(0.01 * rec.waiting_list);
      rec.list_exits_gave_up = std::round(0.03 * rec.waiting_list);

      const double outsourced = rec.outsourced_share;
      const double split[kProviderTypes] = {1.0 - outsourced,  0.5 * outsourced, 0.2 * outsourced,
                                            0.15 * outsourced, 0.1 * outsourced, 0.05 * outsourced};
      for (int k = 0; k < kProviderTypes; ++k) {
        rec.type_market_share[k] = split[k];
        rec.type_providers_active[k] =
            k == 0 ? spec.commissioners : std::round(2 + 3 * split[k] * 10);
        rec.type_failures[k] = k == 0 ? 0 : std::round(std::max(0.0, 0.3 * noise(rng)));
        rec.type_quality_mean[k] = 0.55 + 0.03 * k + 0.01 * noise(rng);
        rec.type_unit_cost_mean[k] = 1.1 - 0.04 * k + 0.01 * noise(rng);
      }
      for (int c = 0; c < spec.commissioners; ++c) {
        const double size = 1.0 + 0.3 * std::sin(1.0 + c);
        rec.comm_budget.push_back(budget / spec.commissioners * size);
        rec.comm_spending.push_back(rec.comm_budget.back() * 0.99);
        rec.comm_funding_gap.push_back(rec.funding_gap / spec.commissioners * size);
        rec.comm_in_house_share.push_back(1.0 - outsourced + 0.05 * std::cos(c));
        rec.comm_unmet_need.push_back(std::clamp(rec.unmet_need + 0.02 * noise(rng), 0.0, 1.0));
        rec.comm_outcome_mean.push_back(std::clamp(rec.outcome_mean + 0.02 * noise(rng), 0.0, 1.0));
        rec.comm_capability.push_back(
            std::clamp(0.6 - 0.2 * outsourced + 0.02 * std::sin(c), 0.0, 1.0));
        rec.comm_insourcing_events.push_back(std::round(std::max(0.0, 0.3 + noise(rng))));
        rec.comm_emergency_funding.push_back(0.01 * c);
        rec.comm_waiting_list.push_back(rec.waiting_list / spec.commissioners * size);
        rec.comm_waiting_time_mean.push_back(rec.waiting_time_mean * size);
        rec.comm_waiting_time_p90.push_back(rec.waiting_time_p90 * size);
        rec.comm_capacity_utilisation.push_back(std::min(1.0, rec.capacity_utilisation * size));
      }
      for (int d = 0; d < spec.domains; ++d) {
        rec.dom_spending.push_back(rec.spending_total / spec.domains);
        rec.dom_unmet_need.push_back(std::clamp(rec.unmet_need * (0.8 + 0.2 * d), 0.0, 1.0));
        rec.dom_outcome_mean.push_back(rec.outcome_mean);
        rec.dom_demand.push_back(10000.0 * (1 + d) * (1 + 0.02 * t));
        rec.dom_waiting_list.push_back(rec.waiting_list / spec.domains);
        rec.dom_waiting_time_mean.push_back(rec.waiting_time_mean * (0.8 + 0.2 * d));
        rec.dom_waiting_time_p90.push_back(rec.waiting_time_p90 * (0.8 + 0.2 * d));
        rec.dom_capacity_utilisation.push_back(rec.capacity_utilisation);
      }
      // Difficulty groups, easiest first: the hardest to help are served least.
      for (int g = 0; g < spec.groups; ++g) {
        const double hard = spec.groups > 1 ? static_cast<double>(g) / (spec.groups - 1) : 0.0;
        const double served = std::clamp(1.0 - rec.unmet_need - 0.15 * hard, 0.0, 1.0);
        rec.grp_people.push_back(std::round(2.0e6 / spec.groups));
        rec.grp_service_received.push_back(served);
        rec.grp_unmet_need.push_back(1.0 - served);
        rec.grp_waiting_list.push_back(rec.waiting_list / spec.groups * (0.7 + 0.6 * hard));
        rec.grp_waiting_time_mean.push_back(rec.waiting_time_mean * (0.8 + 0.4 * hard));
        rec.grp_outcome_mean.push_back(std::clamp(rec.outcome_mean - 0.1 * hard, 0.0, 1.0));
        rec.grp_resolution_rate.push_back(0.4 - 0.2 * hard);
      }
      rec.difficulty_service_gap =
          rec.grp_service_received.empty()
              ? 0.0
              : rec.grp_service_received.front() - rec.grp_service_received.back();
      // Every other per-entity series (the age-band and agency series, and rows added since
      // this list was written): sized to its axis, the values a plain function of the entity
      // so that round trips are checked.
      for (const SeriesSpec& s : series_catalogue()) {
        if (!s.by_entity || !(rec.*s.by_entity).empty()) continue;
        const int n = s.axis == SeriesAxis::AgeBand        ? kAgeBands
                      : s.axis == SeriesAxis::Agency       ? 1
                      : s.axis == SeriesAxis::Commissioner ? spec.commissioners
                      : s.axis == SeriesAxis::Domain       ? spec.domains
                                                           : spec.groups;
        for (int k = 0; k < n; ++k) (rec.*s.by_entity).push_back(0.1 * (k + 1) + 0.01 * t);
      }
      rep.years.push_back(std::move(rec));

      if (spec.panels) {
        for (int p = 0; p < 6; ++p)
          rep.provider_panel.push_back({spec.start_year + y, p, p % kProviderTypes, 1.0 + p,
                                        1.0 + 0.01 * p, 0.6, 0.5, 10.0 * p, p % 3, 1});
        for (int c = 0; c < 10; ++c)
          rep.citizen_panel.push_back({spec.start_year + y, c, c % std::max(spec.commissioners, 1),
                                       20 + c + y, 0.7, 0.6, 0.5,
                                       static_cast<std::uint16_t>(c % 4)});
      }
    }
    out.push_back(std::move(rep));
  }
  return out;
}

Provenance fabricate_provenance(const FixtureSpec& spec) {
  Provenance p;
  p.scenario_name = spec.name;
  p.scenario_path = "scenarios/" + spec.name + ".toml";
  p.scenario_text = "name = \"" + spec.name +
                    "\"\n[budget]\nchange_early = " + std::to_string(spec.budget_change) + "\n";
  p.resolved_parameters = "[run]\nyears = " + std::to_string(spec.years) +
                          "\nreplicates = " + std::to_string(spec.replicates) +
                          "\nseed = " + std::to_string(spec.seed) +
                          "\nstart_year = " + std::to_string(spec.start_year) +
                          "\n\n[budget]\nchange_early = " + std::to_string(spec.budget_change) +
                          "\nchange_late = -0.038\n\n[mutuals]\ngovernance = \"employee_led\"\n";
  p.command_line = "quasim run " + p.scenario_path + " -o results/" + spec.name + ".h5";
  p.overrides = "";
  p.seed = spec.seed;
  p.replicates = spec.replicates;
  p.years = spec.years;
  p.start_year = spec.start_year;
  for (int c = 0; c < spec.commissioners; ++c)
    p.commissioner_names.push_back("area_" + std::to_string(c + 1));
  const char* domains[] = {"social_care", "health",    "housing", "employment",
                           "justice",     "education", "youth",   "welfare"};
  for (int d = 0; d < spec.domains; ++d)
    p.domain_names.push_back(d < 8 ? domains[d] : "domain_" + std::to_string(d + 1));
  const char* groups[] = {"easier", "typical", "hardest", "complex"};
  for (int g = 0; g < spec.groups; ++g)
    p.difficulty_groups.push_back(g < 4 ? groups[g] : "group_" + std::to_string(g + 1));
  return p;
}

}  // namespace quasim::test
