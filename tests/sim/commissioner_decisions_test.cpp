// Commissioners decide (issue 15): make-or-buy as a decision, deliberate re-insourcing, and the
// memory of performance. Each test pairs runs that differ in one condition (same seeds) and
// checks the direction of the effect, averaged over replicates and years, with a margin well
// beyond replicate noise.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>

#include "tests/support/test_scenarios.hpp"

namespace quasim {
namespace {

using test::mean_over;
using test::run_all;
using test::small_baseline;

/// Decide mode with no mandate: every contract end is the commissioner's own choice.
std::vector<std::string> deciding(std::vector<std::string> extra = {}) {
  std::vector<std::string> s = {"make_or_buy.mode=decide",
                                "domain.adult_social_care.tender_share=0",
                                "domain.childrens_services.tender_share=0",
                                "domain.community_health.tender_share=0",
                                "domain.offender_rehabilitation.tender_share=0",
                                "outsourcing.contract_years=3"};
  s.insert(s.end(), extra.begin(), extra.end());
  return s;
}

/// Share of contract-end decisions that went to market, over all replicates and years.
double market_share_of_decisions(const std::vector<ReplicateResult>& rs, int from, int to) {
  const double market = mean_over(
      rs, [](auto& y) { return y.make_or_buy_market; }, from, to);
  const double in_house = mean_over(
      rs, [](auto& y) { return y.make_or_buy_in_house; }, from, to);
  return market / std::max(1e-9, market + in_house);
}

double total(const std::vector<ReplicateResult>& rs, double YearRecord::*field) {
  double sum = 0;
  for (const auto& r : rs)
    for (const auto& y : r.years) sum += y.*field;
  return sum;
}

TEST(MakeOrBuyDecision, DrawModeTendersOnlyByMandate) {
  const std::vector<std::string> none = {
      "domain.adult_social_care.tender_share=0", "domain.childrens_services.tender_share=0",
      "domain.community_health.tender_share=0", "domain.offender_rehabilitation.tender_share=0"};
  auto draw = none, decide = none;
  draw.push_back("make_or_buy.mode=draw");
  decide.push_back("make_or_buy.mode=decide");
  const auto d = run_all(small_baseline(draw));
  EXPECT_EQ(total(d, &YearRecord::tenders), 0);
  EXPECT_EQ(total(d, &YearRecord::make_or_buy_market), 0);
  EXPECT_GT(total(d, &YearRecord::make_or_buy_not_mandated), 20);
  EXPECT_EQ(total(d, &YearRecord::make_or_buy_market_value) +
                total(d, &YearRecord::make_or_buy_in_house_value) +
                total(d, &YearRecord::make_or_buy_thin_market) +
                total(d, &YearRecord::make_or_buy_poor_record),
            0);
  // The same world deciding for itself goes to market when it expects better value.
  EXPECT_GT(total(run_all(small_baseline(decide)), &YearRecord::make_or_buy_market_value), 20);
}

TEST(MakeOrBuyDecision, TenderShareIsTheShareMandatedInEitherMode) {
  for (const char* mode : {"make_or_buy.mode=draw", "make_or_buy.mode=decide"}) {
    const auto rs = run_all(small_baseline(
        {mode, "domain.adult_social_care.tender_share=0.5",
         "domain.childrens_services.tender_share=0.5", "domain.community_health.tender_share=0.5",
         "domain.offender_rehabilitation.tender_share=0.5", "outsourcing.contract_years=2"}));
    const double mandated = total(rs, &YearRecord::make_or_buy_mandate);
    const double all =
        total(rs, &YearRecord::make_or_buy_market) + total(rs, &YearRecord::make_or_buy_in_house);
    ASSERT_GT(all, 200) << mode;
    EXPECT_NEAR(mandated / all, 0.5, 0.08) << mode;
  }
}

TEST(MakeOrBuyDecision, CheapMarketIsBoughtAndCheapInHouseKept) {
  const auto cheap_market = run_all(
      small_baseline(deciding({"provider.large_private.unit_cost=0.6", "provider.sme.unit_cost=0.6",
                               "provider.voluntary.unit_cost=0.6"})));
  const auto dear_market = run_all(small_baseline(
      deciding({"provider.large_private.unit_cost=1.3", "provider.sme.unit_cost=1.3",
                "provider.voluntary.unit_cost=1.3", "outsourcing.inhouse_slack=0"})));
  // After the first tenders have replaced the prior with experience.
  const double cheap = market_share_of_decisions(cheap_market, 4, 10);
  const double dear = market_share_of_decisions(dear_market, 4, 10);
  std::printf("cheap %.3f dear %.3f (years 0-4: %.3f %.3f)\n", cheap, dear,
              market_share_of_decisions(cheap_market, 0, 4),
              market_share_of_decisions(dear_market, 0, 4));
  EXPECT_GT(cheap, 0.8);
  EXPECT_LT(dear, 0.2);
  EXPECT_GT(mean_over(
                cheap_market, [](auto& y) { return y.outsourced_share; }, 3, 10),
            mean_over(
                dear_market, [](auto& y) { return y.outsourced_share; }, 3, 10) +
                0.3);
}

TEST(MakeOrBuyDecision, ThinMarketKeepsAnEfficientInHouseUnit) {
  // In-house units without slack; markets of two firms (tagging) or a crowd.
  const auto thin = run_all(small_baseline(deciding(
      {"outsourcing.inhouse_slack=0", "market.large_private=2", "market.sme=0",
       "market.voluntary=0", "outsourcing.entry_rate=0", "commissioners.risk_appetite=0.1"})));
  const auto crowded = run_all(small_baseline(
      deciding({"outsourcing.inhouse_slack=0", "market.large_private=6", "market.sme=16",
                "market.voluntary=12", "commissioners.risk_appetite=0.1"})));
  std::printf("thin %.3f crowded %.3f thin-reason %.0f vs %.0f\n",
              market_share_of_decisions(thin, 0, 10), market_share_of_decisions(crowded, 0, 10),
              total(thin, &YearRecord::make_or_buy_thin_market),
              total(crowded, &YearRecord::make_or_buy_thin_market));
  EXPECT_LT(market_share_of_decisions(thin, 0, 10),
            market_share_of_decisions(crowded, 0, 10) - 0.2);
  EXPECT_GT(total(thin, &YearRecord::make_or_buy_thin_market),
            total(crowded, &YearRecord::make_or_buy_thin_market) + 10);
}

/// Contracts that lose money (outcome payments, volumes far below plan, high fixed costs): many
/// contractors fail (as in policy_levers_test), every domain decided by the commissioner.
std::vector<std::string> failing_market(std::vector<std::string> extra = {}) {
  std::vector<std::string> s =
      deciding({"outsourcing.in_house_bids=false", "domain.offender_rehabilitation.pbr_share=0.3",
                "domain.adult_social_care.pbr_share=0.3", "outsourcing.volume_forecast=1.6",
                "provider.large_private.fixed_cost_share=0.6", "provider.sme.fixed_cost_share=0.6",
                "provider.voluntary.fixed_cost_share=0.6"});
  s.insert(s.end(), extra.begin(), extra.end());
  return s;
}

TEST(Reinsourcing, CommissionersThatRememberFailuresKeepServicesInHouse) {
  // Paired: the same failing market, remembered (memory_decay 0.2) or forgotten at once (1).
  const auto remember =
      run_all(small_baseline(failing_market({"make_or_buy.memory_decay=0.2"}), 12));
  const auto forget = run_all(small_baseline(failing_market({"make_or_buy.memory_decay=1"}), 12));
  ASSERT_GT(total(remember, &YearRecord::provider_failures), 10);
  std::printf(
      "failures %.0f/%.0f; market share of decisions %.3f vs %.3f; poor record %.0f vs %.0f; "
      "insourcing %.0f vs %.0f\n",
      total(remember, &YearRecord::provider_failures),
      total(forget, &YearRecord::provider_failures), market_share_of_decisions(remember, 2, 12),
      market_share_of_decisions(forget, 2, 12),
      total(remember, &YearRecord::make_or_buy_poor_record),
      total(forget, &YearRecord::make_or_buy_poor_record),
      total(remember, &YearRecord::insourcing_events),
      total(forget, &YearRecord::insourcing_events));
  // At least a quarter fewer decisions go to market (failed services are mostly novated to
  // other contractors, last_resort.step_in, so fewer come back to be decided at all).
  EXPECT_LT(market_share_of_decisions(remember, 2, 12),
            0.75 * market_share_of_decisions(forget, 2, 12));
  EXPECT_GT(total(remember, &YearRecord::make_or_buy_poor_record),
            total(forget, &YearRecord::make_or_buy_poor_record) + 10);
}

/// A market that shrinks: few firms, no entry, loss-making contracts (volumes 1.3 x plan)
/// that some do not survive; failures forgotten at once, so that only thinning acts.
std::vector<std::string> shrinking_market(std::vector<std::string> extra) {
  std::vector<std::string> s =
      deciding({"outsourcing.in_house_bids=false", "domain.offender_rehabilitation.pbr_share=0.3",
                "domain.adult_social_care.pbr_share=0.3", "outsourcing.volume_forecast=1.3",
                "provider.large_private.fixed_cost_share=0.6", "provider.sme.fixed_cost_share=0.6",
                "provider.voluntary.fixed_cost_share=0.6", "market.large_private=3", "market.sme=6",
                "market.voluntary=3", "outsourcing.entry_rate=0", "make_or_buy.memory_decay=1"});
  s.insert(s.end(), extra.begin(), extra.end());
  return s;
}

TEST(Reinsourcing, AMarketThinnedBelowTheMinimumIsBroughtBackInHouse) {
  const auto lax = run_all(small_baseline(shrinking_market({"make_or_buy.min_bidders=0"}), 12));
  const auto strict = run_all(small_baseline(shrinking_market({"make_or_buy.min_bidders=4"}), 12));
  std::printf("insourcing %.0f vs %.0f; thin %.0f vs %.0f\n",
              total(strict, &YearRecord::insourcing_events),
              total(lax, &YearRecord::insourcing_events),
              total(strict, &YearRecord::make_or_buy_thin_market),
              total(lax, &YearRecord::make_or_buy_thin_market));
  EXPECT_GT(total(strict, &YearRecord::insourcing_events),
            total(lax, &YearRecord::insourcing_events) + 10);
  EXPECT_GT(total(strict, &YearRecord::make_or_buy_thin_market),
            total(lax, &YearRecord::make_or_buy_thin_market) + 50);
  // By commissioner, the events add up to the national count.
  for (const auto& r : strict)
    for (const auto& y : r.years) {
      double sum = 0;
      for (double n : y.comm_insourcing_events) sum += n;
      EXPECT_EQ(sum, y.insourcing_events);
    }
}

TEST(Reinsourcing, InsourcingPaysTheTransitionCost) {
  // Planned hand-backs cost termination_cost x transition_cost of a year's value.
  const auto free = run_all(small_baseline(
      shrinking_market({"make_or_buy.min_bidders=4", "commissioners.termination_cost=0"}), 12));
  const auto dear = run_all(small_baseline(
      shrinking_market({"make_or_buy.min_bidders=4", "commissioners.termination_cost=4"}), 12));
  ASSERT_GT(total(free, &YearRecord::insourcing_events), 10);
  EXPECT_GT(total(dear, &YearRecord::transaction_costs),
            total(free, &YearRecord::transaction_costs) + 1.0);
}

}  // namespace
}  // namespace quasim
