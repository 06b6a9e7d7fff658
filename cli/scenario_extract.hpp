// cli/scenario_extract.hpp — a run's scenario files written back from its result file, with the
// exact command that reproduces it (`quasim info FILE --extract DIR`, `quasim package`).
#pragma once

#include <string>
#include <vector>

namespace quasim {

/// What an extraction wrote, or would write.
struct ExtractedRun {
  std::string source;                ///< the result file or batch index it came from
  bool index = false;                ///< a batch index: the command is `quasim batch`
  std::vector<std::string> files;    ///< scenario files, relative to the folder; the scenario first
  std::vector<std::string> texts;    ///< each file's text, as the run read it
  std::vector<std::string> command;  ///< quasim and its arguments, the scenario as PREFIX/files[0]
  std::string result;                ///< the -o of `command`
  bool resolves = false;  ///< the extracted files with `command` give the run's own parameters
  int design_point = -1;  ///< one point of a [design]: its number among the design's points (the
                          ///< command runs the whole design: a design point cannot be pinned)
  std::string scenario_name, version, commit, created, original_command, how_to_cite;
  std::string seed, replicates, years;
};

/// Reads FILE's provenance and splits its scenario text into files named relative to their
/// common folder; `prefix` is the folder as the command names it, `result` the command's -o
/// (added, with the overrides, by finish_command once the files are written).
/// Throws ScenarioError (bad input: exit 2) for a file that has no scenario text or whose file
/// names are absolute or climb out of their folder once made relative.
ExtractedRun plan_extract(const std::string& file, const std::string& prefix,
                          const std::string& result);

/// Completes `run.command` with the run's --set overrides (for one point of a sweep, each swept
/// parameter pinned with `--set sweep.KEY=[VALUE]`) and -o; then checks that the files, loaded
/// from `dir` with those settings, give the parameters the run used (each point's, for an
/// index), setting `run.resolves`.
void finish_command(ExtractedRun& run, const std::string& dir);

/// Writes the scenario files of `run` under `dir`, each atomically, never outside `dir`.
/// Refuses (ScenarioError) a `dir` that exists and is not an empty folder unless `force`.
void write_extracted(const ExtractedRun& run, const std::string& dir, bool force);

/// Writes `dir`/README.md: extract_readme(run, where, folder).
void write_readme(const ExtractedRun& run, const std::string& dir, const std::string& where,
                  const std::string& folder);

/// `command` as one line a POSIX shell reads back into the same arguments.
std::string shell_line(const std::vector<std::string>& command);

/// The README.md text: what the folder holds (the scenario files under `folder`, "" or
/// "scenario/") and the command that reproduces the run, run from `where` ("this folder").
std::string extract_readme(const ExtractedRun& run, const std::string& where,
                           const std::string& folder);

}  // namespace quasim
