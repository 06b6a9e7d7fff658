// output/result_reader.hpp — reading result files back (quasim info, reproduce, merge, tests).
// The reader checks what it reads against the series catalogue and the file's own axes and
// checksum, so no caller ever works on a missing, reshaped, retyped or edited dataset unawares.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "output/result_file.hpp"

namespace quasim {

/// One dataset read back: its path, shape and values (as float64) in row-major order.
struct DatasetData {
  std::string path;  ///< e.g. "/series/unmet_need"
  std::vector<std::size_t> shape;
  std::vector<double> values;  ///< empty when the dataset is not as the catalogue says
  std::string units;  ///< the words ("GBP million"): `units_label`, else an old file's `units`
  std::string description;
  std::string type;  ///< "float64", "int32", "uint16", "string", ...
  /// The file's format predates this series (SeriesSpec::since_format) and it is not there:
  /// no shape, no values, not in the checksum.
  bool absent = false;
};

/// The axes of a result file: replicate numbers, calendar years, and the entity names.
struct ResultAxes {
  std::vector<int> replicates, years;
  std::vector<std::string> provider_types, commissioners, domains;
  std::vector<std::string> difficulty_groups;    ///< empty in a file of format 2 or older
  std::vector<std::string> age_bands, agencies;  ///< empty in a file of format 3 or older
};

struct ResultFileContents {
  std::map<std::string, std::string> provenance;  ///< every /provenance attribute as text
  ResultAxes axes;
  int format = 1;                     ///< /provenance@format_version (1 when absent)
  std::vector<DatasetData> datasets;  ///< the catalogue's series, in catalogue order
  std::vector<DatasetData> panels;    ///< /panels/* columns, in writer order
  /// What is wrong with the file's contents, one line each ("/series/x: missing"); empty when
  /// every series is present with its catalogue type and shape and the checksum matches.
  std::vector<std::string> problems;
};

/// Reads a result file. Throws OutputError naming the file if it is missing, not a regular
/// file, not HDF5 or not a quasim file; problems with its contents are listed in `problems`.
ResultFileContents read_result_file(const std::string& path);

/// Throws OutputError("PATH: <first problem> (and N more)") if `c` has problems.
void require_valid(const ResultFileContents& c, const std::string& path);

/// A /provenance attribute as an integer; throws OutputError naming the file and attribute
/// when it is missing (unless `fallback` is given) or not an integer.
long long provenance_int(const ResultFileContents& c, const std::string& path,
                         const std::string& key, std::optional<long long> fallback = std::nullopt);

/// A /provenance attribute as text ("" if absent).
std::string provenance_text(const ResultFileContents& c, const std::string& key);

}  // namespace quasim
