// model/commissioner.hpp — the state of a commissioner (council, department) and of each
// service it commissions. The rules that change it are agents/commissioner.cpp and
// agents/tendering.cpp.
#pragma once

#include <array>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "model/parameters.hpp"
#include "model/performance_record.hpp"
#include "model/tender_memory.hpp"

namespace quasim {

/// The state of a commissioner's in-house unit in one domain, the provider of last resort
/// (agents/last_resort.cpp): closed after years of full outsourcing, it must be rebuilt.
struct InHouseUnit {
  int outsourced_years = 0;  ///< consecutive year ends with the service under contract
  bool closed = false;       ///< its expertise is gone: taking the service back means a rebuild
  int rebuild_until = -1;    ///< last year index whose service carries rebuild disruption
};

/// Part of a contracted service's units a prime has passed to a subcontractor
/// (agents/subcontracting.cpp): it delivers and costs them and is paid by the prime.
struct Subcontract {
  int provider = -1;     ///< the subcontractor (-1: none)
  double share = 0;      ///< share of the service's units it delivers
  double price = 0;      ///< GBP per need unit the prime pays it (price less the prime's fee)
  double pbr_share = 0;  ///< share of its price paid by results (the prime's, passed down)
  double pbr_owed = 0;   ///< GBP: outcome payments earned this year, paid by the prime next year
  double income = 0;     ///< GBP: what the prime paid it this year
};

/// How one commissioner's service in one domain is provided.
struct Service {
  int provider = -1;         ///< provider now delivering (in-house unit or contractor)
  bool contracted = false;   ///< delivered under an external contract
  int contract_end = 0;      ///< year index at which make-or-buy is decided again
  double price = 0;          ///< GBP per need unit (contracts); in-house is paid at cost
  double planned_units = 0;  ///< need units per year assumed at award (fixed costs, PbR)
  double load = 0;  ///< capacity units/yr (persons) expected: last year's eligible load, on
                    ///< which providers plan capacity (agents/capacity.cpp)
  double pbr_share = 0;
  int rounds = 0;            ///< tenders held so far
  bool must_tender = false;  ///< next contract end goes to open competition (after protection)
  double disruption = 0;     ///< share of service lost this year after a provider failure
  int runner_up = -1;        ///< second-best bidder at the last award (-1 none): may step in
  Subcontract subcontract;   ///< the part its contractor passed on (none in-house)
  InHouseUnit unit;          ///< the in-house unit behind this service
  /// Choice domains: further framework providers (slots 1..3; -1 empty) and their prices.
  std::array<int, kChoiceSlots - 1> alternatives{-1, -1, -1};
  std::array<double, kChoiceSlots - 1> alternative_price{};
  // this year's plan (what was paid is in the ledger, model/ledger.hpp)
  double demand_cost = 0;  ///< GBP: cost of serving every need at the current price
  double funding = 0;      ///< GBP allocated
  double unit_price = 0;   ///< GBP per unit this year
  std::uint8_t threshold = 1;
  double marginal = 1.0;
};

/// A commissioner's name from its id: `commissioner-001`, ... (scenario tables use it).
inline std::string commissioner_name(int id) {
  char name[32];
  std::snprintf(name, sizeof name, "commissioner-%03d", id + 1);
  return name;
}

struct Commissioner {
  int id = 0;
  std::string name;
  std::size_t agents = 0;  ///< citizen agents in the area
  double capability = 0.6;
  double risk_appetite = 0.3;
  double budget = 0;  ///< GBP this year
  double initial_budget = 0;
  double settlement = 0;  ///< GBP this year: the centre's share, before the commissioner's own path
  double own_path =
      1.0;  ///< its own budget trajectory (policy table) over the national one, cumulative
  double back_office = 0;         ///< GBP/yr back-office cost before any sharing
  std::vector<Service> services;  ///< per domain
  std::vector<int> in_house;      ///< per domain: its in-house unit (provider id)
  int partnership = -1;
  PerformanceRecord performance;            ///< providers' observed record (agents/performance.cpp)
  std::vector<TenderMemory> market_memory;  ///< per domain: what it has seen of the market
  // this year's plan (what was paid is in the ledger, model/ledger.hpp)
  double available = 0, funding_gap = 0, full_cost = 0, back_office_cost = 0, change_fund = 0;
  double emergency = 0;  ///< GBP: the centre's emergency funding this year (in `available`)
};

}  // namespace quasim
