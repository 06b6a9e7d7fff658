// cli/cmd_batch.cpp — batches on one machine, on MPI ranks or as Slurm array shards;
// `merge`, `slurm` and `reproduce`. Every finished work item is saved at once as a part file,
// so a killed batch keeps its work and the same command resumes it.
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>

#include "cli/commands.hpp"
#include "cli/mpi_context.hpp"
#include "cli/progress.hpp"
#include "cli/run_support.hpp"
#include "output/batch_index.hpp"
#include "output/result_convert.hpp"
#include "output/result_file.hpp"
#include "output/result_reader.hpp"
#include "sim/batch_plan.hpp"
#include "sim/parameter_table.hpp"
#include "sim/replicate.hpp"
#include "sim/scenario.hpp"

namespace quasim {
namespace fs = std::filesystem;
namespace {

std::atomic<bool> g_stop{false};
extern "C" void on_batch_signal(int) { g_stop.store(true); }

std::string parts_dir_of(const std::string& out) { return out + ".parts"; }

/// A part file that reads back cleanly counts as done; a torn one is redone.
bool part_done(const std::string& path) {
  if (!fs::exists(path)) return false;
  try {
    read_result_file(path);
    return true;
  } catch (const OutputError&) {
    return false;
  }
}

/// Part files grouped by scenario point (their resolved parameters), in file-name order.
std::vector<std::vector<std::string>> group_parts(const std::vector<std::string>& inputs) {
  std::vector<std::string> files;
  for (const auto& in : inputs) {
    if (fs::is_directory(in)) {
      for (const auto& e : fs::directory_iterator(in))
        if (e.path().extension() == ".h5") files.push_back(e.path().string());
    } else if (fs::exists(in)) {
      files.push_back(in);
    } else {
      throw OutputError(in + ": no such part file or directory");
    }
  }
  std::sort(files.begin(), files.end(), [](const std::string& a, const std::string& b) {
    return fs::path(a).filename() < fs::path(b).filename();
  });
  std::vector<std::vector<std::string>> groups;
  std::map<std::string, std::size_t> index;
  for (const auto& f : files) {
    const auto c = read_result_file(f);
    const auto it = c.provenance.find("resolved_parameters");
    const std::string key = it == c.provenance.end() ? f : it->second;
    if (!index.count(key)) {
      index[key] = groups.size();
      groups.emplace_back();
    }
    groups[index[key]].push_back(f);
  }
  return groups;
}

/// Joins the parts of one point into one result file; replicates sorted, duplicates dropped.
void merge_point(const std::vector<std::string>& parts, const std::string& out, const std::string& cmd) {
  std::map<int, ReplicateResult> by_replicate;
  Provenance prov;
  for (const auto& f : parts) {
    const auto c = read_result_file(f);
    const auto axes = read_axes(f);
    if (by_replicate.empty()) prov = provenance_of(c, axes);
    for (auto& r : replicate_results(c, axes, f)) by_replicate.emplace(r.replicate, std::move(r));
  }
  std::vector<ReplicateResult> results;
  for (auto& [k, r] : by_replicate) results.push_back(std::move(r));
  if (!cmd.empty()) prov.command_line = cmd;
  write_result_file(out, prov, results);
}

struct BatchOptions2 {
  std::string scenario, output, shard;
  std::vector<std::string> sets;
  int replicates = 0, threads = 0;
  bool keep_parts = false, quiet = false;
};

int batch(const BatchOptions2& o, const std::string& cmd) {
  MpiContext mpi;
  std::vector<std::string> sets = o.sets;
  if (o.replicates > 0) sets.push_back("run.replicates=" + std::to_string(o.replicates));
  const Scenario s = load_scenario(o.scenario, sets);
  const auto points = sweep_points(s);
  const std::string out = o.output.empty() ? "results/" + s.name + ".h5" : o.output;
  auto items = work_items(points);
  int shard_k = 0, shard_n = 1;
  if (!o.shard.empty()) std::tie(shard_k, shard_n) = parse_shard(o.shard);
  auto mine = slice(slice(items, shard_k, shard_n), mpi.rank(), mpi.size());

  const std::string parts = parts_dir_of(out);
  fs::create_directories(parts);
  std::vector<WorkItem> todo;
  for (const auto& it : mine)
    if (!part_done((fs::path(parts) / part_file_name(it)).string())) todo.push_back(it);
  if (mpi.rank() == 0 && !o.quiet && todo.size() < mine.size())
    std::cerr << "resuming: " << mine.size() - todo.size() << " of " << mine.size()
              << " work items already done in " << parts << "\n";

  std::unique_ptr<tbb::global_control> threads;
  if (o.threads > 0)
    threads = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism, o.threads);
  std::signal(SIGINT, on_batch_signal);
  std::signal(SIGTERM, on_batch_signal);

  ProgressBar bar(s.name + (mpi.size() > 1 ? " rank " + std::to_string(mpi.rank()) : ""),
                  static_cast<int>(todo.size()), !o.quiet && mpi.rank() == 0);
  std::mutex write_mutex;  // HDF5 (Debian's build) is not thread-safe
  std::atomic<int> done{0};
  tbb::parallel_for(std::size_t{0}, todo.size(), [&](std::size_t i) {
    if (g_stop.load()) return;
    const WorkItem& it = todo[i];
    const auto& pt = points[it.point];
    try {
      // Isolated: while waiting inside this replicate's citizen phase, a thread helps only this
      // replicate, instead of starting a whole other work item and holding this one up.
      ReplicateResult r = tbb::this_task_arena::isolate([&] { return run_replicate(pt.params, it.replicate, &g_stop); });
      std::lock_guard lock(write_mutex);
      write_result_file((fs::path(parts) / part_file_name(it)).string(),
                        make_provenance(s, pt, points.size(), cmd), {r});
      bar.update(++done);
    } catch (const Interrupted&) {
    }
  }, tbb::simple_partitioner{});
  bar.finish();

  const bool complete = mpi.all(!g_stop.load());
  if (!complete) {
    if (mpi.rank() == 0)
      std::cerr << "interrupted: finished work items are kept in " << parts
                << "; run the same command again to resume\n";
    return 130;
  }
  if (shard_n > 1) {
    if (!o.quiet)
      std::cout << "shard " << shard_k << "/" << shard_n << ": " << mine.size() << " work items in " << parts
                << "\nwhen every shard is done: quasim merge " << parts << " -o " << out << "\n";
    return 0;
  }
  mpi.barrier();
  if (mpi.rank() != 0) return 0;
  // Merge: one file per point, plus an index for sweeps.
  std::vector<BatchPoint> index;
  for (std::size_t k = 0; k < points.size(); ++k) {
    std::vector<std::string> files;
    for (const auto& it : items)
      if (it.point == static_cast<int>(k)) files.push_back((fs::path(parts) / part_file_name(it)).string());
    const std::string path = point_file(out, k, points.size());
    merge_point(files, path, cmd);
    index.push_back({points[k].label, path});
  }
  if (points.size() > 1) {
    Provenance prov = make_provenance(s, points[0], points.size(), cmd);
    prov.scenario_name = s.name;  // the index stands for the whole sweep
    write_batch_index(out, prov, index);
  }
  if (!o.keep_parts) fs::remove_all(parts);
  if (!o.quiet)
    std::cout << "wrote " << out << " (" << points.size() << " point" << (points.size() > 1 ? "s" : "") << " x "
              << points[0].params.run.replicates << " replicates" << (mpi.size() > 1 ? ", " + std::to_string(mpi.size()) + " MPI ranks" : "")
              << ")\n";
  return 0;
}

int merge(const std::vector<std::string>& inputs, const std::string& out, const std::string& cmd) {
  const auto groups = group_parts(inputs);
  if (groups.empty()) throw OutputError("nothing to merge");
  std::vector<BatchPoint> index;
  for (std::size_t k = 0; k < groups.size(); ++k) {
    const std::string path = point_file(out, k, groups.size());
    merge_point(groups[k], path, cmd);
    const auto c = read_result_file(path);
    index.push_back({c.provenance.count("scenario_name") ? c.provenance.at("scenario_name") : "", path});
  }
  if (groups.size() > 1) {
    Provenance prov = provenance_of(read_result_file(index.front().file), read_axes(index.front().file));
    prov.command_line = cmd;
    prov.scenario_name = prov.scenario_name.substr(0, prov.scenario_name.find(" ["));  // the whole sweep
    write_batch_index(out, prov, index);
  }
  std::cout << "wrote " << out << " from " << groups.size() << " point(s)\n";
  return 0;
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

int reproduce_file(const std::string& path, int threads) {
  const auto original = read_result_file(path);
  const auto axes = read_axes(path);
  const auto it = original.provenance.find("resolved_parameters");
  if (it == original.provenance.end()) throw OutputError(path + ": no resolved parameters to reproduce from");
  const Parameters p = load_scenario_text(it->second, path + ":/provenance@resolved_parameters").params;
  std::unique_ptr<tbb::global_control> limit;
  if (threads > 0) limit = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism, threads);
  std::vector<ReplicateResult> fresh(axes.replicates.size());
  ProgressBar bar("reproducing " + fs::path(path).filename().string(), static_cast<int>(fresh.size()), true);
  std::atomic<int> done{0};
  tbb::parallel_for(std::size_t{0}, fresh.size(), [&](std::size_t i) {
    fresh[i] = run_replicate(p, axes.replicates[i]);
    bar.update(++done);
  });
  bar.finish();
  const std::string tmp = (fs::temp_directory_path() / ("quasim-reproduce-" + std::to_string(getpid()) + ".h5")).string();
  write_result_file(tmp, provenance_of(original, axes), fresh);
  const auto again = read_result_file(tmp);
  fs::remove(tmp);
  std::map<std::string, const DatasetData*> by_path;
  for (const auto& d : again.datasets) by_path[d.path] = &d;
  int mismatches = 0;
  for (const auto& d : original.datasets) {
    const auto f = by_path.find(d.path);
    std::string verdict = "matches exactly";
    if (f == by_path.end()) {
      verdict = "MISSING in the reproduction";
    } else if (f->second->shape != d.shape) {
      verdict = "DIFFERS: shape";
    } else {
      std::size_t diff = 0;
      double worst = 0;
      for (std::size_t i = 0; i < d.values.size(); ++i)
        if (!same_bits(d.values[i], f->second->values[i])) {
          ++diff;
          worst = std::max(worst, std::fabs(d.values[i] - f->second->values[i]));
        }
      if (diff) verdict = "DIFFERS in " + std::to_string(diff) + " values (largest difference " + std::to_string(worst) + ")";
    }
    if (verdict != "matches exactly") ++mismatches;
    std::cout << "  " << d.path << ": " << verdict << "\n";
  }
  std::cout << (mismatches ? "NOT reproduced: " : "reproduced exactly: ") << path << " (" << original.datasets.size()
            << " datasets, " << mismatches << " differ)\n";
  return mismatches ? 1 : 0;
}

int reproduce(const std::string& path, int threads) {
  if (!is_batch_index(path)) return reproduce_file(path, threads);
  int rc = 0;
  for (const auto& pt : batch_points(path)) rc |= reproduce_file(pt.file, threads);
  return rc;
}

void slurm(const std::string& scenario, const std::string& out_arg, int shards, int cpus, const std::string& time,
           std::vector<std::string> sets, int replicates) {
  if (replicates > 0) sets.push_back("run.replicates=" + std::to_string(replicates));
  const Scenario s = load_scenario(scenario, sets);
  std::string passthrough;
  for (const auto& x : sets) passthrough += " --set '" + x + "'";
  const auto items = work_items(sweep_points(s));
  const int n = std::max(1, std::min<int>(shards, static_cast<int>(items.size())));
  const std::string out = fs::absolute(out_arg.empty() ? "results/" + s.name + ".h5" : out_arg).string();
  const std::string bin = fs::read_symlink("/proc/self/exe").string();
  const std::string sc = fs::absolute(scenario).string();
  std::cout << "#!/bin/bash\n"
            << "# Slurm job array for " << s.name << ": " << items.size() << " work items in " << n << " shards.\n"
            << "# Submit with:  jid=$(sbatch --parsable THIS_FILE)\n"
            << "# then merge:   sbatch --dependency=afterok:$jid --wrap '" << bin << " merge " << out << ".parts -o " << out << "'\n"
            << "# A failed or pre-empted shard can be resubmitted as is: it resumes from its finished parts.\n"
            << "#SBATCH --job-name=quasim-" << s.name << "\n"
            << "#SBATCH --array=0-" << n - 1 << "\n"
            << "#SBATCH --cpus-per-task=" << cpus << "\n"
            << "#SBATCH --time=" << time << "\n"
            << "#SBATCH --output=" << out << ".slurm-%A_%a.log\n"
            << "set -euo pipefail\n"
            << "srun " << bin << " batch " << sc << " -o " << out << " --shard ${SLURM_ARRAY_TASK_ID}/" << n
            << passthrough << " --threads ${SLURM_CPUS_PER_TASK} --quiet\n";
}

}  // namespace

void add_batch_commands(CLI::App& app, const std::string& command_line) {
  auto o = std::make_shared<BatchOptions2>();
  auto* b = app.add_subcommand("batch", "Run every sweep point x replicate (TBB, MPI ranks or a Slurm shard), resumable");
  b->add_option("scenario", o->scenario, "Scenario file with an optional [sweep]")->required();
  b->add_option("-o,--output", o->output, "Result file (a sweep also writes OUT.pNNN.h5, one per point)");
  b->add_option("--shard", o->shard, "Run only slice K of N (K/N, 0-based), for Slurm job arrays");
  b->add_option("--replicates", o->replicates, "Replicates per point (overrides run.replicates)")->check(CLI::Range(1, 100000));
  b->add_option("--threads", o->threads, "Worker threads per process")->check(CLI::Range(1, 4096));
  b->add_option("--set", o->sets, "Override a parameter: --set key=value (repeatable)");
  b->add_flag("--keep-parts", o->keep_parts, "Keep OUT.h5.parts/ after merging");
  b->add_flag("-q,--quiet", o->quiet, "No progress bar");
  b->footer("Examples:\n  quasim batch scenarios/thin_market.toml -o results/thin.h5\n"
            "  mpirun -np 4 quasim batch scenarios/mutual_spinout.toml -o results/ms.h5\n"
            "  quasim batch sweep.toml -o out.h5 --shard 3/10   # then: quasim merge out.h5.parts -o out.h5\n"
            "Killed or interrupted? Run the same command again: finished work items are kept.");
  b->callback([o, command_line] {
    if (const int rc = batch(*o, command_line)) throw CLI::RuntimeError(rc);
  });

  struct MergeOpts {
    std::vector<std::string> inputs;
    std::string output;
  };
  auto m = std::make_shared<MergeOpts>();
  auto* mc = app.add_subcommand("merge", "Join part files or shard directories into one result");
  mc->add_option("parts", m->inputs, "Part files or OUT.h5.parts directories")->required();
  mc->add_option("-o,--output", m->output, "Result file")->required();
  mc->footer("Example:\n  quasim merge results/sweep.h5.parts -o results/sweep.h5");
  mc->callback([m, command_line] { merge(m->inputs, m->output, command_line); });

  struct SlurmOpts {
    std::string scenario, output, time = "04:00:00";
    std::vector<std::string> sets;
    int shards = 100, cpus = 8, replicates = 0;
  };
  auto so = std::make_shared<SlurmOpts>();
  auto* sc = app.add_subcommand("slurm", "Print an sbatch job-array script for a batch");
  sc->add_option("scenario", so->scenario, "Scenario file with an optional [sweep]")->required();
  sc->add_option("-o,--output", so->output, "Result file the merged batch is written to");
  sc->add_option("--shards", so->shards, "Array tasks (default 100, at most one per work item)")->check(CLI::Range(1, 100000));
  sc->add_option("--cpus", so->cpus, "CPUs per task (default 8)")->check(CLI::Range(1, 1024));
  sc->add_option("--time", so->time, "Wall time per task (default 04:00:00)");
  sc->add_option("--replicates", so->replicates, "Replicates per point (overrides run.replicates)")->check(CLI::Range(1, 100000));
  sc->add_option("--set", so->sets, "Override a parameter in every task: --set key=value (repeatable)");
  sc->footer("Example:\n  quasim slurm scenarios/mutual_spinout.toml -o results/ms.h5 --shards 20 > ms.sbatch");
  sc->callback([so] { slurm(so->scenario, so->output, so->shards, so->cpus, so->time, so->sets, so->replicates); });

  struct ReproOpts {
    std::string file;
    int threads = 0;
  };
  auto ro = std::make_shared<ReproOpts>();
  auto* rc = app.add_subcommand("reproduce", "Re-run a result from its provenance and compare every dataset");
  rc->add_option("file", ro->file, "Result file (or batch index)")->required()->check(CLI::ExistingFile);
  rc->add_option("--threads", ro->threads, "Worker threads")->check(CLI::Range(1, 4096));
  rc->footer("Example:\n  quasim reproduce results/baseline.h5   # exit 0 only if every dataset matches bit for bit");
  rc->callback([ro] {
    if (const int code = reproduce(ro->file, ro->threads)) throw CLI::RuntimeError(code);
  });
}

}  // namespace quasim
