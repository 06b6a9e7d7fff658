// sim/phase_clock.hpp — wall time per phase of a run, for `quasim run --timings` and the
// scaling benchmarks. It only reads the clock: results never depend on it.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>

namespace quasim {

/// The phases a run's time is split into. Parallel ones use every worker thread; serial ones
/// run on one thread per replicate, so they bound the speed-up (Amdahl's law).
enum class Phase : int {
  InitCitizens,  ///< parallel: drawing every citizen's age, needs, capability (init_world)
  InitOther,     ///< serial: commissioners, in-house units, the starting market, partnerships
  Commission,    ///< serial: budgets, spin-outs, make-or-buy, tenders, funding, conditions
  Citizens,      ///< parallel: the citizen phase (live) and its tally reduction
  Settle,        ///< serial: payments, failures, monitoring, entry and exit, the year's record
  Checks,        ///< serial: invariant checks and panels
  Release,       ///< serial: returning the citizens' memory to the system at the end
  Count
};

inline constexpr std::array<const char*, static_cast<int>(Phase::Count)> kPhaseNames = {
    "init_citizens", "init_other", "commission", "citizens", "settle", "checks", "release"};

inline constexpr bool phase_is_parallel(Phase ph) {
  return ph == Phase::InitCitizens || ph == Phase::Citizens;
}

/// Nanoseconds per phase, summed over replicates (which may run at the same time).
class PhaseClock {
 public:
  void add(Phase ph, std::chrono::steady_clock::duration d) {
    ns_[static_cast<int>(ph)].fetch_add(
        std::chrono::duration_cast<std::chrono::nanoseconds>(d).count(), std::memory_order_relaxed);
  }
  double seconds(Phase ph) const {
    return 1e-9 * static_cast<double>(ns_[static_cast<int>(ph)].load());
  }

 private:
  std::array<std::atomic<std::int64_t>, static_cast<int>(Phase::Count)> ns_{};
};

/// Adds the time from construction to destruction to `clock` (if any) under `phase`.
class PhaseTimer {
 public:
  PhaseTimer(PhaseClock* clock, Phase phase)
      : clock_(clock),
        phase_(phase),
        start_(clock ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point{}) {
  }
  ~PhaseTimer() {
    if (clock_) clock_->add(phase_, std::chrono::steady_clock::now() - start_);
  }
  PhaseTimer(const PhaseTimer&) = delete;
  PhaseTimer& operator=(const PhaseTimer&) = delete;

 private:
  PhaseClock* clock_;
  Phase phase_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace quasim
