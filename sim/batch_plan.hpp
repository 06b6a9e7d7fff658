// sim/batch_plan.hpp — a batch as work items (sweep point x replicate) and how they are
// divided among Slurm shards and MPI ranks: round robin, so every slice gets a similar mix.
#pragma once

#include <string>
#include <vector>

#include "sim/scenario.hpp"

namespace quasim {

struct WorkItem {
  int point = 0;
  int replicate = 0;
};

/// Every (point, replicate) pair, point-major.
std::vector<WorkItem> work_items(const std::vector<SweepPoint>& points);

/// Items i with i % n == k (k in [0, n)).
std::vector<WorkItem> slice(const std::vector<WorkItem>& items, int k, int n);

/// Parses "K/N" (0 <= K < N). Throws std::invalid_argument with a clear message.
std::pair<int, int> parse_shard(const std::string& text);

/// File of one finished work item inside a batch's parts directory: p003-r0012.h5.
std::string part_file_name(const WorkItem& item);

}  // namespace quasim
