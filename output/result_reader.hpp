// output/result_reader.hpp — reading result files back (quasim info, reproduce, merge, tests).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "output/result_file.hpp"

namespace quasim {

/// One dataset read back: its path, shape and float64 values in row-major order.
struct DatasetData {
  std::string path;             ///< e.g. "/series/unmet_need"
  std::vector<std::size_t> shape;
  std::vector<double> values;
  std::string units;
  std::string description;
};

struct ResultFileContents {
  std::map<std::string, std::string> provenance;  ///< every /provenance attribute as text
  std::vector<DatasetData> datasets;              ///< every float64 dataset under the series groups
};

/// Reads a result file. Throws OutputError naming the file if it is missing or not a quasim file.
ResultFileContents read_result_file(const std::string& path);

}  // namespace quasim
