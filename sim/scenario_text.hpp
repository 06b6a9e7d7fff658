// sim/scenario_text.hpp — a scenario's files back from the text a result file keeps
// (Scenario::text, /provenance@scenario_text), for `quasim info --extract` and `quasim package`.
#pragma once

#include <string>
#include <vector>

namespace quasim {

/// One file of a scenario's `extends` chain: its path as it was opened, and its text.
struct ScenarioSource {
  std::string path;
  std::string text;
};

/// Splits the joined text of a scenario (`# ---- PATH` before each file, the scenario first,
/// then each file it extends) back into its files, following each file's `extends` to find
/// where the next begins. Throws ScenarioError naming `where` when the text is not in that form.
std::vector<ScenarioSource> split_scenario_text(const std::string& joined,
                                                const std::string& where);

/// The value at the dotted `key` of TOML `text`, written as TOML (numbers to full precision,
/// strings quoted); empty if `text` has no such value. Throws ScenarioError if `text` is not
/// TOML, unless `quiet` (then empty).
std::string toml_value_at(const std::string& text, const std::string& key, const std::string& where,
                          bool quiet = false);

}  // namespace quasim
