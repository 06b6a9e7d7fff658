// cli/cmd_status.cpp — `quasim status OUT.h5.parts`: how far a batch has got, from its parts
// folder alone (every part carries its provenance): work items done, running (a shard's lock held
// by a live process), failed (a part that fails verification or belongs to another batch, a
// temporary file a killed write left) and missing, by shard, and the commands that finish it.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <regex>
#include <set>

#include "cli/batch_parts.hpp"
#include "cli/commands.hpp"
#include "cli/json_text.hpp"
#include "cli/progress.hpp"
#include "output/result_file.hpp"
#include "sim/point_label.hpp"

namespace quasim {
namespace fs = std::filesystem;
namespace {

enum class ItemState { Done, Running, Failed, Missing };

/// A part file that cannot count: why, for one line.
struct FailedFile {
  std::string file, why;
  int item = -1;  ///< the work item its name says, or -1
};

/// What the folder holds, read once.
struct Folder {
  std::string parts, out;
  std::vector<PartStamp> good;       ///< verified parts of the folder's batch
  std::vector<FailedFile> failed;    ///< parts and temporary files that cannot count
  std::vector<std::string> others;   ///< verified parts of another batch (also in `failed`)
  std::map<std::string, int> locks;  ///< lock file -> shards it names (1 for ".lock")
};

/// A shard of the batch: its items and who is working on them.
struct Shard {
  int k = 0, n = 1;
  bool running = false;
  long pid = 0;
  std::vector<int> items;
  std::string command;  ///< the command that runs (or resumes) it
};

/// The whole picture.
struct Status {
  std::string scenario, plan;
  int points = 0, replicates = 0, shards = 1;
  std::vector<ItemState> items;
  std::vector<Shard> by_shard;
  bool known = false;  ///< false until a verified part says what the batch is
  bool other_batch = false;
};

const std::regex kPart(R"(p(\d+)-r(\d+)\.h5)");
const std::regex kTemp(R"((p\d+-r\d+\.h5)\.tmp-(\d+))");
const std::regex kShardLock(R"(\.lock-shard-(\d+)-of-(\d+))");
const std::regex kShardArg(R"(--shard[ =](\d+)/(\d+))");

/// The work item index a part name says (point-major), given replicates per point; -1 if none.
int item_of_name(const std::string& name, int replicates) {
  std::smatch m;
  if (replicates <= 0 || !std::regex_match(name, m, kPart)) return -1;
  return std::stoi(m[1]) * replicates + std::stoi(m[2]);
}

/// Reads every part, lock and temporary file; keeps the parts of the batch most parts belong to.
Folder read_folder(const std::string& parts) {
  Folder f;
  f.parts = parts;
  f.out = parts.ends_with(".parts") ? parts.substr(0, parts.size() - 6) : parts + ".h5";
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(parts)) names.push_back(e.path().filename());
  std::sort(names.begin(), names.end());
  std::vector<PartStamp> stamps;
  std::smatch m;
  for (const auto& name : names) {
    const std::string path = (fs::path(parts) / name).string();
    if (name == ".lock") {
      f.locks[name] = 1;
    } else if (std::regex_match(name, m, kShardLock)) {
      f.locks[name] = std::stoi(m[2]);
    } else if (std::regex_match(name, m, kTemp)) {
      f.failed.push_back(
          {name, path + ": a temporary file that a killed write left (pid " + m[2].str() + ")",
           -1});
    } else if (std::regex_match(name, m, kPart)) {
      try {
        PartStamp s = read_part(path);
        char expected[64];
        std::snprintf(expected, sizeof expected, "p%03d-r%05d.h5", s.point, s.replicate);
        if (name != expected)
          throw OutputError(path + ": holds point " + std::to_string(s.point) + " replicate " +
                            std::to_string(s.replicate) + ", its name says otherwise");
        stamps.push_back(std::move(s));
      } catch (const OutputError& e) {
        f.failed.push_back({name, e.what(), -1});
      }
    }
  }
  std::map<std::string, int> votes;
  for (const auto& s : stamps) ++votes[s.plan];
  std::string plan;
  for (const auto& [p, n] : votes)
    if (plan.empty() || n > votes[plan]) plan = p;
  for (auto& s : stamps) {
    if (s.plan == plan) {
      f.good.push_back(std::move(s));
    } else {
      f.others.push_back(s.path);
      f.failed.push_back({fs::path(s.path).filename(),
                          s.path + ": from another batch (scenario '" + s.scenario + "', seed " +
                              std::to_string(s.seed) + ", plan " + s.plan + ")",
                          -1});
    }
  }
  return f;
}

/// The number of shards the batch runs in: what its parts' command lines say (--shard K/N), else
/// its lock files, else 1.
int shard_count(const Folder& f) {
  std::map<int, int> seen;
  std::smatch m;
  for (const auto& s : f.good)
    if (std::regex_search(s.command_line, m, kShardArg)) ++seen[std::stoi(m[2])];
  if (seen.empty())
    for (const auto& [name, n] : f.locks)
      if (n > 1) ++seen[n];
  int best = 1, votes = 0;
  for (const auto& [n, v] : seen)
    if (v > votes) best = n, votes = v;
  return best;
}

/// `command` with its --shard K/N (if any) made shard k of n.
std::string for_shard(const std::string& command, int k, int n) {
  const std::string shard = "--shard " + std::to_string(k) + "/" + std::to_string(n);
  if (std::regex_search(command, kShardArg)) return std::regex_replace(command, kShardArg, shard);
  return n > 1 ? command + " " + shard : command;
}

/// The command that runs shard k of n: one a part of that shard ran with, else another
/// shard's with the shard changed.
std::string shard_command(const Folder& f, int k, int n) {
  std::smatch m;
  for (const auto& s : f.good)
    if (n == 1 || (std::regex_search(s.command_line, m, kShardArg) && std::stoi(m[1]) == k &&
                   std::stoi(m[2]) == n))
      return s.command_line;
  return f.good.empty() ? "" : for_shard(f.good.front().command_line, k, n);
}

Status survey(Folder& f) {
  Status st;
  if (f.good.empty()) return st;
  st.known = true;
  st.other_batch = !f.others.empty();
  const PartStamp& first = f.good.front();
  st.scenario = split_point_scenario_name(first.scenario).first;
  st.plan = first.plan;
  st.points = first.points;
  for (const auto& s : f.good) st.replicates = std::max(st.replicates, s.replicates);
  st.shards = shard_count(f);
  const int total = st.points * st.replicates;
  st.items.assign(static_cast<std::size_t>(total), ItemState::Missing);
  for (auto& ff : f.failed) {
    ff.item = item_of_name(ff.file, st.replicates);
    std::smatch m;
    if (ff.item < 0 && std::regex_match(ff.file, m, kTemp))
      ff.item = item_of_name(m[1].str(), st.replicates);
    if (ff.item >= 0 && ff.item < total)
      st.items[static_cast<std::size_t>(ff.item)] = ItemState::Failed;
  }
  for (const auto& s : f.good)
    if (s.replicate < st.replicates)
      st.items[static_cast<std::size_t>(s.point * st.replicates + s.replicate)] = ItemState::Done;
  long whole_pid = 0;
  const bool whole = lock_is_held((fs::path(f.parts) / ".lock").string(), &whole_pid);
  for (int k = 0; k < st.shards; ++k) {
    Shard sh;
    sh.k = k;
    sh.n = st.shards;
    sh.running = whole;
    sh.pid = whole_pid;
    if (!whole && st.shards > 1)
      sh.running =
          lock_is_held((fs::path(f.parts) / parts_lock_name(k, st.shards)).string(), &sh.pid);
    for (int i = k; i < total; i += st.shards) {
      sh.items.push_back(i);
      auto& state = st.items[static_cast<std::size_t>(i)];
      if (sh.running && state != ItemState::Done) state = ItemState::Running;
    }
    sh.command = shard_command(f, k, st.shards);
    st.by_shard.push_back(std::move(sh));
  }
  // A temporary file of a running shard is a write in progress, not a failure.
  std::erase_if(f.failed, [&](const FailedFile& ff) {
    return ff.file.find(".tmp-") != std::string::npos && ff.item >= 0 && ff.item < total &&
           st.items[static_cast<std::size_t>(ff.item)] == ItemState::Running;
  });
  return st;
}

int count(const Status& st, ItemState s) {
  return static_cast<int>(std::count(st.items.begin(), st.items.end(), s));
}

/// "point 0: replicates 1, 3; point 2: replicate 0" for the items of a state.
std::string items_text(const Status& st, const std::vector<int>& items, ItemState s) {
  std::map<int, std::vector<int>> by_point;
  for (const int i : items)
    if (st.items[static_cast<std::size_t>(i)] == s)
      by_point[i / st.replicates].push_back(i % st.replicates);
  std::string out;
  for (const auto& [p, reps] : by_point)
    out += (out.empty() ? "" : "; ") + std::string("point ") + std::to_string(p) + ": replicate" +
           (reps.size() > 1 ? "s " : " ") + ranges_text(reps);
  return out;
}

bool complete(const Status& st) {
  return st.known && count(st, ItemState::Done) == static_cast<int>(st.items.size());
}

/// What to do next, one command (or instruction) per line.
std::vector<std::string> next_steps(const Folder& f, const Status& st) {
  std::vector<std::string> steps;
  if (!st.known) {
    bool held = false;
    for (const auto& [name, n] : f.locks) held |= lock_is_held((fs::path(f.parts) / name).string());
    if (held)
      steps.push_back("wait: the batch is running and no work item has finished yet");
    else if (!f.failed.empty())
      steps.push_back(
          "no part can be verified: run the batch again (it redoes damaged parts), or "
          "remove " +
          f.parts + " and start afresh");
    else
      steps.push_back("start the batch: quasim batch SCENARIO -o " + f.out);
    return steps;
  }
  std::vector<int> rerun;
  for (const auto& sh : st.by_shard) {
    bool unfinished = false;
    for (const int i : sh.items)
      unfinished |= st.items[static_cast<std::size_t>(i)] != ItemState::Done;
    if (!unfinished) continue;
    if (sh.running) {
      steps.push_back("wait for " +
                      (st.shards > 1 ? "shard " + std::to_string(sh.k) : "the batch") +
                      (sh.pid ? " (pid " + std::to_string(sh.pid) + ")" : "") + " to finish");
      continue;
    }
    rerun.push_back(sh.k);
    steps.push_back(sh.command + (st.other_batch ? " --redo-mismatched" : ""));
  }
  bool leftovers = false;
  for (const auto& ff : f.failed) leftovers |= ff.file.find(".tmp-") != std::string::npos;
  if (leftovers)
    steps.insert(steps.begin(), "rm " + (fs::path(f.parts) / "*.tmp-*").string() +
                                    "   # temporary files of killed writes");
  if (st.shards > 1 && !rerun.empty()) {
    std::string list;
    for (const int k : rerun) list += (list.empty() ? "" : ",") + std::to_string(k);
    steps.push_back("(on Slurm: sbatch --array=" + list + " YOUR_JOB_SCRIPT resubmits just these)");
  }
  // An unsharded batch merges by itself when it finishes; shards (and kept parts) need merge.
  if (st.shards > 1 || complete(st)) steps.push_back("quasim merge " + f.parts + " -o " + f.out);
  return steps;
}

void print_text(const Folder& f, const Status& st, const std::vector<std::string>& steps) {
  std::cout << f.parts << ": ";
  if (!st.known) {
    std::cout << "no verified part yet";
    for (const auto& [name, n] : f.locks)
      if (lock_is_held((fs::path(f.parts) / name).string()))
        std::cout << "; " << name << " is held (running)";
    std::cout << "\n";
  } else {
    const int total = static_cast<int>(st.items.size());
    std::cout << "batch '" << st.scenario << "' (plan " << st.plan << "), " << st.points << " point"
              << (st.points > 1 ? "s" : "") << " x " << st.replicates << " replicates = " << total
              << " work items"
              << (st.shards > 1 ? " in " + std::to_string(st.shards) + " shards" : "") << "\n";
    std::cout << "  done      " << count(st, ItemState::Done) << " of " << total << "\n"
              << "  running   " << count(st, ItemState::Running) << "\n"
              << "  failed    " << count(st, ItemState::Failed) << "\n"
              << "  missing   " << count(st, ItemState::Missing) << "\n";
    for (const auto& sh : st.by_shard) {
      const std::vector<int>& items = sh.items;
      int done = 0;
      for (const int i : items) done += st.items[static_cast<std::size_t>(i)] == ItemState::Done;
      std::cout << "  "
                << (st.shards > 1 ? "shard " + std::to_string(sh.k) + "/" + std::to_string(sh.n)
                                  : "batch")
                << ": " << done << " of " << items.size() << " done";
      if (sh.running)
        std::cout << ", running" << (sh.pid ? " (pid " + std::to_string(sh.pid) + ")" : "");
      for (const auto& [state, word] :
           {std::pair{ItemState::Running, "running"}, std::pair{ItemState::Failed, "failed"},
            std::pair{ItemState::Missing, "missing"}}) {
        const std::string t = items_text(st, items, state);
        if (!t.empty()) std::cout << "; " << word << " " << t;
      }
      std::cout << "\n";
    }
  }
  for (const auto& ff : f.failed)
    std::cout << "  failed: " << ff.why << (ff.why.starts_with(f.parts) ? "" : " (" + ff.file + ")")
              << "\n";
  std::cout << (complete(st) ? "complete; to write the result:\n" : "to finish:\n");
  for (const auto& s : steps) std::cout << "  " << s << "\n";
}

void print_json(const Folder& f, const Status& st, const std::vector<std::string>& steps) {
  const auto list = [](const std::vector<int>& v) {
    std::string out = "[";
    for (std::size_t i = 0; i < v.size(); ++i) out += (i ? "," : "") + std::to_string(v[i]);
    return out + "]";
  };
  const auto of_state = [&](const std::vector<int>& items, ItemState s) {
    std::vector<int> out;
    for (const int i : items)
      if (st.items[static_cast<std::size_t>(i)] == s) out.push_back(i);
    return out;
  };
  std::vector<int> all(st.items.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<int>(i);
  std::cout << "{\"parts\":" << json_string(f.parts) << ",\"output\":" << json_string(f.out)
            << ",\"known\":" << (st.known ? "true" : "false")
            << ",\"complete\":" << (complete(st) ? "true" : "false")
            << ",\"scenario\":" << json_string(st.scenario) << ",\"plan\":" << json_string(st.plan)
            << ",\"points\":" << st.points << ",\"replicates\":" << st.replicates
            << ",\"total\":" << st.items.size() << ",\"done\":" << count(st, ItemState::Done)
            << ",\"running\":" << count(st, ItemState::Running)
            << ",\"failed\":" << count(st, ItemState::Failed)
            << ",\"missing\":" << count(st, ItemState::Missing) << ",\"shards\":[";
  for (std::size_t j = 0; j < st.by_shard.size(); ++j) {
    const auto& sh = st.by_shard[j];
    std::cout << (j ? "," : "") << "{\"shard\":" << sh.k << ",\"of\":" << sh.n
              << ",\"total\":" << sh.items.size()
              << ",\"done\":" << of_state(sh.items, ItemState::Done).size()
              << ",\"running\":" << (sh.running ? "true" : "false") << ",\"pid\":" << sh.pid
              << ",\"running_items\":" << list(of_state(sh.items, ItemState::Running))
              << ",\"failed_items\":" << list(of_state(sh.items, ItemState::Failed))
              << ",\"missing_items\":" << list(of_state(sh.items, ItemState::Missing))
              << ",\"command\":" << json_string(sh.command) << "}";
  }
  std::cout << "],\"failed_files\":[";
  for (std::size_t j = 0; j < f.failed.size(); ++j)
    std::cout << (j ? "," : "") << "{\"file\":" << json_string(f.failed[j].file)
              << ",\"item\":" << f.failed[j].item << ",\"reason\":" << json_string(f.failed[j].why)
              << "}";
  std::cout << "],\"next\":[";
  for (std::size_t j = 0; j < steps.size(); ++j)
    std::cout << (j ? "," : "") << json_string(steps[j]);
  std::cout << "]}\n";
}

/// `quasim status`. Exit 0 complete, 3 incomplete, 2 not a parts folder.
int status(const std::string& parts_arg, bool json) {
  std::string parts = parts_arg;
  while (parts.size() > 1 && parts.back() == '/') parts.pop_back();
  std::error_code ec;
  if (!fs::is_directory(parts, ec)) {
    std::cerr << "error: " << parts_arg << ": "
              << (fs::exists(parts, ec) ? "not a folder" : "no such folder")
              << "; expected a batch's parts folder (OUT.h5.parts)\n";
    return 2;
  }
  Folder f = read_folder(parts);
  if (f.good.empty() && f.failed.empty() && f.locks.empty()) {
    std::cerr << "error: " << parts_arg
              << ": no part files (pNNN-rNNNNN.h5) and no lock: not a batch's parts folder\n";
    return 2;
  }
  const Status st = survey(f);
  const auto steps = next_steps(f, st);
  if (json)
    print_json(f, st, steps);
  else
    print_text(f, st, steps);
  return complete(st) ? 0 : 3;
}

}  // namespace

void add_status_command(CLI::App& app) {
  struct StatusOpts {
    std::string parts;
    bool json = false;
  };
  auto so = std::make_shared<StatusOpts>();
  auto* sc = app.add_subcommand(
      "status", "How far a batch has got: done, running, failed and missing work items");
  sc->add_option("parts", so->parts, "A batch's parts folder (OUT.h5.parts)")->required();
  sc->add_flag("--json", so->json, "One JSON object (for scripts) instead of text");
  sc->footer(
      "Example:\n  quasim status results/sweep.h5.parts\n"
      "Exit 0: every work item is done (merge next); 3: not yet (the commands that finish it are "
      "printed); 2: not a parts folder.");
  sc->callback([so] {
    if (const int rc = status(so->parts, so->json)) throw CLI::RuntimeError(rc);
  });
}

}  // namespace quasim
