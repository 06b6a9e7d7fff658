// agents/spinout_pipeline.hpp — Right to Provide as a pipeline (seed 002): in-house teams apply,
// get support, build a business case, stall or are abandoned, or go live as mutuals.
#pragma once

#include "model/parameters.hpp"
#include "model/rng.hpp"
#include "model/world.hpp"

namespace quasim {

/// One year of the pipeline, for commissioners whose own policy allows Right to Provide:
/// teams whose intent (built by staff engagement and the commissioner's stance) passes their
/// readiness apply; the support fund pays for the first applicants' investment readiness; each
/// candidate builds its business case (faster with support), stalls without support from the
/// fund or its commissioner, or while its case shows too little margin; a case showing a loss,
/// or a team stalled for mutuals.stall_years, is abandoned; a complete, viable case goes live.
void spin_out_mutuals(Market& market, int year, const Parameters& p, const Streams& rng);

/// The expected margin of running (c, d)'s in-house service as a mutual at the in-house price,
/// with an extra standalone cost `standalone` (share of turnover).
double spinout_margin(const Market& market, const Parameters& p, int c, int d, double standalone);

}  // namespace quasim
