// agents/centre.hpp — the centre's rules: how the national settlement is shared among
// commissioners (flat or needs-based) and emergency funding for statutory services.
#pragma once

#include <vector>

#include "model/citizens.hpp"
#include "model/commissioner.hpp"
#include "model/parameters.hpp"

namespace quasim {

/// Each area's assessed need: last year's need units in every council domain (national
/// departments fund their own by need) at the domain's efficient in-house unit cost (GBP/yr),
/// the basis of a needs-based formula.
std::vector<double> assessed_need(const std::vector<Commissioner>& commissioners,
                                  const Parameters& p, const CitizenTally& last);

/// Needs-based settlement: the national total of this year's budgets (each already moved on
/// its trajectory) is re-shared, each budget moving `phase_in` of the way from its own value
/// towards the total's share given by `need`. The total is unchanged.
void reweight_by_need(std::vector<Commissioner>& commissioners, const std::vector<double>& need,
                      double phase_in);

/// Emergency funding: each commissioner asks for its statutory shortfall, at most
/// `cap * budget`; when the asks exceed the national pot (`pot` times all budgets) each is cut
/// pro rata. Returns the award per commissioner (GBP).
std::vector<double> emergency_awards(const std::vector<double>& shortfall,
                                     const std::vector<Commissioner>& commissioners,
                                     const CentreParams& centre);

}  // namespace quasim
