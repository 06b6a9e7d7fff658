// bench/bench_support.hpp — worlds and parameter sets for the benchmarks, built from the shipped
// scenarios with --set-style overrides, so a benchmark measures the model as users run it.
#pragma once

#include <sys/resource.h>
#include <tbb/global_control.h>

#include <cmath>
#include <cstddef>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "agents/citizens.hpp"
#include "sim/scenario.hpp"

namespace quasim::bench {

inline std::string scenario_path(const std::string& name) {
  return std::string(QUASIM_SOURCE_DIR) + "/scenarios/" + name;
}

/// The baseline with one agent per person and `agents` agents, plus extra overrides.
inline Parameters baseline_agents(std::size_t agents, std::vector<std::string> sets = {}) {
  std::vector<std::string> base = {"population.citizens=" + std::to_string(agents),
                                   "population.agent_weight=1"};
  base.insert(base.end(), sets.begin(), sets.end());
  return load_scenario(scenario_path("baseline.toml"), base).params;
}

/// Bytes of engine state per citizen agent: every per-citizen vector's allocation (keep in step
/// with model/citizens.hpp; scripts/bench-whole-run measures the whole process instead).
inline double bytes_per_citizen(const Citizens& c) {
  const double bytes =
      c.area.capacity() * sizeof(c.area[0]) + c.age.capacity() * sizeof(c.age[0]) +
      c.needs.capacity() * sizeof(c.needs[0]) + c.capability.capacity() * sizeof(c.capability[0]) +
      c.satisfaction.capacity() * sizeof(c.satisfaction[0]) +
      c.trust.capacity() * sizeof(c.trust[0]) + c.outcome.capacity() * sizeof(c.outcome[0]) +
      c.disengaged.capacity() * sizeof(c.disengaged[0]) +
      c.chosen.capacity() * sizeof(c.chosen[0]) +
      c.difficulty.capacity() * sizeof(c.difficulty[0]) +
      c.waiting.capacity() * sizeof(c.waiting[0]) + c.harm.capacity() * sizeof(c.harm[0]);
  return c.size() > 0 ? bytes / static_cast<double>(c.size()) : 0.0;
}

/// CPU seconds used so far by the whole process (all threads): rates per CPU-second stay
/// meaningful on a shared machine, where wall time includes waiting for a core.
inline double process_cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

/// Thread count for a benchmark argument: 0 means every core.
inline int threads_of(long arg) {
  return arg > 0 ? static_cast<int>(arg)
                 : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

/// Caps TBB's workers for the lifetime of the object (the whole benchmark function).
inline std::unique_ptr<tbb::global_control> limit_threads(int threads) {
  return std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                               static_cast<std::size_t>(threads));
}

}  // namespace quasim::bench
