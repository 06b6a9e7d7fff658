// cli/cmd_batch.cpp — batches on one machine, on MPI ranks or as Slurm array shards;
// `merge` and `reproduce` (`slurm` is cli/cmd_slurm.cpp). Every finished work item is saved at
// once as a part file, so a killed batch keeps its work and the same command resumes it.
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>

#include "cli/batch_parts.hpp"
#include "cli/commands.hpp"
#include "cli/json_text.hpp"
#include "cli/mpi_context.hpp"
#include "cli/progress.hpp"
#include "cli/run_support.hpp"
#include "cli/thread_limit.hpp"
#include "output/batch_index.hpp"
#include "output/file_checks.hpp"
#include "output/result_convert.hpp"
#include "output/result_file.hpp"
#include "output/result_reader.hpp"
#include "sim/batch_plan.hpp"
#include "sim/memory_fit.hpp"
#include "sim/parameter_table.hpp"
#include "sim/replicate.hpp"
#include "sim/scenario.hpp"
#include "sim/version.hpp"

namespace quasim {
namespace fs = std::filesystem;
namespace {

std::atomic<bool> g_stop{false};
extern "C" void on_batch_signal(int) {
  g_stop.store(true);
}

std::string parts_dir_of(const std::string& out) {
  return out + ".parts";
}

/// The .h5 files given: part files as they are, directories by their *.h5 members.
std::vector<std::string> part_files(const std::vector<std::string>& inputs) {
  std::vector<std::string> files;
  for (const auto& in : inputs) {
    const std::string kind = file_kind(in);
    if (kind == "a directory") {
      std::vector<std::string> here;
      for (const auto& e : fs::directory_iterator(in))
        if (e.path().extension() == ".h5" && e.is_regular_file()) here.push_back(e.path().string());
      std::sort(here.begin(), here.end());
      if (here.empty()) throw OutputError(in + ": no part files (*.h5) in this folder");
      files.insert(files.end(), here.begin(), here.end());
    } else if (kind == "missing") {
      throw OutputError(in + ": no such part file or directory");
    } else {
      check_input_file(in);
      files.push_back(in);
    }
  }
  return files;
}

struct BatchOptions2 {
  std::string scenario, output, shard;
  std::vector<std::string> sets;
  std::string progress;  ///< bar | jsonl | none; "" automatic
  int replicates = 0, years = 0, threads = 0;
  std::int64_t seed = -1;
  bool keep_parts = false, quiet = false, redo_mismatched = false;
};

/// Sorts a batch's own work items into those to run now, checking every part already there.
/// Returns false (after saying why) if a part belongs to something else and may not be redone.
bool plan_resume(const std::vector<WorkItem>& mine, const std::string& parts, const PartPlan& plan,
                 bool redo, std::vector<WorkItem>& todo, std::size_t& redone) {
  std::vector<std::string> mismatched;
  for (const auto& it : mine) {
    const std::string path = (fs::path(parts) / part_file_name(it)).string();
    const PartCheck c = check_part(path, plan, it);
    if (c.state == PartState::Good) continue;
    if (c.state == PartState::Mismatch && !redo) {
      mismatched.push_back(c.why);
      continue;
    }
    if (c.state != PartState::Missing) {
      // A torn or edited part, or (with --redo-mismatched) another plan's: redone from scratch.
      std::cerr << "redoing " << path << ": "
                << c.why.substr(c.why.starts_with(path + ": ") ? path.size() + 2 : 0) << "\n";
      ::unlink(path.c_str());
      ++redone;
    }
    todo.push_back(it);
  }
  if (mismatched.empty()) return true;
  std::cerr << "error: " << mismatched.front()
            << (mismatched.size() > 1
                    ? " (and " + std::to_string(mismatched.size() - 1) + " more parts)"
                    : "")
            << "; use another -o, remove " << parts
            << ", or pass --redo-mismatched to redo such parts\n";
  return false;
}

/// Where this batch's results and parts go, and which of its work items are this process's.
struct BatchWork {
  Scenario scenario;
  std::vector<SweepPoint> points;
  std::string out, parts;
  std::vector<WorkItem> items;  ///< the whole plan's
  std::vector<WorkItem> mine;   ///< this shard's and this rank's
  int shard_k = 0, shard_n = 1;
};

/// Loads the scenario and slices its work items for this shard and rank; checks before any work
/// that the batch fits this machine (not the scenario).
BatchWork plan_batch(const BatchOptions2& o, const MpiContext& mpi) {
  BatchWork w;
  w.scenario = load_scenario(o.scenario, run_overrides(o.sets, o.replicates, o.years, o.seed));
  w.points = sweep_points(w.scenario);
  check_fits_in_memory(w.scenario, w.points);  // before any work: this machine, not the scenario
  w.out = o.output.empty() ? "results/" + safe_file_stem(w.scenario.name) + ".h5" : o.output;
  w.items = work_items(w.points);
  if (!o.shard.empty()) std::tie(w.shard_k, w.shard_n) = parse_shard(o.shard);
  w.mine = slice(slice(w.items, w.shard_k, w.shard_n), mpi.rank(), mpi.size());
  w.parts = parts_dir_of(w.out);
  return w;
}

/// Before any work: where results go must be a place for files; makes the parts folder.
void check_outputs(const BatchWork& w) {
  check_output_file(w.out);
  for (std::size_t k = 0; k < w.points.size(); ++k)
    check_output_file(point_file(w.out, k, w.points.size()));
  check_output_directory(w.parts);
  fs::create_directories(w.parts);
}

/// Rank 0 locks the parts folder (one lock per shard). Returns false on every rank, after
/// saying why, if it is in use.
bool lock_parts(const BatchWork& w, const MpiContext& mpi, std::unique_ptr<PartsLock>& lock) {
  std::string lock_error;
  if (mpi.rank() == 0) {
    try {
      lock = std::make_unique<PartsLock>(w.parts, parts_lock_name(w.shard_k, w.shard_n));
    } catch (const OutputError& e) {
      lock_error = e.what();
    }
  }
  if (!mpi.all(lock_error.empty())) {
    if (!lock_error.empty()) std::cerr << "error: " << lock_error << "\n";
    return false;
  }
  return true;
}

/// SIGINT and SIGTERM stop the work between items: finished parts are kept.
void stop_on_signals() {
  std::signal(SIGINT, on_batch_signal);
  std::signal(SIGTERM, on_batch_signal);
}

/// The first failure of a work item, if any.
struct ItemsOutcome {
  bool failed = false;
  std::string failure;
};

/// Runs this rank's work items in parallel, saving each as a stamped part as soon as it is done.
/// Stops early on a signal or on the first failure; finished parts stay.
ItemsOutcome run_items(const BatchWork& w, const PartPlan& plan, const std::vector<WorkItem>& todo,
                       const std::string& cmd, Progress& progress) {
  std::vector<int> first(w.points.size() + 1, 0);  // item index of each point's replicate 0
  for (std::size_t k = 0; k < w.points.size(); ++k)
    first[k + 1] = first[k] + w.points[k].params.run.replicates;
  std::mutex write_mutex;  // HDF5 (Debian's build) is not thread-safe
  std::atomic<bool> failed{false};
  std::string failure;
  tbb::parallel_for(
      std::size_t{0}, todo.size(),
      [&](std::size_t i) {
        if (g_stop.load()) return;
        const WorkItem& it = todo[i];
        const auto& pt = w.points[it.point];
        try {
          // Isolated: while waiting inside this replicate's citizen phase, a thread helps only this
          // replicate, instead of starting a whole other work item and holding this one up.
          ReplicateResult r = tbb::this_task_arena::isolate(
              [&] { return run_replicate(pt.params, it.replicate, &g_stop); });
          Provenance prov = make_provenance(w.scenario, pt, w.points.size(), cmd);
          stamp_part(prov, plan, it, w.points.size());
          std::lock_guard lock(write_mutex);
          write_result_file((fs::path(w.parts) / part_file_name(it)).string(), prov, {r});
          progress.item(first[static_cast<std::size_t>(it.point)] + it.replicate, it.point,
                        it.replicate);
        } catch (const Interrupted&) {
        } catch (const std::exception& e) {
          // Caught here, not let through: an exception leaving this body would cancel the loop
          // under other threads mid-write. The first failure stops the rest; finished parts stay.
          std::lock_guard lock(write_mutex);
          if (!failed.exchange(true)) failure = e.what();
          g_stop.store(true);
        }
      },
      tbb::simple_partitioner{});
  progress.finish();
  return {failed.load(), failure};
}

/// How many of this process's work items were found done (and verified) in the parts folder.
void say_resuming(const std::vector<WorkItem>& mine, const std::vector<WorkItem>& todo,
                  const std::string& parts) {
  std::cout << "resuming: " << mine.size() - todo.size() << " of " << mine.size()
            << " work items already done and verified in " << parts << std::endl;
}

/// A shard's work is done; the merge waits for every shard.
int say_shard_done(const BatchWork& w) {
  std::cout << "shard " << w.shard_k << "/" << w.shard_n << ": " << w.mine.size()
            << " work items in " << w.parts << "\nwhen every shard is done: quasim merge "
            << w.parts << " -o " << w.out << "\n";
  return 0;
}

/// "wrote OUT (3 points x 10 replicates, ...)" once a batch is merged.
void say_written(const BatchWork& w, int ranks, std::size_t redone) {
  std::cout << "wrote " << w.out << " (" << w.points.size() << " point"
            << (w.points.size() > 1 ? "s" : "") << " x " << w.points[0].params.run.replicates
            << " replicates" << (ranks > 1 ? ", " + std::to_string(ranks) + " MPI ranks" : "")
            << (redone ? ", " + std::to_string(redone) + " unverifiable parts redone" : "")
            << ")\n";
}

/// Rank 0, every item done: merges exactly this plan's parts (each verified again as it is read),
/// then the index; removes the parts folder (unless kept) while still holding its lock.
int merge_batch(const BatchWork& w, const BatchOptions2& o, const std::string& cmd,
                std::unique_ptr<PartsLock>& lock, std::size_t redone, int ranks,
                Progress& progress) {
  progress.phase("merge", {{"points", std::to_string(w.points.size())}});
  std::vector<std::string> files;
  for (const auto& it : w.items) files.push_back((fs::path(w.parts) / part_file_name(it)).string());
  MergeOptions mo;
  mo.command_line = cmd;
  mo.replicates = w.points[0].params.run.replicates;
  mo.stop = &g_stop;
  const MergeOutcome m = merge_parts(files, w.out, mo);
  if (m.interrupted) {
    progress.phase("interrupted", {{"reason", json_string("signal while merging")}});
    std::cerr << "interrupted while merging: every work item is kept in " << w.parts
              << "; run the same command again to finish the merge\n";
    return 130;
  }
  if (!o.keep_parts)
    fs::remove_all(w.parts);  // still locked: no other batch starts in a folder going away
  lock.reset();
  progress.phase("written", {{"output", json_string(w.out)},
                             {"points", std::to_string(m.written)},
                             {"replicates", std::to_string(w.points[0].params.run.replicates)}});
  say_written(w, ranks, redone);
  return 0;
}

/// This process's progress: the bar on rank 0 only; events from every rank (with its "rank"
/// when there are several), starting with what there is to do and what was resumed.
std::unique_ptr<Progress> batch_progress(const BatchWork& w, const BatchOptions2& o,
                                         const std::vector<WorkItem>& todo, const MpiContext& mpi) {
  ProgressMode mode = progress_mode(o.progress, o.quiet);
  if (mode == ProgressMode::Bar && mpi.rank() != 0) mode = ProgressMode::None;
  EventFields common;
  if (mpi.size() > 1)
    common = {{"rank", std::to_string(mpi.rank())}, {"ranks", std::to_string(mpi.size())}};
  const int total = static_cast<int>(w.mine.size());
  const int resumed = total - static_cast<int>(todo.size());
  auto p = std::make_unique<Progress>(
      mode, w.scenario.name + (mpi.size() > 1 ? " rank " + std::to_string(mpi.rank()) : ""), total,
      resumed, common);
  EventFields start = {{"command", json_string("batch")},
                       {"scenario", json_string(w.scenario.name)},
                       {"points", std::to_string(w.points.size())},
                       {"replicates", std::to_string(w.points[0].params.run.replicates)},
                       {"items", std::to_string(w.items.size())},
                       {"total", std::to_string(total)},
                       {"resumed", std::to_string(resumed)},
                       {"parts", json_string(w.parts)}};
  if (w.shard_n > 1) {
    start.emplace_back("shard", std::to_string(w.shard_k));
    start.emplace_back("shards", std::to_string(w.shard_n));
  }
  p->phase("start", start);
  return p;
}

/// `quasim batch`. Exit 0 when done (or this shard is), 1 on a failed item or a parts folder in
/// use, 2 when parts of another plan may not be redone, 130 when interrupted (work kept).
int batch(const BatchOptions2& o, const std::string& cmd) {
  MpiContext mpi;
  const BatchWork w = plan_batch(o, mpi);
  check_outputs(w);
  std::unique_ptr<PartsLock> lock;
  if (!lock_parts(w, mpi, lock)) return 1;

  const PartPlan plan = plan_of(w.points);
  std::vector<WorkItem> todo;
  std::size_t redone = 0;
  if (!mpi.all(plan_resume(w.mine, w.parts, plan, o.redo_mismatched, todo, redone))) return 2;
  if (mpi.rank() == 0 && todo.size() < w.mine.size()) say_resuming(w.mine, todo, w.parts);

  const auto threads = limit_threads(o.threads);
  stop_on_signals();  // before the start event: whoever sees it may stop the batch
  const auto progress_owner = batch_progress(w, o, todo, mpi);
  Progress& progress = *progress_owner;
  const ItemsOutcome run = run_items(w, plan, todo, cmd, progress);
  if (!mpi.all(!run.failed)) {
    if (run.failed) {
      progress.phase("failed", {{"reason", json_string(run.failure)}});
      std::cerr << "error: " << run.failure << " (finished work items are kept in " << w.parts
                << "; fix the cause and run the same command again)\n";
    }
    return 1;
  }
  if (!mpi.all(!g_stop.load())) {
    progress.phase("interrupted", {{"reason", json_string("signal")}});
    if (mpi.rank() == 0)
      std::cerr << "interrupted: finished work items are kept in " << w.parts
                << "; run the same command again to resume\n";
    return 130;
  }
  if (w.shard_n > 1) {
    progress.phase("shard_done",
                   {{"shard", std::to_string(w.shard_k)}, {"shards", std::to_string(w.shard_n)}});
    return mpi.rank() == 0 ? say_shard_done(w) : 0;
  }
  mpi.barrier();
  if (mpi.rank() != 0) return 0;
  return merge_batch(w, o, cmd, lock, redone, mpi.size(), progress);
}

/// `quasim merge`. Events only when asked for (--progress jsonl): a merge is short, and its
/// one-line refusals stay one line.
int merge(const std::vector<std::string>& inputs, const std::string& out, bool allow_partial,
          const std::string& progress_asked, const std::string& cmd) {
  check_output_file(out);
  stop_on_signals();
  MergeOptions mo;
  mo.command_line = cmd;
  mo.allow_partial = allow_partial;
  mo.stop = &g_stop;
  const auto files = part_files(inputs);
  Progress events(progress_asked == "jsonl" ? ProgressMode::Jsonl : ProgressMode::None, "merge",
                  static_cast<int>(files.size()));
  events.phase("merge",
               {{"command", json_string("merge")}, {"parts", std::to_string(files.size())}});
  MergeOutcome m;
  try {
    m = merge_parts(files, out, mo);
  } catch (const std::exception& e) {
    events.phase("failed", {{"reason", json_string(e.what())}});
    throw;
  }
  if (m.interrupted) {
    events.phase("interrupted",
                 {{"reason", json_string("signal")}, {"written", std::to_string(m.written)}});
    std::cerr << "interrupted: " << m.written << " of " << m.points << " point files written; "
              << out << " is not complete; run the same command again\n";
    return 130;
  }
  events.phase("written", {{"output", json_string(out)},
                           {"points", std::to_string(m.written)},
                           {"partial", m.missing.empty() ? "false" : "true"}});
  std::cout << "wrote " << out << " from " << m.points << " point(s)";
  if (!m.missing.empty())
    std::cout << " -- PARTIAL, missing " << m.missing << " (/provenance@partial = 1)";
  std::cout << "\n";
  return 0;
}

bool same_bits(double a, double b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

/// "matches exactly", or how `fresh` differs from `original`.
std::string compare(const DatasetData& original, const DatasetData* fresh) {
  if (original.absent) return "NOT in the original (written in an older result-file format)";
  if (!fresh) return "MISSING in the reproduction";
  if (fresh->type != original.type)
    return "DIFFERS: type " + original.type + ", reproduced " + fresh->type;
  if (fresh->shape != original.shape) return "DIFFERS: shape";
  std::size_t diff = 0;
  double worst = 0;
  for (std::size_t i = 0; i < original.values.size(); ++i)
    if (!same_bits(original.values[i], fresh->values[i])) {
      ++diff;
      worst = std::max(worst, std::fabs(original.values[i] - fresh->values[i]));
    }
  if (diff)
    return "DIFFERS in " + std::to_string(diff) + " values (largest difference " +
           std::to_string(worst) + ")";
  return "matches exactly";
}

/// Lists a damaged file's problems; true if there were any (nothing sound to compare with).
bool report_damaged(const ResultFileContents& original, const std::string& path) {
  if (original.problems.empty()) return false;
  for (const auto& p : original.problems) std::cout << "  " << p << "\n";
  std::cout << "NOT reproduced: " << path << " is damaged (" << original.problems.size()
            << " problem" << (original.problems.size() > 1 ? "s" : "")
            << " above); there is nothing sound to compare with\n";
  return true;
}

/// A note when another binary made the file: a difference may then come from the version.
void note_other_version(const ResultFileContents& original, const std::string& path) {
  const std::string made_by = "quasim " + provenance_text(original, "quasim_version") +
                              " (commit " + provenance_text(original, "git_commit") + ")";
  const std::string this_one = std::string("quasim ") + kVersion + " (commit " + kGitCommit + ")";
  if (made_by != this_one)
    std::cout << "note: " << path << " was made by " << made_by << "; this is " << this_one
              << ": a difference may come from the change of version, not from the run\n";
}

/// The parameters the file was made with (its /provenance@resolved_parameters), checked to fit
/// this machine. Throws OutputError if the file has none.
Parameters parameters_to_reproduce(const ResultFileContents& original, const std::string& path) {
  const auto it = original.provenance.find("resolved_parameters");
  if (it == original.provenance.end())
    throw OutputError(path + ": no resolved parameters to reproduce from");
  note_other_version(original, path);
  const Parameters p =
      load_scenario_text(it->second, path + ":/provenance@resolved_parameters").params;
  check_fits_in_memory(p, path + ":/provenance@resolved_parameters");
  return p;
}

/// Runs the replicates `reps` again, in parallel, with a progress bar.
std::vector<ReplicateResult> rerun(const Parameters& p, const std::vector<int>& reps,
                                   const std::string& path) {
  std::vector<ReplicateResult> fresh(reps.size());
  Progress bar(ProgressMode::Bar, "reproducing " + fs::path(path).filename().string(),
               static_cast<int>(fresh.size()));
  tbb::parallel_for(std::size_t{0}, fresh.size(), [&](std::size_t i) {
    fresh[i] = run_replicate(p, reps[i]);
    bar.item(static_cast<int>(i), 0, reps[i]);
  });
  bar.finish();
  return fresh;
}

/// The fresh results as the original's writer stores them: written to a temporary file with the
/// original's provenance and read back, so that both sides are compared as files.
ResultFileContents as_written(const ResultFileContents& original, const std::string& path,
                              const std::vector<ReplicateResult>& fresh) {
  const std::string tmp =
      (fs::temp_directory_path() / ("quasim-reproduce-" + std::to_string(getpid()) + ".h5"))
          .string();
  write_result_file(tmp, provenance_of(original, path), fresh);
  auto again = read_result_file(tmp);
  fs::remove(tmp);
  return again;
}

/// Datasets and panels compared.
struct Comparison {
  int count = 0, mismatches = 0;
};

/// Prints a verdict for every dataset and panel of either file.
Comparison compare_all(const ResultFileContents& original, const ResultFileContents& again) {
  std::map<std::string, const DatasetData*> by_path;
  for (const auto* list : {&again.datasets, &again.panels})
    for (const auto& d : *list) by_path[d.path] = &d;
  Comparison c;
  for (const auto* list : {&original.datasets, &original.panels})
    for (const auto& d : *list) {
      const auto f = by_path.find(d.path);
      const std::string verdict = compare(d, f == by_path.end() ? nullptr : f->second);
      by_path.erase(d.path);
      ++c.count;
      if (verdict != "matches exactly") ++c.mismatches;
      std::cout << "  " << d.path << ": " << verdict << "\n";
    }
  for (const auto& [extra, d] : by_path) {  // a panel the original lacks
    ++c.mismatches;
    std::cout << "  " << extra << ": MISSING in the original\n";
  }
  return c;
}

int reproduce_file(const std::string& path, int threads) {
  const auto original = read_result_file(path);
  if (report_damaged(original, path)) return 1;
  const Parameters p = parameters_to_reproduce(original, path);
  const auto limit = limit_threads(threads);
  const auto fresh = rerun(p, original.axes.replicates, path);
  const auto again = as_written(original, path, fresh);
  const Comparison c = compare_all(original, again);
  std::cout << (c.mismatches ? "NOT reproduced: " : "reproduced exactly: ") << path << " ("
            << c.count << " datasets, panels included, " << c.mismatches << " differ)\n";
  return c.mismatches ? 1 : 0;
}

int reproduce(const std::string& path, int threads) {
  if (!is_batch_index(path)) return reproduce_file(path, threads);
  int rc = 0;
  for (const auto& pt : batch_points(path)) rc |= reproduce_file(pt.file, threads);
  return rc;
}

}  // namespace

namespace {

void add_batch_command(CLI::App& app, const std::string& command_line) {
  auto o = std::make_shared<BatchOptions2>();
  auto* b = app.add_subcommand(
      "batch", "Run every sweep point x replicate (TBB, MPI ranks or a Slurm shard), resumable");
  b->add_option("scenario", o->scenario, "Scenario file with an optional [sweep] or [design]")
      ->required();
  b->add_option("-o,--output", o->output,
                "Result file (a sweep also writes OUT.pNNN.h5, one per point)");
  b->add_option("--shard", o->shard, "Run only slice K of N (K/N, 0-based), for Slurm job arrays");
  b->add_option("--replicates", o->replicates, "Replicates per point (overrides run.replicates)")
      ->check(CLI::Range(1, 100000));
  b->add_option("--years", o->years, "Years (overrides run.years)")->check(CLI::Range(1, 200));
  b->add_option("--seed", o->seed, "Seed (overrides run.seed)")->check(CLI::NonNegativeNumber);
  b->add_option("--threads", o->threads, "Worker threads per process")->check(CLI::Range(1, 4096));
  b->add_option("--set", o->sets, "Override a parameter: --set key=value (repeatable)");
  b->add_flag("--keep-parts", o->keep_parts, "Keep OUT.h5.parts/ after merging");
  b->add_flag(
      "--redo-mismatched", o->redo_mismatched,
      "Redo parts made with other parameters, seed or binary instead of refusing to resume");
  b->add_option("--progress", o->progress,
                "bar | jsonl (one JSON object per line on stderr) | none; default: a bar on a "
                "terminal, jsonl otherwise")
      ->check(CLI::IsMember({"bar", "jsonl", "none"}));
  b->add_flag("-q,--quiet", o->quiet,
              "No progress (unless --progress is given); the resuming and final lines stay");
  b->footer(
      "Examples:\n  quasim batch scenarios/thin_market.toml -o results/thin.h5\n"
      "  mpirun -np 4 quasim batch scenarios/mutual_spinout.toml -o results/ms.h5\n"
      "  quasim batch sweep.toml -o out.h5 --shard 3/10   # then: quasim merge out.h5.parts -o "
      "out.h5\n"
      "Killed or interrupted? Run the same command again: finished work items are kept.\n"
      "How far has it got? quasim status OUT.h5.parts.\n"
      "Takes run's options (--replicates, --years, --seed, --set, --threads, --progress, --quiet) "
      "except --timings.");
  b->callback([o, command_line] {
    if (const int rc = batch(*o, command_line)) throw CLI::RuntimeError(rc);
  });
}

void add_merge_command(CLI::App& app, const std::string& command_line) {
  struct MergeOpts {
    std::vector<std::string> inputs;
    std::string output, progress;
    bool allow_partial = false;
  };
  auto m = std::make_shared<MergeOpts>();
  auto* mc = app.add_subcommand("merge", "Join part files or shard directories into one result");
  mc->add_option("parts", m->inputs, "Part files or OUT.h5.parts directories")->required();
  mc->add_option("-o,--output", m->output, "Result file")->required();
  mc->add_flag("--allow-partial", m->allow_partial,
               "Write what there is when replicates or points are missing, marked partial in the "
               "provenance");
  mc->add_option(
        "--progress", m->progress,
        "jsonl: phase events (merge, written, failed) as JSON lines on stderr; default none")
      ->check(CLI::IsMember({"jsonl", "none"}));
  mc->footer(
      "Example:\n  quasim merge results/sweep.h5.parts -o results/sweep.h5\n"
      "Refuses parts of different batches, duplicates that disagree and (without --allow-partial) "
      "missing replicates or points.");
  mc->callback([m, command_line] {
    if (const int rc = merge(m->inputs, m->output, m->allow_partial, m->progress, command_line))
      throw CLI::RuntimeError(rc);
  });
}

void add_reproduce_command(CLI::App& app) {
  struct ReproOpts {
    std::string file;
    int threads = 0;
  };
  auto ro = std::make_shared<ReproOpts>();
  auto* rc = app.add_subcommand("reproduce",
                                "Re-run a result from its provenance and compare every dataset");
  rc->add_option("file", ro->file, "Result file (or batch index)")
      ->required()
      ->check(CLI::ExistingFile);
  rc->add_option("--threads", ro->threads, "Worker threads")->check(CLI::Range(1, 4096));
  rc->footer(
      "Example:\n  quasim reproduce results/baseline.h5   # exit 0 only if every dataset matches "
      "bit for bit");
  rc->callback([ro] {
    if (const int code = reproduce(ro->file, ro->threads)) throw CLI::RuntimeError(code);
  });
}

}  // namespace

void add_batch_commands(CLI::App& app, const std::string& command_line) {
  add_batch_command(app, command_line);
  add_merge_command(app, command_line);
  add_reproduce_command(app);
}

}  // namespace quasim
