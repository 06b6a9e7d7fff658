// cli/cmd_scenario.cpp — `quasim validate`, `quasim explain`, `quasim list`.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>
#include <string_view>
#include <vector>

#include "cli/commands.hpp"
#include "sim/memory_fit.hpp"
#include "sim/parameter_table.hpp"
#include "sim/scenario.hpp"

namespace quasim {
namespace {

std::string range_text(const ParamSpec& s) {
  std::ostringstream o;
  switch (s.type) {
    case ParamType::Boolean:
      return "true|false";
    case ParamType::Text:
      return s.choices.empty() ? "text" : std::string(s.choices);
    case ParamType::Choice:
      return std::string(s.choices);
    case ParamType::TextList:
      o << "1 to " << kMaxDifficultyGroups << " distinct names";
      return o.str();
    case ParamType::RealList:
      o << "[" << s.min << ", " << s.max << "] each, one per difficulty group";
      return o.str();
    default:
      o << "[" << s.min << ", " << s.max << "]";
      return o.str();
  }
}

std::string type_text(ParamType t) {
  switch (t) {
    case ParamType::Real:
      return "real";
    case ParamType::Integer:
      return "integer";
    case ParamType::Boolean:
      return "boolean";
    case ParamType::Text:
    case ParamType::Choice:
      return "text";
    case ParamType::AgeWeights:
      return "5 reals";
    case ParamType::RealList:
      return "list of reals";
    case ParamType::TextList:
      return "list of text";
  }
  return "?";
}

/// A key's dot-separated parts.
std::vector<std::string_view> key_parts(std::string_view key) {
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    const std::size_t dot = key.find('.', start);
    parts.push_back(key.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) return parts;
    start = dot + 1;
  }
}

/// Whether `query` names the start of `key`, part by part: a `*` in the key (a domain, provider
/// type or agency) stands for any name the query gives there (`domain.adult_social_care.pbr`
/// finds `domain.*.pbr_share`), and the query's last part may be the start of the key's.
bool starts_key(std::string_view query, std::string_view key) {
  if (key.substr(0, query.size()) == query) return true;
  const auto q = key_parts(query), k = key_parts(key);
  if (q.size() > k.size()) return false;
  for (std::size_t i = 0; i < q.size(); ++i) {
    const bool last = i + 1 == q.size();
    if (k[i] == "*") {
      if (q[i].empty() && !last) return false;
      if (k[0] == "provider" && i == 1 && !last &&
          std::find(kProviderTypeNames.begin(), kProviderTypeNames.end(), q[i]) ==
              kProviderTypeNames.end())
        return false;  // provider.* stands for a provider type, not any name
      continue;
    }
    if (last ? k[i].substr(0, q[i].size()) != q[i] : k[i] != q[i]) return false;
  }
  return true;
}

/// Lower-case copy, for matching words anywhere in a key.
std::string lower(std::string_view text) {
  std::string out(text);
  for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

void explain(const std::string& prefix, bool markdown) {
  std::vector<const ParamSpec*> rows;
  for (const auto& s : parameter_table())
    if (starts_key(prefix, s.key)) rows.push_back(&s);
  if (rows.empty() && !prefix.empty()) {
    // Not the start of a name: a word anywhere in one (`explain pbr` finds every PbR key).
    const std::string word = lower(prefix);
    for (const auto& s : parameter_table())
      if (lower(s.key).find(word) != std::string::npos) rows.push_back(&s);
  }
  if (rows.empty()) {
    std::vector<std::string> keys;
    for (const auto& s : parameter_table()) {
      keys.emplace_back(s.key);
      keys.emplace_back(s.key.substr(0, s.key.find('.')));  // section names, for prefixes
    }
    const std::string near = nearest(prefix, keys);
    throw std::runtime_error("no parameter starts with or contains '" + prefix + "'" +
                             (near.empty() ? "" : " (did you mean '" + near + "'?)"));
  }
  if (markdown) {
    std::cout << "| key | type | unit | default | valid range | description | ODD section |\n"
              << "|---|---|---|---|---|---|---|\n";
    auto cell = [](std::string text) {  // a '|' inside a cell would split the Markdown row
      for (std::size_t i = text.find('|'); i != std::string::npos; i = text.find('|', i + 2))
        text.insert(i, "\\");
      return text;
    };
    for (const auto* s : rows)
      std::cout << "| `" << s->key << "` | " << type_text(s->type) << " | "
                << cell(std::string(s->unit)) << " | " << cell(default_text(*s)) << " | "
                << cell(range_text(*s)) << " | " << cell(std::string(s->description)) << " | "
                << s->odd_section << " |\n";
    return;
  }
  for (const auto* s : rows) {
    std::cout << s->key << "  (" << type_text(s->type) << ", " << s->unit << ")\n"
              << "    " << s->description << "\n"
              << "    default: " << default_text(*s) << "   valid: " << range_text(*s)
              << "   ODD: " << s->odd_section << "\n";
  }
  if (!prefix.empty() || markdown) return;
  std::cout << "\n`*` in domain.* stands for a domain name from the scenario; in provider.* for a "
               "provider\n"
               "type: in_house, large_private, sme, voluntary, mutual, joint_venture.\n";
}

void validate(const std::string& path, const std::vector<std::string>& sets, bool quiet) {
  const Scenario s = load_scenario(path, sets);
  const auto points = sweep_points(s);
  const auto& p = s.params;
  const double agents = std::ceil(p.population.citizens / p.population.agent_weight);
  std::cout << "OK: " << path << " — " << s.name
            << (s.description.empty() ? "" : ": " + s.description) << "\n"
            << "  " << p.commissioners.count << " commissioners, " << p.domains.size()
            << (p.domains.size() == 1 ? " domain, " : " domains, ") << agents << " citizen agents ("
            << p.population.agent_weight << " persons each), " << p.run.years << " years x "
            << p.run.replicates << " replicates"
            << (points.size() > 1 ? ", " + std::to_string(points.size()) + " sweep points" : "")
            << "\n"
            << "  memory for citizens: about " << std::setprecision(3)
            << agents * kBytesPerCitizen / 1e6 << " MB per replicate\n";
  // Validation does not depend on the machine; whether it fits here is a note, checked again
  // by run and batch on the machine that does the work.
  try {
    check_fits_in_memory(s, points);
  } catch (const ScenarioError& e) {
    std::cout << "  note: too large for this machine (" << e.what()
              << "); run and batch refuse it here, a larger node may run it\n";
  }
  for (std::size_t k = 0; k < points.size() && points.size() > 1; ++k)
    std::cout << "  point " << k << ": " << points[k].label << "\n";
  if (!quiet) std::cout << "\n# resolved parameters\n" << resolved_toml(p);
}

void list_scenarios() {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(quasim_home()) / "scenarios";
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".toml") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::size_t width = 0;
  for (const auto& f : files) width = std::max(width, f.filename().string().size());
  for (const auto& f : files) {
    std::string purpose;
    try {
      purpose = load_scenario(f.string()).description;
    } catch (const std::exception& e) {
      purpose = std::string("(invalid: ") + e.what() + ")";
    }
    std::cout << std::left << std::setw(static_cast<int>(width) + 2) << f.filename().string()
              << purpose << "\n";
  }
  std::cout << "\n(" << dir.string() << "; see scenarios/README.md)\n";
}

}  // namespace

void add_scenario_commands(CLI::App& app) {
  struct Opts {
    std::string path, prefix;
    std::vector<std::string> sets;
    bool quiet = false, markdown = false;
  };
  auto o = std::make_shared<Opts>();

  auto* v = app.add_subcommand("validate", "Check a scenario and print its resolved parameters");
  v->add_option("scenario", o->path, "Scenario file (TOML)")->required();
  v->add_option("--set", o->sets, "Override a parameter: --set key=value (repeatable)");
  v->add_flag("-q,--quiet", o->quiet, "Only the one-line verdict and sizes");
  v->footer(
      "Example:\n  quasim validate scenarios/thin_market.toml --set outsourcing.price_weight=0.8");
  v->callback([o] { validate(o->path, o->sets, o->quiet); });

  auto* e = app.add_subcommand("explain", "The parameter table: names, units, defaults, ranges");
  e->add_option("key", o->prefix,
                "A parameter name or its start (budget, domain.*.onset, or with a concrete "
                "name: domain.adult_social_care.onset, provider.sme.markup); else a word "
                "anywhere in names (pbr)");
  e->add_flag("--markdown", o->markdown, "As a Markdown table (docs/PARAMETERS.md)");
  e->footer(
      "Example:\n  quasim explain outsourcing\n  quasim explain provider.sme.markup\n  quasim "
      "explain pbr");
  e->callback([o] { explain(o->prefix, o->markdown); });

  auto* l = app.add_subcommand("list", "The shipped scenarios and their purpose");
  l->footer("Example:\n  quasim list");
  l->callback([] { list_scenarios(); });
}

}  // namespace quasim
