// sim/step.hpp — building a world and advancing it one year.
#pragma once

#include <span>

#include "agents/citizens.hpp"
#include "model/derived_tables.hpp"
#include "model/parameters.hpp"
#include "model/rng.hpp"
#include "model/world.hpp"
#include "model/year_record.hpp"
#include "sim/phase_clock.hpp"

namespace quasim {

/// The initial world of one replicate (sim/world_init.cpp).
World init_world(const Parameters& p, const Streams& rng, PhaseClock* clock = nullptr);

/// One year, in order (sim/step.cpp). `t` holds the constants derived from `p`
/// (derive_tables). `clock`, if given, collects the wall time of each phase (timings only).
void step(World& w, const Parameters& p, const DerivedTables& t, const Streams& rng,
          YearRecord& rec, PhaseClock* clock = nullptr);

/// What citizens meet this year in each area and domain (sim/step.cpp).
CitizenConditions service_conditions(const World& w, const Parameters& p, const DerivedTables& t);

/// Payments, provider accounts, failures and the provider of last resort (sim/settle.cpp).
void settle(Market& market, int year, const Parameters& p, const CitizenTally& t);

/// Contract monitoring and early termination for poor observed quality (sim/settle.cpp); a
/// contractor that left eligible people waiting in tally `t` is seen as worse
/// (`capacity.late_penalty`).
void monitor(Market& market, int year, const Parameters& p, const Streams& rng,
             const CitizenConditions& cond, const CitizenTally& t);

/// Partnerships' decisions, migrations and dissolutions, and the spin-out pipeline's counts
/// (sim/record_collaboration.cpp).
void record_collaboration(const Market& m, int year, const Parameters& p, YearRecord& r);

/// Waiting lists, capacity use and service by difficulty group (sim/record_waiting.cpp); the
/// series are sized by `record`.
void record_waiting(const CitizenTally& t, const CitizenConditions& cond, const Parameters& p,
                    int C, int D, YearRecord& r);

/// The agencies' series (sim/record_agencies.cpp): budgets, spending, pooled contributions,
/// spill-over savings and the change fund's prevention; sizes its own series.
void record_agencies(const World& w, const Parameters& p, const CitizenTally& t, YearRecord& r);

/// Population, outcomes (over everyone and over people with need), lasting harm, hidden need,
/// satisfaction and trust, nationally, by age band, group and commissioner
/// (sim/record_outcomes.cpp); sizes its own per-entity series.
void record_outcomes(const CitizenTally& t, const Parameters& p, int C, YearRecord& r);

/// Need averted by service against no service, and value for money: that per GBP million of
/// all spending (sim/record_outcomes.cpp); needs r.spending_total.
void record_value_for_money(const CitizenTally& t, const Parameters& p, YearRecord& r);

/// The year's numbers for the recorder (sim/record.cpp).
void record(const World& w, const Parameters& p, const CitizenTally& t,
            const CitizenConditions& cond, YearRecord& rec);

/// Gini coefficient of values 0..255 given as a histogram.
double gini_from_histogram(std::span<const std::int64_t> histogram);

}  // namespace quasim
