// cli/cmd_sensitivity.cpp — `quasim sensitivity`: which parameters of an experiment design
// matter for an output (Sobol' indices, Morris mu*/sigma, regression coefficients, one-at-a-time
// swings) and how much of its variance is run-to-run noise. output/sensitivity.py does the work
// (with OpenTURNS); this file passes the options on, with what only the binary knows for the
// output file's provenance (the command line, quasim's version and commit).
#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "cli/commands.hpp"
#include "cli/python_script.hpp"
#include "sim/version.hpp"

namespace quasim {

void add_sensitivity_command(CLI::App& app, const std::string& command_line) {
  struct Options {
    std::string index, output, domain, commissioner, provider_type;
    std::vector<std::string> series;
    std::string year, years, bootstrap;  // passed on as given: sensitivity.py checks them
  };
  auto o = std::make_shared<Options>();
  auto* c = app.add_subcommand(
      "sensitivity",
      "Which parameters of a [design] batch matter for an output: Sobol' first-order and total "
      "indices (saltelli), Morris mu* and sigma (morris), regression coefficients (lhs, sobol) "
      "or swings (oat), with intervals, and the share of run-to-run noise");
  c->add_option("index", o->index, "Batch index (.h5) of a batch of a scenario with [design]")
      ->required();
  c->add_option("--series", o->series,
                "Output: NAME of /series, or GROUP/NAME:ENTITY (e.g. "
                "by_domain/unmet_need:adult_social_care); repeat for several (default: "
                "spending_total, funding_gap, unmet_need, outcome_mean)");
  c->add_option("--year", o->year, "Calendar year of the output (default: the final year)");
  c->add_option("--years", o->years, "Y0:Y1, the output's mean over these years");
  c->add_option("--domain", o->domain, "Read each series of /by_domain for this domain");
  c->add_option("--commissioner", o->commissioner,
                "Read each series of /by_commissioner for this commissioner");
  c->add_option("--provider-type", o->provider_type,
                "Read each series of /by_provider_type for this provider type");
  c->add_option("-o,--output", o->output,
                "HDF5 file for the indices (default: INDEX_sensitivity.h5; docs/DESIGNS.md)");
  c->add_option("--bootstrap", o->bootstrap, "Bootstrap resamples for the intervals (default 500)");
  c->footer(
      "Example:\n  quasim sensitivity results/design.h5 --series unmet_need --year 2025\n"
      "The table ranks the parameters; `quasim plot` and `quasim report` of the index or of "
      "the _sensitivity.h5 file draw the charts.");
  c->callback([o, command_line] {
    std::vector<std::string> args;
    for (const auto& s : o->series) args.insert(args.end(), {"--series", s});
    const std::pair<const char*, const std::string*> passed[] = {
        {"--year", &o->year},
        {"--years", &o->years},
        {"--domain", &o->domain},
        {"--commissioner", &o->commissioner},
        {"--provider-type", &o->provider_type},
        {"-o", &o->output},
        {"--bootstrap", &o->bootstrap}};
    for (const auto& [flag, value] : passed)
      if (!value->empty()) args.insert(args.end(), {flag, *value});
    args.insert(args.end(), {"--command-line", command_line, "--quasim-version", kVersion,
                             "--git-commit", kGitCommit, "--", o->index});
    // sensitivity.py has already said what went wrong, in one line: only its exit code is
    // passed on.
    if (const int code = run_python("output/sensitivity.py", args)) throw CLI::RuntimeError(code);
  });
}

}  // namespace quasim
