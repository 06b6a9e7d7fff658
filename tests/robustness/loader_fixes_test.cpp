// Loader and CLI hardening: extends must be a regular file, deeply dotted keys are rejected.
#include <gtest/gtest.h>

#include <string>

#include "sim/scenario.hpp"

namespace quasim {
namespace {

std::string outcome(const std::string& text, const std::string& path) {
  try {
    load_scenario_text(text, path);
    return "ok";
  } catch (const ScenarioError& e) {
    return e.what();
  }
}

TEST(ScenarioInput, ExtendsMustNameARegularFile) {
  EXPECT_EQ(outcome("extends = \"/tmp\"\n", "d.toml"), "d.toml:1: extends: not a regular file: '/tmp'");
  EXPECT_EQ(outcome("extends = \"/dev/zero\"\n", "z.toml"), "z.toml:1: extends: not a regular file: '/dev/zero'");
  EXPECT_EQ(outcome("\nextends = \"nothere.toml\"\n", "/x/e.toml"),
            "/x/e.toml:2: extends: cannot open extended scenario file: '/x/nothere.toml'");
}

TEST(ScenarioInput, DeeplyDottedKeysAreRejectedBeforeTomlRecursesOnThem) {
  std::string header = "[a", key = "\n\n  b";
  for (int i = 0; i < 30000; ++i) header += ".a", key += " . b";
  const auto m = outcome(header + "]\nx = 1\n", "deep.toml");
  EXPECT_EQ(m, "deep.toml:1: a key or table name with more than 64 dotted parts (parameter names have at most five)");
  EXPECT_EQ(outcome(key + " = 1\n", "deep.toml").rfind("deep.toml:3: a key or table name with more than 64", 0), 0u);
  // Dots in strings, comments and numbers are not key parts.
  std::string many(200, '.');
  const std::string text = "# " + many + "\nname = \"" + many + "\"\ndescription = '''\n" + many + "\n'''\n";
  EXPECT_EQ(outcome(text, "ok.toml"), "ok.toml: domain: no service domains: add at least one [domain.NAME] table");
  std::string list = "[sweep]\n\"budget.change_early\" = [\n";
  for (int i = 0; i < 100; ++i) list += "0.01, ";
  EXPECT_EQ(outcome(list + "\n]\n", "l.toml"), "l.toml: domain: no service domains: add at least one [domain.NAME] table");
}

}  // namespace
}  // namespace quasim
