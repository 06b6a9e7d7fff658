// bench/citizens_bench.cpp — the citizen phase (`live`): needs, service use, satisfaction and
// trust for every agent, and the raw random-number stream it draws from.
#include <benchmark/benchmark.h>

#include "bench/bench_support.hpp"
#include "sim/derived_tables.hpp"
#include "sim/step.hpp"

namespace quasim::bench {
namespace {

/// live() on a baseline world of range(0) agents with range(1) threads (0: all cores), after
/// three simulated years so that rationing and unmet need look like a real run's.
void BM_CitizenPhase(benchmark::State& state) {
  const auto agents = static_cast<std::size_t>(state.range(0));
  const int threads = threads_of(state.range(1));
  const auto limit = limit_threads(threads);
  const Parameters p = baseline_agents(agents);
  const Streams rng(static_cast<std::uint64_t>(p.run.seed), 0);
  const DerivedTables t = derive_tables(p);
  World w = init_world(p, rng);
  YearRecord rec;
  for (int y = 0; y < 3; ++y) step(w, p, t, rng, rec);
  const CitizenConditions cond = service_conditions(w, p, t);
  CitizenTally tally;
  int year = w.year;
  const double cpu0 = process_cpu_seconds();
  for (auto _ : state) {
    live(w.citizens, cond, p, rng, year, tally);
    benchmark::DoNotOptimize(tally.people.data());
    if (++year > 200) year = w.year;  // draws differ each iteration, as in a run
  }
  const double citizen_years =
      static_cast<double>(agents) * static_cast<double>(state.iterations());
  state.SetItemsProcessed(static_cast<std::int64_t>(citizen_years));
  state.counters["threads"] = threads;
  state.counters["cy_per_s_per_core"] =
      benchmark::Counter(citizen_years / threads, benchmark::Counter::kIsRate);
  state.counters["cy_per_cpu_s"] = citizen_years / (process_cpu_seconds() - cpu0);
  state.counters["bytes_per_citizen"] = bytes_per_citizen(w.citizens);
}
BENCHMARK(BM_CitizenPhase)
    ->ArgNames({"agents", "threads"})
    ->ArgsProduct({{100'000, 1'000'000}, {1, 0}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MinTime(1.0);

/// Philox4x32-10 draws as the citizen phase makes them: four uniforms per counter.
void BM_Philox4(benchmark::State& state) {
  const Streams rng(20100401, 0);
  std::uint64_t agent = 0;
  double sink = 0;
  for (auto _ : state) {
    const auto u = rng.uniform4(3, agent++, Purpose::Needs, 2);
    sink += u[0] + u[3];
  }
  benchmark::DoNotOptimize(sink);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Philox4);

}  // namespace
}  // namespace quasim::bench
