// sim/design_points.hpp — the points of a `[design]` (docs/DESIGNS.md): unit coordinates
// u in [0,1]^d per method, then each parameter's inverse CDF. Deterministic: a pure function of
// the design (Sobol' from Boost, counter-based Random123 draws keyed by the design's seed).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "sim/scenario.hpp"

namespace quasim {

/// "lhs", "sobol", "saltelli", "morris", "oat" ("" for None).
std::string design_method_name(DesignMethod m);

/// The key that sizes a method: points, base_points, trajectories or steps.
const char* design_size_key(DesignMethod m);

/// "uniform", "log-uniform", "normal", "integer".
std::string distribution_name(DesignDistribution d);

/// A parameter's distribution for people: "uniform(0, 0.3)", "log-uniform(0.01, 0.2)",
/// "normal(mean=-0.02, sd=0.01) in [-0.06, 0]", "integer(3, 7)".
std::string distribution_text(const DesignParameter& p);

/// Rows a method of this size runs with `d` parameters (lhs, sobol: size; saltelli: size*(d+2);
/// morris: size*(d+1); oat: 1 + d*size), as a double so that a huge design cannot overflow.
double design_rows_of(DesignMethod m, int size, std::size_t d);

/// The unit coordinates of every row, in run order: [row][parameter], each in [0, 1].
std::vector<std::vector<double>> design_unit(const Design& d);

/// The value of `p` at unit coordinate u (its inverse CDF; normal truncated to [lower, upper];
/// integer: lower..upper with equal probability), always within [lower, upper].
double design_value(const DesignParameter& p, double u);

}  // namespace quasim
