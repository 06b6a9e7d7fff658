// tests/support/hand_built_citizens.hpp — small hand-built citizen worlds for tests of the
// citizen phase: one domain with every transition off, citizens of one age and need, and
// conditions that serve everyone (no capacity limit, full effort).
#pragma once

#include <cstdint>

#include "agents/citizens.hpp"

namespace quasim::test {

inline constexpr int kYear = 3;

/// One domain with every transition switched off: levels stay where they are unless a test
/// turns a rate on.
inline DomainParams still_domain() {
  DomainParams d;
  d.onset = 0;
  d.age_weights = {1, 1, 1, 1, 1};
  d.escalation = 0;
  d.resolution = 0;
  d.natural_resolution = 0;
  d.outcome_weight = 1;
  return d;
}

inline Parameters params(int domains) {
  Parameters p;
  p.domains.assign(domains, still_domain());
  p.population.coproduction = 0;
  p.population.disengagement = 0;
  return p;
}

/// `areas` areas of `per_area` citizens, all of the same age and needs, mid satisfaction,
/// trust and capability.
inline Citizens citizens(int areas, int per_area, int age, std::uint16_t needs = 0) {
  Citizens c;
  const std::size_t n = static_cast<std::size_t>(areas) * per_area;
  c.area.assign(n, 0);
  for (int a = 0; a < areas; ++a)
    for (int k = 0; k < per_area; ++k) c.area[static_cast<std::size_t>(a) * per_area + k] = a;
  c.age.assign(n, static_cast<std::uint8_t>(age));
  c.needs.assign(n, needs);
  c.capability.assign(n, 128);
  c.satisfaction.assign(n, 128);
  c.trust.assign(n, 128);
  c.outcome.assign(n, 0);
  c.disengaged.assign(n, 0);
  c.chosen.assign(n, 0);
  c.difficulty.assign(n, 0);
  c.waiting.assign(n, 0);
  c.harm.assign(n, 0);
  for (int a = 0; a <= areas; ++a) c.area_begin.push_back(static_cast<std::uint32_t>(a * per_area));
  return c;
}

/// Every service serves every level (threshold 1) at quality 0.6; nobody dies.
inline CitizenConditions conditions(int areas, int domains) {
  CitizenConditions cond;
  cond.domains = domains;
  cond.service.assign(static_cast<std::size_t>(areas) * domains, ServiceCondition{});
  cond.mortality.assign(111, 0.0);
  cond.expectation = 0.5;
  cond.area_view.assign(areas, 128 / 255.0);  // non-users hear nothing that moves them
  cond.trust_shock.assign(areas, 0.0);
  // No capacity limit, full effort: the waiting-list tests (waiting_list_test.cpp) set these.
  cond.admit.assign(cond.service.size() * kQueueClasses, 1.0f);
  cond.effort.assign(cond.service.size() * kMaxDifficultyGroups, 1.0f);
  return cond;
}

inline CitizenTally live_once(Citizens& c, const CitizenConditions& cond, const Parameters& p,
                              std::uint64_t seed = 11) {
  CitizenTally t;
  live(c, cond, p, Streams(seed, 0), kYear, t);
  return t;
}

}  // namespace quasim::test
