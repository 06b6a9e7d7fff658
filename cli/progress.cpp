// cli/progress.cpp — progress bar and JSON-lines events.
#include "cli/progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "cli/json_text.hpp"

namespace quasim {

ProgressMode progress_mode(const std::string& asked, bool quiet) {
  if (asked == "bar") return ProgressMode::Bar;
  if (asked == "jsonl") return ProgressMode::Jsonl;
  if (asked == "none") return ProgressMode::None;
  if (!asked.empty())
    throw std::invalid_argument("--progress: expected bar, jsonl or none, got '" + asked + "'");
  if (quiet) return ProgressMode::None;
  return isatty(STDERR_FILENO) ? ProgressMode::Bar : ProgressMode::Jsonl;
}

std::string json_seconds(double seconds) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", std::max(0.0, seconds));
  return buf;
}

Progress::Progress(ProgressMode mode, std::string label, int total, int resumed, EventFields common)
    : mode_(mode),
      label_(std::move(label)),
      total_(total),
      resumed_(resumed),
      common_(std::move(common)),
      start_(std::chrono::steady_clock::now()) {
  if (mode_ == ProgressMode::Bar && !isatty(STDERR_FILENO)) mode_ = ProgressMode::None;
  if (mode_ == ProgressMode::Bar) {
    bar_open_ = true;
    draw_bar(0);
  }
}

namespace {

/// Appends `,"name":value` (appended piece by piece: GCC 12 warns, wrongly, on the chained +).
void append_field(std::string& line, const std::string& name, const std::string& value) {
  line += ',';
  line += json_string(name);
  line += ':';
  line += value;
}

}  // namespace

double Progress::elapsed() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void Progress::emit(const std::string& line) {
  // One write per line, flushed at once: lines from threads (and MPI ranks sharing a pipe) never
  // interleave, and a job log holds every event the moment it happens.
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

void Progress::phase(const std::string& name, const EventFields& fields) {
  if (mode_ != ProgressMode::Jsonl) return;
  std::lock_guard lock(mutex_);
  std::string line = "{\"event\":\"phase\",\"phase\":" + json_string(name);
  for (const auto& [k, v] : common_) append_field(line, k, v);
  for (const auto& [k, v] : fields) append_field(line, k, v);
  line += ",\"elapsed_s\":" + json_seconds(elapsed()) + "}\n";
  emit(line);
}

void Progress::item(int item, int point, int replicate) {
  if (mode_ == ProgressMode::None) return;
  std::lock_guard lock(mutex_);
  const int finished = ++finished_;
  if (mode_ == ProgressMode::Bar) return draw_bar(finished);
  const int done = resumed_ + finished;
  const double t = elapsed();
  // Estimated from this process's own pace: items resumed from disk took no time here.
  const double remaining = t / finished * std::max(0, total_ - done);
  std::string line = "{\"event\":\"item\"";
  for (const auto& [k, v] : common_) append_field(line, k, v);
  line += ",\"item\":" + std::to_string(item) + ",\"point\":" + std::to_string(point) +
          ",\"replicate\":" + std::to_string(replicate) + ",\"done\":" + std::to_string(done) +
          ",\"total\":" + std::to_string(total_) + ",\"elapsed_s\":" + json_seconds(t) +
          ",\"remaining_s\":" + json_seconds(remaining) + "}\n";
  emit(line);
}

void Progress::draw_bar(int finished) {
  const int total = total_ - resumed_;  // the bar counts what this process has to do
  const double t = elapsed();
  const int width = 30;
  const int filled = total > 0 ? width * std::min(finished, total) / total : width;
  std::string bar(filled, '#');
  bar.resize(width, '.');
  char eta[32] = "--";
  if (finished > 0 && finished < total)
    std::snprintf(eta, sizeof eta, "%.0fs", t / finished * (total - finished));
  if (finished >= total) std::snprintf(eta, sizeof eta, "0s");
  std::fprintf(stderr, "\r%s [%s] %d/%d  elapsed %.0fs  eta %s   ", label_.c_str(), bar.c_str(),
               finished, total, t, eta);
  std::fflush(stderr);
}

void Progress::finish() {
  std::lock_guard lock(mutex_);
  if (!bar_open_) return;
  bar_open_ = false;
  std::fprintf(stderr, "\n");
}

}  // namespace quasim
