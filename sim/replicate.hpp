// sim/replicate.hpp — running one replicate from start to end.
#pragma once

#include <atomic>

#include "model/parameters.hpp"
#include "model/year_record.hpp"
#include "sim/phase_clock.hpp"

namespace quasim {

/// Thrown when a run is asked to stop (Ctrl-C, SIGTERM) before it finished.
struct Interrupted : std::exception {
  const char* what() const noexcept override { return "interrupted"; }
};

/// Runs replicate `replicate` of `p` for p.run.years years. Deterministic: depends only on
/// (p, replicate). If `stop` becomes true, throws Interrupted at the next year boundary.
/// `clock`, if given, collects the wall time of each phase.
ReplicateResult run_replicate(const Parameters& p, int replicate,
                              const std::atomic<bool>* stop = nullptr, PhaseClock* clock = nullptr);

}  // namespace quasim
