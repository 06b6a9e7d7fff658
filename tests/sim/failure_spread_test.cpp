// Failure that spreads (issue 17): a firm failing across areas, finite parent backing, relief
// only where cheaper than failure, subcontractors carrying PbR risk and a prime's failure.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "agents/subcontracting.hpp"
#include "sim/step.hpp"
#include "tests/support/contracted_world.hpp"

namespace quasim {
namespace {

using test::contracted_world;
using test::failing_market;
using test::firms_market;
using test::mean_over;
using test::run_all;
using test::small_baseline;

constexpr int kOffenderRehab = 3;  // baseline's fourth domain

/// A tally in which every main provider serves `volume` x the need seen at award (1: the plan,
/// so nobody loses on fixed costs), `resolved` of 100 people served resolved.
CitizenTally year_at(const World& w, const Parameters& p, double volume, int resolved = 30) {
  const int C = static_cast<int>(w.market.commissioners.size());
  const int D = static_cast<int>(p.domains.size());
  CitizenTally t;
  t.reset(C, D);
  for (int c = 0; c < C; ++c)
    for (int d = 0; d < D; ++d) {
      const std::size_t ad = t.ad(c, d);
      const std::size_t base = w.tally.ad(c, d) * kNeedLevels;
      t.slot_units[ad * kChoiceSlots] = static_cast<std::int64_t>(
          volume * (w.tally.level_count[base + 1] + 2 * w.tally.level_count[base + 2] +
                    3 * w.tally.level_count[base + 3]));
      t.served_people[ad] = 100;
      t.resolved_people[ad] = resolved;
      t.group_resolved[ad * kMaxDifficultyGroups] = resolved;
    }
  return t;
}

/// The external firm with the most main contracts.
int busiest_firm(const World& w) {
  std::vector<int> held(w.market.providers.size(), 0);
  for (const auto& c : w.market.commissioners)
    for (const auto& s : c.services)
      if (s.contracted) ++held[s.provider];
  return static_cast<int>(std::max_element(held.begin(), held.end()) - held.begin());
}

double sum_over(const std::vector<ReplicateResult>& rs, double YearRecord::*field) {
  double n = 0;
  for (const auto& r : rs)
    for (const auto& y : r.years) n += y.*field;
  return n;
}

double type_failures(const std::vector<ReplicateResult>& rs, ProviderType type) {
  double n = 0;
  for (const auto& r : rs)
    for (const auto& y : r.years) n += y.type_failures[static_cast<int>(type)];
  return n;
}

TEST(FailureSpread, AFirmFailingAcrossAreasDisruptsServicesInSeveralAreasInOneYear) {
  // Carillion: one insolvency, about 420 public contracts. Five worlds: the busiest firm goes
  // under (no reserves, no parent) while everyone else delivers to plan.
  int areas_hit = 0;
  for (std::uint32_t r = 0; r < 5; ++r) {
    // Bids at cost plus margin (no buying in below cost): only the one firm is in trouble.
    const auto p = firms_market({"provider.large_private.parent_backing=0", "bidding.buy_in=0"});
    const Streams rng(31, r);
    World w = contracted_world(p, rng);
    const int firm = busiest_firm(w);
    w.market.providers[firm].reserves = -1e12;
    int held = 0, main = 0;
    std::set<int> areas;
    for (const auto& c : w.market.commissioners)
      for (const auto& s : c.services) {
        const bool place =
            std::find(s.alternatives.begin(), s.alternatives.end(), firm) != s.alternatives.end();
        if (s.provider == firm || place) ++held, areas.insert(c.id);
        main += s.provider == firm;
      }
    ASSERT_GE(areas.size(), 2u) << "replicate " << r;
    settle(w.market, w.year, p, year_at(w, p, 1.0));
    const YearEvents& e = w.market.ledger.events;
    EXPECT_EQ(e.failures, 1);
    EXPECT_EQ(e.failure_contracts, held);  // every service it held, in every area, this year
    EXPECT_EQ(e.step_ins_novation + e.step_ins_direct_award + e.step_ins_in_house, main);
    int flagged = 0;
    for (const auto& c : w.market.ledger.commissioners) flagged += c.failure_hit;
    EXPECT_EQ(flagged, static_cast<int>(areas.size()));
    for (const auto& c : w.market.commissioners)
      for (const auto& s : c.services) EXPECT_NE(s.provider, firm);
    EXPECT_GT(e.failure_cost, 0);
    areas_hit += flagged;
  }
  EXPECT_GE(areas_hit, 10);
}

TEST(FailureSpread, FailureCostRisesWithFailures) {
  // Transforming Rehabilitation's conditions: with volumes planned at 1.6 x need, fixed-cost
  // losses bring more failures than with volumes planned as seen, and what failures cost the
  // public purse (step-ins, rebuilds, dearer replacements) rises with them. 12 paired
  // replicates.
  const auto base = run_all(
      small_baseline(failing_market({"outsourcing.volume_forecast=1", "run.replicates=12"}), 10));
  const auto thin = run_all(small_baseline(failing_market({"run.replicates=12"}), 10));
  const double f0 = sum_over(base, &YearRecord::provider_failures);
  const double f1 = sum_over(thin, &YearRecord::provider_failures);
  const double c0 = sum_over(base, &YearRecord::failure_cost);
  const double c1 = sum_over(thin, &YearRecord::failure_cost);
  EXPECT_GT(f1, 1.3 * f0) << f0 << " vs " << f1;
  EXPECT_GT(c1, 1.3 * c0) << c0 << " vs " << c1;
  // Without failures or relief in a year, failures cost nothing that year.
  for (const auto& r : base)
    for (const auto& y : r.years)
      if (y.provider_failures == 0 && y.distress_payments == 0) {
        EXPECT_EQ(y.failure_cost, 0);
        EXPECT_TRUE(std::isnan(y.contracts_per_failure));
      }
}

TEST(ParentBacking, LowersFailuresOfTheFirmsItStandsBehind) {
  // Contracts that pay on plan but lose money while outcome payments lag a year and new staff
  // are hired, from thin reserves: a parent with a year of turnover to spare carries its firm
  // through. 12 paired replicates. (Charities have no parent by default, but their failures fall
  // too here: fewer failed firms' lots come their way by step-in and re-tender.)
  const std::vector<std::string> thin = {
      "outsourcing.volume_forecast=1", "provider.large_private.reserves=0.02",
      "provider.voluntary.reserves=0.02", "provider.sme.parent_backing=0", "run.replicates=12"};
  auto none = thin, generous = thin;
  none.push_back("provider.large_private.parent_backing=0");
  generous.push_back("provider.large_private.parent_backing=1");
  const auto unbacked = run_all(small_baseline(failing_market(none), 10));
  const auto backed = run_all(small_baseline(failing_market(generous), 10));
  const double large0 = type_failures(unbacked, ProviderType::LargePrivate);
  const double large1 = type_failures(backed, ProviderType::LargePrivate);
  EXPECT_LT(large1, 0.8 * large0) << large0 << " vs " << large1;
  EXPECT_EQ(sum_over(unbacked, &YearRecord::parent_support), 0);
  EXPECT_GT(sum_over(backed, &YearRecord::parent_support), 0);
}

/// A contracted world of firms in which every contractor delivers half the planned volume
/// (fixed-cost losses) from no reserves, and `firm`'s parent holds `backing`.
struct LossYear {
  Parameters p;
  World w;
  int firm = -1;
};

LossYear loss_year(std::vector<std::string> sets, double backing) {
  sets.push_back("subcontracting.max_share=0");
  LossYear l{firms_market(sets), {}, -1};
  const Streams rng(33, 0);
  l.w = contracted_world(l.p, rng);
  l.firm = busiest_firm(l.w);
  for (auto& pr : l.w.market.providers)
    if (pr.external()) pr.reserves = 0, pr.parent_backing = 0;
  l.w.market.providers[l.firm].parent_backing = backing;
  return l;
}

TEST(ParentBacking, BackingSpentIsGoneAndWithItExhaustedTheFirmFails) {
  auto rich = loss_year({}, 1e12);
  settle(rich.w.market, rich.w.year, rich.p, year_at(rich.w, rich.p, 0.5));
  const Provider& saved = rich.w.market.providers[rich.firm];
  EXPECT_TRUE(saved.alive);
  const double injected = rich.w.market.ledger.events.parent_support;
  EXPECT_GT(injected, 0);
  EXPECT_DOUBLE_EQ(saved.parent_backing, 1e12 - injected);  // spent backing is gone
  EXPECT_GE(saved.reserves, 0);

  auto spent = loss_year({}, 0);  // backing exhausted
  settle(spent.w.market, spent.w.year, spent.p, year_at(spent.w, spent.p, 0.5));
  EXPECT_FALSE(spent.w.market.providers[spent.firm].alive);

  auto short_of = loss_year({}, 1.0);  // not enough to save it: the parent keeps its money
  settle(short_of.w.market, short_of.w.year, short_of.p, year_at(short_of.w, short_of.p, 0.5));
  EXPECT_FALSE(short_of.w.market.providers[short_of.firm].alive);
  EXPECT_DOUBLE_EQ(short_of.w.market.providers[short_of.firm].parent_backing, 1.0);

  auto walks = loss_year({"failure.walk_away=0"}, 1e12);  // prospects never justify it
  settle(walks.w.market, walks.w.year, walks.p, year_at(walks.w, walks.p, 0.5));
  EXPECT_FALSE(walks.w.market.providers[walks.firm].alive);
  EXPECT_EQ(walks.w.market.ledger.events.parent_support, 0);
}

TEST(DistressRelief, PaidOnlyWhereCheaperThanTheFailure) {
  const std::vector<std::string> relief = {"outsourcing.distress_relief=1"};
  // A failure that costs the commissioners little: novation and direct award free.
  auto cheap = relief;
  for (const char* s : {"last_resort.novation_cost=0", "last_resort.novation_disruption=0",
                        "last_resort.direct_award_cost=0", "last_resort.direct_award_disruption=0",
                        "last_resort.direct_award_premium=0", "last_resort.absorb_share=100"})
    cheap.emplace_back(s);
  // A failure that costs them dearly: always in-house, at five years' value.
  auto dear = relief;
  for (const char* s : {"last_resort.step_in=false", "commissioners.transition_cost=5"})
    dear.emplace_back(s);
  auto a = loss_year(cheap, 0);
  settle(a.w.market, a.w.year, a.p, year_at(a.w, a.p, 0.5));
  auto b = loss_year(dear, 0);
  settle(b.w.market, b.w.year, b.p, year_at(b.w, b.p, 0.5));
  const YearEvents& ea = a.w.market.ledger.events;
  const YearEvents& eb = b.w.market.ledger.events;
  EXPECT_EQ(ea.distress_payments, 0);
  EXPECT_GT(ea.failures, 0);
  EXPECT_GT(eb.distress_payments, 0);
  EXPECT_LT(eb.failures, ea.failures);
  EXPECT_TRUE(b.w.market.providers[b.firm].alive);
  EXPECT_GE(eb.failure_cost, eb.distress_payments);  // relief counts as a cost of failure
}

/// Hands part of commissioner c's service in domain d to `sub` on the prime's terms.
void subcontract(World& w, const Parameters& p, int c, int d, int sub, double share) {
  Service& s = w.market.commissioners[c].services[d];
  s.subcontract = Subcontract{.provider = sub,
                              .share = share,
                              .price = s.price * (1 - p.subcontracting.prime_fee),
                              .pbr_share = s.pbr_share * p.subcontracting.pass_down};
  ++w.market.providers[sub].contracts;
}

/// The first service (commissioner, domain) in domain d held by an external firm, and a small
/// provider able to take part of it.
std::pair<std::pair<int, int>, int> prime_and_sub(const World& w, int d) {
  for (const auto& c : w.market.commissioners) {
    const Service& s = c.services[d];
    if (!s.contracted) continue;
    for (const auto& pr : w.market.providers)
      if (pr.alive && pr.type == ProviderType::Sme && (pr.domain < 0 || pr.domain == d) &&
          pr.contracts == 0)
        return {{c.id, d}, pr.id};
  }
  return {{-1, -1}, -1};
}

TEST(Subcontracting, SubcontractorsIncomeVariesWithOutcomes) {
  // Offender rehabilitation half paid by results; the prime passes the PbR share down in full.
  const auto p = firms_market({"domain.offender_rehabilitation.pbr_share=0.5"});
  const Streams rng(34, 0);
  World start = contracted_world(p, rng);
  for (auto& pr : start.market.providers)  // nobody fails on the year's lag on outcome payments
    if (pr.external()) pr.reserves = 1e12;
  const auto [service, sub] = prime_and_sub(start, kOffenderRehab);
  ASSERT_GE(sub, 0);
  const auto [c, d] = service;
  auto owed = [&](int resolved) {
    World w = start;
    subcontract(w, p, c, d, sub, 0.3);
    settle(w.market, w.year, p, year_at(w, p, 1.0, resolved));
    const double pbr = w.market.commissioners[c].services[d].subcontract.pbr_owed;
    // Paid next year with last year's: its income then moves with this year's outcomes.
    w.market.ledger.begin_year(w.market.commissioners.size(), p.domains.size(),
                               w.market.providers.size());
    settle(w.market, w.year + 1, p, year_at(w, p, 1.0, resolved));
    return std::pair{pbr, w.market.commissioners[c].services[d].subcontract.income};
  };
  const auto [few, few_income] = owed(5);
  const auto [more, more_income] = owed(15);
  EXPECT_GT(few, 0);
  EXPECT_NEAR(more, 3 * few, 1e-9 * more);  // below the cap: in proportion to outcomes
  EXPECT_NEAR(more_income - few_income, more - few, 1e-9 * more_income);
}

TEST(Subcontracting, AFailedPrimeTakesItsSubcontractorsIncomeAndThemWithIt) {
  // Carillion paid its suppliers at 120 days: a third of a year's invoices unpaid at its fall.
  auto run = [](double unpaid) {
    const auto p = firms_market({"subcontracting.unpaid_share=" + std::to_string(unpaid)});
    const Streams rng(35, 0);
    World w = contracted_world(p, rng);
    const auto [service, sub] = prime_and_sub(w, 0);
    EXPECT_GE(sub, 0);
    const auto [c, d] = service;
    subcontract(w, p, c, d, sub, 0.3);
    Provider& s = w.market.providers[sub];
    s.reserves = 0;
    s.parent_backing = 0;
    s.cost_mult = 0.8 * w.market.commissioners[c].services[d].price / p.domains[d].unit_cost;
    w.market.providers[w.market.commissioners[c].services[d].provider].reserves = -1e12;
    settle(w.market, w.year, p, year_at(w, p, 1.0));
    return std::pair{w.market.providers[sub].alive,
                     w.market.ledger.events.failures_by_type[static_cast<int>(ProviderType::Sme)]};
  };
  const auto [survives, none] = run(0.0);
  const auto [fails, one] = run(0.33);
  EXPECT_TRUE(survives);  // paid in full, its part made money
  EXPECT_EQ(none, 0);
  EXPECT_FALSE(fails);  // the unpaid invoices took its reserves below zero: it fails too
  EXPECT_EQ(one, 1);
}

TEST(Subcontracting, PrimesPassPartsToSmallProvidersWhenItPaysBothSides) {
  // Small providers cheaper than the primes, and a fee above a prime's own margin: parts go to
  // SMEs and charities only (those whose margin covers their risk); with max_share 0 nobody
  // subcontracts. With the type defaults a part at the prime's price less its fee loses money
  // for a small provider, which declines it (docs/ODD.md).
  const std::vector<std::string> market =
      failing_market({"provider.sme.unit_cost=0.7", "provider.voluntary.unit_cost=0.7",
                      "subcontracting.prime_fee=0.15"});
  auto off = market;
  off.push_back("subcontracting.max_share=0");
  const auto on_runs = run_all(small_baseline(market, 8));
  const auto off_runs = run_all(small_baseline(off, 8));
  const double share = mean_over(
      on_runs, [](auto& y) { return y.subcontracted_share; }, 0, 8);
  EXPECT_GT(share, 0.001);
  EXPECT_EQ(mean_over(
                off_runs, [](auto& y) { return y.subcontracted_share; }, 0, 8),
            0);
  for (const auto& r : on_runs)
    for (const auto& y : r.years)
      for (int k = 0; k < kProviderTypes; ++k)
        if (k != static_cast<int>(ProviderType::Sme) &&
            k != static_cast<int>(ProviderType::Voluntary))
          EXPECT_EQ(y.type_subcontracted_share[k], 0);
}

}  // namespace
}  // namespace quasim
