// agents/tendering.cpp — tenders and awards (seeds 000, 002; MODEL_BRIEF "Outsourcing").
#include "agents/tendering.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "agents/commissioner.hpp"
#include "agents/provider.hpp"

namespace quasim {
namespace {

std::vector<int> lot_members(const World& w, int lead, int lot_size) {
  std::vector<int> lot;
  const int n = static_cast<int>(w.commissioners.size());
  for (int c = lead; c < std::min(n, lead + lot_size); ++c) lot.push_back(c);
  return lot;
}

double in_house_cost(const Provider& pr, const DomainParams& dp) {
  return dp.unit_cost * pr.cost_mult * (1.0 + pr.slack);
}

void release(World& w, Service& s) {
  if (s.provider >= 0)
    w.providers[s.provider].contracts = std::max(0, w.providers[s.provider].contracts - 1);
}

void assign(World& w, Service& s, int provider) {
  release(w, s);
  s.provider = provider;
  Provider& pr = w.providers[provider];
  ++pr.contracts;
  pr.idle_years = 0;
}

}  // namespace

void clear_alternatives(World& w, Service& s) {
  for (int& a : s.alternatives) {
    if (a >= 0) w.providers[a].contracts = std::max(0, w.providers[a].contracts - 1);
    a = -1;
  }
}

void drop_alternative(World& w, Service& s, int id) {
  int k = 0;
  std::array<int, kChoiceSlots - 1> kept{-1, -1, -1};
  std::array<double, kChoiceSlots - 1> price{};
  for (int j = 0; j < kChoiceSlots - 1; ++j) {
    if (s.alternatives[j] < 0) continue;
    if (s.alternatives[j] == id) {
      w.providers[id].contracts = std::max(0, w.providers[id].contracts - 1);
      continue;
    }
    price[k] = s.alternative_price[j];
    kept[k++] = s.alternatives[j];
  }
  s.alternatives = kept;
  s.alternative_price = price;
}

double service_unit_price(const World& w, const Parameters& p, int c, int d) {
  const Service& s = w.commissioners[c].services[d];
  if (s.contracted) return s.price;
  return in_house_cost(w.providers[s.provider], p.domains[d]);
}

void take_back_in_house(World& w, const Parameters& p, int c, int d, double disruption,
                        double cost_share) {
  Commissioner& cm = w.commissioners[c];
  Service& s = cm.services[d];
  const double annual = std::max(s.spending, s.funding);
  assign(w, s, cm.in_house[d]);
  s.contracted = false;
  s.price = 0;
  s.pbr_share = 0;
  s.must_tender = false;
  s.disruption = disruption;
  s.contract_end = w.year + 1;  // decide again next year
  const double cost = cost_share * annual;
  cm.transaction_costs += cost;
  w.events.transaction_costs += cost;
  (void)p;
}

std::vector<Bid> run_tender(World& w, const Parameters& p, const Streams& rng,
                            const std::vector<int>& lot, int d) {
  const auto& dp = p.domains[d];
  const auto& out = p.outsourcing;
  Commissioner& lead = w.commissioners[lot.front()];
  double value = 0;  // GBP/yr of the lot
  for (int c : lot) value += std::max(w.commissioners[c].services[d].funding, 1.0);
  const int incumbent = lead.services[d].provider;
  const int tender_id = lot.front() * kMaxDomains + d;
  const int expected_rivals = std::max(1, w.last_bidders[d]);
  const double noise = observation_noise(lead, p);
  w.events.tendered_value += value;

  std::vector<Bid> bids;
  for (Provider& pr : w.providers) {
    if (!pr.alive) continue;
    if (pr.domain >= 0 && pr.domain != d) continue;
    const bool own_unit = !pr.external() && pr.id == lead.in_house[d];
    const bool in_house_may_bid =
        out.in_house_bids && lot.size() == 1 && lead.services[d].rounds < out.in_house_rounds;
    if (!pr.external() && !(own_unit && in_house_may_bid)) continue;
    if (pr.spun_out && std::find(lot.begin(), lot.end(), pr.home) == lot.end())
      continue;  // local only
    if (!out.excluded_provider.empty() && pr.external() && pr.name() == out.excluded_provider)
      continue;
    const auto& t = p.provider[static_cast<int>(pr.type)];
    if (pr.external()) {
      double standing = out.financial_standing * value;
      if (p.mutuals.level_playing_field && pr.spun_out) standing *= 0.25;
      if (pr.reserves < standing) continue;  // Central Surrey Health: no surety, no contract
      if (value > t.max_growth * std::max(pr.turnover, pr.base_size)) continue;  // too big a lot
      const double u = rng.uniform(w.year, static_cast<std::uint64_t>(pr.id), Purpose::Bid,
                                   static_cast<std::uint32_t>(tender_id));
      if (u >= out.bid_propensity) continue;
      double bid_cost = out.bid_cost * value;
      if (pr.type == ProviderType::Voluntary || pr.type == ProviderType::Sme)
        bid_cost = std::max(0.0, bid_cost - out.bid_grant);
      if (pr.reserves < bid_cost) continue;
      pr.reserves -= bid_cost;
      pr.has_bid = true;
      w.events.transaction_costs += out.bid_cost * value;
    }
    Bid b;
    b.provider = pr.id;
    if (pr.external()) {
      // Margins widen as rivals thin out (London buses: 7 bidders fell to 3).
      const double markup = t.markup * (1.0 + 3.0 / expected_rivals);
      b.price = dp.unit_cost * pr.cost_mult * (1.0 + markup);
    } else {
      // Facing competition, the in-house unit sheds most of its slack (refuse collection:
      // 17% savings where in-house teams won).
      pr.slack *= 1.0 - out.competitive_response;
      b.price = in_house_cost(pr, dp);
    }
    b.true_quality = pr.quality;
    b.observed_quality =
        pr.quality + 0.15 * pr.bid_skill +
        noise * rng.normal(w.year, static_cast<std::uint64_t>(pr.id), Purpose::BidQuality,
                           static_cast<std::uint32_t>(tender_id));
    bids.push_back(b);
  }

  // The commissioner's own cost of running the tender.
  const double tender_cost = out.tender_cost * value;
  w.events.transaction_costs += tender_cost;
  for (int c : lot) {
    auto& cm = w.commissioners[c];
    cm.transaction_costs += tender_cost * std::max(cm.services[d].funding, 1.0) / value;
  }
  w.last_bidders[d] = static_cast<int>(bids.size());
  for (int c : lot) ++w.commissioners[c].services[d].rounds;
  if (bids.empty()) return bids;

  double min_price = bids.front().price, max_obs = 1e-9, best_true = 0;
  for (const auto& b : bids) {
    min_price = std::min(min_price, b.price);
    max_obs = std::max(max_obs, b.observed_quality);
    best_true = std::max(best_true, b.true_quality);
  }
  const double incumbent_bonus =
      out.incumbent_advantage * std::pow(1.0 - out.incumbent_erosion, lead.services[d].rounds);
  for (auto& b : bids) {
    const Provider& pr = w.providers[b.provider];
    b.score = out.price_weight * (min_price / b.price) +
              (1.0 - out.price_weight) * std::max(0.0, b.observed_quality) / max_obs;
    if (b.provider == incumbent) b.score += incumbent_bonus;
    // Risk aversion at the micro level (seed 002): "safe" to award to the big firm.
    if (pr.type == ProviderType::LargePrivate || pr.type == ProviderType::JointVenture)
      b.score += (1.0 - lead.risk_appetite) * out.size_preference;
  }
  const auto win = std::max_element(bids.begin(), bids.end(),
                                    [](const Bid& a, const Bid& b) { return a.score < b.score; });
  Provider& winner = w.providers[win->provider];

  ++w.events.tenders;
  w.events.bids += static_cast<int>(bids.size());
  w.events.quality_gap_sum += best_true - win->true_quality;

  // Where citizens hold personal budgets, the next-best bids join the framework too.
  std::vector<const Bid*> runners_up;
  if (dp.choice) {
    for (const auto& b : bids)
      if (b.provider != winner.id) runners_up.push_back(&b);
    std::sort(runners_up.begin(), runners_up.end(),
              [](const Bid* a, const Bid* b) { return a->score > b->score; });
    runners_up.resize(
        std::min<std::size_t>(runners_up.size(), std::max(0, out.framework_size - 1)));
  }
  for (int c : lot) {
    Commissioner& cm = w.commissioners[c];
    Service& s = cm.services[d];
    clear_alternatives(w, s);
    for (std::size_t k = 0; k < runners_up.size(); ++k) {
      s.alternatives[k] = runners_up[k]->provider;
      s.alternative_price[k] = runners_up[k]->price;
      ++w.providers[runners_up[k]->provider].contracts;
      w.providers[runners_up[k]->provider].idle_years = 0;
    }
    const bool new_provider = s.provider != winner.id;
    assign(w, s, winner.id);
    s.contracted = winner.external();
    s.price = s.contracted ? win->price : 0.0;
    s.pbr_share = s.contracted ? dp.pbr_share : 0.0;
    s.contract_end = w.year + out.contract_years;
    s.must_tender = false;
    const std::size_t base = w.tally.ad(c, d) * kNeedLevels;
    s.planned_units = p.outsourcing.volume_forecast * p.population.agent_weight *
                      (w.tally.level_count[base + 1] + 2.0 * w.tally.level_count[base + 2] +
                       3.0 * w.tally.level_count[base + 3]);
    if (new_provider && winner.external()) {
      const double mob = out.mobilisation_cost * std::max(s.funding, 1.0);
      winner.reserves -= mob;
      w.events.transaction_costs += mob;
    }
  }
  return bids;
}

void commission(World& w, const Parameters& p, const Streams& rng) {
  const int D = static_cast<int>(p.domains.size());
  const int lot_size = p.outsourcing.lot_size;
  for (int d = 0; d < D; ++d) {
    for (int lead = 0; lead < static_cast<int>(w.commissioners.size()); lead += lot_size) {
      const auto lot = lot_members(w, lead, lot_size);
      // A lot is decided when any member's contract ends (a failure or termination in one area
      // re-opens the whole lot); a protected spin-out anywhere in it forces open competition.
      bool due = false, must = false;
      for (int c : lot) {
        const Service& sc = w.commissioners[c].services[d];
        due |= sc.contract_end <= w.year;
        must |= sc.must_tender && sc.contract_end <= w.year;
      }
      if (!due) continue;
      const double u =
          rng.uniform(w.year, static_cast<std::uint64_t>(lead * kMaxDomains + d), Purpose::Tender);
      const bool to_market = must || u < p.domains[d].tender_share;
      // Price index reference: the in-house unit's cost before competition this round.
      const Provider& unit = w.providers[w.commissioners[lead].in_house[d]];
      const double reference = in_house_cost(unit, p.domains[d]);
      const double previous = service_unit_price(w, p, lead, d);
      if (to_market) {
        const auto bids = run_tender(w, p, rng, lot, d);
        if (!bids.empty()) {
          const Service& after = w.commissioners[lead].services[d];
          const double price = after.contracted ? after.price : service_unit_price(w, p, lead, d);
          w.events.price_index_sum += price / reference;
          w.events.savings_sum += 1.0 - price / previous;
          continue;
        }
      }
      // Not tendered (or nobody bid): the in-house unit provides, as provider of last resort.
      for (int c : lot) {
        Commissioner& cm = w.commissioners[c];
        Service& sc = cm.services[d];
        clear_alternatives(w, sc);
        if (sc.contracted || sc.provider != cm.in_house[d]) {
          assign(w, sc, cm.in_house[d]);
          sc.contracted = false;
          sc.price = 0;
          sc.pbr_share = 0;
        }
        sc.must_tender = false;
        sc.contract_end = w.year + p.outsourcing.contract_years;
      }
    }
  }
}

}  // namespace quasim
