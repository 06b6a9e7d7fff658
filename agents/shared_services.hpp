// agents/shared_services.hpp — shared back offices among commissioners: forming them and
// costing them each year (seed 000; NAO 2012 and 2016).
#pragma once

#include <vector>

#include "model/parameters.hpp"
#include "model/rng.hpp"
#include "model/world.hpp"

namespace quasim {

/// Groups consecutive commissioners into shared back offices, draws each one's overrun and
/// sets when its members' joint decision is due.
void form_partnerships(std::vector<Commissioner>& commissioners,
                       std::vector<Partnership>& partnerships, const CollaborationParams& cp,
                       const Streams& rng);

/// Each commissioner's back-office cost this year. A partnership first decides (paying its
/// run rate, saving nothing) for years that grow with partners and with how far their risk
/// appetites differ; too far apart, the decision is abandoned. Then each member chooses whether
/// to move its back office in; the shared office costs more at first (transition), then less
/// (scale), and always carries decision costs. Members whose net benefit stays negative leave;
/// with fewer than two the partnership dissolves. Books savings and decision costs.
void back_office_costs(std::vector<Commissioner>& commissioners,
                       std::vector<Partnership>& partnerships, const CollaborationParams& cp,
                       int year, YearEvents& events);

}  // namespace quasim
