// cli/cmd_calibrate.cpp — `quasim calibrate`: fit a few named parameters to a user's own
// target figures: a bounded search for the best point (grid | nelder-mead | auto) or a posterior
// (bayes: emulators, history matching, MCMC, posterior-predictive runs).
// scripts/calibration/fit.py and bayes.py do the work and check every value; see
// docs/CALIBRATION.md.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <memory>

#include "cli/commands.hpp"
#include "cli/python_script.hpp"

namespace quasim {

void add_calibrate_command(CLI::App& app) {
  struct Options {
    std::string config, scenario, targets, method, json, variant;
    // bayes (numbers passed on as given: fit.py checks them, one line naming the option)
    std::string seed, design_points, posterior_runs, waves, jobs, min_q2, posterior, charts;
    std::vector<std::string> params, sets;
    int replicates = 0, max_runs = 0, threads = 0;
    double time_limit = 0;
  };
  auto o = std::make_shared<Options>();
  auto* c = app.add_subcommand(
      "calibrate",
      "Fit named parameters to target series: a bounded search for the best values, or a "
      "posterior (--method bayes); progress bar");
  c->add_option("config", o->config, "FIT.toml: scenario, parameters with bounds, targets, limits");
  c->add_option("--scenario", o->scenario,
                "Scenario to fit (instead of, or overriding, the config's)");
  c->add_option("--targets", o->targets,
                "Targets as TOML or CSV (series,year,value[,weight,scale,sd,lower,upper])");
  c->add_option("--param", o->params,
                "A parameter to fit with bounds: NAME=LOWER:UPPER (repeatable)");
  c->add_option("--set", o->sets, "A fixed override for every run: key=value (repeatable)");
  c->add_option("--replicates", o->replicates, "Replicates per run (the fit uses their median)");
  c->add_option("--max-runs", o->max_runs, "Most quasim runs in the search");
  c->add_option("--time-limit", o->time_limit, "Most seconds of wall-clock time for the search");
  c->add_option("--method", o->method,
                "grid | nelder-mead | auto (best point) | bayes (posterior: emulators, history "
                "matching, MCMC)");
  c->add_option("--threads", o->threads, "Threads per run");
  c->add_option("--json", o->json, "Write every run and the best fit as JSON");
  c->add_option("--write-variant", o->variant,
                "Write a scenario file with the best values (bayes: posterior medians)");
  c->add_option("--seed", o->seed, "Seed of the designs, samples and MCMC (default 1)")
      ->type_name("INT");
  c->add_option("--design-points", o->design_points,
                "bayes: design runs for the emulators (default 10 per parameter)")
      ->type_name("INT");
  c->add_option("--posterior-runs", o->posterior_runs,
                "bayes: posterior-predictive runs of the real model (default 10)")
      ->type_name("INT");
  c->add_option("--waves", o->waves,
                "bayes: 2 adds design points inside the non-implausible region (default 1)")
      ->type_name("INT");
  c->add_option("--jobs", o->jobs, "bayes: quasim runs at a time (default cores / --threads)")
      ->type_name("INT");
  c->add_option("--min-q2", o->min_q2,
                "bayes: refuse when an emulator's leave-one-out Q2 is below this (default 0.5)")
      ->type_name("FLOAT");
  c->add_option("--posterior", o->posterior, "bayes: write the posterior to this HDF5 file");
  c->add_option("--charts", o->charts, "bayes: folder for posterior.png and predictive.png");
  c->footer(
      "Example:\n  quasim calibrate scripts/calibration/example_fit.toml --max-runs 20 "
      "--time-limit 300\n"
      "  quasim calibrate --scenario scenarios/austerity_ageing.toml --targets my.csv "
      "--param budget.change_late=-0.06:0\n"
      "  quasim calibrate scripts/calibration/example_fit.toml --method bayes --max-runs 30 "
      "--posterior post.h5 --charts charts\nSee docs/CALIBRATION.md.");
  c->callback([o] {
    std::vector<std::string> args;
    if (!o->config.empty()) args.push_back(o->config);
    auto opt = [&](const char* flag, const std::string& v) {
      if (!v.empty()) args.insert(args.end(), {flag, v});
    };
    opt("--scenario", o->scenario);
    opt("--targets", o->targets);
    for (const auto& p : o->params) opt("--param", p);
    for (const auto& s : o->sets) opt("--set", s);
    if (o->replicates > 0) opt("--replicates", std::to_string(o->replicates));
    if (o->max_runs > 0) opt("--max-runs", std::to_string(o->max_runs));
    if (o->time_limit > 0) opt("--time-limit", std::to_string(o->time_limit));
    opt("--method", o->method);
    if (o->threads > 0) opt("--threads", std::to_string(o->threads));
    opt("--json", o->json);
    opt("--write-variant", o->variant);
    opt("--seed", o->seed);
    opt("--design-points", o->design_points);
    opt("--posterior-runs", o->posterior_runs);
    opt("--waves", o->waves);
    opt("--jobs", o->jobs);
    opt("--min-q2", o->min_q2);
    opt("--posterior", o->posterior);
    opt("--charts", o->charts);
    args.insert(args.end(), {"--quasim", std::filesystem::read_symlink("/proc/self/exe").string()});
    if (const int code = run_python("scripts/calibration/fit.py", args))
      throw CLI::RuntimeError(code);
  });
}

}  // namespace quasim
