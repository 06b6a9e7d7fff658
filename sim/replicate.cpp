// sim/replicate.cpp — one replicate: build the world, step it, collect records and panels.
#include "sim/replicate.hpp"

#include "sim/derived_tables.hpp"
#include "sim/invariants.hpp"
#include "sim/policy.hpp"
#include "sim/step.hpp"

namespace quasim {
namespace {

void record_panels(const World& w, const Parameters& p, const Streams& rng, ReplicateResult& out) {
  const int year = p.run.start_year + w.year - 1;
  if (p.output.provider_panel) {
    for (const auto& pr : w.market.providers)
      out.provider_panel.push_back({year, pr.id, static_cast<int>(pr.type), pr.reserves,
                                    pr.cost_mult, pr.quality, pr.engagement, pr.turnover,
                                    pr.contracts, pr.alive ? 1 : 0});
  }
  const auto n = w.citizens.size();
  for (int k = 0; k < p.output.citizen_sample && n > 0; ++k) {
    // The same sampled slots every year (drawn once, from year 0's stream).
    const auto i = static_cast<std::size_t>(
        rng.uniform(0, static_cast<std::uint64_t>(k), Purpose::Sample) * n);
    const auto& c = w.citizens;
    out.citizen_panel.push_back({year, static_cast<int>(i), c.area[i], c.age[i],
                                 c.outcome[i] / 255.0, c.satisfaction[i] / 255.0,
                                 c.trust[i] / 255.0, c.needs[i]});
  }
}

}  // namespace

ReplicateResult run_replicate(const Parameters& p, int replicate, const std::atomic<bool>* stop,
                              PhaseClock* clock) {
  const Streams rng(static_cast<std::uint64_t>(p.run.seed), static_cast<std::uint32_t>(replicate));
  // Once: each period's parameters (timeline, commissioners' own) and derived tables.
  const PolicySchedule policy(p);
  World w = init_world(p, rng, clock);
  ReplicateResult out;
  out.replicate = replicate;
  out.years.resize(p.run.years);
  for (int y = 0; y < p.run.years; ++y) {
    if (stop && stop->load(std::memory_order_relaxed)) throw Interrupted{};
    const PolicyPeriod& now = policy.in(y);
    policy.apply(y, w.market);  // the parameters each commissioner acts under this year
    step(w, now.national, now.tables, rng, out.years[y], clock);
    PhaseTimer timer(clock, Phase::Checks);
    check_invariants(w, now.national, out.years[y], replicate);
    record_panels(w, now.national, rng, out);
  }
  PhaseTimer timer(clock, Phase::Release);
  w.citizens = Citizens{};  // freed here rather than at scope exit, so that it is timed
  return out;
}

}  // namespace quasim
