// cli/run_support.hpp — what `run` and `batch` share: result paths of sweep points and the
// provenance written with each result.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "output/result_file.hpp"
#include "sim/scenario.hpp"

namespace quasim {

/// Result path of sweep point k of n: OUT.h5 itself when n == 1, else OUT.p003.h5.
std::string point_file(const std::string& out, std::size_t k, std::size_t n);

/// The --set overrides, then run.replicates, run.years and run.seed from `run` and `batch`'s
/// --replicates, --years and --seed where given (> 0, > 0, >= 0): the command line wins.
std::vector<std::string> run_overrides(std::vector<std::string> sets, int replicates, int years,
                                       std::int64_t seed);

/// Provenance of one sweep point's result (n: number of points in the sweep).
Provenance make_provenance(const Scenario& s, const SweepPoint& point, std::size_t n,
                           const std::string& command_line);

}  // namespace quasim
