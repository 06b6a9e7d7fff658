// agents/capability.hpp — the intelligent customer (S000: "the more services you contract out,
// the more you need to be an intelligent customer"): commissioning capability that erodes as
// outsourced domains' expertise leaves and is rebuilt by spending on commissioning and
// monitoring, and what monitoring buys (less quality shading, sharper detection).
#pragma once

#include "model/market.hpp"
#include "model/parameters.hpp"

namespace quasim {

/// What a commissioner spends monitoring its contracts, as a share of contract value per year.
double monitoring_intensity(const Parameters& pc);

/// Factor (0, 1] on quality shading: 1 / (1 + capability.shading_deterrence * intensity).
double shading_factor(const Parameters& pc);

/// Factor (0, 1] on the noise with which delivered quality is observed when monitoring:
/// 1 / (1 + capability.detection * intensity).
double detection_factor(const Parameters& pc);

/// Next year's capability from this year's and the share of service spending paid to external
/// providers: erosion `erosion * s * k`, rebuilding `rebuild * intensity * s * (1 - k)`, the data
/// lab `data_lab_gain * (1 - k)`; within 0..1. Unchanged when `capability.dynamic` is off.
double next_capability(double capability, double outsourced_share, const Parameters& pc);

/// Share of commissioner c's service spending this year paid to external providers.
double outsourced_share(const Market& market, int c);

/// Moves every commissioner's capability at the end of the year (serial, in id order), each
/// under its own policy (`Market::policy_of`).
void update_capability(Market& market, const Parameters& p);

}  // namespace quasim
