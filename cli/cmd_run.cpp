// cli/cmd_run.cpp — `quasim run`: a scenario's replicates to one result file.
#include <tbb/global_control.h>
#include <tbb/task_arena.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/json_text.hpp"
#include "cli/progress.hpp"
#include "cli/run_support.hpp"
#include "cli/thread_limit.hpp"
#include "output/file_checks.hpp"
#include "output/result_file.hpp"
#include "output/summary.hpp"
#include "sim/batch.hpp"
#include "sim/memory_fit.hpp"
#include "sim/parameter_table.hpp"
#include "sim/point_label.hpp"
#include "sim/scenario.hpp"

namespace quasim {
namespace {

std::atomic<bool> g_stop{false};

extern "C" void on_signal(int) {
  g_stop.store(true);
}

struct RunOptions {
  std::string scenario;
  std::string output;
  int replicates = 0;
  int years = 0;
  std::int64_t seed = -1;
  int threads = 0;
  std::vector<std::string> sets;
  std::string progress;  ///< bar | jsonl | none; "" automatic
  bool quiet = false;
  bool timings = false;
};

/// Per-phase wall times, as `timing phase=NAME wall_s=X parallel=0|1` lines (for scripts such as
/// scripts/bench-whole-run), then the serial share and, from a one-thread run, the speed-up it
/// allows.
void print_phase_timings(const PhaseClock& clock, double write_seconds, int replicates) {
  double serial = write_seconds, total = write_seconds;
  for (int k = 0; k < static_cast<int>(Phase::Count); ++k) {
    const auto ph = static_cast<Phase>(k);
    const double s = clock.seconds(ph);
    std::printf("timing phase=%s wall_s=%.4f parallel=%d\n", kPhaseNames[k], s,
                phase_is_parallel(ph) ? 1 : 0);
    total += s;
    if (!phase_is_parallel(ph)) serial += s;
  }
  std::printf("timing phase=write wall_s=%.4f parallel=0\n", write_seconds);
  const double share = total > 0 ? serial / total : 0;
  const auto threads =
      tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism);
  std::printf(
      "timings: serial phases %.3f s of %.3f s (%.2f%%), summed over %d replicate(s) on %zu "
      "thread(s)\n",
      serial, total, 100 * share, replicates, threads);
  // Amdahl's law: one replicate's serial share s, measured on one thread, caps the efficiency
  // of that replicate on N threads at 1 / (N s + 1 - s). Replicates run side by side hide it.
  if (threads == 1)
    std::printf(
        "timings: Amdahl bound on parallel efficiency for one replicate: %.0f%% at 4 threads, "
        "%.0f%% at 16, %.0f%% at 64\n",
        100 / (4 * share + 1 - share), 100 / (16 * share + 1 - share),
        100 / (64 * share + 1 - share));
}

/// Replicates run side by side, each with its own citizens: limits the worker threads to
/// `threads` (if given) and to no more replicates at a time than fit in memory, for as long as
/// the result lives.
std::unique_ptr<tbb::global_control> limit_replicates_at_a_time(
    const std::vector<SweepPoint>& points, int threads) {
  int fit = 1 << 20;
  for (const auto& pt : points) fit = std::min(fit, replicates_that_fit(pt.params));
  int wanted = threads > 0 ? threads : tbb::this_task_arena::max_concurrency();
  for (const auto& pt : points) wanted = std::min(wanted, std::max(pt.params.run.replicates, 1));
  if (fit < wanted)
    std::cerr << "note: running " << fit << " replicate" << (fit > 1 ? "s" : "")
              << " at a time so that their citizens fit in 80% of memory\n";
  return limit_threads(replicates_at_a_time_limit(threads, fit, wanted));
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// How a run reports: a bar per point, or events over the whole run (item `first + r` is
/// replicate r of the point).
struct RunReport {
  ProgressMode mode;
  Progress& events;
  int first = 0;
};

/// Runs point k's replicates 0..N-1, reporting each; `sim_seconds` gets their wall time.
std::vector<ReplicateResult> simulate_point(const Parameters& p, std::size_t k,
                                            const std::string& label, const RunReport& report,
                                            PhaseClock* clock, double& sim_seconds) {
  std::vector<int> reps(p.run.replicates);
  for (int r = 0; r < p.run.replicates; ++r) reps[r] = r;
  Progress bar(report.mode == ProgressMode::Bar ? ProgressMode::Bar : ProgressMode::None, label,
               p.run.replicates);
  BatchOptions bo;
  bo.progress = [&](int, int, int replicate) {
    bar.item(report.first + replicate, static_cast<int>(k), replicate);
    report.events.item(report.first + replicate, static_cast<int>(k), replicate);
  };
  bo.stop = &g_stop;
  bo.clock = clock;
  const auto sim_start = std::chrono::steady_clock::now();
  auto results = run_replicates(p, reps, bo);
  sim_seconds = seconds_since(sim_start);
  bar.finish();
  return results;
}

/// The --timings lines of one point: simulation speed, writing share, then each phase.
void print_timings(const Parameters& p, std::size_t replicates, double sim_seconds,
                   double write_seconds, const PhaseClock& clock) {
  const double agents = std::ceil(p.population.citizens / p.population.agent_weight);
  const double citizen_years = agents * p.run.years * static_cast<double>(replicates);
  std::printf(
      "timings: simulate %.3f s (%.3g citizen-years/s), write %.3f s (%.1f%% of run time)\n",
      sim_seconds, citizen_years / sim_seconds, write_seconds,
      100.0 * write_seconds / (sim_seconds + write_seconds));
  print_phase_timings(clock, write_seconds, static_cast<int>(replicates));
}

/// Runs sweep point k and writes its result file. Returns 130 if a signal cut it short.
int run_point(const Scenario& s, const std::vector<SweepPoint>& points, std::size_t k,
              const std::string& out, const RunOptions& o, const std::string& command_line,
              const RunReport& report) {
  const Parameters& p = points[k].params;
  const std::string label =
      points.size() > 1 ? point_scenario_name(s.name, points[k].label) : s.name;
  PhaseClock clock;
  double sim_seconds = 0;
  const auto results =
      simulate_point(p, k, label, report, o.timings ? &clock : nullptr, sim_seconds);

  const Provenance prov = make_provenance(s, points[k], points.size(), command_line);
  const std::string path = point_file(out, k, points.size());
  if (results.empty()) {
    report.events.phase("interrupted", {{"reason", json_string("signal")}, {"kept", "0"}});
    std::cerr << "interrupted before any replicate finished; nothing written to " << path << "\n";
    return 130;
  }
  const auto write_start = std::chrono::steady_clock::now();
  write_result_file(path, prov, results);
  const double write_seconds = seconds_since(write_start);
  report.events.phase("written", {{"output", json_string(path)},
                                  {"point", std::to_string(k)},
                                  {"replicates", std::to_string(results.size())}});
  if (o.timings) print_timings(p, results.size(), sim_seconds, write_seconds, clock);
  if (!o.quiet)  // the summary; the "wrote" line below is always printed (a job log needs it)
    std::cout << format_summary(
        summarise(results),
        prov.scenario_name + ": final year " + std::to_string(p.run.start_year + p.run.years - 1));
  std::cout << "wrote " << path << " (" << results.size() << " of " << p.run.replicates
            << " replicates)\n";
  if (g_stop.load() && static_cast<int>(results.size()) < p.run.replicates) {
    report.events.phase("interrupted", {{"reason", json_string("signal")},
                                        {"kept", std::to_string(results.size())}});
    std::cerr << "interrupted: " << results.size() << " of " << p.run.replicates
              << " replicates finished and kept in " << path
              << " (/provenance@replicates_completed).\n`quasim run` starts over when run again; "
                 "`quasim batch` with the same arguments keeps finished replicates and resumes\n";
    return 130;
  }
  return 0;
}

/// Runs every point in turn; the events say where the run is, and why it ended if it failed.
int run_points(const Scenario& s, const std::vector<SweepPoint>& points, const std::string& out,
               const RunOptions& o, const std::string& command_line) {
  const ProgressMode mode = progress_mode(o.progress, o.quiet);
  int total = 0;
  for (const auto& pt : points) total += pt.params.run.replicates;
  Progress events(mode == ProgressMode::Jsonl ? mode : ProgressMode::None, s.name, total);
  events.phase("start", {{"command", json_string("run")},
                         {"scenario", json_string(s.name)},
                         {"points", std::to_string(points.size())},
                         {"total", std::to_string(total)},
                         {"resumed", "0"}});
  RunReport report{mode, events, 0};
  try {
    for (std::size_t k = 0; k < points.size(); ++k) {
      if (const int rc = run_point(s, points, k, out, o, command_line, report)) return rc;
      report.first += points[k].params.run.replicates;
    }
  } catch (const std::exception& e) {
    events.phase("failed", {{"reason", json_string(e.what())}});
    throw;
  }
  return 0;
}

int run(const RunOptions& o, const std::string& command_line) {
  const Scenario s =
      load_scenario(o.scenario, run_overrides(o.sets, o.replicates, o.years, o.seed));
  const auto points = sweep_points(s);
  check_fits_in_memory(s, points);  // before any work: this machine, not the scenario
  const std::string out = o.output.empty() ? "results/" + safe_file_stem(s.name) + ".h5" : o.output;
  for (std::size_t k = 0; k < points.size(); ++k)
    check_output_file(point_file(out, k, points.size()));
  const auto threads = limit_replicates_at_a_time(points, o.threads);
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  return run_points(s, points, out, o, command_line);
}

}  // namespace

void add_run_commands(CLI::App& app, const std::string& command_line) {
  auto opts = std::make_shared<RunOptions>();
  auto* cmd = app.add_subcommand("run", "Run a scenario's replicates and write a result file");
  cmd->add_option("scenario", opts->scenario, "Scenario file (TOML)")->required();
  cmd->add_option("-o,--output", opts->output, "Result file (default results/<scenario name>.h5)");
  cmd->add_option("--replicates", opts->replicates, "Replicates (overrides run.replicates)")
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--years", opts->years, "Years (overrides run.years)")->check(CLI::Range(1, 200));
  cmd->add_option("--seed", opts->seed, "Seed (overrides run.seed)")->check(CLI::NonNegativeNumber);
  cmd->add_option("--threads", opts->threads, "Worker threads (default: all cores)")
      ->check(CLI::Range(1, 4096));
  cmd->add_option("--set", opts->sets, "Override a parameter: --set key=value (repeatable)");
  cmd->add_option("--progress", opts->progress,
                  "bar | jsonl (one JSON object per line on stderr) | none; default: a bar on a "
                  "terminal, jsonl otherwise")
      ->check(CLI::IsMember({"bar", "jsonl", "none"}));
  cmd->add_flag("-q,--quiet", opts->quiet,
                "No progress (unless --progress is given) and no summary; the 'wrote' line stays");
  cmd->add_flag("--timings", opts->timings,
                "Print simulation, per-phase and writing times and the serial share (benchmarks)");
  cmd->footer(
      "Example:\n  quasim run scenarios/austerity_ageing.toml -o results/aa.h5 --replicates 20 "
      "--set budget.change_late=-0.03\n"
      "A scenario with a [sweep] or [design] writes one file per point: OUT.p000.h5, OUT.p001.h5, "
      "...");
  cmd->callback([opts, command_line] {
    const int rc = run(*opts, command_line);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace quasim
