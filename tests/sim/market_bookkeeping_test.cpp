// The market's books stay straight through failures, step-ins, framework places and lots: a
// provider's contract count equals the services that name it, no dead framework place, money
// paid by commissioners equals money received by providers (plus outcome payments), and a
// provider that stepped in is not judged on the failed provider's year.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "agents/last_resort.hpp"
#include "agents/performance.hpp"
#include "agents/tendering.hpp"
#include "sim/derived_tables.hpp"
#include "sim/step.hpp"
#include "tests/support/contracted_world.hpp"

namespace quasim {
namespace {

using test::contracted_world;
using test::firms_market;

TEST(MarketBooks, ProviderThatSteppedInIsNotJudgedOnTheFailedProvidersYear) {
  const auto p = firms_market();
  const Streams rng(21, 0);
  World w = contracted_world(p, rng);
  const int D = static_cast<int>(p.domains.size());
  const int C = static_cast<int>(w.market.commissioners.size());
  int c = -1, d = -1;
  for (int cc = 0; cc < C && c < 0; ++cc)
    for (int dd = 0; dd < D && c < 0; ++dd) {
      const Service& s = w.market.commissioners[cc].services[dd];
      if (s.contracted && s.runner_up >= 0 && w.market.providers[s.runner_up].alive) c = cc, d = dd;
    }
  ASSERT_GE(c, 0);
  // The year as step() runs it: the old provider A delivered very poorly and was paid for it
  // (settle), then failed; the runner-up B steps in; then monitoring.
  CitizenConditions cond;
  cond.domains = D;
  cond.service.resize(static_cast<std::size_t>(C) * D);
  for (auto& sc : cond.service) sc.quality = 0.9;
  cond.service[static_cast<std::size_t>(c) * D + d].quality = 0.05;
  Service& s = w.market.commissioners[c].services[d];
  const int a = s.provider;
  w.market.ledger.service(c, d).slot_provider[0] = a;
  w.market.providers[a].alive = false;
  StepInLoad load(w.market.providers.size(), 0.0);
  ASSERT_NE(step_in(w.market, w.year, p, c, d, load), StepInRoute::InHouse);
  const int b = s.provider;
  monitor(w.market, w.year, p, rng, cond, w.tally);
  const ProviderRecord* record = w.market.commissioners[c].performance.find(b);
  EXPECT_TRUE(record == nullptr || record->observations == 0) << "B judged on A's quality";
  EXPECT_EQ(s.provider, b);  // not terminated for A's quality
  EXPECT_EQ(w.market.ledger.events.terminations, 0);
}

TEST(MarketBooks, DistressReliefIsPaidOnlyBySomeoneWhoPaysTheProvider) {
  // A firm on the brink that holds only framework places this year: no commissioner pays it as
  // main provider, so none can pay relief; money paid equals money received.
  const auto p = firms_market({"domain.adult_social_care.choice=true",
                               "outsourcing.framework_size=3", "outsourcing.distress_relief=0.5"});
  const Streams rng(21, 0);
  World w = contracted_world(p, rng);
  auto& m = w.market;
  const int D = static_cast<int>(p.domains.size());
  const int C = static_cast<int>(m.commissioners.size());
  int x = -1;
  for (const auto& pr : m.providers) {
    if (!pr.alive || !pr.external() || pr.contracts == 0 || x >= 0) continue;
    for (const auto& c : m.commissioners)
      for (const auto& sv : c.services)
        for (int alt : sv.alternatives) x = alt == pr.id ? pr.id : x;
  }
  ASSERT_GE(x, 0);
  m.providers[x].reserves = -1e12;
  CitizenTally t = w.tally;
  t.slot_units.assign(static_cast<std::size_t>(C) * D * kChoiceSlots, 100);
  for (const auto& c : m.commissioners)  // nobody used its main contracts this year
    for (int dd = 0; dd < D; ++dd)
      if (c.services[dd].provider == x) t.slot_units[t.ad(c.id, dd) * kChoiceSlots] = 0;
  t.served_people.assign(static_cast<std::size_t>(C) * D, 100);
  t.resolved_people.assign(static_cast<std::size_t>(C) * D, 50);
  for (std::size_t ad = 0; ad < static_cast<std::size_t>(C) * D; ++ad)
    t.group_resolved[ad * kMaxDifficultyGroups] = 50;
  settle(m, w.year, p, t);
  double spent = 0, received = 0;
  for (const auto& c : m.ledger.commissioners)
    for (const auto& sv : c.services) spent += sv.spending;
  for (const auto& f : m.ledger.providers) received += f.revenue;
  EXPECT_NEAR(received + m.ledger.events.pbr_payments, spent, 1e-6 * spent);
}

TEST(MarketBooks, CountsMatchReferencesAndMoneyBalancesEveryYear) {
  int problems = 0, failures = 0, step_ins = 0;
  for (const char* mode : {"draw", "decide"})
    for (unsigned seed = 1; seed <= 3; ++seed) {
      const auto p = test::small_baseline(
          test::failing_market({"domain.offender_rehabilitation.choice=true",
                                "domain.adult_social_care.tender_share=0.6",
                                "domain.adult_social_care.choice=true",
                                "outsourcing.framework_size=3", "outsourcing.lot_size=2",
                                std::string("make_or_buy.mode=") + mode}),
          12);
      const Streams rng(seed, 0);
      World w = init_world(p, rng);
      const DerivedTables tables = derive_tables(p);
      for (int y = 0; y < 12; ++y) {
        YearRecord rec;
        step(w, p, tables, rng, rec);
        const auto& m = w.market;
        failures += m.ledger.events.failures;
        step_ins += m.ledger.events.step_ins_novation + m.ledger.events.step_ins_direct_award;
        double spent = 0, received = 0;
        for (const auto& c : m.ledger.commissioners)
          for (const auto& sv : c.services) spent += sv.spending;
        for (const auto& f : m.ledger.providers) received += f.revenue;
        if (std::abs(received + m.ledger.events.pbr_payments - spent) > 1e-6 * spent) ++problems;
        std::vector<int> refs(m.providers.size(), 0);
        for (const auto& c : m.commissioners)
          for (const auto& sv : c.services) {
            ++refs[sv.provider];
            if (sv.subcontract.provider >= 0) ++refs[sv.subcontract.provider];  // a part held
            problems += sv.contracted != m.providers[sv.provider].external();
            problems += !sv.contracted && sv.unit.closed;  // a closed unit never serves
            problems += sv.contract_end <= y;
            for (int alt : sv.alternatives)
              if (alt >= 0) ++refs[alt], problems += !m.providers[alt].alive || alt == sv.provider;
          }
        for (const auto& pr : m.providers) problems += pr.alive && pr.contracts != refs[pr.id];
      }
    }
  EXPECT_GT(failures, 10);  // the books were tested through failures and step-ins
  EXPECT_GT(step_ins, 10);
  EXPECT_EQ(problems, 0);
}

}  // namespace
}  // namespace quasim
