// sim/point_label.hpp — the one label format of a sweep (or design) point, "k=v, k2=v2", and the
// result file's scenario name that carries it, "NAME [k=v, k2=v2]": run, batch, merge and every
// index write and read labels through these, so they agree whichever command wrote the file.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace quasim {

/// "k=v, k2=v2" from a point's settings (key, value text), in the order given.
std::string point_label(const std::vector<std::pair<std::string, std::string>>& settings);

/// A point's scenario name: "NAME [LABEL]", or NAME alone when the label is empty.
std::string point_scenario_name(const std::string& scenario, const std::string& label);

/// The inverse of point_scenario_name: (NAME, LABEL), LABEL "" when `name` ends in no label. The
/// label is the bracketed text that closes the name (brackets inside it, as in a list value
/// "k=[1, 2]", are matched), so a scenario name holding brackets of its own survives.
std::pair<std::string, std::string> split_point_scenario_name(const std::string& name);

}  // namespace quasim
