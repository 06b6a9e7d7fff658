// output/batch_index.hpp — a sweep's result: one file per sweep point plus an index file whose
// /points/pNNN are HDF5 external links to them, so h5py and HDFView open the whole batch
// through one path (f["points/p001/series/unmet_need"]).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "output/result_file.hpp"

namespace quasim {

/// One swept parameter's value at a sweep point, for the index's /sweep coordinates.
struct SweepSetting {
  std::string key;          ///< dotted parameter key, e.g. "budget.change_late"
  std::string text;         ///< the value as the point's label writes it ("-0.02", "true", "sme")
  bool numeric = false;     ///< an integer or real parameter: `number` holds its value
  double number = 0;        ///< the value the point ran with (full precision)
  std::string units;        ///< from the parameter table ("" if the key is not in it)
  std::string description;  ///< from the parameter table
};

struct BatchPoint {
  std::string label;  ///< e.g. "budget.change_late=-0.02"
  std::string file;   ///< the point's result file (linked by its name, relative to the index)
  int number = -1;    ///< the point's number in its sweep (/points/pNNN); -1: its place in the list
  std::vector<SweepSetting> settings;  ///< its swept parameters, in sweep order (/sweep)
};

/// A design's description for the index's /design group (docs/DESIGNS.md).
struct DesignRecord {
  std::string method;                      ///< "lhs", "sobol", "saltelli", "morris", "oat"
  std::vector<std::string> parameters;     ///< keys, in the design's order
  std::vector<std::string> distributions;  ///< one per parameter: "uniform(0, 0.3)", ...
  std::vector<double> lower, upper;        ///< one per parameter
  std::int64_t seed = 0;
  std::int64_t rows = 0;  ///< points in the whole design (@points)
  std::vector<std::pair<std::string, std::int64_t>> sizes;  ///< base_points, levels, ...
  std::vector<std::vector<double>> unit;  ///< [point][parameter] u in [0, 1], the index's points
};

/// Writes the index atomically (temp file + rename). `prov` supplies scenario and command line,
/// and `prov.missing` marks a partial batch (/provenance@partial, @missing). When the points
/// have settings, /sweep holds them as coordinates: /sweep/point (the point numbers, a dimension
/// scale) and one dataset per swept parameter named by its key, float64 where every point's value
/// is a number, else strings (booleans as "true"/"false"), each with units and description.
/// With a `design`, /design holds its description and the points' unit coordinates.
void write_batch_index(const std::string& path, const Provenance& prov,
                       const std::vector<BatchPoint>& points, const DesignRecord* design = nullptr);

/// True if `path` is a batch index (has /points); false for a plain result file.
bool is_batch_index(const std::string& path);

/// The point files an index links to, in point order, as paths usable from here. Throws
/// OutputError for links that leave the index's folder or lead to another index.
std::vector<BatchPoint> batch_points(const std::string& path);

}  // namespace quasim
