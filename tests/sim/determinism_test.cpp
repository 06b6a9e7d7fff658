// Determinism: the same scenario and seed give identical results on any thread count.
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <cstring>

#include "output/series_catalogue.hpp"
#include "sim/replicate.hpp"
#include "tests/support/test_scenarios.hpp"

namespace quasim {
namespace {

/// Every number of every series, bit for bit.
std::vector<std::uint64_t> fingerprint(const std::vector<ReplicateResult>& rs) {
  std::vector<std::uint64_t> bits;
  for (const auto& r : rs)
    for (const auto& y : r.years)
      for (const auto& s : series_catalogue()) {
        int width = 1;
        if (s.axis == SeriesAxis::ProviderType) width = kProviderTypes;
        if (s.by_entity) width = static_cast<int>((y.*s.by_entity).size());
        for (int k = 0; k < width; ++k) {
          const double v = series_value(s, y, k);
          std::uint64_t b;
          std::memcpy(&b, &v, sizeof b);
          bits.push_back(b);
        }
      }
  return bits;
}

Parameters busy_market() {
  // Everything on, so that every mechanism's random stream is exercised.
  return test::small_baseline(
      {"domain.adult_social_care.tender_share=0.8", "domain.community_health.tender_share=0.8",
       "domain.offender_rehabilitation.pbr_share=0.4", "mutuals.right_to_provide=true",
       "collaboration.shared_service_partners=3", "collaboration.data_lab=true",
       "domain.community_health.spillover.adult_social_care=0.3", "output.citizen_sample=5",
       "output.provider_panel=true"},
      8);
}

class ThreadCount : public ::testing::TestWithParam<int> {};

TEST_P(ThreadCount, IdenticalToOneThread) {
  const Parameters p = busy_market();
  std::vector<std::uint64_t> one, many;
  {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 1);
    one = fingerprint(test::run_all(p));
  }
  {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, GetParam());
    many = fingerprint(test::run_all(p));
  }
  ASSERT_EQ(one.size(), many.size());
  EXPECT_TRUE(one == many);
}

INSTANTIATE_TEST_SUITE_P(Threads, ThreadCount, ::testing::Values(2, 4, 16));

TEST(Determinism, TimingPhasesChangeNothingAndCoverTheRun) {
  const Parameters p = busy_market();
  PhaseClock clock;
  const auto timed = fingerprint({run_replicate(p, 0, nullptr, &clock)});
  EXPECT_EQ(timed, fingerprint({run_replicate(p, 0)}));
  // Every phase ran and was timed; the citizen phase, where the agents are, is the biggest.
  for (int k = 0; k < static_cast<int>(Phase::Count); ++k) {
    EXPECT_GT(clock.seconds(static_cast<Phase>(k)), 0.0) << kPhaseNames[k];
  }
  for (auto ph : {Phase::InitOther, Phase::Commission, Phase::Settle, Phase::Checks})
    EXPECT_GT(clock.seconds(Phase::Citizens), clock.seconds(ph))
        << kPhaseNames[static_cast<int>(ph)];
}

TEST(Determinism, ReplicatesDifferAndSeedsMatter) {
  Parameters p = busy_market();
  const auto a = fingerprint({run_replicate(p, 0)});
  EXPECT_NE(a, fingerprint({run_replicate(p, 1)}));
  EXPECT_EQ(a, fingerprint({run_replicate(p, 0)}));
  p.run.seed += 1;
  EXPECT_NE(a, fingerprint({run_replicate(p, 0)}));
}

}  // namespace
}  // namespace quasim
