// Settling the year: payments (payment by results), provider accounts, failures and the
// provider of last resort.
#include <gtest/gtest.h>

#include <cmath>

#include "agents/tendering.hpp"
#include "sim/step.hpp"
#include "tests/support/test_scenarios.hpp"

namespace quasim {
namespace {

constexpr int kOffenderRehab = 3;  // baseline's fourth domain

/// Every service of a small world put out to tender once, external firms only.
World contracted_world(const Parameters& p, const Streams& rng) {
  World w = init_world(p, rng);
  for (int c = 0; c < static_cast<int>(w.market.commissioners.size()); ++c)
    for (int d = 0; d < static_cast<int>(p.domains.size()); ++d)
      run_tender(w.market, w.tally, w.year, p, rng, {c}, d);
  return w;
}

/// A tally in which every service's main provider serves exactly the volume planned at award
/// (so nobody makes a loss on fixed costs), with `resolved` of 100 people served resolved.
CitizenTally planned_year(const World& w, const Parameters& p, int resolved) {
  const int C = static_cast<int>(w.market.commissioners.size());
  const int D = static_cast<int>(p.domains.size());
  CitizenTally t;
  t.reset(C, D);
  for (int c = 0; c < C; ++c)
    for (int d = 0; d < D; ++d) {
      const std::size_t ad = t.ad(c, d);
      const std::size_t base = w.tally.ad(c, d) * kNeedLevels;
      t.slot_units[ad * kChoiceSlots] = w.tally.level_count[base + 1] +
                                        2 * w.tally.level_count[base + 2] +
                                        3 * w.tally.level_count[base + 3];
      for (int k = 1; k < kChoiceSlots; ++k) t.slot_units[ad * kChoiceSlots + k] = 7 * k;
      t.served_people[ad] = 100;
      t.resolved_people[ad] = resolved;
      t.group_resolved[ad * kMaxDifficultyGroups] = resolved;
    }
  return t;
}

/// External firms bid for everything; adult social care offers choice among a framework and,
/// with `pbr`, offender rehabilitation pays half its price by results. Firms know their costs.
Parameters market_params(bool pbr, std::vector<std::string> sets = {}) {
  std::vector<std::string> base = {
      "outsourcing.in_house_bids=false", "outsourcing.financial_standing=0",
      "outsourcing.bid_propensity=1", "domain.adult_social_care.choice=true",
      "bidding.cost_uncertainty=0"};  // bids on true cost: no winner's curse, no losses
  if (pbr) base.push_back("domain.offender_rehabilitation.pbr_share=0.5");
  base.insert(base.end(), sets.begin(), sets.end());
  return test::small_baseline(base);
}

double total_service_spending(const World& w) {
  double sum = 0;
  for (const auto& c : w.market.ledger.commissioners)
    for (const auto& s : c.services) sum += s.spending;
  return sum;
}

double total_provider_revenue(const World& w) {
  double sum = 0;
  for (const auto& pr : w.market.ledger.providers) sum += pr.revenue;
  return sum;
}

int contracted_services(const World& w) {
  int n = 0;
  for (const auto& c : w.market.commissioners)
    for (const auto& s : c.services) n += s.contracted;
  return n;
}

TEST(Settle, CommissionersPayWhatProvidersEarnPlusOutcomePaymentsDueNextYear) {
  const auto p = market_params(true);
  const Streams rng(11, 0);
  World w = contracted_world(p, rng);
  ASSERT_GT(contracted_services(w), 0);
  settle(w.market, w.year, p, planned_year(w, p, 30));
  const double paid = total_service_spending(w);
  ASSERT_GT(w.market.ledger.events.pbr_payments, 0);
  // This year's revenue excludes PbR: it is booked as receivable and paid next year.
  EXPECT_NEAR(paid, total_provider_revenue(w) + w.market.ledger.events.pbr_payments, 1e-9 * paid);
  double due = 0, receivable = 0;
  for (const auto& pr : w.market.providers) due += pr.pbr_due, receivable += pr.pbr_receivable;
  EXPECT_NEAR(due, w.market.ledger.events.pbr_payments, 1e-9 * paid);
  EXPECT_EQ(receivable, 0);
}

TEST(Settle, ServiceSpendingIsTheSumOverItsProviderSlots) {
  const auto p = market_params(true);
  const Streams rng(12, 0);
  World w = contracted_world(p, rng);
  settle(w.market, w.year, p, planned_year(w, p, 30));
  int framework_places = 0;
  for (const auto& c : w.market.commissioners)
    for (std::size_t d = 0; d < c.services.size(); ++d) {
      const Service& s = c.services[d];
      const ServiceFlows& paid = w.market.ledger.service(c.id, static_cast<int>(d));
      double slots = 0;
      for (int k = 0; k < kChoiceSlots; ++k) slots += paid.slot_spending[k];
      EXPECT_NEAR(paid.spending, slots, 1e-9 * paid.spending);
      EXPECT_EQ(paid.slot_provider[0], s.provider);
      for (int k = 0; k < kChoiceSlots - 1 && s.alternatives[k] >= 0; ++k) {
        EXPECT_EQ(paid.slot_provider[1 + k], s.alternatives[k]);
        EXPECT_DOUBLE_EQ(paid.slot_spending[1 + k], 10.0 * 7 * (k + 1) * s.alternative_price[k]);
        ++framework_places;
      }
    }
  EXPECT_GT(framework_places, 0);  // the choice domain admitted runners-up
}

TEST(Settle, DistressReliefIsPaidByCommissionersAndKeepsTheBooksBalanced) {
  // Every contractor close to insolvency: relief goes out, and the money still adds up.
  const auto p = market_params(true, {"outsourcing.distress_relief=0.5"});
  const Streams rng(13, 0);
  World w = contracted_world(p, rng);
  for (auto& pr : w.market.providers)
    if (pr.external()) pr.reserves = 0;
  CitizenTally t = planned_year(w, p, 30);
  for (auto& units : t.slot_units) units /= 2;  // half the planned volume: fixed-cost losses
  settle(w.market, w.year, p, t);
  ASSERT_GT(w.market.ledger.events.distress_payments, 0);
  const double paid = total_service_spending(w);
  EXPECT_NEAR(paid, total_provider_revenue(w) + w.market.ledger.events.pbr_payments, 1e-9 * paid);
}

TEST(Settle, PaymentByResultsPaysMoreForMorePeopleResolved) {
  const auto p = market_params(true);
  const Streams rng(14, 0);
  const World start = contracted_world(p, rng);
  auto pbr_paid = [&](int resolved) {
    World w = start;
    settle(w.market, w.year, p, planned_year(w, p, resolved));
    return w.market.ledger.events.pbr_payments;
  };
  const double none = pbr_paid(0), few = pbr_paid(5), more = pbr_paid(15);
  EXPECT_EQ(none, 0);
  EXPECT_GT(few, 0);
  // Below the cap the payment is proportional to the resolution rate: 15/5 = 3 times as much.
  EXPECT_NEAR(more, 3 * few, 1e-9 * more);
  // Above 1.5 times the target (60% of the best-case rate) it stops rising.
  EXPECT_DOUBLE_EQ(pbr_paid(90), pbr_paid(100));
  EXPECT_GT(pbr_paid(90), more);
}

TEST(Settle, PbrContractBillsThePriceAtRiskOnlyAsResultsEarnIt) {
  const auto p = market_params(true);
  const Streams rng(15, 0);
  World w = contracted_world(p, rng);
  const Service& s = w.market.commissioners[0].services[kOffenderRehab];
  ASSERT_TRUE(s.contracted);
  ASSERT_DOUBLE_EQ(s.pbr_share, 0.5);
  const CitizenTally t = planned_year(w, p, 9);
  settle(w.market, w.year, p, t);
  const double units = p.population.agent_weight * t.slot_units[t.ad(0, kOffenderRehab) * 4];
  const double base = units * s.price;
  const double ratio = (9.0 / 100.0) / (0.6 * p.domains[kOffenderRehab].resolution);
  EXPECT_NEAR(w.market.ledger.service(0, kOffenderRehab).slot_spending[0],
              base * 0.5 + base * 0.5 * ratio, 1e-9 * base);
}

TEST(Settle, InsolventProviderFailsAndItsServicesGoToTheProviderOfLastResort) {
  // Without step-in every failed service goes back in-house (the rule before last_resort).
  const auto p = market_params(false, {"last_resort.step_in=false"});
  const Streams rng(16, 0);
  World w = contracted_world(p, rng);
  const int failing = w.market.commissioners[0].services[0].provider;
  ASSERT_TRUE(w.market.providers[failing].external());
  w.market.providers[failing].reserves = -1e12;
  std::vector<std::pair<int, int>> its_services;  // (commissioner, domain) it delivered
  for (const auto& c : w.market.commissioners)
    for (int d = 0; d < static_cast<int>(p.domains.size()); ++d)
      if (c.services[d].provider == failing) its_services.emplace_back(c.id, d);
  settle(w.market, w.year, p, planned_year(w, p, 30));

  const Provider& pr = w.market.providers[failing];
  EXPECT_FALSE(pr.alive);
  EXPECT_EQ(pr.contracts, 0);
  EXPECT_EQ(w.market.ledger.events.failures,
            1);  // everyone else served the volume planned: no losses
  EXPECT_EQ(w.market.ledger.events.failures_by_type[static_cast<int>(pr.type)], 1);
  for (auto [c, d] : its_services) {
    const Service& s = w.market.commissioners[c].services[d];
    EXPECT_EQ(s.provider, w.market.commissioners[c].in_house[d]);
    EXPECT_FALSE(s.contracted);
    EXPECT_EQ(s.price, 0);
    EXPECT_DOUBLE_EQ(s.disruption, 0.25);
    EXPECT_EQ(s.contract_end, w.year + 1);
  }
  for (const auto& c : w.market.commissioners)
    for (const auto& s : c.services)
      for (int a : s.alternatives) EXPECT_NE(a, failing);
}

TEST(Settle, AFailedFirmsServicesAreSteppedInByLiveProvidersWithRoom) {
  // Default last_resort: the failed firm's services go to live firms (novation where one is
  // already there) while they have room, the rest in-house.
  const auto p = market_params(false, {"market.large_private=8"});
  const Streams rng(18, 0);
  World w = contracted_world(p, rng);
  int failing = -1;  // the firm with the most contracts
  for (const auto& pr : w.market.providers)
    if (pr.external() && (failing < 0 || pr.contracts > w.market.providers[failing].contracts))
      failing = pr.id;
  ASSERT_GT(w.market.providers[failing].contracts, 1);
  w.market.providers[failing].reserves = -1e12;
  std::vector<std::pair<int, int>> its_services;
  for (const auto& c : w.market.commissioners)
    for (int d = 0; d < static_cast<int>(p.domains.size()); ++d)
      if (c.services[d].provider == failing) its_services.emplace_back(c.id, d);
  settle(w.market, w.year, p, planned_year(w, p, 30));

  const YearEvents& e = w.market.ledger.events;
  EXPECT_EQ(e.step_ins_novation + e.step_ins_direct_award + e.step_ins_in_house,
            static_cast<int>(its_services.size()));
  EXPECT_GT(e.step_ins_novation, 0);
  for (auto [c, d] : its_services) {
    const Service& s = w.market.commissioners[c].services[d];
    EXPECT_NE(s.provider, failing);
    EXPECT_TRUE(w.market.providers[s.provider].alive);
    if (w.market.providers[s.provider].external()) {
      EXPECT_TRUE(s.contracted);
      EXPECT_GT(s.price, 0);
    }
  }
}

/// Terminations out of `n` contracted services when every service's delivered quality is
/// `quality`, over 40 independent monitoring draws (one replicate's stream each).
int terminations(const Parameters& p, double quality) {
  int n = 0;
  for (std::uint32_t r = 0; r < 40; ++r) {
    const Streams rng(19, r);
    World w = contracted_world(p, rng);
    CitizenConditions cond;
    cond.domains = static_cast<int>(p.domains.size());
    cond.service.resize(w.market.commissioners.size() * p.domains.size());
    for (auto& sc : cond.service) sc.quality = quality;
    w.market.ledger.begin_year(w.market.commissioners.size(), p.domains.size(),
                               w.market.providers.size());
    monitor(w.market, w.year, p, rng, cond, w.tally);
    n += w.market.ledger.events.terminations;
  }
  return n;
}

TEST(Settle, MonitoringCatchesPoorContractsAndSparesGoodOnes) {
  // Observation noise sd 0.25 * (1 - capability) at no monitoring; the bar is 0.3.
  const auto none = market_params(false, {"commissioners.monitoring_cost=0"});
  const auto close = market_params(false, {"commissioners.monitoring_cost=0.3"});
  const int poor_none = terminations(none, 0.25), poor_close = terminations(close, 0.25);
  const int good_none = terminations(none, 0.35), good_close = terminations(close, 0.35);
  EXPECT_GT(poor_close, poor_none + poor_none / 5);  // more poor contracts caught
  EXPECT_LT(good_close, good_none / 2);              // fewer good ones ended by mistake
  EXPECT_GT(good_none, 0);
}

TEST(Settle, ProvidersWithReservesLeftSurvive) {
  const auto p = market_params(false);
  const Streams rng(17, 0);
  World w = contracted_world(p, rng);
  const int contracted = contracted_services(w);
  settle(w.market, w.year, p, planned_year(w, p, 30));
  EXPECT_EQ(w.market.ledger.events.failures, 0);
  EXPECT_EQ(contracted_services(w), contracted);
  ASSERT_EQ(w.market.margin_history.size(), 1u);
  EXPECT_GT(w.market.margin_history.back(), 0);  // priced above cost at the planned volume
}

}  // namespace
}  // namespace quasim
