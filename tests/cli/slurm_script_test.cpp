// The Slurm job scripts as text: every #SBATCH line, quoting of hostile paths (checked by
// running bash on the quoted words and sbatch's own rules on the #SBATCH lines), the merge job.
#include "cli/slurm_script.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace quasim {
namespace {

SlurmJob sample_job() {
  SlurmJob job;
  job.name = "thin market";
  job.binary = "/opt/quasim/bin/quasim";
  job.scenario = "/home/ann/scen/thin.toml";
  job.output = "/scratch/ann/out/thin.h5";
  job.sets = {"run.replicates=6"};
  job.work_items = 12;
  job.shards = 4;
  job.cpus = 3;
  job.time = "02:00:00";
  job.memory = "250M";
  job.merge_memory = "160M";
  job.log_dir = "/scratch/ann/out/thin.h5.slurm/logs";
  job.array_script = "/scratch/ann/out/thin.h5.slurm/array.sbatch";
  job.merge_script = "/scratch/ann/out/thin.h5.slurm/merge.sbatch";
  return job;
}

std::vector<std::string> lines_starting(const std::string& text, const std::string& prefix) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.rfind(prefix, 0) == 0) out.push_back(line);
  return out;
}

bool has_line(const std::string& text, const std::string& wanted) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line == wanted) return true;
  return false;
}

/// What bash makes of `words` (printf '%s\n' WORDS), one entry per word.
std::vector<std::string> bash_words(const std::string& words) {
  const std::string tmp = std::string(QUASIM_TEST_TMP) + "/slurm_words.sh";
  std::ofstream(tmp) << "printf '%s\\0' " << words << "\n";
  FILE* pipe = ::popen(("bash " + tmp).c_str(), "r");
  std::string out;
  std::array<char, 4096> buf{};
  for (std::size_t n; (n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0;)
    out.append(buf.data(), n);
  ::pclose(pipe);
  std::vector<std::string> words_out;
  std::string word;
  for (const char c : out) {
    if (c == '\0') {
      words_out.push_back(word);
      word.clear();
    } else {
      word += c;
    }
  }
  return words_out;
}

/// sbatch's reading of an #SBATCH argument (src/sbatch/opt.c _get_argument): quotes group,
/// a backslash escapes the next character, an unquoted # starts a comment.
std::string sbatch_reads(const std::string& arg) {
  std::string out;
  bool quoted = false, escape = false;
  char q = 0;
  for (const char c : arg) {
    if (escape) {
      escape = false;
    } else if (c == '\\') {
      escape = true;
      continue;
    } else if (quoted) {
      if (c == q) {
        quoted = false;
        continue;
      }
    } else if (c == '"' || c == '\'') {
      quoted = true;
      q = c;
      continue;
    } else if (c == '#' || c == ' ') {
      break;
    }
    out += c;
  }
  return out;
}

TEST(SlurmScript, AsksForMemoryCpusTimeAndAnArrayOfShards) {
  const std::string s = array_script(sample_job());
  EXPECT_TRUE(has_line(s, "#SBATCH --array=0-3")) << s;
  EXPECT_TRUE(has_line(s, "#SBATCH --cpus-per-task=3")) << s;
  EXPECT_TRUE(has_line(s, "#SBATCH --mem=250M")) << s;
  EXPECT_TRUE(has_line(s, "#SBATCH --time=02:00:00")) << s;
  EXPECT_NE(s.find("--shard \"${SLURM_ARRAY_TASK_ID}/4\" --threads \"${SLURM_CPUS_PER_TASK}\""),
            std::string::npos)
      << s;
  EXPECT_EQ(s.find("--quiet"), std::string::npos) << "the log must show progress: " << s;
  EXPECT_TRUE(has_line(merge_script(sample_job()), "#SBATCH --mem=160M"));
}

TEST(SlurmScript, StopsCleanlyBeforeTheTimeLimitAndRequeues) {
  SlurmJob job = sample_job();
  std::string s = array_script(job);
  EXPECT_TRUE(has_line(s, "#SBATCH --signal=B:TERM@120")) << s;
  EXPECT_TRUE(has_line(s, "#SBATCH --requeue")) << s;
  // B: signals only the batch shell: the script must pass SIGTERM on to quasim.
  EXPECT_NE(s.find("trap 'signals=$((signals + 1)); [ -z \"$pid\" ] || kill -TERM \"$pid\""),
            std::string::npos)
      << s;
  EXPECT_LT(s.find("trap '"), s.find("/opt/quasim/bin/quasim batch "))
      << "the trap must be set before quasim starts";
  job.signal = "B:USR1@300";
  job.requeue = false;
  s = array_script(job);
  EXPECT_TRUE(has_line(s, "#SBATCH --signal=B:USR1@300")) << s;
  EXPECT_TRUE(has_line(s, "#SBATCH --no-requeue")) << s;
  job.signal.clear();
  EXPECT_TRUE(lines_starting(array_script(job), "#SBATCH --signal").empty());
}

TEST(SlurmScript, PartitionAccountQosOnlyWhenGiven) {
  SlurmJob job = sample_job();
  for (const auto& s : {array_script(job), merge_script(job)}) {
    EXPECT_TRUE(lines_starting(s, "#SBATCH --partition").empty()) << s;
    EXPECT_TRUE(lines_starting(s, "#SBATCH --account").empty()) << s;
    EXPECT_TRUE(lines_starting(s, "#SBATCH --qos").empty()) << s;
  }
  job.partition = "short";
  job.account = "proj-42";
  job.qos = "normal";
  for (const auto& s : {array_script(job), merge_script(job)}) {
    EXPECT_TRUE(has_line(s, "#SBATCH --partition=\"short\"")) << s;
    EXPECT_TRUE(has_line(s, "#SBATCH --account=\"proj-42\"")) << s;
    EXPECT_TRUE(has_line(s, "#SBATCH --qos=\"normal\"")) << s;
  }
}

TEST(SlurmScript, MergeRunsAfterAnyEndAndNamesTheShardsToRerun) {
  SlurmJob job = sample_job();
  const std::string submit = submit_commands(job);
  EXPECT_NE(submit.find("--dependency=afterany:"), std::string::npos) << submit;
  EXPECT_EQ(submit.find("afterok"), std::string::npos) << submit;
  const std::string m = merge_script(job);
  EXPECT_NE(m.find("/opt/quasim/bin/quasim merge /scratch/ann/out/thin.h5.parts -o "
                   "/scratch/ann/out/thin.h5\n"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("slurm /home/ann/scen/thin.toml -o /scratch/ann/out/thin.h5 --set "
                   "run.replicates=6 --shards 4 --missing-shards"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("sbatch --parsable --array=$missing"), std::string::npos) << m;
  EXPECT_TRUE(has_line(m, "resubmit=0")) << m;
  EXPECT_TRUE(has_line(m, "exit 1")) << m;
  job.resubmit_missing = true;
  EXPECT_TRUE(has_line(merge_script(job), "resubmit=1"));
}

TEST(SlurmScript, HostilePathsSurviveBashAndSbatch) {
  SlurmJob job = sample_job();
  const std::string dir = "/scratch/a b/it's \"q\" $HOME `x` #1 100%";
  job.scenario = dir + "/s.toml";
  job.output = dir + "/o.h5";
  job.sets = {"run.name=a b'c"};
  job.log_dir = dir + "/logs";
  job.binary = dir + "/quasim";
  job.name = "it's \"$(rm -rf ~)\"\nsecond line";
  const auto words = bash_words(batch_arguments(job));
  ASSERT_EQ(words.size(), 5u) << batch_arguments(job);
  EXPECT_EQ(words[0], job.scenario);
  EXPECT_EQ(words[2], job.output);
  EXPECT_EQ(words[4], "run.name=a b'c");
  EXPECT_EQ(bash_words(shell_quote(job.binary)), std::vector<std::string>{job.binary});
  // The log lines: sbatch reads the quoted path back, % doubled (Slurm's %% is a literal %).
  const auto out = lines_starting(array_script(job), "#SBATCH --output=");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(sbatch_reads(out[0].substr(std::string("#SBATCH --output=").size())),
            "/scratch/a b/it's \"q\" $HOME `x` #1 100%%/logs/%x-%A_%a.log");
  const auto name = lines_starting(array_script(job), "#SBATCH --job-name=");
  ASSERT_EQ(name.size(), 1u);
  EXPECT_EQ(sbatch_reads(name[0].substr(std::string("#SBATCH --job-name=").size())),
            "quasim-it's \"$(rm -rf ~)\" second line");
  // The name is only ever text: the log's first line says it as it is.
  const auto echo = lines_starting(array_script(job), "echo ");
  const auto name_line = lines_starting(array_script(job), "name=");
  ASSERT_EQ(echo.size(), 1u);
  ASSERT_EQ(name_line.size(), 1u);
  const auto said = bash_words("\"$(SLURM_ARRAY_TASK_ID=2 bash -c " +
                               shell_quote(name_line[0] + "\n" + echo[0]) + " 2>&1)\"");
  ASSERT_EQ(said.size(), 1u);
  EXPECT_NE(said[0].find("quasim shard 2/4 of it's \"$(rm -rf ~)\" second line"), std::string::npos)
      << said[0];
  // The script is valid bash.
  const std::string tmp = std::string(QUASIM_TEST_TMP) + "/slurm_hostile.sh";
  for (const auto& text : {array_script(job), merge_script(job)}) {
    std::ofstream(tmp) << text;
    EXPECT_EQ(std::system(("bash -n " + tmp).c_str()), 0) << text;
  }
}

TEST(SlurmScript, ShellQuoteLeavesPlainWordsAlone) {
  EXPECT_EQ(shell_quote("/a/b-c_d.h5"), "/a/b-c_d.h5");
  EXPECT_EQ(shell_quote("a b"), "'a b'");
  EXPECT_EQ(shell_quote("it's"), "'it'\\''s'");
  EXPECT_EQ(shell_quote(""), "''");
}

TEST(SlurmScript, MemoryAndTimeAndArrayText) {
  EXPECT_EQ(slurm_memory(1), "1M");
  EXPECT_EQ(slurm_memory(1024.0 * 1024 * 1024), "1G");
  EXPECT_EQ(slurm_memory(1024.0 * 1024 * 1024 + 1), "1025M");
  EXPECT_EQ(slurm_memory(250e6), "239M");  // 238.4 MiB, rounded up
  EXPECT_TRUE(is_slurm_memory("4G"));
  EXPECT_TRUE(is_slurm_memory("2000"));
  EXPECT_FALSE(is_slurm_memory("4 G"));
  EXPECT_FALSE(is_slurm_memory("0"));
  EXPECT_FALSE(is_slurm_memory("lots"));
  for (const char* t : {"30", "30:00", "04:00:00", "1-12", "1-12:30", "2-00:00:00"})
    EXPECT_TRUE(is_slurm_time(t)) << t;
  for (const char* t : {"", "0", "four hours", "1:2:3:4", "-1"})
    EXPECT_FALSE(is_slurm_time(t)) << t;
  EXPECT_EQ(array_ranges({0, 2, 3, 4, 7}), "0,2-4,7");
  EXPECT_EQ(array_ranges({5}), "5");
  EXPECT_EQ(array_ranges({}), "");
}

}  // namespace
}  // namespace quasim
