// cli/thread_limit.hpp — how many worker threads a command lets TBB use.
#pragma once

#include <tbb/global_control.h>

#include <memory>

namespace quasim {

/// The thread limit for `run`, whose replicates run side by side, each with its own citizens:
/// at most `threads` (0: not given) and never more than `fit` (the replicates that fit in memory
/// at once) when fewer fit than the `wanted` replicates at a time. 0: no limit (TBB's default).
int replicates_at_a_time_limit(int threads, int fit, int wanted);

/// At most `threads` worker threads (0 or less: TBB's default), for as long as the result lives.
std::unique_ptr<tbb::global_control> limit_threads(int threads);

}  // namespace quasim
