// output/series_words.cpp — the plain words of every output series (see series_words.hpp).
// Labels are what a think-tank reader would call the thing; the catalogue's description is the
// one-line explanation. Direction: the way the public is better off, or Neither where it
// depends on what one wants (spending, market shapes, counts of decisions).
#include "output/series_words.hpp"

#include <array>

namespace quasim {
namespace {

constexpr Better H = Better::Higher;
constexpr Better L = Better::Lower;
constexpr Better N = Better::Neither;

constexpr std::array kWords = std::to_array<SeriesWords>({
    {"spending_total", "Total public spending", N},
    {"funding_gap", "Funding gap", L},
    {"unmet_need", "Unmet need", L},
    {"outcome_mean", "Citizens' outcomes", H},
    {"outcome_inequality", "Inequality of outcomes", L},
    {"satisfaction_mean", "Satisfaction with services", H},
    {"trust_mean", "Trust in public services", H},
    {"providers_active", "Providers in the market", N},
    {"provider_entries", "Providers entering", N},
    {"provider_exits", "Providers leaving", N},
    {"provider_failures", "Provider failures", L},
    {"hhi", "Market concentration", L},
    {"bids_per_tender", "Bids per tender", H},
    {"contract_price_index", "Contract prices", L},
    {"tender_savings", "Savings at tender", H},
    {"distress_payments", "Payments to struggling contractors", L},
    {"emergency_funding", "Emergency funding from the centre", L},
    {"provider_switches", "People switching provider", N},
    {"transaction_costs", "Cost of running markets", L},
    {"shared_service_savings", "Shared back-office savings", H},
    {"pbr_payments", "Payment-by-results payments", N},
    {"value_for_money", "Value for money", H},
    {"funding_gap_share", "Funding gap as a share of need", L},
    {"disengaged_share", "People who have given up on services", L},
    {"population", "Population", N},
    {"share_65plus", "People aged 65 or over", N},
    {"tenders", "Tenders held", N},
    {"quality_gap", "Quality lost by choosing the wrong bidder", L},
    {"collaboration_decision_costs", "Cost of joint decisions", L},
    {"outsourced_share", "Share of services outsourced", N},
    {"mutuals_active", "Mutuals trading", N},
    {"mutuals_created", "Mutuals created", N},
    {"spinout_survival", "Mutuals still trading", H},
    {"support_fund_spent", "Support paid to mutuals", N},
    {"contract_terminations", "Contracts ended for poor quality", N},
    {"contracts_ended_by_centre", "Contracts ended by the centre", N},
    {"insourcing_events", "Services brought back in-house", N},
    {"make_or_buy_market", "Decisions to go to market", N},
    {"make_or_buy_in_house", "Decisions to keep in-house", N},
    {"make_or_buy_mandate", "Sent to market by the centre", N},
    {"make_or_buy_market_value", "Sent to market for value", N},
    {"make_or_buy_in_house_value", "Kept in-house for value", N},
    {"make_or_buy_thin_market", "Kept in-house: too few bidders", N},
    {"make_or_buy_poor_record", "Kept in-house: contractors' poor record", N},
    {"make_or_buy_not_mandated", "Kept in-house: not sent by the centre", N},
    {"change_fund_spent", "Prevention spending from the change fund", N},
    {"capability_mean", "Commissioners' skill as buyers", H},
    {"step_ins_novation", "Failed services taken over by another provider", N},
    {"step_ins_direct_award", "Failed services given by emergency award", N},
    {"step_ins_in_house", "Failed services taken back in-house", N},
    {"in_house_units_closed", "In-house units closed", N},
    {"in_house_units_rebuilt", "In-house units rebuilt", N},
    {"detection_rate", "Poor performance caught", H},
    {"capacity_total", "Delivery capacity", N},
    {"capacity_hired", "Capacity hired", N},
    {"capacity_leavers", "Capacity lost to staff leaving", L},
    {"engagement_mean", "Staff engagement", H},
    {"engagement_in_house", "Staff engagement in-house", H},
    {"parent_support", "Support from parent companies", N},
    {"failure_contracts", "Services hit by provider failures", L},
    {"contracts_per_failure", "Services hit per failure", L},
    {"failure_areas", "Councils hit by provider failures", L},
    {"failure_cost", "Cost of failures to the public purse", L},
    {"subcontracted_share", "Share subcontracted", N},
    {"waiting_list", "People waiting", L},
    {"waiting_time_mean", "Average wait", L},
    {"waiting_time_p90", "Long waits (1 in 10 waited longer)", L},
    {"capacity_utilisation", "Capacity in use", N},
    {"list_exits_resolved", "Left the list: need resolved on its own", N},
    {"list_exits_escalated", "Left the list: need got worse", L},
    {"list_exits_died", "Died while waiting", L},
    {"list_exits_gave_up", "Gave up waiting", L},
    {"list_exits_ineligible", "Taken off the list: no longer eligible", L},
    {"resolution_rate", "Needs resolved by service", H},
    {"difficulty_service_gap", "Service gap for the hardest to help", L},
    {"bids_declined", "Providers that chose not to bid", N},
    {"risk_premium_mean", "Risk premium in bids", L},
    {"winners_curse", "Winners' cost overruns", L},
    {"abnormal_bids_rejected", "Abnormally low bids rejected", N},
    {"partnership_decisions_delayed", "Partnerships still deciding", N},
    {"partners_migrated", "Councils in a shared back office", N},
    {"partnership_dissolutions", "Partnerships dissolved", N},
    {"partnerships_blocked", "Partnerships abandoned", N},
    {"spinout_applications", "Teams applying to spin out", N},
    {"spinouts_in_pipeline", "Spin-outs in the pipeline", N},
    {"spinouts_stalled", "Spin-outs stalled", N},
    {"spinouts_abandoned", "Spin-outs abandoned", N},
    {"spinouts_supported", "Spin-outs given support", N},
    {"spinouts_supported_live", "Supported spin-outs that went live", N},
    {"cross_agency_spillover", "Savings to other agencies", H},
    {"prevention_onsets_averted", "Needs prevented", H},
    {"outcome_need_mean", "Outcomes of people in need", H},
    {"outcome_need_inequality", "Inequality among people in need", L},
    {"harm_mean", "Lasting harm", L},
    {"excess_deaths", "Deaths caused by unmet need", L},
    {"hidden_need", "Hidden need", L},
    {"need_averted", "Need averted by services", H},
    {"market_share", "Market share", N},
    {"failures", "Failures", L},
    {"quality_mean", "Quality of service", H},
    {"unit_cost_mean", "Cost per unit of service", L},
    {"bids", "Bids", N},
    {"engagement", "Staff engagement", H},
    {"budget", "Budget", N},
    {"spending", "Spending", N},
    {"in_house_share", "Share kept in-house", N},
    {"capability", "Skill as a buyer", H},
    {"demand", "Need arising", L},
    {"people", "People", N},
    {"service_received", "Need met by services", H},
    {"pooled_contribution", "Money put in pooled budgets", N},
    {"spillover_savings", "Savings from other agencies' services", H},
    {"spillover_generated", "Savings its services made for others", H},
});

}  // namespace

const SeriesWords* series_words(std::string_view name) {
  for (const SeriesWords& w : kWords)
    if (w.name == name) return &w;
  return nullptr;
}

std::string_view better_name(Better b) {
  switch (b) {
    case Better::Higher:
      return "higher";
    case Better::Lower:
      return "lower";
    case Better::Neither:
      break;
  }
  return "neither";
}

std::string_view value_kind(std::string_view units) {
  if (units == "GBP million") return "money";
  if (units.starts_with("share")) return "share";
  if (units.starts_with("index (0-1)") || units.starts_with("Gini") || units.starts_with("quality"))
    return "score";
  if (units == "weeks") return "weeks";
  if (units == "count" || units.starts_with("persons") || units.starts_with("capacity units") ||
      units == "need units" || units == "need-level-years" || units == "index (0-10000)")
    return "count";
  return "ratio";
}

}  // namespace quasim
