// output/batch_index.hpp — a sweep's result: one file per sweep point plus an index file whose
// /points/pNNN are HDF5 external links to them, so h5py and HDFView open the whole batch
// through one path (f["points/p001/series/unmet_need"]).
#pragma once

#include <string>
#include <vector>

#include "output/result_file.hpp"

namespace quasim {

struct BatchPoint {
  std::string label;  ///< e.g. "budget.change_late=-0.02"
  std::string file;   ///< the point's result file (linked by its name, relative to the index)
  int number = -1;    ///< the point's number in its sweep (/points/pNNN); -1: its place in the list
};

/// Writes the index atomically (temp file + rename). `prov` supplies scenario and command line,
/// and `prov.missing` marks a partial batch (/provenance@partial, @missing).
void write_batch_index(const std::string& path, const Provenance& prov,
                       const std::vector<BatchPoint>& points);

/// True if `path` is a batch index (has /points); false for a plain result file.
bool is_batch_index(const std::string& path);

/// The point files an index links to, in point order, as paths usable from here. Throws
/// OutputError for links that leave the index's folder or lead to another index.
std::vector<BatchPoint> batch_points(const std::string& path);

}  // namespace quasim
