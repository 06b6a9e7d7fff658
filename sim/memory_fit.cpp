// sim/memory_fit.cpp — the run-time memory check and the replicates that fit side by side.
#include "sim/memory_fit.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <fstream>

namespace quasim {
namespace {

double citizen_agents(const Parameters& p) {
  return std::ceil(p.population.citizens / p.population.agent_weight);
}

/// Where a point's population was set: a sweep axis over it, else the scenario line or --set.
Origin population_origin(const Scenario& s, const SweepPoint* pt) {
  for (const char* key : {"population.citizens", "population.agent_weight"}) {
    const bool swept = pt && std::any_of(pt->settings.begin(), pt->settings.end(),
                                         [&](const auto& kv) { return kv.first == key; });
    if (swept) {
      for (const auto& axis : s.sweep)
        if (axis.key == key) return axis.origin;
      for (const auto& p : s.design.parameters)
        if (p.key == key) return p.origin;
    }
  }
  for (const char* key : {"population.citizens", "population.agent_weight"})
    if (auto it = s.leaves.find(key); it != s.leaves.end()) return it->second.origin;
  return {s.path, 0};
}

void check_one(const Parameters& p, const Origin& where, double usable) {
  const double agents = citizen_agents(p);
  const double bytes = agents * kBytesPerCitizen;
  if (usable > 0 && bytes > 0.8 * usable)
    throw ScenarioError(
        where.file, where.line, "population.citizens",
        "needs about " + number_text(std::round(bytes / 1e9 * 10) / 10) + " GB for " +
            number_text(agents) + " citizen agents, more than 80% of this machine's " +
            number_text(std::round(usable / 1e9)) + " GB; raise population.agent_weight");
}

}  // namespace

double usable_memory_bytes() {
  double bytes =
      static_cast<double>(sysconf(_SC_PHYS_PAGES)) * static_cast<double>(sysconf(_SC_PAGE_SIZE));
  const auto limit_in = [&](const std::string& file) {
    std::ifstream in(file);
    double limit = 0;  // "max" (no limit) does not parse
    if (in >> limit && limit > 0) bytes = std::min(bytes, limit);
  };
  // /proc/self/cgroup: "0::/PATH" (cgroup v2) or "N:memory:/PATH" (v1); a container may see
  // its own cgroup at the root instead of at PATH.
  std::ifstream self("/proc/self/cgroup");
  for (std::string line; std::getline(self, line);) {
    if (line.rfind("0::", 0) == 0) {
      limit_in("/sys/fs/cgroup" + line.substr(3) + "/memory.max");
      limit_in("/sys/fs/cgroup/memory.max");
    } else if (const auto at = line.find(":memory:"); at != std::string::npos) {
      limit_in("/sys/fs/cgroup/memory" + line.substr(at + 8) + "/memory.limit_in_bytes");
      limit_in("/sys/fs/cgroup/memory/memory.limit_in_bytes");
    }
  }
  return bytes;
}

int replicates_that_fit(const Parameters& p) {
  const double per_replicate = citizen_agents(p) * kBytesPerCitizen;
  return static_cast<int>(
      std::clamp(std::floor(0.8 * usable_memory_bytes() / per_replicate), 1.0, 1e6));
}

double batch_memory_bytes(const Parameters& p, int side_by_side) {
  return citizen_agents(p) * kBytesPerCitizen * std::max(1, side_by_side) + kProcessOverheadBytes;
}

double merge_memory_bytes(const Parameters& p) {
  return static_cast<double>(p.run.replicates) * p.run.years *
             (kResultBytesPerYear + kResultBytesPerCommissionerYear * p.commissioners.count) +
         kProcessOverheadBytes;
}

void check_fits_in_memory(const Scenario& s, const std::vector<SweepPoint>& points,
                          double usable_bytes) {
  for (const auto& pt : points) check_one(pt.params, population_origin(s, &pt), usable_bytes);
}

void check_fits_in_memory(const Parameters& p, const std::string& source, double usable_bytes) {
  check_one(p, {source, 0}, usable_bytes);
}

}  // namespace quasim
