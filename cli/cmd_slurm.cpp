// cli/cmd_slurm.cpp — `quasim slurm`: writes (and with --submit, submits) a Slurm job array
// that runs a batch as shards, and the merge job that runs after it. Sizes each task's memory
// from the engine's memory model, checks the CPUs against the work a task has, and (for the
// merge job) lists the shards whose work items are not all done.
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <set>
#include <sstream>

#include "cli/batch_parts.hpp"
#include "cli/commands.hpp"
#include "cli/run_support.hpp"
#include "cli/slurm_script.hpp"
#include "output/file_checks.hpp"
#include "output/result_file.hpp"
#include "sim/batch_plan.hpp"
#include "sim/memory_fit.hpp"
#include "sim/scenario.hpp"

namespace quasim {
namespace fs = std::filesystem;
namespace {

/// How much above the memory model a task asks for: the model counts the citizens and a fixed
/// overhead; the margin covers the rest (providers, the replicate's series, HDF5 buffers).
constexpr double kMemoryMargin = 1.5;

struct SlurmOptions {
  std::string scenario, output, time = "04:00:00", merge_time = "01:00:00", memory, merge_mem,
                                partition, account, qos, signal = "B:TERM@120", script_dir, log_dir;
  std::vector<std::string> sets;
  std::string shards_text = "100", cpus_text = "8", replicates_text, years_text, seed_text;
  int shards = 100, cpus = 8, replicates = 0, years = 0, seed = -1;
  bool submit = false, no_requeue = false, resubmit_missing = false, missing_shards = false;
};

/// A bad option: one line, exit 2, nothing written.
[[noreturn]] void bad_option(const std::string& message) {
  std::cerr << "error: " << message << "\n";
  throw CLI::RuntimeError(2);
}

std::string absolute(const std::string& path) {
  return fs::absolute(path).lexically_normal().string();
}

/// Runs a command (its words shell-quoted), returning its exit status and what it printed.
int run_command(const std::vector<std::string>& words, std::string& output) {
  std::string cmd;
  for (const auto& w : words) cmd += (cmd.empty() ? "" : " ") + shell_quote(w);
  FILE* pipe = ::popen((cmd + " 2>&1").c_str(), "r");
  if (!pipe) return -1;
  std::array<char, 4096> buf{};
  output.clear();
  while (std::fgets(buf.data(), buf.size(), pipe)) output += buf.data();
  const int status = ::pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');)
    if (!dir.empty() && ::access((fs::path(dir) / program).c_str(), X_OK) == 0) return true;
  return false;
}

/// The most CPUs of any node (in the partition, when given) that `sinfo` reports; 0 when
/// there is no sinfo or it says nothing usable.
int largest_node_cpus(const std::string& partition) {
  if (!on_path("sinfo")) return 0;
  std::vector<std::string> cmd{"sinfo", "--noheader", "--format=%c"};
  if (!partition.empty()) cmd.push_back("--partition=" + partition);
  std::string out;
  if (run_command(cmd, out) != 0) return 0;
  int most = 0;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    try {
      most = std::max(most, std::stoi(line));  // "32" or "32+" (mixed nodes)
    } catch (const std::exception&) {
    }
  }
  return most;
}

/// One line on stderr when the CPUs asked for cannot all be used, or no node has them.
void check_cpus(const SlurmOptions& o, int items_per_task) {
  if (o.cpus > items_per_task)
    std::cerr << "warning: --cpus " << o.cpus << ": each task has at most " << items_per_task
              << " work item" << (items_per_task > 1 ? "s" : "")
              << ", so at most that many replicates run side by side; the other CPUs only "
                 "help their citizen phases (use fewer --shards or --cpus "
              << items_per_task << ")\n";
  const int node = largest_node_cpus(o.partition);
  if (node > 0 && o.cpus > node)
    std::cerr << "warning: --cpus " << o.cpus << " is more than the " << node
              << " CPUs of the largest node " << (o.partition.empty() ? "" : "in partition ")
              << o.partition << (o.partition.empty() ? "" : " ")
              << "(sinfo): the tasks would wait for ever; use --cpus " << node << " or less\n";
}

/// Memory per task: the model's bytes for the replicates that run side by side, with a margin.
std::string task_memory(const std::vector<SweepPoint>& points, int side_by_side) {
  double most = 0;
  for (const auto& pt : points) most = std::max(most, batch_memory_bytes(pt.params, side_by_side));
  return slurm_memory(kMemoryMargin * most);
}

/// Memory of the merge job: the largest point's results at once, with the same margin.
std::string merge_memory(const std::vector<SweepPoint>& points) {
  double most = 0;
  for (const auto& pt : points) most = std::max(most, merge_memory_bytes(pt.params));
  return slurm_memory(kMemoryMargin * most);
}

/// A whole number in [lo, hi] given to `option`; bad_option otherwise.
int count_option(const std::string& option, const std::string& text, int lo, int hi) {
  std::size_t used = 0;
  long value = -1;
  try {
    value = std::stol(text, &used);
  } catch (const std::exception&) {
  }
  if (used != text.size() || text.empty() || value < lo || value > hi)
    bad_option(option + " " + text + ": expected a whole number from " + std::to_string(lo) +
               " to " + std::to_string(hi));
  return static_cast<int>(value);
}

/// Checks the options that do not need the scenario. Calls bad_option on the first bad one.
void check_options(SlurmOptions& o) {
  o.shards = count_option("--shards", o.shards_text, 1, 100000);
  o.cpus = count_option("--cpus", o.cpus_text, 1, 4096);
  if (!o.replicates_text.empty())
    o.replicates = count_option("--replicates", o.replicates_text, 1, 100000);
  if (!o.years_text.empty()) o.years = count_option("--years", o.years_text, 1, 200);
  if (!o.seed_text.empty()) o.seed = count_option("--seed", o.seed_text, 0, 2147483647);
  if (!is_slurm_time(o.time))
    bad_option("--time " + o.time + ": expected a Slurm time limit such as 04:00:00 or 1-12:00");
  if (!is_slurm_time(o.merge_time))
    bad_option("--merge-time " + o.merge_time +
               ": expected a Slurm time limit such as 01:00:00 or 30");
  if (!o.memory.empty() && !is_slurm_memory(o.memory))
    bad_option("--mem " + o.memory + ": expected a Slurm memory size such as 2000M or 4G");
  if (!o.merge_mem.empty() && !is_slurm_memory(o.merge_mem))
    bad_option("--merge-mem " + o.merge_mem + ": expected a Slurm memory size such as 2000M or 4G");
  static const std::string ok = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ:@";
  if (!o.signal.empty() && (o.signal.find_first_not_of(ok) != std::string::npos ||
                            o.signal.find('@') == std::string::npos))
    bad_option("--signal " + o.signal +
               ": expected [B:]SIGNAL@SECONDS such as B:TERM@120, or '' for none");
  for (const auto* p :
       {&o.scenario, &o.output, &o.script_dir, &o.log_dir, &o.partition, &o.account, &o.qos})
    if (p->find_first_of("\n\r") != std::string::npos)
      bad_option("a path or name with a line break cannot go into a Slurm script");
}

/// The shards (array indices) with a work item whose part is missing or unsound.
std::vector<int> missing_shards(const std::vector<SweepPoint>& points,
                                const std::vector<WorkItem>& items, int shards,
                                const std::string& out) {
  const std::string parts = out + ".parts";
  const PartPlan plan = plan_of(points);
  std::set<int> missing;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const int shard = static_cast<int>(i % static_cast<std::size_t>(shards));
    if (missing.count(shard)) continue;
    const std::string path = (fs::path(parts) / part_file_name(items[i])).string();
    if (check_part(path, plan, items[i]).state != PartState::Good) missing.insert(shard);
  }
  return {missing.begin(), missing.end()};
}

/// Writes `text` to `path` (temp file, then rename), executable.
void write_script(const std::string& path, const std::string& text) {
  check_output_file(path);
  const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
  {
    std::ofstream f(tmp);
    f << text;
    f.close();
    if (!f) {
      ::unlink(tmp.c_str());
      throw OutputError("cannot write " + path + ": " + std::strerror(errno));
    }
  }
  ::chmod(tmp.c_str(), 0755);
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    throw OutputError("cannot write " + path + ": " + std::strerror(errno));
  }
}

/// Runs `sbatch --parsable ARGS`; returns the job id, or says why not and returns "".
std::string sbatch(const std::vector<std::string>& args) {
  std::vector<std::string> cmd{"sbatch", "--parsable"};
  cmd.insert(cmd.end(), args.begin(), args.end());
  std::string out;
  const int rc = run_command(cmd, out);
  std::string last;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);)
    if (!line.empty()) last = line;
  const std::string id = last.substr(0, last.find(';'));
  if (rc == 0 && !id.empty() && id.find_first_not_of("0123456789") == std::string::npos) return id;
  std::string said;
  for (char c : out) said += c == '\n' ? ' ' : c;
  std::cerr << "error: sbatch " << args.back() << " failed (exit " << rc << "): " << said << "\n";
  return "";
}

/// Submits the array and the merge job after it; prints both job ids.
int submit(const SlurmJob& job) {
  if (!on_path("sbatch")) {
    std::cerr << "error: --submit: sbatch not found on PATH; submit by hand with:\n  "
              << submit_commands(job) << "\n";
    return 1;
  }
  const std::string array = sbatch({job.array_script});
  if (array.empty()) return 1;
  const std::string merge = sbatch({"--dependency=afterany:" + array,
                                    "--export=ALL,QUASIM_ARRAY_JOB=" + array, job.merge_script});
  if (merge.empty()) {
    std::cerr << "the array job " << array << " is submitted; submit its merge job with: sbatch "
              << "--dependency=afterany:" << array << " --export=ALL,QUASIM_ARRAY_JOB=" << array
              << " " << shell_quote(job.merge_script) << "\n";
    return 1;
  }
  std::cout << "submitted array job " << array << " (" << job.shards << " tasks) and merge job "
            << merge << " (after every task, afterany)\n"
            << "watch:  squeue -j " << array << "," << merge
            << "   logs: " << shell_quote(job.log_dir) << "\n"
            << "array job: " << array << "\nmerge job: " << merge << "\n";
  return 0;
}

int slurm(SlurmOptions o) {
  check_options(o);
  o.sets = run_overrides(o.sets, o.replicates, o.years, o.seed);  // as `batch` applies them
  const Scenario s = load_scenario(o.scenario, o.sets);
  const auto points = sweep_points(s);
  const auto items = work_items(points);
  const int n = std::max(1, std::min<int>(o.shards, static_cast<int>(items.size())));

  SlurmJob job;
  job.name = s.name;
  job.output = absolute(o.output.empty() ? "results/" + safe_file_stem(s.name) + ".h5" : o.output);
  if (o.missing_shards) {
    std::cout << array_ranges(missing_shards(points, items, n, job.output)) << "\n";
    return 0;
  }
  // No check against this machine's memory: the tasks run on other nodes, and ask for theirs.
  const int per_task = static_cast<int>((items.size() + n - 1) / n);
  check_cpus(o, per_task);

  job.binary = fs::read_symlink("/proc/self/exe").string();
  job.scenario = absolute(o.scenario);
  job.sets = o.sets;
  job.work_items = static_cast<int>(items.size());
  job.shards = n;
  job.cpus = o.cpus;
  job.time = o.time;
  job.merge_time = o.merge_time;
  job.memory = o.memory.empty() ? task_memory(points, std::min(o.cpus, per_task)) : o.memory;
  job.merge_memory = o.merge_mem.empty() ? merge_memory(points) : o.merge_mem;
  job.partition = o.partition;
  job.account = o.account;
  job.qos = o.qos;
  job.signal = o.signal;
  job.requeue = !o.no_requeue;
  job.resubmit_missing = o.resubmit_missing;
  const std::string dir = absolute(o.script_dir.empty() ? job.output + ".slurm" : o.script_dir);
  job.log_dir = absolute(o.log_dir.empty() ? dir + "/logs" : o.log_dir);
  job.array_script = dir + "/array.sbatch";
  job.merge_script = dir + "/merge.sbatch";

  check_output_file(job.output);
  for (const auto& d : {dir, job.log_dir, fs::path(job.output).parent_path().string()}) {
    check_output_directory(d);
    fs::create_directories(d);  // Slurm opens the logs before the script runs
  }
  write_script(job.array_script, array_script(job));
  write_script(job.merge_script, merge_script(job));
  std::cout << "wrote " << job.array_script << " (" << n << " tasks x " << o.cpus << " CPUs, "
            << job.memory << " memory, " << job.time << ") and " << job.merge_script << "\n";
  if (o.submit) return submit(job);
  std::cout << "submit both (the merge runs after every task, and names any shard to rerun):\n  "
            << submit_commands(job) << "\n";
  return 0;
}

}  // namespace

void add_slurm_command(CLI::App& app) {
  auto o = std::make_shared<SlurmOptions>();
  auto* sc = app.add_subcommand(
      "slurm", "Write (or --submit) a Slurm job array for a batch and the job that merges it");
  sc->add_option("scenario", o->scenario, "Scenario file with an optional [sweep]")->required();
  sc->add_option("-o,--output", o->output, "Result file the merged batch is written to");
  sc->add_option("--shards", o->shards_text, "Array tasks (default 100, at most one per work item)")
      ->type_name("N");
  sc->add_option("--cpus", o->cpus_text, "CPUs per task, the batch's --threads (default 8)")
      ->type_name("N");
  sc->add_option("--time", o->time, "Wall time per task (default 04:00:00)");
  sc->add_option("--merge-time", o->merge_time, "Wall time of the merge job (default 01:00:00)");
  sc->add_option("--mem", o->memory,
                 "Memory per task (e.g. 4G), instead of the size from the memory model");
  sc->add_option("--merge-mem", o->merge_mem,
                 "Memory of the merge job, instead of the size from the memory model");
  sc->add_option("--partition", o->partition, "Slurm partition");
  sc->add_option("--account", o->account, "Slurm account charged");
  sc->add_option("--qos", o->qos, "Slurm quality of service");
  sc->add_option("--signal", o->signal,
                 "Signal before the time limit, so the shard stops cleanly (default "
                 "B:TERM@120; '' for none)");
  sc->add_flag("--no-requeue", o->no_requeue,
               "Do not requeue a pre-empted task or one on a failed node");
  sc->add_flag("--resubmit-missing", o->resubmit_missing,
               "The merge job resubmits shards that did not finish (once) and a merge after "
               "them, instead of failing");
  sc->add_option("--replicates", o->replicates_text,
                 "Replicates per point (overrides run.replicates)")
      ->type_name("N");
  sc->add_option("--years", o->years_text, "Years (overrides run.years)")->type_name("N");
  sc->add_option("--seed", o->seed_text, "Seed (overrides run.seed)")->type_name("N");
  sc->add_option("--set", o->sets,
                 "Override a parameter in every task: --set key=value (repeatable)");
  sc->add_option("--script-dir", o->script_dir,
                 "Folder for array.sbatch and merge.sbatch (default OUTPUT.slurm)");
  sc->add_option("--log-dir", o->log_dir, "Folder for the jobs' logs (default SCRIPT_DIR/logs)");
  sc->add_flag("--submit", o->submit, "Submit both jobs with sbatch and print their job ids");
  sc->add_flag("--missing-shards", o->missing_shards,
               "Only print the shards whose work items are not all done (the merge job's check)");
  sc->footer(
      "Example:\n  quasim slurm scenarios/mutual_spinout.toml -o results/ms.h5 --shards 20 "
      "--cpus 4 --time 02:00:00 --submit\n"
      "Writes OUTPUT.slurm/array.sbatch and merge.sbatch; see docs/CLUSTER.md.");
  sc->callback([o] {
    if (const int rc = slurm(*o)) throw CLI::RuntimeError(rc);
  });
}

}  // namespace quasim
