// bench/tendering_bench.cpp — tenders and make-or-buy on a national-sized market: 152
// commissioners, 4 domains, the national scenario's providers times range(0).
#include <benchmark/benchmark.h>

#include "agents/tendering.hpp"
#include "bench/bench_support.hpp"
#include "sim/step.hpp"

namespace quasim::bench {
namespace {

/// 152 commissioners with 100 agents each; market of national_england.toml scaled by `scale`;
/// every domain tendered at every contract end.
Parameters national_market(long scale) {
  return baseline_agents(
      15'200,
      {"commissioners.count=152", "commissioners.size_dispersion=0.6",
       "market.large_private=" + std::to_string(12 * scale),
       "market.sme=" + std::to_string(120 * scale),
       "market.voluntary=" + std::to_string(120 * scale), "domain.adult_social_care.tender_share=1",
       "domain.childrens_services.tender_share=1", "domain.community_health.tender_share=1",
       "domain.offender_rehabilitation.tender_share=1"});
}

/// run_tender for every (commissioner, domain) service once: 608 tenders per iteration.
void BM_Tendering(benchmark::State& state) {
  const Parameters p = national_market(state.range(0));
  const Streams rng(static_cast<std::uint64_t>(p.run.seed), 0);
  const World start = init_world(p, rng);
  const int D = static_cast<int>(p.domains.size());
  std::int64_t tenders = 0;
  for (auto _ : state) {
    state.PauseTiming();
    World w = start;
    state.ResumeTiming();
    for (int c = 0; c < p.commissioners.count; ++c)
      for (int d = 0; d < D; ++d) {
        const auto bids = run_tender(w.market, w.tally, w.year, p, rng, {c}, d);
        benchmark::DoNotOptimize(bids.data());
        ++tenders;
      }
  }
  state.SetItemsProcessed(tenders);
  state.counters["providers"] = static_cast<double>(start.market.providers.size());
}
BENCHMARK(BM_Tendering)->ArgName("market_scale")->Arg(1)->Arg(4)->Unit(benchmark::kMicrosecond);

/// commission() over one contract cycle (5 years), so every service comes up once.
void BM_Commission(benchmark::State& state) {
  const Parameters p = national_market(state.range(0));
  const Streams rng(static_cast<std::uint64_t>(p.run.seed), 0);
  const World start = init_world(p, rng);
  for (auto _ : state) {
    state.PauseTiming();
    World w = start;
    state.ResumeTiming();
    for (w.year = 0; w.year < p.outsourcing.contract_years; ++w.year)
      commission(w.market, w.tally, w.year, p, rng);
    benchmark::DoNotOptimize(w.market.ledger.events.tenders);
  }
  state.SetItemsProcessed(state.iterations() * p.commissioners.count *
                          static_cast<std::int64_t>(p.domains.size()));
  state.counters["providers"] = static_cast<double>(start.market.providers.size());
}
BENCHMARK(BM_Commission)->ArgName("market_scale")->Arg(1)->Arg(4)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace quasim::bench
