// sim/scenario_policy.cpp — turning a scenario's policy tables (`[[timeline]]`,
// `[commissioner."NAME"]`, `[group.NAME]`) into validated Parameters::policy_changes.
#include <algorithm>
#include <charconv>

#include "model/commissioner.hpp"
#include "sim/detail/scenario_checks.hpp"
#include "sim/parameter_table.hpp"
#include "sim/scenario.hpp"

namespace quasim {
using detail::assign;
using detail::check_consistency;
using detail::describe;
using detail::domain_names;
using detail::fail;
using detail::parse_set_value;

namespace {

/// A value as TOML text that reads back as the same value (stored in PolicyChange).
std::string toml_text(const RawValue& v) {
  switch (v.kind) {
    case RawValue::Kind::Integer:
      return std::to_string(v.integer);
    case RawValue::Kind::Real: {
      char buf[64];
      const auto end = std::to_chars(buf, buf + sizeof buf, v.real).ptr;
      std::string out(buf, end);
      if (out.find_first_of(".eEn") == std::string::npos) out += ".0";
      return out;
    }
    case RawValue::Kind::Boolean:
      return v.boolean ? "true" : "false";
    case RawValue::Kind::Text: {
      std::string out = "\"";
      for (char c : v.text) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
      }
      return out + "\"";
    }
    case RawValue::Kind::Array: {
      std::string out = "[";
      for (std::size_t i = 0; i < v.items.size(); ++i)
        out += (i ? ", " : "") + toml_text(v.items[i]);
      return out + "]";
    }
    case RawValue::Kind::Table:
      break;
  }
  fail(v.origin, "", "a table is not a parameter value");
}

std::string where(const Origin& o) {
  return o.file + ":" + std::to_string(o.line);
}

/// Checks one setting (known key, allowed here, valid value) and returns it as key + text.
std::pair<std::string, std::string> checked_setting(const Parameters& base, const std::string& key,
                                                    const RawValue& v,
                                                    const std::vector<std::string>& domains,
                                                    bool per_commissioner) {
  int index = 0;
  const ParamSpec* spec = find_param(key, domains, &index);
  if (!spec) {
    std::string near = nearest(key, concrete_keys(domains));
    fail(v.origin, key,
         "unknown parameter" + (near.empty() ? std::string(" (see `quasim explain`)")
                                             : " (did you mean '" + near + "'?)"));
  }
  if (per_commissioner && !acts_per_commissioner(*spec)) {
    std::string keys;
    for (auto k : per_commissioner_keys()) keys += (keys.empty() ? "" : ", ") + std::string(k);
    fail(v.origin, key,
         "a national parameter; a [commissioner] or [group] table may set only " + keys);
  }
  if (fixed_for_run(*spec))
    fail(v.origin, key,
         "holds for the whole run: it shapes the run or acts when the world is built (ODD " +
             std::string(spec->odd_section) + "); a [[timeline]] entry cannot change it");
  Parameters scratch = base;
  assign(scratch, *spec, index, v, key);
  return {key, toml_text(v)};
}

std::string checked_commissioner(const RawValue& v, const std::string& key, const Parameters& p) {
  const int count = p.commissioners.count;
  const std::string range = " (this run's commissioners are " + commissioner_name(0) + " to " +
                            commissioner_name(count - 1) + ")";
  if (v.kind != RawValue::Kind::Text)
    fail(v.origin, key,
         "expected a commissioner name such as \"commissioner-001\", got " + describe(v));
  for (int c = 0; c < count; ++c)
    if (v.text == commissioner_name(c)) return v.text;
  std::vector<std::string> names;
  for (int c = 0; c < count; ++c) names.push_back(commissioner_name(c));
  const std::string near = nearest(v.text, names);
  fail(v.origin, key,
       "unknown commissioner \"" + v.text + "\"" + range +
           (near.empty() ? std::string() : " (did you mean '" + near + "'?)"));
}

/// What every policy change is checked against: the run's parameters before any change.
struct PolicyBase {
  const Parameters& p;
  std::vector<std::string> domains;
  const std::string& scenario_path;
};

/// How specific a change is; a more specific one is applied later, so its value wins.
enum Level : int { kNational = 0, kGroup = 1, kOwn = 2 };

struct Ranked {
  Level level;
  PolicyChange change;
};

/// Checks each setting of `in` into `c`, then the parameters with all of them applied together
/// (on `before`, the run's parameters with any earlier changes in force, or the run's own).
void add_settings(const PolicyBase& b, const PolicyInput& in, bool per_commissioner,
                  PolicyChange& c, const Parameters* before = nullptr) {
  Parameters scratch = before ? *before : b.p;
  for (const auto& [key, v] : in.set) {
    c.settings.push_back(checked_setting(b.p, key, v, b.domains, per_commissioner));
    apply_setting(scratch, c.settings.back().first, c.settings.back().second);
  }
  check_consistency(scratch, in.set, b.scenario_path);
}

/// `[group.NAME]` tables with parameters, from the first year; every group's members are checked.
void add_group_changes(const PolicyBase& b, const std::map<std::string, PolicyInput>& groups,
                       std::vector<Ranked>& ranked) {
  for (const auto& [name, in] : groups) {
    if (in.members.empty())
      fail(in.origin, "group." + name + ".members",
           "a group needs members = [\"commissioner-001\", ...]");
    PolicyChange c;
    c.group = name;
    for (const auto& m : in.members)
      c.commissioners.push_back(checked_commissioner(m, "group." + name + ".members", b.p));
    c.origin = where(in.origin);
    if (in.set.empty()) continue;  // a group used only by timeline entries
    add_settings(b, in, true, c);
    ranked.push_back({kGroup, std::move(c)});
  }
}

/// The members of the `[group.NAME]` a timeline entry names.
std::vector<std::string> timeline_group(const PolicyBase& b, const PolicyTables& t,
                                        const PolicyInput& in) {
  const auto g = t.groups.find(in.group);
  if (g == t.groups.end()) {
    std::vector<std::string> names;
    for (const auto& [n, _] : t.groups) names.push_back(n);
    const std::string near = nearest(in.group, names);
    fail(in.group_origin, "timeline.group",
         "no [group." + in.group + "] table" +
             (near.empty() ? std::string() : " (did you mean '" + near + "'?)"));
  }
  std::vector<std::string> members;
  for (const auto& m : g->second.members)
    members.push_back(checked_commissioner(m, "group." + in.group + ".members", b.p));
  return members;
}

/// `[[timeline]]` entries, from their year: national, for a group, or for named commissioners.
void add_timeline_changes(const PolicyBase& b, const PolicyTables& t, std::vector<Ranked>& ranked) {
  const int first = b.p.run.start_year, last = b.p.run.start_year + b.p.run.years - 1;
  for (const auto& in : t.timeline) {
    if (in.year < first || in.year > last)
      fail(in.year_origin, "timeline.year",
           std::to_string(in.year) + " is outside the run (" + std::to_string(first) + " to " +
               std::to_string(last) + ", run.start_year and run.years)");
    PolicyChange c;
    c.from_year = static_cast<int>(in.year - first);
    c.origin = where(in.origin);
    Level level = kNational;
    if (!in.group.empty()) {
      c.group = in.group;
      c.commissioners = timeline_group(b, t, in);
      level = kGroup;
    } else if (!in.commissioners.empty()) {
      for (const auto& m : in.commissioners)
        c.commissioners.push_back(checked_commissioner(m, "timeline.commissioners", b.p));
      level = kOwn;
    }
    if (level == kNational) {
      // Checked together with the national entries of earlier years (a change fund set in
      // one year may buy prevention in domains named in an earlier one).
      Parameters before = b.p;
      int idx = 0;
      for (const auto& e : t.timeline)
        if (e.group.empty() && e.commissioners.empty() && e.year < in.year)
          for (const auto& [key, v] : e.set)
            if (find_param(key, b.domains, &idx) && v.kind != RawValue::Kind::Table) try {
                apply_setting(before, key, toml_text(v));
              } catch (const std::exception&) {
                // an invalid earlier entry is reported at its own turn
              }
      add_settings(b, in, false, c, &before);
    } else {
      add_settings(b, in, true, c);
    }
    ranked.push_back({level, std::move(c)});
  }
}

/// `[commissioner."NAME"]` tables: one commissioner's own values, from the first year.
void add_commissioner_changes(const PolicyBase& b,
                              const std::map<std::string, PolicyInput>& commissioners,
                              std::vector<Ranked>& ranked) {
  for (const auto& [name, in] : commissioners) {
    PolicyChange c;
    RawValue n;
    n.kind = RawValue::Kind::Text;
    n.text = name;
    n.origin = in.origin;
    c.commissioners.push_back(checked_commissioner(n, "commissioner", b.p));
    c.origin = where(in.origin);
    if (in.set.empty()) fail(in.origin, "commissioner." + name, "no parameters given");
    add_settings(b, in, true, c);
    ranked.push_back({kOwn, std::move(c)});
  }
}

/// The changes in the order they apply: by level, then year. The sort is stable, so changes
/// alike in both keep the order above (groups and commissioners by name, timeline as written).
std::vector<PolicyChange> in_order(std::vector<Ranked> ranked) {
  std::stable_sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
    return a.level != b.level ? a.level < b.level : a.change.from_year < b.change.from_year;
  });
  std::vector<PolicyChange> changes;
  for (auto& r : ranked) changes.push_back(std::move(r.change));
  return changes;
}

}  // namespace

void apply_setting(Parameters& p, const std::string& key, const std::string& value) {
  std::vector<std::string> domains;
  for (const auto& d : p.domains) domains.push_back(d.name);
  int index = 0;
  const ParamSpec* spec = find_param(key, domains, &index);
  if (!spec) throw std::logic_error("policy change of unknown parameter " + key);
  assign(p, *spec, index, parse_set_value(value, Origin{"policy", 0}, key), key);
}

void attach_policy(Parameters& p, const PolicyTables& t,
                   const std::map<std::string, RawValue>& leaves,
                   const std::string& scenario_path) {
  p.policy_changes.clear();
  if (t.empty()) return;
  const PolicyBase b{p, domain_names(leaves), scenario_path};
  // Each step stops at its first error: their order is the order errors are reported in.
  std::vector<Ranked> ranked;
  add_group_changes(b, t.groups, ranked);
  add_timeline_changes(b, t, ranked);
  add_commissioner_changes(b, t.commissioners, ranked);
  p.policy_changes = in_order(std::move(ranked));
}

}  // namespace quasim
