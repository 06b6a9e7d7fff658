// agents/waiting_list.hpp — who is served when capacity is short: the year's plan of each
// service (which waiting-list classes its capacity admits, in the order its provider chooses;
// the effort it gives each difficulty group; the congestion wait), and the loads the capacity
// rule plans on. The citizens' side (joining, waiting, leaving) is agents/citizens.cpp.
#pragma once

#include <array>
#include <cstdint>

#include "model/citizens.hpp"
#include "model/parameters.hpp"
#include "model/provider.hpp"

namespace quasim {

/// Capacity units one person of class k uses: need level x the group's cost.
double class_load(const DifficultyParams& g, int k);

/// Capacity units (persons) commissioner c's service in domain d used last year.
double served_load(const CitizenTally& t, const Parameters& p, int c, int d);

/// Capacity units (persons) the service would have used last year with no capacity limit:
/// what it served plus those left waiting at the year end.
double eligible_load(const CitizenTally& t, const Parameters& p, int c, int d);

/// How far a provider serves the cases that pay rather than those the contract puts first, and
/// holds back effort from the rest (0: not at all, 1: wholly): creaming.strength x the PbR
/// share x the provider type's profit motive x monitoring's deterrence (agents/capability).
/// Mission-led providers (charities, mutuals) have a low profit motive, so cream little.
double creaming_degree(const Provider& pr, double pbr_share, const Parameters& pc);

/// Capacity units (persons) the needs counted at the year end would use next year at the
/// service's current funding (threshold and marginal share): what a provider staffs for.
double funded_load(const CitizenTally& t, const Parameters& p, int c, int d, int threshold,
                   double marginal);

/// What a provider paid by results expects to earn per unit of capacity spent on each group,
/// relative to the best-paying group (0..1]: outcome payment x ease / cost.
std::array<double, kMaxDifficultyGroups> payoff_by_group(const DifficultyParams& g);

/// What one service's plan reads.
struct ServicePlanInputs {
  const std::int64_t* queue = nullptr;  ///< last year-end's queue_count of the service
  int threshold = 1;                    ///< lowest need level funded
  double marginal = 1;                  ///< share of the threshold level funded
  double disruption = 0;                ///< share of service lost to a failure this year
  double capacity = 0;                  ///< capacity units this year, per agent
  double creaming = 0;                  ///< creaming_degree of its provider
};

/// One service's year: the share of each class its capacity admits, the effort (x ease) each
/// group gets and the congestion wait of those served.
struct ServicePlan {
  std::array<float, kQueueClasses> admit{};
  std::array<float, kMaxDifficultyGroups> effort{};
  double wait_weeks = 0;
  double load = 0;  ///< capacity units the eligible queue would use, per agent
};

/// Capacity goes to the classes in the provider's order until it runs out; the class where it
/// runs out is admitted by lottery. The order is the contract's (`waiting.order`) blended
/// with the cases that pay in proportion to the creaming degree.
ServicePlan plan_service(const ServicePlanInputs& in, const Parameters& p);

/// The congestion wait in weeks at utilisation rho: Kingman's rho / (1 - rho), capped.
double congestion_wait(double rho, const WaitingParams& w);

}  // namespace quasim
