// sim/rng.hpp — counter-based random streams (Random123 Philox4x32-10). A draw is a pure
// function of (seed, replicate, year, agent, purpose, draw index), so results do not depend
// on thread count, scheduling or the order agents are visited.
#pragma once

#include <Random123/philox.h>

#include <array>
#include <cmath>
#include <cstdint>

namespace quasim {

/// What a draw is for; keeps streams of different decisions independent.
enum class Purpose : std::uint32_t {
  InitCitizen = 1,
  Demography,
  Needs,
  Attitudes,
  InitProvider,
  InitCommissioner,
  Tender,
  Bid,
  Spinout,
  Entry,
  Monitor,
  Collaboration,
  Sample,
  BidQuality,
  Choice,
  Onset,
};

class Streams {
 public:
  /// Streams of one replicate. Thread-safe: const and stateless.
  Streams(std::uint64_t seed, std::uint32_t replicate)
      : key_{{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}},
        replicate_(replicate) {}

  /// Four independent uniforms in (0, 1).
  std::array<double, 4> uniform4(int year, std::uint64_t agent, Purpose purpose,
                                 std::uint32_t draw = 0) const {
    const r123::Philox4x32::ctr_type ctr = {
        {static_cast<std::uint32_t>(agent),
         (static_cast<std::uint32_t>(year) << 16) ^ static_cast<std::uint32_t>(purpose) ^
             (static_cast<std::uint32_t>(agent >> 32) << 24),
         replicate_, draw}};
    const auto r = philox_(ctr, key_);
    return {to_unit(r[0]), to_unit(r[1]), to_unit(r[2]), to_unit(r[3])};
  }

  /// One uniform in (0, 1).
  double uniform(int year, std::uint64_t agent, Purpose purpose, std::uint32_t draw = 0) const {
    return uniform4(year, agent, purpose, draw)[0];
  }

  /// One standard normal (Box-Muller on two uniforms of the same counter).
  double normal(int year, std::uint64_t agent, Purpose purpose, std::uint32_t draw = 0) const {
    const auto u = uniform4(year, agent, purpose, draw);
    return std::sqrt(-2.0 * std::log(u[0])) * std::cos(6.283185307179586 * u[1]);
  }

  /// A Poisson count with mean `mean` (inversion; means here are small).
  int poisson(double mean, int year, std::uint64_t agent, Purpose purpose) const {
    if (mean <= 0) return 0;
    int k = 0;
    double p = std::exp(-mean), cdf = p;
    double u = uniform(year, agent, purpose, 0);
    while (u > cdf && k < 1000) {
      ++k;
      p *= mean / k;
      cdf += p;
    }
    return k;
  }

 private:
  static double to_unit(std::uint32_t x) { return (static_cast<double>(x) + 0.5) * 0x1p-32; }

  r123::Philox4x32 philox_;
  r123::Philox4x32::key_type key_;
  std::uint32_t replicate_;
};

}  // namespace quasim
