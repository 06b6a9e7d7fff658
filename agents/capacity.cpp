// agents/capacity.cpp — providers' delivery capacity (placeholder until the capacity rule
// lands: every service is unlimited).
#include "agents/capacity.hpp"

#include <limits>

namespace quasim {

double service_capacity(const Market&, const Parameters&, int, int) {
  return std::numeric_limits<double>::infinity();
}

}  // namespace quasim
