// agents/citizens.cpp — the citizen phase. Hot: no allocation or virtual calls per citizen;
// random numbers come four at a time from the counter-based stream. `live_citizen` lists one
// citizen's year step by step; the steps are forced inline because together they are one loop
// body (about 600 instructions a citizen-year), split only to be read.
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

/// Everything the citizen loop reads that is the same for every citizen this year.
struct PhaseRates {
  int domains = 0;
  std::array<DomainRates, kMaxDomains> domain{};
  double outcome_scale = 0;  ///< 1 / (3 x the outcome weights): weighted need to 0..1
  double coproduction = 0, response = 0, disengagement = 0, capability_mean = 0;
  double expectation = 0;                                     ///< quality citizens expect this year
  std::array<double, kMaxDifficultyGroups> difficulty_cdf{};  ///< a newborn's group
  double waiting_escalation = 0, dissatisfaction = 0, give_up = 0;  ///< `[waiting]`
  double hearsay = 0;  ///< non-users' response to what they see and hear in their area
  const double* area_view = nullptr;    ///< per area (CitizenConditions::area_view)
  const double* trust_shock = nullptr;  ///< per area (CitizenConditions::trust_shock)
  // lasting harm (`[outcomes]`), by harm byte: multipliers of death and onset, outcome lost
  std::array<double, 256> harm_mortality{}, harm_onset{}, harm_outcome{};
  double harm_rise = 0, harm_decay = 0;
};

/// The year's rate tables (onset by domain and age band, resolution, escalation, outcome
/// weights) and the population's constants, worked out once for every citizen.
PhaseRates phase_rates(const Parameters& p, const CitizenConditions& cond) {
  PhaseRates r;
  r.domains = cond.domains;
  double weight_total = 0;
  for (int d = 0; d < r.domains; ++d) {
    const auto& dp = p.domains[d];
    DomainRates& dr = r.domain[d];
    for (int b = 0; b < kAgeBands; ++b) dr.onset[b] = dp.onset * dp.age_weights[b];
    dr.escalation = dp.escalation;
    dr.resolution = dp.resolution;
    dr.natural_resolution = dp.natural_resolution;
    dr.weight = dp.outcome_weight;
    weight_total += dp.outcome_weight;
  }
  r.outcome_scale = weight_total > 0 ? 1.0 / (3.0 * weight_total) : 0.0;
  r.coproduction = p.population.coproduction;
  r.response = p.population.trust_response;
  r.disengagement = p.population.disengagement;
  r.capability_mean = p.population.capability_mean;
  r.expectation = cond.expectation;
  r.difficulty_cdf = difficulty_cdf(p.difficulty);
  r.waiting_escalation = p.waiting.escalation;
  r.dissatisfaction = p.waiting.dissatisfaction;
  r.give_up = p.waiting.give_up;
  r.hearsay = p.population.hearsay_response;
  r.area_view = cond.area_view.data();
  r.trust_shock = cond.trust_shock.data();
  const OutcomeParams& o = p.outcomes;
  for (int b = 0; b < 256; ++b) {
    r.harm_mortality[b] = 1.0 + o.harm_mortality * kByteUnit[b];
    r.harm_onset[b] = 1.0 + o.harm_onset * kByteUnit[b];
    r.harm_outcome[b] = o.harm_outcome * kByteUnit[b];
  }
  r.harm_rise = o.harm_rise;
  r.harm_decay = o.harm_decay;
  return r;
}

/// What the per-citizen steps read besides the citizen: the same for the whole phase.
struct PhaseInputs {
  const PhaseRates& rates;
  const CitizenConditions& cond;
  const Streams& rng;
  int year;
};

/// The draws every citizen makes (demography, onset) for kRngLanes citizens at a time: the
/// same numbers as uniform4, vectorised. Draws for a need or a choice stay one by one.
struct BlockDraws {
  alignas(64) std::uint32_t base[4][kRngLanes];
  alignas(64) std::uint32_t onset[(kMaxDomains + 3) / 4][4][kRngLanes];
};

/// Most citizens have no need in most domains and only need an onset draw: one Philox call
/// serves the onset draws of four domains; a domain with a need gets a call of its own.
[[gnu::always_inline]] inline void draw_block(const PhaseInputs& in, std::size_t block,
                                              BlockDraws& w) {
  in.rng.raw4_block(in.year, block, Purpose::Demography, 0, w.base);
  for (int g = 0; g < (in.rates.domains + 3) / 4; ++g)
    in.rng.raw4_block(in.year, block, Purpose::Onset, static_cast<std::uint32_t>(g), w.onset[g]);
}

/// One citizen's year in progress: read from the vectors once, written back once.
struct CitizenYear {
  std::size_t i = 0;  ///< which citizen (the key of its own draws)
  int area = 0, age = 0, band = 0;
  int group = 0;  ///< difficulty group
  double capability = 0;
  double onset_factor = 1;        ///< co-production x lasting harm: the citizen's onset multiplier
  std::uint8_t harm = 0;          ///< lasting harm byte at the start of the year
  bool high_unserved = false;     ///< a level-3 need went unserved (refused or waiting) this year
  std::uint16_t needs_start = 0;  ///< needs at the start of the year (after any birth)
  double trust = 0;               ///< at the start of the year
  bool disengaged = false;  ///< at the start of the year; set when the citizen gives up a list
  bool gave_up = false;     ///< gave up a waiting list this year
  std::uint16_t needs = 0, chosen = 0, waiting = 0;
  double experience_sum = 0;  ///< quality met, summed over the domains that served the citizen
  double waited_years = 0;    ///< waits before service, summed over those domains
  int experiences = 0;
  bool unmet_any = false;
  double outcome_loss = 0;  ///< outcome weight x need level, summed over domains
};

/// Death, replaced by a birth in the same area: the population of an area is constant, its
/// age structure drifts with the initial pyramid and longevity. Writes and returns the age.
/// A death takes the citizen off every waiting list it was on.
[[gnu::always_inline]] inline int age_death_and_birth(Citizens& c, std::size_t i, int area,
                                                      const PhaseInputs& in,
                                                      const std::array<double, 4>& base,
                                                      CitizenTally& t) {
  int age = c.age[i];
  const double mortality = in.cond.mortality[std::min(age, 110)];
  if (base[0] < mortality * in.rates.harm_mortality[c.harm[i]]) {
    t.excess_deaths += base[0] >= mortality;  // would have lived without the harm
    if (c.waiting[i] != 0)
      for (int d = 0; d < in.rates.domains; ++d)
        if (need_level(c.waiting[i], d) != 0)
          ++t.list_exits[t.ad(area, d) * kListExits + static_cast<int>(ListExit::Died)];
    age = 0;
    c.waiting[i] = 0;
    const double scaled = base[2] * 256.0;  // a second, independent-enough fraction of the draw
    c.difficulty[i] = difficulty_group(in.rates.difficulty_cdf, scaled - floor_nonnegative(scaled));
    c.needs[i] = 0;
    c.capability[i] = to_byte(in.rates.capability_mean + (base[2] - 0.5) * 0.6);
    c.satisfaction[i] = 128;
    // trust is left as it was: a newborn takes the slot's (its household's) trust
    c.disengaged[i] = 0;
    c.chosen[i] = 0;
    c.harm[i] = 0;
  } else {
    age = std::min(age + 1, 110);
  }
  c.age[i] = static_cast<std::uint8_t>(age);
  return age;
}

/// The citizen's state at the start of its year, after ageing (a newborn's is fresh).
[[gnu::always_inline]] inline CitizenYear begin_year(const Citizens& c, std::size_t i, int area,
                                                     int age, const PhaseRates& r) {
  CitizenYear cy;
  cy.i = i;
  cy.area = area;
  cy.age = age;
  cy.band = age_band(age);
  cy.group = c.difficulty[i];
  cy.capability = kByteUnit[c.capability[i]];
  cy.trust = kByteUnit[c.trust[i]];
  cy.disengaged = c.disengaged[i] != 0;
  cy.needs = cy.needs_start = c.needs[i];
  cy.harm = c.harm[i];
  cy.onset_factor = (1.0 - r.coproduction * cy.capability) * r.harm_onset[cy.harm];
  cy.chosen = c.chosen[i];
  cy.waiting = c.waiting[i];
  return cy;
}

/// A new user picks the best-regarded provider half the time, else any.
[[gnu::always_inline]] inline int first_choice(const ServiceCondition& s,
                                               const std::array<double, 4>& v) {
  int best = 0;
  for (int k = 1; k < s.slots; ++k)
    if (s.slot_quality[k] > s.slot_quality[best]) best = k;
  return v[2] < 0.5 ? best : std::min(s.slots - 1, static_cast<int>(v[3] * s.slots));
}

/// No need yet: one arises with the onset chance, lower for the capable (co-production), higher
/// with lasting harm; a new user of a choice domain picks a provider. Returns the level (0 or 1).
[[gnu::always_inline]] inline int need_arising(const PhaseInputs& in, CitizenYear& cy, int d,
                                               std::size_t ad, double onset_draw, CitizenTally& t) {
  const DomainRates& r = in.rates.domain[d];
  const ServiceCondition& s = in.cond.service[ad];
  const double onset = r.onset[cy.band] * s.onset_multiplier * cy.onset_factor;
  if (onset_draw < onset) {
    ++t.onsets[ad];
    if (s.slots > 1)
      cy.chosen = with_need(cy.chosen, d,
                            first_choice(s, in.rng.uniform4(in.year, cy.i, Purpose::Choice,
                                                            static_cast<std::uint32_t>(d))));
    return 1;
  }
  return 0;
}

/// Rationing by money: highest levels first, the threshold level by lottery.
[[gnu::always_inline]] inline bool is_funded(int level, const ServiceCondition& s,
                                             const std::array<double, 4>& u) {
  return level > s.threshold || (level == s.threshold && u[1] < s.marginal);
}

/// Rationing by capacity: a funded need is served this year unless disruption loses it or its
/// waiting-list class is beyond what the provider's capacity admits (the plan's lottery share).
[[gnu::always_inline]] inline bool is_admitted(const PhaseInputs& in, std::size_t ad, int k,
                                               const std::array<double, 4>& u) {
  return u[2] >= in.cond.service[ad].disruption &&
         u[0] < in.cond.admit[ad * kQueueClasses + static_cast<std::size_t>(k)];
}

/// Personal budgets: the citizen uses the provider they chose; the dissatisfied move to
/// another (Open Public Services: choice and control). Returns the quality met this year (the
/// chosen provider's, before any move).
[[gnu::always_inline]] inline double chosen_provider(const PhaseInputs& in, CitizenYear& cy, int d,
                                                     std::size_t ad, int level, CitizenTally& t) {
  const ServiceCondition& s = in.cond.service[ad];
  int slot = need_level(cy.chosen, d);
  if (slot >= s.slots) slot = 0;
  const auto v = in.rng.uniform4(in.year, cy.i, Purpose::Choice, static_cast<std::uint32_t>(d));
  const double q = std::min(1.0, s.slot_quality[slot] + s.met);
  if (q < in.rates.expectation - 0.05 && v[0] < 0.3) {
    slot = (slot + 1 + static_cast<int>(v[1] * (s.slots - 1))) % s.slots;
    ++t.switches[ad];
  }
  cy.chosen = with_need(cy.chosen, d, slot);
  t.slot_units[ad * kChoiceSlots + slot] += level;
  return q;
}

/// A served need resolves a level with chance resolution x quality x the group's ease x the
/// provider's effort, else escalates with escalation x ((1 - quality) / 2 + the share of the
/// year spent queueing x waiting.escalation). Counts the service used and the quality met.
[[gnu::always_inline]] inline int served_need(const PhaseInputs& in, CitizenYear& cy, int d,
                                              std::size_t ad, int level, int waited, double u,
                                              CitizenTally& t) {
  const DomainRates& r = in.rates.domain[d];
  const ServiceCondition& s = in.cond.service[ad];
  const double queued = s.wait_weeks * (1.0 / 52.0);
  double q = std::min(1.0, s.quality + s.met);  // what the provider delivers, plus what is paid
                                                // for to meet rising expectations
  if (in.cond.service[ad].slots > 1)
    q = chosen_provider(in, cy, d, ad, level, t);
  else
    t.slot_units[ad * kChoiceSlots] += level;
  t.group_units[(ad * kMaxDifficultyGroups + cy.group) * 3 + 1] += level;
  cy.experience_sum += q;
  cy.waited_years += waited + queued;
  ++cy.experiences;
  const double resolve = r.resolution * q * in.cond.effort[ad * kMaxDifficultyGroups + cy.group];
  int next = level;
  if (u < resolve) {
    ++t.group_resolved[ad * kMaxDifficultyGroups + cy.group];
    next = level - 1;
  } else if (u <
             resolve + r.escalation * ((1.0 - q) * 0.5 + in.rates.waiting_escalation * queued)) {
    next = std::min(level + 1, 3);
  }
  t.served_next[ad] += next;  // against no service: value for money (sim/record.cpp)
  return next;
}

/// An unserved need resolves by itself (natural resolution) or escalates.
[[gnu::always_inline]] inline int unserved_need(int level, const DomainRates& r, double u) {
  if (u < r.natural_resolution) return level - 1;
  if (u < r.natural_resolution + r.escalation) return std::min(level + 1, 3);
  return level;
}

/// Takes the citizen off domain d's list, counting why.
[[gnu::always_inline]] inline void leave_list(CitizenYear& cy, int d, std::size_t ad, ListExit why,
                                              CitizenTally& t) {
  ++t.list_exits[ad * kListExits + static_cast<int>(why)];
  cy.waiting = with_need(cy.waiting, d, 0);
}

/// A funded need that capacity did not reach this year: it waits, untreated. The citizen
/// leaves the list when the need resolves by itself or escalates (an urgent case, referred
/// afresh), or gives up a low need (more readily with low trust), and then stops coming
/// forward with low needs; otherwise one more year on the list.
[[gnu::always_inline]] inline int waiting_need(const PhaseInputs& in, CitizenYear& cy, int d,
                                               std::size_t ad, int level, int waited, double u,
                                               CitizenTally& t) {
  const DomainRates& r = in.rates.domain[d];
  const int next = unserved_need(level, r, u);
  if (next == 0) {
    leave_list(cy, d, ad, ListExit::Resolved, t);
  } else if (next > level) {
    leave_list(cy, d, ad, ListExit::Escalated, t);
  } else {
    // A low need that neither resolved nor escalated: u is uniform on [stay, 1) here, so
    // rescaled it is the give-up draw.
    const double stay = r.natural_resolution + r.escalation;
    const double v = (u - stay) / std::max(1e-12, 1.0 - stay);
    if (level == 1 && next == 1 && v < in.rates.give_up * (1.0 - cy.trust)) {
      leave_list(cy, d, ad, ListExit::GaveUp, t);
      cy.gave_up = true;  // disengaged from next year: this year's other domains are unchanged
    } else {
      cy.waiting = with_need(cy.waiting, d, std::min(waited + 1, kWaitBands - 1));
    }
  }
  return next;
}

/// A need already there: counted as demand; funded or not (money), then admitted or left
/// waiting (capacity); then resolving or escalating.
[[gnu::always_inline]] inline int existing_need(const PhaseInputs& in, CitizenYear& cy, int d,
                                                std::size_t ad, int level, CitizenTally& t) {
  const auto u = in.rng.uniform4(in.year, cy.i, Purpose::Needs, static_cast<std::uint32_t>(d));
  const int waited = need_level(cy.waiting, d);
  if (cy.disengaged && level == 1) {
    // Does not come forward: hidden need, neither demand nor unmet; it runs its course.
    t.hidden_units[cy.area] += 1;
    if (waited != 0) leave_list(cy, d, ad, ListExit::GaveUp, t);
    return unserved_need(level, in.rates.domain[d], u[3]);
  }
  const std::size_t gd = (ad * kMaxDifficultyGroups + cy.group) * 3;
  t.group_units[gd] += level;
  t.band_demand_units[cy.band] += level;
  if (is_funded(level, in.cond.service[ad], u)) {
    const int k = queue_class(level, cy.group, waited);
    if (is_admitted(in, ad, k, u)) {
      ++t.served_count[ad * kQueueClasses + static_cast<std::size_t>(k)];
      cy.waiting = with_need(cy.waiting, d, 0);
      return served_need(in, cy, d, ad, level, waited, u[3], t);
    }
    t.group_units[gd + 2] += level;
    t.band_unmet_units[cy.band] += level;
    cy.unmet_any = true;
    cy.high_unserved |= level == 3;
    return waiting_need(in, cy, d, ad, level, waited, u[3], t);
  }
  if (waited != 0) leave_list(cy, d, ad, ListExit::Ineligible, t);
  t.group_units[gd + 2] += level;
  t.band_unmet_units[cy.band] += level;
  cy.unmet_any = true;
  cy.high_unserved |= level == 3;
  return unserved_need(level, in.rates.domain[d], u[3]);
}

/// Each domain's need this year (arising where there is none, else served or not), counted by
/// level at the end of the year and weighed into the outcome loss.
[[gnu::always_inline]] inline void needs_in_every_domain(const PhaseInputs& in, const BlockDraws& w,
                                                         std::size_t j, CitizenYear& cy,
                                                         CitizenTally& t) {
  const int D = in.rates.domains;
  for (int d = 0; d < D; ++d) {
    int level = need_level(cy.needs, d);
    const std::size_t ad = static_cast<std::size_t>(cy.area) * D + d;
    if (level == 0)
      level = need_arising(in, cy, d, ad, Streams::to_unit(w.onset[d / 4][d % 4][j]), t);
    else
      level = existing_need(in, cy, d, ad, level, t);
    cy.needs = with_need(cy.needs, d, level);
    // Needs at the year end: next year's queue by class, and the low needs of the disengaged,
    // who will not come forward (level counts are summed from these, total_year).
    if (level > 0) {
      if (cy.disengaged && level == 1)
        ++t.hidden_low[ad];
      else
        ++t.queue_count[ad * kQueueClasses + static_cast<std::size_t>(queue_class(
                                                 level, cy.group, need_level(cy.waiting, d)))];
    }
    cy.outcome_loss += in.rates.domain[d].weight * level;
  }
}

/// Satisfaction follows what was received against rising expectations; a non-user's follows,
/// more slowly, what they see and hear in their area. Trust follows satisfaction more slowly,
/// less any disruption in the area (seed 003: trust in local authorities has declined). Both
/// are stored as bytes, rounded by the draw u; returns trust before rounding.
[[gnu::always_inline]] inline double satisfaction_and_trust(Citizens& c, const CitizenYear& cy,
                                                            const PhaseRates& r, double u) {
  const std::size_t i = cy.i;
  double sat = kByteUnit[c.satisfaction[i]];
  double trust = kByteUnit[c.trust[i]];
  if (cy.experiences > 0 || cy.unmet_any) {
    const double received = cy.experiences > 0 ? cy.experience_sum / cy.experiences : 0.0;
    const double waited = cy.experiences > 0 ? cy.waited_years / cy.experiences : 0.0;
    const double target = cy.unmet_any ? 0.1
                                       : std::clamp(0.5 + (received - r.expectation) -
                                                        r.dissatisfaction * std::min(1.0, waited),
                                                    0.0, 1.0);
    sat += r.response * (target - sat);
  } else {
    sat += r.hearsay * (r.area_view[cy.area] - sat);
  }
  trust += 0.5 * r.response * (sat - r.trust_shock[cy.area] - trust);
  c.satisfaction[i] = to_byte_stochastic(sat, u);
  const double scaled = u * 256.0;  // a second, independent-enough fraction of the draw
  c.trust[i] = to_byte_stochastic(trust, scaled - floor_nonnegative(scaled));
  return trust;
}

/// Younger cohorts may stop using public channels (seed 001); high need brings them back.
/// (with disengagement 0, the default, no draw can fall below the chance: skip the test)
[[gnu::always_inline]] inline void disengagement(Citizens& c, const CitizenYear& cy, double rate,
                                                 double trust, double u) {
  if (rate > 0 && !cy.disengaged && cy.age < 40 && u < rate * 2.0 * (1.0 - trust))
    c.disengaged[cy.i] = 1;
  if (cy.disengaged && (cy.needs & 0xAAAA)) c.disengaged[cy.i] = 0;  // any level >= 2
}

/// Lasting harm rises toward 1 in a year a level-3 need went unserved, else fades; stored as a
/// byte rounded by the fraction u (most citizens have none and are left untouched).
[[gnu::always_inline]] inline void lasting_harm(Citizens& c, CitizenYear& cy, const PhaseRates& r,
                                                double u) {
  if (cy.harm == 0 && !cy.high_unserved) return;
  double harm = kByteUnit[cy.harm];
  harm += cy.high_unserved ? r.harm_rise * (1.0 - harm) : -r.harm_decay * harm;
  cy.harm = to_byte_stochastic(harm, u);
  c.harm[cy.i] = cy.harm;
}

/// The outcome index: one minus the weighted need left at the end of the year and the outcome
/// lost to lasting harm.
[[gnu::always_inline]] inline std::uint8_t record_outcome(Citizens& c, const CitizenYear& cy,
                                                          const PhaseRates& r) {
  const std::uint8_t outcome =
      to_byte(1.0 - cy.outcome_loss * r.outcome_scale - r.harm_outcome[cy.harm]);
  c.outcome[cy.i] = outcome;
  return outcome;
}

/// The citizen's line in its area's tally (integers: the sum is the same in any order). Its
/// area, age band and group's sums share one cache line; the per-area, per-band and per-group
/// totals are summed from them once a year (CitizenTally::sum_area_bands).
[[gnu::always_inline]] inline void tally_citizen(const Citizens& c, const CitizenYear& cy,
                                                 std::uint8_t outcome, CitizenTally& t) {
  AreaBandSums& s =
      t.area_band[(static_cast<std::size_t>(cy.area) * kAgeBands + cy.band) * kMaxDifficultyGroups +
                  cy.group];
  const int sat = c.satisfaction[cy.i], trust = c.trust[cy.i];
  const int had_need = (cy.needs_start | cy.needs) != 0;  // at some time in the year
  ++s.people;
  s.outcome += outcome;
  s.satisfaction += sat;
  s.trust += trust;
  s.harm += cy.harm;
  s.disengaged += c.disengaged[cy.i];
  s.need_people += had_need;
  s.need_outcome += had_need * outcome;  // without a branch: needs come in random order
  ++t.outcome_histogram[outcome];
  t.need_outcome_histogram[outcome] += had_need;
}

/// One citizen's year (citizen i, lane j of its block), each step after those it reads.
[[gnu::always_inline]] inline void live_citizen(Citizens& c, std::size_t i, std::size_t j,
                                                const PhaseInputs& in, const BlockDraws& w,
                                                CitizenTally& t) {
  const int a = c.area[i];
  const std::array<double, 4> base = {
      Streams::to_unit(w.base[0][j]), Streams::to_unit(w.base[1][j]),
      Streams::to_unit(w.base[2][j]), Streams::to_unit(w.base[3][j])};
  CitizenYear cy = begin_year(c, i, a, age_death_and_birth(c, i, a, in, base, t), in.rates);
  needs_in_every_domain(in, w, j, cy, t);
  c.needs[i] = cy.needs;
  c.chosen[i] = cy.chosen;
  // Most citizens are on no list and stay so: their bytes (and the cache lines holding them)
  // are left untouched rather than rewritten.
  if (cy.waiting != c.waiting[i]) c.waiting[i] = cy.waiting;
  if (cy.gave_up) c.disengaged[i] = 1;
  const double trust = satisfaction_and_trust(c, cy, in.rates, base[3]);
  disengagement(c, cy, in.rates.disengagement, trust, base[1]);
  const double scaled = base[1] * 256.0;  // a second, independent-enough fraction of the draw
  lasting_harm(c, cy, in.rates, scaled - floor_nonnegative(scaled));
  tally_citizen(c, cy, record_outcome(c, cy, in.rates), t);
}

/// The citizens of one task's range, kRngLanes at a time, into that thread's tally.
void live_range(Citizens& c, const PhaseInputs& in, const tbb::blocked_range<std::size_t>& range,
                CitizenTally& t) {
  BlockDraws w;
  for (std::size_t block = range.begin(); block < range.end(); block += kRngLanes) {
    draw_block(in, block, w);
    const std::size_t block_end = std::min(range.end(), block + kRngLanes);
    for (std::size_t i = block; i != block_end; ++i) live_citizen(c, i, i - block, in, w, t);
  }
}

}  // namespace

void live(Citizens& c, const CitizenConditions& cond, const Parameters& p, const Streams& rng,
          int year, CitizenTally& tally) {
  const int D = cond.domains;
  const int A = static_cast<int>(c.area_begin.size()) - 1;
  const PhaseRates rates = phase_rates(p, cond);
  const PhaseInputs in{rates, cond, rng, year};
  tbb::enumerable_thread_specific<CitizenTally> local([&] {
    CitizenTally t;
    t.reset(A, D);
    return t;
  });
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, c.size(), kGrain),
                    [&](const auto& range) { live_range(c, in, range, local.local()); });
  tally.reset(A, D);
  for (const auto& t : local) tally.add(t);  // integer sums: order-independent
  tally.sum_area_bands();
  tally.total_year();  // per-service totals from the group and class counts, once
}

void area_signals(const CitizenTally& last, const Parameters& p, int c, CitizenConditions& cond) {
  const int D = cond.domains;
  double demand = 0, unmet = 0, quality = 0, wait = 0, excluded = 0, disruption = 0;
  for (int d = 0; d < D; ++d) {
    const std::size_t ad = static_cast<std::size_t>(c) * D + d;
    if (ad < last.demand_units.size()) {
      demand += static_cast<double>(last.demand_units[ad]);
      unmet += static_cast<double>(last.unmet_units[ad]);
    }
    const ServiceCondition& sc = cond.service[ad];
    quality += std::min(1.0, sc.quality + sc.met);
    wait += sc.wait_weeks;
    excluded += sc.threshold >= 4 ? 1.0 : (sc.threshold - sc.marginal) / 3.0;
    disruption = std::max(disruption, sc.disruption);
  }
  const double n = std::max(1, D);
  const double refused = demand > 0 ? unmet / demand : 0.0;
  // A neighbour who was served reports what a user's satisfaction aims at; one refused or
  // waiting, what an unmet need's does (agents/citizens.cpp).
  const double served_view =
      std::clamp(0.5 + quality / n - cond.expectation -
                     p.waiting.dissatisfaction * std::min(1.0, wait / n / 52.0),
                 0.0, 1.0);
  const double heard = refused * 0.1 + (1.0 - refused) * served_view;
  cond.area_view[c] = std::clamp(heard - p.population.cut_salience * excluded / n, 0.0, 1.0);
  cond.trust_shock[c] = p.population.failure_salience * disruption;
}

void count_needs(const Citizens& c, int domains, CitizenTally& tally) {
  const int A = static_cast<int>(c.area_begin.size()) - 1;
  tally.reset(A, domains);
  // Citizens are sorted by area: each task counts one area, so no two tasks share a counter.
  tbb::parallel_for(0, A, [&](int a) {
    for (std::size_t i = c.area_begin[a]; i < c.area_begin[a + 1]; ++i) {
      for (int d = 0; d < domains; ++d) {
        const std::size_t ad = static_cast<std::size_t>(a) * domains + d;
        const int level = need_level(c.needs[i], d);
        const bool hidden = c.disengaged[i] && level == 1;  // does not come forward
        ++tally.level_count[ad * kNeedLevels + (hidden ? 0 : level)];
        if (level == 0) continue;
        if (hidden)
          ++tally.hidden_low[ad];
        else
          ++tally.queue_count[ad * kQueueClasses +
                              static_cast<std::size_t>(queue_class(level, c.difficulty[i],
                                                                   need_level(c.waiting[i], d)))];
      }
      ++tally.people[a];
      tally.aged65[a] += c.age[i] >= 65;
    }
  });
}

}  // namespace quasim
