// sim/world_init.cpp — the initial world: areas, citizens, in-house units, the starting
// market, budgets set to the cost of the initial need.
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "agents/agencies.hpp"
#include "agents/capacity.hpp"
#include "agents/collaboration.hpp"
#include "agents/commissioner.hpp"
#include "agents/demography.hpp"
#include "agents/market.hpp"
#include "agents/needs_equilibrium.hpp"
#include "agents/provider.hpp"
#include "agents/shared_services.hpp"
#include "agents/tendering.hpp"
#include "sim/step.hpp"

namespace quasim {
namespace {

double clamp01(double x) {
  return std::clamp(x, 0.0, 1.0);
}

/// round(clamp01(x) * 255) half away from zero, as std::lround, without the libm call
/// (y - floor(y) is exact for 0 <= y <= 255, so the comparison with 0.5 is too).
std::uint8_t to_byte(double x) {
  const double y = clamp01(x) * 255.0;
  const int whole = static_cast<int>(y);
  return static_cast<std::uint8_t>(whole + (y - whole >= 0.5 ? 1 : 0));
}

int age_band(int age) {
  return age < 18 ? 0 : age < 45 ? 1 : age < 65 ? 2 : age < 85 ? 3 : 4;
}

/// An area's age structure: older areas (a higher 65+ share) also have more 45-64s, as in
/// England's coastal and rural councils; `population.area_age_spread` 0 gives every area the
/// national one. Area c's shift is draw 3 of its InitCommissioner stream.
PopulationParams area_population(const PopulationParams& national, const Streams& rng, int c) {
  PopulationParams area = national;
  if (national.area_age_spread <= 0) return area;
  const double shift = national.area_age_spread *
                       rng.normal(0, static_cast<std::uint64_t>(c), Purpose::InitCommissioner, 3);
  area.share_65plus = std::clamp(national.share_65plus + shift, 0.02, 0.9 - area.share_under18);
  area.share_45_64_of_adults = std::clamp(national.share_45_64_of_adults + shift, 0.05, 0.9);
  return area;
}

void init_commissioners(World& w, const Parameters& p, const Streams& rng, std::size_t agents) {
  const int C = p.commissioners.count;
  std::vector<double> size(C);
  double total = 0;
  for (int c = 0; c < C; ++c) {
    size[c] =
        std::exp(p.commissioners.size_dispersion * rng.normal(0, c, Purpose::InitCommissioner, 0));
    total += size[c];
  }
  w.market.commissioners.resize(C);
  std::size_t assigned = 0;
  for (int c = 0; c < C; ++c) {
    auto& cm = w.market.commissioners[c];
    cm.id = c;
    cm.name = commissioner_name(c);
    const std::size_t remaining_areas = static_cast<std::size_t>(C - c - 1);
    std::size_t n = c + 1 == C ? agents - assigned
                               : std::max<std::size_t>(1, std::llround(agents * size[c] / total));
    n = std::min(n, agents - assigned - remaining_areas);
    cm.agents = n;
    assigned += n;
    cm.capability =
        clamp01(p.commissioners.capability +
                p.commissioners.capability_spread * rng.normal(0, c, Purpose::InitCommissioner, 1));
    cm.risk_appetite =
        clamp01(p.commissioners.risk_appetite +
                p.commissioners.risk_spread * rng.normal(0, c, Purpose::InitCommissioner, 2));
  }
}

void init_citizens(World& w, const Parameters& p, const Streams& rng) {
  Citizens& cz = w.citizens;
  std::size_t n = 0;
  cz.area_begin.clear();
  for (const auto& cm : w.market.commissioners) {
    cz.area_begin.push_back(static_cast<std::uint32_t>(n));
    n += cm.agents;
  }
  cz.area_begin.push_back(static_cast<std::uint32_t>(n));
  cz.allocate_uninitialised(n);  // every field of every agent is written below, in parallel
  const int D = static_cast<int>(p.domains.size());
  // Cumulative steady-state need distributions by domain and age band, at in-house quality.
  std::vector<std::array<std::array<double, kNeedLevels>, kAgeBands>> cdf(D);
  const auto mortality = mortality_table(p.population.life_expectancy);
  const int band_age[kAgeBands] = {9, 31, 55, 74, 90};
  for (int d = 0; d < D; ++d)
    for (int b = 0; b < kAgeBands; ++b) {
      const auto pi =
          stationary_needs(need_transition(p, d, b, p.provider[0].quality, mortality[band_age[b]]));
      double acc = 0;
      for (int l = 0; l < kNeedLevels; ++l) cdf[d][b][l] = acc += pi(l);
    }
  std::vector<AgePyramid> pyramids;  // per area
  for (const auto& cm : w.market.commissioners)
    pyramids.push_back(age_pyramid(area_population(p.population, rng, cm.id)));
  const auto groups = difficulty_cdf(p.difficulty);
  tbb::parallel_for(std::size_t{0}, w.market.commissioners.size(), [&](std::size_t a) {
    // Draws for kRngLanes citizens at a time: the numbers uniform4 would give, vectorised.
    alignas(64) std::uint32_t words[1 + kMaxDomains][4][kRngLanes];
    const std::size_t end = cz.area_begin[a + 1];
    for (std::size_t block = cz.area_begin[a]; block < end; block += kRngLanes) {
      for (int k = 0; k <= D; ++k)
        rng.raw4_block(0, block, Purpose::InitCitizen, static_cast<std::uint32_t>(k), words[k]);
      for (std::size_t i = block; i < std::min(end, block + kRngLanes); ++i) {
        const std::size_t j = i - block;
        const std::array<double, 4> u = {
            Streams::to_unit(words[0][0][j]), Streams::to_unit(words[0][1][j]),
            Streams::to_unit(words[0][2][j]), Streams::to_unit(words[0][3][j])};
        cz.area[i] = static_cast<std::uint16_t>(a);
        const int age = initial_age(pyramids[a], u[0], u[1]);
        cz.age[i] = static_cast<std::uint8_t>(age);
        cz.capability[i] = to_byte(p.population.capability_mean + (u[2] - 0.5) * 0.6);
        cz.trust[i] = to_byte(0.45 + 0.2 * (u[3] - 0.5));
        cz.satisfaction[i] = 128;
        cz.disengaged[i] = 0;
        cz.chosen[i] = 0;
        cz.waiting[i] = 0;
        cz.harm[i] = 0;
        cz.difficulty[i] = difficulty_group(groups, Streams::to_unit(words[1][1][j]));
        std::uint16_t needs = 0;
        for (int d = 0; d < D; ++d) {
          const double v = Streams::to_unit(words[1 + d][0][j]);
          const auto& c = cdf[d][age_band(age)];
          int level = 0;
          while (level < 3 && v >= c[level]) ++level;
          needs = with_need(needs, d, level);
        }
        cz.needs[i] = needs;
        cz.outcome[i] = 255;
      }
    }
  });
}

void init_services(World& w, const Parameters& p) {
  const int D = static_cast<int>(p.domains.size());
  const auto& ih = p.provider[0];
  double total_cost = 0;
  for (auto& cm : w.market.commissioners) {
    cm.services.assign(D, Service{});
    cm.in_house.assign(D, -1);
    cm.market_memory.assign(D, TenderMemory{});
    for (int d = 0; d < D; ++d) {
      Provider unit;
      unit.id = static_cast<int>(w.market.providers.size());
      unit.type = ProviderType::InHouse;
      unit.ordinal = ++w.market.next_ordinal[0];
      unit.home = cm.id;
      unit.domain = d;
      unit.cost_mult = ih.unit_cost;
      unit.slack = p.outsourcing.inhouse_slack;
      unit.quality = ih.quality;
      unit.engagement = ih.engagement;
      unit.bid_skill = ih.bid_skill;
      unit.contracts = 1;
      w.market.providers.push_back(unit);
      cm.in_house[d] = unit.id;
      Service& s = cm.services[d];
      s.provider = unit.id;
      // Contract ends are staggered so that tenders spread over the years.
      const int lead = (cm.id / p.outsourcing.lot_size);
      s.contract_end = (lead * 7 + d * 3) % p.outsourcing.contract_years;
      s.unit_price = service_unit_price(s, w.market.providers, p.domains[d]);
    }
    // Budget: the initial coverage of the cost of all initial need, plus the back office.
    std::vector<double> weights(D, 1.0);
    cm.available = 1e300;
    allocate(cm, p, w.tally, weights);
    const double services = cm.full_cost * p.budget.initial_coverage;
    cm.budget = cm.initial_budget = services / (1.0 - p.commissioners.back_office_share);
    cm.settlement = cm.budget;
    cm.back_office = cm.budget * p.commissioners.back_office_share;
    for (int d = 0; d < D; ++d) cm.services[d].funding = cm.services[d].demand_cost;
    total_cost += cm.full_cost;
  }
  w.market.typical_lot_value =
      total_cost / std::max<std::size_t>(1, w.market.commissioners.size() * D);
}

void init_market(World& w, const Parameters& p, const Streams& rng) {
  const int D = static_cast<int>(p.domains.size());
  auto add = [&](ProviderType type, int count) {
    const int t = static_cast<int>(type);
    for (int k = 0; k < count; ++k) {
      const int id = static_cast<int>(w.market.providers.size());
      const auto z = rng.uniform4(0, static_cast<std::uint64_t>(id), Purpose::InitProvider);
      const double z1 = std::sqrt(-2 * std::log(z[0])) * std::cos(6.283185307179586 * z[1]);
      const double z2 = std::sqrt(-2 * std::log(z[0])) * std::sin(6.283185307179586 * z[1]);
      const int domain = type == ProviderType::LargePrivate ? -1 : k % D;
      const double z3 = std::sqrt(-2 * std::log(z[2])) * std::cos(6.283185307179586 * z[3]);
      w.market.providers.push_back(make_provider(p, type, id, ++w.market.next_ordinal[t], domain,
                                                 typical_size(p, type, w.market.typical_lot_value),
                                                 z1, z2, z3));
    }
  };
  add(ProviderType::LargePrivate, p.market.large_private);
  add(ProviderType::Sme, p.market.sme);
  add(ProviderType::Voluntary, p.market.voluntary);
}

}  // namespace

World init_world(const Parameters& p, const Streams& rng, PhaseClock* clock) {
  World w;
  const auto agents =
      static_cast<std::size_t>(std::ceil(p.population.citizens / p.population.agent_weight));
  init_commissioners(w, p, rng, agents);
  {
    PhaseTimer timer(clock, Phase::InitCitizens);
    init_citizens(w, p, rng);
    count_needs(w.citizens, static_cast<int>(p.domains.size()), w.tally);
  }
  PhaseTimer timer(clock, Phase::InitOther);
  init_services(w, p);
  init_agencies(w.market, p, w.agencies);  // departments take their domains' initial cost
  init_capacity(w.market, p, w.tally);     // in-house units staffed for the initial need
  init_market(w, p, rng);
  form_partnerships(w.market.commissioners, w.market.partnerships, p.collaboration, rng);
  w.market.last_bidders.assign(p.domains.size(), p.outsourcing.initial_rivals);
  w.market.support_fund_left = p.mutuals.support_fund;
  // An empty ledger of the right shape, so a rule can be run on a fresh world (each year's
  // step starts its own).
  w.market.ledger.begin_year(w.market.commissioners.size(), p.domains.size(),
                             w.market.providers.size());
  return w;
}

}  // namespace quasim
