// sim/record_collaboration.cpp — what the year's partnerships and spin-out pipeline show.
#include "sim/step.hpp"

namespace quasim {

void record_collaboration(const Market& m, int year, const Parameters& p, YearRecord& r) {
  for (const Partnership& ps : m.partnerships) {
    r.partnership_decisions_delayed += ps.deciding(p.collaboration.shared_service_start, year);
    r.partnership_dissolutions += ps.dissolved;
    r.partnerships_blocked += ps.blocked;
    if (ps.running(year))
      for (char in : ps.migrated) r.partners_migrated += in;
  }
  const SpinoutPipeline& pl = m.spinouts;
  r.spinout_applications = pl.applications;
  r.spinouts_in_pipeline = static_cast<double>(pl.candidates.size());
  r.spinouts_stalled = pl.stalled_this_year;
  r.spinouts_abandoned = pl.abandoned;
  r.spinouts_supported = pl.supported;
  r.spinouts_supported_live = pl.supported_live;
}

}  // namespace quasim
