// sim/detail/scenario_checks.hpp — private to sim/scenario.cpp (which defines these) and
// sim/scenario_policy.cpp: the checks both apply to values as written, so that a policy table
// and the scenario's own keys are refused with the same messages.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "model/parameters.hpp"
#include "sim/parameter_table.hpp"
#include "sim/scenario.hpp"

namespace quasim::detail {

/// The most points a sweep or design may have: each is validated up front (about 0.5 ms each).
inline constexpr int kMaxSweepPoints = 10000;

/// Throws ScenarioError `file:line: key: problem` for a value written at `o`.
[[noreturn]] void fail(const Origin& o, const std::string& key, const std::string& problem);

/// A value as messages quote it: `0.25`, `"text"`, `an array`.
std::string describe(const RawValue& v);

/// `--set` value text read as a TOML value; a bare word is taken as text.
RawValue parse_set_value(const std::string& value, const Origin& o, const std::string& key);

/// The NAMEs of the `[domain.NAME]` tables among `leaves`, sorted.
std::vector<std::string> domain_names(const std::map<std::string, RawValue>& leaves);

/// "council" (the councils) first, then each `[agency.NAME]` table's name in order.
std::vector<std::string> agency_names(const std::map<std::string, RawValue>& leaves);

/// Checks `v` against `spec` (type, range, choices) and stores it in `p` at `index`.
void assign(Parameters& p, const ParamSpec& spec, int index, const RawValue& v,
            const std::string& key);

/// Checks rules across parameters; a message points at the key's line in `leaves`, else `path`.
void check_consistency(const Parameters& p, const std::map<std::string, RawValue>& leaves,
                       const std::string& path);

/// Checks a `[design]` table as written (sim/scenario_design.cpp) against the parameter table
/// for these domains and agencies; `default_seed` where it gives none.
Design check_design(const RawValue& table, const std::vector<std::string>& domains,
                    const std::vector<std::string>& agencies, std::int64_t default_seed);

}  // namespace quasim::detail
