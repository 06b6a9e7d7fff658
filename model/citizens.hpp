// model/citizens.hpp — citizens as structure-of-arrays, what they meet in each service this
// year, and the integer tally the citizen phase returns. State only: the phase that advances
// citizens is agents/citizens.cpp.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

#include "model/parameters.hpp"

namespace quasim {

/// An allocator whose resize() leaves new elements uninitialised (default-initialised), so
/// that the pages of a citizen vector are first touched by the threads that fill them: no
/// serial zeroing pass, and on a NUMA machine each part lies near the cores that use it.
template <class T>
struct DefaultInitAllocator : std::allocator<T> {
  template <class U>
  struct rebind {
    using other = DefaultInitAllocator<U>;
  };
  DefaultInitAllocator() = default;
  template <class U>
  DefaultInitAllocator(const DefaultInitAllocator<U>&) noexcept {}
  template <class U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};
template <class T>
using CitizenField = std::vector<T, DefaultInitAllocator<T>>;

/// One agent per `agent_weight` persons; sorted by area, areas contiguous.
struct Citizens {
  CitizenField<std::uint16_t> area;
  CitizenField<std::uint8_t> age;           ///< years, capped at 110
  CitizenField<std::uint16_t> needs;        ///< 2 bits per domain: level 0..3
  CitizenField<std::uint8_t> capability;    ///< 0..255 maps to 0..1
  CitizenField<std::uint8_t> satisfaction;  ///< 0..255
  CitizenField<std::uint8_t> trust;         ///< 0..255
  CitizenField<std::uint8_t> outcome;       ///< 0..255 outcome index after this year's needs
  CitizenField<std::uint8_t> disengaged;    ///< 1 if no longer uses public channels for low needs
  CitizenField<std::uint16_t> chosen;  ///< 2 bits per domain: framework slot used (choice domains)
  std::vector<std::uint32_t> area_begin;  ///< first citizen of each area, plus the end

  std::size_t size() const { return area.size(); }
  /// Sizes every field to n agents WITHOUT initialising them: the caller must write every
  /// field of every agent (init_world does, in parallel).
  void allocate_uninitialised(std::size_t n);
};

inline int need_level(std::uint16_t needs, int d) {
  return (needs >> (2 * d)) & 3;
}
inline std::uint16_t with_need(std::uint16_t needs, int d, int level) {
  return static_cast<std::uint16_t>((needs & ~(3u << (2 * d))) |
                                    (static_cast<unsigned>(level) << (2 * d)));
}

/// What citizens of one area meet in one domain this year (set by commissioners/providers).
struct ServiceCondition {
  std::uint8_t threshold = 1;     ///< lowest need level served (4: none)
  double marginal = 1.0;          ///< chance a citizen at the threshold level is served
  double quality = 0.6;           ///< 0..1 delivered quality
  double disruption = 0.0;        ///< share of service lost this year (provider failure)
  double onset_multiplier = 1.0;  ///< prevention, spill-overs, change fund
  std::uint8_t slots = 1;         ///< framework providers to choose from (1: no choice)
  std::array<double, kChoiceSlots> slot_quality{};  ///< delivered quality per slot
};

/// Inputs of the citizen phase: conditions per (area, domain), mortality by age.
struct CitizenConditions {
  int domains = 0;
  std::vector<ServiceCondition> service;  ///< [area * domains + domain]
  std::vector<double> mortality;          ///< chance of death by age 0..110
  double expectation = 0.5;               ///< quality citizens expect this year
};

/// Integer tallies (exact and order-independent, hence deterministic for any thread count).
struct CitizenTally {
  int areas = 0, domains = 0;
  // per (area, domain), need units counted at the start of the year
  std::vector<std::int64_t> demand_units, served_units, unmet_units;
  std::vector<std::int64_t> served_people, resolved_people;  ///< for payment by results
  std::vector<std::int64_t> slot_units;   ///< [(area*domains + d)*kChoiceSlots + slot] served units
  std::vector<std::int64_t> switches;     ///< per (area, domain): citizens who changed provider
  std::vector<std::int64_t> level_count;  ///< [(area*domains + d)*4 + level], end of year
  // per area
  std::vector<std::int64_t> people, aged65, outcome_sum, satisfaction_sum, trust_sum,
      disengaged_count;
  std::vector<std::int64_t> outcome_histogram;  ///< 256 bins, all areas

  void reset(int areas, int domains);
  void add(const CitizenTally& o);
  std::size_t ad(int a, int d) const { return static_cast<std::size_t>(a) * domains + d; }
};

}  // namespace quasim
