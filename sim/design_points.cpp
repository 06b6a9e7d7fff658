// sim/design_points.cpp — see design_points.hpp. Sobol' points from Boost.Random (Joe-Kuo
// direction numbers; Boost starts after the origin), the normal quantile from Boost.Math, the
// random parts of Latin hypercubes and Morris trajectories from Random123 Philox keyed by the
// design's seed, with the counter naming (row or trajectory, parameter, purpose).
#include "sim/design_points.hpp"

#include <Random123/philox.h>

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <boost/random/sobol.hpp>
#include <cmath>
#include <cstdint>
#include <numeric>

namespace quasim {
namespace {

/// What a design draw is for (the third counter word); the fourth word marks design draws, so
/// that they never meet the simulation's streams even under the same seed.
enum class DrawPurpose : std::uint32_t {
  LhsOrder = 1,
  LhsJitter,
  MorrisBase,
  MorrisSign,
  MorrisOrder
};
constexpr std::uint32_t kDesignTag = 0xDE516E00u;

/// Counter-based uniforms in (0, 1), 53 bits: a pure function of (seed, a, b, purpose).
class DesignDraws {
 public:
  explicit DesignDraws(std::int64_t seed) {
    const auto s = static_cast<std::uint64_t>(seed);
    key_ = {{static_cast<std::uint32_t>(s), static_cast<std::uint32_t>(s >> 32)}};
  }
  double uniform(std::uint64_t a, std::uint64_t b, DrawPurpose purpose) const {
    const r123::Philox4x32::ctr_type ctr = {{static_cast<std::uint32_t>(a),
                                             static_cast<std::uint32_t>(b),
                                             static_cast<std::uint32_t>(purpose), kDesignTag}};
    const auto r = r123::Philox4x32()(ctr, key_);
    const std::uint64_t bits = (std::uint64_t{r[0]} << 21) ^ (std::uint64_t{r[1]} >> 11);
    return (static_cast<double>(bits & ((std::uint64_t{1} << 53) - 1)) + 0.5) * 0x1p-53;
  }
  /// A whole number in [0, n) from uniform(a, b, purpose).
  std::size_t below(std::size_t n, std::uint64_t a, std::uint64_t b, DrawPurpose purpose) const {
    return std::min(n - 1, static_cast<std::size_t>(uniform(a, b, purpose) * n));
  }
  /// A permutation of 0..n-1 (Fisher-Yates; draw k keyed (a, k, purpose)).
  std::vector<std::size_t> permutation(std::size_t n, std::uint64_t a, DrawPurpose purpose) const {
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    for (std::size_t k = n; k > 1; --k) std::swap(order[k - 1], order[below(k, a, k, purpose)]);
    return order;
  }

 private:
  r123::Philox4x32::key_type key_;
};

using Rows = std::vector<std::vector<double>>;

/// Latin hypercube: in every parameter, one point in each of the n equal strata, strata paired
/// at random across parameters, each point placed at random inside its stratum.
Rows lhs(const Design& d) {
  const std::size_t n = static_cast<std::size_t>(d.size), dim = d.parameters.size();
  const DesignDraws draws(d.seed);
  Rows rows(n, std::vector<double>(dim));
  for (std::size_t j = 0; j < dim; ++j) {
    const auto strata = draws.permutation(n, j, DrawPurpose::LhsOrder);
    for (std::size_t i = 0; i < n; ++i)
      rows[i][j] =
          (static_cast<double>(strata[i]) + draws.uniform(i, j, DrawPurpose::LhsJitter)) / n;
  }
  return rows;
}

/// The first n points of the dim-dimensional Sobol' sequence after the origin.
Rows sobol(std::size_t n, std::size_t dim) {
  boost::random::sobol engine(dim);
  Rows rows(n, std::vector<double>(dim));
  for (auto& row : rows)
    for (auto& u : row) u = static_cast<double>(engine()) * 0x1p-64;  // exact: 64-bit integers
  return rows;
}

/// Saltelli: A and B from one 2d-dimensional Sobol' sequence (A the first d columns, B the
/// last d), rows [A; B; E_1; ...; E_d], E_i = A with column i from B (OpenTURNS'
/// SobolIndicesExperiment order).
Rows saltelli(const Design& d) {
  const std::size_t n = static_cast<std::size_t>(d.size), dim = d.parameters.size();
  const Rows ab = sobol(n, 2 * dim);
  Rows rows;
  rows.reserve(n * (dim + 2));
  for (std::size_t i = 0; i < n; ++i) rows.emplace_back(ab[i].begin(), ab[i].begin() + dim);
  for (std::size_t i = 0; i < n; ++i) rows.emplace_back(ab[i].begin() + dim, ab[i].end());
  for (std::size_t c = 0; c < dim; ++c)
    for (std::size_t i = 0; i < n; ++i) {
      std::vector<double> e(ab[i].begin(), ab[i].begin() + dim);
      e[c] = ab[i][dim + c];
      rows.push_back(std::move(e));
    }
  return rows;
}

/// Morris (1991) trajectories on a grid of `levels` levels: from a random base point, each
/// parameter in random order moves once by +-Delta, Delta = levels/(2*(levels-1)). Levels are
/// counted in whole grid steps (Delta is levels/2 of them), so the u values are exact grid values.
Rows morris(const Design& d) {
  const std::size_t r = static_cast<std::size_t>(d.size), dim = d.parameters.size();
  const int half = d.levels / 2;
  const double grid = d.levels - 1;
  const DesignDraws draws(d.seed);
  Rows rows;
  rows.reserve(r * (dim + 1));
  for (std::size_t t = 0; t < r; ++t) {
    std::vector<int> level(dim), sign(dim);
    for (std::size_t j = 0; j < dim; ++j) {
      // The base level in 0..half-1 (so that base + half stays on the grid), and the direction:
      // a parameter moving down starts half a grid higher.
      const int base = static_cast<int>(draws.below(half, t, j, DrawPurpose::MorrisBase));
      sign[j] = draws.uniform(t, j, DrawPurpose::MorrisSign) < 0.5 ? -1 : 1;
      level[j] = base + (sign[j] < 0 ? half : 0);
    }
    const auto unit = [&] {
      std::vector<double> u(dim);
      for (std::size_t j = 0; j < dim; ++j) u[j] = level[j] / grid;
      return u;
    };
    rows.push_back(unit());
    for (const std::size_t j : draws.permutation(dim, t, DrawPurpose::MorrisOrder)) {
      level[j] += sign[j] * half;
      rows.push_back(unit());
    }
  }
  return rows;
}

/// One at a time: the centre (every parameter at its median, u = 0.5), then for each parameter
/// `steps` rows at u = k/(steps-1) with the others at the centre.
Rows oat(const Design& d) {
  const std::size_t dim = d.parameters.size();
  Rows rows(1, std::vector<double>(dim, 0.5));
  for (std::size_t j = 0; j < dim; ++j)
    for (int k = 0; k < d.size; ++k) {
      std::vector<double> u(dim, 0.5);
      u[j] = static_cast<double>(k) / (d.size - 1);
      rows.push_back(std::move(u));
    }
  return rows;
}

}  // namespace

std::string design_method_name(DesignMethod m) {
  switch (m) {
    case DesignMethod::Lhs:
      return "lhs";
    case DesignMethod::Sobol:
      return "sobol";
    case DesignMethod::Saltelli:
      return "saltelli";
    case DesignMethod::Morris:
      return "morris";
    case DesignMethod::Oat:
      return "oat";
    case DesignMethod::None:
      break;
  }
  return "";
}

const char* design_size_key(DesignMethod m) {
  switch (m) {
    case DesignMethod::Saltelli:
      return "base_points";
    case DesignMethod::Morris:
      return "trajectories";
    case DesignMethod::Oat:
      return "steps";
    default:
      return "points";
  }
}

std::string distribution_name(DesignDistribution d) {
  switch (d) {
    case DesignDistribution::LogUniform:
      return "log-uniform";
    case DesignDistribution::Normal:
      return "normal";
    case DesignDistribution::Integer:
      return "integer";
    case DesignDistribution::Uniform:
      break;
  }
  return "uniform";
}

std::string distribution_text(const DesignParameter& p) {
  const std::string bounds = number_text(p.lower) + ", " + number_text(p.upper);
  if (p.distribution == DesignDistribution::Normal)
    return "normal(mean=" + number_text(p.mean) + ", sd=" + number_text(p.sd) + ") in [" + bounds +
           "]";
  return distribution_name(p.distribution) + "(" + bounds + ")";
}

double design_rows_of(DesignMethod m, int size, std::size_t d) {
  const double n = size, dim = static_cast<double>(d);
  switch (m) {
    case DesignMethod::Saltelli:
      return n * (dim + 2);
    case DesignMethod::Morris:
      return n * (dim + 1);
    case DesignMethod::Oat:
      return 1 + dim * n;
    case DesignMethod::None:
      return 0;
    default:
      return n;
  }
}

std::vector<std::vector<double>> design_unit(const Design& d) {
  switch (d.method) {
    case DesignMethod::Lhs:
      return lhs(d);
    case DesignMethod::Sobol:
      return sobol(static_cast<std::size_t>(d.size), d.parameters.size());
    case DesignMethod::Saltelli:
      return saltelli(d);
    case DesignMethod::Morris:
      return morris(d);
    case DesignMethod::Oat:
      return oat(d);
    case DesignMethod::None:
      break;
  }
  return {};
}

double design_value(const DesignParameter& p, double u) {
  if (u <= 0) return p.lower;
  if (u >= 1 && p.distribution != DesignDistribution::Integer) return p.upper;
  double x = p.lower;
  switch (p.distribution) {
    case DesignDistribution::Uniform:
      x = p.lower + u * (p.upper - p.lower);
      break;
    case DesignDistribution::LogUniform:
      x = std::exp(std::log(p.lower) + u * (std::log(p.upper) - std::log(p.lower)));
      break;
    case DesignDistribution::Normal: {
      // Truncated to [lower, upper]: the quantile of the untruncated normal at the same share
      // of the probability between the bounds.
      const boost::math::normal_distribution<double> normal(p.mean, p.sd);
      const double a = boost::math::cdf(normal, p.lower), b = boost::math::cdf(normal, p.upper);
      const double q = a + u * (b - a);
      x = q <= 0 ? p.lower : q >= 1 ? p.upper : boost::math::quantile(normal, q);
      break;
    }
    case DesignDistribution::Integer: {
      const double n = p.upper - p.lower + 1;
      x = p.lower + std::min(std::floor(u * n), n - 1);
      break;
    }
  }
  return std::clamp(x, p.lower, p.upper);
}

}  // namespace quasim
