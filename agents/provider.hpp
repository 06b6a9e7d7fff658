// agents/provider.hpp — providers' rules: traits at entry, the quality citizens receive,
// and the yearly accounts with failure and exit. Their state is model/provider.hpp.
#pragma once

#include "model/ledger.hpp"
#include "model/parameters.hpp"
#include "model/provider.hpp"

namespace quasim {

/// A new provider of `type` with traits drawn around the type's parameters.
/// `noise_*` are standard normal draws: cost varies by `market.cost_spread` (floored at
/// `market.cost_floor`), reserves log-normally by `market.reserve_spread` around the type's
/// level; its parent's backing is `provider.T.parent_backing` years of `base_size`.
Provider make_provider(const Parameters& p, ProviderType type, int id, int ordinal, int domain,
                       double base_size, double noise_cost, double noise_quality,
                       double noise_reserves);

/// Quality citizens receive from `pr` under a contract in domain `d`: quality the contract cannot
/// specify is shaded by profit-seeking providers, less under a capable commissioner and less the
/// more it spends monitoring (`p`: the commissioner's own parameters, `Market::policy_of`).
double delivered_quality(const Provider& pr, const Parameters& p, int d, double capability);

/// An in-house unit's cost per need unit in domain `dp`, slack included (what it is paid, and
/// what the commissioner compares the market with).
double in_house_cost(const Provider& unit, const DomainParams& dp);

/// Books the year: income (incl. PbR paid with a year's lag), costs, distribution of surplus,
/// reinvestment and learning. Returns true if the provider has failed (reserves below zero).
bool close_accounts(Provider& pr, const ProviderFlows& year, const Parameters& p);

}  // namespace quasim
