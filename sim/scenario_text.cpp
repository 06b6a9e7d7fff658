// sim/scenario_text.cpp — splitting a scenario's joined text back into its files.
#include "sim/scenario_text.hpp"

#include <toml++/toml.h>

#include <filesystem>
#include <sstream>

#include "sim/detail/scenario_checks.hpp"
#include "sim/scenario.hpp"

namespace quasim {
namespace {

constexpr std::string_view kHeader = "# ---- ";

toml::table parse(const std::string& text, const std::string& where) {
  detail::check_text_depth(text, where);
  try {
    return toml::parse(std::string_view(text), std::string_view(where));
  } catch (const toml::parse_error& e) {
    throw ScenarioError(where, static_cast<int>(e.source().begin.line), "",
                        "TOML syntax error: " + std::string(e.description()));
  }
}

/// Where the file at the start of `rest` ends and the file it extends begins, and that file's
/// path; npos if the file extends nothing. Each `# ---- ` line is a candidate: the text before it
/// must parse and name, with `extends`, the path the line gives (a file's own `# ----` lines are
/// its text).
std::pair<std::size_t, std::string> next_file(const std::string& rest, const std::string& path) {
  std::string marker(1, '\n');
  marker += kHeader;
  for (std::size_t cut = rest.find(marker); cut != std::string::npos;
       cut = rest.find(marker, cut + 1)) {
    toml::table table;
    detail::check_text_depth(std::string_view(rest).substr(0, cut), path);
    try {
      table = toml::parse(std::string_view(rest).substr(0, cut), std::string_view(path));
    } catch (const toml::parse_error&) {
      continue;
    }
    const auto extends = table["extends"].value<std::string>();
    if (!extends) continue;
    const std::string parent = (std::filesystem::path(path).parent_path() / *extends).string();
    if (rest.compare(cut, marker.size() + parent.size() + 1, marker + parent + "\n") == 0)
      return {cut, parent};
  }
  return {std::string::npos, ""};
}

}  // namespace

std::vector<ScenarioSource> split_scenario_text(const std::string& joined,
                                                const std::string& where) {
  const auto bad = [&](const std::string& what) {
    return ScenarioError(where, 0, "", "not a scenario text as quasim keeps it: " + what);
  };
  if (!joined.starts_with(kHeader)) throw bad("it does not start with \"# ---- PATH\"");
  const std::size_t eol = joined.find('\n');
  if (eol == std::string::npos) throw bad("a header line without a file");
  std::string path = joined.substr(kHeader.size(), eol - kHeader.size());
  std::string rest = joined.substr(eol + 1);
  std::vector<ScenarioSource> files;
  for (;;) {
    const auto [cut, parent] = next_file(rest, path);
    if (cut == std::string::npos) {
      if (const auto extends = parse(rest, path)["extends"].value<std::string>())
        throw bad(path + " extends \"" + *extends + "\", whose text is not there");
      files.push_back({path, rest});
      return files;
    }
    files.push_back({path, rest.substr(0, cut)});
    rest = rest.substr(cut + 1 + kHeader.size() + parent.size() + 1);
    path = parent;
  }
}

std::string toml_value_at(const std::string& text, const std::string& key, const std::string& where,
                          bool quiet) {
  toml::table table;
  try {
    table = parse(text, where);
  } catch (const ScenarioError&) {
    if (quiet) return "";
    throw;
  }
  const auto node = table.at_path(key);
  if (!node || node.is_table()) return "";
  std::ostringstream out;
  node.visit([&](const auto& v) { out << v; });
  return out.str();
}

}  // namespace quasim
