// tests/sim/point_label_test.cpp — one label format: a point's label and the scenario name that
// carries it go there and back exactly, whatever brackets the name or the values hold.
#include "sim/point_label.hpp"

#include <gtest/gtest.h>

namespace quasim {
namespace {

TEST(PointLabel, JoinsSettingsInOrder) {
  EXPECT_EQ(point_label({{"budget.change_late", "-0.02"}, {"outsourcing.lot_size", "3"}}),
            "budget.change_late=-0.02, outsourcing.lot_size=3");
  EXPECT_EQ(point_label({}), "");
}

TEST(PointLabel, ScenarioNameGoesThereAndBack) {
  const std::pair<std::string, std::string> cases[] = {
      {"tiny", "outsourcing.entry_rate=0.1"},
      {"tiny [v2]", "difficulty.share=[0.3, 0.5, 0.2]"},
      {"a [b] c", "x=[[1, 2], [3]], y=\"z\""},
      {"plain", ""},
  };
  for (const auto& [name, label] : cases) {
    const std::string full = point_scenario_name(name, label);
    EXPECT_EQ(split_point_scenario_name(full), std::make_pair(name, label)) << full;
  }
  EXPECT_EQ(point_scenario_name("tiny", "k=1"), "tiny [k=1]");
}

TEST(PointLabel, BracketsWithoutASettingBelongToTheName) {
  EXPECT_EQ(split_point_scenario_name("tiny [v2]"),
            std::make_pair(std::string("tiny [v2]"), std::string()));
  EXPECT_EQ(split_point_scenario_name("x]"), std::make_pair(std::string("x]"), std::string()));
  EXPECT_EQ(split_point_scenario_name("[k=1]"),
            std::make_pair(std::string("[k=1]"), std::string()));
}

}  // namespace
}  // namespace quasim
