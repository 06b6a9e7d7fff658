// agents/tendering.cpp — tenders and awards (seeds 000, 002; MODEL_BRIEF "Outsourcing").
#include "agents/tendering.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <string>
#include <string_view>

#include "agents/bidding.hpp"
#include "agents/capacity.hpp"
#include "agents/commissioner.hpp"
#include "agents/last_resort.hpp"
#include "agents/make_or_buy.hpp"
#include "agents/payment_by_results.hpp"
#include "agents/performance.hpp"
#include "agents/provider.hpp"
#include "agents/subcontracting.hpp"

namespace quasim {
namespace {

std::vector<int> lot_members(const Market& market, int lead, int lot_size) {
  std::vector<int> lot;
  const int n = static_cast<int>(market.commissioners.size());
  for (int c = lead; c < std::min(n, lead + lot_size); ++c) lot.push_back(c);
  return lot;
}

/// Id of the external provider named `name` ("<type>-<n>", as Provider::name() writes it), or
/// -1 (empty, or no such provider). Names are unique: ordinals never repeat within a type.
int provider_named(const std::vector<Provider>& providers, const std::string& name) {
  const auto dash = name.rfind('-');
  if (name.empty() || dash == std::string::npos) return -1;
  const std::string_view type_name(name.data(), dash);
  const auto* type = std::find(kProviderTypeNames.begin(), kProviderTypeNames.end(), type_name);
  if (type == kProviderTypeNames.end()) return -1;
  int ordinal = 0;
  const char* digits = name.data() + dash + 1;
  const auto [end, error] = std::from_chars(digits, name.data() + name.size(), ordinal);
  // Only the canonical spelling matches a name ("sme-01" names nobody, as before).
  if (error != std::errc{} || end != name.data() + name.size() ||
      std::to_string(ordinal) != std::string_view(digits))
    return -1;
  for (const Provider& pr : providers)
    if (pr.external() && static_cast<int>(pr.type) == type - kProviderTypeNames.begin() &&
        pr.ordinal == ordinal)
      return pr.id;
  return -1;
}

/// What every bidder in one tender sees: the lot, its value and the market's memory.
struct TenderTerms {
  const std::vector<int>& lot;
  int domain = 0;
  int tender_id = 0;   ///< draw index of this tender's random numbers
  double value = 0;    ///< GBP/yr of the lot
  int incumbent = -1;  ///< the lead commissioner's provider now
  int own_unit = -1;   ///< the lead commissioner's in-house unit
  bool in_house_may_bid = false;
  int expected_rivals = 1;      ///< bids in the domain's last tender, at least 1
  double reference = 0;         ///< GBP/unit the lead commissioner pays for the service now
  double pbr_share = 0;         ///< the lead's PbR share for this domain
  double pbr_ratio = 1;         ///< the domain's published outcome ratio last year
  double incumbent_bonus = 0;   ///< award-score bonus the incumbent holds this round (eroded
                                ///< once per round, this one included)
  std::vector<char> in_domain;  ///< by provider id: holds a contract in this domain now
  double noise = 0;             ///< sd of the lead commissioner's quality observation
  int excluded = -1;            ///< provider barred by outsourcing.excluded_provider (-1 none)
  int year = 0;
  const PerformanceRecord* record = nullptr;  ///< the lead commissioner's record of providers
  PerformanceParams performance{};            ///< the lead commissioner's
  /// Capacity (agents/capacity.cpp): each lot member's service as it stands, and the load
  /// (persons/yr) every provider carries now, by id.
  struct Member {
    int provider = -1;       ///< its main provider now
    double load = 0;         ///< persons/yr the service is expected to need
    double place = 0;        ///< of which its main provider's place carries (net of any part
                             ///< subcontracted)
    double serving = 0;      ///< capacity its main provider puts into it
    int subcontractor = -1;  ///< who delivers part of the place under a subcontract (-1 none)
    double sub_place = 0;    ///< the load that subcontractor carries
  };
  std::vector<Member> members;
  std::vector<double> carried;
};

/// By provider id: whether it holds a contract (main provider or framework place) in domain d.
std::vector<char> contracts_in_domain(const Market& market, int d) {
  std::vector<char> in(market.providers.size(), 0);
  for (const Commissioner& c : market.commissioners) {
    const Service& s = c.services[d];
    if (s.contracted) in[s.provider] = 1;
    for (int a : s.alternatives)
      if (a >= 0) in[a] = 1;
  }
  return in;
}

/// The terms of the tender for domain `d` over `lot`, as they stand before any bid; `last`
/// (last year's tally, or null) gives the published PbR outcome ratio.
TenderTerms open_tender(const Market& market, const Parameters& p, const std::vector<int>& lot,
                        int d, int year, const CitizenTally* last) {
  const auto& out = p.outsourcing;
  const Commissioner& lead = market.commissioners[lot.front()];
  TenderTerms t{lot};
  t.domain = d;
  for (int c : lot) t.value += std::max(market.commissioners[c].services[d].funding, 1.0);
  t.incumbent = lead.services[d].provider;
  t.own_unit = lead.in_house[d];
  t.in_house_may_bid = out.in_house_bids && lot.size() == 1 &&
                       lead.services[d].rounds < out.in_house_rounds &&
                       !lead.services[d].unit.closed;  // a closed unit has nobody left to bid
  t.tender_id = lot.front() * kMaxDomains + d;
  t.expected_rivals = std::max(1, market.last_bidders[d]);
  t.reference = service_unit_price(lead.services[d], market.providers, p.domains[d]);
  t.pbr_share = market.policy_of(lot.front(), p).domains[d].pbr_share;
  t.pbr_ratio = last ? published_pbr_ratio(*last, p, d) : 1.0;
  t.incumbent_bonus =
      out.incumbent_advantage * std::pow(1.0 - out.incumbent_erosion, lead.services[d].rounds + 1);
  t.in_domain = contracts_in_domain(market, d);
  t.noise = observation_noise(lead, p);
  t.excluded = provider_named(market.providers, out.excluded_provider);
  t.year = year;
  t.record = &lead.performance;
  t.performance = market.policy_of(lot.front(), p).performance;
  for (int c : lot) {
    const Service& s = market.commissioners[c].services[d];
    // carried_loads splits a subcontracted place between prime and subcontractor: so does this.
    const double place = place_load(s),
                 part = s.subcontract.provider >= 0 ? s.subcontract.share : 0;
    t.members.push_back({s.provider, s.load, place * (1.0 - part), serving_capacity(market, c, d),
                         s.subcontract.provider, place * part});
  }
  t.carried = carried_loads(market);
  return t;
}

/// Whether `pr` could deliver the lot in its first year (`capacity.bid_cover` of its load):
/// its spare capacity outside the lot, what it may hire in a year, and the staff TUPE would
/// bring from the services it does not already deliver.
bool has_capacity(const Provider& pr, const TenderTerms& t, const CapacityParams& cap) {
  double carried = static_cast<std::size_t>(pr.id) < t.carried.size() ? t.carried[pr.id] : 0.0;
  double load = 0, transfer = 0;
  for (const auto& m : t.members) {
    load += m.load;
    if (m.provider == pr.id)
      carried -= m.place;  // it already delivers this one: no new load, no transfer
    else
      transfer += cap.tupe_share * m.serving;
    if (m.subcontractor == pr.id) carried -= m.sub_place;  // its part would be its own load
  }
  return capacity_to_bid(pr, cap, std::max(0.0, carried), load, transfer);
}

/// Whether `pr` is able to bid (domain, locality, exclusion, a bar after failure or
/// termination, financial standing, capacity); no draw.
bool able_to_bid(const Provider& pr, const TenderTerms& t, const Parameters& p) {
  const auto& out = p.outsourcing;
  if (!pr.alive) return false;
  if (pr.domain >= 0 && pr.domain != t.domain) return false;
  const bool own_unit = !pr.external() && pr.id == t.own_unit;
  if (!pr.external() && !(own_unit && t.in_house_may_bid)) return false;
  if (pr.spun_out && std::find(t.lot.begin(), t.lot.end(), pr.home) == t.lot.end())
    return false;  // local only
  if (pr.external() && pr.id == t.excluded) return false;
  if (!pr.external()) return true;
  if (barred(t.record->find(pr.id), t.year)) return false;
  const auto& type = p.provider[static_cast<int>(pr.type)];
  double standing = out.financial_standing * t.value;
  if (p.mutuals.level_playing_field && pr.spun_out) standing *= p.mutuals.standing_relief;
  if (pr.reserves < standing) return false;  // Central Surrey Health: no surety, no contract
  if (t.value > type.max_growth * std::max(pr.turnover, pr.base_size)) return false;  // too big
  return has_capacity(pr, t, p.capacity);  // no workforce to deliver it, no credible bid
}

/// The bidder's cost for one tender: GBP it pays to write the bid (less any grant to voluntary
/// and SME bidders).
double own_bid_cost(const Provider& pr, const OutsourcingParams& out, double value) {
  double bid_cost = out.bid_cost * value;
  if (pr.type == ProviderType::Voluntary || pr.type == ProviderType::Sme)
    bid_cost = std::max(0.0, bid_cost - out.bid_grant);
  return bid_cost;
}

/// Whether `pr` delivers a service of the lot now (it knows its cost there).
bool delivers_lot(const Provider& pr, const TenderTerms& t) {
  for (const auto& m : t.members)
    if (m.provider == pr.id) return true;
  return false;
}

/// What external bidder `pr` sees of the tender (agents/bidding.hpp); its cost estimate is
/// drawn here (stream CostEstimate).
BidCase bid_case(const Provider& pr, const TenderTerms& t, const Parameters& p, const Streams& rng,
                 int year) {
  const auto& type = p.provider[static_cast<int>(pr.type)];
  const auto& out = p.outsourcing;
  BidCase c;
  c.cost = p.domains[t.domain].unit_cost * pr.cost_mult;
  c.knows_cost = delivers_lot(pr, t);
  c.in_domain = static_cast<std::size_t>(pr.id) < t.in_domain.size() && t.in_domain[pr.id];
  const double z = rng.normal(year, static_cast<std::uint64_t>(pr.id), Purpose::CostEstimate,
                              static_cast<std::uint32_t>(t.tender_id));
  c.estimate = estimate_cost(c.cost, c.knows_cost, z, p.bidding);
  c.reference = t.reference;
  c.expected_bids = t.expected_rivals;
  c.value = t.value;
  c.contract_years = out.contract_years;
  c.pbr_share = t.pbr_share;
  c.pbr_ratio = t.pbr_ratio;
  c.fixed_cost_share = type.fixed_cost_share;
  c.markup = type.markup;
  c.profit_motive = type.profit_motive;
  c.bid_skill = pr.bid_skill;
  c.risk_capacity = pr.reserves + pr.parent_backing;
  c.reserves = pr.reserves;
  c.bid_cost = own_bid_cost(pr, out, t.value);
  c.mobilisation = c.knows_cost ? 0.0 : out.mobilisation_cost * t.value;
  c.incumbent_advantage = pr.id == t.incumbent ? t.incumbent_bonus : 0.0;
  c.strike_penalty = strike_penalty(t.record->find(pr.id), t.year, t.performance);
  return c;
}

/// Whether a non-incumbent's bid team is free to bid (the bid-propensity draw, stream Bid):
/// noise for busy bid teams, not a decision.
bool bid_team_free(const Provider& pr, const TenderTerms& t, const Parameters& p,
                   const Streams& rng, int year) {
  const double u = rng.uniform(year, static_cast<std::uint64_t>(pr.id), Purpose::Bid,
                               static_cast<std::uint32_t>(t.tender_id));
  return u < p.outsourcing.bid_propensity;
}

/// An external bidder pays for writing its bid; false where its reserves cannot cover it. The
/// full cost counts as a transaction cost.
bool pay_bid_cost(Provider& pr, YearEvents& events, const OutsourcingParams& out, double value) {
  const double bid_cost = own_bid_cost(pr, out, value);
  if (pr.reserves < bid_cost) return false;
  pr.reserves -= bid_cost;
  pr.has_bid = true;
  events.transaction_costs += out.bid_cost * value;
  return true;
}

/// The quality the lead commissioner sees in `pr`'s bid: its true quality, bid-writing polish
/// and observation noise (stream BidQuality).
void show_quality(Bid& b, const Provider& pr, const TenderTerms& t, const Streams& rng, int year) {
  b.true_quality = pr.quality;
  b.observed_quality =
      pr.quality + t.performance.bid_polish * pr.bid_skill +
      t.noise * rng.normal(year, static_cast<std::uint64_t>(pr.id), Purpose::BidQuality,
                           static_cast<std::uint32_t>(t.tender_id));
}

/// The in-house unit's bid: facing competition it sheds most of its slack (refuse collection:
/// 17% savings where in-house teams won) and bids its cost.
Bid in_house_bid(Provider& pr, const TenderTerms& t, const Parameters& p, const Streams& rng,
                 int year) {
  const auto& dp = p.domains[t.domain];
  Bid b;
  b.provider = pr.id;
  pr.slack *= 1.0 - p.outsourcing.competitive_response;
  b.price = in_house_cost(pr, dp);
  b.cost = b.estimated_cost = b.price;
  b.incumbent = pr.id == t.incumbent;
  show_quality(b, pr, t, rng, year);
  return b;
}

/// An external provider's bid at the price it decided on.
Bid external_bid(const Provider& pr, const BidCase& c, const BidDecision& decision,
                 const TenderTerms& t, const Streams& rng, int year) {
  Bid b;
  b.provider = pr.id;
  b.price = decision.pricing.price;
  b.cost = c.cost;
  b.estimated_cost = c.estimate;
  b.premium = decision.pricing.premium;
  b.incumbent = c.knows_cost;
  show_quality(b, pr, t, rng, year);
  return b;
}

/// The bids received, in provider order. An external provider able to bid decides on expected
/// profit (agents/bidding.cpp); one that declines, or whose bid team is busy, is counted.
std::vector<Bid> collect_bids(std::vector<Provider>& providers, YearEvents& events,
                              const TenderTerms& t, const Parameters& p, const Streams& rng,
                              int year) {
  std::vector<Bid> bids;
  for (Provider& pr : providers) {
    if (!able_to_bid(pr, t, p)) continue;
    if (!pr.external()) {
      bids.push_back(in_house_bid(pr, t, p, rng, year));
      continue;
    }
    const BidCase c = bid_case(pr, t, p, rng, year);
    const BidDecision decision = decide_bid(c, p.bidding);
    // An incumbent defends its contract whenever it pays; others may find their team busy.
    const bool free = c.knows_cost || bid_team_free(pr, t, p, rng, year);
    if (decision.choice != BidChoice::Bids || !free ||
        !pay_bid_cost(pr, events, p.outsourcing, t.value)) {
      ++events.bids_declined;
      continue;
    }
    bids.push_back(external_bid(pr, c, decision, t, rng, year));
    events.premium_sum += decision.pricing.premium;
    ++events.premium_bids;
    ++events.bids_by_type[static_cast<int>(pr.type)];
  }
  return bids;
}

/// The commissioners' own cost of running the tender, shared by each member's funding.
void book_tender_cost(const std::vector<Commissioner>& commissioners, YearLedger& ledger,
                      const TenderTerms& t, const OutsourcingParams& out) {
  const double tender_cost = out.tender_cost * t.value;
  ledger.events.transaction_costs += tender_cost;
  for (int c : t.lot) {
    const auto& cm = commissioners[c];
    ledger.commissioner(c).transaction_costs +=
        tender_cost * std::max(cm.services[t.domain].funding, 1.0) / t.value;
  }
}

/// Abnormally low tenders (public procurement rules let a buyer reject a bid it cannot believe):
/// the lead commissioner sets each external bid against its own yardstick, what its in-house
/// unit costs without slack, and rejects one priced more than `bidding.abnormal_gap / capability`
/// below it. A capable buyer scrutinises closely; a weak one lets unrealistic bids through (NAO:
/// the winner's curse where commissioners judge badly). Returns the bids rejected.
int reject_abnormally_low(std::vector<Bid>& bids, const std::vector<Provider>& providers,
                          const TenderTerms& t, const Commissioner& lead, const Parameters& p) {
  if (p.bidding.abnormal_gap <= 0 || t.own_unit < 0) return 0;
  const double yardstick = p.domains[t.domain].unit_cost * providers[t.own_unit].cost_mult;
  const double floor = yardstick * (1.0 - p.bidding.abnormal_gap / std::max(lead.capability, 1e-3));
  const auto before = bids.size();
  std::erase_if(bids,
                [&](const Bid& b) { return providers[b.provider].external() && b.price < floor; });
  return static_cast<int>(before - bids.size());
}

/// Scores each bid: price against the cheapest, judged quality (the bid's observed quality
/// blended with the lead's record of the provider) against the best judged, plus the
/// incumbent's advantage (eroding with `lead`'s rounds) and the big-firm preference, less the
/// penalty for remembered failures and terminations.
void score_bids(std::vector<Bid>& bids, const std::vector<Provider>& providers,
                const TenderTerms& t, const Commissioner& lead, const OutsourcingParams& out) {
  std::vector<double> judged(bids.size());
  double min_price = bids.front().price, max_obs = 1e-9;
  for (std::size_t i = 0; i < bids.size(); ++i) {
    const Bid& b = bids[i];
    judged[i] =
        judged_quality(b.observed_quality, t.record->find(b.provider), t.year, t.performance);
    min_price = std::min(min_price, b.price);
    max_obs = std::max(max_obs, judged[i]);
  }
  for (std::size_t i = 0; i < bids.size(); ++i) {
    Bid& b = bids[i];
    const Provider& pr = providers[b.provider];
    b.score = out.price_weight * (min_price / b.price) +
              (1.0 - out.price_weight) * std::max(0.0, judged[i]) / max_obs;
    b.score -= strike_penalty(t.record->find(b.provider), t.year, t.performance);
    if (b.provider == t.incumbent) b.score += t.incumbent_bonus;
    // Risk aversion at the micro level (seed 002): "safe" to award to the big firm.
    if (pr.type == ProviderType::LargePrivate || pr.type == ProviderType::JointVenture)
      b.score += (1.0 - lead.risk_appetite) * out.size_preference;
  }
}

/// The best-scoring external bid other than the winner's (-1 none): who may step in if the
/// winner fails (agents/last_resort.cpp).
int runner_up(const std::vector<Bid>& bids, const std::vector<Provider>& providers,
              const Bid& win) {
  const Bid* second = nullptr;
  for (const auto& b : bids)
    if (b.provider != win.provider && providers[b.provider].external() &&
        (!second || b.score > second->score))
      second = &b;
  return second ? second->provider : -1;
}

/// The highest-scoring bid (the first of equals).
const Bid& winning_bid(const std::vector<Bid>& bids) {
  return *std::max_element(bids.begin(), bids.end(),
                           [](const Bid& a, const Bid& b) { return a.score < b.score; });
}

/// Counts the tender, the bids it received and the quality lost against the best admissible
/// bidder's true quality.
void book_award(YearEvents& events, const std::vector<Bid>& bids, const Bid& win, int received) {
  double best_true = 0;
  for (const auto& b : bids) best_true = std::max(best_true, b.true_quality);
  ++events.tenders;
  events.bids += received;
  events.quality_gap_sum += best_true - win.true_quality;
}

/// Where citizens hold personal budgets, the next-best bids join the framework too: up to
/// framework_size - 1 of them, best first. Empty in other domains.
std::vector<const Bid*> framework_places(const std::vector<Bid>& bids, const Bid& win,
                                         const DomainParams& dp, const OutsourcingParams& out) {
  std::vector<const Bid*> runners_up;
  if (!dp.choice) return runners_up;
  for (const auto& b : bids)
    if (b.provider != win.provider) runners_up.push_back(&b);
  std::sort(runners_up.begin(), runners_up.end(),
            [](const Bid* a, const Bid* b) { return a->score > b->score; });
  runners_up.resize(std::min<std::size_t>(runners_up.size(), std::max(0, out.framework_size - 1)));
  return runners_up;
}

/// Need units a contract for (c, d) plans for: current need by level, times the forecast.
double planned_units(const CitizenTally& tally, const Parameters& p, int c, int d) {
  const std::size_t base = tally.ad(c, d) * kNeedLevels;
  return p.outsourcing.volume_forecast * p.population.agent_weight *
         (tally.level_count[base + 1] + 2.0 * tally.level_count[base + 2] +
          3.0 * tally.level_count[base + 3]);
}

/// Awards commissioner c's service in domain d to the winner (framework places to the runners
/// up); a new external provider pays to mobilise; a prime may pass part of it on
/// (agents/subcontracting.cpp).
void award_contract(Market& market, const CitizenTally& last, int year, const Parameters& p, int c,
                    int d, const Bid& win, const std::vector<const Bid*>& runners_up) {
  const auto& out = p.outsourcing;
  Service& s = market.commissioners[c].services[d];
  Provider& winner = market.providers[win.provider];
  clear_alternatives(market, s);
  end_subcontract(market, s);  // the old contract's supply chain ends with it
  for (std::size_t k = 0; k < runners_up.size(); ++k) {
    s.alternatives[k] = runners_up[k]->provider;
    s.alternative_price[k] = runners_up[k]->price;
    ++market.providers[runners_up[k]->provider].contracts;
    market.providers[runners_up[k]->provider].idle_years = 0;
  }
  const bool new_provider = s.provider != winner.id;
  assign(market, s, winner.id, p.capacity);
  s.contracted = winner.external();
  s.price = s.contracted ? win.price : 0.0;
  s.pbr_share = s.contracted ? market.policy_of(c, p).domains[d].pbr_share : 0.0;
  s.contract_end = year + out.contract_years;
  s.must_tender = false;
  s.planned_units = planned_units(last, p, c, d);
  if (new_provider && winner.external()) {
    const double mob = out.mobilisation_cost * std::max(s.funding, 1.0);
    winner.reserves -= mob;
    market.ledger.events.transaction_costs += mob;
  }
  subcontract_at_award(market, market.policy_of(c, p), c, d, year);
}

/// Whether a lot is decided this year, and whether it must go to open competition.
struct LotDue {
  bool decided = false;
  bool must_tender = false;
};

/// A lot is decided when any member's contract ends (a failure or termination in one area
/// re-opens the whole lot); a protected spin-out anywhere in it forces open competition.
LotDue lot_due(const std::vector<Commissioner>& commissioners, const std::vector<int>& lot, int d,
               int year) {
  LotDue due;
  for (int c : lot) {
    const Service& sc = commissioners[c].services[d];
    due.decided |= sc.contract_end <= year;
    due.must_tender |= sc.must_tender && sc.contract_end <= year;
  }
  return due;
}

/// The lot stays with (or returns to) each member's in-house unit, as provider of last resort,
/// for another contract period.
void keep_in_house(Market& market, int year, const Parameters& p, const std::vector<int>& lot,
                   int d) {
  for (int c : lot) {
    Commissioner& cm = market.commissioners[c];
    Service& sc = cm.services[d];
    clear_alternatives(market, sc);
    if (sc.contracted || sc.provider != cm.in_house[d]) {
      reopen_unit(market, year, market.policy_of(c, p), c, d);  // rebuilt if it was closed
      assign(market, sc, cm.in_house[d], p.capacity);
      sc.contracted = false;
      sc.price = 0;
      sc.pbr_share = 0;
    }
    sc.must_tender = false;
    sc.contract_end = year + p.outsourcing.contract_years;
  }
}

/// Make-or-buy for the lot led by lot.front(): the centre's mandate sends it to market; in
/// draw mode nothing else does; in decide mode the lead commissioner's own comparison decides.
MakeOrBuyChoice make_or_buy(const Market& market, const Parameters& lp, const std::vector<int>& lot,
                            int d, int year, bool mandated) {
  MakeOrBuyChoice choice;
  if (mandated) {
    choice.to_market = true;
    choice.reason = MakeOrBuyReason::Mandate;
  } else if (lp.make_or_buy.mode == MakeOrBuyMode::Draw) {
    choice.reason = MakeOrBuyReason::NotMandated;
  } else {
    const int capable = capable_bidders(market, lp, lot, d, year);
    choice = decide_make_or_buy(make_or_buy_case(market, lp, lot.front(), d, year, capable), lp);
  }
  return choice;
}

/// Contracts that end without going to market come back to the in-house units: an insourcing
/// event each; in decide mode the commissioner pays the planned hand-back's transition cost
/// (commissioners.termination_cost * transition_cost of annual value), without disruption.
void bring_in_house(Market& market, int year, const Parameters& p, const std::vector<int>& lot,
                    int d) {
  const bool decided = market.policy_of(lot.front(), p).make_or_buy.mode == MakeOrBuyMode::Decide;
  for (int c : lot) {
    const Service& s = market.commissioners[c].services[d];
    if (!s.contracted) continue;
    ++market.ledger.events.insourcing;
    ++market.ledger.commissioner(c).insourcing;
    const auto& own = market.policy_of(c, p).commissioners;  // each member pays its own costs
    if (decided)
      take_back_in_house(market, year, p, c, d, s.disruption,
                         own.termination_cost * own.transition_cost);
  }
}

}  // namespace

void assign(Market& market, Service& s, int provider, const CapacityParams& cap) {
  if (s.provider != provider) end_subcontract(market, s);  // it goes with the old provider
  if (s.provider >= 0 && s.provider != provider) {
    // TUPE: staff move with the service; fewer where the old provider failed.
    const bool failed = !market.providers[s.provider].alive;
    transfer_capacity(market, cap, s, provider, failed ? cap.failure_transfer : cap.tupe_share);
  }
  if (s.provider >= 0)  // the old provider is released
    market.providers[s.provider].contracts =
        std::max(0, market.providers[s.provider].contracts - 1);
  s.provider = provider;
  Provider& pr = market.providers[provider];
  ++pr.contracts;
  pr.idle_years = 0;
  mobilise(market, cap, provider);  // bench staff toward the new target
}

void clear_alternatives(Market& market, Service& s) {
  for (int& a : s.alternatives) {
    if (a >= 0) market.providers[a].contracts = std::max(0, market.providers[a].contracts - 1);
    a = -1;
  }
}

void drop_alternative(Market& market, Service& s, int id) {
  int k = 0;
  std::array<int, kChoiceSlots - 1> kept{-1, -1, -1};
  std::array<double, kChoiceSlots - 1> price{};
  for (int j = 0; j < kChoiceSlots - 1; ++j) {
    if (s.alternatives[j] < 0) continue;
    if (s.alternatives[j] == id) {
      market.providers[id].contracts = std::max(0, market.providers[id].contracts - 1);
      continue;
    }
    price[k] = s.alternative_price[j];
    kept[k++] = s.alternatives[j];
  }
  s.alternatives = kept;
  s.alternative_price = price;
}

double service_unit_price(const Service& s, const std::vector<Provider>& providers,
                          const DomainParams& dp) {
  if (s.contracted) return s.price;
  return in_house_cost(providers[s.provider], dp);
}

void take_back_in_house(Market& market, int year, const Parameters& p, int c, int d,
                        double disruption, double cost_share) {
  Commissioner& cm = market.commissioners[c];
  Service& s = cm.services[d];
  const double annual = std::max(market.ledger.service(c, d).spending, s.funding);
  assign(market, s, cm.in_house[d], p.capacity);
  s.contracted = false;
  s.price = 0;
  s.pbr_share = 0;
  s.must_tender = false;
  s.disruption = disruption;
  s.contract_end = year + 1;  // decide again next year
  const double cost = cost_share * annual;
  market.ledger.commissioner(c).transaction_costs += cost;
  market.ledger.events.transaction_costs += cost;
  reopen_unit(market, year, market.policy_of(c, p), c, d);  // a closed unit is rebuilt first
}

std::vector<Bid> run_tender(Market& market, const CitizenTally& last, int year, const Parameters& p,
                            const Streams& rng, const std::vector<int>& lot, int d) {
  const TenderTerms terms = open_tender(market, p, lot, d, year, &last);
  market.ledger.events.tendered_value += terms.value;
  std::vector<Bid> bids = collect_bids(market.providers, market.ledger.events, terms, p, rng, year);
  book_tender_cost(market.commissioners, market.ledger, terms, p.outsourcing);
  market.last_bidders[d] = static_cast<int>(bids.size());
  for (int c : lot) ++market.commissioners[c].services[d].rounds;
  if (bids.empty()) return bids;
  const int received = static_cast<int>(bids.size());
  market.ledger.events.abnormal_rejected +=
      reject_abnormally_low(bids, market.providers, terms, market.commissioners[lot.front()], p);
  if (bids.empty()) return bids;  // none credible: the service stays as it is

  // Scored after this round is counted: the incumbent's advantage erodes from round one.
  score_bids(bids, market.providers, terms, market.commissioners[lot.front()], p.outsourcing);
  const Bid& win = winning_bid(bids);
  book_award(market.ledger.events, bids, win, received);
  if (market.providers[win.provider].external() && !win.incumbent) {
    // The winner's curse: a new provider pays its true cost, not the one it bid on.
    market.ledger.events.curse_sum += win.cost / win.estimated_cost - 1.0;
    ++market.ledger.events.curse_awards;
  }
  const auto runners_up = framework_places(bids, win, p.domains[d], p.outsourcing);
  const int second = runner_up(bids, market.providers, win);
  for (int c : lot) {
    award_contract(market, last, year, p, c, d, win, runners_up);
    market.commissioners[c].services[d].runner_up = second;
  }
  return bids;
}

int capable_bidders(const Market& market, const Parameters& p, const std::vector<int>& lot, int d,
                    int year) {
  const TenderTerms terms = open_tender(market, p, lot, d, year, nullptr);
  int n = 0;
  for (const Provider& pr : market.providers)
    if (pr.external() && able_to_bid(pr, terms, p)) ++n;
  return n;
}

void end_contracts_by_centre(Market& market, int year, const Parameters& p) {
  for (std::size_t d = 0; d < p.domains.size(); ++d) {
    if (p.domains[d].end_contracts_year != p.run.start_year + year) continue;
    for (Commissioner& c : market.commissioners) {
      Service& s = c.services[d];
      if (!s.contracted || s.contract_end <= year) continue;
      s.contract_end = year;  // decided below, like any contract that ends this year
      ++market.ledger.events.ended_by_centre;
    }
  }
}

void commission(Market& market, const CitizenTally& last, int year, const Parameters& p,
                const Streams& rng) {
  const int D = static_cast<int>(p.domains.size());
  const int lot_size = p.outsourcing.lot_size;
  end_contracts_by_centre(market, year, p);  // a government decision, before make-or-buy
  for (int d = 0; d < D; ++d) {
    for (int lead = 0; lead < static_cast<int>(market.commissioners.size()); lead += lot_size) {
      const auto lot = lot_members(market, lead, lot_size);
      const LotDue due = lot_due(market.commissioners, lot, d, year);
      if (!due.decided) continue;
      const Parameters& lp = market.policy_of(lead, p);
      const double u =
          rng.uniform(year, static_cast<std::uint64_t>(lead * kMaxDomains + d), Purpose::Tender);
      const MakeOrBuyChoice choice =
          make_or_buy(market, lp, lot, d, year, due.must_tender || u < lp.domains[d].tender_share);
      ++market.ledger.events.make_or_buy[static_cast<int>(choice.reason)];
      // Price index reference: the in-house unit's cost before competition this round.
      const Provider& unit = market.providers[market.commissioners[lead].in_house[d]];
      const double reference = in_house_cost(unit, p.domains[d]);
      const double previous = service_unit_price(market.commissioners[lead].services[d],
                                                 market.providers, p.domains[d]);
      if (choice.to_market) {
        const auto bids = run_tender(market, last, year, p, rng, lot, d);
        const Service& after = market.commissioners[lead].services[d];
        const double price = bids.empty()
                                 ? in_house_cost(unit, p.domains[d])
                                 : service_unit_price(after, market.providers, p.domains[d]);
        for (int c : lot)
          remember_tender(market, p, c, d, year, price, static_cast<int>(bids.size()));
        if (!bids.empty()) {
          market.ledger.events.price_index_sum += price / reference;
          market.ledger.events.savings_sum += 1.0 - price / previous;
          continue;
        }
      } else {
        bring_in_house(market, year, p, lot, d);  // a contract that ends is not renewed
      }
      keep_in_house(market, year, p, lot, d);  // not tendered, or nobody bid
    }
  }
}

}  // namespace quasim
