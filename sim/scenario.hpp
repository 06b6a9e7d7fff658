// sim/scenario.hpp — loading a scenario: TOML files (with `extends`), `--set` overrides and
// sweeps, validated at the boundary into an immutable Parameters.
// Precedence: defaults < extended files (outermost first) < the scenario file < --set.
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "model/parameters.hpp"

namespace quasim {

/// Bad scenario input. what() is the whole message: `file:line: key: problem`.
class ScenarioError : public std::runtime_error {
 public:
  ScenarioError(std::string file, int line, std::string key, const std::string& problem);
  const std::string& file() const { return file_; }
  int line() const { return line_; }
  const std::string& key() const { return key_; }

 private:
  std::string file_;
  int line_;
  std::string key_;
};

/// Where a value came from, for error messages.
struct Origin {
  std::string file;  ///< scenario path, or "--set"
  int line = 0;
};

/// A scalar or array value as written, before it is checked against the schema.
struct RawValue {
  enum class Kind { Integer, Real, Boolean, Text, Array, Table } kind = Kind::Integer;
  std::int64_t integer = 0;
  double real = 0;
  bool boolean = false;
  std::string text;
  std::vector<RawValue> items;             ///< Array elements
  std::map<std::string, RawValue> fields;  ///< Table fields (sweep ranges)
  Origin origin;
};

/// One axis of a sweep: a parameter and the values it takes.
struct SweepAxis {
  std::string key;
  std::vector<RawValue> values;
  Origin origin;
};

/// One point of a sweep: the overrides applied and the resulting parameters.
struct SweepPoint {
  std::string label;  ///< e.g. "budget.change_early=-0.03, outsourcing.lot_size=3"
  std::vector<std::pair<std::string, std::string>> settings;
  Parameters params;
};

/// A `[[timeline]]` entry, or a `[commissioner."NAME"]` or `[group.NAME]` table, as written.
struct PolicyInput {
  std::string name;                     ///< commissioner or group name ("" for a timeline entry)
  std::int64_t year = 0;                ///< timeline: calendar year it takes effect
  Origin year_origin;                   ///< timeline: where `year` is written
  std::vector<RawValue> commissioners;  ///< timeline: names it applies to (empty: all)
  std::string group;                    ///< timeline: the group it applies to ("" none)
  Origin group_origin;                  ///< timeline: where `group` is written
  std::vector<RawValue> members;        ///< group: commissioner names
  std::map<std::string, RawValue> set;  ///< dotted parameter key -> value
  Origin origin;                        ///< the table's header
};

/// Policy over time and by commissioner, merged across `extends`: timeline entries are
/// appended (the extended file's first); commissioner and group tables merge key by key, the
/// extending file's value winning (a group's `members`, if given, replace the parent's).
struct PolicyTables {
  std::vector<PolicyInput> timeline;
  std::map<std::string, PolicyInput> commissioners;  ///< by commissioner name
  std::map<std::string, PolicyInput> groups;         ///< by group name
  bool empty() const { return timeline.empty() && commissioners.empty() && groups.empty(); }
};

/// How a `[design]` draws its points (docs/DESIGNS.md).
enum class DesignMethod { None, Lhs, Sobol, Saltelli, Morris, Oat };

/// A design parameter's distribution; every one is confined to [lower, upper].
enum class DesignDistribution { Uniform, LogUniform, Normal, Integer };

/// One parameter of a `[design]`: its dotted key and distribution.
struct DesignParameter {
  std::string key;
  DesignDistribution distribution = DesignDistribution::Uniform;
  double lower = 0, upper = 1;  ///< bounds (Integer: whole numbers, both included)
  double mean = 0, sd = 1;      ///< Normal only: before truncation to [lower, upper]
  Origin origin;
};

/// A `[design]` table, validated: the method, its size and the parameters in the order written.
struct Design {
  DesignMethod method = DesignMethod::None;
  int size =
      0;  ///< points (lhs, sobol), base_points (saltelli), trajectories (morris), steps (oat)
  int levels = 4;         ///< morris: grid levels (even)
  std::int64_t seed = 0;  ///< lhs and morris randomisation (default run.seed)
  std::vector<DesignParameter> parameters;
  Origin origin;  ///< the [design] table
  bool empty() const { return method == DesignMethod::None; }
};

struct Scenario {
  std::string path;                        ///< the file given
  std::string name;                        ///< `name`, else the file stem
  std::string description;                 ///< `description`
  std::string text;                        ///< the file and every file it extends, as given
  std::vector<std::string> overrides;      ///< the --set arguments
  std::map<std::string, RawValue> leaves;  ///< merged parameter values by dotted key
  std::vector<SweepAxis> sweep;
  Design design;        ///< `[design]` (empty: none); its points replace a sweep's
  PolicyTables policy;  ///< `[[timeline]]`, `[commissioner."NAME"]`, `[group.NAME]`
  Parameters params;    ///< resolved parameters (without sweep overrides)
};

/// Loads and validates a scenario. `sets` are "key=value" overrides (TOML values; bare words
/// are taken as text). Throws ScenarioError.
Scenario load_scenario(const std::string& path, const std::vector<std::string>& sets = {});

/// Parses scenario text held in memory (for tests and the fuzzer); `path` names it in errors
/// and anchors relative `extends`.
Scenario load_scenario_text(const std::string& text, const std::string& path,
                            const std::vector<std::string>& sets = {});

/// Builds and validates Parameters from merged leaves (used for sweep points too).
Parameters build_parameters(const std::map<std::string, RawValue>& leaves,
                            const std::string& scenario_path);

/// Validates the policy tables against `p` (keys, values, years, names) and stores them in
/// p.policy_changes in the order they apply: national timeline entries by year, then group
/// values, then a commissioner's own, each by year (the more specific value wins).
void attach_policy(Parameters& p, const PolicyTables& t,
                   const std::map<std::string, RawValue>& leaves, const std::string& scenario_path);

/// Sets one parameter from its TOML value text (a validated PolicyChange setting).
void apply_setting(Parameters& p, const std::string& key, const std::string& value);

/// The design written out as a `[design]` table that loads back to the same (every value given,
/// numbers exact): stored in each point's provenance (/provenance@design).
std::string design_toml(const Design& d);

/// Reads a `[design]` table from TOML text (design_toml's, or a file's) and validates it against
/// the parameter table for these domains and agencies; `default_seed` where it gives none.
/// Throws ScenarioError.
Design load_design_text(const std::string& text, const std::string& path,
                        const std::vector<std::string>& domains,
                        const std::vector<std::string>& agencies, std::int64_t default_seed);

/// Expands the sweep, or the design, into points (one point, without settings, when there is
/// neither). A design's points carry the exact values drawn.
std::vector<SweepPoint> sweep_points(const Scenario& s);

/// A number as scenario and size messages print it (`1e+09`, `0.25`).
std::string number_text(double v);

/// The candidate closest to `word` by edit distance, or "" if none is reasonably close.
std::string nearest(const std::string& word, const std::vector<std::string>& candidates);

/// Edit distance (an insertion, deletion or substitution counts one), for "did you mean".
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace quasim
