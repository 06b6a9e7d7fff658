// model/ledger.hpp — the year's flows: what each commissioner and service paid, what each
// provider earned and spent, and the year's market events. The start of each year resets the
// whole ledger (begin_year, sim/step.cpp); what lasts from year to year (budgets, reserves,
// prices, payment-by-results owed) is the agents' state, not the ledger's.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "model/parameters.hpp"

namespace quasim {

/// Why a lot's contract end went to market or stayed in-house (agents/make_or_buy.cpp).
enum class MakeOrBuyReason : std::uint8_t {
  Mandate,  ///< to market: the centre's push (tender_share draw) or a spin-out's protection ended
  MarketValue,   ///< to market: the commissioner expects better value from it
  InHouseValue,  ///< in-house: the in-house unit is expected to be better value
  ThinMarket,    ///< in-house: too few capable bidders, or the thin-market premium tipped it
  PoorRecord,    ///< in-house: failures or poor quality seen from contractors tipped it
  NotMandated,   ///< in-house: draw mode, the mandate draw did not send it to market
};
inline constexpr int kMakeOrBuyReasons = 6;

/// Counters of this year's market events, read by the recorder.
struct YearEvents {
  int tenders = 0, bids = 0, entries = 0, exits = 0, failures = 0, terminations = 0;
  int ended_by_centre = 0;  ///< contracts the centre ended early (domain.*.end_contracts_year)
  double price_index_sum = 0, quality_gap_sum = 0, savings_sum = 0;
  double transaction_costs = 0;                   ///< GBP, both sides
  double pbr_payments = 0;                        ///< GBP
  double shared_savings = 0, decision_costs = 0;  ///< GBP
  double change_fund = 0;                         ///< GBP
  double tendered_value = 0;                      ///< GBP/yr of services put to tender
  double distress_payments = 0;                   ///< GBP paid to keep failing contractors afloat
  std::array<int, kProviderTypes> failures_by_type{};
  /// Failed services by who took them on (agents/last_resort.cpp), and in-house units closed
  /// and rebuilt this year.
  int step_ins_novation = 0, step_ins_direct_award = 0, step_ins_in_house = 0;
  int units_closed = 0, units_rebuilt = 0;
  /// Contracts watched this year whose delivered quality was truly below the termination bar,
  /// and how many of them were terminated (sim/settle.cpp monitor).
  int poor_watched = 0, poor_caught = 0;
  std::array<int, kMakeOrBuyReasons> make_or_buy{};  ///< lot decisions, by MakeOrBuyReason
  int insourcing = 0;  ///< services an external contractor held brought back in-house by decision
  /// Providers' workforce this year (agents/capacity.cpp), capacity units/yr (persons).
  double capacity_hired = 0, capacity_leavers = 0, capacity_shed = 0;
  /// Bidding (agents/bidding.cpp): eligible external providers that chose not to bid, the
  /// risk premiums of external bids (share of cost), the winners' curse of awards to a new
  /// external provider (true cost / estimated cost - 1), and bids by provider type.
  int bids_declined = 0, premium_bids = 0, curse_awards = 0;
  int abnormal_rejected = 0;  ///< external bids rejected as abnormally low
  double premium_sum = 0, curse_sum = 0;
  std::array<int, kProviderTypes> bids_by_type{};
  /// Failure that spreads (agents/parent_backing.cpp, agents/subcontracting.cpp): GBP parents
  /// injected; services that lost their main provider or a framework place to a failure; GBP
  /// the failures cost the public purse (step-in and rebuild costs, the replacements' extra
  /// price over the term left, relief paid); GBP of contract value subcontracted, by the
  /// subcontractor's type, and GBP paid to main contractors.
  double parent_support = 0, failure_cost = 0;
  int failure_contracts = 0;
  std::array<double, kProviderTypes> subcontracted_value{};
  double contract_value = 0;
};

/// What one service paid this year.
struct ServiceFlows {
  double spending = 0;                                          ///< GBP paid, all slots
  std::array<double, kChoiceSlots> slot_spending{};             ///< GBP paid per framework slot
  std::array<int, kChoiceSlots> slot_provider{-1, -1, -1, -1};  ///< who was paid, per slot
};

/// What one commissioner paid this year.
struct CommissionerFlows {
  double spending = 0;                 ///< GBP, all told (set when the books close)
  double transaction_costs = 0;        ///< GBP: tendering, monitoring, transitions, decisions
  std::vector<ServiceFlows> services;  ///< per domain
  int insourcing = 0;                  ///< contracted services brought back in-house by decision
  bool failure_hit = false;            ///< a provider failure touched one of its services
};

/// What one provider earned and spent this year (payment by results owed is state).
struct ProviderFlows {
  double revenue = 0;  ///< GBP received for this year's service
  double costs = 0;    ///< GBP spent delivering it
  double relief = 0;   ///< GBP of the revenue that is distress relief (kept, not paid out)
};

struct YearLedger {
  YearEvents events;
  std::vector<CommissionerFlows> commissioners;  ///< by commissioner id
  std::vector<ProviderFlows> providers;          ///< by provider id; grows as providers enter

  /// Every flow back to zero, for `commissioners` x `domains` services and `providers`.
  void begin_year(std::size_t commissioner_count, std::size_t domains, std::size_t provider_count) {
    events = YearEvents{};
    commissioners.assign(commissioner_count,
                         CommissionerFlows{0, 0, std::vector<ServiceFlows>(domains), 0, false});
    providers.assign(provider_count, ProviderFlows{});
  }
  CommissionerFlows& commissioner(int c) { return commissioners[static_cast<std::size_t>(c)]; }
  const CommissionerFlows& commissioner(int c) const {
    return commissioners[static_cast<std::size_t>(c)];
  }
  ServiceFlows& service(int c, int d) {
    return commissioner(c).services[static_cast<std::size_t>(d)];
  }
  const ServiceFlows& service(int c, int d) const {
    return commissioner(c).services[static_cast<std::size_t>(d)];
  }
  /// A provider that entered this year starts with empty accounts.
  ProviderFlows& provider(int id) {
    const auto i = static_cast<std::size_t>(id);
    if (i >= providers.size()) providers.resize(i + 1);
    return providers[i];
  }
  const ProviderFlows& provider(int id) const {
    static const ProviderFlows none{};
    const auto i = static_cast<std::size_t>(id);
    return i < providers.size() ? providers[i] : none;
  }
};

}  // namespace quasim
