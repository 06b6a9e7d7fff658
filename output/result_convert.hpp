// output/result_convert.hpp — a result file's contents turned back into ReplicateResults, so
// that parts can be merged by the same writer that wrote them (identical datasets, panels too).
#pragma once

#include <vector>

#include "output/result_reader.hpp"

namespace quasim {

/// The series and panels of every replicate in a file. Throws OutputError naming `path` if the
/// file has problems (see require_valid) or a panel row names a replicate the file lacks.
std::vector<ReplicateResult> replicate_results(const ResultFileContents& contents,
                                               const std::string& path);

/// The Provenance a file was written with (names from its axes, the rest from attributes).
/// Throws OutputError naming `path` and the attribute if a number does not parse.
Provenance provenance_of(const ResultFileContents& contents, const std::string& path);

}  // namespace quasim
