// The quasim binary: exit codes, messages, and that bad input writes nothing.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "cli/thread_limit.hpp"

namespace {

namespace fs = std::filesystem;

struct Result {
  int code;
  std::string out;
};

Result sh(const std::string& args) {
  const std::string cmd = std::string(QUASIM_BINARY) + " " + args + " 2>&1";
  FILE* pipe = popen(cmd.c_str(), "r");
  std::string out;
  std::array<char, 4096> buf;
  while (std::fgets(buf.data(), buf.size(), pipe)) out += buf.data();
  const int status = pclose(pipe);
  return {WEXITSTATUS(status), out};
}

std::string scenario(const std::string& name) {
  return std::string(QUASIM_SOURCE_DIR) + "/scenarios/" + name;
}

TEST(Cli, VersionNamesCommit) {
  const auto r = sh("--version");
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("commit"), std::string::npos) << r.out;
}

TEST(Cli, EverySubcommandHasHelpWithExample) {
  for (const char* sub : {"run", "validate", "explain", "list", "info", "plot", "report", "batch",
                          "merge", "slurm", "reproduce", "calibrate"}) {
    const auto r = sh(std::string(sub) + " --help");
    EXPECT_EQ(r.code, 0) << sub;
    EXPECT_NE(r.out.find("Example"), std::string::npos) << sub << ": " << r.out;
  }
}

TEST(Cli, ValidateReportsFileLineKey) {
  const fs::path dir = fs::path(QUASIM_TEST_TMP) / "cli";
  fs::create_directories(dir);
  std::ofstream(dir / "bad.toml") << "extends = \"" << scenario("baseline.toml")
                                  << "\"\n[budget]\nchange_erly = 0.1\n";
  const auto r = sh("validate " + (dir / "bad.toml").string());
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("bad.toml:3: budget.change_erly: unknown parameter (did you mean "
                       "'budget.change_early'?)"),
            std::string::npos)
      << r.out;
}

TEST(Cli, BadInputWritesNoResultAndKeepsOldOne) {
  const fs::path out = fs::path(QUASIM_TEST_TMP) / "cli" / "keep.h5";
  fs::create_directories(out.parent_path());
  std::ofstream(out) << "previous result";
  const auto r = sh("run " + scenario("tiny.toml") + " -o " + out.string() + " --set run.years=0");
  EXPECT_EQ(r.code, 2) << r.out;
  std::ifstream in(out);
  std::string content((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(content, "previous result");
}

TEST(Cli, RunWritesResultAndSummary) {
  const fs::path out = fs::path(QUASIM_TEST_TMP) / "cli" / "tiny.h5";
  fs::remove(out);
  const auto r = sh("run " + scenario("tiny.toml") + " -o " + out.string() + " --threads 2");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_TRUE(fs::exists(out));
  EXPECT_NE(r.out.find("unmet_need"), std::string::npos) << r.out;
  const auto info = sh("info " + out.string());
  EXPECT_EQ(info.code, 0) << info.out;
  EXPECT_NE(info.out.find("tiny"), std::string::npos);
}

TEST(Cli, TimingsNameEveryPhaseAndTheSerialShare) {
  const fs::path out = fs::path(QUASIM_TEST_TMP) / "cli" / "timed.h5";
  fs::remove(out);
  const auto r =
      sh("run " + scenario("tiny.toml") + " -q --timings --threads 1 -o " + out.string());
  EXPECT_EQ(r.code, 0) << r.out;
  // scripts/bench-whole-run parses these lines: keep their form.
  for (const char* line : {"timing phase=init_citizens wall_s=", "timing phase=citizens wall_s=",
                           "timing phase=commission wall_s=", "timing phase=settle wall_s=",
                           "timing phase=write wall_s="})
    EXPECT_NE(r.out.find(line), std::string::npos) << line << "\n" << r.out;
  EXPECT_NE(r.out.find(" parallel=1\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("timings: serial phases"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Amdahl bound"), std::string::npos) << r.out;  // a one-thread run
}

TEST(Cli, ExplainPrintsTableAndSuggests) {
  const auto r = sh("explain budget.change");
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("budget.change_late"), std::string::npos);
  EXPECT_NE(r.out.find("1/yr"), std::string::npos);
  const auto bad = sh("explain budgte");
  EXPECT_NE(bad.code, 0);
  EXPECT_NE(bad.out.find("did you mean"), std::string::npos) << bad.out;
}

// Issue 19: explain finds a word anywhere in a name, and takes concrete domain, provider-type
// and agency names where the table has `*`.
TEST(Cli, ExplainFindsWordsAndConcreteNames) {
  const auto word = sh("explain pbr");
  EXPECT_EQ(word.code, 0) << word.out;
  for (const char* key : {"domain.*.pbr_share", "outsourcing.pbr_target", "difficulty.pbr_payment"})
    EXPECT_NE(word.out.find(key), std::string::npos) << key << "\n" << word.out;
  const auto domain = sh("explain domain.adult_social_care.pbr_share");
  EXPECT_EQ(domain.code, 0) << domain.out;
  EXPECT_NE(domain.out.find("domain.*.pbr_share  (real, share)"), std::string::npos) << domain.out;
  EXPECT_EQ(domain.out.find("domain.*.onset"), std::string::npos) << domain.out;
  const auto type = sh("explain provider.sme.markup");
  EXPECT_EQ(type.code, 0) << type.out;
  EXPECT_NE(type.out.find("provider.*.markup"), std::string::npos) << type.out;
  const auto spill = sh("explain domain.community_health.spillover.adult_social_care");
  EXPECT_EQ(spill.code, 0) << spill.out;
  const auto bad_type = sh("explain provider.foo.markup");  // not a provider type
  EXPECT_NE(bad_type.code, 0);
  EXPECT_NE(bad_type.out.find("did you mean 'provider.*.markup'"), std::string::npos)
      << bad_type.out;
}

// Issue 19: a name that matches nothing lists near matches: a typo in the whole name, in a
// concrete name, or the words of a name in another order, on one line.
TEST(Cli, ExplainListsNearMatches) {
  const auto typo = sh("explain outsorcing.lot_size");
  EXPECT_NE(typo.code, 0);
  EXPECT_NE(typo.out.find("did you mean 'outsourcing.lot_size'?"), std::string::npos) << typo.out;
  const auto words = sh("explain 'change late'");
  EXPECT_NE(words.code, 0);
  EXPECT_NE(words.out.find("did you mean 'budget.change_late'?"), std::string::npos) << words.out;
  EXPECT_NE(words.out.find("other near matches: "), std::string::npos) << words.out;
  EXPECT_NE(words.out.find("agency.*.change_late"), std::string::npos) << words.out;
  const auto word_typo = sh("explain lot_sise");
  EXPECT_NE(word_typo.out.find("did you mean 'outsourcing.lot_size'?"), std::string::npos)
      << word_typo.out;
  const auto concrete = sh("explain domain.adult_social_care.pbr_shaer");
  EXPECT_NE(concrete.out.find("did you mean 'domain.*.pbr_share'?"), std::string::npos)
      << concrete.out;
  const auto none = sh("explain xyzzy");
  EXPECT_EQ(none.code, 2);  // bad input, as a scenario's unknown key
  EXPECT_EQ(none.out.find("did you mean"), std::string::npos) << none.out;
  EXPECT_NE(none.out.find("see `quasim explain` for every name"), std::string::npos) << none.out;
  for (const auto* r : {&typo, &words, &none})
    EXPECT_EQ(std::count(r->out.begin(), r->out.end(), '\n'), 1) << r->out;  // one line
}

// A concrete name on its own: a provider type lists the provider.* keys, a domain of the
// shipped scenarios (or the start of one) the domain.* keys.
TEST(Cli, ExplainTakesABareDomainOrProviderTypeName) {
  const auto type = sh("explain large_private");
  EXPECT_EQ(type.code, 0) << type.out;
  EXPECT_NE(type.out.find("provider.*.markup"), std::string::npos) << type.out;
  EXPECT_NE(type.out.find("market.large_private"), std::string::npos) << type.out;
  EXPECT_NE(type.out.find("provider.large_private.KEY"), std::string::npos) << type.out;
  EXPECT_EQ(type.out.find("domain.*.pbr_share"), std::string::npos) << type.out;
  const auto domain = sh("explain adult_social_care");
  EXPECT_EQ(domain.code, 0) << domain.out;
  EXPECT_NE(domain.out.find("domain.*.pbr_share"), std::string::npos) << domain.out;
  EXPECT_NE(domain.out.find("domain.adult_social_care.KEY"), std::string::npos) << domain.out;
  EXPECT_EQ(domain.out.find("provider.*.markup"), std::string::npos) << domain.out;
  const auto start = sh("explain childrens");
  EXPECT_EQ(start.code, 0) << start.out;
  EXPECT_NE(start.out.find("domain.childrens_services.KEY"), std::string::npos) << start.out;
}

TEST(Cli, ExplainPrintsListParameters) {
  const auto r = sh("explain difficulty");
  EXPECT_EQ(r.code, 0);
  for (const char* text :
       {"difficulty.groups  (list of text, names)",
        "default: [\"easier\", \"typical\", \"hardest\"]   valid: 1 to 4 distinct names",
        "difficulty.share  (list of reals, share)",
        "default: [0.3, 0.5, 0.2]   valid: [0, 1] each, one per difficulty group",
        "difficulty.pbr_payment", "ODD: 4 Submodels: difficulty"})
    EXPECT_NE(r.out.find(text), std::string::npos) << text << "\n" << r.out;
  const auto w = sh("explain waiting");
  EXPECT_NE(w.out.find("valid: first_come_first_served|by_need"), std::string::npos) << w.out;
}

TEST(Cli, ListShowsShippedScenarios) {
  const auto r = sh("list");
  EXPECT_EQ(r.code, 0);
  for (const char* s : {"baseline.toml", "austerity_ageing.toml", "national_england.toml"})
    EXPECT_NE(r.out.find(s), std::string::npos) << s;
}

}  // namespace

namespace {

TEST(Cli, CalibrateRunsABoundedFit) {
  const auto r =
      sh("calibrate " + std::string(QUASIM_SOURCE_DIR) +
         "/scripts/calibration/example_fit.toml --max-runs 2 --replicates 1 --time-limit 120 "
         "--set population.citizens=20000 --set population.agent_weight=10");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("best fit"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("outsourcing.entry_rate = "), std::string::npos) << r.out;
}

}  // namespace

namespace {

using quasim::limit_threads;
using quasim::replicates_at_a_time_limit;

TEST(ThreadLimit, NoLimitWhenNoneAskedAndEveryReplicateFits) {
  EXPECT_EQ(replicates_at_a_time_limit(0, 10, 4), 0);
  EXPECT_EQ(replicates_at_a_time_limit(0, 4, 4), 0);  // exactly as many fit as run at a time
}

TEST(ThreadLimit, ThreadsAskedForAreKept) {
  EXPECT_EQ(replicates_at_a_time_limit(8, 100, 8), 8);
  // Fewer replicates than threads: the threads still share each replicate's citizen phase.
  EXPECT_EQ(replicates_at_a_time_limit(8, 100, 2), 8);
}

TEST(ThreadLimit, MemoryCapsReplicatesAtATime) {
  EXPECT_EQ(replicates_at_a_time_limit(0, 2, 16), 2);
  EXPECT_EQ(replicates_at_a_time_limit(8, 3, 8), 3);
  EXPECT_EQ(replicates_at_a_time_limit(0, 1, 2), 1);
}

TEST(ThreadLimit, NeverMoreThanFitNorMoreThanAskedFor) {
  for (int threads = 0; threads <= 6; ++threads)
    for (int fit = 1; fit <= 6; ++fit)
      for (int wanted = 1; wanted <= 6; ++wanted) {
        const int limit = replicates_at_a_time_limit(threads, fit, wanted);
        if (limit == 0) {
          EXPECT_EQ(threads, 0);
          EXPECT_GE(fit, wanted);
          continue;
        }
        EXPECT_GE(limit, 1);
        if (fit < wanted) {
          EXPECT_LE(limit, fit) << threads << " " << fit << " " << wanted;
        }
        if (threads > 0) {
          EXPECT_LE(limit, threads) << threads << " " << fit << " " << wanted;
        }
      }
}

TEST(ThreadLimit, LimitHoldsForTheLifetimeOfItsControl) {
  using tbb::global_control;
  const auto before = global_control::active_value(global_control::max_allowed_parallelism);
  EXPECT_EQ(limit_threads(0), nullptr);
  EXPECT_EQ(limit_threads(-1), nullptr);
  {
    const auto limit = limit_threads(1);
    ASSERT_NE(limit, nullptr);
    EXPECT_EQ(global_control::active_value(global_control::max_allowed_parallelism), 1u);
  }
  EXPECT_EQ(global_control::active_value(global_control::max_allowed_parallelism), before);
}

}  // namespace
