// A population that would exhaust memory is rejected before any work starts (run, batch,
// reproduce call check_fits_in_memory), with the estimate in the message; loading and
// validating the scenario does not depend on the machine. The check compares with 80% of physical
// memory; this executable interposes sysconf() so the test does not depend on the machine it runs
// on.
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

#include "sim/memory_fit.hpp"
#include "sim/parameter_table.hpp"
#include "sim/scenario.hpp"

namespace {
long g_fake_physical_pages = 0;  ///< 0: the real answer
}  // namespace

extern "C" long __sysconf(int name);  // glibc's sysconf, exported under this name too

/// Link-time interposition: quasim_core's call to sysconf(_SC_PHYS_PAGES) lands here. The
/// sanitizer runtimes call sysconf too, before they are initialised: no instrumentation here.
extern "C" __attribute__((no_sanitize("address", "thread", "undefined"))) long sysconf(int name) {
  if (name == _SC_PHYS_PAGES && g_fake_physical_pages > 0) return g_fake_physical_pages;
  return __sysconf(name);
}

namespace quasim {
namespace {

/// Makes the machine look as if it had `gib` GiB of memory for the rest of the test.
class FakeMemory {
 public:
  explicit FakeMemory(double gib) {
    g_fake_physical_pages =
        static_cast<long>(gib * 1024 * 1024 * 1024 / static_cast<double>(__sysconf(_SC_PAGE_SIZE)));
  }
  ~FakeMemory() { g_fake_physical_pages = 0; }
};

std::string tiny() {
  return std::string(QUASIM_SOURCE_DIR) + "/scenarios/tiny.toml";
}

TEST(MemoryLimit, HugePopulationIsRejectedUpFrontWithTheEstimate) {
  FakeMemory gib(8);  // 80% of 8 GiB is 6.9 GB; a billion agents need 16 GB
  try {
    const auto s = load_scenario(tiny(), {"population.citizens=1e9", "population.agent_weight=1"});
    check_fits_in_memory(s, sweep_points(s));
    FAIL() << "a billion citizen agents were accepted on an (interposed) 8 GiB machine";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.file(), "--set");
    EXPECT_EQ(e.key(), "population.citizens");
    EXPECT_EQ(std::string(e.what()),
              "--set: population.citizens: needs about 16 GB for 1e+09 citizen agents, more than "
              "80% of this "
              "machine's 9 GB; raise population.agent_weight");
  }
}

TEST(MemoryLimit, EstimateNamesTheFileAndLineWhereThePopulationIsSet) {
  FakeMemory gib(1);
  const std::string text =
      "extends = \"" + tiny() + "\"\n[population]\ncitizens = 2e8\nagent_weight = 1\n";
  try {
    const auto s = load_scenario_text(text, "big.toml");
    check_fits_in_memory(s, sweep_points(s));
    FAIL() << "2e8 citizen agents were accepted on a 1 GiB machine";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(
        std::string(e.what()).rfind(
            "big.toml:3: population.citizens: needs about 3.2 GB for 2e+08 citizen agents", 0),
        0u)
        << e.what();
  }
}

TEST(MemoryLimit, RaisingAgentWeightMakesItFit) {
  FakeMemory gib(8);
  const auto s = load_scenario(tiny(), {"population.citizens=1e9", "population.agent_weight=1000"});
  EXPECT_NO_THROW(check_fits_in_memory(s, sweep_points(s)));
}

TEST(MemoryLimit, ValidationIsAPureFunctionOfTheScenario) {
  // The same scenario loads to the same parameters on a small and a large machine; only the
  // run-time check differs.
  const std::vector<std::string> sets = {"population.citizens=1e9", "population.agent_weight=1"};
  std::string small, large;
  {
    FakeMemory gib(1);
    const auto s = load_scenario(tiny(), sets);
    small = resolved_toml(s.params);
    EXPECT_THROW(check_fits_in_memory(s, sweep_points(s)), ScenarioError);
  }
  {
    FakeMemory gib(1024);
    const auto s = load_scenario(tiny(), sets);
    large = resolved_toml(s.params);
    EXPECT_NO_THROW(check_fits_in_memory(s, sweep_points(s)));
  }
  EXPECT_EQ(small, large);
}

TEST(MemoryLimit, ASweepOverThePopulationIsCheckedPointByPoint) {
  FakeMemory gib(8);
  const std::string text = "extends = \"" + tiny() +
                           "\"\n[population]\nagent_weight = 1\n[sweep]\n"
                           "\"population.citizens\" = [1e6, 1e9]\n";
  const auto s = load_scenario_text(text, "sweep.toml");
  try {
    check_fits_in_memory(s, sweep_points(s));
    FAIL() << "the 1e9 point was accepted on an (interposed) 8 GiB machine";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.key(), "population.citizens");
    EXPECT_NE(std::string(e.what()).find("sweep.toml:"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("16 GB"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace quasim
