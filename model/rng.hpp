// model/rng.hpp — counter-based random streams (Random123 Philox4x32-10). A draw is a pure
// function of (seed, replicate, year, agent, purpose, draw index), so results do not depend
// on thread count, scheduling or the order agents are visited.
#pragma once

#include <Random123/philox.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

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
  Spinout,  ///< unused since the spin-out pipeline (kept so the values after it do not move)
  Entry,
  Monitor,
  Collaboration,
  Sample,
  BidQuality,
  Choice,
  Onset,
  CostEstimate,  ///< a bidder's estimate of its cost for a new service (agents/bidding.cpp)
  Provider2,     ///< reserved for provider economics (issue 17)
  Provider3,     ///< reserved for provider economics (issue 17)
  Outcomes,      ///< reserved for citizens' outcomes and trust (issue 18, helper A)
  Agencies,      ///< reserved for agencies and prevention (issue 18, helper B)
  Partnership,   ///< reserved for partnerships' decisions (they use none: decisions, not draws)
  Pipeline,      ///< spin-out teams' readiness and standalone cost (agents/spinout_pipeline.cpp)
};

/// Agents whose draws raw4_block makes together (a multiple of every SIMD width).
inline constexpr int kRngLanes = 64;

class Streams {
 public:
  /// Streams of one replicate. Thread-safe: const and stateless.
  Streams(std::uint64_t seed, std::uint32_t replicate)
      : key_{{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}},
        replicate_(replicate) {}

  /// Four independent uniforms in (0, 1).
  std::array<double, 4> uniform4(int year, std::uint64_t agent, Purpose purpose,
                                 std::uint32_t draw = 0) const {
    const r123::Philox4x32::ctr_type ctr = {{static_cast<std::uint32_t>(agent),
                                             (static_cast<std::uint32_t>(year) << 16) ^
                                                 static_cast<std::uint32_t>(purpose) ^
                                                 (static_cast<std::uint32_t>(agent >> 32) << 24),
                                             replicate_, draw}};
    const auto r = philox_(ctr, key_);
    return {to_unit(r[0]), to_unit(r[1]), to_unit(r[2]), to_unit(r[3])};
  }

  /// The raw Philox words of uniform4(year, first + j, purpose, draw) for j in [0, kRngLanes):
  /// words[k][j], bit for bit, computed lane by lane so that the compiler vectorises it.
  void raw4_block(int year, std::uint64_t first, Purpose purpose, std::uint32_t draw,
                  std::uint32_t (&words)[4][kRngLanes]) const {
#if defined(__x86_64__)
    // AVX2 where the CPU has it (decided at run time, so one binary serves every x86-64):
    // eight lanes per register. The counter's second word is the same in every lane unless the
    // agent number's low word wraps inside the block; then the portable loop below runs.
    static const bool avx2 = __builtin_cpu_supports("avx2");
    if (avx2 && (first & 0xFFFFFFFFu) + kRngLanes <= 0x100000000u) {
      raw4_block_avx2(year, first, purpose, draw, words);
      return;
    }
#endif
    std::uint32_t* __restrict c0 = words[0];
    std::uint32_t* __restrict c1 = words[1];
    std::uint32_t* __restrict c2 = words[2];
    std::uint32_t* __restrict c3 = words[3];
    for (int j = 0; j < kRngLanes; ++j) {
      const std::uint64_t agent = first + static_cast<std::uint64_t>(j);
      c0[j] = static_cast<std::uint32_t>(agent);
      c1[j] = (static_cast<std::uint32_t>(year) << 16) ^ static_cast<std::uint32_t>(purpose) ^
              (static_cast<std::uint32_t>(agent >> 32) << 24);
      c2[j] = replicate_;
      c3[j] = draw;
    }
    std::uint32_t k0 = key_[0], k1 = key_[1];
    for (int round = 0; round < 10; ++round) {  // Philox4x32-10, as r123::Philox4x32
      if (round > 0) k0 += 0x9E3779B9u, k1 += 0xBB67AE85u;
      for (int j = 0; j < kRngLanes; ++j) {
        const std::uint64_t p0 = std::uint64_t{0xD2511F53u} * c0[j];
        const std::uint64_t p1 = std::uint64_t{0xCD9E8D57u} * c2[j];
        const std::uint32_t n0 = static_cast<std::uint32_t>(p1 >> 32) ^ c1[j] ^ k0;
        const std::uint32_t n2 = static_cast<std::uint32_t>(p0 >> 32) ^ c3[j] ^ k1;
        c0[j] = n0;
        c1[j] = static_cast<std::uint32_t>(p1);
        c2[j] = n2;
        c3[j] = static_cast<std::uint32_t>(p0);
      }
    }
  }

  /// A raw Philox word as a uniform in (0, 1), exactly as uniform4 converts it.
  static double to_unit(std::uint32_t x) {
    return (static_cast<double>(x) + 0.5) * 0x1p-32;
  }

  /// One uniform in (0, 1).
  double uniform(int year, std::uint64_t agent, Purpose purpose, std::uint32_t draw = 0) const {
    return uniform4(year, agent, purpose, draw)[0];
  }

  /// One standard normal (Box-Muller on two uniforms of the same counter).
  double normal(int year, std::uint64_t agent, Purpose purpose, std::uint32_t draw = 0) const {
    const auto u = uniform4(year, agent, purpose, draw);
    return box_muller(u[0], u[1]);
  }

  /// A standard normal from two uniforms in (0, 1) (for a caller that uses the other two of a
  /// counter's uniforms for something else).
  static double box_muller(double u1, double u2) {
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
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
#if defined(__x86_64__)
  __attribute__((target("avx2"))) void raw4_block_avx2(int year, std::uint64_t first,
                                                       Purpose purpose, std::uint32_t draw,
                                                       std::uint32_t (&words)[4][kRngLanes]) const {
    const __m256i m0 = _mm256_set1_epi64x(0xD2511F53u), m1 = _mm256_set1_epi64x(0xCD9E8D57u);
    const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    const std::uint32_t word1 = (static_cast<std::uint32_t>(year) << 16) ^
                                static_cast<std::uint32_t>(purpose) ^
                                (static_cast<std::uint32_t>(first >> 32) << 24);
    for (int g = 0; g < kRngLanes; g += 8) {
      __m256i c0 = _mm256_add_epi32(
          _mm256_set1_epi32(static_cast<int>(static_cast<std::uint32_t>(first) + g)), lane);
      __m256i c1 = _mm256_set1_epi32(static_cast<int>(word1));
      __m256i c2 = _mm256_set1_epi32(static_cast<int>(replicate_));
      __m256i c3 = _mm256_set1_epi32(static_cast<int>(draw));
      std::uint32_t k0 = key_[0], k1 = key_[1];
      for (int round = 0; round < 10; ++round) {
        if (round > 0) k0 += 0x9E3779B9u, k1 += 0xBB67AE85u;
        // 32x32->64 products of even and odd lanes; high and low words blended back together.
        const __m256i p0e = _mm256_mul_epu32(c0, m0),
                      p0o = _mm256_mul_epu32(_mm256_srli_epi64(c0, 32), m0);
        const __m256i p1e = _mm256_mul_epu32(c2, m1),
                      p1o = _mm256_mul_epu32(_mm256_srli_epi64(c2, 32), m1);
        const __m256i hi0 = _mm256_blend_epi32(_mm256_srli_epi64(p0e, 32), p0o, 0xAA);
        const __m256i lo0 = _mm256_blend_epi32(p0e, _mm256_slli_epi64(p0o, 32), 0xAA);
        const __m256i hi1 = _mm256_blend_epi32(_mm256_srli_epi64(p1e, 32), p1o, 0xAA);
        const __m256i lo1 = _mm256_blend_epi32(p1e, _mm256_slli_epi64(p1o, 32), 0xAA);
        c0 = _mm256_xor_si256(_mm256_xor_si256(hi1, c1), _mm256_set1_epi32(static_cast<int>(k0)));
        c1 = lo1;
        c2 = _mm256_xor_si256(_mm256_xor_si256(hi0, c3), _mm256_set1_epi32(static_cast<int>(k1)));
        c3 = lo0;
      }
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(&words[0][g]), c0);
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(&words[1][g]), c1);
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(&words[2][g]), c2);
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(&words[3][g]), c3);
    }
  }
#endif

  r123::Philox4x32 philox_;
  r123::Philox4x32::key_type key_;
  std::uint32_t replicate_;
};

}  // namespace quasim
