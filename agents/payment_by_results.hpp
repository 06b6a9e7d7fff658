// agents/payment_by_results.hpp — what an outcome payment pays: the outcome rate of the people a
// service served (weighted by difficulty group), against a target share of the domain's best-case
// resolution rate, capped. Settling pays it (sim/settle.cpp); bidders read the published rates
// to price the risk (agents/bidding.cpp).
#pragma once

#include <cstddef>

#include "model/citizens.hpp"
#include "model/parameters.hpp"

namespace quasim {

/// Outcome payments due per full payment at outcome rate `rate` (difficulty-weighted resolutions
/// per person served): rate / (outsourcing.pbr_target x resolution), in [0, outsourcing.pbr_cap].
double pbr_ratio(double rate, const DomainParams& dp, const OutsourcingParams& out);

/// Difficulty-weighted resolutions (`difficulty.pbr_payment`) per person served in the tally's
/// (area, domain) cell `ad`; 0 where nobody was served.
double weighted_outcome_rate(const CitizenTally& t, const DifficultyParams& g, std::size_t ad);

/// The outcome ratio domain `d` achieved over all areas last year, as published (pbr_ratio of
/// the served-weighted outcome rate): what a bidder sees of the outcome risk. 1 where nobody
/// was served (no evidence: the contract's own design).
double published_pbr_ratio(const CitizenTally& t, const Parameters& p, int d);

}  // namespace quasim
