// bench/step_bench.cpp — one whole simulated year (sim/step.cpp) on a baseline world of
// range(0) agents, one agent per person, with range(1) threads (0: all cores).
#include <benchmark/benchmark.h>

#include "bench/bench_support.hpp"
#include "sim/derived_tables.hpp"
#include "sim/step.hpp"

namespace quasim::bench {
namespace {

void BM_Step(benchmark::State& state) {
  const auto agents = static_cast<std::size_t>(state.range(0));
  const int threads = threads_of(state.range(1));
  const auto limit = limit_threads(threads);
  const Parameters p = baseline_agents(agents);
  const Streams rng(static_cast<std::uint64_t>(p.run.seed), 0);
  const DerivedTables t = derive_tables(p);
  World w = init_world(p, rng);
  YearRecord rec;
  const double cpu0 = process_cpu_seconds();
  for (auto _ : state) {
    if (w.year == p.run.years) {  // start again rather than run past the scenario's horizon
      state.PauseTiming();
      w = init_world(p, rng);
      state.ResumeTiming();
    }
    step(w, p, t, rng, rec);
    benchmark::DoNotOptimize(rec.outcome_mean);
  }
  const double citizen_years =
      static_cast<double>(agents) * static_cast<double>(state.iterations());
  state.SetItemsProcessed(static_cast<std::int64_t>(citizen_years));
  state.counters["threads"] = threads;
  state.counters["cy_per_s_per_core"] =
      benchmark::Counter(citizen_years / threads, benchmark::Counter::kIsRate);
  state.counters["cy_per_cpu_s"] = citizen_years / (process_cpu_seconds() - cpu0);
}
BENCHMARK(BM_Step)
    ->ArgNames({"agents", "threads"})
    ->ArgsProduct({{1'000'000}, {1, 0}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MinTime(1.0);

/// init_world: areas, citizens drawn from the steady-state need distribution, the market.
void BM_InitWorld(benchmark::State& state) {
  const auto limit = limit_threads(1);
  const Parameters p = baseline_agents(static_cast<std::size_t>(state.range(0)));
  const Streams rng(static_cast<std::uint64_t>(p.run.seed), 0);
  for (auto _ : state) {
    World w = init_world(p, rng);
    benchmark::DoNotOptimize(w.citizens.needs.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_InitWorld)
    ->ArgName("agents")
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace quasim::bench
