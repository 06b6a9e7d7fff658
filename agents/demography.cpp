// agents/demography.cpp — Gompertz mortality and the initial age pyramid.
#include "agents/demography.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <mutex>

namespace quasim {
namespace {

constexpr double kGompertzSlope = 0.095;  // UK adult mortality doubles roughly every 7.3 years
constexpr int kMaxAge = 110;

/// exp(slope * x) for x = 0..kMaxAge + 1, worked out once: the bisection below evaluates the
/// table 80 times per life expectancy, and these terms do not depend on its level.
const std::array<double, kMaxAge + 2>& gompertz_terms() {
  static const auto terms = [] {
    std::array<double, kMaxAge + 2> e{};
    for (int x = 0; x <= kMaxAge + 1; ++x) e[x] = std::exp(kGompertzSlope * x);
    return e;
  }();
  return terms;
}

/// Chance of dying at age x at Gompertz level a (certain at kMaxAge).
double gompertz_q(const std::array<double, kMaxAge + 2>& e, double a, int x) {
  if (x == kMaxAge) return 1.0;
  const double hazard = a * (e[x + 1] - e[x]) / kGompertzSlope;
  return 1.0 - std::exp(-hazard);
}

std::vector<double> gompertz(double a) {
  const auto& e = gompertz_terms();
  std::vector<double> q(kMaxAge + 1);
  for (int x = 0; x <= kMaxAge; ++x) q[x] = gompertz_q(e, a, x);
  return q;
}

/// life_expectancy_of(gompertz(a)), without building the table.
double gompertz_life_expectancy(double a) {
  const auto& e = gompertz_terms();
  double alive = 1.0, years = 0.0;
  for (int x = 0; x <= kMaxAge; ++x) {
    const double qx = gompertz_q(e, a, x);
    years += alive * (1.0 - 0.5 * qx);
    alive *= 1.0 - qx;
  }
  return years;
}

std::vector<double> solve_mortality_table(double life_expectancy) {
  // Bisection on log(a): life expectancy falls as the Gompertz level rises.
  double lo = std::log(1e-9), hi = std::log(1e-1);
  for (int i = 0; i < 80; ++i) {
    const double mid = 0.5 * (lo + hi);
    if (gompertz_life_expectancy(std::exp(mid)) > life_expectancy)
      lo = mid;
    else
      hi = mid;
  }
  return gompertz(std::exp(0.5 * (lo + hi)));
}

}  // namespace

double life_expectancy_of(const std::vector<double>& q) {
  double alive = 1.0, years = 0.0;
  for (double qx : q) {
    years += alive * (1.0 - 0.5 * qx);
    alive *= 1.0 - qx;
  }
  return years;
}

std::vector<double> mortality_table(double life_expectancy) {
  // Every replicate asks for the same table each year (life expectancy depends on the year
  // only), and solving one costs about as much as a 10,000-agent citizen phase: solve each
  // once per process. A pure function of its argument, so the cache cannot change a result.
  static std::mutex mutex;
  static std::map<double, std::vector<double>> solved;
  {
    std::lock_guard lock(mutex);
    if (const auto it = solved.find(life_expectancy); it != solved.end()) return it->second;
  }
  std::vector<double> q = solve_mortality_table(life_expectancy);
  std::lock_guard lock(mutex);
  if (solved.size() >= 4096) solved.clear();  // sweeps over longevity: stay small
  solved.emplace(life_expectancy, q);
  return q;
}

AgePyramid age_pyramid(const PopulationParams& p) {
  const double young = p.share_under18;
  const double old = p.share_65plus;
  const double working = 1.0 - young - old;
  const double w45 = working * p.share_45_64_of_adults;
  const double very_old = old * 0.15;  // 85+ are about 15% of the 65+ in England
  const double shares[] = {young, working - w45, w45, old - very_old, very_old};
  const int from[] = {0, 18, 45, 65, 85}, to[] = {18, 45, 65, 85, 100};
  AgePyramid pyramid;
  double acc = 0;
  for (int k = 0; k < 5; ++k) pyramid.bands[k] = {acc += shares[k], from[k], to[k]};
  return pyramid;
}

int initial_age(const PopulationParams& p, double u, double v) {
  return initial_age(age_pyramid(p), u, v);
}

}  // namespace quasim
