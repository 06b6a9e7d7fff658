// sim/batch.hpp — running many replicates in parallel (TBB, nested with the citizen phase).
#pragma once

#include <atomic>
#include <functional>
#include <vector>

#include "model/parameters.hpp"
#include "model/year_record.hpp"
#include "sim/phase_clock.hpp"

namespace quasim {

struct BatchOptions {
  /// Called (from any thread, serialised) after each finished replicate with (done, total,
  /// the replicate's number).
  std::function<void(int, int, int)> progress;
  /// Set to true to stop: finished replicates are kept, unfinished ones dropped.
  const std::atomic<bool>* stop = nullptr;
  /// If set, collects the wall time of each phase, summed over replicates (timings only).
  PhaseClock* clock = nullptr;
};

/// Runs the listed replicates; returns the finished ones sorted by replicate number.
/// Results are identical for any thread count (each replicate is self-contained).
std::vector<ReplicateResult> run_replicates(const Parameters& p, const std::vector<int>& replicates,
                                            const BatchOptions& options = {});

}  // namespace quasim
