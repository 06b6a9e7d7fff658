// cli/progress.hpp — a progress bar on a terminal: runs done, elapsed, estimate.
#pragma once

#include <chrono>
#include <mutex>
#include <string>

namespace quasim {

class ProgressBar {
 public:
  /// Draws on stderr only if it is a terminal and `enabled`.
  ProgressBar(std::string label, int total, bool enabled);
  /// Thread-safe.
  void update(int done);
  void finish();

 private:
  std::string label_;
  int total_;
  bool active_;
  std::chrono::steady_clock::time_point start_;
  std::mutex mutex_;
};

}  // namespace quasim
