// bench/reduction_bench.cpp — the per-thread tallies of the citizen phase: making one (reset,
// once per thread per year) and merging it into the year's total (add, in a fixed order).
#include <benchmark/benchmark.h>

#include "agents/citizens.hpp"
#include "bench/bench_support.hpp"

namespace quasim::bench {
namespace {

constexpr int kDomains = 4;

/// CitizenTally::add for range(0) areas and 4 domains.
void BM_Reduction(benchmark::State& state) {
  const int areas = static_cast<int>(state.range(0));
  CitizenTally total, part;
  total.reset(areas, kDomains);
  part.reset(areas, kDomains);
  for (std::size_t i = 0; i < part.level_count.size(); ++i)
    part.level_count[i] = static_cast<std::int64_t>(i);
  for (auto _ : state) {
    total.add(part);
    benchmark::DoNotOptimize(total.level_count.data());
  }
  // Counters: 5 vectors of A*D, one of A*D*4, 7 of A, one of 256.
  const double counters = areas * kDomains * (5.0 + kNeedLevels) + areas * 7.0 + 256.0;
  state.SetBytesProcessed(
      static_cast<std::int64_t>(state.iterations() * counters * sizeof(std::int64_t)));
  state.counters["counters"] = counters;
}
BENCHMARK(BM_Reduction)->ArgName("areas")->Arg(10)->Arg(152);

/// CitizenTally::reset (allocation and zeroing) for range(0) areas and 4 domains.
void BM_TallyReset(benchmark::State& state) {
  const int areas = static_cast<int>(state.range(0));
  for (auto _ : state) {
    CitizenTally t;
    t.reset(areas, kDomains);
    benchmark::DoNotOptimize(t.level_count.data());
  }
}
BENCHMARK(BM_TallyReset)->ArgName("areas")->Arg(10)->Arg(152);

}  // namespace
}  // namespace quasim::bench
