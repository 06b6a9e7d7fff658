// tests/output/fabricate.hpp — plausible ReplicateResults made without the engine, so the output
// layer can be tested (and its files drawn) on its own.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "output/result_file.hpp"

namespace quasim::test {

struct FixtureSpec {
  int replicates = 5;
  int years = 10;
  int commissioners = 4;
  int domains = 3;
  int groups = 3;  ///< difficulty groups
  int start_year = 2010;
  std::int64_t seed = 1;
  std::string name = "baseline";
  double budget_change = -0.023;  ///< 1/yr real-terms budget change; also shapes the series
  bool panels = false;            ///< fill provider and citizen panels
};

/// Replicates 0..n-1 of smooth trends plus replicate noise. /series/population is exactly
/// 2e6 + 1000 * year_index + replicate, which the Python tests check.
std::vector<ReplicateResult> fabricate_results(const FixtureSpec& spec);

/// Provenance matching fabricate_results, with a small resolved-parameters TOML document.
Provenance fabricate_provenance(const FixtureSpec& spec);

}  // namespace quasim::test
