// sim/memory_fit.hpp — whether a run's citizens fit in this machine's memory. A run-time
// check, made before any work starts: validating a scenario does not depend on the machine it
// is validated on (a login node and the Slurm node that runs the job differ).
#pragma once

#include <string>
#include <vector>

#include "model/parameters.hpp"
#include "sim/scenario.hpp"

namespace quasim {

/// Bytes of memory one citizen agent costs in the engine (for the up-front size check).
inline constexpr double kBytesPerCitizen = 16.0;

/// Bytes a quasim process needs besides its citizens: code, libraries, TBB's and HDF5's own
/// memory, the providers and commissioners (measured: about 20 MB; this leaves room).
inline constexpr double kProcessOverheadBytes = 100e6;

/// Memory a batch process needs to run `side_by_side` replicates of `p` at once: their
/// citizens plus the fixed overhead (the memory a Slurm task asks for, before its margin).
double batch_memory_bytes(const Parameters& p, int side_by_side);

/// Bytes one replicate's results take in memory per year: a fixed part (the national series)
/// and a part per commissioner (its panels). Measured on merges of 100-400 replicates: about
/// 8 KB + 0.25 KB per commissioner; these are twice that.
inline constexpr double kResultBytesPerYear = 16e3;
inline constexpr double kResultBytesPerCommissionerYear = 0.5e3;

/// Memory `quasim merge` needs for a point of `p`: every replicate's results of one point at
/// once, plus the fixed overhead (the merge job's memory, before its margin).
double merge_memory_bytes(const Parameters& p);

/// Bytes this process may use: physical memory, or its cgroup's limit where lower (containers,
/// Slurm jobs). The size checks allow 80% of it.
double usable_memory_bytes();

/// How many replicates of `p` fit in memory side by side (at least 1).
int replicates_that_fit(const Parameters& p);

/// Throws ScenarioError, naming where `population.citizens` was set, if one replicate of any
/// point needs more than 80% of usable memory. `usable_bytes` <= 0 means "unknown": no check.
void check_fits_in_memory(const Scenario& s, const std::vector<SweepPoint>& points,
                          double usable_bytes = usable_memory_bytes());

/// The same for parameters without a scenario file (reproducing from provenance); `source`
/// names where they came from.
void check_fits_in_memory(const Parameters& p, const std::string& source,
                          double usable_bytes = usable_memory_bytes());

}  // namespace quasim
