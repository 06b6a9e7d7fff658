// agents/expectations.cpp — rising expectations and what meeting them costs.
#include "agents/expectations.hpp"

#include <algorithm>

namespace quasim {

double expected_quality(const Parameters& p, int year) {
  return std::min(0.95, 0.5 + p.population.expectation_growth * year);
}

double expectation_quality(const Parameters& own, int year) {
  return own.commissioners.expectation_meet * (expected_quality(own, year) - 0.5);
}

double expectation_premium(const Parameters& own, int year) {
  return 1.0 + own.commissioners.expectation_cost * expectation_quality(own, year);
}

}  // namespace quasim
