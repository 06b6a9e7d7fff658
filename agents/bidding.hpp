// agents/bidding.hpp — how an external provider prices a lot and whether it bids: its cost
// estimate (and the winner's curse), the PbR shortfall and cash-flow lag, a risk premium it can
// carry on its reserves, set-up costs spread over the contract, a margin that follows the rivals
// it expects, buying in below cost, and bid/no-bid on expected profit. Pure functions on a
// BidCase that tendering fills (agents/tendering.cpp); docs/ODD.md "4 Submodels: bidding and
// pricing".
#pragma once

#include "model/parameters.hpp"

namespace quasim {

/// What one external bidder sees of one tender. Money in GBP, prices and costs per need unit.
struct BidCase {
  double cost = 0;          ///< its true cost per need unit (unit cost x cost multiple)
  double estimate = 0;      ///< its estimate of that cost (= cost where it delivers it now)
  bool knows_cost = false;  ///< it delivers this service now (the incumbent)
  bool in_domain = false;   ///< it holds a contract in this domain now
  double reference = 0;     ///< what the service costs the lead commissioner now (R)
  int expected_bids = 1;    ///< bids it expects, itself included (N >= 1)
  double value = 0;         ///< GBP/yr of the lot
  int contract_years = 5;
  double pbr_share = 0;  ///< share of income paid on outcomes
  double pbr_ratio = 1;  ///< the outcome ratio published for the domain last year
  double fixed_cost_share = 0;
  double markup = 0;  ///< its type's least margin on cost
  double profit_motive = 0;
  double bid_skill = 0;            ///< bid-writing sophistication (corrects the winner's curse)
  double risk_capacity = 0;        ///< GBP: reserves + parent backing
  double reserves = 0;             ///< GBP
  double bid_cost = 0;             ///< GBP it pays to bid, net of any grant
  double mobilisation = 0;         ///< GBP it pays to start if it wins (0 for the incumbent)
  double incumbent_advantage = 0;  ///< award-score bonus it holds as incumbent (0 otherwise)
  double strike_penalty = 0;       ///< award score its record with the lead costs it
};

/// Why a provider able to bid does not (or Bids).
enum class BidChoice { Bids, TooRisky, CannotFinance, AboveCeiling, CannotPay, NoProfit };

/// The price a bidder asks and how it is built. Shares are of its estimated cost.
struct Pricing {
  double corrected = 0;  ///< estimate plus the winner's-curse correction, GBP/unit
  double premium = 0;    ///< risk premium share, uncapped (above max_premium: no bid)
  double setup = 0;      ///< set-up share per contract year
  double full_cost = 0;  ///< c_all: cost with PbR, cash lag, premium and set-up, GBP/unit
  double margin = 0;     ///< on full_cost
  double buy_in = 0;     ///< price cut to buy into the domain, GBP/unit (0 none)
  double price = 0;      ///< GBP/unit asked
};

/// A bid/no-bid decision with the numbers behind it.
struct BidDecision {
  BidChoice choice = BidChoice::NoProfit;
  Pricing pricing;
  double win_chance = 0;       ///< 0..1
  double expected_profit = 0;  ///< GBP over the contract, less the bid cost lost if it loses
};

/// The cost estimate of a bidder that does not deliver the service now: cost x (1 +
/// cost_uncertainty x z), z standard normal, floored at a tenth of cost. Unchanged for the
/// incumbent.
double estimate_cost(double cost, bool knows_cost, double z, const BiddingParams& b);

/// Expected shortfall of the lowest of n standard-normal estimates, sqrt(2 ln n) (0 for n <= 1):
/// the upper bound of the expected minimum, the approximation a bid team uses.
double lowest_estimate_shortfall(int n);

/// Revenue per unit of price a PbR contract is expected to pay: (1 - pbr) + pbr x min(1, ratio).
double pbr_revenue_factor(double pbr_share, double published_ratio);

/// Risk premium share (uncapped): risk_aversion x sigma^2 x value / K, with sigma^2 =
/// (pbr x pbr_sd)^2 + (fixed_cost_share x volume_sd)^2; a bidder with no risk capacity carries
/// none (infinite premium) unless it bears no risk.
double risk_premium(const BidCase& c, const BiddingParams& b);

/// Risk premium, GBP a year, on `at_risk` GBP a year of outcome-paid income carried on `capacity`
/// GBP of risk capacity: risk_aversion x (pbr_sd x at_risk)^2 / capacity, the payment-by-results
/// part of risk_premium in money (used by primes and subcontractors, agents/subcontracting.cpp);
/// infinite with risk and no capacity, 0 without risk.
double pbr_risk_premium(double at_risk, double capacity, const BiddingParams& b);

/// The price the bidder would ask, and how it is built.
Pricing price_bid(const BidCase& c, const BiddingParams& b);

/// Chance of winning as the bidder sees it: 1 / N plus its incumbent advantage less its strike
/// penalty, in [0, 1].
double win_chance(const BidCase& c);

/// Working capital a PbR contract needs, GBP: the outcome income of a year, paid a year late
/// (pbr x min(1, ratio) x value), which reserves must carry until it arrives.
double pbr_working_capital(const BidCase& c);

/// Whether to bid, at what price: it bids when the premium is within max_premium, its risk
/// capacity carries the PbR working capital, the price is within price_ceiling x R, its
/// reserves pay the bid, and expected profit is positive.
BidDecision decide_bid(const BidCase& c, const BiddingParams& b);

}  // namespace quasim
