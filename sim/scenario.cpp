// sim/scenario.cpp — reading scenario files into validated Parameters (the policy tables are
// resolved in sim/scenario_policy.cpp).
#include "sim/scenario.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

#include "sim/detail/scenario_checks.hpp"
#include "sim/parameter_table.hpp"

namespace quasim {
namespace fs = std::filesystem;
using detail::assign;
using detail::check_consistency;
using detail::describe;
using detail::domain_names;
using detail::fail;
using detail::parse_set_value;

namespace {

constexpr int kMaxExtendsDepth = 16;
constexpr std::uintmax_t kMaxScenarioBytes = 16u << 20;
constexpr int kMaxKeyParts = 64;
using detail::kMaxSweepPoints;

std::string format_message(const std::string& file, int line, const std::string& key,
                           const std::string& problem) {
  std::string m = file;
  if (line > 0) m += ":" + std::to_string(line);
  m += ": ";
  if (!key.empty()) m += key + ": ";
  return m + problem;
}

}  // namespace

namespace detail {

[[noreturn]] void fail(const Origin& o, const std::string& key, const std::string& problem) {
  throw ScenarioError(o.file, o.line, key, problem);
}

std::string describe(const RawValue& v) {
  switch (v.kind) {
    case RawValue::Kind::Integer:
      return std::to_string(v.integer);
    case RawValue::Kind::Real:
      return number_text(v.real);
    case RawValue::Kind::Boolean:
      return v.boolean ? "true" : "false";
    case RawValue::Kind::Text:
      return "\"" + v.text + "\"";
    case RawValue::Kind::Array:
      return "an array";
    case RawValue::Kind::Table:
      return "a table";
  }
  return "?";
}

}  // namespace detail

namespace {

RawValue to_raw(const toml::node& node, const std::string& file, const std::string& key) {
  RawValue v;
  v.origin = {file, static_cast<int>(node.source().begin.line)};
  if (auto i = node.as_integer()) {
    v.kind = RawValue::Kind::Integer;
    v.integer = i->get();
    v.real = static_cast<double>(v.integer);
  } else if (auto r = node.as_floating_point()) {
    v.kind = RawValue::Kind::Real;
    v.real = r->get();
  } else if (auto b = node.as_boolean()) {
    v.kind = RawValue::Kind::Boolean;
    v.boolean = b->get();
  } else if (auto s = node.as_string()) {
    v.kind = RawValue::Kind::Text;
    v.text = s->get();
  } else if (auto a = node.as_array()) {
    v.kind = RawValue::Kind::Array;
    for (const auto& item : *a) v.items.push_back(to_raw(item, file, key));
  } else if (auto t = node.as_table()) {
    v.kind = RawValue::Kind::Table;
    for (const auto& [k, n] : *t) v.fields[std::string(k.str())] = to_raw(n, file, key);
  } else {
    fail(v.origin, key, "dates and times are not parameter values");
  }
  return v;
}

struct FileLayer {
  std::string path;
  std::string text;
  std::map<std::string, RawValue> leaves;
  std::map<std::string, RawValue> sweep;
  std::optional<RawValue> design;  ///< `[design]` as written
  PolicyTables policy;
  std::string name, description;
};

void flatten(const toml::table& table, const std::string& prefix, const std::string& file,
             std::map<std::string, RawValue>& out) {
  for (const auto& [k, node] : table) {
    const std::string key =
        prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    if (auto sub = node.as_table())
      flatten(*sub, key, file, out);
    else
      out[key] = to_raw(node, file, key);
  }
}

std::string read_file(const std::string& path, const Origin& from) {
  const auto problem = [&](const std::string& what) -> ScenarioError {
    if (from.file.empty()) return ScenarioError(path, 0, "", what);
    return ScenarioError(from.file, from.line, "extends", what + ": '" + path + "'");
  };
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (!fs::exists(status))
    throw problem(from.file.empty() ? "cannot open scenario file (does it exist?)"
                                    : "cannot open extended scenario file");
  // A directory would read as an empty scenario; /dev/zero or a FIFO would never end.
  if (!fs::is_regular_file(status)) throw problem("not a regular file");
  if (fs::file_size(path, ec) > kMaxScenarioBytes)
    throw problem("larger than " + std::to_string(kMaxScenarioBytes >> 20) +
                  " MiB; not a scenario file");
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  if (!in || !(s << in.rdbuf())) throw problem("cannot read file");
  return s.str();
}

/// toml++ 3.3 recurses once per part of a dotted key or table name and overflows the stack
/// at some tens of thousands of parts (a 60 kB file). Parameter keys have at most five parts,
/// so any run of more than kMaxKeyParts dotted parts outside strings and comments is rejected
/// before parsing (a number such as 0.25 is a run of two; `,` `=` brackets and braces end a run).
void check_key_depth(std::string_view t, const std::string& path) {
  int line = 1, parts = 1;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const char c = t[i];
    if (c == '#') {
      i = std::min(t.find('\n', i), t.size()) - 1;  // the newline itself is seen next
    } else if (c == '"' || c == '\'') {
      const std::string close(t.compare(i, 3, std::string(3, c)) == 0 ? 3 : 1, c);
      std::size_t j = i + close.size();
      while (j < t.size() && t.compare(j, close.size(), close) != 0 &&
             (close.size() == 3 || t[j] != '\n'))
        j += (c == '"' && t[j] == '\\') ? 2 : 1;
      j = std::min(j, t.size());
      line += static_cast<int>(std::count(t.begin() + i, t.begin() + j, '\n'));
      // Past the closing quotes; an unterminated string stops before its newline.
      i = j < t.size() && t[j] != '\n' ? j + close.size() - 1 : j - 1;
    } else if (c == '.') {
      if (++parts > kMaxKeyParts)
        throw ScenarioError(path, line, "",
                            "a key or table name with more than " + std::to_string(kMaxKeyParts) +
                                " dotted parts (parameter names have at most five)");
    } else if (std::string_view("\n,=[]{}").find(c) != std::string_view::npos) {
      line += c == '\n';
      parts = 1;
    }
  }
}

/// Parses one file and, recursively, what it extends: outermost parent first in `layers`.
toml::table parse_toml(const std::string& text, const std::string& path) {
  check_key_depth(text, path);
  try {
    return toml::parse(std::string_view(text), std::string_view(path));
  } catch (const toml::parse_error& e) {
    throw ScenarioError(path, static_cast<int>(e.source().begin.line), "",
                        "TOML syntax error: " + std::string(e.description()));
  }
}

/// `[sweep]`: each key is a dotted parameter name, written as a quoted key or as nested
/// tables; a value is a list or a {start, stop, step} range.
std::map<std::string, RawValue> read_sweep_table(const toml::table& t, const std::string& path) {
  std::map<std::string, RawValue> sw;
  for (const auto& [sk, sn] : t) {
    const std::string skey(sk.str());
    auto nested = sn.as_table();
    if (!nested || nested->contains("start")) {
      sw[skey] = to_raw(sn, path, "sweep." + skey);
      continue;
    }
    std::map<std::string, RawValue> flat;
    flatten(*nested, skey, path, flat);
    for (auto& [fk, fv] : flat) {
      // Leaves of a nested range table end in start/stop/step: regroup them.
      const auto dot = fk.rfind('.');
      const std::string tail = fk.substr(dot + 1);
      if (tail != "start" && tail != "stop" && tail != "step") {
        sw[fk] = fv;
        continue;
      }
      auto& range = sw[fk.substr(0, dot)];
      range.kind = RawValue::Kind::Table;
      range.origin = fv.origin;
      range.fields[tail] = fv;
    }
  }
  return sw;
}

Origin origin_of(const toml::node& node, const std::string& path) {
  return {path, static_cast<int>(node.source().begin.line)};
}

/// One `[[timeline]]` entry: year, set, and optionally commissioners or group.
PolicyInput read_timeline_entry(const toml::node& node, const std::string& path) {
  const Origin o = origin_of(node, path);
  auto t = node.as_table();
  if (!t) fail(o, "timeline", "expected [[timeline]] tables, each with year = and set = {...}");
  PolicyInput in;
  in.origin = o;
  bool has_year = false, has_set = false;
  for (const auto& [k, v] : *t) {
    const std::string key(k.str());
    const Origin vo = origin_of(v, path);
    if (key == "year") {
      const RawValue y = to_raw(v, path, "timeline.year");
      if (y.kind != RawValue::Kind::Integer)
        fail(vo, "timeline.year", "expected a calendar year (an integer), got " + describe(y));
      in.year = y.integer, in.year_origin = vo, has_year = true;
    } else if (key == "set") {
      auto st = v.as_table();
      if (!st)
        fail(vo, "timeline.set",
             "expected a table of parameters, e.g. set = {\"budget.change_late\" = -0.01}");
      flatten(*st, "", path, in.set);  // quoted dotted keys, dotted keys or sub-tables
      has_set = true;
    } else if (key == "commissioners") {
      const RawValue a = to_raw(v, path, "timeline.commissioners");
      if (a.kind != RawValue::Kind::Array)
        fail(vo, "timeline.commissioners",
             "expected a list of commissioner names, got " + describe(a));
      if (a.items.empty())
        fail(vo, "timeline.commissioners",
             "empty list: name at least one commissioner, or leave the key out for a national "
             "change");
      in.commissioners = a.items;
    } else if (key == "group") {
      auto g = v.as_string();
      if (!g || g->get().empty())
        fail(vo, "timeline.group", "expected the name of a [group.NAME] table");
      in.group = g->get(), in.group_origin = vo;
    } else {
      const std::string near = nearest(key, {"year", "set", "commissioners", "group"});
      fail(vo, "timeline." + key,
           "unknown key in a [[timeline]] entry (expected year, set, commissioners or group)" +
               (near.empty() ? std::string() : " (did you mean '" + near + "'?)"));
    }
  }
  if (!has_year)
    fail(o, "timeline", "entry without year = (the calendar year the change takes effect)");
  if (!has_set || in.set.empty())
    fail(o, "timeline", "entry without set = {...} (the parameters it changes)");
  if (!in.group.empty() && !in.commissioners.empty())
    fail(o, "timeline", "give commissioners = [...] or group = \"...\", not both");
  return in;
}

/// `[commissioner."NAME"]` tables (parameters directly) or `[group.NAME]` tables (members =
/// [...] and parameters).
void read_named_tables(const toml::node& node, const std::string& path, const std::string& what,
                       std::map<std::string, PolicyInput>& out) {
  const Origin o = origin_of(node, path);
  auto t = node.as_table();
  if (!t)
    fail(o, what,
         what == "group" ? "expected [group.NAME] tables with members = [...] and parameters"
                         : "expected [commissioner.\"NAME\"] tables of parameters");
  for (const auto& [k, v] : *t) {
    const std::string name(k.str());
    const Origin vo = origin_of(v, path);
    auto sub = v.as_table();
    if (!sub)
      fail(vo, what + "." + name,
           "expected a table of parameters" +
               std::string(what == "commissioner" && name == "count"
                               ? " (commissioners' own settings; did you mean [commissioners]?)"
                               : ""));
    PolicyInput& in = out[name];
    in.name = name;
    in.origin = vo;
    for (const auto& [fk, fv] : *sub) {
      const std::string key(fk.str());
      if (what == "group" && key == "members") {
        const RawValue a = to_raw(fv, path, "group." + name + ".members");
        if (a.kind != RawValue::Kind::Array || a.items.empty())
          fail(origin_of(fv, path), "group." + name + ".members",
               "expected a non-empty list of commissioner names, got " + describe(a));
        in.members = a.items;
      } else if (auto ft = fv.as_table()) {
        flatten(*ft, key == "set" ? "" : key, path, in.set);  // `[group.NAME.set]` reads alike
      } else {
        in.set[key] = to_raw(fv, path, key);
      }
    }
  }
}

/// One file's own keys; `parent` and `parent_origin` receive its `extends`, if any.
FileLayer read_layer(const toml::table& table, const std::string& text, const std::string& path,
                     std::string& parent, Origin& parent_origin) {
  FileLayer layer;
  layer.path = path;
  layer.text = text;
  for (const auto& [k, node] : table) {
    const std::string key(k.str());
    const Origin o{path, static_cast<int>(node.source().begin.line)};
    if (key == "extends" || key == "name" || key == "description") {
      auto s = node.as_string();
      if (!s) fail(o, key, "expected a string, got " + describe(to_raw(node, path, key)));
      if (key == "extends") parent = s->get(), parent_origin = o;
      if (key == "name") layer.name = s->get();
      if (key == "description") layer.description = s->get();
    } else if (key == "sweep") {
      auto t = node.as_table();
      if (!t) fail(o, key, "expected a table mapping parameters to lists or {start, stop, step}");
      layer.sweep = read_sweep_table(*t, path);
    } else if (key == "design") {
      layer.design = to_raw(node, path, key);  // checked once the parameters are known
    } else if (key == "timeline") {
      auto a = node.as_array();
      if (!a) fail(o, key, "expected [[timeline]] tables, each with year = and set = {...}");
      for (const auto& entry : *a)
        layer.policy.timeline.push_back(read_timeline_entry(entry, path));
    } else if (key == "commissioner") {
      read_named_tables(node, path, key, layer.policy.commissioners);
    } else if (key == "group") {
      read_named_tables(node, path, key, layer.policy.groups);
    } else if (auto sub = node.as_table()) {
      flatten(*sub, key, path, layer.leaves);
    } else {
      layer.leaves[key] = to_raw(node, path, key);
    }
  }
  return layer;
}

void load_layers(const std::string& text, const std::string& path, std::vector<std::string>& stack,
                 std::vector<FileLayer>& layers);

/// The file `child` extends, refused if the chain is too deep or comes back on itself.
void load_parent(const std::string& parent, const std::string& child, const Origin& where,
                 std::vector<std::string>& stack, std::vector<FileLayer>& layers) {
  if (static_cast<int>(stack.size()) >= kMaxExtendsDepth)
    fail(where, "extends",
         "extends chain deeper than " + std::to_string(kMaxExtendsDepth) + " files");
  fs::path parent_path = fs::path(child).parent_path() / parent;
  std::error_code ec;
  const auto canonical = fs::weakly_canonical(parent_path, ec).string();
  for (const auto& seen : stack) {
    if (seen != canonical) continue;
    std::string chain;
    for (const auto& s : stack) chain += fs::path(s).filename().string() + " -> ";
    fail(where, "extends", "circular extends: " + chain + fs::path(canonical).filename().string());
  }
  stack.push_back(canonical);
  const std::string parent_text = read_file(parent_path.string(), where);
  load_layers(parent_text, parent_path.string(), stack, layers);
  stack.pop_back();
}

/// A file and, first, the files it extends: `layers` ends with the most derived file.
void load_layers(const std::string& text, const std::string& path, std::vector<std::string>& stack,
                 std::vector<FileLayer>& layers) {
  const toml::table table = parse_toml(text, path);
  std::string parent;
  Origin parent_origin{path, 0};
  FileLayer layer = read_layer(table, text, path, parent, parent_origin);
  if (!parent.empty()) load_parent(parent, path, parent_origin, stack, layers);
  layers.push_back(std::move(layer));
}

/// A value as a message quotes a list: its items counted, else as describe() has it.
std::string list_text(const RawValue& v) {
  if (v.kind != RawValue::Kind::Array) return describe(v);
  return "an array of " + std::to_string(v.items.size()) +
         (v.items.size() == 1 ? " item" : " items");
}

double checked_number(const RawValue& v, const ParamSpec& spec, const std::string& key) {
  if (v.kind != RawValue::Kind::Integer && v.kind != RawValue::Kind::Real)
    fail(v.origin, key, "expected a number (" + std::string(spec.unit) + "), got " + describe(v));
  if (!std::isfinite(v.real)) fail(v.origin, key, "expected a finite number, got " + describe(v));
  if (v.real < spec.min || v.real > spec.max)
    fail(v.origin, key,
         "expected a number in [" + number_text(spec.min) + ", " + number_text(spec.max) + "] (" +
             std::string(spec.unit) + "), got " + describe(v));
  return v.real;
}

/// A string; with choices, its index among them (-1 for free text).
int checked_choice(const RawValue& v, const ParamSpec& spec, const std::string& key) {
  if (v.kind != RawValue::Kind::Text) fail(v.origin, key, "expected a string, got " + describe(v));
  if (spec.choices.empty()) return -1;
  const auto names = choice_names(spec.choices);
  const auto it = std::find(names.begin(), names.end(), v.text);
  if (it != names.end()) return static_cast<int>(it - names.begin());
  const std::string near = nearest(v.text, {names.begin(), names.end()});
  fail(v.origin, key,
       "expected one of " + std::string(spec.choices) + ", got \"" + v.text + "\"" +
           (near.empty() ? "" : " (did you mean '" + near + "'?)"));
}

}  // namespace

namespace detail {

void check_text_depth(std::string_view text, const std::string& path) {
  check_key_depth(text, path);
}

RawValue parse_set_value(const std::string& value, const Origin& o, const std::string& key) {
  try {
    auto t = toml::parse(std::string_view("v = " + value), std::string_view("--set"));
    RawValue v = to_raw(*t.get("v"), o.file, key);
    v.origin = o;
    return v;
  } catch (const toml::parse_error&) {
    RawValue v;  // a bare word such as `--set mutuals.governance=joint_venture`
    v.kind = RawValue::Kind::Text;
    v.text = value;
    v.origin = o;
    return v;
  }
}

/// The NAMEs of a scenario's `[SECTION.NAME]` tables, sorted (a leaf directly under SECTION
/// is an error naming it).
std::set<std::string> table_names(const std::map<std::string, RawValue>& leaves,
                                  const std::string& section, const char* expected) {
  const std::string head = section + ".";
  std::set<std::string> names;
  for (const auto& [k, v] : leaves) {
    if (k.rfind(head, 0) != 0) continue;
    const auto dot = k.find('.', head.size());
    if (dot == std::string::npos) fail(v.origin, k, expected);
    names.insert(k.substr(head.size(), dot - head.size()));
  }
  return names;
}

std::vector<std::string> domain_names(const std::map<std::string, RawValue>& leaves) {
  const auto names = table_names(leaves, "domain", "expected a [domain.NAME] table");
  return {names.begin(), names.end()};
}

/// A domain is declared by the table that gives its required keys (how often need arises and
/// what a unit of service costs: no generic default fits every service). A table without them
/// only changes a domain declared elsewhere in the file or in a file it extends; one naming no
/// declared domain (a misspelt heading such as `[domain.adult_socal_care]`) is an error at its
/// first key, with the nearest declared domain.
void check_declared_domains(const std::vector<std::string>& names,
                            const std::map<std::string, RawValue>& leaves) {
  std::vector<std::string> declared, undeclared;
  for (const auto& n : names) {
    bool complete = true;
    for (const char* k : kDomainRequiredKeys)
      complete = complete && leaves.count("domain." + n + "." + k);
    (complete ? declared : undeclared).push_back(n);
  }
  for (const auto& n : undeclared) {
    const std::string head = "domain." + n + ".";
    const RawValue* first = nullptr;
    std::string first_key;
    for (auto it = leaves.lower_bound(head); it != leaves.end() && it->first.starts_with(head);
         ++it)
      if (!first || it->second.origin.line < first->origin.line)
        first = &it->second, first_key = it->first;
    std::string missing;
    for (const char* k : kDomainRequiredKeys)
      if (!leaves.count(head + k)) missing += std::string(missing.empty() ? "" : " and ") + k;
    const std::string near = nearest(n, declared);
    if (!near.empty())
      fail(first->origin, "domain." + n,
           "unknown domain (did you mean '" + near +
               "'?): a [domain.NAME] table changes a domain declared in this file or one it "
               "extends; a new domain must give " +
               missing);
    std::string known;
    for (const auto& d : declared) known += (known.empty() ? "" : ", ") + d;
    fail(first->origin, "domain." + n,
         "undeclared domain: a new domain must give " + missing +
             (known.empty() ? std::string()
                            : " (or, to change a declared domain, name one of " + known + ")"));
  }
}

/// The agencies a scenario declares: "council" (the councils) first, then each `[agency.NAME]`
/// table's name in order.
std::vector<std::string> agency_names(const std::map<std::string, RawValue>& leaves) {
  auto names = table_names(leaves, "agency", "expected an [agency.NAME] table");
  names.erase("council");
  std::vector<std::string> out = {"council"};
  out.insert(out.end(), names.begin(), names.end());
  return out;
}

void assign(Parameters& p, const ParamSpec& spec, int index, const RawValue& v,
            const std::string& key) {
  const ParamRef ref = spec.ref(p, index);
  switch (spec.type) {
    case ParamType::Real:
      *std::get<double*>(ref) = checked_number(v, spec, key);
      break;
    case ParamType::Integer: {
      if (v.kind != RawValue::Kind::Integer)
        fail(v.origin, key,
             "expected an integer in [" + number_text(spec.min) + ", " + number_text(spec.max) +
                 "], got " + describe(v));
      checked_number(v, spec, key);
      if (auto* i = std::get_if<int*>(&ref))
        **i = static_cast<int>(v.integer);
      else
        *std::get<std::int64_t*>(ref) = v.integer;
      break;
    }
    case ParamType::Boolean:
      if (v.kind != RawValue::Kind::Boolean)
        fail(v.origin, key, "expected true or false, got " + describe(v));
      *std::get<bool*>(ref) = v.boolean;
      break;
    case ParamType::Text:
      checked_choice(v, spec, key);
      *std::get<std::string*>(ref) = v.text;
      break;
    case ParamType::Choice:
      *std::get<ChoiceRef>(ref).index = static_cast<std::uint8_t>(checked_choice(v, spec, key));
      break;
    case ParamType::RealList: {
      const std::string expected = "expected an array of 1 to " +
                                   std::to_string(kMaxDifficultyGroups) + " numbers in [" +
                                   number_text(spec.min) + ", " + number_text(spec.max) + "]";
      if (v.kind != RawValue::Kind::Array || v.items.empty() ||
          v.items.size() > static_cast<std::size_t>(kMaxDifficultyGroups))
        fail(v.origin, key, expected + " (one per difficulty group), got " + list_text(v));
      std::vector<double> values;
      for (RawValue item : v.items) {
        item.origin = v.origin;  // the list's line (a --set value's items have their own)
        values.push_back(checked_number(item, spec, key));
      }
      *std::get<std::vector<double>*>(ref) = std::move(values);
      break;
    }
    case ParamType::TextList: {
      if (v.kind != RawValue::Kind::Array || v.items.empty() ||
          v.items.size() > static_cast<std::size_t>(kMaxDifficultyGroups))
        fail(v.origin, key,
             "expected an array of 1 to " + std::to_string(kMaxDifficultyGroups) +
                 " names, e.g. [\"easier\", \"typical\", \"hardest\"], got " + list_text(v));
      std::vector<std::string> names;
      for (const RawValue& item : v.items) {
        if (item.kind != RawValue::Kind::Text)
          fail(v.origin, key, "expected names (strings), got " + describe(item));
        names.push_back(item.text);
      }
      *std::get<std::vector<std::string>*>(ref) = std::move(names);
      break;
    }
    case ParamType::AgeWeights: {
      if (v.kind != RawValue::Kind::Array || v.items.size() != kAgeBands)
        fail(v.origin, key, "expected an array of 5 numbers (ages 0-17, 18-44, 45-64, 65-84, 85+)");
      auto& arr = *std::get<std::array<double, kAgeBands>*>(ref);
      for (int i = 0; i < kAgeBands; ++i) arr[i] = checked_number(v.items[i], spec, key);
      break;
    }
  }
}

/// `[difficulty]`: unique, non-empty group names; one value per group in every list; shares
/// that sum to 1. A list left at its default while the groups changed is reported at the groups.
template <typename OriginOf>
void check_difficulty(const DifficultyParams& g, const std::map<std::string, RawValue>& leaves,
                      const OriginOf& origin_of) {
  const std::size_t n = g.groups.size();
  const char* groups_key = "difficulty.groups";
  for (std::size_t i = 0; i < n; ++i) {
    if (g.groups[i].empty())
      fail(origin_of(groups_key), groups_key,
           "group " + std::to_string(i + 1) + " has an empty name");
    for (std::size_t j = 0; j < i; ++j)
      if (g.groups[j] == g.groups[i])
        fail(origin_of(groups_key), groups_key,
             "\"" + g.groups[i] + "\" is named twice (groups " + std::to_string(j + 1) + " and " +
                 std::to_string(i + 1) + "); each group needs its own name");
  }
  const std::pair<const char*, const std::vector<double>*> lists[] = {
      {"difficulty.share", &g.share},
      {"difficulty.ease", &g.ease},
      {"difficulty.cost", &g.cost},
      {"difficulty.pbr_payment", &g.pbr_payment}};
  for (const auto& [key, values] : lists) {
    if (values->size() == n) continue;
    if (leaves.count(key))
      fail(origin_of(key), key,
           "has " + std::to_string(values->size()) + (values->size() == 1 ? " value" : " values") +
               " but difficulty.groups names " + std::to_string(n) +
               " groups; give one value per group, in the same order");
    fail(origin_of(groups_key), groups_key,
         "names " + std::to_string(n) + " groups but " + key + " keeps its default of " +
             std::to_string(values->size()) + " values; set " + key +
             " too (one value per group, in the same order)");
  }
  double total = 0;
  for (double s : g.share) total += s;
  if (std::fabs(total - 1.0) > 1e-6)
    fail(origin_of("difficulty.share"), "difficulty.share",
         "the shares must sum to 1 (they are the whole population), got " + number_text(total));
}

void check_consistency(const Parameters& p, const std::map<std::string, RawValue>& leaves,
                       const std::string& path) {
  auto origin_of = [&](const std::string& key) {
    auto it = leaves.find(key);
    return it == leaves.end() ? Origin{path, 0} : it->second.origin;
  };
  const auto& pop = p.population;
  if (pop.share_under18 + pop.share_65plus >= 0.95)
    fail(origin_of("population.share_65plus"), "population.share_65plus",
         "share_under18 + share_65plus must leave at least 5% of working age, got " +
             number_text(pop.share_under18 + pop.share_65plus));
  const double agents = std::ceil(pop.citizens / pop.agent_weight);
  if (agents < p.commissioners.count)
    fail(origin_of("population.agent_weight"), "population.agent_weight",
         "fewer citizen agents (" + number_text(agents) + ") than commissioners (" +
             std::to_string(p.commissioners.count) + "); lower agent_weight");
  if (p.domains.empty())
    throw ScenarioError(path, 0, "domain",
                        "no service domains: add at least one [domain.NAME] table");
  if (static_cast<int>(p.domains.size()) > kMaxDomains)
    throw ScenarioError(path, 0, "domain",
                        "at most " + std::to_string(kMaxDomains) + " domains are supported, got " +
                            std::to_string(p.domains.size()));
  const int first = p.run.start_year, last = p.run.start_year + p.run.years - 1;
  for (const auto& d : p.domains) {
    const int y = d.end_contracts_year;
    const std::string key = "domain." + d.name + ".end_contracts_year";
    if (y != 0 && (y < first || y > last))
      fail(origin_of(key), key,
           std::to_string(y) + " is outside the run (" + std::to_string(first) + " to " +
               std::to_string(last) + ", run.start_year and run.years); 0 means never");
  }
  check_difficulty(p.difficulty, leaves, origin_of);
  double named = 0;
  for (const auto& d : p.domains) named += d.prevention_share;
  if (p.collaboration.change_fund > 0 && named <= 0) {
    // Where a [[timeline]] or [commissioner] entry sets only the shares, point at them.
    std::string key = "collaboration.change_fund";
    for (const auto& d : p.domains)
      if (!leaves.count(key) && leaves.count("domain." + d.name + ".prevention_share"))
        key = "domain." + d.name + ".prevention_share";
    fail(origin_of(key), key,
         "the change fund buys prevention only in named domains: set "
         "domain.NAME.prevention_share > 0 for at least one domain");
  }
  const auto& ex = p.outsourcing.excluded_provider;
  if (!ex.empty()) {
    const auto dash = ex.rfind('-');
    bool ok = dash != std::string::npos;
    int n = 0;
    std::string type = ok ? ex.substr(0, dash) : "";
    if (ok) {
      try {
        n = std::stoi(ex.substr(dash + 1));
      } catch (...) {
        ok = false;
      }
    }
    int count = type == "large_private" ? p.market.large_private
                : type == "sme"         ? p.market.sme
                : type == "voluntary"   ? p.market.voluntary
                                        : 0;
    if (!ok || n < 1 || n > count)
      fail(origin_of("outsourcing.excluded_provider"), "outsourcing.excluded_provider",
           "expected the name of an initial provider such as large_private-1 (large_private-1.." +
               std::to_string(p.market.large_private) + ", sme-1.., voluntary-1..), got \"" + ex +
               "\"");
  }
}

}  // namespace detail

namespace {

/// A file's policy tables on top of the files it extends (see PolicyTables).
void merge_policy(const PolicyTables& layer, PolicyTables& merged) {
  merged.timeline.insert(merged.timeline.end(), layer.timeline.begin(), layer.timeline.end());
  auto merge_named = [](const auto& from, auto& into) {
    for (const auto& [name, in] : from) {
      auto [it, fresh] = into.try_emplace(name, in);
      if (fresh) continue;
      it->second.origin = in.origin;
      if (!in.members.empty()) it->second.members = in.members;
      for (const auto& [k, v] : in.set) it->second.set[k] = v;
    }
  };
  merge_named(layer.commissioners, merged.commissioners);
  merge_named(layer.groups, merged.groups);
}

/// Later layers override earlier ones; the scenario text as given, the file itself first.
/// A `[design]` is a whole: the most derived file's replaces its parents'.
void merge_layers(std::vector<FileLayer>& layers, Scenario& s,
                  std::map<std::string, RawValue>& sweep, std::optional<RawValue>& design) {
  for (auto& layer : layers) {
    for (auto& [k, v] : layer.leaves) s.leaves[k] = v;
    for (auto& [k, v] : layer.sweep) sweep[k] = v;
    if (layer.design) design = layer.design;
    merge_policy(layer.policy, s.policy);
    if (!layer.name.empty()) s.name = layer.name;
    if (!layer.description.empty()) s.description = layer.description;
  }
  for (auto it = layers.rbegin(); it != layers.rend(); ++it)
    s.text +=
        (it == layers.rbegin() ? "" : "\n") + std::string("# ---- ") + it->path + "\n" + it->text;
}

/// `--set key=value` (and `--set sweep.key=[...]`) on top of every file.
void apply_sets(const std::vector<std::string>& sets, Scenario& s,
                std::map<std::string, RawValue>& sweep) {
  for (const auto& set : sets) {
    const auto eq = set.find('=');
    const Origin o{"--set", 0};
    if (eq == std::string::npos || eq == 0)
      fail(o, set, "expected key=value, e.g. --set budget.change_early=-0.03");
    const std::string key = set.substr(0, eq);
    RawValue v = parse_set_value(set.substr(eq + 1), o, key);
    if (key == "design" || key.rfind("design.", 0) == 0)
      fail(o, key, "a design is given by the scenario file's [design] table, not by --set");
    if (key.rfind("sweep.", 0) == 0)
      sweep[key.substr(6)] = v;
    else
      s.leaves[key] = v;
  }
}

/// The values of a `{start, stop, step}` sweep range, at most 10,000.
std::vector<RawValue> range_values(RawValue& v, const std::string& key) {
  const double a = v.fields["start"].real, b = v.fields["stop"].real, st = v.fields["step"].real;
  const bool ints = v.fields["start"].kind == RawValue::Kind::Integer &&
                    v.fields["step"].kind == RawValue::Kind::Integer;
  if (!(st > 0) || !(b >= a) || !std::isfinite(a) || !std::isfinite(b))
    fail(v.origin, "sweep." + key, "expected start <= stop and step > 0");
  const double n = std::floor((b - a) / st + 1e-9) + 1;
  if (n > 10000) fail(v.origin, "sweep." + key, "more than 10000 values in one sweep range");
  std::vector<RawValue> values;
  for (int i = 0; i < static_cast<int>(n); ++i) {
    RawValue x;
    x.origin = v.origin;
    x.kind = ints ? RawValue::Kind::Integer : RawValue::Kind::Real;
    x.real = a + i * st;
    x.integer = static_cast<std::int64_t>(std::llround(x.real));
    // Round away binary noise so labels and resolved parameters read as typed.
    if (!ints) x.real = std::round(x.real * 1e12) / 1e12;
    values.push_back(x);
  }
  return values;
}

SweepAxis sweep_axis(const std::string& key, RawValue& v) {
  SweepAxis axis{key, {}, v.origin};
  if (v.kind == RawValue::Kind::Array)
    axis.values = v.items;
  else if (v.kind == RawValue::Kind::Table && v.fields.count("start") && v.fields.count("stop") &&
           v.fields.count("step"))
    axis.values = range_values(v, key);
  else
    fail(v.origin, "sweep." + key, "expected a list of values or a table {start, stop, step}");
  if (axis.values.empty()) fail(v.origin, "sweep." + key, "expected at least one value");
  return axis;
}

/// Each point is validated up front (about 0.5 ms each): a cap keeps validation to seconds.
void check_sweep_size(const Scenario& s, const std::string& path) {
  double points = 1;
  for (const auto& a : s.sweep) points *= static_cast<double>(a.values.size());
  if (points > kMaxSweepPoints)
    throw ScenarioError(path, 0, "sweep",
                        "sweep expands to " +
                            std::to_string(static_cast<long long>(std::min(points, 9e18))) +
                            " points, more than " + std::to_string(kMaxSweepPoints) +
                            " (split it into several scenarios, or use fewer values per axis)");
}

Scenario assemble(std::vector<FileLayer>& layers, const std::string& path,
                  const std::vector<std::string>& sets) {
  Scenario s;
  s.path = path;
  s.overrides = sets;
  std::map<std::string, RawValue> sweep;
  std::optional<RawValue> design;
  merge_layers(layers, s, sweep, design);
  if (s.name.empty()) s.name = fs::path(path).stem().string();
  apply_sets(sets, s, sweep);
  s.params = build_parameters(s.leaves, path);
  attach_policy(s.params, s.policy, s.leaves, path);
  for (auto& [key, v] : sweep) s.sweep.push_back(sweep_axis(key, v));
  check_sweep_size(s, path);
  if (design) {
    if (!s.sweep.empty())
      fail(design->origin, "design",
           "a scenario has a [design] or a [sweep], not both (sweep." + s.sweep.front().key +
               " at " + s.sweep.front().origin.file + ":" +
               std::to_string(s.sweep.front().origin.line) +
               "): use one, e.g. put the swept parameter in [design.parameters]");
    s.design = detail::check_design(*design, domain_names(s.leaves), detail::agency_names(s.leaves),
                                    s.params.run.seed);
    // Every point sets its design parameters, so a --set of one would be silently overridden.
    for (const auto& p : s.design.parameters)
      if (const auto it = s.leaves.find(p.key);
          it != s.leaves.end() && it->second.origin.file == "--set")
        fail(it->second.origin, p.key,
             "the scenario's [design] varies it, so --set cannot fix it (remove it from "
             "[design.parameters] to hold it fixed)");
  }
  for (const auto& pt : sweep_points(s)) (void)pt;  // validates every point up front
  return s;
}

}  // namespace

std::string number_text(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

ScenarioError::ScenarioError(std::string file, int line, std::string key,
                             const std::string& problem)
    : std::runtime_error(format_message(file, line, key, problem)),
      file_(std::move(file)),
      line_(line),
      key_(std::move(key)) {}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string nearest(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_d = std::string::npos;
  for (const auto& c : candidates)
    if (const std::size_t d = edit_distance(word, c); d < best_d) {
      best_d = d;
      best = c;
    }
  // Accept a suggestion only when it shares most of the key (or its last part).
  const std::size_t limit = std::max<std::size_t>(3, word.size() / 3);
  return best_d <= limit ? best : "";
}

namespace {

/// Who pays for each domain, by index; departments follow `[budget]` where they set no path of
/// their own; the councils' path is `[budget]` itself.
void resolve_agencies(Parameters& p, const std::vector<std::string>& agencies,
                      const std::map<std::string, RawValue>& leaves) {
  for (auto& d : p.domains) {
    const auto it = std::find(agencies.begin(), agencies.end(), d.agency_name);
    if (it != agencies.end()) {
      d.agency = static_cast<int>(it - agencies.begin());
      continue;
    }
    std::string declared;
    for (const auto& a : agencies) declared += (declared.empty() ? "\"" : ", \"") + a + "\"";
    const std::string key = "domain." + d.name + ".agency";
    fail(leaves.at(key).origin, key,
         "unknown agency \"" + d.agency_name + "\" (declared: " + declared +
             "; declare a department with an [agency.NAME] table holding at least one key, "
             "e.g. pool_share = 0: an empty table is not seen)");
  }
  for (const char* k : {"change_early", "change_late", "switch_year"}) {
    const auto it = leaves.find(std::string("agency.council.") + k);
    if (it != leaves.end())
      fail(it->second.origin, it->first,
           std::string("the councils follow [budget]: set budget.") + k + " instead");
  }
  for (std::size_t k = 1; k < p.agencies.size(); ++k) {
    auto& a = p.agencies[k];
    const std::string pre = "agency." + a.name + ".";
    if (!leaves.count(pre + "change_early")) a.budget.change_early = p.budget.change_early;
    if (!leaves.count(pre + "change_late")) a.budget.change_late = p.budget.change_late;
    if (!leaves.count(pre + "switch_year")) a.budget.switch_year = p.budget.switch_year;
    a.budget.initial_coverage = p.budget.initial_coverage;
  }
}

}  // namespace

Parameters build_parameters(const std::map<std::string, RawValue>& leaves,
                            const std::string& scenario_path) {
  Parameters p;
  const auto names = domain_names(leaves);
  detail::check_declared_domains(names, leaves);
  for (const auto& n : names) {
    DomainParams d;
    d.name = n;
    d.spillover.assign(kMaxDomains, 0.0);
    p.domains.push_back(d);
  }
  const auto agencies = detail::agency_names(leaves);
  for (std::size_t k = 1; k < agencies.size(); ++k) {
    AgencyParams a;
    a.name = agencies[k];
    a.national = true;
    p.agencies.push_back(a);
  }
  std::vector<std::string> keys;  // built lazily for suggestions
  for (const auto& [key, v] : leaves) {
    int index = 0;
    const ParamSpec* spec = find_param(key, names, &index, &agencies);
    if (!spec) {
      if (keys.empty()) keys = concrete_keys(names, agencies);
      std::string near = nearest(key, keys);
      fail(v.origin, key,
           "unknown parameter" + (near.empty() ? std::string(" (see `quasim explain`)")
                                               : " (did you mean '" + near + "'?)"));
    }
    assign(p, *spec, index, v, key);
  }
  resolve_agencies(p, agencies, leaves);
  check_consistency(p, leaves, scenario_path);
  return p;
}

Scenario load_scenario_text(const std::string& text, const std::string& path,
                            const std::vector<std::string>& sets) {
  std::vector<std::string> stack;
  std::error_code ec;
  stack.push_back(fs::weakly_canonical(path, ec).string());
  std::vector<FileLayer> layers;
  load_layers(text, path, stack, layers);
  return assemble(layers, path, sets);
}

Design load_design_text(const std::string& text, const std::string& path,
                        const std::vector<std::string>& domains,
                        const std::vector<std::string>& agencies, std::int64_t default_seed) {
  const toml::table t = parse_toml(text, path);
  const toml::node* node = t.get("design");
  if (!node) throw ScenarioError(path, 0, "design", "no [design] table");
  return detail::check_design(to_raw(*node, path, "design"), domains, agencies, default_seed);
}

Scenario load_scenario(const std::string& path, const std::vector<std::string>& sets) {
  return load_scenario_text(read_file(path, Origin{}), path, sets);
}

}  // namespace quasim
