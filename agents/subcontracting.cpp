// agents/subcontracting.cpp — primes and their supply chains (issue 17; Work Programme: 79% of
// charity subcontractors felt exposed to risk; Carillion's 120-day payment terms).
#include "agents/subcontracting.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "agents/bidding.hpp"
#include "agents/capacity.hpp"
#include "agents/performance.hpp"

namespace quasim {
namespace {

bool is_prime(const Provider& pr) {
  return pr.type == ProviderType::LargePrivate || pr.type == ProviderType::JointVenture;
}

bool may_subcontract_to(const Provider& pr, int d) {
  return pr.alive && (pr.type == ProviderType::Sme || pr.type == ProviderType::Voluntary) &&
         (pr.domain < 0 || pr.domain == d) && pr.reserves >= 0;
}

double risk_capacity(const Provider& pr) {
  return pr.reserves + std::max(0.0, pr.parent_backing);
}

/// Candidates for a part of domain d, cheapest first (then by id).
std::vector<int> candidates(const std::vector<Provider>& providers, int d, int prime) {
  std::vector<int> ids;
  for (const Provider& pr : providers)
    if (pr.id != prime && may_subcontract_to(pr, d)) ids.push_back(pr.id);
  std::stable_sort(ids.begin(), ids.end(),
                   [&](int a, int b) { return providers[a].cost_mult < providers[b].cost_mult; });
  return ids;
}

}  // namespace

double lacking_share(const Provider& prime, double carried, double load,
                     const SubcontractingParams& sc) {
  if (load <= 0) return 0;
  const double staff = prime.capacity + prime.bench +
                       std::accumulate(prime.pipeline.begin(), prime.pipeline.end(), 0.0);
  return std::clamp((carried - staff) / load, 0.0, sc.max_share);
}

double share_to_pass_on(double value, double pbr_share, double capacity, double margin,
                        const SubcontractingParams& sc, const BiddingParams& b) {
  const double at_risk = pbr_share * value;
  const double whole = pbr_risk_premium(at_risk, capacity, b);
  double best = 0, best_gain = 0;
  for (int k = 1; k <= 4; ++k) {
    const double x = sc.max_share * k / 4.0;
    const double kept = pbr_risk_premium(at_risk * (1.0 - x * sc.pass_down), capacity, b);
    // An infinite premium on both sides saves nothing it can count.
    const double saved = std::isinf(whole) ? (std::isinf(kept) ? 0.0 : whole) : whole - kept;
    const double gain = saved - x * value * (margin - sc.prime_fee);
    if (gain > best_gain) best = x, best_gain = gain;
  }
  return best;
}

bool accepts_part(double value, double pbr_share, double capacity, double margin,
                  const SubcontractingParams& sc, const BiddingParams& b) {
  if (value <= 0 || margin <= 0 || capacity <= 0) return false;
  return margin * value >= pbr_risk_premium(pbr_share * sc.pass_down * value, capacity, b);
}

void subcontract_at_award(Market& market, const Parameters& p, int c, int d, int year) {
  const auto& sc = p.subcontracting;
  Service& s = market.commissioners[c].services[d];
  const Provider& prime = market.providers[s.provider];
  if (!s.contracted || !is_prime(prime) || sc.max_share <= 0 || s.price <= 0) return;
  const double value = std::max(s.funding, 1.0);
  const double unit_cost = p.domains[d].unit_cost;
  const double margin = 1.0 - unit_cost * prime.cost_mult / s.price;
  const std::vector<double> carried = carried_loads(market);
  const double x =
      std::max(lacking_share(prime, carried[prime.id], place_load(s), sc),
               share_to_pass_on(value, s.pbr_share, risk_capacity(prime), margin, sc, p.bidding));
  if (x <= 0) return;
  const double price = s.price * (1.0 - sc.prime_fee);
  const double pbr = s.pbr_share * sc.pass_down;
  for (int id : candidates(market.providers, d, prime.id)) {
    Provider& sub = market.providers[id];
    // The commissioner's bar after a failure or termination reaches its supply chain too.
    if (barred(market.commissioners[c].performance.find(id), year)) continue;
    const double part = x * value * (1.0 - sc.prime_fee);
    // The financial cap on its growth, as for a bid (provider.T.max_growth).
    if (part > p.provider[static_cast<int>(sub.type)].max_growth * sub.turnover) continue;
    // It must staff its part within the year, as a bidder must (capacity.bid_cover).
    if (!capacity_to_bid(sub, p.capacity, carried[id], x * place_load(s), 0.0)) continue;
    const double sub_margin = 1.0 - unit_cost * sub.cost_mult / price;
    if (!accepts_part(part, pbr, risk_capacity(sub), sub_margin, sc, p.bidding)) continue;
    s.subcontract = Subcontract{.provider = id, .share = x, .price = price, .pbr_share = pbr};
    ++sub.contracts;
    sub.idle_years = 0;
    return;
  }
}

void end_subcontract(Market& market, Service& s) {
  Subcontract& sc = s.subcontract;
  if (sc.provider < 0) return;
  Provider& sub = market.providers[sc.provider];
  sub.contracts = std::max(0, sub.contracts - 1);
  if (sub.alive && s.provider >= 0 && market.providers[s.provider].alive && sc.pbr_owed > 0) {
    // Outcome payments it earned are still owed: they move from the prime's amount due at the
    // next close to its own, whether the subcontract ends before this year's settling (an award)
    // or after it (a termination).
    sub.pbr_due += sc.pbr_owed;
    market.providers[s.provider].pbr_due -= sc.pbr_owed;
  }
  sc = Subcontract{};
}

double pay_subcontractor(Service& s, std::vector<Provider>& providers, YearLedger& ledger,
                         const Parameters& p, int d, double units, double case_mix, double ratio) {
  Subcontract& sc = s.subcontract;
  if (sc.provider < 0) return 1.0;
  Provider& sub = providers[sc.provider];
  if (!sub.alive) {  // it left the market: the prime delivers the whole service again
    sub.contracts = std::max(0, sub.contracts - 1);
    sc = Subcontract{};
    return 1.0;
  }
  const double fixed = p.provider[static_cast<int>(sub.type)].fixed_cost_share;
  const double planned = std::max(s.planned_units, units);
  const double part_units = sc.share * units;
  ProviderFlows& earned = ledger.provider(sub.id);
  earned.costs += p.domains[d].unit_cost * sub.cost_mult * sc.share *
                  (fixed * planned + (1.0 - fixed) * units * case_mix);
  const double now = part_units * sc.price * (1.0 - sc.pbr_share) + sc.pbr_owed;
  // Passed on from what the commissioner pays: the prime's revenue is net of it, so that
  // providers' revenue still adds up to what commissioners paid.
  earned.revenue += now;
  ledger.provider(s.provider).revenue -= now;
  sc.income = now;
  sc.pbr_owed = part_units * sc.price * sc.pbr_share * ratio;  // paid next year
  return 1.0 - sc.share;
}

std::vector<int> strand_subcontractors(Market& market, const Parameters& p, int prime) {
  std::vector<int> hit;
  for (Commissioner& cm : market.commissioners)
    for (Service& s : cm.services) {
      Subcontract& sc = s.subcontract;
      if (s.provider != prime || sc.provider < 0) continue;
      Provider& sub = market.providers[sc.provider];
      if (sub.alive) {
        // Unpaid invoices come off its reserves; this year's outcome payments never come.
        sub.reserves -= p.subcontracting.unpaid_share * sc.income;
        if (std::find(hit.begin(), hit.end(), sub.id) == hit.end()) hit.push_back(sub.id);
      }
      sub.contracts = std::max(0, sub.contracts - 1);
      sc = Subcontract{};
    }
  return hit;
}

void drop_subcontractor(Market& market, int sub) {
  for (Commissioner& cm : market.commissioners)
    for (Service& s : cm.services)
      if (s.subcontract.provider == sub) s.subcontract = Subcontract{};
}

}  // namespace quasim
