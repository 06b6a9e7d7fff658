// sim/parameter_table.hpp — the one schema of every parameter: name, type, unit, range,
// description, ODD section. It drives validation, `quasim explain`, the resolved-parameter
// dump in provenance and docs/PARAMETERS.md. Defaults are read from a default Parameters,
// so they exist in exactly one place (model/parameters.hpp).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "model/parameters.hpp"

namespace quasim {

/// Choice: one of a fixed list of names, held by the engine as an enum (parsed once, here).
/// RealList, TextList: arrays of 1 to kMaxDifficultyGroups numbers or names (`[difficulty]`).
enum class ParamType { Real, Integer, Boolean, Text, Choice, AgeWeights, RealList, TextList };

/// A choice parameter: its enum, seen as the index of its name in the spec's `choices`.
struct ChoiceRef {
  std::uint8_t* index;
  std::string_view names;  ///< '|'-separated, in the enum's order
};
template <class E>
ChoiceRef choice_ref(E& e, std::string_view names) {
  static_assert(std::is_enum_v<E> && std::is_same_v<std::underlying_type_t<E>, std::uint8_t>);
  return {reinterpret_cast<std::uint8_t*>(&e), names};  // char-typed access: allowed aliasing
}

/// The names of a '|'-separated choice list, in order.
std::vector<std::string_view> choice_names(std::string_view names);

/// A typed reference to one parameter inside a Parameters.
using ParamRef =
    std::variant<double*, int*, std::int64_t*, bool*, std::string*, ChoiceRef,
                 std::array<double, kAgeBands>*, std::vector<double>*, std::vector<std::string>*>;

/// Where a parameter lives: the global tables, a `[domain.NAME]` table, a `[provider.TYPE]`
/// table, a domain's spill-over row (`domain.NAME.spillover.SOURCE`), or an `[agency.NAME]`
/// table (issue 18).
enum class ParamScope { Global, Domain, ProviderType, Spillover, Agency };

struct ParamSpec {
  std::string_view key;  ///< dotted key; `*` stands for a domain or provider-type name
  ParamType type;
  ParamScope scope;
  std::string_view unit;
  double min;
  double max;
  std::string_view description;
  std::string_view odd_section;
  std::string_view choices;  ///< Text: '|'-separated allowed values ("" = free text); Choice: names
  /// index: domain index, provider type, or (domain * kMaxDomains + source) for Spillover.
  ParamRef (*ref)(Parameters&, int index);
};

/// Whether a commissioner may have its own value (`[commissioner."NAME"]`, `[group.NAME]`):
/// the rules acting for one commissioner read it through Market::policy_of.
bool acts_per_commissioner(const ParamSpec& spec);

/// The keys (patterns) that act per commissioner, for messages and docs.
std::vector<std::string_view> per_commissioner_keys();

/// Whether a parameter holds for the whole run, so that a `[[timeline]]` entry cannot change
/// it: it shapes the run (run.*, output.*) or acts only when the world is built (ODD section
/// 3, and a few described under a submodel: partnerships formed, the support fund's size).
bool fixed_for_run(const ParamSpec& spec);

/// The whole table, in documentation order.
std::span<const ParamSpec> parameter_table();

/// The spec whose pattern matches a concrete key, with the index it addresses; nullptr if none.
/// `domains` are the domain names of the scenario (needed to resolve `domain.NAME.*`);
/// `agencies` its agency names (`agency.NAME.*` keys match only where they are given).
const ParamSpec* find_param(std::string_view key, const std::vector<std::string>& domains,
                            int* index, const std::vector<std::string>* agencies = nullptr);

/// Every concrete key valid for these domains (used for "did you mean" suggestions).
std::vector<std::string> concrete_keys(const std::vector<std::string>& domains,
                                       const std::vector<std::string>& agencies = {"council"});

/// The value of a parameter rendered as TOML (e.g. `0.25`, `true`, `"shared"`, `[1, 2]`).
std::string format_value(const ParamRef& ref);

/// Default of a spec as text; for provider types, all six defaults.
std::string default_text(const ParamSpec& spec);

/// The policy changes (sim/policy.cpp) as TOML that loads back to the same: `[group.NAME]`
/// tables with their members, then one `[[timeline]]` entry per change in the order applied
/// (a commissioner's own table is written as an entry from the first year for it alone).
std::string policy_toml(const Parameters& p);

/// The fully resolved parameters as a TOML document (provenance and `quasim validate`),
/// the policy changes last.
std::string resolved_toml(const Parameters& p);

}  // namespace quasim
