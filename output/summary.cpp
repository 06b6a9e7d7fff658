// output/summary.cpp — the end-of-run table. Units come from the series catalogue, so the
// table and the result file can never disagree about what a number means.
#include "output/summary.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "output/number_format.hpp"
#include "output/series_catalogue.hpp"

namespace quasim {
namespace {

/// The indicators a policy analyst asks about first, in the order they are shown.
constexpr std::string_view kKeyIndicators[] = {
    // clang-format off
    "spending_total",  "funding_gap",          "unmet_need",
    "outcome_mean",    "outcome_need_mean",    "outcome_inequality",
    "satisfaction_mean", "trust_mean",         "providers_active",
    "hhi",             "bids_per_tender",      "contract_price_index",
    "transaction_costs", "value_for_money"};
// clang-format on

const SeriesSpec& national_series(std::string_view name) {
  for (const auto& s : series_catalogue())
    if (s.axis == SeriesAxis::None && s.name == name) return s;
  throw std::logic_error("summary: no national series named " + std::string(name));
}

}  // namespace

double quantile(std::vector<double> values, double q) {
  std::erase_if(values, [](double v) { return std::isnan(v); });
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::sort(values.begin(), values.end());
  const double h = std::clamp(q, 0.0, 1.0) * static_cast<double>(values.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, values.size() - 1);
  return values[lo] + (h - static_cast<double>(lo)) * (values[hi] - values[lo]);
}

std::vector<SummaryRow> summarise(const std::vector<ReplicateResult>& results, int year) {
  std::vector<SummaryRow> rows;
  if (results.empty()) return rows;
  const int years = static_cast<int>(results.front().years.size());
  const int y = year < 0 ? years - 1 : year;
  for (const auto& r : results)
    if (y < 0 || y >= static_cast<int>(r.years.size()))
      throw std::out_of_range("summary: year index " + std::to_string(y) +
                              " is outside replicate " + std::to_string(r.replicate) + "'s " +
                              std::to_string(r.years.size()) + " years");
  for (std::string_view name : kKeyIndicators) {
    const SeriesSpec& spec = national_series(name);
    std::vector<double> v;
    for (const auto& r : results) v.push_back(r.years[static_cast<std::size_t>(y)].*spec.scalar);
    rows.push_back({std::string(name), std::string(spec.units), quantile(v, 0.5), quantile(v, 0.05),
                    quantile(v, 0.95)});
  }
  return rows;
}

std::string format_summary(const std::vector<SummaryRow>& rows, const std::string& title) {
  std::string out = title + "\n";
  if (rows.empty()) return out + "  (no replicates completed)\n";
  struct Cells {
    std::string name, units, median, p05, p95;
  };
  std::vector<Cells> cells{{"indicator", "units", "median", "5%", "95%"}};
  for (const auto& r : rows)
    cells.push_back(
        {r.name, r.units, format_number(r.median), format_number(r.p05), format_number(r.p95)});
  std::size_t w[5] = {0, 0, 0, 0, 0};
  for (const auto& c : cells) {
    w[0] = std::max(w[0], c.name.size());
    w[1] = std::max(w[1], c.units.size());
    w[2] = std::max(w[2], c.median.size());
    w[3] = std::max(w[3], c.p05.size());
    w[4] = std::max(w[4], c.p95.size());
  }
  const auto left = [](const std::string& s, std::size_t n) {
    return s + std::string(n - s.size(), ' ');
  };
  const auto right = [](const std::string& s, std::size_t n) {
    return std::string(n - s.size(), ' ') + s;
  };
  for (const auto& c : cells) {
    std::string line = "  " + left(c.name, w[0]) + "  " + left(c.units, w[1]) + "  " +
                       right(c.median, w[2]) + "  " + right(c.p05, w[3]) + "  " +
                       right(c.p95, w[4]);
    out += line + "\n";
  }
  return out;
}

}  // namespace quasim
