// Scenario input the fuzzer found or could find: every input either loads or is rejected with
// a ScenarioError (file:line: key: problem), never a crash, another exception or a hang.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sim/scenario.hpp"

namespace quasim {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// "ok" if `text` loads, the ScenarioError's message if it is rejected; anything else fails.
std::string outcome(const std::string& text, const std::string& path) {
  try {
    load_scenario_text(text, path);
    return "ok";
  } catch (const ScenarioError& e) {
    return e.what();
  }
}

/// UTF-8 for one code point.
std::string utf8(char32_t c) {
  std::string s;
  if (c < 0x80) {
    s += static_cast<char>(c);
  } else if (c < 0x800) {
    s += static_cast<char>(0xC0 | (c >> 6));
    s += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    s += static_cast<char>(0xE0 | (c >> 12));
    s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    s += static_cast<char>(0xF0 | (c >> 18));
    s += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (c & 0x3F));
  }
  return s;
}

// Every input the fuzzer ever crashed on, kept in tests/fuzz/regressions/ (named as if it sat
// beside the shipped scenarios, as the fuzzer names its inputs).
TEST(FuzzRegressions, EveryKeptInputLoadsOrIsAScenarioError) {
  const fs::path dir = fs::path(QUASIM_SOURCE_DIR) / "tests" / "fuzz" / "regressions";
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file()) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  ASSERT_FALSE(files.empty()) << dir;
  const std::string anchor = std::string(QUASIM_SOURCE_DIR) + "/scenarios/fuzz-input.toml";
  for (const auto& f : files) {
    SCOPED_TRACE(f.filename().string());
    const auto m = outcome(slurp(f), anchor);  // any other exception fails the test
    EXPECT_TRUE(m == "ok" || m.rfind(anchor + ":", 0) == 0) << m;
  }
}

// toml++ 3.3.0 (Debian's) asserts in parse_key() on these headers in a debug build of the
// library (upstream marzer/tomlplusplus#301); the library quasim links must report them.
TEST(TomlLibrary, MalformedTableHeadersAreSyntaxErrors) {
  for (const std::string& text :
       {std::string("[\0", 2), std::string("[[[1]]]"), std::string("[[[]]"), std::string("[[="),
        std::string("[a]\n[\0]", 7)}) {
    const auto m = outcome(text, "h.toml");
    EXPECT_NE(m.find("h.toml:"), std::string::npos) << m;
    EXPECT_NE(m.find("TOML syntax error"), std::string::npos) << m;
  }
}

// toml++ 3.3.0 reaches TOML_UNREACHABLE for most non-ASCII characters where whitespace may
// stand (upstream #190, #295; fixed after 3.3.0 by #305). Debian's build happens to answer
// "not whitespace"; this pins that down for every code point, where a user could type one:
// at the start of a line (`£ = 1`), after `=` (`unit_cost = £9000`) and after a line-ending
// backslash in a multi-line string.
TEST(TomlLibrary, NonAsciiCharactersOutsideStringsAreSyntaxErrors) {
  int checked = 0;
  for (char32_t c = 0x80; c <= 0x10FFFF; c += (c < 0x10000 ? 1 : 0x101)) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;  // surrogates are not characters
    const std::string ch = utf8(c);
    for (const std::string& text : {ch + " = 1\n", "[run]\nseed = " + ch + "1\n"}) {
      const auto m = outcome(text, "u.toml");
      ASSERT_EQ(m.rfind("u.toml:", 0), 0u)
          << "U+" << std::hex << static_cast<unsigned>(c) << ": " << m;
      ASSERT_NE(m.find("TOML syntax error"), std::string::npos)
          << "U+" << std::hex << static_cast<unsigned>(c);
    }
    // Inside a string the character is text: the name is accepted, and the missing domains
    // are then what is wrong.
    const auto m = outcome("name = \"\"\"\\\n" + ch + "\"\"\"\n", "u.toml");
    ASSERT_EQ(m, "u.toml: domain: no service domains: add at least one [domain.NAME] table")
        << "U+" << std::hex << static_cast<unsigned>(c);
    ++checked;
  }
  EXPECT_GT(checked, 60000);
}

TEST(ScenarioInput, NonFiniteNumbersAreRejectedEverywhere) {
  const std::string base =
      "extends = \"" + std::string(QUASIM_SOURCE_DIR) + "/scenarios/tiny.toml\"\n";
  for (const std::string v : {"nan", "+nan", "-nan", "inf", "+inf", "-inf"}) {
    SCOPED_TRACE(v);
    const auto scalar = outcome(base + "[budget]\nchange_early = " + v + "\n", "n.toml");
    EXPECT_EQ(scalar.rfind("n.toml:3: budget.change_early: expected a finite number, got ", 0), 0u)
        << scalar;
    const auto weights = outcome(
        base + "[domain.adult_social_care]\nage_weights = [1, 1, " + v + ", 1, 1]\n", "n.toml");
    EXPECT_NE(
        weights.find("n.toml:3: domain.adult_social_care.age_weights: expected a finite number"),
        std::string::npos)
        << weights;
    const auto sweep =
        outcome(base + "[sweep]\n\"budget.change_early\" = [0.0, " + v + "]\n", "n.toml");
    EXPECT_NE(sweep.find("budget.change_early: expected a finite number"), std::string::npos)
        << sweep;
    const auto range = outcome(
        base + "[sweep]\n\"budget.change_early\" = {start = 0.0, stop = " + v + ", step = 0.01}\n",
        "n.toml");
    EXPECT_NE(range.find("sweep.budget.change_early: expected start <= stop and step > 0"),
              std::string::npos)
        << range;
  }
}

TEST(ScenarioInput, MalformedPolicyTablesAreScenarioErrors) {
  const std::string base =
      "extends = \"" + std::string(QUASIM_SOURCE_DIR) + "/scenarios/tiny.toml\"\n";
  // Each line: the policy text and what its one-line message must contain.
  const std::pair<std::string, std::string> cases[] = {
      {"[timeline]\nyear = 2012\n", "n.toml:2: timeline: expected [[timeline]] tables"},
      {"[[timeline]]\nyear = 2012\ncommissioners = []\nset = {\"budget.change_late\" = 0}\n",
       "n.toml:4: timeline.commissioners: empty list"},
      {"[[timeline]]\nyear = 2012\ngroup = \"\"\nset = {\"budget.change_late\" = 0}\n",
       "n.toml:4: timeline.group: expected the name of a [group.NAME] table"},
      {"[[timeline]]\nyear = 2012\nset = {\"population.longevity_gain\" = 0.5}\n",
       "population.longevity_gain: holds for the whole run"},
      {"[[timeline]]\nyear = 2012\nset = {\"commissioners.capability\" = 0.1}\n",
       "commissioners.capability: holds for the whole run"},
      {"[domain.offender_rehabilitation]\nend_contracts_year = 2030\n",
       "n.toml:3: domain.offender_rehabilitation.end_contracts_year: 2030 is outside the run "
       "(2010 to 2014"},
      {"timeline = [1, 2]\n", "n.toml:2: timeline: expected [[timeline]] tables"},
      {"[[timeline]]\nyear = 2012\nset = 3\n", "n.toml:4: timeline.set: expected a table"},
      {"[[timeline]]\nyear = 2012\nset = {}\n", "n.toml:2: timeline: entry without set"},
      {"[[timeline]]\nyear = 2012.5\nset = {\"budget.change_late\" = 0}\n",
       "n.toml:3: timeline.year: expected a calendar year (an integer), got 2012.5"},
      {"[[timeline]]\nyear = 9223372036854775807\nset = {\"budget.change_late\" = 0}\n",
       "timeline.year: 9223372036854775807 is outside the run (2010 to 2014"},
      {"[[timeline]]\nyear = 2012\ncommissioners = \"commissioner-001\"\n"
       "set = {\"budget.change_late\" = 0}\n",
       "n.toml:4: timeline.commissioners: expected a list of commissioner names"},
      {"[[timeline]]\nyear = 2012\ncommissioners = [1]\nset = {\"budget.change_late\" = 0}\n",
       "timeline.commissioners: expected a commissioner name such as \"commissioner-001\", got 1"},
      {"[[timeline]]\nyear = 2012\ngroup = \"g\"\ncommissioners = [\"commissioner-001\"]\n"
       "set = {\"budget.change_late\" = 0}\n",
       "n.toml:2: timeline: give commissioners = [...] or group = \"...\", not both"},
      {"[[timeline]]\nyear = 2012\nset = {\"budget.change_late\" = [0]}\n",
       "budget.change_late: expected a number"},
      {"commissioner = 3\n", "n.toml:2: commissioner: expected [commissioner.\"NAME\"] tables"},
      {"[commissioner]\n\"commissioner-001\" = 1\n",
       "n.toml:3: commissioner.commissioner-001: expected a table of parameters"},
      {"[commissioner.\"commissioner-001\"]\n", "commissioner.commissioner-001: no parameters"},
      {"[group.g]\nmembers = []\nbudget.change_late = 0\n",
       "n.toml:3: group.g.members: expected a non-empty list of commissioner names"},
      {"[group.g]\nbudget.change_late = 0\n", "group.g.members: a group needs members"},
      {"[group.g]\nmembers = [\"commissioner-001\"]\n[group.g.set]\nrun.seed = 3\n",
       "n.toml:5: run.seed: a national parameter"},
  };
  for (const auto& [text, message] : cases) {
    const auto got = outcome(base + text, "n.toml");
    EXPECT_NE(got.find(message), std::string::npos) << text << "\n -> " << got;
  }
}

TEST(ScenarioInput, ExtendsChainIsBounded) {
  const fs::path dir = fs::path(QUASIM_TEST_TMP) / "robustness" / "chain";
  fs::create_directories(dir);
  const int files = 40;
  for (int i = 0; i < files; ++i)
    std::ofstream(dir / ("c" + std::to_string(i) + ".toml"))
        << (i + 1 < files ? "extends = \"c" + std::to_string(i + 1) + ".toml\"\n"
                          : "[domain.care]\nonset = 0.01\nunit_cost = 5000\n");
  try {
    load_scenario((dir / "c0.toml").string());
    FAIL() << "a 40-file extends chain loaded";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.key(), "extends");
    EXPECT_NE(std::string(e.what()).find("extends chain deeper than 16 files"), std::string::npos)
        << e.what();
  }
}

TEST(ScenarioInput, HugeSweepIsRejectedBeforeItIsExpanded) {
  const std::string base =
      "extends = \"" + std::string(QUASIM_SOURCE_DIR) + "/scenarios/tiny.toml\"\n";
  const auto m =
      outcome(base + "[sweep]\n\"budget.change_early\" = {start = -0.5, stop = 0.5, step = 1e-9}\n",
              "w.toml");
  EXPECT_NE(m.find("sweep.budget.change_early: more than 10000 values in one sweep range"),
            std::string::npos)
      << m;
}

// Exactly 10^6 points used to pass the old cap and then validate for minutes.
TEST(ScenarioInput, SweepOfAMillionPointsIsRefusedBeforeValidation) {
  const std::string base =
      "extends = \"" + std::string(QUASIM_SOURCE_DIR) + "/scenarios/tiny.toml\"\n";
  const auto m =
      outcome(base +
                  "[sweep]\n\"budget.change_early\" = {start = 0.0, stop = 0.0999, step = 0.0001}\n"
                  "\"budget.change_late\" = {start = 0.0, stop = 0.0999, step = 0.0001}\n",
              "m.toml");
  EXPECT_NE(m.find("sweep: sweep expands to 1000000 points, more than 10000"), std::string::npos)
      << m;
}

TEST(ScenarioInput, ExtendsMustNameARegularFile) {
  EXPECT_EQ(outcome("extends = \"/tmp\"\n", "d.toml"),
            "d.toml:1: extends: not a regular file: '/tmp'");
  EXPECT_EQ(outcome("extends = \"/dev/zero\"\n", "z.toml"),
            "z.toml:1: extends: not a regular file: '/dev/zero'");
  EXPECT_EQ(outcome("\nextends = \"nothere.toml\"\n", "/x/e.toml"),
            "/x/e.toml:2: extends: cannot open extended scenario file: '/x/nothere.toml'");
}

TEST(ScenarioInput, DeeplyDottedKeysAreRejectedBeforeTomlRecursesOnThem) {
  std::string header = "[a", key = "\n\n  b";
  for (int i = 0; i < 30000; ++i) header += ".a", key += " . b";
  const auto m = outcome(header + "]\nx = 1\n", "deep.toml");
  EXPECT_EQ(m,
            "deep.toml:1: a key or table name with more than 64 dotted parts (parameter names have "
            "at most five)");
  EXPECT_EQ(outcome(key + " = 1\n", "deep.toml")
                .rfind("deep.toml:3: a key or table name with more than 64", 0),
            0u);
  // Dots in strings, comments and numbers are not key parts.
  std::string many(200, '.');
  const std::string text =
      "# " + many + "\nname = \"" + many + "\"\ndescription = '''\n" + many + "\n'''\n";
  EXPECT_EQ(outcome(text, "ok.toml"),
            "ok.toml: domain: no service domains: add at least one [domain.NAME] table");
  std::string list = "[sweep]\n\"budget.change_early\" = [\n";
  for (int i = 0; i < 100; ++i) list += "0.01, ";
  EXPECT_EQ(outcome(list + "\n]\n", "l.toml"),
            "l.toml: domain: no service domains: add at least one [domain.NAME] table");
}

}  // namespace
}  // namespace quasim
