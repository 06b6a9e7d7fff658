// cli/progress.hpp — how far a job has got: a bar on a terminal for people, or one JSON object
// per line on stderr for machines (job logs, schedulers, dashboards).
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace quasim {

enum class ProgressMode { Bar, Jsonl, None };

/// The mode for `--progress TEXT` ("bar", "jsonl", "none"; "" when not given): not given, it is
/// a bar when stderr is a terminal and jsonl otherwise, or none with `--quiet`. A mode given
/// explicitly wins over `--quiet`. Throws std::invalid_argument for any other text.
ProgressMode progress_mode(const std::string& asked, bool quiet);

/// Fields of one event, in order: name and the value already written as JSON.
using EventFields = std::vector<std::pair<std::string, std::string>>;

/// Progress of `total` work items, `resumed` of which were done before this process started.
/// Jsonl: an "item" event per finished item and a "phase" event per phase, each one line written
/// and flushed at once. Bar: redrawn per item, counting this process's items. Thread-safe.
class Progress {
 public:
  /// `common` fields go into every event (e.g. the MPI rank); the clock starts now.
  Progress(ProgressMode mode, std::string label, int total, int resumed = 0,
           EventFields common = {});
  /// {"event":"phase","phase":NAME,...fields,"elapsed_s":T} (jsonl only).
  void phase(const std::string& name, const EventFields& fields = {});
  /// One finished work item: `item` its index in the whole plan (point-major).
  void item(int item, int point, int replicate);
  /// Ends the bar's line (bar only); later phase events still go out.
  void finish();

 private:
  void emit(const std::string& line);
  double elapsed() const;
  void draw_bar(int finished);

  ProgressMode mode_;
  std::string label_;
  int total_, resumed_, finished_ = 0;
  EventFields common_;
  bool bar_open_ = false;
  std::chrono::steady_clock::time_point start_;
  std::mutex mutex_;
};

/// A number for a JSON event: seconds to the millisecond.
std::string json_seconds(double seconds);

}  // namespace quasim
