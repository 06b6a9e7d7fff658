// agents/capacity.hpp — providers' delivery capacity: the workforce each provider has, in
// capacity units per year (need units served at difficulty cost 1, persons), how it grows with
// hiring and shrinks with leavers, how it is shared among the services a provider delivers and
// what it lets a provider bid for. State is model/provider.hpp (capacity, pipeline, bench) and
// Service::load (model/commissioner.hpp); docs/ODD.md "4 Submodels: capacity".
#pragma once

#include <vector>

#include "model/citizens.hpp"
#include "model/market.hpp"
#include "model/parameters.hpp"
#include "model/year_record.hpp"

namespace quasim {

/// Capacity units per year (persons, not agents) that commissioner c's service in domain d has
/// this year: each of its providers' (main and framework places') capacity shared among the
/// places it holds in proportion to their expected load. Read by the waiting-list plan.
double service_capacity(const Market& m, const Parameters& p, int c, int d);

/// Pay restraint `pr`'s staff feel this year (0..1): for an in-house unit the real-terms cut of
/// its commissioner's budget trajectory (0 in the first year or on a rise), for an external
/// provider its loss on this year's income (PbR earned included; 0 on a profit). Drives leaving
/// here and engagement (agents/engagement.cpp).
double pay_squeeze(const Market& m, const Parameters& p, const Provider& pr, int year);

/// Capacity units per year (persons) service (c, d) is expected to need next year, from tally
/// `t`: the needs counted at its year end at the service's current funding (`funded_load`,
/// agents/waiting_list.hpp); where `t` has no such counts, the need units it served; where no
/// year has been lived yet, all need units.
double expected_load(const CitizenTally& t, const Parameters& p, const Service& s, int c, int d);

/// Share of service (c, d)'s eligible load left waiting in tally `t` (0 where it has none).
double waiting_share(const CitizenTally& t, const Parameters& p, int c, int d);

/// Expected load (persons/yr) of one place of service `s`: its load, split equally among its
/// main provider and framework places.
double place_load(const Service& s);

/// Expected load (persons/yr) of each provider's places, by provider id: a service's load goes
/// to its main provider, split equally among the places where a framework has several; a
/// subcontractor carries its share of the main place's load.
std::vector<double> carried_loads(const Market& m);

/// Capacity (persons/yr) commissioner c's main provider in domain d puts into that service: its
/// capacity times the service's share of the load it carries (less any subcontracted part).
double serving_capacity(const Market& m, int c, int d);

/// Capacity `pr` could put into new work within a year: capacity, bench and pipeline not used
/// by `carried`, plus what it may hire in a year for a target of `target`.
double spare_capacity(const Provider& pr, const CapacityParams& cap, double carried, double target);

/// Whether `pr`, carrying `carried` outside a lot with expected load `lot_load`, could deliver
/// `capacity.bid_cover` of it in its first year, `transfer` (persons/yr) coming with the lot.
bool capacity_to_bid(const Provider& pr, const CapacityParams& cap, double carried, double lot_load,
                     double transfer);

/// Whether `pr`, carrying `carried`, can take on a failed service with load `load` now, without
/// new hires, `transfer` (persons/yr) of the failed provider's staff coming with it.
bool capacity_to_absorb(const Provider& pr, const CapacityParams& cap, double carried, double load,
                        double transfer);

/// An external provider's bench at entry: `capacity.redeploy_share` of its other business
/// (`base_size`, GBP/yr) at its unit cost.
void entry_capacity(Provider& pr, const Parameters& p);

/// The start: every service's load from the initial need count, and each in-house unit's
/// capacity that load times (1 + headroom).
void init_capacity(Market& m, const Parameters& p, const CitizenTally& initial);

/// TUPE: service `s` moves from its provider to `to`: `share` of the capacity that served it
/// (the provider's capacity times the service's share of the load it carries now) moves too.
/// Call before the service's provider changes (tendering's assign does).
void transfer_capacity(Market& m, const CapacityParams& cap, const Service& s, int to,
                       double share);

/// `to` has just taken on work: it redeploys bench staff (no lag, no hiring cost) toward its
/// target capacity.
void mobilise(Market& m, const CapacityParams& cap, int to);

/// Year end: each service's load from this year's tally; each live provider's leavers (base,
/// engagement, pay restraint), arrivals from its pipeline, hires toward its target (after the
/// lag, at a cost) or shedding above it (at a redundancy cost); counted in the ledger.
void update_capacity(Market& m, const Parameters& p, const CitizenTally& this_year, int year);

/// A provider's staff are gone (it failed after its services moved, left the market, or an
/// in-house unit closed): capacity, hires under way and bench to zero, the staff counted as
/// leavers.
void release_workforce(Provider& pr, YearEvents& events);

/// The year's capacity series: total capacity of live providers, hires and leavers.
void record_capacity(const Market& m, YearRecord& r);

}  // namespace quasim
