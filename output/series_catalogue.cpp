// output/series_catalogue.cpp — the one table of output series. Names are a user contract
// (scripts and notebooks read them): add rows freely, never rename or remove one.
#include "output/series_catalogue.hpp"

#include <array>

namespace quasim {
namespace {

using R = YearRecord;

constexpr SeriesSpec national(std::string_view name, std::string_view units,
                              std::string_view description, double R::*field) {
  return {name, SeriesAxis::None, units, description, field, nullptr, nullptr};
}
constexpr SeriesSpec by_type(std::string_view name, std::string_view units,
                             std::string_view description, TypeArray R::*field) {
  return {name, SeriesAxis::ProviderType, units, description, nullptr, field, nullptr};
}
constexpr SeriesSpec by_commissioner(std::string_view name, std::string_view units,
                                     std::string_view description, std::vector<double> R::*field) {
  return {name, SeriesAxis::Commissioner, units, description, nullptr, nullptr, field};
}
constexpr SeriesSpec by_domain(std::string_view name, std::string_view units,
                               std::string_view description, std::vector<double> R::*field) {
  return {name, SeriesAxis::Domain, units, description, nullptr, nullptr, field};
}

constexpr SeriesSpec by_group(std::string_view name, std::string_view units,
                              std::string_view description, std::vector<double> R::*field) {
  return {name, SeriesAxis::DifficultyGroup, units, description, nullptr, nullptr, field};
}

constexpr SeriesSpec by_age_band(std::string_view name, std::string_view units,
                                 std::string_view description, std::vector<double> R::*field) {
  return {name, SeriesAxis::AgeBand, units, description, nullptr, nullptr, field, 4};
}
constexpr SeriesSpec by_agency(std::string_view name, std::string_view units,
                               std::string_view description, std::vector<double> R::*field) {
  return {name, SeriesAxis::Agency, units, description, nullptr, nullptr, field, 4};
}

/// A row added in result-file format 4 (issue 18: outcomes, trust, agencies): files written
/// before it lack the series, and the readers treat it as absent there.
constexpr SeriesSpec format4(SeriesSpec s) {
  s.since_format = 4;
  return s;
}

/// A row added in result-file format 3 (waiting lists and difficulty groups): files written
/// before it lack the series, and the readers treat it as absent there.
constexpr SeriesSpec format3(SeriesSpec s) {
  s.since_format = 3;
  return s;
}

// Units are written for people, not for a units library: "GBP million", "share (0-1)".
constexpr std::string_view kGbpM = "GBP million";
constexpr std::string_view kShare = "share (0-1)";
constexpr std::string_view kIndex = "index (0-1)";
constexpr std::string_view kCount = "count";
constexpr std::string_view kPersons = "persons";
constexpr std::string_view kPersonsYr = "persons per year";
constexpr std::string_view kWeeks = "weeks";

const std::array kCatalogue = {
    // The headline series first: `quasim info`, plots and reports show them in this order.
    national("spending_total", kGbpM,
             "Money spent by all commissioners in the year: services, back office, transaction "
             "costs and the change fund.",
             &R::spending_total),
    national("funding_gap", kGbpM,
             "Cost of meeting all assessed need minus the money available to meet it.",
             &R::funding_gap),
    national("unmet_need", kShare,
             "Share of need (need units) that no service met this year, among the need brought "
             "forward: disengaged people's low needs are not counted (see hidden_need).",
             &R::unmet_need),
    national("outcome_mean", kIndex,
             "Average citizen outcome index, where 1 is every need fully resolved.",
             &R::outcome_mean),
    national("outcome_inequality", "Gini coefficient (0-1)",
             "Inequality of the outcome index across citizens (0 means everyone fares the same).",
             &R::outcome_inequality),
    national("satisfaction_mean", kIndex, "Average citizen satisfaction with the services used.",
             &R::satisfaction_mean),
    national("trust_mean", kIndex, "Average citizen trust in public services.", &R::trust_mean),
    national("providers_active", kCount,
             "External providers holding or seeking contracts (in-house units not counted).",
             &R::providers_active),
    national("provider_entries", kCount, "Providers that entered the market this year.",
             &R::provider_entries),
    national("provider_exits", kCount,
             "Providers that left the market voluntarily this year (failures not counted).",
             &R::provider_exits),
    national("provider_failures", kCount, "Providers that became insolvent this year.",
             &R::provider_failures),
    national("hhi", "index (0-10000)",
             "Herfindahl-Hirschman concentration of external providers' spending shares; above "
             "2500 is usually called highly concentrated.",
             &R::hhi),
    national(
        "bids_per_tender", "bids per tender",
        "Average number of bids received per tender held this year; NaN in a year with no tender.",
        &R::bids_per_tender),
    national("contract_price_index", "ratio (1 = in-house cost before competition)",
             "Average winning contract price relative to what the in-house service cost before "
             "it was first put out to tender.",
             &R::contract_price_index),
    national("tender_savings", "share",
             "Average saving of this year's winning prices against what each service cost just "
             "before its tender (negative: prices rose); NaN in a year with no tender.",
             &R::tender_savings),
    national("distress_payments", kGbpM,
             "Extra payments commissioners made to keep contractors on the brink of failure "
             "going (outsourcing.distress_relief).",
             &R::distress_payments),
    national("emergency_funding", kGbpM,
             "Money the centre paid commissioners whose budgets could not cover their statutory "
             "services (centre.emergency_funding), from the national pot.",
             &R::emergency_funding),
    national("provider_switches", "persons",
             "People who moved to another provider this year under personal budgets (choice "
             "domains only), after receiving worse service than they expected.",
             &R::provider_switches),
    national("transaction_costs", kGbpM,
             "Cost of running markets: tendering, bidding, mobilisation, monitoring and "
             "partnership decisions.",
             &R::transaction_costs),
    national("shared_service_savings", kGbpM,
             "Back-office savings from shared services, net of transition and decision costs.",
             &R::shared_service_savings),
    national("pbr_payments", kGbpM,
             "Payments made to providers under payment-by-results terms, contingent on outcomes.",
             &R::pbr_payments),
    national("value_for_money", "need-level-years averted per GBP million",
             "Need averted by service against no service (need_averted: the need levels the "
             "people served would have had a year on, by natural resolution and escalation, less "
             "those they ended at) per GBP million of all spending (spending_total); 0 when "
             "nothing is served. Redefined in format 4: before, outcome points per GBP 1000 per "
             "citizen, which rose with cuts.",
             &R::value_for_money),
    // The rest of the national record, in YearRecord order.
    national("funding_gap_share", kShare,
             "Funding gap as a share of the cost of meeting all assessed need.",
             &R::funding_gap_share),
    national("disengaged_share", kShare,
             "Share of citizens who have stopped using public service channels.",
             &R::disengaged_share),
    national("population", "persons", "Number of people living in all commissioners' areas.",
             &R::population),
    national("share_65plus", kShare, "Share of the population aged 65 or over.", &R::share_65plus),
    national("tenders", kCount, "Tenders held by all commissioners this year.", &R::tenders),
    national("quality_gap", "quality points (0-1 scale)",
             "How much better the best bidder's true quality was than the winner's, averaged over "
             "tenders: the price of choosing on observed rather than true quality.",
             &R::quality_gap),
    national("collaboration_decision_costs", kGbpM,
             "Cost of joint decision-making in shared-service partnerships.",
             &R::collaboration_decision_costs),
    national("outsourced_share", kShare,
             "Share of service spending paid to external providers rather than in-house units.",
             &R::outsourced_share),
    national("mutuals_active", kCount, "Public-service mutuals trading at the end of the year.",
             &R::mutuals_active),
    national("mutuals_created", kCount,
             "Mutuals spun out of in-house services since the start of the run (cumulative).",
             &R::mutuals_created),
    national("spinout_survival", kShare,
             "Mutuals still trading as a share of all ever created (1 when none has been created).",
             &R::spinout_survival),
    national("support_fund_spent", kGbpM,
             "Investment-readiness support paid to mutuals since the start of the run "
             "(cumulative).",
             &R::support_fund_spent),
    national("contract_terminations", kCount,
             "Contracts ended early this year because observed quality fell too low.",
             &R::contract_terminations),
    national("contracts_ended_by_centre", kCount,
             "Contracts the centre ended early this year, whatever their remaining term "
             "(domain.*.end_contracts_year); each went back to make-or-buy.",
             &R::contracts_ended_by_centre),
    national("insourcing_events", kCount,
             "Contracted services brought back in-house this year by a make-or-buy decision at a "
             "contract end (not failures, not terminations).",
             &R::insourcing_events),
    national("make_or_buy_market", kCount,
             "Lot decisions at contract ends this year that put the service to market (the mandate "
             "or the commissioner's own comparison).",
             &R::make_or_buy_market),
    national("make_or_buy_in_house", kCount,
             "Lot decisions at contract ends this year that kept the service in-house or brought "
             "it back.",
             &R::make_or_buy_in_house),
    national("make_or_buy_mandate", kCount,
             "Lot decisions sent to market by the centre's push (the domain.*.tender_share draw) "
             "or a spin-out's ended protection.",
             &R::make_or_buy_mandate),
    national("make_or_buy_market_value", kCount,
             "Lot decisions sent to market because the commissioner expected better value from it "
             "than from its in-house unit (decide mode).",
             &R::make_or_buy_market_value),
    national("make_or_buy_in_house_value", kCount,
             "Lot decisions kept in-house because the in-house unit was expected to be better "
             "value (decide mode).",
             &R::make_or_buy_in_house_value),
    national("make_or_buy_thin_market", kCount,
             "Lot decisions kept in-house because too few capable bidders were left or the "
             "thin-market premium tipped the comparison (decide mode).",
             &R::make_or_buy_thin_market),
    national("make_or_buy_poor_record", kCount,
             "Lot decisions kept in-house because contractors' failures or poor observed quality "
             "tipped the comparison (decide mode).",
             &R::make_or_buy_poor_record),
    national("make_or_buy_not_mandated", kCount,
             "Lot decisions kept in-house because the mandate draw did not send them to market "
             "(draw mode).",
             &R::make_or_buy_not_mandated),
    national("change_fund_spent", kGbpM,
             "Money from the ring-fenced change fund spent on prevention this year.",
             &R::change_fund_spent),
    national("capability_mean", kIndex,
             "Commissioners' intelligent-customer capability at the end of the year, mean over "
             "commissioners: how well they judge quality and manage contracts.",
             &R::capability_mean),
    national("step_ins_novation", kCount,
             "Services of failed providers taken over this year by the runner-up or another "
             "provider already delivering in the area or domain (novation).",
             &R::step_ins_novation),
    national("step_ins_direct_award", kCount,
             "Services of failed providers given this year to another provider by emergency "
             "direct award.",
             &R::step_ins_direct_award),
    national("step_ins_in_house", kCount,
             "Services of failed providers taken back by the commissioner's in-house unit this "
             "year.",
             &R::step_ins_in_house),
    national("in_house_units_closed", kCount,
             "In-house units closed this year after their service had been outsourced for "
             "last_resort.closure_years years (their expertise gone).",
             &R::in_house_units_closed),
    national("in_house_units_rebuilt", kCount,
             "Closed in-house units rebuilt this year to take a service back (at a cost and "
             "with extra disruption).",
             &R::in_house_units_rebuilt),
    national("detection_rate", kShare,
             "Of the contracts under watch whose delivered quality was truly below the "
             "termination bar, the share terminated this year: the chance that monitoring "
             "catches poor performance (NaN when none was poor).",
             &R::detection_rate),
    national("capacity_total", "capacity units/yr (persons)",
             "Delivery capacity of all live providers at the year end: persons a year they can "
             "serve at need level 1 and difficulty cost 1 (in-house units included, external "
             "providers' staff still in their other business not).",
             &R::capacity_total),
    national("capacity_hired", "capacity units/yr (persons)",
             "Capacity hired this year by all providers; it delivers after capacity.hiring_lag "
             "years (staff moved by TUPE or redeployed from other business not counted).",
             &R::capacity_hired),
    national("capacity_leavers", "capacity units/yr (persons)",
             "Capacity lost this year by all providers: staff who left (base turnover, low "
             "engagement, pay restraint) and redundancies above target.",
             &R::capacity_leavers),
    national("engagement_mean", kIndex,
             "Mean staff engagement of the providers delivering a service at the year end: "
             "in-house units and contractors alike (NaN when none).",
             &R::engagement_mean),
    national("engagement_in_house", kIndex,
             "Mean staff engagement of the in-house units delivering their service at the year "
             "end (NaN when none).",
             &R::engagement_in_house),
    // Failure that spreads (issue 17): parent backing, failures' reach and cost, supply chains.
    national("parent_support", kGbpM,
             "Money parent groups injected this year to keep their providers solvent, from their "
             "finite backing (provider.*.parent_backing).",
             &R::parent_support),
    national("failure_contracts", kCount,
             "Services that lost their main provider or a framework place to a provider failure "
             "this year (subcontractors' failures count only for services they held).",
             &R::failure_contracts),
    national("contracts_per_failure", kCount,
             "Services touched per provider failure this year: failure_contracts over "
             "provider_failures (NaN when no provider failed).",
             &R::contracts_per_failure),
    national("failure_areas", kCount,
             "Commissioners with at least one service touched by a provider failure this year.",
             &R::failure_areas),
    national("failure_cost", kGbpM,
             "What this year's failures cost the public purse: step-in one-off costs, in-house "
             "transitions and rebuilds, the replacement's extra price over the failed contract for "
             "the years it runs (counted now, not when paid), and distress relief paid.",
             &R::failure_cost),
    national("subcontracted_share", kShare,
             "Share of the value of main contracts paid this year that subcontractors delivered.",
             &R::subcontracted_share),
    // Waiting lists and difficulty (result-file format 3). Persons are agents x agent weight.
    format3(national("waiting_list", kPersons,
                     "People on a waiting list at the end of the year, all domains (a person "
                     "waiting in two domains counts twice).",
                     &R::waiting_list)),
    format3(national("waiting_time_mean", kWeeks,
                     "Mean wait of the people whose service began this year (completed waits): "
                     "years spent on the list x 52 plus that year's congestion wait.",
                     &R::waiting_time_mean)),
    format3(national("waiting_time_p90", kWeeks,
                     "90th percentile of the same completed waits: the wait that one in ten "
                     "people served this year exceeded.",
                     &R::waiting_time_p90)),
    format3(national("capacity_utilisation", kShare,
                     "Capacity used over capacity available, over all services that have any "
                     "capacity (1 means every service worked at its limit).",
                     &R::capacity_utilisation)),
    format3(national("list_exits_resolved", kPersonsYr,
                     "People who left a waiting list this year because their need resolved on its "
                     "own before they were served.",
                     &R::list_exits_resolved)),
    format3(national("list_exits_escalated", kPersonsYr,
                     "People who left a waiting list this year because their need rose to a "
                     "higher level while they waited (they queue again at the new level).",
                     &R::list_exits_escalated)),
    format3(national("list_exits_died", kPersonsYr,
                     "People who died this year while on a waiting list.", &R::list_exits_died)),
    format3(national("list_exits_gave_up", kPersonsYr,
                     "People who gave up waiting this year and left the list with their need "
                     "unmet.",
                     &R::list_exits_gave_up)),
    format3(national("list_exits_ineligible", kPersonsYr,
                     "People taken off a waiting list this year because the money no longer "
                     "reached their need level (the eligibility threshold rose).",
                     &R::list_exits_ineligible)),
    format3(national("resolution_rate", kShare,
                     "Share of the people served this year whose need fell a level (in "
                     "employment support, a job outcome per person served).",
                     &R::resolution_rate)),
    format3(national("difficulty_service_gap", kShare,
                     "Share of need served in the easiest difficulty group minus that share in "
                     "the hardest (positive: the hardest to help are served less; creaming and "
                     "parking).",
                     &R::difficulty_service_gap)),

    national("bids_declined", kCount,
             "External providers able to bid for a tender this year (eligible, with the capacity) "
             "that did not: the expected profit did not pay for the bid, the risk was more than "
             "they could carry, the price they would need was above the ceiling, or their bid "
             "team was busy.",
             &R::bids_declined),
    national("risk_premium_mean", kShare,
             "Mean risk premium priced into external bids this year, share of the bidder's cost "
             "(PbR and volume risk against its reserves and parent backing; NaN if no bid).",
             &R::risk_premium_mean),
    national("winners_curse", kShare,
             "Mean over awards this year to a new external provider of its true cost over the "
             "cost it estimated when bidding, minus 1 (positive: winners underestimated; NaN if "
             "no such award).",
             &R::winners_curse),
    national("abnormal_bids_rejected", kCount,
             "External bids rejected this year as abnormally low: priced more than "
             "bidding.abnormal_gap / capability below what the lead commissioner's in-house unit "
             "costs without slack (weak buyers scrutinise less).",
             &R::abnormal_bids_rejected),
    format4(national("partnership_decisions_delayed", kCount,
                     "Shared-service partnerships still deciding this year: paying the project's "
                     "run rate (decision costs) and saving nothing.",
                     &R::partnership_decisions_delayed)),
    format4(national("partners_migrated", kCount,
                     "Commissioners whose back office runs in a shared service this year (members "
                     "that chose not to migrate keep their own).",
                     &R::partners_migrated)),
    format4(national("partnership_dissolutions", kCount,
                     "Shared-service partnerships dissolved since the start of the run "
                     "(cumulative): fewer than two members remained.",
                     &R::partnership_dissolutions)),
    format4(national("partnerships_blocked", kCount,
                     "Shared-service partnerships whose joint decision was abandoned since the "
                     "start of the run (cumulative): risk appetites too far apart.",
                     &R::partnerships_blocked)),
    format4(national("spinout_applications", kCount,
                     "In-house teams that applied to spin out as mutuals since the start of the "
                     "run (cumulative).",
                     &R::spinout_applications)),
    format4(national("spinouts_in_pipeline", kCount,
                     "Teams in the spin-out pipeline at the end of the year (building a business "
                     "case or stalled).",
                     &R::spinouts_in_pipeline)),
    format4(national("spinouts_stalled", kCount,
                     "Teams in the pipeline that made no progress this year (no support, or a "
                     "business case not yet viable).",
                     &R::spinouts_stalled)),
    format4(national("spinouts_abandoned", kCount,
                     "Teams that gave up spinning out since the start of the run (cumulative): "
                     "stalled too long, a business case showing a loss, or the service gone.",
                     &R::spinouts_abandoned)),
    format4(national("spinouts_supported", kCount,
                     "Teams the support fund helped towards investment readiness since the start "
                     "of the run (cumulative).",
                     &R::spinouts_supported)),
    format4(national("spinouts_supported_live", kCount,
                     "Teams helped by the support fund that went live as mutuals (cumulative).",
                     &R::spinouts_supported_live)),

    format4(national("cross_agency_spillover", kGbpM,
                     "Demand cost averted in one agency's domains by another agency's money this "
                     "year: onsets the value map averted (this year's onsets x (exp(R) - 1), "
                     "signed: negative where a service raises demand) and the councils' change-"
                     "fund prevention in departments' domains, each valued as one need-unit-year "
                     "at this year's unit price.",
                     &R::cross_agency_spillover)),
    format4(national("prevention_onsets_averted", "persons/yr",
                     "Need onsets the change fund's prevention averted this year (money spent "
                     "prevention_lag years before, with diminishing returns): this year's onsets "
                     "x (1 / prevention multiplier - 1).",
                     &R::prevention_onsets_averted)),
    format4(national("outcome_need_mean", kIndex,
                     "Average outcome index over the people who had a need at some time in the "
                     "year (unmet or waiting need and lasting harm lower it, resolution raises "
                     "it); NaN if nobody had one.",
                     &R::outcome_need_mean)),
    format4(national("outcome_need_inequality", "Gini coefficient (0-1)",
                     "Inequality of the outcome index across the people who had a need this "
                     "year.",
                     &R::outcome_need_inequality)),
    format4(national("harm_mean", kIndex,
                     "Average lasting harm (0-1) across citizens: it rises in a year a level-3 "
                     "need goes unserved (refused or waiting) and fades slowly (`[outcomes]`).",
                     &R::harm_mean)),
    format4(national("excess_deaths", kPersonsYr,
                     "Deaths this year that lasting harm added: people who died but would have "
                     "lived at their age's mortality without it.",
                     &R::excess_deaths)),
    format4(national("hidden_need", kShare,
                     "Share of need units held by people who did not come forward (disengaged "
                     "from public channels): counted neither as demand nor as unmet need.",
                     &R::hidden_need)),
    format4(national("need_averted", "need-level-years",
                     "Need averted by service this year against no service: the need levels the "
                     "people served would have had a year on unserved (natural resolution and "
                     "escalation) less those they ended the year at, persons represented.",
                     &R::need_averted)),
    by_type("market_share", kShare,
            "Share of all service spending paid to each type of provider (in-house included).",
            &R::type_market_share),
    by_type("providers_active", kCount, "Providers of each type active at the end of the year.",
            &R::type_providers_active),
    by_type("failures", kCount, "Providers of each type that became insolvent this year.",
            &R::type_failures),
    by_type("quality_mean", "quality (0-1)",
            "Quality citizens received from each type (after any quality shading), weighted by "
            "units of service.",
            &R::type_quality_mean),
    by_type("unit_cost_mean", "multiple of efficient in-house unit cost",
            "Cost per unit of service of each type, relative to an efficient in-house unit, "
            "weighted by units of service.",
            &R::type_unit_cost_mean),
    by_type("bids", kCount, "Bids submitted this year by each type of provider.", &R::type_bids),
    by_type("engagement", kIndex,
            "Mean staff engagement of the live providers of each type delivering a service at "
            "the year end (NaN where none).",
            &R::type_engagement),
    by_type("subcontracted_share", kShare,
            "Share of the value of main contracts paid this year delivered by subcontractors of "
            "each type.",
            &R::type_subcontracted_share),

    by_commissioner("budget", kGbpM, "Each commissioner's whole budget this year.",
                    &R::comm_budget),
    by_commissioner("spending", kGbpM,
                    "Money each commissioner spent this year: services, back office, transaction "
                    "costs and change fund.",
                    &R::comm_spending),
    by_commissioner("funding_gap", kGbpM,
                    "Cost of meeting all assessed need in each area minus the money left for "
                    "services after back office, transaction costs and the change fund.",
                    &R::comm_funding_gap),
    by_commissioner("in_house_share", kShare,
                    "Share of each commissioner's service spending that went to its own "
                    "in-house units.",
                    &R::comm_in_house_share),
    by_commissioner("unmet_need", kShare, "Share of need in each area that no service met.",
                    &R::comm_unmet_need),
    by_commissioner("outcome_mean", kIndex, "Average outcome index of the citizens in each area.",
                    &R::comm_outcome_mean),
    by_commissioner("capability", kIndex,
                    "Each commissioner's intelligent-customer capability at the end of the year "
                    "(0-1): it erodes as services are outsourced and is rebuilt by monitoring.",
                    &R::comm_capability),
    by_commissioner("insourcing_events", kCount,
                    "Contracted services each commissioner brought back in-house this year by a "
                    "make-or-buy decision at a contract end.",
                    &R::comm_insourcing_events),
    by_commissioner("emergency_funding", kGbpM,
                    "The centre's emergency funding to each commissioner for statutory services "
                    "its budget could not cover (centre.emergency_funding).",
                    &R::comm_emergency_funding),
    format3(by_commissioner("waiting_list", kPersons,
                            "People on each commissioner's waiting lists at the end of the year, "
                            "all domains.",
                            &R::comm_waiting_list)),
    format3(by_commissioner("waiting_time_mean", kWeeks,
                            "Mean completed wait of the people whose service began this year in "
                            "each area (years on the list x 52 plus the congestion wait).",
                            &R::comm_waiting_time_mean)),
    format3(by_commissioner("waiting_time_p90", kWeeks,
                            "90th percentile of the completed waits in each area.",
                            &R::comm_waiting_time_p90)),
    format3(by_commissioner("capacity_utilisation", kShare,
                            "Capacity used over capacity available in each area's services.",
                            &R::comm_capacity_utilisation)),

    format4(by_commissioner("hidden_need", kShare,
                            "Share of need units in each area held by people who did not come "
                            "forward (disengaged): neither demand nor unmet need.",
                            &R::comm_hidden_need)),

    by_domain("spending", kGbpM, "Money spent on each service domain by all commissioners.",
              &R::dom_spending),
    by_domain("unmet_need", kShare, "Share of need in each service domain that no service met.",
              &R::dom_unmet_need),
    by_domain("outcome_mean", kIndex,
              "Outcome in each service domain: one minus the population's average need level "
              "there on a 0-1 scale (1 means nobody has a need in it).",
              &R::dom_outcome_mean),
    by_domain("demand", "need units",
              "Need arising in each service domain: people in need weighted by need level.",
              &R::dom_demand),
    format3(by_domain("waiting_list", kPersons,
                      "People on a waiting list for each service domain at the end of the year.",
                      &R::dom_waiting_list)),
    format3(by_domain("waiting_time_mean", kWeeks,
                      "Mean completed wait of the people whose service in each domain began this "
                      "year (years on the list x 52 plus the congestion wait).",
                      &R::dom_waiting_time_mean)),
    format3(by_domain("waiting_time_p90", kWeeks,
                      "90th percentile of the completed waits in each domain.",
                      &R::dom_waiting_time_p90)),
    format3(by_domain("capacity_utilisation", kShare,
                      "Capacity used over capacity available in each domain's services.",
                      &R::dom_capacity_utilisation)),

    format3(by_group("people", kPersons,
                     "People in each difficulty group (how hard they are to help, "
                     "`[difficulty]`), alive at the end of the year.",
                     &R::grp_people)),
    format3(by_group("service_received", kShare,
                     "Share of each group's need (need units) that a service met this year.",
                     &R::grp_service_received)),
    format3(by_group("unmet_need", kShare,
                     "Share of each group's need (need units) that no service met this year.",
                     &R::grp_unmet_need)),
    format3(by_group("waiting_list", kPersons,
                     "People of each group on a waiting list at the end of the year, all domains.",
                     &R::grp_waiting_list)),
    format3(by_group("waiting_time_mean", kWeeks,
                     "Mean completed wait of the people of each group whose service began this "
                     "year.",
                     &R::grp_waiting_time_mean)),
    format3(by_group("outcome_mean", kIndex, "Average outcome index of the people in each group.",
                     &R::grp_outcome_mean)),
    format3(by_group("resolution_rate", kShare,
                     "Of the people of each group served this year, the share whose need fell a "
                     "level.",
                     &R::grp_resolution_rate)),
    format4(by_group("outcome_need_mean", kIndex,
                     "Average outcome index of the people of each group who had a need this "
                     "year (NaN where none had).",
                     &R::grp_outcome_need_mean)),
    by_age_band("people", kPersons, "People in each age band (persons represented).",
                &R::age_people),
    format4(
        by_age_band("outcome_mean", kIndex,
                    "Average outcome index of the people in each age band (NaN for an empty band).",
                    &R::age_outcome_mean)),
    format4(by_age_band("outcome_need_mean", kIndex,
                        "Average outcome index of the people in each age band who had a need "
                        "this year (NaN where none had).",
                        &R::age_outcome_need_mean)),
    format4(by_age_band("unmet_need", kShare,
                        "Share of each age band's need (need units, those who came forward) "
                        "that no service met this year.",
                        &R::age_unmet_need)),
    format4(
        by_age_band("satisfaction_mean", kIndex,
                    "Average satisfaction of the people in each age band (NaN for an empty band).",
                    &R::age_satisfaction_mean)),
    format4(by_age_band(
        "trust_mean", kIndex,
        "Average trust in public services of the people in each age band (NaN for an empty "
        "band).",
        &R::age_trust_mean)),
    by_agency("spending", kGbpM,
              "Money spent this year on each agency's domains (pooled money included), and by "
              "the councils on back office, transaction costs and any change fund (councils "
              "summed over areas).",
              &R::agency_spending),
    by_agency("budget", kGbpM,
              "Each agency's money this year: the councils' budgets summed over areas; a "
              "department's national budget.",
              &R::agency_budget),
    by_agency("pooled_contribution", kGbpM,
              "Money each agency put in the areas' pooled budgets this year and the pool spent "
              "(who pays): its contribution less its pro-rata part of what the pool could not "
              "spend.",
              &R::agency_pooled_contribution),
    by_agency("spillover_savings", kGbpM,
              "Demand cost averted in the agency's domains by the service of other agencies' "
              "domains (who gains), valued as for cross_agency_spillover.",
              &R::agency_spillover_savings),
    by_agency("spillover_generated", kGbpM,
              "Demand cost the service of the agency's domains averted in other agencies' "
              "domains, valued as for cross_agency_spillover.",
              &R::agency_spillover_generated),
};

}  // namespace

std::span<const SeriesSpec> series_catalogue() {
  return kCatalogue;
}

std::string_view group_name(SeriesAxis axis) {
  switch (axis) {
    case SeriesAxis::None:
      return "series";
    case SeriesAxis::ProviderType:
      return "by_provider_type";
    case SeriesAxis::Commissioner:
      return "by_commissioner";
    case SeriesAxis::Domain:
      return "by_domain";
    case SeriesAxis::DifficultyGroup:
      return "by_difficulty_group";
    case SeriesAxis::AgeBand:
      return "by_age_band";
    case SeriesAxis::Agency:
      return "by_agency";
  }
  return "series";
}

std::string_view axis_name(SeriesAxis axis) {
  switch (axis) {
    case SeriesAxis::None:
      return "";
    case SeriesAxis::ProviderType:
      return "provider_type";
    case SeriesAxis::Commissioner:
      return "commissioner";
    case SeriesAxis::Domain:
      return "domain";
    case SeriesAxis::DifficultyGroup:
      return "difficulty_group";
    case SeriesAxis::AgeBand:
      return "age_band";
    case SeriesAxis::Agency:
      return "agency";
  }
  return "";
}

double series_value(const SeriesSpec& s, const YearRecord& r, int k) {
  switch (s.axis) {
    case SeriesAxis::None:
      return r.*s.scalar;
    case SeriesAxis::ProviderType:
      return (r.*s.by_type)[static_cast<std::size_t>(k)];
    case SeriesAxis::Commissioner:
    case SeriesAxis::Domain:
    case SeriesAxis::DifficultyGroup:
    case SeriesAxis::AgeBand:
    case SeriesAxis::Agency:
      return (r.*s.by_entity)[static_cast<std::size_t>(k)];
  }
  return 0.0;
}

}  // namespace quasim
