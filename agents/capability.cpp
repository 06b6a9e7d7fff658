// agents/capability.cpp — capability that moves, and what monitoring buys (seed 000).
#include "agents/capability.hpp"

#include <algorithm>

namespace quasim {

double monitoring_intensity(const Parameters& pc) {
  return pc.commissioners.monitoring_cost;
}

double shading_factor(const Parameters& pc) {
  return 1.0 / (1.0 + pc.capability.shading_deterrence * monitoring_intensity(pc));
}

double detection_factor(const Parameters& pc) {
  return 1.0 / (1.0 + pc.capability.detection * monitoring_intensity(pc));
}

double next_capability(double capability, double outsourced_share, const Parameters& pc) {
  const auto& k = pc.capability;
  if (!k.dynamic) return capability;
  const double s = std::clamp(outsourced_share, 0.0, 1.0);
  // Expertise leaves with the services contracted out; what is spent managing the contracts
  // (a share of their value, so of s) rebuilds it, towards full capability.
  const double lost = k.erosion * s * capability;
  double gained = k.rebuild * monitoring_intensity(pc) * s * (1.0 - capability);
  if (pc.collaboration.data_lab) gained += k.data_lab_gain * (1.0 - capability);
  return std::clamp(capability + gained - lost, 0.0, 1.0);
}

double outsourced_share(const Market& market, int c) {
  double all = 0, external = 0;
  for (const ServiceFlows& s : market.ledger.commissioner(c).services)
    for (int k = 0; k < kChoiceSlots; ++k) {
      if (s.slot_provider[k] < 0) continue;
      all += s.slot_spending[k];
      if (market.providers[s.slot_provider[k]].external()) external += s.slot_spending[k];
    }
  return all > 0 ? external / all : 0.0;
}

void update_capability(Market& market, const Parameters& p) {
  for (Commissioner& c : market.commissioners)
    c.capability =
        next_capability(c.capability, outsourced_share(market, c.id), market.policy_of(c.id, p));
}

}  // namespace quasim
