// output/series_catalogue.hpp — what every output series is: name, group, units, description
// and where its numbers sit in a YearRecord. Declared once, here, separate from the rules
// that produce the numbers (Mesa's data collector, made typed).
#pragma once

#include <array>
#include <span>
#include <string_view>
#include <vector>

#include "model/year_record.hpp"

namespace quasim {

/// The axis after [replicate, year]: none, provider type, commissioner, domain, difficulty
/// group (`[difficulty]` groups, model/parameters.hpp), age band or agency (who pays).
enum class SeriesAxis {
  None,
  ProviderType,
  Commissioner,
  Domain,
  DifficultyGroup,
  AgeBand,
  Agency
};

/// The result-file layout written now (/provenance@format_version). 4 added the age-band and
/// agency axes and the outcome, trust and collaboration series of issue 18; 3 the waiting-list
/// series and the difficulty-group axis; 2 checksums.
inline constexpr int kResultFormat = 4;

struct SeriesSpec {
  std::string_view name;  ///< dataset name inside its group
  SeriesAxis axis;        ///< decides the group: series, by_provider_type, ...
  std::string_view units;
  std::string_view description;
  double YearRecord::*scalar = nullptr;                  ///< for SeriesAxis::None
  TypeArray YearRecord::*by_type = nullptr;              ///< for SeriesAxis::ProviderType
  std::vector<double> YearRecord::*by_entity = nullptr;  ///< Commissioner, Domain, DifficultyGroup
  /// The first result-file format with this series: a file of an older format may lack it.
  int since_format = 1;
};

/// Every series written to a result file, in file order.
std::span<const SeriesSpec> series_catalogue();

/// HDF5 group of an axis: "series", "by_provider_type", "by_commissioner", "by_domain",
/// "by_difficulty_group", "by_age_band", "by_agency".
std::string_view group_name(SeriesAxis axis);

/// The axis dataset and dimension label of an axis: "provider_type", "commissioner", "domain",
/// "difficulty_group", "age_band", "agency" ("" for None).
std::string_view axis_name(SeriesAxis axis);

/// Every axis, in file order.
inline constexpr SeriesAxis kSeriesAxes[] = {
    SeriesAxis::None,   SeriesAxis::ProviderType,    SeriesAxis::Commissioner,
    SeriesAxis::Domain, SeriesAxis::DifficultyGroup, SeriesAxis::AgeBand,
    SeriesAxis::Agency};

/// The age bands of the /age_band axis (model/parameters.hpp kAgeBands), in order.
inline constexpr std::array<const char*, 5> kAgeBandNames = {"0-17", "18-44", "45-64", "65-84",
                                                             "85+"};

/// The value of a series in one year record at position k of its axis (k ignored for None).
double series_value(const SeriesSpec& s, const YearRecord& r, int k);

}  // namespace quasim
