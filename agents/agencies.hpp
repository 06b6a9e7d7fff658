// agents/agencies.hpp — agencies that pay for services (issue 18): the councils (agency 0)
// and national departments (`[agency.NAME]`) paying for their domains in every area; their
// budgets, the pooled budgets between them, the prevention the change fund buys, and who gains
// from the spill-overs of whose services. Their books are model/agencies.hpp.
#pragma once

#include <Eigen/Dense>

#include "model/agencies.hpp"
#include "model/citizens.hpp"
#include "model/market.hpp"
#include "model/parameters.hpp"
#include "model/world.hpp"

namespace quasim {

/// Sizes the books. With departments, splits each area's initial budget: a department takes
/// the initial cost of its domains (times `budget.initial_coverage`), the council the rest (with
/// its back office on its own part). Call once, after the services are costed.
void init_agencies(Market& m, const Parameters& p, AgencyState& a);

/// Each department's national money moves on its own trajectory (`agency.NAME.change_*`) and
/// is shared among areas by last year's need in its domains, valued at their unit costs.
void set_department_budgets(const Parameters& p, const CitizenTally& last, int year,
                            AgencyState& a);

/// Area c's money to its domains, by agency: each agency's own pot (less what it pools) to its
/// own domains, weighing only spill-overs into its own domains (the wrong pocket); then the
/// pool, by value-map weights over every pooled agency's domains. Needs departments.
void allocate_by_agency(Commissioner& c, const Parameters& pc, const CitizenTally& last,
                        const Eigen::MatrixXd& S, AgencyState& a);

/// The change fund buys prevention in the domains it names (`domain.NAME.prevention_share`):
/// records this year's purchase and sets the onset multipliers from purchases made
/// `domain.NAME.prevention_lag` years ago (model/agencies.hpp `prevention`), with diminishing
/// returns on last year's onsets before last year's multipliers. Before note_onset_multipliers.
void buy_prevention(const Market& m, const Parameters& p, const CitizenTally& last, int year,
                    AgencyState& a);

/// The onset multipliers this year's citizen phase applies (the value map and prevention), kept
/// for next year's prevention base; with departments, each source domain's part of every
/// domain's spill-over reduction, for valuing who gains.
void note_onset_multipliers(const World& w, const Parameters& p, const Eigen::MatrixXd& S,
                            AgencyState& a);

/// This year's flows, valued on the onsets that arose (`now`, after the citizen phase): the
/// onsets prevention averted, and the spill-overs between agencies (`savings`, `generated`,
/// signed), including prevention the councils' change fund bought in a department's domain.
AgencyFlows value_agency_flows(const Market& m, const Parameters& p, const CitizenTally& now,
                               const AgencyState& a);

/// The lag with which domain d's onset responds to the service received in other domains.
int spillover_lag(const Parameters& p, int d);

}  // namespace quasim
