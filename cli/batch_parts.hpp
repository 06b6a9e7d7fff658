// cli/batch_parts.hpp — what makes a batch's parts trustworthy: every part records which work
// item of which plan it is; resume and merge check each part against the plan before using it,
// and a parts folder is locked by the batch that uses it.
#pragma once

#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include "output/result_file.hpp"
#include "sim/batch_plan.hpp"
#include "sim/scenario.hpp"

namespace quasim {

/// What a batch's parts must match: each point's parameters (without run.replicates, which
/// decides how many parts there are, not what one holds) and the binary that made them.
struct PartPlan {
  std::vector<std::string> parameters;  ///< per point, resolved TOML less run.replicates
  std::string fingerprint;              ///< over every point's parameters and the model version
};

PartPlan plan_of(const std::vector<SweepPoint>& points);

/// The first parameter that differs between two resolved TOML texts, as
/// "run.years = 3 in the part, 4 in this batch", or "" if none does.
std::string first_difference(const std::string& part, const std::string& plan);

/// What a part says it is, once its layout, checksum and stamp are verified.
struct PartStamp {
  std::string path, plan, parameters, scenario, checksum, made_by, command_line;
  long long seed = 0;
  int point = -1, points = 0, replicate = -1, replicates = 0;
};

/// Reads and verifies the part at `path`. Throws OutputError (torn, edited, not a part).
PartStamp read_part(const std::string& path);

/// "0, 1, 4-7" for a sorted list of numbers.
std::string ranges_text(const std::vector<int>& numbers);

enum class PartState { Missing, Good, Unverifiable, Mismatch };

struct PartCheck {
  PartState state = PartState::Missing;
  std::string why;  ///< for Unverifiable and Mismatch: what is wrong, for one line
};

/// Checks the part at `path` against the work item `item` of `plan`: its own checksum and
/// layout (Unverifiable if they fail: torn or edited), then what it is (Mismatch if it belongs
/// to another plan, point, replicate or binary).
PartCheck check_part(const std::string& path, const PartPlan& plan, const WorkItem& item);

/// The provenance fields that stamp a part as work item `item` of `plan`.
void stamp_part(Provenance& prov, const PartPlan& plan, const WorkItem& item, std::size_t points);

/// The lock file of a batch in its parts folder: ".lock", or ".lock-shard-K-of-N" for shard K/N
/// (shards of one batch run side by side, each under its own lock).
std::string parts_lock_name(int shard_k, int shard_n);

/// Whether a live process holds the lock at `lock_path` now (false if it is free or absent).
/// `pid` gets the holder's process id where this machine's /proc/locks tells it, else 0.
bool lock_is_held(const std::string& lock_path, long* pid = nullptr);

/// An exclusive lock on a parts folder (flock on a file inside it), held for the lifetime.
/// Throws OutputError if another process holds it: two batches must not share one folder.
class PartsLock {
 public:
  PartsLock(const std::string& parts_dir, const std::string& name);
  ~PartsLock();
  PartsLock(const PartsLock&) = delete;
  PartsLock& operator=(const PartsLock&) = delete;

 private:
  int fd_ = -1;
};

struct MergeOptions {
  std::string command_line;
  bool allow_partial = false;
  std::optional<int> replicates;            ///< replicates per point expected (default: the parts')
  const std::atomic<bool>* stop = nullptr;  ///< set by a signal: stop between points
};

struct MergeOutcome {
  std::size_t points = 0;   ///< points in the batch
  std::size_t written = 0;  ///< point files written
  std::string missing;      ///< empty when complete
  bool interrupted = false;
};

/// Joins part files into one result per point (OUT.h5, or OUT.pNNN.h5 + the index OUT.h5 for a
/// sweep). Every part is verified first; parts of different plans, disagreeing duplicates and
/// (unless allow_partial) missing replicates or points are refused with one line (OutputError).
MergeOutcome merge_parts(const std::vector<std::string>& files, const std::string& out,
                         const MergeOptions& o);

}  // namespace quasim
