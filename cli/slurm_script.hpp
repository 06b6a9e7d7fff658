// cli/slurm_script.hpp — the text of the two Slurm jobs `quasim slurm` writes: the job array
// whose tasks run the batch's shards, and the merge job that runs after it (afterany) and
// either merges or names the shards to run again. Plain text from plain values: nothing here
// loads a scenario or talks to Slurm, so every line can be tested.
#pragma once

#include <string>
#include <vector>

namespace quasim {

/// Everything the two job scripts say. Paths are absolute; nothing is quoted yet.
struct SlurmJob {
  std::string name;      ///< the scenario's name (job names: quasim-NAME, quasim-NAME-merge)
  std::string binary;    ///< the quasim executable the jobs run
  std::string scenario;  ///< the scenario file
  std::string output;    ///< the merged result file; parts go to OUTPUT.parts
  std::vector<std::string> sets;  ///< --set key=value passed to every task (replicates included)
  int work_items = 1;             ///< sweep points x replicates
  int shards = 1;                 ///< array tasks 0..shards-1
  int cpus = 1;                   ///< --cpus-per-task, and the batch's --threads
  std::string time = "04:00:00";  ///< --time of each array task
  std::string merge_time = "01:00:00";     ///< --time of the merge job
  std::string memory;                      ///< --mem of each task (Slurm size, e.g. "1200M")
  std::string merge_memory;                ///< --mem of the merge job
  std::string partition, account, qos;     ///< given only when not empty
  std::string signal = "B:TERM@120";       ///< --signal: stop cleanly before the time limit
  bool requeue = true;                     ///< --requeue: a pre-empted or lost task runs again
  bool resubmit_missing = false;           ///< the merge job resubmits missing shards once
  std::string log_dir;                     ///< the jobs' logs
  std::string array_script, merge_script;  ///< where the two scripts are written
};

/// `text` as one word for bash: unchanged if it holds only safe characters, else in single
/// quotes (a quote inside as '\'').
std::string shell_quote(const std::string& text);

/// `text` as one argument on an #SBATCH line (sbatch's own parser: double quotes, backslash
/// escapes).
std::string sbatch_quote(const std::string& text);

/// A log file-name pattern in folder `dir`: Slurm's `%` codes in `pattern` (%x, %A, %a, %j)
/// kept, a `%` in `dir` doubled (Slurm's %% is a literal %).
std::string log_pattern(const std::string& dir, const std::string& pattern);

/// Bytes as a Slurm memory size, rounded up to whole mebibytes ("1200M", "3G" when exact).
std::string slurm_memory(double bytes);

/// True if `text` is a Slurm memory size: digits with an optional K, M, G or T suffix.
bool is_slurm_memory(const std::string& text);

/// True if `text` is a Slurm time limit: MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS.
bool is_slurm_time(const std::string& text);

/// Array indices as Slurm writes them: {0, 2, 3, 4} -> "0,2-4".
std::string array_ranges(const std::vector<int>& indices);

/// The arguments (after the binary) that name the batch: scenario, -o, --shards and --set.
/// Shared by the array tasks, the merge job's check of missing shards and the rerun lines.
std::string batch_arguments(const SlurmJob& job);

/// The job-array script: one shard per task (`quasim batch --shard K/N`), resumable.
std::string array_script(const SlurmJob& job);

/// The merge job: `quasim merge` with its completeness check; on failure names the missing
/// shards and the exact sbatch line that reruns them (or, if asked, resubmits them once).
std::string merge_script(const SlurmJob& job);

/// The command lines that submit both jobs from a shell (what `--submit` runs).
std::string submit_commands(const SlurmJob& job);

}  // namespace quasim
