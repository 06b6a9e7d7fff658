// agents/tendering.hpp — the tendering market: make-or-buy at each contract end, lots,
// eligibility (financial standing, capacity, exclusion), bids, scoring, award.
#pragma once

#include <vector>

#include "model/parameters.hpp"
#include "model/rng.hpp"
#include "model/world.hpp"

namespace quasim {

/// One bid as the commissioner sees it.
struct Bid {
  int provider = -1;
  double price = 0;  ///< GBP per need unit
  double true_quality = 0;
  double observed_quality = 0;  ///< true quality + bid-writing polish + observation noise
  double score = 0;
  double cost = 0;            ///< GBP per need unit: the bidder's true cost
  double estimated_cost = 0;  ///< GBP per need unit: what it thought its cost was
  double premium = 0;         ///< risk premium priced in, share of cost (external bids)
  bool incumbent = false;     ///< it delivers the service now (it knows its cost)
};

/// Current price of one need unit of service `s`: the contract price, or in-house cost.
double service_unit_price(const Service& s, const std::vector<Provider>& providers,
                          const DomainParams& dp);

/// The centre ends every running contract of a domain whose domain.*.end_contracts_year is this
/// year: each is due for make-or-buy now (commission calls this first). No compensation is paid.
void end_contracts_by_centre(Market& market, int year, const Parameters& p);

/// Make-or-buy for every service whose contract ends this year (lots decided by their lead
/// commissioner), running a tender where the service goes to market.
void commission(Market& market, const CitizenTally& last, int year, const Parameters& p,
                const Streams& rng);

/// Runs one tender for domain `d` over the commissioners in `lot`, awards it and books the
/// transaction costs. Returns the bids received (empty: nobody eligible, stays in-house).
std::vector<Bid> run_tender(Market& market, const CitizenTally& last, int year, const Parameters& p,
                            const Streams& rng, const std::vector<int>& lot, int d);

/// External providers able to bid for the lot in domain `d` now (alive, in the domain, local
/// where they must be, not excluded or barred, with the financial standing and capacity); no
/// draw is made.
int capable_bidders(const Market& market, const Parameters& p, const std::vector<int>& lot, int d,
                    int year);

/// Service `s` is delivered by `provider` from now: the old provider is released, the new one
/// counts one more contract and is no longer idle. TUPE: `cap.tupe_share` of the capacity that
/// served it moves too (`cap.failure_transfer` where the old provider failed), and the new one
/// redeploys bench staff toward its target (agents/capacity.cpp).
void assign(Market& market, Service& s, int provider, const CapacityParams& cap);

/// Ends a choice framework's extra places (slots 1..3), releasing their providers.
void clear_alternatives(Market& market, Service& s);

/// Removes provider `id` from a framework, keeping the remaining places contiguous.
void drop_alternative(Market& market, Service& s, int id);

/// Takes a service back in-house (provider failure, termination, re-insourcing) at a transition
/// cost, `cost_share` of annual value; a closed in-house unit is rebuilt first (reopen_unit).
void take_back_in_house(Market& market, int year, const Parameters& p, int c, int d,
                        double disruption, double cost_share);

}  // namespace quasim
