// cli/sweep_settings.hpp — a sweep point's swept parameters, recovered from its result file's
// provenance, so that `quasim batch` and `quasim merge` of parts (which has nothing else) write
// the same /sweep coordinates into the index.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "output/batch_index.hpp"
#include "output/result_file.hpp"

namespace quasim {

/// "k=v, k2=v2" (a sweep point's label) as (key, value text) pairs. A piece that does not start
/// with a parameter-like key belongs to the value before it (a list value holds ", ").
std::vector<std::pair<std::string, std::string>> parse_point_label(const std::string& label);

/// The swept parameters of the point whose label is `label` and whose provenance is `prov`: each
/// key with its value text, and for an integer or real parameter the value it ran with (read
/// from /provenance@resolved_parameters at full precision), with units and description from the
/// parameter table.
std::vector<SweepSetting> sweep_settings(const std::string& label, const Provenance& prov);

/// The design a batch's points were drawn from (their /provenance@design), for the index's
/// /design, with the unit coordinates of the points in `index`; nullopt when they have none.
/// Throws OutputError if the design cannot be read back.
std::optional<DesignRecord> design_record(const Provenance& prov,
                                          const std::vector<BatchPoint>& index);

}  // namespace quasim
