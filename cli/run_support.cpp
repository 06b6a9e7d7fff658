// cli/run_support.cpp — result paths and provenance.
#include "cli/run_support.hpp"

#include <cstdio>
#include <filesystem>

#include "sim/parameter_table.hpp"

namespace quasim {

std::string point_file(const std::string& out, std::size_t k, std::size_t n) {
  if (n <= 1) return out;
  const std::filesystem::path p(out);
  char suffix[32];
  std::snprintf(suffix, sizeof suffix, ".p%03zu", k);
  return (p.parent_path() / (p.stem().string() + suffix + p.extension().string())).string();
}

Provenance make_provenance(const Scenario& s, const SweepPoint& point, std::size_t n,
                           const std::string& command_line) {
  const Parameters& p = point.params;
  Provenance prov;
  prov.scenario_name = n > 1 ? s.name + " [" + point.label + "]" : s.name;
  prov.scenario_path = s.path;
  prov.scenario_text = s.text;
  prov.resolved_parameters = resolved_toml(p);
  prov.command_line = command_line;
  for (const auto& o : s.overrides) prov.overrides += o + "\n";
  for (const auto& [key, value] : point.settings) prov.overrides += key + "=" + value + "\n";
  prov.design = design_toml(s.design);  // "" without a design
  prov.seed = p.run.seed;
  prov.replicates = p.run.replicates;
  prov.years = p.run.years;
  prov.start_year = p.run.start_year;
  for (int c = 0; c < p.commissioners.count; ++c) {
    char name[32];
    std::snprintf(name, sizeof name, "commissioner-%03d", c + 1);
    prov.commissioner_names.push_back(name);
  }
  for (const auto& d : p.domains) prov.domain_names.push_back(d.name);
  prov.difficulty_groups = p.difficulty.groups;
  for (const auto& a : p.agencies) prov.agency_names.push_back(a.name);
  return prov;
}

}  // namespace quasim
