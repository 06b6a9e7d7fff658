// agents/citizens.cpp — the citizen phase. Hot: no allocation or virtual calls per citizen;
// random numbers come four at a time from the counter-based stream.
#include "agents/citizens.hpp"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>

namespace quasim {
namespace {

constexpr std::size_t kGrain = 8192;

/// 0-17, 18-44, 45-64, 65-84, 85+, without branches: ages come in random order, so the
/// branches of a comparison chain are mispredicted.
int age_band(int age) {
  return (age >= 18) + (age >= 45) + (age >= 65) + (age >= 85);
}

/// floor(y) for 0 <= y < 2^31: a conversion instead of a libm call (x86-64 before SSE4.1).
double floor_nonnegative(double y) {
  return static_cast<double>(static_cast<int>(y));
}

/// b / 255.0 for every byte, so the citizen loop does not divide.
constexpr std::array<double, 256> kByteUnit = [] {
  std::array<double, 256> t{};
  for (int b = 0; b < 256; ++b) t[b] = b / 255.0;
  return t;
}();

std::uint8_t to_byte(double x) {
  return static_cast<std::uint8_t>(std::clamp(x, 0.0, 1.0) * 255.0 + 0.5);
}

/// Rounds up with probability equal to the fraction, so small yearly changes survive 8 bits
/// on average instead of being rounded away.
std::uint8_t to_byte_stochastic(double x, double u) {
  return static_cast<std::uint8_t>(
      std::min(255.0, floor_nonnegative(std::clamp(x, 0.0, 1.0) * 255.0 + u)));
}

/// Per-domain constants hoisted out of the citizen loop.
struct DomainRates {
  std::array<double, kAgeBands> onset;  // onset * age weight
  double escalation, resolution, natural_resolution, weight;
};

}  // namespace

void live(Citizens& c, const CitizenConditions& cond, const Parameters& p, const Streams& rng,
          int year, CitizenTally& tally) {
  const int D = cond.domains;
  const int A = static_cast<int>(c.area_begin.size()) - 1;
  std::array<DomainRates, kMaxDomains> rates{};
  double weight_total = 0;
  for (int d = 0; d < D; ++d) {
    const auto& dp = p.domains[d];
    for (int b = 0; b < kAgeBands; ++b) rates[d].onset[b] = dp.onset * dp.age_weights[b];
    rates[d].escalation = dp.escalation;
    rates[d].resolution = dp.resolution;
    rates[d].natural_resolution = dp.natural_resolution;
    rates[d].weight = dp.outcome_weight;
    weight_total += dp.outcome_weight;
  }
  const double outcome_scale = weight_total > 0 ? 1.0 / (3.0 * weight_total) : 0.0;
  const double coproduction = p.population.coproduction;
  const double response = p.population.trust_response;
  const double disengagement = p.population.disengagement;

  tbb::enumerable_thread_specific<CitizenTally> local([&] {
    CitizenTally t;
    t.reset(A, D);
    return t;
  });

  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, c.size(), kGrain), [&](const auto& range) {
    CitizenTally& t = local.local();
    // The draws every citizen makes (demography, onset) come kRngLanes citizens at a time:
    // the same numbers as uniform4, vectorised. Draws for a need or a choice stay one by one.
    alignas(64) std::uint32_t base_words[4][kRngLanes];
    alignas(64) std::uint32_t onset_words[(kMaxDomains + 3) / 4][4][kRngLanes];
    for (std::size_t block = range.begin(); block < range.end(); block += kRngLanes) {
      rng.raw4_block(year, block, Purpose::Demography, 0, base_words);
      for (int g = 0; g < (D + 3) / 4; ++g)
        rng.raw4_block(year, block, Purpose::Onset, static_cast<std::uint32_t>(g), onset_words[g]);
      const std::size_t block_end = std::min(range.end(), block + kRngLanes);
      for (std::size_t i = block; i != block_end; ++i) {
        const std::size_t j = i - block;
        const int a = c.area[i];
        const std::array<double, 4> base = {
            Streams::to_unit(base_words[0][j]), Streams::to_unit(base_words[1][j]),
            Streams::to_unit(base_words[2][j]), Streams::to_unit(base_words[3][j])};
        int age = c.age[i];
        // Death, replaced by a birth in the same area: the population of an area is constant,
        // its age structure drifts with the initial pyramid and longevity.
        if (base[0] < cond.mortality[std::min(age, 110)]) {
          age = 0;
          c.needs[i] = 0;
          c.capability[i] = to_byte(p.population.capability_mean + (base[2] - 0.5) * 0.6);
          c.satisfaction[i] = 128;
          // trust is left as it was: a newborn takes the slot's (its household's) trust
          c.disengaged[i] = 0;
          c.chosen[i] = 0;
        } else {
          age = std::min(age + 1, 110);
        }
        c.age[i] = static_cast<std::uint8_t>(age);
        const int band = age_band(age);
        const double capability = kByteUnit[c.capability[i]];
        const bool disengaged = c.disengaged[i] != 0;

        std::uint16_t needs = c.needs[i];
        std::uint16_t chosen = c.chosen[i];
        double experience_sum = 0;
        int experiences = 0;
        bool unmet_any = false;
        double outcome_loss = 0;
        const ServiceCondition* sc = &cond.service[static_cast<std::size_t>(a) * D];
        // Most citizens have no need in most domains and only need an onset draw: one Philox call
        // serves the onset draws of four domains; a domain with a need gets a call of its own.
        for (int d = 0; d < D; ++d) {
          const auto& r = rates[d];
          int level = need_level(needs, d);
          const std::size_t ad = static_cast<std::size_t>(a) * D + d;
          if (level == 0) {
            const double onset =
                r.onset[band] * sc[d].onset_multiplier * (1.0 - coproduction * capability);
            if (Streams::to_unit(onset_words[d / 4][d % 4][j]) < onset) {
              level = 1;
              if (sc[d].slots > 1) {
                // A new user picks the best-regarded provider half the time, else any.
                const auto v =
                    rng.uniform4(year, i, Purpose::Choice, static_cast<std::uint32_t>(d));
                int best = 0;
                for (int k = 1; k < sc[d].slots; ++k)
                  if (sc[d].slot_quality[k] > sc[d].slot_quality[best]) best = k;
                const int slot =
                    v[2] < 0.5 ? best
                               : std::min(sc[d].slots - 1, static_cast<int>(v[3] * sc[d].slots));
                chosen = with_need(chosen, d, slot);
              }
            }
          } else {
            const auto u = rng.uniform4(year, i, Purpose::Needs, static_cast<std::uint32_t>(d));
            t.demand_units[ad] += level;
            // Rationing by eligibility: highest levels first, the threshold level by lottery.
            bool eligible =
                level > sc[d].threshold || (level == sc[d].threshold && u[1] < sc[d].marginal);
            if (disengaged && level == 1) eligible = false;  // does not come forward
            const bool served = eligible && u[2] >= sc[d].disruption;
            if (served) {
              double q = sc[d].quality;
              if (sc[d].slots > 1) {
                // Personal budgets: the citizen uses the provider they chose; the dissatisfied
                // move to another (Open Public Services: choice and control).
                int slot = need_level(chosen, d);
                if (slot >= sc[d].slots) slot = 0;
                const auto v =
                    rng.uniform4(year, i, Purpose::Choice, static_cast<std::uint32_t>(d));
                q = sc[d].slot_quality[slot];
                if (q < cond.expectation - 0.05 && v[0] < 0.3) {
                  slot = (slot + 1 + static_cast<int>(v[1] * (sc[d].slots - 1))) % sc[d].slots;
                  ++t.switches[ad];
                }
                chosen = with_need(chosen, d, slot);
                t.slot_units[ad * kChoiceSlots + slot] += level;
              } else {
                t.slot_units[ad * kChoiceSlots] += level;
              }
              t.served_units[ad] += level;
              ++t.served_people[ad];
              if (u[3] < r.resolution * q) {
                --level;
                ++t.resolved_people[ad];
              } else if (u[3] < r.resolution * q + r.escalation * (1.0 - q) * 0.5) {
                level = std::min(level + 1, 3);
              }
              experience_sum += q;
              ++experiences;
            } else {
              t.unmet_units[ad] += level;
              unmet_any = true;
              if (u[3] < r.natural_resolution)
                --level;
              else if (u[3] < r.natural_resolution + r.escalation)
                level = std::min(level + 1, 3);
            }
          }
          needs = with_need(needs, d, level);
          ++t.level_count[ad * kNeedLevels + level];
          outcome_loss += r.weight * level;
        }
        c.needs[i] = needs;
        c.chosen[i] = chosen;

        // Satisfaction follows what was received against rising expectations; trust follows
        // satisfaction more slowly (seed 003: trust in local authorities has declined).
        double sat = kByteUnit[c.satisfaction[i]];
        double trust = kByteUnit[c.trust[i]];
        if (experiences > 0 || unmet_any) {
          const double received = experiences > 0 ? experience_sum / experiences : 0.0;
          const double target =
              unmet_any ? 0.1 : std::clamp(0.5 + (received - cond.expectation), 0.0, 1.0);
          sat += response * (target - sat);
        }
        trust += 0.5 * response * (sat - trust);
        c.satisfaction[i] = to_byte_stochastic(sat, base[3]);
        const double scaled = base[3] * 256.0;  // a second, independent-enough fraction of the draw
        c.trust[i] = to_byte_stochastic(trust, scaled - floor_nonnegative(scaled));
        // Younger cohorts may stop using public channels (seed 001); high need brings them back.
        // (with disengagement 0, the default, no draw can fall below the chance: skip the test)
        if (disengagement > 0 && !disengaged && age < 40 &&
            base[1] < disengagement * 2.0 * (1.0 - trust))
          c.disengaged[i] = 1;
        if (disengaged && (needs & 0xAAAA)) c.disengaged[i] = 0;  // any level >= 2

        const std::uint8_t outcome = to_byte(1.0 - outcome_loss * outcome_scale);
        c.outcome[i] = outcome;
        ++t.people[a];
        t.aged65[a] += age >= 65;
        t.outcome_sum[a] += outcome;
        t.satisfaction_sum[a] += c.satisfaction[i];
        t.trust_sum[a] += c.trust[i];
        t.disengaged_count[a] += c.disengaged[i];
        ++t.outcome_histogram[outcome];
      }
    }
  });

  tally.reset(A, D);
  for (const auto& t : local) tally.add(t);  // integer sums: order-independent
}

void count_needs(const Citizens& c, int domains, CitizenTally& tally) {
  const int A = static_cast<int>(c.area_begin.size()) - 1;
  tally.reset(A, domains);
  // Citizens are sorted by area: each task counts one area, so no two tasks share a counter.
  tbb::parallel_for(0, A, [&](int a) {
    for (std::size_t i = c.area_begin[a]; i < c.area_begin[a + 1]; ++i) {
      for (int d = 0; d < domains; ++d)
        ++tally.level_count[(static_cast<std::size_t>(a) * domains + d) * kNeedLevels +
                            need_level(c.needs[i], d)];
      ++tally.people[a];
      tally.aged65[a] += c.age[i] >= 65;
    }
  });
}

}  // namespace quasim
