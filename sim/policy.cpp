// sim/policy.cpp — precomputing the parameters of each period and commissioner.
#include "sim/policy.hpp"

#include <algorithm>
#include <map>
#include <string>

#include "sim/derived_tables.hpp"
#include "sim/scenario.hpp"

namespace quasim {
namespace {

bool applies_to(const PolicyChange& change, const std::string& name) {
  return std::find(change.commissioners.begin(), change.commissioners.end(), name) !=
         change.commissioners.end();
}

void apply_change(Parameters& p, const PolicyChange& change) {
  for (const auto& [key, value] : change.settings) apply_setting(p, key, value);
}

/// The period beginning at `from`: national changes in force, then each commissioner's own
/// (group, then its own; in the order of p.policy_changes). Commissioners with the same
/// changes share one parameter set.
PolicyPeriod make_period(const Parameters& p, int from) {
  PolicyPeriod period;
  period.from_year = from;
  period.national = p;
  for (const auto& change : p.policy_changes)
    if (change.commissioners.empty() && change.from_year <= from)
      apply_change(period.national, change);
  period.tables = derive_tables(period.national);
  const int C = p.commissioners.count;
  period.own_of.assign(static_cast<std::size_t>(C), -1);
  std::map<std::vector<std::size_t>, int> seen;  // the changes applied -> index in `own`
  for (int c = 0; c < C; ++c) {
    const std::string name = commissioner_name(c);
    std::vector<std::size_t> applied;
    for (std::size_t k = 0; k < p.policy_changes.size(); ++k) {
      const auto& change = p.policy_changes[k];
      if (!change.commissioners.empty() && change.from_year <= from && applies_to(change, name))
        applied.push_back(k);
    }
    if (applied.empty()) continue;
    auto [it, fresh] = seen.try_emplace(applied, static_cast<int>(period.own.size()));
    if (fresh) {
      Parameters own = period.national;
      for (std::size_t k : applied) apply_change(own, p.policy_changes[k]);
      period.own.push_back(std::move(own));
    }
    period.own_of[static_cast<std::size_t>(c)] = it->second;
  }
  return period;
}

}  // namespace

PolicySchedule::PolicySchedule(const Parameters& p) {
  std::vector<int> starts = {0};
  for (const auto& change : p.policy_changes) starts.push_back(change.from_year);
  std::sort(starts.begin(), starts.end());
  starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
  for (int from : starts) periods_.push_back(make_period(p, from));
}

const PolicyPeriod& PolicySchedule::in(int year) const {
  std::size_t k = 0;
  while (k + 1 < periods_.size() && periods_[k + 1].from_year <= year) ++k;
  return periods_[k];
}

void PolicySchedule::apply(int year, Market& market) const {
  const PolicyPeriod& period = in(year);
  market.policy.clear();
  if (period.own.empty()) return;
  market.policy.assign(period.own_of.size(), nullptr);
  for (std::size_t c = 0; c < period.own_of.size(); ++c)
    if (period.own_of[c] >= 0)
      market.policy[c] = &period.own[static_cast<std::size_t>(period.own_of[c])];
}

}  // namespace quasim
