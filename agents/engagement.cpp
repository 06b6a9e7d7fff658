// agents/engagement.cpp — staff engagement that moves (docs/ODD.md "4 Submodels: engagement").
#include "agents/engagement.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "agents/capacity.hpp"

namespace quasim {

double contract_security(int years_left, double secure_years) {
  const double left = std::max(0, years_left);
  return left + secure_years > 0 ? left / (left + secure_years) : 1.0;
}

double reserve_health(const Provider& pr, const ProviderTypeParams& t) {
  if (!pr.external()) return 0;  // the commissioner carries an in-house unit's finances
  const double usual = t.reserves * pr.turnover;
  if (usual <= 0) return 0;
  return std::clamp(pr.reserves / usual - 1.0, -1.0, 1.0);
}

double engagement_target(const Provider& pr, const Parameters& p, const EngagementDrivers& d) {
  const auto& e = p.engagement;
  // A spin-out's staff start from the in-house unit they were; ownership is their rise (the
  // mutual type's own baseline would count it twice).
  const ProviderType origin = pr.spun_out ? ProviderType::InHouse : pr.type;
  const double target = p.provider[static_cast<int>(origin)].engagement + pr.ownership +
                        e.security * (d.security - 0.5) - e.pay_restraint * d.squeeze +
                        e.finances * d.health;
  return std::clamp(target, 0.0, 1.0);
}

double move_engagement(Provider& pr, const Parameters& p, double target) {
  const auto& e = p.engagement;
  const double before = pr.engagement;
  pr.engagement = std::clamp(before + e.adjustment * (target - before), 0.0, 1.0);
  const double de = pr.engagement - before;
  // Engaged staff work better and cheaper; disengaged ones the reverse (seed 002, white paper
  // 6.15; NHS staff survey: engagement predicts quality).
  const double cost = pr.cost_mult * (1.0 - (e.productivity + pr.ownership_productivity) * de);
  pr.cost_mult = de > 0 ? std::max(cost, std::min(pr.cost_mult, p.learning.cost_floor)) : cost;
  pr.quality = std::clamp(pr.quality + (e.quality + pr.ownership_quality) * de, 0.0, 1.0);
  return de;
}

std::vector<double> job_security(const Market& m, const Parameters& p, int year) {
  const std::size_t n = m.providers.size();
  std::vector<double> sum(n, 0.0), places(n, 0.0);
  const auto hold = [&](int id, const Service& s) {
    if (id < 0 || !m.providers[id].external()) return;
    sum[id] += contract_security(s.contract_end - year - 1, p.engagement.secure_years);
    places[id] += 1;
  };
  for (const Commissioner& cm : m.commissioners)
    for (const Service& s : cm.services) {
      if (s.contracted) hold(s.provider, s);
      for (int a : s.alternatives) hold(a, s);
      hold(s.subcontract.provider, s);  // a subcontract ends with the main contract
    }
  std::vector<double> security(n, 0.0);
  for (const Provider& pr : m.providers) {
    if (pr.external()) {
      security[pr.id] = places[pr.id] > 0 ? sum[pr.id] / places[pr.id] : 0.0;
    } else if (pr.home >= 0 && pr.domain >= 0) {
      const auto& domains = m.policy_of(pr.home, p).domains;
      security[pr.id] = 1.0 - domains[pr.domain].tender_share;  // the threat of tender
    } else {
      security[pr.id] = 1.0;
    }
  }
  return security;
}

void update_engagement(Market& m, const Parameters& p, int year) {
  const std::vector<double> security = job_security(m, p, year);
  for (Provider& pr : m.providers) {
    if (!pr.alive) continue;
    EngagementDrivers d;
    d.security = security[pr.id];
    d.squeeze = pay_squeeze(m, p, pr, year);
    d.health = reserve_health(pr, p.provider[static_cast<int>(pr.type)]);
    move_engagement(pr, p, engagement_target(pr, p, d));
  }
}

void record_engagement(const Market& m, YearRecord& r) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  TypeArray sum{}, count{};
  for (const Provider& pr : m.providers) {
    if (!pr.alive || pr.contracts <= 0) continue;  // delivering a service
    sum[static_cast<int>(pr.type)] += pr.engagement;
    count[static_cast<int>(pr.type)] += 1;
  }
  double all = 0, n = 0;
  for (int k = 0; k < kProviderTypes; ++k) {
    r.type_engagement[k] = count[k] > 0 ? sum[k] / count[k] : kNaN;
    all += sum[k];
    n += count[k];
  }
  const int in_house = static_cast<int>(ProviderType::InHouse);
  r.engagement_in_house = r.type_engagement[in_house];
  r.engagement_mean = n > 0 ? all / n : kNaN;
}

}  // namespace quasim
