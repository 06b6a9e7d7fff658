// cli/cmd_output.cpp — `quasim info`, `quasim plot`, `quasim report`: looking at result files.
// Charts and reports are drawn by Python scripts shipped in output/ (matplotlib does it better
// than anything we would write); this file only finds them and runs them.

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/json_text.hpp"
#include "cli/python_script.hpp"
#include "cli/scenario_extract.hpp"
#include "output/batch_index.hpp"
#include "output/cf_units.hpp"
#include "output/result_reader.hpp"
#include "output/series_catalogue.hpp"
#include "output/series_words.hpp"
#include "output/summary.hpp"

namespace quasim {
namespace {

/// Debian's interpreter, which has h5py and matplotlib (a pyenv `python3` on PATH may not).

std::string get(const std::map<std::string, std::string>& m, const std::string& key) {
  const auto it = m.find(key);
  return it == m.end() ? std::string() : it->second;
}

std::string shape_text(const std::vector<std::size_t>& shape) {
  std::string out = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) out += (i ? " x " : "") + std::to_string(shape[i]);
  return out + "]";
}

/// Rebuilds per-replicate national records from /series so the run's own summary code applies.
std::vector<ReplicateResult> national_records(const ResultFileContents& c) {
  std::size_t reps = 0, years = 0;
  for (const DatasetData& d : c.datasets)
    if (d.path.starts_with("/series/") && d.shape.size() == 2) {
      reps = d.shape[0];
      years = d.shape[1];
      break;
    }
  std::vector<ReplicateResult> out;
  if (reps == 0 || years == 0) return out;  // nothing completed: the summary says so
  out.resize(reps);
  for (auto& r : out) r.years.resize(years);
  const std::vector<std::size_t> shape{reps, years};
  for (const SeriesSpec& spec : series_catalogue()) {
    if (spec.axis != SeriesAxis::None) continue;
    const std::string path = "/series/" + std::string(spec.name);
    for (const DatasetData& d : c.datasets) {
      if (d.path != path || d.shape != shape) continue;
      for (std::size_t r = 0; r < reps; ++r)
        for (std::size_t y = 0; y < years; ++y)
          out[r].years[y].*spec.scalar = d.values[r * years + y];
    }
  }
  return out;
}

void print_point_info(const std::string& file);

/// A batch index: its points, each with its label and file, then each point's own info.
/// (batch_points refuses links to another index, so this never recurses.)
void print_batch_info(const std::string& file) {
  const auto points = batch_points(file);
  const auto c = read_result_file(file);
  std::cout << file << ": batch index of " << points.size() << " sweep points ("
            << get(c.provenance, "scenario_name") << ")\n";
  if (get(c.provenance, "partial") == "1")
    std::cout << "  PARTIAL: merged with --allow-partial, missing " << get(c.provenance, "missing")
              << "\n";
  std::vector<ResultFileContents> contents;
  for (const auto& pt : points) {
    contents.push_back(read_result_file(pt.file));
    require_valid(contents.back(), pt.file);
    char name[16];
    std::snprintf(name, sizeof name, "p%03d", pt.number);
    std::cout << "  /points/" << name << " -> " << pt.file << "  " << pt.label
              << "\n";  // the index's label: the same text batch, merge and the readers use
  }
  std::cout << "\n";
  for (const auto& pt : points) print_point_info(pt.file);
}

void print_point_info(const std::string& file) {
  const ResultFileContents c = read_result_file(file);
  if (get(c.provenance, "kind") == "comparison")  // quasim compare's diff file: its own layout
    throw std::runtime_error(file +
                             ": is a comparison written by quasim compare, not a result file; "
                             "read it with h5py or xarray (docs/OUTPUTS.md, \"Comparing two "
                             "runs\")");
  require_valid(c, file);  // never a table of zeros for a series that is not there
  const auto& p = c.provenance;
  std::ostringstream out;
  const std::string start = get(p, "start_year");
  std::size_t years = 0;
  for (const auto& d : c.datasets)
    if (d.shape.size() >= 2) years = d.shape[1];
  std::string year_range = std::to_string(years) + " years";
  const long long first_year = provenance_int(c, file, "start_year", 0);
  if (!start.empty() && years > 0)
    year_range = start + "-" + std::to_string(first_year + static_cast<long long>(years) - 1) +
                 " (" + year_range + ")";

  out << file << ": quasim result file\n"
      << "  scenario    " << get(p, "scenario_name") << " (" << get(p, "scenario_path") << ")\n"
      << "  seed        " << get(p, "seed") << "\n"
      << "  replicates  " << get(p, "replicates_completed") << " completed of "
      << get(p, "replicates") << " requested\n"
      << "  years       " << year_range << "\n"
      << "  made by     quasim " << get(p, "quasim_version") << " (commit " << get(p, "git_commit")
      << "), HDF5 " << get(p, "hdf5_version") << ", " << get(p, "compiler") << "\n"
      << "  created     " << get(p, "created") << "\n"
      << "  command     " << get(p, "command_line") << "\n";
  if (get(p, "partial") == "1")
    out << "  PARTIAL     merged with --allow-partial; missing " << get(p, "missing") << "\n";
  std::istringstream overrides(get(p, "overrides"));
  for (std::string line; std::getline(overrides, line);)
    if (!line.empty()) out << "  --set       " << line << "\n";

  std::string group;
  std::size_t width = 0, absent = 0;
  for (const auto& d : c.datasets) width = std::max(width, d.path.size());
  for (const auto& d : c.datasets) {
    if (d.absent) {  // an older file: the series did not exist yet
      ++absent;
      continue;
    }
    const std::string g = d.path.substr(0, d.path.find('/', 1));
    if (g != group) {
      group = g;
      std::string axis;
      for (SeriesAxis a : kSeriesAxes)
        if (a != SeriesAxis::None && g == "/" + std::string(group_name(a)))
          axis = " x " + std::string(axis_name(a));
      out << "\n" << g << "  (float64 [replicate x year" << axis << "])\n";
    }
    const std::string shape = shape_text(d.shape);
    out << "  " << d.path << std::string(width - d.path.size() + 2, ' ') << shape
        << std::string(shape.size() < 16 ? 16 - shape.size() : 1, ' ') << d.units << "\n";
  }
  if (absent > 0)
    out << "\n  (result-file format " << c.format << ": written before " << absent
        << " series of this quasim existed, such as the waiting lists and /by_difficulty_group)\n";
  const std::string final_year =
      start.empty() || years == 0 ? "final year"
                                  : std::to_string(first_year + static_cast<long long>(years) - 1);
  out << "\n"
      << format_summary(summarise(national_records(c)),
                        "Key indicators in " + final_year + " across replicates");
  std::cout << out.str();
}

/// `info FILE --extract DIR`: the scenario files, checked to give the run's parameters, and a
/// README.md with the command that reproduces the run.
void extract_scenario(const std::string& file, std::string dir, bool force) {
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  ExtractedRun run = plan_extract(file, dir, dir + "/reproduced.h5");
  write_extracted(run, dir, force);
  finish_command(run, dir);
  write_readme(run, dir, "the folder you extracted from", "");
  std::cout << "wrote " << dir << "/README.md";
  for (const auto& f : run.files) std::cout << ", " << dir << "/" << f;
  std::cout << "\nreproduce with:\n  " << shell_line(run.command) << "\n";
  if (!run.resolves)
    std::cout << "note: these files do not give exactly the parameters of " << file
              << " with this quasim (another version made it?); `quasim reproduce " << file
              << "` reruns the parameters stored in it\n";
}

/// The series catalogue as a Markdown table (docs/OUTPUTS.md is generated from it).
void print_catalogue() {
  SeriesAxis current = SeriesAxis::Domain;
  bool first = true;
  for (const SeriesSpec& s : series_catalogue()) {
    if (first || s.axis != current) {
      current = s.axis;
      std::cout << (first ? "" : "\n") << "### /" << group_name(s.axis) << "\n\n"
                << "| name | units | CF units | long_name | description |\n"
                << "|---|---|---|---|---|\n";
      first = false;
    }
    // The CF units (UDUNITS-2, the file's `units`) and the words (`units_label`), and the
    // currency of money (the file's `currency`).
    const CfUnits cf = cf_units(s.units);
    const SeriesWords* w = series_words(s.name);
    std::cout << "| `" << s.name << "` | " << s.units << " | `" << cf.udunits << "`"
              << (cf.currency.empty() ? "" : " " + std::string(cf.currency)) << " | "
              << (w ? w->label : s.name) << " | " << s.description << " |\n";
  }
}

/// The series catalogue with its plain words as JSON, one series a line, for the Python
/// charts and reports (output/series_catalogue.json is this, committed; tests/docs checks it).
void print_catalogue_json() {
  std::cout << "[\n";
  bool first = true;
  for (const SeriesSpec& s : series_catalogue()) {
    const SeriesWords* w = series_words(s.name);
    if (w == nullptr) throw std::logic_error("series without words: " + std::string(s.name));
    std::cout << (first ? "" : ",\n") << "{\"group\": " << json_string(group_name(s.axis))
              << ", \"name\": " << json_string(s.name) << ", \"label\": " << json_string(w->label)
              << ", \"units\": " << json_string(s.units)
              << ", \"cf_units\": " << json_string(cf_units(s.units).udunits)
              << ", \"currency\": " << json_string(cf_units(s.units).currency)
              << ", \"kind\": " << json_string(value_kind(s.units))
              << ", \"better\": " << json_string(better_name(w->better))
              << ", \"since_format\": " << s.since_format
              << ", \"description\": " << json_string(s.description) << "}";
    first = false;
  }
  std::cout << "\n]\n";
}

/// Runs output/<script> with Debian's python3. The script has already said what went wrong, in
/// one line: only its exit code is passed on.
void run_script(const std::string& script, const std::vector<std::string>& args) {
  if (const int code = run_python("output/" + script, args)) throw CLI::RuntimeError(code);
}

/// What info, plot and report are given (one set, shared by the three subcommands).
struct OutputOptions {
  std::string file;
  bool catalogue = false;
  bool json = false;
  std::vector<std::string> files;
  std::string dir = "plots";
  std::string html = "report.html";
  std::vector<int> years;
  std::string extract;    ///< info: the folder the scenario files are written back to
  bool force = false;     ///< info --extract: write into a folder that is not empty
  std::string baseline;   ///< report: the scenario the others are compared with
  bool unpaired = false;  ///< report: compare runs that do not pair (with a warning box)
};

void add_info_command(CLI::App& app, const std::shared_ptr<OutputOptions>& o) {
  auto* info = app.add_subcommand("info",
                                  "Show what a result file holds: provenance, datasets "
                                  "with shapes and units, key indicators at the final year");
  info->add_option("file", o->file, "Result file (.h5) written by quasim run");
  info->add_flag("--catalogue", o->catalogue,
                 "Print every output series (name, units, description) as a Markdown table");
  info->add_flag("--json", o->json,
                 "With --catalogue: JSON, with each series' plain label, kind of number and "
                 "which direction is better (output/series_catalogue.json)");
  info->add_option("--extract", o->extract,
                   "Write the run's scenario files (its whole extends chain) back into this "
                   "folder, with a README.md giving the command that reproduces the run");
  info->add_flag("--force", o->force, "With --extract: write into a folder that is not empty");
  info->footer(
      "Examples:\n  quasim info results/baseline.h5\n  quasim info --catalogue\n  quasim info "
      "results/baseline.h5 --extract baseline-run/");
  info->callback([o] {
    if (o->json && !o->catalogue) throw std::runtime_error("info: --json goes with --catalogue");
    if (o->catalogue) return o->json ? print_catalogue_json() : print_catalogue();
    if (o->file.empty())
      throw std::runtime_error("info: give a result file, e.g. quasim info results/baseline.h5");
    if (o->force && o->extract.empty())
      throw std::runtime_error("info: --force goes with --extract");
    if (!o->extract.empty()) return extract_scenario(o->file, o->extract, o->force);
    if (is_batch_index(o->file)) return print_batch_info(o->file);
    print_point_info(o->file);
  });
}

void add_plot_command(CLI::App& app, const std::shared_ptr<OutputOptions>& o) {
  auto* plot = app.add_subcommand("plot",
                                  "Draw fan charts of the key series (PNG); with several "
                                  "files, also their differences from the first");
  plot->add_option("files", o->files, "Result files or batch indexes (.h5)")->required();
  plot->add_option("-o,--output", o->dir, "Directory for the PNG files (created if missing)")
      ->capture_default_str();
  plot->footer("Example:\n  quasim plot results/baseline.h5 results/outsourcing.h5 -o plots/");
  plot->callback([o] {
    std::vector<std::string> args = o->files;
    args.insert(args.end(), {"-o", o->dir});
    run_script("plot.py", args);
  });
}

/// report.py's arguments: the files, -o HTML and, if given, --years Y1,Y2, --baseline and
/// --unpaired.
std::vector<std::string> report_args(const OutputOptions& o) {
  std::vector<std::string> args = o.files;
  args.insert(args.end(), {"-o", o.html});
  if (!o.years.empty()) {
    std::string years;
    for (int y : o.years) years += (years.empty() ? "" : ",") + std::to_string(y);
    args.insert(args.end(), {"--years", years});
  }
  if (!o.baseline.empty()) args.insert(args.end(), {"--baseline", o.baseline});
  if (o.unpaired) args.emplace_back("--unpaired");
  return args;
}

void add_report_command(CLI::App& app, const std::shared_ptr<OutputOptions>& o) {
  auto* report = app.add_subcommand("report",
                                    "Write a self-contained HTML briefing: what changes "
                                    "against the baseline (the first file), by how much and "
                                    "how sure, with charts, tables and provenance");
  report->add_option("files", o->files, "Result files or batch indexes (.h5) to compare")
      ->required();
  report->add_option("-o,--output", o->html, "HTML file to write")->capture_default_str();
  report
      ->add_option("--years", o->years,
                   "Calendar years for the indicator tables (default: the "
                   "final year)")
      ->delimiter(',');
  report->add_option("--baseline", o->baseline,
                     "Scenario label or file to compare the others with (default: the first)");
  report->add_flag("--unpaired", o->unpaired,
                   "Compare runs whose seeds or replicates differ (every run with every run; "
                   "wider intervals, a warning on the page)");
  report->footer(
      "Example:\n  quasim report results/baseline.h5 results/outsourcing.h5 -o report.html "
      "--years 2015,2025");
  report->callback([o] { run_script("report.py", report_args(*o)); });
}

}  // namespace

void add_output_commands(CLI::App& app) {
  auto o = std::make_shared<OutputOptions>();
  add_info_command(app, o);
  add_plot_command(app, o);
  add_report_command(app, o);
}

}  // namespace quasim
