// cli/cmd_compare.cpp — `quasim compare`: a policy against its baseline, as paired differences
// over replicates. output/compare.py does the work (with output/paired.py, which the report
// shares); this file passes the options on, with what only the binary knows for the diff file's
// provenance (the command line, quasim's version and commit).
#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/python_script.hpp"
#include "sim/version.hpp"

namespace quasim {

void add_compare_command(CLI::App& app, const std::string& command_line) {
  struct Options {
    std::string baseline, variant, output;
    bool unpaired = false;
    std::string year;  // passed on as given: compare.py checks it against the files
  };
  auto o = std::make_shared<Options>();
  auto* c = app.add_subcommand(
      "compare",
      "Paired differences, variant minus baseline, of every series of two result files: "
      "medians, 50% and 90% intervals, share of runs better; a table of the key indicators");
  c->add_option("baseline", o->baseline, "Result file (.h5) of the baseline")->required();
  c->add_option("variant", o->variant, "Result file (.h5) of the variant (the policy)")->required();
  c->add_option("-o,--output", o->output,
                "HDF5 file for every difference and its statistics (docs/OUTPUTS.md)");
  c->add_flag("--unpaired", o->unpaired,
              "Compare files whose seeds or replicates differ: every run with every run "
              "(wider intervals)");
  c->add_option("--year", o->year, "Calendar year of the table (default: the final common year)");
  c->footer(
      "Example:\n  quasim compare results/baseline.h5 results/outsourcing.h5 -o diff.h5\n"
      "Runs pair when both files were made with the same --seed and --replicates.");
  c->callback([o, command_line] {
    std::vector<std::string> args{o->baseline, o->variant};
    if (!o->output.empty()) args.insert(args.end(), {"-o", o->output});
    if (o->unpaired) args.emplace_back("--unpaired");
    if (!o->year.empty()) args.insert(args.end(), {"--year", o->year});
    args.insert(args.end(), {"--command-line", command_line, "--quasim-version", kVersion,
                             "--git-commit", kGitCommit});
    // compare.py has already said what went wrong, in one line: only its exit code is passed on.
    if (const int code = run_python("output/compare.py", args)) throw CLI::RuntimeError(code);
  });
}

}  // namespace quasim
