// model/decay.hpp — how much of a remembered sum is left after some years of decay (the
// performance record and the market memory age their sums with it).
#pragma once

#include <algorithm>
#include <cmath>

namespace quasim {

/// (1 - decay)^(now - since), 1 when `now` is not after `since`.
inline double decay_factor(int now, int since, double decay) {
  return std::pow(1.0 - decay, std::max(0, now - since));
}

}  // namespace quasim
