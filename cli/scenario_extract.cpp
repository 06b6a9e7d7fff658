// cli/scenario_extract.cpp — writing a run's scenario files back from its provenance.
#include "cli/scenario_extract.hpp"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "output/batch_index.hpp"
#include "output/result_file.hpp"
#include "output/result_reader.hpp"
#include "sim/parameter_table.hpp"
#include "sim/scenario.hpp"
#include "sim/scenario_text.hpp"

namespace quasim {
namespace fs = std::filesystem;
namespace {

std::string get(const ResultFileContents& c, const std::string& key) {
  return provenance_text(c, key);
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

std::string key_of(const std::string& setting) {
  return setting.substr(0, setting.find('='));
}

/// Each path made relative to the folder all of them share. A name that is absolute or climbs
/// out of that folder (only a crafted file has one) is refused.
std::vector<std::string> relative_names(const std::vector<ScenarioSource>& sources,
                                        const std::string& file) {
  std::vector<fs::path> paths;
  for (const auto& s : sources) paths.push_back(fs::path(s.path).lexically_normal());
  fs::path common = paths[0].parent_path();
  for (const auto& p : paths)
    while (!common.empty() && p.lexically_relative(common).begin()->string() == "..")
      common = common.parent_path();
  std::vector<std::string> names;
  std::set<std::string> seen;
  for (const auto& p : paths) {
    const fs::path rel = common.empty() ? p : p.lexically_relative(common);
    bool ok = !rel.empty() && rel.is_relative() && rel.has_filename();
    for (const auto& part : rel) ok = ok && part != ".." && part != "." && !part.empty();
    if (!ok || !seen.insert(rel.generic_string()).second || rel == "README.md")
      throw ScenarioError(file, 0, "/provenance@scenario_text",
                          "cannot place the scenario file '" + p.string() +
                              "' inside the folder (absolute, climbing out with '..', or twice)");
    names.push_back(rel.generic_string());
  }
  return names;
}

/// Text as a TOML string (for a sweep value the resolved parameters do not give).
std::string toml_string(const std::string& text) {
  std::string out = "\"";
  for (const char c : text)
    out += (c == '"' || c == '\\') ? std::string("\\") + c : std::string(1, c);
  return out + "\"";
}

/// The run's --set lines, split into the user's own and the sweep point's settings (which
/// run_support's make_provenance appends, one per sweep axis, in axis order).
struct Settings {
  std::vector<std::string> user, point;
  std::vector<std::string> axes;
  bool design = false;  ///< the point's settings are a [design]'s (they cannot be --set)
};

Settings split_settings(const std::vector<std::string>& lines, const fs::path& scenario) {
  Settings s;
  // A design's points set their parameters themselves (make_provenance records them as --set
  // lines, which the design refuses): those lines are the point's, not the user's.
  const Scenario bare = load_scenario(scenario.string(), {});
  if (!bare.design.parameters.empty()) {
    s.design = true;
    for (const auto& line : lines) {
      const std::string key = key_of(line);
      const bool varied = std::any_of(bare.design.parameters.begin(), bare.design.parameters.end(),
                                      [&](const auto& p) { return p.key == key; });
      (varied ? s.point : s.user).push_back(line);
    }
    return s;
  }
  const Scenario loaded = load_scenario(scenario.string(), lines);
  for (const auto& a : loaded.sweep) s.axes.push_back(a.key);
  const std::size_t n = std::min(s.axes.size(), lines.size());
  s.user.assign(lines.begin(), lines.end() - static_cast<std::ptrdiff_t>(n));
  s.point.assign(lines.end() - static_cast<std::ptrdiff_t>(n), lines.end());
  return s;
}

bool is_run_option(const std::string& key) {
  return key == "run.seed" || key == "run.replicates" || key == "run.years";
}

/// Parameters as text that compares equal when, and only when, they are the same (timeline
/// origins named alike on both sides).
std::string canonical(const std::string& resolved) {
  return resolved_toml(load_scenario_text(resolved, "resolved").params);
}

}  // namespace

ExtractedRun plan_extract(const std::string& file, const std::string& prefix,
                          const std::string& result) {
  ExtractedRun run;
  run.source = file;
  run.index = is_batch_index(file);
  const ResultFileContents c = read_result_file(file);
  const std::string joined = get(c, "scenario_text");
  if (joined.empty())
    throw ScenarioError(file, 0, "", "no /provenance@scenario_text: no scenario to extract");
  const auto sources = split_scenario_text(joined, file + ":/provenance@scenario_text");
  run.files = relative_names(sources, file);
  for (const auto& s : sources) run.texts.push_back(s.text);
  run.scenario_name = get(c, "scenario_name");
  run.version = get(c, "quasim_version");
  run.commit = get(c, "git_commit");
  run.created = get(c, "created");
  run.original_command = get(c, "command_line");
  run.how_to_cite = get(c, "how_to_cite");
  run.seed = get(c, "seed");
  run.result = result;
  // A batch index keeps no settings of its own: its first point's are the batch's.
  const auto points = run.index ? batch_points(file) : std::vector<BatchPoint>{};
  if (run.index && points.empty()) throw ScenarioError(file, 0, "", "a batch index without points");
  const ResultFileContents point = run.index ? read_result_file(points[0].file) : c;
  if (run.created.empty()) run.created = get(point, "created");  // an index has no date of its own
  run.replicates = get(point, "replicates");
  run.years = get(point, "years");
  run.command = {"quasim", run.index ? "batch" : "run", prefix + "/" + run.files[0]};
  if (run.index)
    run.command.insert(run.command.end(),
                       {"--replicates", run.replicates, "--set", "run.seed=" + run.seed, "--set",
                        "run.years=" + run.years});
  else
    run.command.insert(run.command.end(),
                       {"--seed", run.seed, "--replicates", run.replicates, "--years", run.years});
  return run;
}

void finish_command(ExtractedRun& run, const std::string& dir) {
  const fs::path scenario = fs::path(dir) / run.files[0];
  std::vector<std::string> points;  // the result files whose parameters must come back
  if (run.index)
    for (const auto& pt : batch_points(run.source)) points.push_back(pt.file);
  else
    points.push_back(run.source);
  const ResultFileContents first = read_result_file(points[0]);
  const std::vector<std::string> lines = lines_of(get(first, "overrides"));
  Settings s;
  try {
    s = split_settings(lines, scenario);
  } catch (const ScenarioError&) {
    s.user = lines;  // files this quasim cannot load: the command keeps every setting as given
  }
  for (const auto& line : s.user) {
    const std::string key = key_of(line);
    if (is_run_option(key) || (!run.index && key.starts_with("sweep."))) continue;
    run.command.insert(run.command.end(), {"--set", line});
  }
  if (!run.index && s.design) {  // a design point: the command runs the design, which has it
    run.command[1] = "batch";
    run.command.erase(run.command.begin() + 3, run.command.begin() + 5);  // --seed N as run.seed
    run.command.insert(run.command.begin() + 3, {"--set", "run.seed=" + run.seed});
  }
  if (!run.index && !s.design)  // pin each swept parameter at this point's value, to full precision
    for (const auto& line : s.point) {
      const std::string key = key_of(line);
      std::string value = toml_value_at(get(first, "resolved_parameters"), key, run.source);
      const std::string as_set = line.substr(key.size() + 1);  // as the label has it: 0.1
      if (value.empty())
        value = toml_string(as_set);
      else if (toml_value_at("v = " + as_set, "v", run.source, true) == value)
        value = as_set;  // the same number, written as short as the label writes it
      run.command.insert(run.command.end(), {"--set", "sweep." + key + "=[" + value + "]"});
    }
  run.command.insert(run.command.end(), {"-o", run.result});
  // The command's settings, applied to the extracted files, must give each point's parameters.
  std::vector<std::string> sets;
  for (std::size_t i = 3; i + 1 < run.command.size(); ++i) {
    const std::string& a = run.command[i];
    if (a == "--set") sets.push_back(run.command[++i]);
    if (a == "--seed" || a == "--replicates" || a == "--years")
      sets.push_back("run." + a.substr(2) + "=" + run.command[++i]);
  }
  try {
    const auto got = sweep_points(load_scenario(scenario.string(), sets));
    if (!run.index && s.design) {  // find the point among the design's
      const std::string want = canonical(get(first, "resolved_parameters"));
      for (std::size_t k = 0; k < got.size() && run.design_point < 0; ++k)
        if (canonical(resolved_toml(got[k].params)) == want) run.design_point = static_cast<int>(k);
      run.resolves = run.design_point >= 0;
      return;
    }
    run.resolves = got.size() == points.size();
    for (std::size_t k = 0; run.resolves && k < points.size(); ++k)
      run.resolves =
          canonical(resolved_toml(got[k].params)) ==
          canonical(get(k == 0 ? first : read_result_file(points[k]), "resolved_parameters"));
  } catch (const ScenarioError&) {
    run.resolves = false;  // a file made by another version may not load here: said in README
  }
}

namespace {

/// Writes `text` to `dir`/`name` atomically (temp file, rename), refusing a place outside `dir`
/// (a symbolic link already in the folder, only possible with --force, must not lead out).
void write_inside(const std::string& dir, const std::string& name, const std::string& text) {
  std::error_code ec;
  const fs::path inside = fs::canonical(dir, ec);
  const fs::path target = fs::path(dir) / name;
  fs::create_directories(target.parent_path(), ec);
  const auto rel = fs::weakly_canonical(target, ec).lexically_relative(inside);
  if (ec || rel.empty() || *rel.begin() == "..")
    throw OutputError(target.string() + ": would be written outside " + dir);
  const fs::path tmp = target.string() + ".tmp-" + std::to_string(::getpid());
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f << text;
    f.close();
    if (!f) {
      fs::remove(tmp, ec);
      throw OutputError(target.string() + ": cannot write");
    }
  }
  fs::rename(tmp, target, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(tmp, ignored);
    throw OutputError(target.string() + ": cannot rename into place: " + ec.message());
  }
}

}  // namespace

void write_extracted(const ExtractedRun& run, const std::string& dir, bool force) {
  std::error_code ec;
  if (fs::exists(dir, ec)) {
    if (!fs::is_directory(dir, ec)) throw ScenarioError(dir, 0, "", "exists and is not a folder");
    if (!fs::is_empty(dir, ec) && !force)
      throw ScenarioError(dir, 0, "",
                          "folder is not empty (give --force to write into it; files of the same "
                          "name are replaced)");
  }
  fs::create_directories(dir, ec);
  if (ec) throw OutputError(dir + ": cannot create the folder: " + ec.message());
  for (std::size_t i = 0; i < run.files.size(); ++i) write_inside(dir, run.files[i], run.texts[i]);
}

void write_readme(const ExtractedRun& run, const std::string& dir, const std::string& where,
                  const std::string& folder) {
  write_inside(dir, "README.md", extract_readme(run, where, folder));
}

std::string shell_line(const std::vector<std::string>& command) {
  std::string out;
  for (const auto& a : command) {
    const bool plain = !a.empty() && std::all_of(a.begin(), a.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) ||
             std::string_view("_./=:,+-@%").find(c) != std::string_view::npos;
    });
    std::string quoted = "'";
    for (const char c : a) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    out += (out.empty() ? "" : " ") + (plain ? a : quoted + "'");
  }
  return out;
}

std::string extract_readme(const ExtractedRun& run, const std::string& where,
                           const std::string& folder) {
  std::ostringstream r;
  const std::string source = fs::path(run.source).filename().string();
  r << "# Reproducing " << source << "\n\n"
    << "These files are the scenario of `" << source << "` (" << run.scenario_name
    << "), written back from its `/provenance@scenario_text`. It was made by quasim " << run.version
    << " (commit " << run.commit << ") on " << run.created << ".\n\n";
  r << "Files (the scenario first, then each file it extends, under their original names so that "
       "`extends` finds them):\n\n";
  for (const auto& f : run.files) r << "- `" << folder << f << "`\n";
  r << "\nFrom " << where << ", this command repeats the run";
  r << (run.index ? " (every point of the batch)" : "");
  if (run.design_point >= 0)
    r << " (it is point " << run.design_point << " of an experiment design, which cannot be run "
      << "alone: the command runs the whole design, and this run is its p"
      << (run.design_point < 100 ? (run.design_point < 10 ? "00" : "0") : "") << run.design_point
      << " file)";
  r << ":\n\n```sh\n" << shell_line(run.command) << "\n```\n\n";
  if (run.resolves)
    r << "Checked when extracted: these files, with the command's settings, give exactly the "
         "parameters the run used (its `/provenance@resolved_parameters`), so with the same "
         "quasim version the results are identical.\n\n";
  else
    r << "**Note:** loaded by this quasim, these files with the command's settings do not give "
         "exactly the parameters the run used (it may have been made by another version). "
         "`quasim reproduce "
      << source
      << "` reruns from the parameters stored in the file and "
         "compares every dataset.\n\n";
  r << "`quasim reproduce " << source
    << "` reruns the stored parameters and compares the result with the file, dataset by "
       "dataset.\n\nThe original command line was:\n\n```\n"
    << run.original_command << "\n```\n";
  if (!run.how_to_cite.empty()) r << "\n## How to cite\n\n" << run.how_to_cite << "\n";
  return r.str();
}

}  // namespace quasim
