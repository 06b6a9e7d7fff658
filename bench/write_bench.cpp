// bench/write_bench.cpp — writing the HDF5 result file (output/result_file.cpp) from real
// engine results: range(0) replicates x range(1) years x range(2) commissioners x 4 domains.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <tuple>

#include "bench/bench_support.hpp"
#include "output/result_file.hpp"
#include "output/series_catalogue.hpp"
#include "sim/batch.hpp"
#include "sim/parameter_table.hpp"

namespace quasim::bench {
namespace {

struct Run {
  Parameters params;
  Provenance prov;
  std::vector<ReplicateResult> results;
};

/// Engine results with few agents (10 per area, so the run takes a second): the numbers are
/// noisier than a large run's, hence compress a little worse — a conservative write time.
const Run& engine_results(int replicates, int years, int commissioners) {
  static std::map<std::tuple<int, int, int>, Run> cache;
  auto& run = cache[{replicates, years, commissioners}];
  if (!run.results.empty()) return run;
  const std::string path = scenario_path("baseline.toml");
  run.params = load_scenario(path, {"population.citizens=" + std::to_string(1000 * commissioners),
                                    "population.agent_weight=100",
                                    "commissioners.count=" + std::to_string(commissioners),
                                    "run.years=" + std::to_string(years),
                                    "run.replicates=" + std::to_string(replicates)})
                   .params;
  std::vector<int> reps(replicates);
  for (int r = 0; r < replicates; ++r) reps[r] = r;
  run.results = run_replicates(run.params, reps);
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  Provenance& prov = run.prov;
  prov.scenario_name = "baseline";
  prov.scenario_path = path;
  prov.scenario_text = text.str();
  prov.resolved_parameters = resolved_toml(run.params);
  prov.command_line = "quasim_bench";
  prov.seed = run.params.run.seed;
  prov.replicates = replicates;
  prov.years = years;
  prov.start_year = run.params.run.start_year;
  for (int c = 0; c < commissioners; ++c)
    prov.commissioner_names.push_back("commissioner-" + std::to_string(c + 1));
  for (const auto& d : run.params.domains) prov.domain_names.push_back(d.name);
  prov.difficulty_groups = run.params.difficulty.groups;
  return run;
}

/// Numbers in the file's series datasets (panels off, as in the shipped scenarios).
double series_values(const Run& run) {
  const auto& y = run.results.front().years.front();
  double per_year = 0;
  for (const auto& s : series_catalogue())
    per_year += s.axis == SeriesAxis::None           ? 1
                : s.axis == SeriesAxis::ProviderType ? kProviderTypes
                                                     : static_cast<double>((y.*s.by_entity).size());
  return per_year * run.results.size() * run.results.front().years.size();
}

void BM_WriteResult(benchmark::State& state) {
  const Run& run =
      engine_results(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)),
                     static_cast<int>(state.range(2)));
  const std::string path = "/tmp/quasim_bench_" + std::to_string(::getpid()) + ".h5";
  for (auto _ : state) write_result_file(path, run.prov, run.results);
  const double values = series_values(run);
  state.counters["values"] = values;
  state.counters["file_bytes"] = static_cast<double>(std::filesystem::file_size(path));
  state.counters["values_per_s"] =
      benchmark::Counter(values, benchmark::Counter::kIsIterationInvariantRate);
  std::filesystem::remove(path);
}
BENCHMARK(BM_WriteResult)
    ->ArgNames({"replicates", "years", "commissioners"})
    ->Args({10, 20, 10})    // baseline.toml
    ->Args({1, 30, 152})    // national_england.toml
    ->Args({100, 30, 152})  // a national-scale batch
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace quasim::bench
