// tests/fuzz/scenario_fuzzer.cpp — libFuzzer target for the scenario reader. Any input must
// either load or be rejected with a ScenarioError; any other exception, a crash, a sanitizer
// report, a hang or runaway memory is a finding (keep the input in tests/fuzz/regressions/).
#include <cstddef>
#include <cstdint>
#include <string>

#include "sim/scenario.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    // Named as if it sat beside the shipped scenarios: `extends = "baseline.toml"` resolves.
    (void)quasim::load_scenario_text(text, QUASIM_FUZZ_ANCHOR);
  } catch (const quasim::ScenarioError&) {
    // the expected way to reject bad input
  }
  return 0;
}
