// cli/batch_parts.cpp — see batch_parts.hpp.
#include "cli/batch_parts.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "cli/run_support.hpp"
#include "cli/sweep_settings.hpp"
#include "output/batch_index.hpp"
#include "output/file_checks.hpp"
#include "output/result_convert.hpp"
#include "output/result_reader.hpp"
#include "sim/parameter_table.hpp"
#include "sim/version.hpp"

namespace quasim {
namespace fs = std::filesystem;
namespace {

/// "table.key" -> value for every assignment of a resolved TOML text.
std::map<std::string, std::string> assignments(const std::string& toml) {
  std::map<std::string, std::string> out;
  std::istringstream in(toml);
  std::string table;
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("[")) {
      table = line.substr(1, line.find(']') - 1);
    } else if (const auto eq = line.find(" = "); eq != std::string::npos) {
      out[(table.empty() ? "" : table + ".") + line.substr(0, eq)] = line.substr(eq + 3);
    }
  }
  return out;
}

std::string without_replicates(const std::string& toml) {
  std::istringstream in(toml);
  std::string out, table;
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("[")) table = line;
    if (table == "[run]" && line.starts_with("replicates = ")) continue;
    out += line + "\n";
  }
  return out;
}

std::string crc_text(const std::string& text) {
  const uLong crc = crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(text.data()),
                          static_cast<uInt>(text.size()));
  char buf[32];
  std::snprintf(buf, sizeof buf, "crc32:%08lx", static_cast<unsigned long>(crc & 0xffffffffu));
  return buf;
}

std::string binary_text(const std::string& version, const std::string& commit) {
  return "quasim " + version + " (commit " + commit + ")";
}

/// What a verified part says it is.
struct PartStamp {
  std::string path, plan, parameters, scenario, checksum, made_by;
  long long seed = 0;
  int point = -1, points = 0, replicate = -1, replicates = 0;
};

/// Reads and verifies a part: its layout and checksum, then its stamp. Throws OutputError.
PartStamp read_stamp(const std::string& path, const ResultFileContents& c) {
  require_valid(c, path);
  if (!c.provenance.count("content_checksum") || !c.provenance.count("batch_plan"))
    throw OutputError(
        path + ": not a part of a batch by this version of quasim (no /provenance@batch_plan)");
  PartStamp s;
  s.path = path;
  s.plan = provenance_text(c, "batch_plan");
  s.parameters = without_replicates(provenance_text(c, "resolved_parameters"));
  s.scenario = provenance_text(c, "scenario_name");
  s.checksum = provenance_text(c, "content_checksum");
  s.made_by = binary_text(provenance_text(c, "quasim_version"), provenance_text(c, "git_commit"));
  s.seed = provenance_int(c, path, "seed");
  s.point = static_cast<int>(provenance_int(c, path, "batch_point"));
  s.points = static_cast<int>(provenance_int(c, path, "batch_points"));
  s.replicates = static_cast<int>(provenance_int(c, path, "replicates"));
  if (provenance_int(c, path, "replicates_completed") != 1 || c.axes.replicates.size() != 1)
    throw OutputError(path + ": a part holds exactly one replicate, this file holds " +
                      std::to_string(c.axes.replicates.size()));
  s.replicate = c.axes.replicates.front();
  if (s.points < 1 || s.point < 0 || s.point >= s.points)
    throw OutputError(path + ": /provenance@batch_point " + std::to_string(s.point) +
                      " is not a point of a " + std::to_string(s.points) + "-point batch");
  return s;
}

std::string item_text(int point, int replicate) {
  return "point " + std::to_string(point) + " replicate " + std::to_string(replicate);
}

/// "0, 1, 4-7" for a sorted list of numbers.
std::string ranges(const std::vector<int>& v) {
  std::string out;
  for (std::size_t i = 0; i < v.size();) {
    std::size_t j = i;
    while (j + 1 < v.size() && v[j + 1] == v[j] + 1) ++j;
    if (!out.empty()) out += ", ";
    out += std::to_string(v[i]);
    if (j > i) out += '-' + std::to_string(v[j]);
    i = j + 1;
  }
  return out;
}

/// Each point's parts by replicate; every point 0..points-1 of the batch has an entry.
using PartsByPoint = std::map<int, std::map<int, const PartStamp*>>;

/// Reads and verifies every part (throws OutputError). False if stopped by a signal first.
bool read_stamps(const std::vector<std::string>& files, const std::atomic<bool>* stop,
                 std::vector<PartStamp>& stamps) {
  for (const auto& f : files) {
    if (stop && stop->load()) return false;
    stamps.push_back(read_stamp(f, read_result_file(f)));
  }
  return true;
}

/// Why part `s` is of another batch than `first` (their plans differ), as specific as it can be.
std::string why_other_batch(const PartStamp& s, const PartStamp& first) {
  std::string why;
  if (s.scenario != first.scenario && s.points == 1)
    why = "scenario '" + s.scenario + "' vs '" + first.scenario + "'";
  else if (s.seed != first.seed)
    why = "seed " + std::to_string(s.seed) + " vs " + std::to_string(first.seed);
  else if (s.made_by != first.made_by)
    why = s.made_by + " vs " + first.made_by;
  else if (s.points != first.points)
    why = std::to_string(s.points) + " points vs " + std::to_string(first.points);
  else if (s.point == first.point)
    why = first_difference(s.parameters, first.parameters);
  if (why.empty()) why = "a different scenario or parameters";
  return why;
}

/// Throws OutputError unless every part is of the first part's plan.
void require_one_batch(const std::vector<PartStamp>& stamps) {
  const PartStamp& first = stamps.front();
  for (const auto& s : stamps) {
    if (s.plan == first.plan) continue;
    throw OutputError(s.path + ": from another batch than " + first.path + " (" +
                      why_other_batch(s, first) + "); merge joins the parts of one batch");
  }
}

/// Replicates per point: as asked for, else the most any part says.
int replicates_per_point(const std::vector<PartStamp>& stamps, const std::optional<int>& asked) {
  int replicates = 0;
  for (const auto& s : stamps) replicates = std::max(replicates, s.replicates);
  if (asked) replicates = *asked;
  return replicates;
}

/// One part per work item; duplicates must agree (else OutputError). A replicate beyond
/// `replicates` is an error, or (when the number was asked for) not used.
PartsByPoint parts_by_item(const std::vector<PartStamp>& stamps, int points, int replicates,
                           bool replicates_asked) {
  PartsByPoint by_point;
  for (int k = 0; k < points; ++k) by_point[k];
  for (const auto& s : stamps) {
    if (s.replicate < 0 || s.replicate >= replicates) {
      if (replicates_asked) continue;  // beyond what this batch asks for now: not used
      throw OutputError(s.path + ": holds replicate " + std::to_string(s.replicate) +
                        " of a batch of " + std::to_string(replicates) + " replicates per point");
    }
    auto [it, fresh] = by_point[s.point].emplace(s.replicate, &s);
    if (!fresh && it->second->checksum != s.checksum)
      throw OutputError(s.path + " and " + it->second->path + " both hold " +
                        item_text(s.point, s.replicate) +
                        " but their numbers differ; remove the wrong one");
  }
  return by_point;
}

/// The replicates of 0..replicates-1 that a point has no part for.
std::vector<int> absent_replicates(const std::map<int, const PartStamp*>& parts, int replicates) {
  std::vector<int> absent;
  for (int r = 0; r < replicates; ++r)
    if (!parts.count(r)) absent.push_back(r);
  return absent;
}

/// "point 0: replicates 1, 3; point 2: all 4 replicates", or "" when nothing is missing.
std::string missing_items(const PartsByPoint& by_point, int points, int replicates) {
  std::string missing;
  for (int k = 0; k < points; ++k) {
    const std::vector<int> absent = absent_replicates(by_point.at(k), replicates);
    if (absent.empty()) continue;
    missing += (missing.empty() ? "" : "; ") + std::string("point ") + std::to_string(k) + ": " +
               (static_cast<int>(absent.size()) == replicates
                    ? "all " + std::to_string(replicates) + " replicates"
                    : "replicate" + std::string(absent.size() > 1 ? "s " : " ") + ranges(absent));
  }
  return missing;
}

/// "[a, b, c]" for a message, cut after a few names.
std::string names_text(const std::vector<std::string>& names) {
  std::string out = "[";
  for (std::size_t i = 0; i < names.size() && i < 6; ++i) out += (i ? ", " : "") + names[i];
  return out + (names.size() > 6 ? ", ... " + std::to_string(names.size()) + " in all]" : "]");
}

/// Throws OutputError unless part `path` has the axes of the point's first part (years and the
/// entity axes: the series of one point are stacked along replicates only).
void require_same_axes(const ResultAxes& a, const std::string& path, const ResultAxes& first,
                       const std::string& first_path) {
  const auto differ = [&](const char* axis, const std::string& mine, const std::string& theirs) {
    throw OutputError(path + ": its /" + axis + " axis " + mine + " differs from " + first_path +
                      "'s " + theirs + "; merge joins parts with the same axes");
  };
  if (a.years != first.years)
    differ("year", std::to_string(a.years.size()) + " years",
           std::to_string(first.years.size()) + " years");
  const std::pair<const char*, const std::vector<std::string> ResultAxes::*> named[] = {
      {"commissioner", &ResultAxes::commissioners},
      {"domain", &ResultAxes::domains},
      {"difficulty_group", &ResultAxes::difficulty_groups},
      {"age_band", &ResultAxes::age_bands},
      {"agency", &ResultAxes::agencies}};
  for (const auto& [axis, field] : named)
    if (a.*field != first.*field) differ(axis, names_text(a.*field), names_text(first.*field));
}

/// Writes one point's parts as one result file at `path`, with the writer that wrote the parts;
/// returns its provenance.
Provenance write_point(const std::map<int, const PartStamp*>& parts, int replicates,
                       const std::string& command_line, const std::string& path) {
  std::vector<ReplicateResult> results;
  Provenance prov;
  const std::vector<int> absent = absent_replicates(parts, replicates);
  ResultAxes first_axes;
  std::string first_path;
  for (const auto& [r, stamp] : parts) {
    const auto c = read_result_file(stamp->path);
    if (results.empty()) {
      prov = provenance_of(c, stamp->path);
      first_axes = c.axes;
      first_path = stamp->path;
    } else {
      require_same_axes(c.axes, stamp->path, first_axes, first_path);
    }
    for (auto& rr : replicate_results(c, stamp->path)) results.push_back(std::move(rr));
  }
  prov.replicates = replicates;
  if (!command_line.empty()) prov.command_line = command_line;
  prov.missing = absent.empty() ? "" : "replicates " + ranges(absent);
  write_result_file(path, prov, results);
  return prov;
}

/// A sweep point's label: what its scenario name says in brackets ("thin [entry_rate=0.1]").
std::string point_label(const std::string& scenario_name) {
  return scenario_name.find(" [") != std::string::npos
             ? scenario_name.substr(scenario_name.find(" [") + 2,
                                    scenario_name.size() - scenario_name.find(" [") - 3)
             : scenario_name;
}

/// Writes each point that has parts, then the index for a sweep; stops between points on a
/// signal.
MergeOutcome write_merged(const PartsByPoint& by_point, int points, int replicates,
                          const std::string& missing, const std::string& out,
                          const MergeOptions& o) {
  for (int k = 0; k < points; ++k)
    check_output_file(point_file(out, static_cast<std::size_t>(k), points));
  MergeOutcome outcome;
  outcome.points = static_cast<std::size_t>(points);
  outcome.missing = missing;
  std::vector<BatchPoint> index;
  Provenance index_prov;
  for (int k = 0; k < points; ++k) {
    if (o.stop && o.stop->load()) {
      outcome.interrupted = true;
      return outcome;
    }
    const auto& parts = by_point.at(k);
    if (parts.empty()) continue;
    const std::string path = point_file(out, static_cast<std::size_t>(k), points);
    const Provenance prov = write_point(parts, replicates, o.command_line, path);
    ++outcome.written;
    if (index.empty()) index_prov = prov;
    const std::string label = point_label(prov.scenario_name);
    // The swept values as coordinates (/sweep), from the point's own provenance: the same
    // whether this batch ran here, on MPI ranks or as shards merged later.
    index.push_back({label, path, k, sweep_settings(label, prov)});
  }
  if (points > 1) {
    index_prov.scenario_name =
        index_prov.scenario_name.substr(0, index_prov.scenario_name.find(" ["));  // the whole sweep
    index_prov.missing = missing;
    const auto design = design_record(index_prov, index);  // a design's /design, else none
    write_batch_index(out, index_prov, index, design ? &*design : nullptr);
  }
  return outcome;
}

}  // namespace

PartPlan plan_of(const std::vector<SweepPoint>& points) {
  PartPlan plan;
  std::string all = binary_text(kVersion, kGitCommit) + "\n";
  for (const auto& pt : points) {
    plan.parameters.push_back(without_replicates(resolved_toml(pt.params)));
    all += plan.parameters.back() + "\n--\n";
  }
  plan.fingerprint = crc_text(all);
  return plan;
}

std::string first_difference(const std::string& part, const std::string& plan) {
  const auto a = assignments(part), b = assignments(plan);
  for (const auto& [key, value] : b) {
    const auto it = a.find(key);
    if (it == a.end()) return key + " is not in the part (" + value + " in this batch)";
    if (it->second != value)
      return key + " = " + it->second + " in the part, " + value + " in this batch";
  }
  for (const auto& [key, value] : a)
    if (!b.count(key)) return key + " = " + value + " in the part, not a parameter of this batch";
  return "";
}

PartCheck check_part(const std::string& path, const PartPlan& plan, const WorkItem& item) {
  if (!fs::exists(fs::symlink_status(path))) return {};
  PartStamp s;
  try {
    s = read_stamp(path, read_result_file(path));
  } catch (const OutputError& e) {
    return {PartState::Unverifiable, e.what()};
  }
  const auto mismatch = [&](const std::string& why) {
    return PartCheck{PartState::Mismatch, path + ": " + why};
  };
  if (s.made_by != binary_text(kVersion, kGitCommit))
    return mismatch("made by " + s.made_by + ", this is " + binary_text(kVersion, kGitCommit));
  if (s.point != item.point || s.replicate != item.replicate)
    return mismatch("holds " + item_text(s.point, s.replicate) + ", its name says " +
                    item_text(item.point, item.replicate));
  if (s.parameters != plan.parameters[static_cast<std::size_t>(item.point)]) {
    const std::string d =
        first_difference(s.parameters, plan.parameters[static_cast<std::size_t>(item.point)]);
    return mismatch("made with other parameters: " +
                    (d.empty() ? "the parameter text differs" : d));
  }
  if (s.points != static_cast<int>(plan.parameters.size()))
    return mismatch("belongs to a batch of " + std::to_string(s.points) + " points, this one has " +
                    std::to_string(plan.parameters.size()));
  return {PartState::Good, ""};
}

void stamp_part(Provenance& prov, const PartPlan& plan, const WorkItem& item, std::size_t points) {
  prov.batch_point = item.point;
  prov.batch_points = static_cast<int>(points);
  prov.batch_plan = plan.fingerprint;
}

PartsLock::PartsLock(const std::string& parts_dir, const std::string& name) {
  const std::string path = (fs::path(parts_dir) / name).string();
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd_ < 0) throw OutputError(path + ": cannot create the lock file: " + std::strerror(errno));
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    ::close(fd_);
    fd_ = -1;
    if (err == EWOULDBLOCK)
      throw OutputError(parts_dir +
                        ": in use by another quasim batch; wait for it to finish (or stop it) and "
                        "run this again");
    throw OutputError(path + ": cannot lock: " + std::strerror(err));
  }
}

PartsLock::~PartsLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the lock
}

MergeOutcome merge_parts(const std::vector<std::string>& files, const std::string& out,
                         const MergeOptions& o) {
  std::vector<PartStamp> stamps;
  if (!read_stamps(files, o.stop, stamps)) return {0, 0, "", true};
  if (stamps.empty()) throw OutputError("nothing to merge: no part files given");
  require_one_batch(stamps);
  const int points = stamps.front().points;
  const int replicates = replicates_per_point(stamps, o.replicates);
  const PartsByPoint by_point = parts_by_item(stamps, points, replicates, o.replicates.has_value());
  const std::string missing = missing_items(by_point, points, replicates);
  if (!missing.empty() && !o.allow_partial)
    throw OutputError("incomplete batch, missing " + missing + " (" +
                      std::to_string(stamps.size()) +
                      " parts given); run the missing work items, or pass --allow-partial to write "
                      "what there is, marked partial");
  return write_merged(by_point, points, replicates, missing, out, o);
}

}  // namespace quasim
