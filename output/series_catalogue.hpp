// output/series_catalogue.hpp — what every output series is: name, group, units, description
// and where its numbers sit in a YearRecord. Declared once, here, separate from the rules
// that produce the numbers (Mesa's data collector, made typed).
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "model/year_record.hpp"

namespace quasim {

/// The axis after [replicate, year]: none, provider type, commissioner or domain.
enum class SeriesAxis { None, ProviderType, Commissioner, Domain };

struct SeriesSpec {
  std::string_view name;  ///< dataset name inside its group
  SeriesAxis axis;        ///< decides the group: series, by_provider_type, ...
  std::string_view units;
  std::string_view description;
  double YearRecord::*scalar = nullptr;                  ///< for SeriesAxis::None
  TypeArray YearRecord::*by_type = nullptr;              ///< for SeriesAxis::ProviderType
  std::vector<double> YearRecord::*by_entity = nullptr;  ///< for Commissioner and Domain
};

/// Every series written to a result file, in file order.
std::span<const SeriesSpec> series_catalogue();

/// HDF5 group of an axis: "series", "by_provider_type", "by_commissioner", "by_domain".
std::string_view group_name(SeriesAxis axis);

/// The value of a series in one year record at position k of its axis (k ignored for None).
double series_value(const SeriesSpec& s, const YearRecord& r, int k);

}  // namespace quasim
