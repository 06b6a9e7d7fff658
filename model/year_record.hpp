// model/year_record.hpp — the plain numbers the engine reports for one simulated year.
// What each field means, and its units, is declared once in output/series_catalogue.cpp.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "model/parameters.hpp"

namespace quasim {

using TypeArray = std::array<double, kProviderTypes>;

/// One year of one replicate. Vectors are sized by commissioner or domain count.
struct YearRecord {
  // national series
  double spending_total = 0;      ///< GBP m: service spending by all commissioners
  double funding_gap = 0;         ///< GBP m: cost of meeting all need minus money available
  double funding_gap_share = 0;   ///< share of the cost of meeting all need
  double unmet_need = 0;          ///< share of need units not served
  double outcome_mean = 0;        ///< 0-1 outcome index, population mean
  double outcome_inequality = 0;  ///< Gini of the outcome index
  double satisfaction_mean = 0;   ///< 0-1
  double trust_mean = 0;          ///< 0-1
  double disengaged_share = 0;    ///< share of citizens who no longer use public channels
  double population = 0;          ///< persons
  double share_65plus = 0;        ///< share of persons aged 65+
  double providers_active = 0;    ///< count, excluding in-house units
  double provider_entries = 0;
  double provider_exits = 0;     ///< voluntary exits
  double provider_failures = 0;  ///< insolvencies
  double hhi = 0;                ///< 0-10000 over external providers' spending shares
  double bids_per_tender = 0;    ///< mean bids per tender held this year (NaN if none)
  double tenders = 0;            ///< tenders held this year
  double contract_price_index =
      0;  ///< mean winning price / pre-competition in-house cost (NaN if no tender)
  double tender_savings = 0;     ///< mean 1 - winning price / the service's price before the tender
  double quality_gap = 0;        ///< mean (best bidder's true quality - winner's) in tenders
  double transaction_costs = 0;  ///< GBP m: tendering, bidding, mobilisation, monitoring, decisions
  double shared_service_savings =
      0;  ///< GBP m: back-office savings net of transition/decision costs
  double collaboration_decision_costs = 0;  ///< GBP m
  double pbr_payments = 0;                  ///< GBP m: outcome-contingent payments made
  double value_for_money = 0;               ///< need-level-years averted by service per GBP m spent
  double outsourced_share = 0;  ///< share of service spending paid to external providers
  double mutuals_active = 0;
  double mutuals_created = 0;     ///< cumulative spin-outs
  double spinout_survival = 0;    ///< mutuals alive / ever created (1 when none created)
  double support_fund_spent = 0;  ///< GBP m cumulative
  double contract_terminations = 0;
  double contracts_ended_by_centre = 0;  ///< contracts ended early by domain.*.end_contracts_year
  double change_fund_spent = 0;          ///< GBP m
  double distress_payments = 0;          ///< GBP m paid to keep failing contractors afloat
  double provider_switches = 0;          ///< persons who changed provider under personal budgets
  double capability_mean = 0;         ///< 0-1 commissioners' intelligent-customer capability, mean
  double step_ins_novation = 0;       ///< failed services novated to another live provider
  double step_ins_direct_award = 0;   ///< failed services given by emergency direct award
  double step_ins_in_house = 0;       ///< failed services taken back in-house
  double in_house_units_closed = 0;   ///< in-house units closed this year (expertise gone)
  double in_house_units_rebuilt = 0;  ///< closed in-house units rebuilt this year
  double detection_rate = 0;  ///< share of truly poor contracts under watch terminated (NaN none)
  // outcomes over people with need, lasting harm, hidden need (sim/record_outcomes.cpp)
  double outcome_need_mean = 0;        ///< 0-1 outcome index, mean over people with a need
  double outcome_need_inequality = 0;  ///< Gini of the outcome index over people with a need
  double harm_mean = 0;                ///< 0-1 lasting harm, population mean
  double excess_deaths = 0;            ///< persons/yr: deaths lasting harm added
  double hidden_need = 0;              ///< share of need units held by people not coming forward
  double need_averted = 0;             ///< need-level-years averted by service against none
  // make-or-buy at contract ends (counts; agents/make_or_buy.cpp)
  double insourcing_events = 0;
  double make_or_buy_market = 0;
  double make_or_buy_in_house = 0;
  double make_or_buy_mandate = 0;
  double make_or_buy_market_value = 0;
  double make_or_buy_in_house_value = 0;
  double make_or_buy_thin_market = 0;
  double make_or_buy_poor_record = 0;
  double make_or_buy_not_mandated = 0;
  double emergency_funding = 0;  ///< GBP m: the centre's emergency funding for statutory services
  // waiting lists (agents/waiting_list.cpp)
  double waiting_list = 0;            ///< persons on a waiting list at the year end, all domains
  double waiting_time_mean = 0;       ///< weeks waited by those whose service began this year
  double waiting_time_p90 = 0;        ///< weeks: 90th percentile of the same
  double capacity_utilisation = 0;    ///< capacity used / capacity, services with any capacity
  double list_exits_resolved = 0;     ///< persons who left a list because their need resolved
  double list_exits_escalated = 0;    ///< persons who left a list because their need escalated
  double list_exits_died = 0;         ///< persons who died while on a list
  double list_exits_gave_up = 0;      ///< persons who gave up waiting
  double list_exits_ineligible = 0;   ///< persons taken off a list as the money no longer reached
                                      ///< their need level
  double difficulty_service_gap = 0;  ///< served share of need, easiest group minus hardest
  double resolution_rate = 0;         ///< share of persons served whose need fell a level

  // providers' delivery capacity (agents/capacity.cpp), capacity units/yr (persons)
  double capacity_total = 0;    ///< capacity of all live providers at the year end
  double capacity_hired = 0;    ///< hired this year (arriving after the hiring lag)
  double capacity_leavers = 0;  ///< left this year: leavers and redundancies

  // bidding (agents/bidding.cpp)
  double bids_declined = 0;      ///< eligible external providers that chose not to bid
  double risk_premium_mean = 0;  ///< mean premium, share of cost, over external bids (NaN none)
  double winners_curse = 0;      ///< mean true / estimated cost - 1, new external winners (NaN)
  double abnormal_bids_rejected = 0;  ///< external bids rejected as abnormally low
  // staff engagement (agents/engagement.cpp), 0-1, providers delivering a service
  double engagement_mean = 0;      ///< in-house units and contractors delivering (NaN none)
  double engagement_in_house = 0;  ///< in-house units delivering their service (NaN none)
  // failure that spreads (agents/parent_backing.cpp, agents/subcontracting.cpp)
  double parent_support = 0;     ///< GBP m injected by parent groups to keep providers solvent
  double failure_contracts = 0;  ///< services that lost a provider (main or framework) to failure
  double contracts_per_failure = 0;  ///< failure_contracts / provider_failures (NaN if none)
  double failure_areas = 0;          ///< commissioners with a service touched by a failure
  double failure_cost = 0;           ///< GBP m: what this year's failures cost the public purse
  double subcontracted_share = 0;    ///< share of main-contract value delivered by subcontractors
  // agencies and prevention (agents/agencies.cpp)
  double cross_agency_spillover = 0;     ///< GBP m: demand cost averted across agencies
  double prevention_onsets_averted = 0;  ///< persons/yr: onsets the change fund's prevention averts

  // partnerships and the spin-out pipeline (sim/record_collaboration.cpp)
  double partnership_decisions_delayed = 0;  ///< partnerships still deciding this year
  double partners_migrated = 0;  ///< commissioners whose back office runs in a shared service
  double partnership_dissolutions = 0;  ///< partnerships dissolved since the start (cumulative)
  double partnerships_blocked = 0;      ///< joint decisions abandoned since the start (cumulative)
  double spinout_applications = 0;      ///< teams that applied to spin out (cumulative)
  double spinouts_in_pipeline = 0;      ///< teams in the pipeline at the year end
  double spinouts_stalled = 0;          ///< teams that made no progress this year
  double spinouts_abandoned = 0;        ///< teams that gave up (cumulative)
  double spinouts_supported = 0;        ///< teams the support fund helped (cumulative)
  double spinouts_supported_live = 0;   ///< of those, teams that went live (cumulative)

  // by provider type
  TypeArray type_market_share{};
  TypeArray type_providers_active{};
  TypeArray type_failures{};
  TypeArray type_quality_mean{};    ///< delivered quality, spending-weighted
  TypeArray type_unit_cost_mean{};  ///< x efficient in-house cost, spending-weighted
  TypeArray type_bids{};            ///< bids submitted this year
  TypeArray type_engagement{};      ///< mean engagement of those delivering a service (NaN none)
  TypeArray type_subcontracted_share{};  ///< main-contract value delivered by subcontractors of
                                         ///< the type, share of all main-contract value

  // by commissioner
  std::vector<double> comm_budget, comm_spending, comm_funding_gap, comm_in_house_share,
      comm_unmet_need, comm_outcome_mean, comm_capability, comm_insourcing_events,
      comm_emergency_funding;
  // by domain
  std::vector<double> dom_spending, dom_unmet_need, dom_outcome_mean, dom_demand;
  // by commissioner and by domain: waiting lists
  std::vector<double> comm_waiting_list, comm_waiting_time_mean, comm_waiting_time_p90,
      comm_capacity_utilisation;
  std::vector<double> dom_waiting_list, dom_waiting_time_mean, dom_waiting_time_p90,
      dom_capacity_utilisation;
  // by difficulty group (`[difficulty]`)
  std::vector<double> grp_people, grp_service_received, grp_unmet_need, grp_waiting_list,
      grp_waiting_time_mean, grp_outcome_mean, grp_resolution_rate;
  // by age band (output/series_catalogue.hpp kAgeBandNames)
  std::vector<double> age_people;
  // by agency (`[agency.NAME]`: who pays; 0 the councils)
  std::vector<double> agency_spending;
  std::vector<double> agency_budget, agency_pooled_contribution, agency_spillover_savings,
      agency_spillover_generated;
  // outcomes, satisfaction and trust by age band; outcome over people with need by group;
  // hidden need by commissioner (sim/record_outcomes.cpp)
  std::vector<double> age_outcome_mean, age_outcome_need_mean, age_unmet_need,
      age_satisfaction_mean, age_trust_mean;
  std::vector<double> grp_outcome_need_mean;
  std::vector<double> comm_hidden_need;
};

/// Optional agent panels (output.provider_panel, output.citizen_sample).
struct ProviderPanelRow {
  int year;
  int provider_id;
  int type;
  double reserves, unit_cost, quality, engagement, turnover;
  int contracts;
  int alive;
};
struct CitizenPanelRow {
  int year;
  int citizen;
  int area;
  int age;
  double outcome, satisfaction, trust;
  std::uint16_t needs;  ///< 2 bits per domain
};

/// Everything one replicate produced.
struct ReplicateResult {
  int replicate = 0;
  std::vector<YearRecord> years;
  std::vector<ProviderPanelRow> provider_panel;
  std::vector<CitizenPanelRow> citizen_panel;
};

}  // namespace quasim
