// agents/demography.cpp — Gompertz mortality and the initial age pyramid.
#include "agents/demography.hpp"

#include <algorithm>
#include <cmath>

namespace quasim {
namespace {

constexpr double kGompertzSlope = 0.095;  // UK adult mortality doubles roughly every 7.3 years
constexpr int kMaxAge = 110;

std::vector<double> gompertz(double a) {
  std::vector<double> q(kMaxAge + 1);
  for (int x = 0; x <= kMaxAge; ++x) {
    const double hazard = a * (std::exp(kGompertzSlope * (x + 1)) - std::exp(kGompertzSlope * x)) / kGompertzSlope;
    q[x] = x == kMaxAge ? 1.0 : 1.0 - std::exp(-hazard);
  }
  return q;
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
  // Bisection on log(a): life expectancy falls as the Gompertz level rises.
  double lo = std::log(1e-9), hi = std::log(1e-1);
  for (int i = 0; i < 80; ++i) {
    const double mid = 0.5 * (lo + hi);
    if (life_expectancy_of(gompertz(std::exp(mid))) > life_expectancy) lo = mid;
    else hi = mid;
  }
  return gompertz(std::exp(0.5 * (lo + hi)));
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

int initial_age(const PopulationParams& p, double u, double v) { return initial_age(age_pyramid(p), u, v); }

}  // namespace quasim
