// Experiment designs: each method's layout and size, the distributions' quantiles against their
// formulas, exact values in the points, and one test per validation error (file, line and key).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "sim/design_points.hpp"
#include "sim/scenario.hpp"

namespace quasim {
namespace {

const char* kDomains = "[domain.care]\nonset = 0.01\nunit_cost = 5000\n";  // lines 1-3

/// A scenario of one domain with a design: `head` goes in [design] (from line 4), `params` in
/// [design.parameters] (from line 4 + lines of head + 1).
std::string design_text(const std::string& head, const std::string& params) {
  return std::string(kDomains) + "[design]\n" + head + "[design.parameters]\n" + params;
}

const std::string kTwo =
    "\"outsourcing.entry_rate\" = { lower = 0.0, upper = 0.3 }\n"
    "\"budget.change_late\" = { distribution = \"normal\", mean = -0.02, sd = 0.01, "
    "lower = -0.06, upper = 0.0 }\n";
const std::string kThree =
    kTwo +
    "\"outsourcing.contract_years\" = { distribution = \"integer\", lower = 3, upper = 7 }\n";

Scenario load(const std::string& head, const std::string& params = kThree) {
  return load_scenario_text(design_text(head, params), "s.toml");
}

std::string error_of(const std::string& text, const std::vector<std::string>& sets = {}) {
  try {
    load_scenario_text(text, "s.toml", sets);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "no error";
}

std::string design_error(const std::string& head, const std::string& params = kThree) {
  return error_of(design_text(head, params));
}

/// A design of `d` uniform [0, 1] parameters, built directly.
Design unit_design(DesignMethod m, int size, std::size_t d, std::int64_t seed = 7) {
  Design out;
  out.method = m;
  out.size = size;
  out.seed = seed;
  out.parameters.resize(d);
  return out;
}

TEST(DesignRows, EachMethodHasItsNumberOfPoints) {
  // d = 3: lhs/sobol n; saltelli N(d+2); morris r(d+1); oat 1 + d*steps.
  EXPECT_EQ(sweep_points(load("method = \"lhs\"\npoints = 10\n")).size(), 10u);
  EXPECT_EQ(sweep_points(load("method = \"sobol\"\npoints = 12\n")).size(), 12u);
  EXPECT_EQ(sweep_points(load("method = \"saltelli\"\nbase_points = 8\n")).size(), 40u);
  EXPECT_EQ(sweep_points(load("method = \"morris\"\ntrajectories = 4\n")).size(), 16u);
  EXPECT_EQ(sweep_points(load("method = \"oat\"\nsteps = 5\n")).size(), 16u);
  for (auto m : {DesignMethod::Lhs, DesignMethod::Sobol, DesignMethod::Saltelli,
                 DesignMethod::Morris, DesignMethod::Oat}) {
    const Design d = unit_design(m, 8, 5);
    const auto rows = design_unit(d);
    EXPECT_EQ(static_cast<double>(rows.size()), design_rows_of(m, 8, 5));
    for (const auto& r : rows) {
      ASSERT_EQ(r.size(), 5u);
      for (double u : r) EXPECT_TRUE(u >= 0 && u <= 1) << u;
    }
  }
}

TEST(DesignLhs, ExactlyOnePointPerStratumInEveryParameter) {
  const int n = 37;
  const auto rows = design_unit(unit_design(DesignMethod::Lhs, n, 4));
  for (std::size_t j = 0; j < 4; ++j) {
    std::set<int> strata;
    for (const auto& r : rows) strata.insert(static_cast<int>(std::floor(r[j] * n)));
    EXPECT_EQ(strata.size(), static_cast<std::size_t>(n)) << "parameter " << j;
    EXPECT_EQ(*strata.begin(), 0);
    EXPECT_EQ(*strata.rbegin(), n - 1);
  }
}

TEST(DesignLhs, TheSeedDecidesThePointsAndNothingElse) {
  const auto a = design_unit(unit_design(DesignMethod::Lhs, 10, 3, 7));
  EXPECT_EQ(a, design_unit(unit_design(DesignMethod::Lhs, 10, 3, 7)));
  EXPECT_NE(a, design_unit(unit_design(DesignMethod::Lhs, 10, 3, 8)));
  // The default seed is run.seed; design.seed overrides it.
  const auto s1 = load("method = \"lhs\"\npoints = 5\n");
  EXPECT_EQ(s1.design.seed, s1.params.run.seed);
  EXPECT_EQ(load("method = \"lhs\"\npoints = 5\nseed = 99\n").design.seed, 99);
}

TEST(DesignSobol, FirstPointsAreTheSobolSequenceAfterTheOrigin) {
  // Joe and Kuo's direction numbers, as scipy.stats.qmc.Sobol(3, scramble=False) gives them
  // (its first point, the origin, skipped).
  const std::vector<std::vector<double>> expected = {
      {0.5, 0.5, 0.5},       {0.75, 0.25, 0.25},      {0.25, 0.75, 0.75},
      {0.375, 0.375, 0.625}, {0.875, 0.875, 0.125},   {0.625, 0.125, 0.875},
      {0.125, 0.625, 0.375}, {0.1875, 0.3125, 0.9375}};
  EXPECT_EQ(design_unit(unit_design(DesignMethod::Sobol, 8, 3)), expected);
}

TEST(DesignSaltelli, BlocksAreABAndEachEiIsAWithColumnIFromB) {
  const std::size_t n = 8, d = 3;
  const auto rows = design_unit(unit_design(DesignMethod::Saltelli, n, d));
  ASSERT_EQ(rows.size(), n * (d + 2));
  // A and B: the first and last d columns of the 2d-dimensional Sobol' sequence.
  const auto ab = design_unit(unit_design(DesignMethod::Sobol, n, 2 * d));
  for (std::size_t k = 0; k < n; ++k)
    for (std::size_t c = 0; c < d; ++c) {
      EXPECT_EQ(rows[k][c], ab[k][c]);
      EXPECT_EQ(rows[n + k][c], ab[k][d + c]);
    }
  for (std::size_t i = 0; i < d; ++i)
    for (std::size_t k = 0; k < n; ++k) {
      const auto& e = rows[(2 + i) * n + k];
      for (std::size_t c = 0; c < d; ++c)
        EXPECT_EQ(e[c], c == i ? rows[n + k][c] : rows[k][c]) << "E_" << i << " row " << k;
    }
}

TEST(DesignMorris, EachStepChangesOneParameterByDelta) {
  for (int levels : {4, 6}) {
    Design d = unit_design(DesignMethod::Morris, 6, 4);
    d.levels = levels;
    const double delta = levels / (2.0 * (levels - 1));
    const auto rows = design_unit(d);
    ASSERT_EQ(rows.size(), 6u * 5u);
    for (std::size_t t = 0; t < 6; ++t) {
      std::set<std::size_t> moved;
      for (std::size_t s = 1; s <= 4; ++s) {
        const auto &a = rows[t * 5 + s - 1], &b = rows[t * 5 + s];
        std::size_t changed = 0;
        for (std::size_t j = 0; j < 4; ++j) {
          if (a[j] == b[j]) continue;
          ++changed;
          moved.insert(j);
          EXPECT_NEAR(std::fabs(b[j] - a[j]), delta, 1e-12);
        }
        EXPECT_EQ(changed, 1u) << "trajectory " << t << " step " << s;
      }
      EXPECT_EQ(moved.size(), 4u) << "every parameter moves once in trajectory " << t;
      for (const auto& r : std::vector(rows.begin() + t * 5, rows.begin() + t * 5 + 5))
        for (double u : r) {
          const double level = u * (levels - 1);
          EXPECT_EQ(level, std::round(level)) << "on the grid";
        }
    }
  }
}

TEST(DesignOat, CentreThenEachParameterAcrossItsRange) {
  const auto rows = design_unit(unit_design(DesignMethod::Oat, 5, 3));
  ASSERT_EQ(rows.size(), 16u);
  EXPECT_EQ(rows[0], std::vector<double>(3, 0.5));
  for (std::size_t j = 0; j < 3; ++j)
    for (int k = 0; k < 5; ++k) {
      std::vector<double> expected(3, 0.5);
      expected[j] = k / 4.0;
      EXPECT_EQ(rows[1 + j * 5 + k], expected);
    }
}

TEST(DesignDistributions, QuantilesMatchTheirFormulas) {
  DesignParameter lu;
  lu.distribution = DesignDistribution::LogUniform;
  lu.lower = 0.01, lu.upper = 0.2;
  DesignParameter nm;
  nm.distribution = DesignDistribution::Normal;
  nm.mean = -0.02, nm.sd = 0.01, nm.lower = -0.06, nm.upper = 0.0;
  DesignParameter in;
  in.distribution = DesignDistribution::Integer;
  in.lower = 3, in.upper = 7;
  DesignParameter un;
  un.lower = -1, un.upper = 3;
  const auto phi = [](double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); };
  for (double u : {0.0, 0.05, 0.2, 0.5, 0.77, 0.99, 1.0}) {
    EXPECT_NEAR(design_value(lu, u), 0.01 * std::pow(20.0, u), 1e-15);
    EXPECT_DOUBLE_EQ(design_value(un, u), -1 + 4 * u);
    // Truncated normal: Phi((x-mean)/sd) is the same share of the mass between the bounds.
    const double a = phi((nm.lower - nm.mean) / nm.sd), b = phi((nm.upper - nm.mean) / nm.sd);
    const double x = design_value(nm, u);
    EXPECT_NEAR(phi((x - nm.mean) / nm.sd), a + u * (b - a), 1e-12) << u;
    EXPECT_TRUE(x >= nm.lower && x <= nm.upper);
    EXPECT_EQ(design_value(in, u), std::min(3 + std::floor(u * 5), 7.0));
  }
  DesignParameter symmetric = nm;  // truncated at -3 and +3 sd: the median is the mean
  symmetric.lower = -0.05, symmetric.upper = 0.01;
  EXPECT_NEAR(design_value(symmetric, 0.5), -0.02, 1e-12);
  EXPECT_LT(design_value(nm, 0.5), -0.02);  // cut more above than below: the median moves down
  // Equal probability for each integer: 5 equal slices of [0, 1).
  for (int k = 0; k < 5; ++k) EXPECT_EQ(design_value(in, (k + 0.5) / 5), 3 + k);
}

TEST(DesignPoints, PointsRunWithTheExactValuesDrawn) {
  const Scenario s = load("method = \"lhs\"\npoints = 6\nseed = 3\n");
  const auto rows = design_unit(s.design);
  const auto points = sweep_points(s);
  ASSERT_EQ(points.size(), rows.size());
  for (std::size_t k = 0; k < points.size(); ++k) {
    const auto& p = points[k].params;
    EXPECT_EQ(p.outsourcing.entry_rate, design_value(s.design.parameters[0], rows[k][0]));
    EXPECT_EQ(p.budget.change_late, design_value(s.design.parameters[1], rows[k][1]));
    EXPECT_EQ(p.outsourcing.contract_years, design_value(s.design.parameters[2], rows[k][2]));
    EXPECT_EQ(points[k].settings.size(), 3u);
    EXPECT_EQ(points[k].settings[0].first, "outsourcing.entry_rate");  // the order written
    EXPECT_EQ(points[k].settings[2].first, "outsourcing.contract_years");
    EXPECT_EQ(points[k].label.rfind("outsourcing.entry_rate=", 0), 0u) << points[k].label;
  }
}

TEST(DesignText, WrittenOutItLoadsBackToTheSamePoints) {
  for (const char* head : {"method = \"saltelli\"\nbase_points = 8\nseed = 5\n",
                           "method = \"morris\"\ntrajectories = 3\nlevels = 6\n"}) {
    const Scenario s = load(head);
    const Design back = load_design_text(design_toml(s.design), "t", {"care"}, {"council"}, 0);
    EXPECT_EQ(design_toml(back), design_toml(s.design));
    EXPECT_EQ(design_unit(back), design_unit(s.design));
    for (std::size_t j = 0; j < back.parameters.size(); ++j)
      EXPECT_EQ(distribution_text(back.parameters[j]), distribution_text(s.design.parameters[j]));
  }
}

TEST(DesignText, NestedParameterTablesReadLikeQuotedKeys) {
  const Scenario s = load("method = \"sobol\"\npoints = 4\n",
                          "[design.parameters.outsourcing]\n"
                          "entry_rate = { lower = 0.0, upper = 0.3 }\n");
  ASSERT_EQ(s.design.parameters.size(), 1u);
  EXPECT_EQ(s.design.parameters[0].key, "outsourcing.entry_rate");
  EXPECT_EQ(distribution_text(s.design.parameters[0]), "uniform(0, 0.3)");
}

// ---- validation: one message naming file, line and key ----------------------------------------
// design_text puts [design] on line 4, its keys from line 5.

TEST(DesignErrors, UnknownKeySuggestsNearest) {
  EXPECT_EQ(design_error("method = \"lhs\"\npionts = 10\n"),
            "s.toml:6: design.pionts: unknown key in [design] (expected method, points, "
            "base_points, trajectories, levels, steps, seed or parameters) (did you mean "
            "'points'?)");
}

TEST(DesignErrors, UnknownMethodSuggestsNearest) {
  const auto m = design_error("method = \"sobel\"\npoints = 10\n");
  EXPECT_EQ(m.rfind("s.toml:5: design.method: expected one of", 0), 0u) << m;
  EXPECT_NE(m.find("(did you mean 'sobol'?)"), std::string::npos) << m;
}

TEST(DesignErrors, UnknownParameterSuggestsNearest) {
  const auto m = design_error("method = \"lhs\"\npoints = 10\n",
                              "\"outsourcing.entry_rat\" = { lower = 0.0, upper = 0.3 }\n");
  EXPECT_EQ(m,
            "s.toml:8: design.parameters.\"outsourcing.entry_rat\": unknown parameter (did you "
            "mean 'outsourcing.entry_rate'?)");
}

TEST(DesignErrors, NonNumericParameterIsRefused) {
  const auto m = design_error("method = \"lhs\"\npoints = 10\n",
                              "\"mutuals.right_to_provide\" = { lower = 0, upper = 1 }\n");
  EXPECT_EQ(m.rfind("s.toml:8: design.parameters.\"mutuals.right_to_provide\": not a number "
                    "parameter",
                    0),
            0u)
      << m;
}

TEST(DesignErrors, RunParametersAreNotDesignParameters) {
  const auto m =
      design_error("method = \"lhs\"\npoints = 10\n", "\"run.years\" = { lower = 2, upper = 5 }\n");
  EXPECT_EQ(m.rfind("s.toml:8: design.parameters.\"run.years\": run.* shapes the batch", 0), 0u)
      << m;
}

TEST(DesignErrors, RangeOutsideTheParametersValidRange) {
  const auto m = design_error("method = \"lhs\"\npoints = 10\n",
                              "\"budget.change_late\" = { lower = -0.9, upper = 0.0 }\n");
  EXPECT_EQ(m,
            "s.toml:8: design.parameters.\"budget.change_late\".lower: -0.9 is outside "
            "budget.change_late's valid range [-0.5, 0.5] (1/yr)");
}

TEST(DesignErrors, LowerMustBeBelowUpper) {
  const auto m = design_error("method = \"lhs\"\npoints = 10\n",
                              "\"outsourcing.entry_rate\" = { lower = 0.3, upper = 0.3 }\n");
  EXPECT_EQ(m,
            "s.toml:8: design.parameters.\"outsourcing.entry_rate\".upper: expected lower < "
            "upper, got lower = 0.3, upper = 0.3");
}

TEST(DesignErrors, MissingBoundIsNamed) {
  const auto m = design_error("method = \"lhs\"\npoints = 10\n",
                              "\"outsourcing.entry_rate\" = { upper = 1 }\n");
  EXPECT_EQ(m.rfind("s.toml:8: design.parameters.\"outsourcing.entry_rate\": no lower =", 0), 0u)
      << m;
}

TEST(DesignErrors, UnknownFieldOfAParameterSuggestsNearest) {
  const auto m = design_error("method = \"lhs\"\npoints = 10\n",
                              "\"outsourcing.entry_rate\" = { lowr = 0.0, upper = 0.3 }\n");
  EXPECT_NE(m.find("s.toml:8: design.parameters.\"outsourcing.entry_rate\".lowr: unknown key"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("(did you mean 'lower'?)"), std::string::npos) << m;
}

TEST(DesignErrors, LogUniformNeedsAPositiveLowerBound) {
  const auto m = design_error("method = \"lhs\"\npoints = 10\n",
                              "\"outsourcing.entry_rate\" = { distribution = \"log-uniform\", "
                              "lower = 0.0, upper = 0.3 }\n");
  EXPECT_EQ(m,
            "s.toml:8: design.parameters.\"outsourcing.entry_rate\".lower: a log-uniform "
            "distribution needs lower > 0, got 0");
}

TEST(DesignErrors, NormalNeedsAPositiveSd) {
  const auto m = design_error("method = \"lhs\"\npoints = 10\n",
                              "\"budget.change_late\" = { distribution = \"normal\", mean = -0.02, "
                              "sd = 0, lower = -0.06, upper = 0.0 }\n");
  EXPECT_EQ(m, "s.toml:8: design.parameters.\"budget.change_late\".sd: expected sd > 0, got 0");
}

TEST(DesignErrors, NormalMeanMustLieWithinTheBounds) {
  const auto m = design_error("method = \"lhs\"\npoints = 10\n",
                              "\"budget.change_late\" = { distribution = \"normal\", mean = 0.1, "
                              "sd = 0.01, lower = -0.06, upper = 0.0 }\n");
  EXPECT_EQ(m,
            "s.toml:8: design.parameters.\"budget.change_late\".mean: the mean 0.1 is outside "
            "[lower, upper] = [-0.06, 0]");
}

TEST(DesignErrors, IntegerDistributionOnARealParameter) {
  const auto m = design_error(
      "method = \"lhs\"\npoints = 10\n",
      "\"outsourcing.entry_rate\" = { distribution = \"integer\", lower = 0, upper = 3 }\n");
  EXPECT_EQ(m,
            "s.toml:8: design.parameters.\"outsourcing.entry_rate\".distribution: "
            "outsourcing.entry_rate is not an integer parameter (1/yr): use \"uniform\", "
            "\"log-uniform\" or \"normal\"");
}

TEST(DesignErrors, NonIntegerDistributionOnAnIntegerParameter) {
  const auto m = design_error(
      "method = \"lhs\"\npoints = 10\n",
      "\"outsourcing.contract_years\" = { distribution = \"uniform\", lower = 3, upper = 7 }\n");
  EXPECT_EQ(m,
            "s.toml:8: design.parameters.\"outsourcing.contract_years\".distribution: "
            "outsourcing.contract_years is an integer parameter: expected distribution = "
            "\"integer\", got \"uniform\"");
  // Without a distribution an integer parameter takes the integer one.
  const Scenario s = load("method = \"lhs\"\npoints = 4\n",
                          "\"outsourcing.contract_years\" = { lower = 3, upper = 7 }\n");
  EXPECT_EQ(s.design.parameters[0].distribution, DesignDistribution::Integer);
}

TEST(DesignErrors, TooFewPointsForTheMethod) {
  EXPECT_EQ(design_error("method = \"lhs\"\npoints = 1\n"),
            "s.toml:6: design.points: too few: at least 2 points for this method, got 1");
  EXPECT_EQ(design_error("method = \"sobol\"\npoints = 1\n"),
            "s.toml:6: design.points: too few: at least 2 points for this method, got 1");
  EXPECT_EQ(design_error("method = \"saltelli\"\nbase_points = 4\n"),
            "s.toml:6: design.base_points: too few: at least 8 base points (N; runs N*(d+2)) for "
            "this method, got 4");
  EXPECT_EQ(design_error("method = \"morris\"\ntrajectories = 1\n"),
            "s.toml:6: design.trajectories: too few: at least 2 trajectories (r; runs r*(d+1)) "
            "for this method, got 1");
  EXPECT_EQ(design_error("method = \"oat\"\nsteps = 1\n"),
            "s.toml:6: design.steps: too few: at least 2 values per parameter (runs 1 + d*steps) "
            "for this method, got 1");
}

TEST(DesignErrors, MorrisLevelsMustBeEven) {
  EXPECT_EQ(design_error("method = \"morris\"\ntrajectories = 4\nlevels = 5\n"),
            "s.toml:7: design.levels: expected an even number of levels (Morris' step is "
            "levels/(2*(levels-1))), got 5");
  EXPECT_EQ(design_error("method = \"morris\"\ntrajectories = 4\nlevels = 0\n"),
            "s.toml:7: design.levels: too few: at least 2 levels for this method, got 0");
}

TEST(DesignErrors, ASizeKeyOfAnotherMethod) {
  EXPECT_EQ(design_error("method = \"saltelli\"\npoints = 100\n"),
            "s.toml:6: design.points: points is not used by method = \"saltelli\" (it takes "
            "base_points)");
  EXPECT_EQ(design_error("method = \"lhs\"\n"),
            "s.toml:5: design.points: method = \"lhs\" needs points = (the number of points, at "
            "least 2)");
}

TEST(DesignErrors, ADesignAndASweepTogether) {
  const auto m = error_of(std::string(kDomains) +
                          "[sweep]\n\"outsourcing.lot_size\" = [1, 2]\n"
                          "[design]\nmethod = \"lhs\"\npoints = 4\n"
                          "[design.parameters]\n"
                          "\"outsourcing.entry_rate\" = { lower = 0.0, upper = 0.3 }\n");
  EXPECT_EQ(m.rfind("s.toml:6: design: a scenario has a [design] or a [sweep], not both "
                    "(sweep.outsourcing.lot_size at s.toml:5): use one",
                    0),
            0u)
      << m;
}

TEST(DesignErrors, MoreThanTheSweepsPointCap) {
  // 5,000 base points x (1 + 2) = 15,000 points.
  EXPECT_EQ(design_error("method = \"saltelli\"\nbase_points = 5000\n",
                         "\"outsourcing.entry_rate\" = { lower = 0.0, upper = 0.3 }\n"),
            "s.toml:6: design.base_points: the design has 15000 points, more than 10000 (use a "
            "smaller base_points or fewer parameters, or split it into several scenarios)");
}

TEST(DesignErrors, SetCannotChangeADesign) {
  EXPECT_EQ(error_of(design_text("method = \"lhs\"\npoints = 4\n", kTwo), {"design.points=8"}),
            "--set: design.points: a design is given by the scenario file's [design] table, not "
            "by --set");
}

TEST(DesignErrors, SetOfADesignParameterIsRefused) {
  // Every point sets its own value: a --set of a design parameter would be silently overridden.
  EXPECT_EQ(
      error_of(design_text("method = \"lhs\"\npoints = 4\n", kTwo), {"outsourcing.entry_rate=0.1"}),
      "--set: outsourcing.entry_rate: the scenario's [design] varies it, so --set cannot "
      "fix it (remove it from [design.parameters] to hold it fixed)");
}

TEST(DesignErrors, NoParameters) {
  const auto m = error_of(std::string(kDomains) + "[design]\nmethod = \"lhs\"\npoints = 4\n");
  EXPECT_EQ(m.rfind("s.toml:4: design.parameters: expected a [design.parameters] table", 0), 0u)
      << m;
}

}  // namespace
}  // namespace quasim
