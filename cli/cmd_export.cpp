// cli/cmd_export.cpp — `quasim export`: a result file or a sweep's batch index as one CSV table
// (wide or long), with the swept parameters as columns. output/export.py does the work; this
// file only passes it the arguments and its exit status.
#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/python_script.hpp"

namespace quasim {

void add_export_command(CLI::App& app) {
  struct Opts {
    std::string file, out, format = "csv", series;
  };
  auto o = std::make_shared<Opts>();
  auto* e = app.add_subcommand("export",
                               "Write a result file or a sweep's batch index as a CSV table: one "
                               "row per point x replicate x year, swept parameters as columns");
  e->add_option("file", o->file, "Result file or batch index (.h5)")->required();
  e->add_option("-o,--output", o->out,
                "CSV file to write (default: FILE with .csv, or .long.csv for --format long; "
                "- for standard output)");
  e->add_option("--format", o->format,
                "csv: wide, a column per national series; long: tidy, a row per value of "
                "every group (series, entity, value, units)")
      ->capture_default_str();
  e->add_option("--series", o->series, "Only these series, comma-separated (e.g. unmet_need,hhi)");
  e->footer(
      "Examples:\n  quasim export results/sweep.h5 -o sweep.csv\n  quasim export "
      "results/baseline.h5 --format long --series unmet_need -o -");
  e->callback([o] {
    std::vector<std::string> args{"--format", o->format};
    if (!o->out.empty()) args.insert(args.end(), {"-o", o->out});
    if (!o->series.empty()) args.insert(args.end(), {"--series", o->series});
    args.insert(args.end(), {"--", o->file});  // a file named "-x" is still a file
    // export.py has said what went wrong (one line); pass its status on, add nothing.
    if (const int code = run_python("output/export.py", args); code != 0)
      throw CLI::RuntimeError(code);
  });
}

}  // namespace quasim
