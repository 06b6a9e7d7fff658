// output/result_file.hpp — writing a result file (layout in docs/OUTPUTS.md).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/year_record.hpp"

namespace quasim {

/// The time now in UTC as ISO 8601 ("2026-12-07T13:45:00Z"), as /provenance@created has it.
std::string utc_now();

/// Output failures: unwritable path, HDF5 errors, unreadable or foreign files.
struct OutputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Everything needed to reproduce a result, stored as attributes of /provenance.
struct Provenance {
  std::string scenario_name;
  std::string scenario_path;
  std::string scenario_text;        ///< the scenario file(s) as given, extends chain included
  std::string resolved_parameters;  ///< TOML of every parameter after defaults/extends/--set
  std::string command_line;
  std::string overrides;  ///< the --set arguments, one per line
  std::int64_t seed = 0;
  int replicates = 0;  ///< replicates requested
  int years = 0;
  int start_year = 0;
  std::vector<std::string> commissioner_names;
  std::vector<std::string> domain_names;
  std::vector<std::string> difficulty_groups;  ///< `difficulty.groups`: the /difficulty_group axis
  std::vector<std::string> agency_names;       ///< who pays (`[agency.NAME]`): the /agency axis

  // A batch's part files say which work item they are, so resume and merge can check each
  // part against the batch's plan (-1 / empty: not a part of a batch).
  int batch_point = -1;    ///< sweep point index, 0-based
  int batch_points = 0;    ///< points in the batch's sweep
  std::string batch_plan;  ///< fingerprint of the whole plan (every point's parameters, version)
  std::string design;      ///< a design's point: its `[design]` table (sim design_toml), else ""

  /// Empty for a complete result; otherwise what a merge with --allow-partial left out
  /// (written as /provenance@partial = 1 and @missing).
  std::string missing;
};

/// Writes `results` (sorted by replicate) to `path` atomically: to `path + ".tmp-PID"`, then
/// rename. A crash or error leaves any existing file at `path` untouched. Throws OutputError.
/// `results` may hold fewer replicates than requested (an interrupted run); the file says so
/// in /provenance@replicates_completed. Refuses a `path` that exists and is not a regular file.
/// /provenance@content_checksum covers every dataset (see content_checksum.hpp).
void write_result_file(const std::string& path, const Provenance& prov,
                       const std::vector<ReplicateResult>& results);

}  // namespace quasim
