// cli/cmd_scenario.cpp — `quasim validate`, `quasim explain`, `quasim list`.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <set>
#include <string_view>
#include <vector>

#include "cli/commands.hpp"
#include "sim/design_points.hpp"
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

/// The words of a key or query: its parts split at '.' and '_' ("lot", "size").
std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> out;
  std::string word;
  for (const char c : text) {
    if (c == '.' || c == '_' || c == ' ') {
      if (!word.empty()) out.push_back(word);
      word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) out.push_back(word);
  return out;
}

/// How many of the query's words (of 3 letters or more) a key has, allowing one typo in a word
/// of 5 letters or more.
std::size_t shared_words(const std::vector<std::string>& query,
                         const std::vector<std::string>& key) {
  std::size_t n = 0;
  for (const auto& q : query) {
    if (q.size() < 3) continue;
    for (const auto& k : key)
      if (q == k || (q.size() >= 5 && edit_distance(q, k) <= 1)) {
        ++n;
        break;
      }
  }
  return n;
}

/// `key` with each `*` part replaced by the query's part there (when they have as many parts),
/// so that `domain.adult_socal_care.pbr_shar` is compared with a key it could name.
std::string as_query_names(std::string_view key, std::string_view query) {
  const auto k = key_parts(key), q = key_parts(query);
  if (k.size() != q.size()) return std::string(key);
  std::string out;
  for (std::size_t i = 0; i < k.size(); ++i)
    out += std::string(i ? "." : "") + std::string(k[i] == "*" ? q[i] : k[i]);
  return out;
}

/// Parameter names near `query` when nothing starts with or contains it, best first: names
/// within a few typos of it (whole names and section names), then names sharing its words.
std::vector<std::string> near_matches(const std::string& query) {
  const std::string q = lower(query);
  const auto q_words = words_of(q);
  struct Candidate {
    std::string key;
    std::size_t distance, shared;
  };
  std::vector<Candidate> found;
  const auto consider = [&](const std::string& key, std::size_t distance, std::size_t shared) {
    for (auto& c : found)
      if (c.key == key) {
        c.distance = std::min(c.distance, distance);
        c.shared = std::max(c.shared, shared);
        return;
      }
    found.push_back({key, distance, shared});
  };
  const std::size_t limit = std::max<std::size_t>(2, q.size() / 4);
  std::size_t q_long_words = 0;
  for (const auto& w : q_words) q_long_words += w.size() >= 3;
  for (const auto& s : parameter_table()) {
    const std::string key(s.key), section = key.substr(0, key.find('.'));
    const std::size_t d = edit_distance(q, as_query_names(key, q));
    const std::size_t shared = shared_words(q_words, words_of(key));
    // Close as a whole name, or most of the query's words are in it.
    if (d <= limit || (shared > 0 && 2 * shared >= q_long_words)) consider(key, d, shared);
    if (const std::size_t ds = edit_distance(q, section); ds <= limit) consider(section, ds, 0);
  }
  std::stable_sort(found.begin(), found.end(), [&](const Candidate& a, const Candidate& b) {
    const bool a_close = a.distance <= limit, b_close = b.distance <= limit;
    if (a_close != b_close) return a_close;
    if (a_close && a.distance != b.distance) return a.distance < b.distance;
    if (a.shared != b.shared) return a.shared > b.shared;
    return a.distance < b.distance;
  });
  std::vector<std::string> out;
  for (std::size_t i = 0; i < found.size() && i < 6; ++i) out.push_back(found[i].key);
  return out;
}

/// The names of the `[SECTION.NAME]` tables in the shipped scenarios ("domain": the domains
/// they define), so that `explain adult_social_care` knows the word is a domain.
std::set<std::string> shipped_table_names(const std::string& section) {
  namespace fs = std::filesystem;
  std::set<std::string> names;
  std::error_code ec;
  const std::string head = "[" + section + ".";
  for (const auto& e : fs::directory_iterator(fs::path(quasim_home()) / "scenarios", ec)) {
    if (e.path().extension() != ".toml") continue;
    std::ifstream in(e.path());
    for (std::string line; std::getline(in, line);)
      if (line.starts_with(head)) {
        const std::string rest = line.substr(head.size());
        names.insert(rest.substr(0, rest.find_first_of(".]")));
      }
  }
  return names;
}

/// The `*` keys of a section (`domain.*...`, `provider.*...`) that a concrete NAME of it takes.
void add_star_keys(std::vector<const ParamSpec*>& rows, std::string_view section) {
  const std::string head = std::string(section) + ".*";
  for (const auto& s : parameter_table())
    if (std::string_view(s.key).starts_with(head) &&
        std::find(rows.begin(), rows.end(), &s) == rows.end())
      rows.push_back(&s);
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
  std::string named;  // what a concrete name on its own stands for
  if (prefix.find('.') == std::string::npos && !prefix.empty()) {
    // A concrete name on its own: a provider type takes the provider.* keys, a domain of the
    // shipped scenarios (or the start of one: `explain childrens`) the domain.* keys.
    if (std::find(kProviderTypeNames.begin(), kProviderTypeNames.end(), prefix) !=
        kProviderTypeNames.end()) {
      add_star_keys(rows, "provider");
      named = "'" + prefix + "' is a provider type: set its provider.* keys as provider." + prefix +
              ".KEY";
    } else if (rows.empty() && prefix.size() >= 4) {
      for (const std::string& d : shipped_table_names("domain"))
        if (d.starts_with(prefix)) {
          add_star_keys(rows, "domain");
          named =
              "'" + d + "' is a domain of the shipped scenarios: domain." + d + ".KEY sets these";
          break;
        }
    }
  }
  if (rows.empty()) {
    const std::vector<std::string> near = near_matches(prefix);
    std::string list;
    for (std::size_t i = 1; i < near.size(); ++i) list += (i > 1 ? ", " : "") + near[i];
    // Bad input, like a scenario's unknown key: exit 2 (main.cpp).
    throw ScenarioError(
        "explain", 0, "",
        "no parameter starts with or contains '" + prefix + "'" +
            (near.empty() ? "; see `quasim explain` for every name"
                          : "; did you mean '" + near[0] + "'?" +
                                (list.empty() ? "" : " (other near matches: " + list + ")")));
  }
  if (!named.empty() && !markdown) std::cout << "(" << named << ")\n";
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

/// "design: saltelli, base_points 64 -> 384 points, seed 7", then each parameter's distribution.
void print_design(const Design& d, std::size_t points) {
  if (d.empty()) return;
  std::cout << "  design: " << design_method_name(d.method) << ", " << design_size_key(d.method)
            << " " << d.size
            << (d.method == DesignMethod::Morris ? ", levels " + std::to_string(d.levels) : "")
            << " -> " << points << " points, seed " << d.seed << "\n";
  for (const auto& p : d.parameters)
    std::cout << "    " << p.key << ": " << distribution_text(p) << "\n";
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
            << (points.size() > 1 ? ", " + std::to_string(points.size()) +
                                        (s.design.empty() ? " sweep points" : " design points")
                                  : "")
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
  print_design(s.design, points.size());
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
