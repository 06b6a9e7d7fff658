// sim/scenario_design.cpp — reading and validating a `[design]` table (docs/DESIGNS.md): the
// method and its size, and each parameter's distribution, checked against the parameter table.
#include <algorithm>
#include <charconv>
#include <cmath>

#include "sim/design_points.hpp"
#include "sim/detail/scenario_checks.hpp"
#include "sim/parameter_table.hpp"
#include "sim/scenario.hpp"

namespace quasim::detail {
namespace {

/// A method's name and the key that sizes it, with the least size it accepts.
struct MethodInfo {
  DesignMethod method;
  const char* name;
  const char* size_key;
  int min_size;
  const char* size_words;
};

constexpr MethodInfo kMethods[] = {
    {DesignMethod::Lhs, "lhs", "points", 2, "points"},
    {DesignMethod::Sobol, "sobol", "points", 2, "points"},
    {DesignMethod::Saltelli, "saltelli", "base_points", 8, "base points (N; runs N*(d+2))"},
    {DesignMethod::Morris, "morris", "trajectories", 2, "trajectories (r; runs r*(d+1))"},
    {DesignMethod::Oat, "oat", "steps", 2, "values per parameter (runs 1 + d*steps)"},
};

const std::vector<std::string> kDesignKeys = {"method", "points", "base_points", "trajectories",
                                              "levels", "steps",  "seed",        "parameters"};
const std::vector<std::string> kParameterFields = {"distribution", "lower", "upper", "mean", "sd"};
const std::vector<std::string> kDistributions = {"uniform", "log-uniform", "normal", "integer"};

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  const std::string near = nearest(word, candidates);
  return near.empty() ? "" : " (did you mean '" + near + "'?)";
}

bool is_number(const RawValue& v) {
  return v.kind == RawValue::Kind::Integer || v.kind == RawValue::Kind::Real;
}

/// `design.parameters."KEY"`, and a field of it.
std::string param_key(const std::string& key, const std::string& field = "") {
  return "design.parameters.\"" + key + "\"" + (field.empty() ? "" : "." + field);
}

/// A whole number at least `min` for `design.KEY`.
int checked_count(const RawValue& v, const std::string& key, int min, const std::string& what) {
  if (v.kind != RawValue::Kind::Integer)
    fail(v.origin, key, "expected a whole number of " + what + ", got " + describe(v));
  if (v.integer < min)
    fail(v.origin, key,
         "too few: at least " + std::to_string(min) + " " + what + " for this method, got " +
             std::to_string(v.integer));
  if (v.integer > kMaxSweepPoints)
    fail(v.origin, key,
         "more than " + std::to_string(kMaxSweepPoints) + " " + what + ", got " +
             std::to_string(v.integer));
  return static_cast<int>(v.integer);
}

/// The method's entry, or a failure naming the methods.
const MethodInfo& checked_method(const RawValue& v) {
  if (v.kind != RawValue::Kind::Text)
    fail(v.origin, "design.method",
         "expected one of \"lhs\", \"sobol\", \"saltelli\", \"morris\", \"oat\", got " +
             describe(v));
  for (const auto& m : kMethods)
    if (v.text == m.name) return m;
  fail(v.origin, "design.method",
       "expected one of \"lhs\", \"sobol\", \"saltelli\", \"morris\", \"oat\", got \"" + v.text +
           "\"" + did_you_mean(v.text, {"lhs", "sobol", "saltelli", "morris", "oat"}));
}

/// The `[design.parameters]` entries as (key, its table): quoted dotted keys, or nested tables
/// whose leaves are the distribution tables (those holding any distribution field).
void collect_parameters(const RawValue& t, const std::string& prefix,
                        std::vector<std::pair<std::string, RawValue>>& out) {
  for (const auto& [k, v] : t.fields) {
    const std::string key = prefix.empty() ? k : prefix + "." + k;
    bool spec = v.kind != RawValue::Kind::Table || v.fields.empty();
    for (const auto& f : kParameterFields) spec = spec || v.fields.count(f);
    if (spec)
      out.emplace_back(key, v);
    else
      collect_parameters(v, key, out);
  }
}

/// A finite number for a field of a parameter's table.
double checked_field(const RawValue& v, const std::string& key, const std::string& field) {
  if (!is_number(v)) fail(v.origin, param_key(key, field), "expected a number, got " + describe(v));
  if (!std::isfinite(v.real))
    fail(v.origin, param_key(key, field), "expected a finite number, got " + describe(v));
  return v.real;
}

/// One parameter's distribution, checked against its entry in the parameter table.
DesignParameter checked_parameter(const std::string& key, const RawValue& v,
                                  const std::vector<std::string>& domains,
                                  const std::vector<std::string>& agencies) {
  int index = 0;
  const ParamSpec* spec = find_param(key, domains, &index, &agencies);
  if (!spec)
    fail(v.origin, param_key(key),
         "unknown parameter" + (did_you_mean(key, concrete_keys(domains, agencies)).empty()
                                    ? std::string(" (see `quasim explain`)")
                                    : did_you_mean(key, concrete_keys(domains, agencies))));
  const bool integer = spec->type == ParamType::Integer;
  if (!integer && spec->type != ParamType::Real)
    fail(v.origin, param_key(key),
         "not a number parameter: a design varies numbers only (use a [sweep] for other values)");
  if (v.kind != RawValue::Kind::Table)
    fail(v.origin, param_key(key),
         "expected a table such as { lower = 0.0, upper = 0.3 } or { distribution = \"normal\", "
         "mean = 0.1, sd = 0.02, lower = 0.0, upper = 0.2 }, got " +
             describe(v));
  DesignParameter p;
  p.key = key;
  p.origin = v.origin;
  for (const auto& [f, fv] : v.fields)
    if (std::find(kParameterFields.begin(), kParameterFields.end(), f) == kParameterFields.end())
      fail(fv.origin, param_key(key, f),
           "unknown key (expected distribution, lower, upper, mean or sd)" +
               did_you_mean(f, kParameterFields));
  std::string dist = integer ? "integer" : "uniform";
  if (const auto it = v.fields.find("distribution"); it != v.fields.end()) {
    if (it->second.kind != RawValue::Kind::Text ||
        std::find(kDistributions.begin(), kDistributions.end(), it->second.text) ==
            kDistributions.end())
      fail(it->second.origin, param_key(key, "distribution"),
           "expected \"uniform\", \"log-uniform\", \"normal\" or \"integer\", got " +
               describe(it->second) +
               (it->second.kind == RawValue::Kind::Text
                    ? did_you_mean(it->second.text, kDistributions)
                    : ""));
    dist = it->second.text;
    if (integer && dist != "integer")
      fail(it->second.origin, param_key(key, "distribution"),
           key + " is an integer parameter: expected distribution = \"integer\", got \"" + dist +
               "\"");
    if (!integer && dist == "integer")
      fail(it->second.origin, param_key(key, "distribution"),
           key + " is not an integer parameter (" + std::string(spec->unit) +
               "): use \"uniform\", \"log-uniform\" or \"normal\"");
  }
  p.distribution = dist == "log-uniform" ? DesignDistribution::LogUniform
                   : dist == "normal"    ? DesignDistribution::Normal
                   : dist == "integer"   ? DesignDistribution::Integer
                                         : DesignDistribution::Uniform;
  for (const char* bound : {"lower", "upper"}) {
    const auto it = v.fields.find(bound);
    if (it == v.fields.end())
      fail(v.origin, param_key(key),
           std::string("no ") + bound + " = (every design parameter needs lower and upper)");
    const double x = checked_field(it->second, key, bound);
    if (p.distribution == DesignDistribution::Integer && it->second.kind != RawValue::Kind::Integer)
      fail(it->second.origin, param_key(key, bound),
           "expected a whole number for an integer distribution, got " + describe(it->second));
    if (x < spec->min || x > spec->max)
      fail(it->second.origin, param_key(key, bound),
           number_text(x) + " is outside " + key + "'s valid range [" + number_text(spec->min) +
               ", " + number_text(spec->max) + "] (" + std::string(spec->unit) + ")");
    (std::string(bound) == "lower" ? p.lower : p.upper) = x;
  }
  if (!(p.lower < p.upper))
    fail(v.fields.at("upper").origin, param_key(key, "upper"),
         "expected lower < upper, got lower = " + number_text(p.lower) +
             ", upper = " + number_text(p.upper));
  if (p.distribution == DesignDistribution::LogUniform && p.lower <= 0)
    fail(v.fields.at("lower").origin, param_key(key, "lower"),
         "a log-uniform distribution needs lower > 0, got " + number_text(p.lower));
  for (const char* f : {"mean", "sd"}) {
    const auto it = v.fields.find(f);
    if (p.distribution != DesignDistribution::Normal) {
      if (it != v.fields.end())
        fail(it->second.origin, param_key(key, f),
             std::string(f) + " is used only with distribution = \"normal\"");
      continue;
    }
    if (it == v.fields.end())
      fail(v.origin, param_key(key),
           std::string("a normal distribution needs ") + f + " = (and mean, sd, lower, upper)");
    (std::string(f) == "mean" ? p.mean : p.sd) = checked_field(it->second, key, f);
  }
  if (p.distribution == DesignDistribution::Normal) {
    if (!(p.sd > 0))
      fail(v.fields.at("sd").origin, param_key(key, "sd"),
           "expected sd > 0, got " + number_text(p.sd));
    if (p.mean < p.lower || p.mean > p.upper)
      fail(v.fields.at("mean").origin, param_key(key, "mean"),
           "the mean " + number_text(p.mean) + " is outside [lower, upper] = [" +
               number_text(p.lower) + ", " + number_text(p.upper) + "]");
  }
  return p;
}

}  // namespace

Design check_design(const RawValue& table, const std::vector<std::string>& domains,
                    const std::vector<std::string>& agencies, std::int64_t default_seed) {
  if (table.kind != RawValue::Kind::Table)
    fail(table.origin, "design",
         "expected a [design] table with method = and [design.parameters], got " + describe(table));
  for (const auto& [k, v] : table.fields)
    if (std::find(kDesignKeys.begin(), kDesignKeys.end(), k) == kDesignKeys.end())
      fail(v.origin, "design." + k,
           "unknown key in [design] (expected method, points, base_points, trajectories, levels, "
           "steps, seed or parameters)" +
               did_you_mean(k, kDesignKeys));
  Design d;
  d.origin = table.origin;
  const auto field = [&](const char* k) -> const RawValue* {
    const auto it = table.fields.find(k);
    return it == table.fields.end() ? nullptr : &it->second;
  };
  if (!field("method"))
    fail(table.origin, "design",
         "no method = (one of \"lhs\", \"sobol\", \"saltelli\", \"morris\", \"oat\")");
  const MethodInfo& m = checked_method(*field("method"));
  d.method = m.method;
  for (const char* k : {"points", "base_points", "trajectories", "steps", "levels"}) {
    const bool mine = std::string(k) == m.size_key ||
                      (m.method == DesignMethod::Morris && std::string(k) == "levels");
    if (field(k) && !mine)
      fail(field(k)->origin, std::string("design.") + k,
           std::string(k) + " is not used by method = \"" + m.name + "\" (it takes " + m.size_key +
               (m.method == DesignMethod::Morris ? " and levels" : "") + ")");
  }
  if (!field(m.size_key))
    fail(field("method")->origin, std::string("design.") + m.size_key,
         std::string("method = \"") + m.name + "\" needs " + m.size_key + " = (the number of " +
             m.size_words + ", at least " + std::to_string(m.min_size) + ")");
  d.size = checked_count(*field(m.size_key), std::string("design.") + m.size_key, m.min_size,
                         m.size_words);
  if (const RawValue* lv = field("levels")) {
    d.levels = checked_count(*lv, "design.levels", 2, "levels");
    if (d.levels % 2)
      fail(lv->origin, "design.levels",
           "expected an even number of levels (Morris' step is levels/(2*(levels-1))), got " +
               std::to_string(d.levels));
  }
  d.seed = default_seed;
  if (const RawValue* sv = field("seed")) {
    if (sv->kind != RawValue::Kind::Integer || sv->integer < 0)
      fail(sv->origin, "design.seed", "expected a whole number >= 0, got " + describe(*sv));
    d.seed = sv->integer;
  }
  const RawValue* params = field("parameters");
  if (!params || params->kind != RawValue::Kind::Table || params->fields.empty())
    fail(params ? params->origin : table.origin, "design.parameters",
         "expected a [design.parameters] table naming at least one parameter, e.g. "
         "\"outsourcing.entry_rate\" = { lower = 0.0, upper = 0.3 }");
  std::vector<std::pair<std::string, RawValue>> written;
  collect_parameters(*params, "", written);
  std::stable_sort(written.begin(), written.end(), [](const auto& a, const auto& b) {
    return a.second.origin.line < b.second.origin.line;  // the order written (then by key)
  });
  for (const auto& [key, v] : written)
    d.parameters.push_back(checked_parameter(key, v, domains, agencies));
  const double rows = design_rows_of(d.method, d.size, d.parameters.size());
  if (rows > kMaxSweepPoints)
    fail(field(m.size_key)->origin, std::string("design.") + m.size_key,
         "the design has " + number_text(rows) + " points, more than " +
             std::to_string(kMaxSweepPoints) + " (use a smaller " + m.size_key +
             " or fewer parameters, or split it into several scenarios)");
  return d;
}

}  // namespace quasim::detail

namespace quasim {
namespace {

/// The shortest text that reads back as the same double, a TOML float.
std::string exact_text(double v) {
  char buf[64];
  const auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
  std::string out(buf, end);
  if (out.find_first_of(".eEn") == std::string::npos) out += ".0";
  return out;
}

}  // namespace

std::string design_toml(const Design& d) {
  if (d.empty()) return "";
  std::string out = "[design]\nmethod = \"" + design_method_name(d.method) + "\"\n";
  out += std::string(design_size_key(d.method)) + " = " + std::to_string(d.size) + "\n";
  if (d.method == DesignMethod::Morris) out += "levels = " + std::to_string(d.levels) + "\n";
  out += "seed = " + std::to_string(d.seed) + "\n\n[design.parameters]\n";
  for (const auto& p : d.parameters) {
    const bool integer = p.distribution == DesignDistribution::Integer;
    const auto num = [&](double x) {
      return integer ? std::to_string(static_cast<long long>(x)) : exact_text(x);
    };
    out += "\"" + p.key + "\" = { distribution = \"" + distribution_name(p.distribution) + "\"";
    if (p.distribution == DesignDistribution::Normal)
      out += ", mean = " + exact_text(p.mean) + ", sd = " + exact_text(p.sd);
    out += ", lower = " + num(p.lower) + ", upper = " + num(p.upper) + " }\n";
  }
  return out;
}

}  // namespace quasim
