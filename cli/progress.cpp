// cli/progress.cpp — progress bar.
#include "cli/progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace quasim {

ProgressBar::ProgressBar(std::string label, int total, bool enabled)
    : label_(std::move(label)),
      total_(total),
      active_(enabled && isatty(STDERR_FILENO)),
      start_(std::chrono::steady_clock::now()) {
  update(0);
}

void ProgressBar::update(int done) {
  if (!active_) return;
  std::lock_guard lock(mutex_);
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const int width = 30;
  const int filled = total_ > 0 ? width * done / total_ : width;
  std::string bar(filled, '#');
  bar.resize(width, '.');
  char eta[32] = "--";
  if (done > 0 && done < total_)
    std::snprintf(eta, sizeof eta, "%.0fs", elapsed / done * (total_ - done));
  if (done >= total_) std::snprintf(eta, sizeof eta, "0s");
  std::fprintf(stderr, "\r%s [%s] %d/%d  elapsed %.0fs  eta %s   ", label_.c_str(), bar.c_str(),
               done, total_, elapsed, eta);
  std::fflush(stderr);
}

void ProgressBar::finish() {
  if (!active_) return;
  std::fprintf(stderr, "\n");
}

}  // namespace quasim
