// sim/invariants.hpp — run-time guards: a violated invariant stops the run with a message
// naming the year, replicate and agent, instead of writing a silent NaN.
#pragma once

#include <stdexcept>
#include <string>

#include "model/parameters.hpp"
#include "model/world.hpp"
#include "model/year_record.hpp"

namespace quasim {

/// A broken model invariant (a bug, or parameters driving the model out of its domain).
struct InvariantError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Checks budgets and reserves are finite, market shares sum to one, every service's
/// provider exists and recorded series are finite where they must be. Cheap; always on.
void check_invariants(const World& w, const Parameters& p, const YearRecord& r, int replicate);

}  // namespace quasim
