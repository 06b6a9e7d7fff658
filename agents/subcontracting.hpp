// agents/subcontracting.hpp — primes passing part of a lot to small and voluntary providers
// (Work Programme, Transforming Rehabilitation): the prime lays off payment-by-results risk it
// prices above the margin it gives up; the subcontractor takes the part only where its margin
// covers the risk it can carry. The subcontractor delivers and costs its share of the units and
// is paid by the prime, outcome payments a year late; a failed prime leaves its invoices unpaid
// (docs/ODD.md "4 Submodels: provider failure").
#pragma once

#include <vector>

#include "model/ledger.hpp"
#include "model/market.hpp"
#include "model/parameters.hpp"

namespace quasim {

/// Share of a lot with expected load `load` (persons/yr) a prime carrying `carried` in all
/// (the lot included) lacks the staff for now (capacity, bench and hires under way), at most
/// `subcontracting.max_share`: it passes that on rather than deliver late.
double lacking_share(const Provider& prime, double carried, double load,
                     const SubcontractingParams& sc);

/// Share of a lot worth `value` GBP/yr, `pbr_share` paid by results, a prime with risk capacity
/// `capacity` and own margin `margin` (share of price) passes on: of the shares 1/4, 1/2, 3/4
/// and all of `subcontracting.max_share`, the one whose risk premium saved most exceeds the
/// margin given up for the fee; 0 when none does. Premiums are bidding's (pbr_risk_premium,
/// agents/bidding.hpp).
double share_to_pass_on(double value, double pbr_share, double capacity, double margin,
                        const SubcontractingParams& sc, const BiddingParams& b);

/// Whether a provider with risk capacity `capacity` takes a part worth `value` GBP/yr, with
/// `pbr_share` paid by results, at margin `margin` (share of its price): its expected margin
/// covers its risk premium (bidding's pbr_risk_premium).
bool accepts_part(double value, double pbr_share, double capacity, double margin,
                  const SubcontractingParams& sc, const BiddingParams& b);

/// At award: the external prime (large firm or joint venture) of commissioner c's service in
/// domain d passes on the larger of the share it lacks staff for and the share that lays off
/// risk worth more than the margin it gives up, to a live SME or voluntary provider able to
/// serve the domain and staff the part within the year, not barred by the commissioner, the
/// cheapest that accepts first (then by id).
void subcontract_at_award(Market& market, const Parameters& p, int c, int d, int year);

/// Service `s`'s subcontract ends (a new award, or the service moves): the outcome payments a
/// live prime owes a live subcontractor move from the prime's amount due to its own (paid at
/// the next accounts).
void end_subcontract(Market& market, Service& s);

/// Settle, for contracted service `s` delivering `units` (need units) at `case_mix`: the
/// subcontractor's share of the units is delivered and costed by it; the prime passes it now
/// the fixed part and last year's outcome payments (its revenue is net of them), and owes this
/// year's (`ratio` of the full payment) next year. Returns the share of units the prime
/// delivers itself.
double pay_subcontractor(Service& s, std::vector<Provider>& providers, YearLedger& ledger,
                         const Parameters& p, int d, double units, double case_mix, double ratio);

/// Prime `prime` has failed: each live subcontractor loses `subcontracting.unpaid_share` of this
/// year's subcontract income from its reserves and the outcome payments owed, and its subcontract
/// ends. Returns the subcontractors hit, in service order (each once).
std::vector<int> strand_subcontractors(Market& market, const Parameters& p, int prime);

/// Provider `sub` has failed: the primes it worked for take back its parts (owing it nothing).
void drop_subcontractor(Market& market, int sub);

}  // namespace quasim
