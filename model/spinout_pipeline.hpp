// model/spinout_pipeline.hpp — in-house teams on their way to becoming mutuals: who has
// applied, how far each business case has got, and the pipeline's running counts. Advanced
// each year by spin_out_mutuals (agents/spinout_pipeline.cpp).
#pragma once

#include <vector>

namespace quasim {

/// An in-house team that has applied to spin out (Right to Provide, seed 002).
struct SpinoutCandidate {
  int commissioner = 0;
  int domain = 0;
  int applied_year = 0;
  double progress = 0;     ///< years of business case built (a supported year counts more)
  int stalled_years = 0;   ///< years it made no progress
  bool supported = false;  ///< the support fund paid for its investment readiness
  double standalone = 0;   ///< extra cost of running alone, share of turnover (its case shows it)
};

/// The pipeline of one replicate. Counts are cumulative since the start of the run.
struct SpinoutPipeline {
  std::vector<SpinoutCandidate> candidates;  ///< in the pipeline, in order of application
  std::vector<double> intent;                ///< per (commissioner, domain): intent to apply
  std::vector<int> attempts;                 ///< per (commissioner, domain): applications made
  int applications = 0, abandoned = 0, supported = 0, supported_live = 0;
  int stalled_this_year = 0;  ///< candidates that made no progress this year
};

}  // namespace quasim
