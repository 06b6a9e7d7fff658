// model/performance_record.hpp — what one commissioner remembers of the providers it has used:
// the quality it observed them deliver, their failures and early terminations. The rules that
// write and read it are agents/performance.cpp.
#pragma once

#include <algorithm>
#include <vector>

#include "model/decay.hpp"

namespace quasim {

/// One provider's record with one commissioner. Sums decay at `performance.decay` per year;
/// they are stored as of `year` and aged when read or written.
struct ProviderRecord {
  int provider = -1;
  int year = 0;             ///< year index the sums are stated at
  double observations = 0;  ///< decayed count of monitoring observations
  double quality_sum = 0;   ///< decayed sum of observed delivered quality
  double strikes = 0;       ///< decayed count of failures and early terminations
  int barred_until = -1;    ///< year index before which the provider may not bid to it

  /// The record as of `now`: every sum times (1 - decay)^(now - year).
  ProviderRecord aged(int now, double decay) const {
    ProviderRecord r = *this;
    const double f = decay_factor(now, year, decay);
    r.observations *= f;
    r.quality_sum *= f;
    r.strikes *= f;
    r.year = std::max(now, year);
    return r;
  }
};

/// A commissioner's records, sorted by provider id (only providers it has seen deliver).
struct PerformanceRecord {
  std::vector<ProviderRecord> providers;

  const ProviderRecord* find(int provider) const {
    auto it = std::lower_bound(providers.begin(), providers.end(), provider,
                               [](const ProviderRecord& r, int id) { return r.provider < id; });
    return it != providers.end() && it->provider == provider ? &*it : nullptr;
  }

  /// The record of `provider`, created empty (at `now`) if there is none.
  ProviderRecord& entry(int provider, int now) {
    auto it = std::lower_bound(providers.begin(), providers.end(), provider,
                               [](const ProviderRecord& r, int id) { return r.provider < id; });
    if (it == providers.end() || it->provider != provider) {
      ProviderRecord r;
      r.provider = provider;
      r.year = now;
      it = providers.insert(it, r);
    }
    return *it;
  }
};

}  // namespace quasim
