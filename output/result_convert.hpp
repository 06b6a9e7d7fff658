// output/result_convert.hpp — a result file's series turned back into ReplicateResults, so
// that parts can be merged by the same writer that wrote them (identical datasets).
#pragma once

#include <vector>

#include "output/result_reader.hpp"

namespace quasim {

/// The axes of a result file: replicate numbers present, commissioner and domain names.
struct ResultAxes {
  std::vector<int> replicates;
  std::vector<std::string> commissioners, domains;
};

/// Reads the root axes /replicate, /commissioner and /domain. Throws OutputError.
ResultAxes read_axes(const std::string& path);

/// The series of every replicate in a file (panels are not restored).
/// Throws OutputError if a catalogue series is missing or has the wrong shape.
std::vector<ReplicateResult> replicate_results(const ResultFileContents& contents, const ResultAxes& axes,
                                               const std::string& path);

/// The Provenance a file was written with (names from its axes, the rest from attributes).
Provenance provenance_of(const ResultFileContents& contents, const ResultAxes& axes);

}  // namespace quasim
