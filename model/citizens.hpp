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
  CitizenField<std::uint8_t> difficulty;  ///< difficulty group (`[difficulty]`), for life
  CitizenField<std::uint16_t> waiting;    ///< 2 bits per domain: years on the list (0: not on it)
  CitizenField<std::uint8_t> harm;  ///< 0..255 lasting harm from unserved high need (`[outcomes]`)
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

/// A waiting-list class: need level 1..3, difficulty group, years already waited (0..3). The
/// unit in which capacity is planned, queues counted and whom-first decided.
inline constexpr int kQueueClasses = (kNeedLevels - 1) * kMaxDifficultyGroups * kWaitBands;
inline int queue_class(int level, int group, int wait) {
  return ((level - 1) * kMaxDifficultyGroups + group) * kWaitBands + wait;
}
inline int class_level(int k) {
  return k / (kMaxDifficultyGroups * kWaitBands) + 1;
}
inline int class_group(int k) {
  return (k / kWaitBands) % kMaxDifficultyGroups;
}
inline int class_wait(int k) {
  return k % kWaitBands;
}

/// Share of need level `level` the money funds: all above the threshold, `marginal` of it at
/// the threshold (a lottery), none below.
inline double funded_share(int level, int threshold, double marginal) {
  return level > threshold ? 1.0 : level == threshold ? marginal : 0.0;
}

/// Cumulative population shares of the difficulty groups (1 from the last group on).
inline std::array<double, kMaxDifficultyGroups> difficulty_cdf(const DifficultyParams& g) {
  std::array<double, kMaxDifficultyGroups> cdf{};
  double acc = 0;
  for (int k = 0; k < kMaxDifficultyGroups; ++k) {
    acc += k < static_cast<int>(g.share.size()) ? g.share[k] : 0.0;
    cdf[k] = k + 1 >= static_cast<int>(g.share.size()) ? 1.0 : acc;
  }
  return cdf;
}
/// The group a uniform draw u falls in.
inline std::uint8_t difficulty_group(const std::array<double, kMaxDifficultyGroups>& cdf,
                                     double u) {
  return static_cast<std::uint8_t>((u >= cdf[0]) + (u >= cdf[1]) + (u >= cdf[2]));
}

/// Why a person left a waiting list (tally index).
/// Ineligible: the money no longer reaches their need level (the threshold rose).
enum class ListExit { Resolved, Escalated, Died, GaveUp, Ineligible };
inline constexpr int kListExits = 5;

/// What citizens of one area meet in one domain this year (set by commissioners/providers).
struct ServiceCondition {
  std::uint8_t threshold = 1;  ///< lowest need level served (4: none)
  double marginal = 1.0;       ///< chance a citizen at the threshold level is served
  double quality = 0.6;        ///< 0..1 delivered quality (what monitoring and records see)
  double met = 0;  ///< quality added to meet rising expectations, paid for in the unit price
                   ///< (agents/expectations.cpp): citizens meet quality + met (at most 1)
  double disruption = 0.0;        ///< share of service lost this year (provider failure)
  double onset_multiplier = 1.0;  ///< prevention, spill-overs, change fund
  std::uint8_t slots = 1;         ///< framework providers to choose from (1: no choice)
  std::array<double, kChoiceSlots> slot_quality{};  ///< delivered quality per slot
  double wait_weeks = 0;  ///< queueing before service this year, for those served (weeks)
  double capacity = 0;    ///< capacity units the service has this year, per agent (persons /
                          ///< agent_weight): need units at difficulty cost 1
};

/// Inputs of the citizen phase: conditions per (area, domain), mortality by age.
struct CitizenConditions {
  int domains = 0;
  std::vector<ServiceCondition> service;  ///< [area * domains + domain]
  std::vector<double> mortality;          ///< chance of death by age 0..110
  double expectation = 0.5;               ///< quality citizens expect this year
  /// Per area: the satisfaction non-users drift toward, from what they see and hear there
  /// (neighbours refused or waiting last year, quality, visible cuts), 0..1.
  std::vector<double> area_view;
  /// Per area: trust target lost by everyone there to this year's service disruption.
  std::vector<double> trust_shock;
  int groups = 1;  ///< difficulty groups in use
  /// Share of each waiting-list class that capacity admits this year (1: all; between: by
  /// lottery): [(area * domains + domain) * kQueueClasses + class].
  std::vector<float> admit;
  /// Chance multiplier that service resolves a need, per group: ease x the provider's effort.
  std::vector<float> effort;  ///< [(area * domains + domain) * kMaxDifficultyGroups + group]
};

/// One area's citizens of one age band and difficulty group, summed by the citizen phase: one
/// cache line, so that a citizen's line in the tally is one address (the per-area, per-band and
/// per-group sums are derived from these once a year, CitizenTally::sum_area_bands).
struct AreaBandSums {
  std::int64_t people = 0, outcome = 0, satisfaction = 0, trust = 0;  ///< persons; bytes
  std::int64_t harm = 0, disengaged = 0;                              ///< bytes; persons
  std::int64_t need_people = 0;   ///< persons with a need at any time this year
  std::int64_t need_outcome = 0;  ///< their outcome bytes
};

/// Integer tallies (exact and order-independent, hence deterministic for any thread count).
struct CitizenTally {
  int areas = 0, domains = 0;
  // per (area, domain), need units counted at the start of the year
  // (the citizen phase counts these by group and class; total_year sums them once a year)
  std::vector<std::int64_t> demand_units, served_units, unmet_units;
  std::vector<std::int64_t> served_people, resolved_people;  ///< for payment by results
  std::vector<std::int64_t> slot_units;   ///< [(area*domains + d)*kChoiceSlots + slot] served units
  std::vector<std::int64_t> switches;     ///< per (area, domain): citizens who changed provider
  std::vector<std::int64_t> level_count;  ///< [(area*domains + d)*4 + level], end of year, the
                                          ///< need that comes forward (hidden_low at level 0)
  // per area (count_needs writes people and aged65; after the citizen phase all six are sums
  // of area_band, sum_area_bands)
  std::vector<std::int64_t> people, aged65, outcome_sum, satisfaction_sum, trust_sum,
      disengaged_count;
  std::vector<AreaBandSums> area_band;  ///< [(area * kAgeBands + band) * kMaxDifficultyGroups +
                                        ///< group], the citizen phase's own
  std::vector<std::int64_t> outcome_histogram;  ///< 256 bins, all areas
  // waiting lists and difficulty, per (area, domain)
  std::vector<std::int64_t> queue_count;     ///< [ad * kQueueClasses + class] persons, end of year
  std::vector<std::int64_t> hidden_low;      ///< [ad] disengaged persons with a level-1 need at the
                                             ///< year end (they do not come forward)
  std::vector<std::int64_t> served_count;    ///< [ad * kQueueClasses + class] persons served, class
                                             ///< at the start of the year
  std::vector<std::int64_t> list_exits;      ///< [ad * kListExits + ListExit] persons
  std::vector<std::int64_t> group_units;     ///< [(ad * kMaxDifficultyGroups + g) * 3 + k] need
                                             ///< units: k = 0 demand, 1 served, 2 unmet
  std::vector<std::int64_t> group_resolved;  ///< [ad * kMaxDifficultyGroups + g] persons
  // per difficulty group, all areas
  std::vector<std::int64_t> group_people, group_outcome_sum;
  // per age band (0-17, 18-44, 45-64, 65-84, 85+), all areas
  std::vector<std::int64_t> band_people;
  // (fixed-size arrays inside the tally, not vectors: the citizen loop adds to them without
  // loading a data pointer first)
  using BandCounts = std::array<std::int64_t, kAgeBands>;
  using GroupCounts = std::array<std::int64_t, kMaxDifficultyGroups>;
  BandCounts band_outcome_sum{}, band_satisfaction_sum{}, band_trust_sum{};  ///< bytes
  BandCounts band_need_people{};       ///< persons with a need at any time this year
  BandCounts band_need_outcome_sum{};  ///< their outcome bytes
  BandCounts band_demand_units{}, band_unmet_units{};  ///< need units, start of year
  BandCounts band_harm_sum{};                          ///< lasting harm bytes at the year end
  // outcomes over people with need (`[outcomes]`)
  std::array<std::int64_t, 256> need_outcome_histogram{};  ///< people with need, all areas
  GroupCounts group_need_people{}, group_need_outcome_sum{};
  std::int64_t excess_deaths = 0;          ///< deaths that lasting harm added (agents), all areas
  std::vector<std::int64_t> hidden_units;  ///< per area: need units of people who did not come
                                           ///< forward (disengaged), start of year
  std::vector<std::int64_t> onsets;  ///< per (area, domain): needs that arose this year (agents),
                                     ///< after every onset multiplier
  std::vector<std::int64_t> served_next;  ///< per (area, domain): need levels at the year end
                                          ///< of those served (value for money)

  void reset(int areas, int domains);
  /// Demand, served and unmet units, served and resolved people and the year-end need levels
  /// that come forward per (area, domain), summed over the difficulty groups and waiting-list
  /// classes the citizen phase counts in (level 0: the area's people less those with a need
  /// that comes forward; disengaged low needs are in hidden_low, not level 1).
  void total_year();
  void add(const CitizenTally& o);
  /// The per-area, per-age-band and per-group sums from area_band (after the threads' tallies
  /// are added).
  void sum_area_bands();
  std::size_t ad(int a, int d) const { return static_cast<std::size_t>(a) * domains + d; }
};

}  // namespace quasim
