// cli/slurm_script.cpp — the job-array and merge-job scripts as text.
#include "cli/slurm_script.hpp"

#include <cmath>
#include <regex>
#include <sstream>

namespace quasim {
namespace {

/// The #SBATCH lines both jobs share: where they may run and what they may use.
void placement_lines(std::ostream& s, const SlurmJob& job) {
  if (!job.partition.empty()) s << "#SBATCH --partition=" << sbatch_quote(job.partition) << "\n";
  if (!job.account.empty()) s << "#SBATCH --account=" << sbatch_quote(job.account) << "\n";
  if (!job.qos.empty()) s << "#SBATCH --qos=" << sbatch_quote(job.qos) << "\n";
}

/// `sbatch` of the array script (all tasks, or `array` when given) and then the merge job
/// after it, as one shell line; `array` may be a shell expansion such as "$missing".
std::string rerun_line(const SlurmJob& job, const std::string& array) {
  return "jid=$(sbatch --parsable" + (array.empty() ? "" : " --array=" + array) + " " +
         shell_quote(job.array_script) +
         ") && sbatch --dependency=afterany:${jid%%;*} --export=ALL,QUASIM_ARRAY_JOB=${jid%%;*} " +
         shell_quote(job.merge_script);
}

/// A scenario name as one line of text (it goes into comments and the job name).
std::string one_line(const std::string& name) {
  std::string out;
  for (const unsigned char c : name) out += c < 0x20 || c == 0x7f ? ' ' : static_cast<char>(c);
  return out;
}

}  // namespace

std::string shell_quote(const std::string& text) {
  static const std::regex safe("[A-Za-z0-9_@%+=:,./-]+");
  if (std::regex_match(text, safe)) return text;
  std::string out = "'";
  for (const char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string sbatch_quote(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string log_pattern(const std::string& dir, const std::string& pattern) {
  std::string out;
  for (const char c : dir) out += c == '%' ? std::string("%%") : std::string(1, c);
  return out + "/" + pattern;
}

std::string slurm_memory(double bytes) {
  const double mib = std::ceil(bytes / (1024.0 * 1024.0));
  const long long m = static_cast<long long>(std::max(1.0, mib));
  if (m % 1024 == 0) return std::to_string(m / 1024) + "G";
  return std::to_string(m) + "M";
}

bool is_slurm_memory(const std::string& text) {
  static const std::regex size("[1-9][0-9]*[KMGTkmgt]?");
  return std::regex_match(text, size);
}

bool is_slurm_time(const std::string& text) {
  static const std::regex time(
      "[0-9]+|[0-9]+:[0-9]{1,2}|[0-9]+:[0-9]{1,2}:[0-9]{1,2}|"
      "[0-9]+-[0-9]{1,2}(:[0-9]{1,2}(:[0-9]{1,2})?)?");
  return std::regex_match(text, time) && text != "0";
}

std::string array_ranges(const std::vector<int>& indices) {
  std::string out;
  for (std::size_t i = 0; i < indices.size();) {
    std::size_t j = i;
    while (j + 1 < indices.size() && indices[j + 1] == indices[j] + 1) ++j;
    if (!out.empty()) out += ',';
    out += std::to_string(indices[i]);
    if (j > i) {
      out += '-';
      out += std::to_string(indices[j]);
    }
    i = j + 1;
  }
  return out;
}

std::string batch_arguments(const SlurmJob& job) {
  std::string args = shell_quote(job.scenario) + " -o " + shell_quote(job.output);
  for (const auto& s : job.sets) args += " --set " + shell_quote(s);
  return args;
}

std::string array_script(const SlurmJob& job) {
  const std::string name = one_line(job.name);
  std::ostringstream s;
  s << "#!/bin/bash\n"
    << "# quasim job array for " << name << ": " << job.work_items << " work items in "
    << job.shards << " shards (written by quasim slurm).\n"
    << "# Submit with its merge job:\n#   " << rerun_line(job, "") << "\n"
    << "# Shard K failed, was cancelled or pre-empted? Run it again; it resumes from its "
       "finished work items:\n"
    << "#   sbatch --array=K " << shell_quote(job.array_script) << "\n"
    << "#SBATCH --job-name=" << sbatch_quote("quasim-" + name) << "\n"
    << "#SBATCH --array=0-" << job.shards - 1 << "\n"
    << "#SBATCH --ntasks=1\n"
    << "#SBATCH --cpus-per-task=" << job.cpus << "\n"
    << "#SBATCH --mem=" << job.memory << "\n"
    << "#SBATCH --time=" << job.time << "\n";
  placement_lines(s, job);
  if (!job.signal.empty()) s << "#SBATCH --signal=" << job.signal << "\n";
  s << (job.requeue ? "#SBATCH --requeue\n" : "#SBATCH --no-requeue\n")
    << "#SBATCH --open-mode=append\n"
    << "#SBATCH --output=" << sbatch_quote(log_pattern(job.log_dir, "%x-%A_%a.log")) << "\n"
    << "set -uo pipefail\n"
    << "mkdir -p -- " << shell_quote(job.log_dir) << " "
    << shell_quote(job.output.substr(0, job.output.find_last_of('/') + 1)) << "\n"
    << "name=" << shell_quote(name) << "\n"
    << "echo \"quasim shard ${SLURM_ARRAY_TASK_ID}/" << job.shards
    << " of $name: job ${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID} on "
       "$(hostname), restart ${SLURM_RESTART_COUNT:-0}\" >&2\n"
    << "# Progress goes to stderr (this log). SIGTERM (--signal, scancel, pre-emption) stops "
       "the\n# batch at once; every finished work item is kept in the parts folder.\n"
    << "# --signal=B:... reaches this script only: pass it on (quasim stops on SIGTERM).\n"
    << "pid=\n"
    << "signals=0\n"
    << "trap 'signals=$((signals + 1)); [ -z \"$pid\" ] || kill -TERM \"$pid\" 2>/dev/null' "
       "TERM INT USR1 USR2\n"
    << shell_quote(job.binary) << " batch " << batch_arguments(job)
    << " --shard \"${SLURM_ARRAY_TASK_ID}/" << job.shards
    << "\" --threads \"${SLURM_CPUS_PER_TASK}\" &\n"
    << "pid=$!\n"
    << "if [ \"$signals\" != 0 ]; then kill -TERM \"$pid\" 2>/dev/null; fi\n"
    << "seen=$signals\n"
    << "wait \"$pid\"\n"
    << "rc=$?\n"
    << "while [ \"$signals\" != \"$seen\" ]; do  # a signal cut the wait short: wait for quasim\n"
    << "  seen=$signals\n"
    << "  wait \"$pid\"\n"
    << "  r=$?\n"
    << "  [ \"$r\" = 127 ] || rc=$r\n"
    << "done\n"
    << "exit \"$rc\"\n";
  return s.str();
}

std::string merge_script(const SlurmJob& job) {
  const std::string parts = shell_quote(job.output + ".parts");
  const std::string bin = shell_quote(job.binary);
  const std::string name = one_line(job.name);
  std::ostringstream s;
  s << "#!/bin/bash\n"
    << "# quasim merge job for " << name
    << ": runs after every task of the array job has ended (afterany),\n"
    << "# merges the shards' parts, or names the shards that did not finish.\n"
    << "#SBATCH --job-name=" << sbatch_quote("quasim-" + name + "-merge") << "\n"
    << "#SBATCH --ntasks=1\n"
    << "#SBATCH --cpus-per-task=1\n"
    << "#SBATCH --mem=" << job.merge_memory << "\n"
    << "#SBATCH --time=" << job.merge_time << "\n";
  placement_lines(s, job);
  s << "#SBATCH --output=" << sbatch_quote(log_pattern(job.log_dir, "%x-%j.log")) << "\n"
    << "set -uo pipefail\n"
    << "array_job=${QUASIM_ARRAY_JOB:-unknown}\n"
    << "array_script=" << shell_quote(job.array_script) << "\n"
    << "merge_script=" << shell_quote(job.merge_script) << "\n"
    << "resubmit=" << (job.resubmit_missing ? 1 : 0) << "\n"
    << "# The completeness check: merge refuses missing or damaged work items.\n"
    << bin << " merge " << parts << " -o " << shell_quote(job.output) << "\n"
    << "rc=$?\n"
    << "if [ \"$rc\" = 0 ]; then exit 0; fi\n"
    << "missing=$(" << bin << " slurm " << batch_arguments(job) << " --shards " << job.shards
    << " --missing-shards) || exit \"$rc\"\n"
    << "if [ -z \"$missing\" ]; then\n"
    << "  echo \"error: quasim merge failed (exit $rc) although every shard finished; see the "
       "line above\" >&2\n"
    << "  exit \"$rc\"\n"
    << "fi\n"
    << "echo \"error: shards $missing of array job $array_job did not finish (failed, "
       "cancelled, pre-empted or out of time); their finished work items are kept in \""
    << parts << " >&2\n"
    << "if [ \"$resubmit\" = 1 ] && [ -z \"${QUASIM_RESUBMITTED:-}\" ]; then\n"
    << "  if jid=$(sbatch --parsable --array=\"$missing\" \"$array_script\"); then\n"
    << "    jid=${jid%%;*}\n"
    << "    if mid=$(sbatch --parsable --dependency=\"afterany:$jid\" "
       "--export=\"ALL,QUASIM_ARRAY_JOB=$jid,QUASIM_RESUBMITTED=1\" \"$merge_script\"); then\n"
    << "      echo \"resubmitted shards $missing as array job $jid; merge job ${mid%%;*} merges "
       "after it\" >&2\n"
    << "      exit 0\n"
    << "    fi\n"
    << "    echo \"error: resubmitted shards $missing as array job $jid but could not submit a "
       "merge after it: sbatch --dependency=afterany:$jid --export=ALL,QUASIM_ARRAY_JOB=$jid "
       "$(printf %q \"$merge_script\")\" >&2\n"
    << "    exit 1\n"
    << "  fi\n"
    << "  echo \"error: could not resubmit them from this job (sbatch's message above)\" >&2\n"
    << "fi\n"
    << "echo \"run them again (each resumes from its finished work items) and merge after "
       "them:\" >&2\n"
    << "echo \"  jid=\\$(sbatch --parsable --array=$missing $(printf %q \"$array_script\")) && "
       "sbatch --dependency=afterany:\\${jid%%;*} --export=ALL,QUASIM_ARRAY_JOB=\\${jid%%;*} "
       "$(printf %q \"$merge_script\")\" >&2\n"
    << "exit 1\n";
  return s.str();
}

std::string submit_commands(const SlurmJob& job) {
  return rerun_line(job, "");
}

}  // namespace quasim
