// cli/thread_limit.cpp — see thread_limit.hpp.
#include "cli/thread_limit.hpp"

#include <algorithm>

namespace quasim {

int replicates_at_a_time_limit(int threads, int fit, int wanted) {
  if (threads <= 0 && fit >= wanted) return 0;
  return std::min(threads > 0 ? threads : wanted, fit);
}

std::unique_ptr<tbb::global_control> limit_threads(int threads) {
  if (threads <= 0) return nullptr;
  return std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                               threads);
}

}  // namespace quasim
