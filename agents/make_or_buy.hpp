// agents/make_or_buy.hpp — the commissioner's make-or-buy comparison at a contract end: its
// in-house unit against what it expects from the market (its own and its neighbours' tenders,
// net of tendering, mobilisation, monitoring and expected failure costs, plus a thin-market
// premium that grows with risk aversion). The centre's mandate (domain.*.tender_share) is
// applied by the caller (agents/tendering.cpp, `commission`) before this.
#pragma once

#include <vector>

#include "model/ledger.hpp"
#include "model/market.hpp"
#include "model/parameters.hpp"

namespace quasim {

/// What a commissioner expects from tendering a service, relative to its in-house unit.
struct MarketExpectation {
  double price_ratio = 1.0;  ///< expected resulting price / the in-house unit's cost now
  double bids = 0;           ///< expected bids per tender
  double quality = 0;        ///< expected delivered quality of a contractor (as observed)
  double failure_rate = 0;   ///< expected contractor failures per contracted service-year
};

/// Everything the comparison reads for one lot in one domain.
struct MakeOrBuyCase {
  double in_house_quality = 0.6;  ///< the lead's in-house unit's quality
  MarketExpectation market;       ///< from the market memory
  MarketExpectation neutral;   ///< the same with no contractor record (prior quality, no failures)
  int capable_bidders = 0;     ///< external providers able to bid for the lot now
  bool contracted = false;     ///< an external contractor holds the lead's service now
  bool unit_closed = false;    ///< the lead's in-house unit was closed: in-house means a rebuild
  double risk_appetite = 0.3;  ///< the lead commissioner's
};

/// The outcome and its reason.
struct MakeOrBuyChoice {
  bool to_market = false;
  MakeOrBuyReason reason = MakeOrBuyReason::InHouseValue;
  double advantage = 0;  ///< the market's expected advantage, share of annual value (> 0: market)
};

/// The market's expected net advantage over the in-house unit, share of annual value: in-house
/// cost (1, plus the insourcing cost spread over a contract when a contractor holds it now, and
/// the rebuild cost of a closed unit, last_resort.rebuild_cost, spread likewise)
/// minus the market's (price, monitoring, tendering and mobilisation spread over a contract,
/// expected failures' transition cost and disruption), plus quality valued at
/// (1 - price_weight) / price_weight, minus the thin-market premium if `thin_premium`.
double market_advantage(const MakeOrBuyCase& k, const MarketExpectation& m, const Parameters& p,
                        bool thin_premium);

/// The thin-market premium: make_or_buy.thin_premium * (1 - risk_appetite) *
/// max(0, 1 - expected bids / make_or_buy.thin_bids).
double thin_market_premium(const MakeOrBuyCase& k, const MakeOrBuyParams& mp);

/// The commissioner's own decision (no mandate): in-house when fewer than
/// make_or_buy.min_bidders can bid; otherwise to market when its advantage is positive. The
/// reason for staying in-house names what tipped it (thin market, then poor record).
MakeOrBuyChoice decide_make_or_buy(const MakeOrBuyCase& k, const Parameters& p);

/// The case for the lot led by `lead` in domain `d` in `year`: the lead's in-house unit, and the
/// market memory of the lead and its make_or_buy.neighbours on each side, with the prior.
MakeOrBuyCase make_or_buy_case(const Market& market, const Parameters& p, int lead, int d, int year,
                               int capable_bidders);

/// Commissioner `c` remembers a tender in domain `d`: the resulting price (GBP per unit) and the
/// bids received.
void remember_tender(Market& market, const Parameters& p, int c, int d, int year, double price,
                     int bids);

}  // namespace quasim
