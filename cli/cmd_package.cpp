// cli/cmd_package.cpp — `quasim package FILE -o DIR`: a run as an RO-Crate 1.1 folder that a
// journal's reviewers can re-run: the result, its scenario files, a README with the command, the
// licence and CITATION.cff, described by ro-crate-metadata.json (https://w3id.org/ro/crate/1.1).
#include <CLI/CLI.hpp>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/json_text.hpp"
#include "cli/scenario_extract.hpp"
#include "output/batch_index.hpp"
#include "output/result_file.hpp"
#include "sim/scenario.hpp"
#include "sim/version.hpp"

namespace quasim {
namespace fs = std::filesystem;
namespace {

std::string ref(const std::string& id) {
  return "{\"@id\": " + json_string(id) + "}";
}

std::string refs(const std::vector<std::string>& ids) {
  std::string out = "[";
  for (std::size_t i = 0; i < ids.size(); ++i) out += (i ? ", " : "") + ref(ids[i]);
  return out + "]";
}

/// A file of the crate: its @id (path in the crate), its type of content and a name.
struct Part {
  std::string id, format, name;
};

/// Hard-links `from` into the crate as `name` (a copy across file systems).
void place(const std::string& from, const fs::path& to) {
  std::error_code ec;
  fs::create_hard_link(from, to, ec);
  if (ec) fs::copy_file(from, to, ec);
  if (ec) throw OutputError(to.string() + ": cannot copy " + from + " here: " + ec.message());
}

std::string entity(const Part& p) {
  return "    {\"@id\": " + json_string(p.id) +
         ", \"@type\": \"File\", \"name\": " + json_string(p.name) +
         ", \"encodingFormat\": " + json_string(p.format) + "}";
}

std::string metadata(const ExtractedRun& run, const std::vector<Part>& parts,
                     const std::vector<std::string>& results) {
  const std::string licence = std::string("https://spdx.org/licenses/") + kLicense;
  std::vector<std::string> ids, scenario;
  for (const auto& p : parts) ids.push_back(p.id);
  for (const auto& f : run.files) scenario.push_back("scenario/" + f);
  const std::string what = run.index ? "batch" : "run";
  std::ostringstream j;
  j << "{\n  \"@context\": \"https://w3id.org/ro/crate/1.1/context\",\n  \"@graph\": [\n"
    << "    {\"@id\": \"ro-crate-metadata.json\", \"@type\": \"CreativeWork\", \"conformsTo\": "
    << ref("https://w3id.org/ro/crate/1.1") << ", \"about\": " << ref("./") << "},\n"
    << "    {\"@id\": \"./\", \"@type\": \"Dataset\", \"name\": "
    << json_string("quasim " + what + ": " + run.scenario_name) << ", \"description\": "
    << json_string("A quasim " + what + " of the scenario " + run.scenario_name +
                   ": the result file, the scenario files it was made from, and the command that "
                   "reproduces it (README.md). Made by quasim " +
                   run.version + " (commit " + run.commit + ") on " + run.created + ".")
    << ", \"datePublished\": " << json_string(utc_now()) << ", \"license\": " << ref(licence)
    << ", \"hasPart\": " << refs(ids) << ", \"mentions\": " << ref("#run") << "},\n"
    << "    {\"@id\": " << json_string(licence)
    << ", \"@type\": \"CreativeWork\", \"name\": " << json_string("Apache License 2.0")
    << ", \"identifier\": " << json_string(kLicense) << "},\n";
  for (const auto& p : parts) j << entity(p) << ",\n";
  j << "    {\"@id\": \"#quasim\", \"@type\": \"SoftwareApplication\", \"name\": \"quasim\", "
    << "\"description\": \"An agent-based simulator of public-service markets\", \"version\": "
    << json_string(run.version) << ", \"identifier\": " << json_string("commit " + run.commit)
    << ", \"url\": " << json_string(kRepositoryUrl) << ", \"license\": " << ref(licence)
    << ", \"citation\": " << ref("CITATION.cff") << "},\n"
    << "    {\"@id\": \"#run\", \"@type\": \"CreateAction\", \"name\": "
    << json_string("quasim " + what + " of " + run.files[0])
    << ", \"description\": " << json_string(shell_line(run.command))
    << ", \"endTime\": " << json_string(run.created) << ", \"instrument\": " << ref("#quasim")
    << ", \"object\": " << refs(scenario) << ", \"result\": " << refs(results) << "}\n  ]\n}\n";
  return j.str();
}

void write_text(const fs::path& path, const std::string& text) {
  const fs::path tmp = path.string() + ".tmp";
  std::ofstream(tmp, std::ios::binary) << text;
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) throw OutputError(path.string() + ": cannot write: " + ec.message());
}

void fill(const std::string& file, const std::string& dir);

/// The crate, or nothing: a folder this call created is removed again if any step fails.
void package(const std::string& file, const std::string& dir) {
  std::error_code ec;
  if (fs::exists(dir, ec) && !(fs::is_directory(dir, ec) && fs::is_empty(dir, ec)))
    throw ScenarioError(dir, 0, "-o", "exists and is not an empty folder");
  const bool created = !fs::exists(dir, ec);
  try {
    fill(file, dir);
  } catch (...) {
    if (created) fs::remove_all(dir, ec);
    throw;
  }
}

void fill(const std::string& file, const std::string& dir) {
  std::error_code ec;
  ExtractedRun run = plan_extract(file, "scenario", "reproduced.h5");
  write_extracted(run, (fs::path(dir) / "scenario").string(), false);
  finish_command(run, (fs::path(dir) / "scenario").string());
  // The command runs from the crate's folder: the scenario is scenario/NAME.
  write_readme(run, dir, "this folder", "scenario/");
  std::vector<Part> parts;
  std::vector<std::string> results;
  std::vector<std::string> originals{file};
  if (run.index)
    for (const auto& pt : batch_points(file)) originals.push_back(pt.file);
  for (const auto& f : originals) {
    const std::string name = fs::path(f).filename().string();
    place(f, fs::path(dir) / name);
    parts.push_back({name, "application/x-hdf5",
                     f == file ? "The result file (quasim " +
                                     std::string(run.index ? "batch index" : "result") + ")"
                               : "A sweep point's result file"});
    results.push_back(name);
  }
  for (std::size_t i = 0; i < run.files.size(); ++i)
    parts.push_back({"scenario/" + run.files[i], "application/toml",
                     i == 0 ? "The scenario file" : "A scenario file the scenario extends"});
  parts.push_back({"README.md", "text/markdown", "How to reproduce the run"});
  for (const char* name : {"LICENSE", "CITATION.cff"}) {
    const fs::path from = fs::path(quasim_home()) / name;
    if (!fs::exists(from, ec)) throw OutputError(from.string() + ": missing from quasim's folder");
    place(from.string(), fs::path(dir) / name);
  }
  parts.push_back({"LICENSE", "text/plain", "quasim's licence (Apache-2.0)"});
  parts.push_back({"CITATION.cff", "application/x-yaml", "How to cite quasim"});
  write_text(fs::path(dir) / "ro-crate-metadata.json", metadata(run, parts, results));
  std::cout << "wrote RO-Crate " << dir << " (" << parts.size() + 1
            << " files: ro-crate-metadata.json, the result, the scenario, README.md, LICENSE, "
               "CITATION.cff)\nreproduce, from "
            << dir << ":\n  " << shell_line(run.command) << "\n";
  if (!run.resolves)
    std::cout << "note: the scenario files do not give exactly the parameters of " << file
              << " with this quasim (another version made it?)\n";
}

}  // namespace

void add_package_command(CLI::App& app) {
  struct Opts {
    std::string file, out;
  };
  auto o = std::make_shared<Opts>();
  auto* p = app.add_subcommand(
      "package",
      "Bundle a run as an RO-Crate folder to deposit with a paper: the result, its scenario "
      "files, the command that reproduces it, quasim's version, licence and citation");
  p->add_option("file", o->file, "Result file or batch index (.h5)")->required();
  p->add_option("-o,--output", o->out, "Folder to create (new, or empty)")->required();
  p->footer("Example:\n  quasim package results/baseline.h5 -o baseline-crate/");
  p->callback([o] { package(o->file, o->out); });
}

}  // namespace quasim
