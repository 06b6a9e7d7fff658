// agents/shared_services.hpp — shared back offices among commissioners: forming them and
// costing them each year (seed 000; NAO 2012 and 2016).
#pragma once

#include <vector>

#include "model/parameters.hpp"
#include "model/rng.hpp"
#include "model/world.hpp"

namespace quasim {

/// Groups consecutive commissioners into shared back offices and draws each one's overrun.
void form_partnerships(std::vector<Commissioner>& commissioners,
                       std::vector<Partnership>& partnerships, const CollaborationParams& cp,
                       const Streams& rng);

/// Each commissioner's back-office cost this year; shared offices cost more at first
/// (transition), then less (scale), and always carry decision costs that grow with partners
/// and with how far their risk appetites differ. Books savings and decision costs.
void back_office_costs(std::vector<Commissioner>& commissioners,
                       const std::vector<Partnership>& partnerships, const CollaborationParams& cp,
                       int year, YearEvents& events);

}  // namespace quasim
