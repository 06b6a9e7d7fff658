// sim/batch_plan.cpp — work items and slices.
#include "sim/batch_plan.hpp"

#include <cstdio>
#include <stdexcept>

namespace quasim {

std::vector<WorkItem> work_items(const std::vector<SweepPoint>& points) {
  std::vector<WorkItem> items;
  for (std::size_t k = 0; k < points.size(); ++k)
    for (int r = 0; r < points[k].params.run.replicates; ++r)
      items.push_back({static_cast<int>(k), r});
  return items;
}

std::vector<WorkItem> slice(const std::vector<WorkItem>& items, int k, int n) {
  std::vector<WorkItem> out;
  for (std::size_t i = 0; i < items.size(); ++i)
    if (static_cast<int>(i % n) == k) out.push_back(items[i]);
  return out;
}

std::pair<int, int> parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  int k = -1, n = 0;
  try {
    if (slash == std::string::npos) throw std::invalid_argument("");
    std::size_t used = 0;
    k = std::stoi(text.substr(0, slash), &used);
    if (used != slash) throw std::invalid_argument("");
    n = std::stoi(text.substr(slash + 1), &used);
    if (used != text.size() - slash - 1) throw std::invalid_argument("");
  } catch (const std::exception&) {
    throw std::invalid_argument("--shard: expected K/N such as 3/10, got '" + text + "'");
  }
  if (n < 1 || k < 0 || k >= n)
    throw std::invalid_argument("--shard: expected 0 <= K < N, got '" + text + "'");
  return {k, n};
}

std::string part_file_name(const WorkItem& item) {
  char name[64];
  std::snprintf(name, sizeof name, "p%03d-r%05d.h5", item.point, item.replicate);
  return name;
}

}  // namespace quasim
