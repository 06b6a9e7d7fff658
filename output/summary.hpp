// output/summary.hpp — the end-of-run summary table: key indicators at the final year as the
// median and 90% band across replicates.
#pragma once

#include <string>
#include <vector>

#include "model/year_record.hpp"

namespace quasim {

struct SummaryRow {
  std::string name;
  std::string units;
  double median, p05, p95;
};

/// Key indicators at year index `year` (default: the last) across replicates.
std::vector<SummaryRow> summarise(const std::vector<ReplicateResult>& results, int year = -1);

/// The same as an aligned text table.
std::string format_summary(const std::vector<SummaryRow>& rows, const std::string& title);

/// Quantile q in [0,1] of values (linear interpolation); values are copied.
double quantile(std::vector<double> values, double q);

}  // namespace quasim
