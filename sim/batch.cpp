// sim/batch.cpp — replicates in parallel; TBB's work stealing nests them with the parallel
// citizen phase without oversubscribing cores.
#include "sim/batch.hpp"

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <exception>
#include <mutex>
#include <optional>

#include "sim/replicate.hpp"

namespace quasim {

std::vector<ReplicateResult> run_replicates(const Parameters& p, const std::vector<int>& replicates,
                                            const BatchOptions& options) {
  std::vector<std::optional<ReplicateResult>> slots(replicates.size());
  std::mutex mutex;
  int done = 0;
  tbb::parallel_for(
      std::size_t{0}, replicates.size(),
      [&](std::size_t i) {
        if (options.stop && options.stop->load()) return;
        try {
          // Isolated: while waiting inside this replicate's citizen phase, a thread helps only this
          // replicate, instead of starting a whole other one and holding this one up.
          auto r = tbb::this_task_arena::isolate(
              [&] { return run_replicate(p, replicates[i], options.stop, options.clock); });
          std::lock_guard lock(mutex);
          slots[i] = std::move(r);
          ++done;
          if (options.progress)
            options.progress(done, static_cast<int>(replicates.size()), replicates[i]);
        } catch (const Interrupted&) {
          // dropped: only finished replicates are kept
        }
      },
      tbb::simple_partitioner{});
  std::vector<ReplicateResult> out;
  for (auto& s : slots)
    if (s) out.push_back(std::move(*s));
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.replicate < b.replicate; });
  return out;
}

}  // namespace quasim
