// sim/scenario_sweep.cpp — expanding a [sweep] table into points (cartesian product, first
// axis slowest, axes in key order), or a [design] into its rows (sim/design_points.cpp).
#include <cmath>
#include <sstream>

#include "sim/design_points.hpp"
#include "sim/scenario.hpp"

namespace quasim {
namespace {

std::string value_text(const RawValue& v) {
  std::ostringstream s;
  switch (v.kind) {
    case RawValue::Kind::Integer:
      s << v.integer;
      break;
    case RawValue::Kind::Real:
      s << v.real;
      break;
    case RawValue::Kind::Boolean:
      s << (v.boolean ? "true" : "false");
      break;
    case RawValue::Kind::Text:
      s << v.text;
      break;
    case RawValue::Kind::Array:  // a list parameter's value, e.g. [1.0, 1.5] or ["a", "b"]
      s << "[";
      for (std::size_t i = 0; i < v.items.size(); ++i) {
        const bool text = v.items[i].kind == RawValue::Kind::Text;
        s << (i ? ", " : "") << (text ? "\"" : "") << value_text(v.items[i]) << (text ? "\"" : "");
      }
      s << "]";
      break;
    default:
      s << "?";
      break;
  }
  return s.str();
}

/// The point `settings` as a label: "k=v, k2=v2".
std::string label_of(const std::vector<std::pair<std::string, std::string>>& settings) {
  std::string label;
  for (const auto& [k, v] : settings) label += (label.empty() ? "" : ", ") + k + "=" + v;
  return label;
}

/// A design's rows as points: each parameter set to the exact value drawn (an integer
/// distribution's as an integer), in the design's parameter order.
std::vector<SweepPoint> design_points(const Scenario& s) {
  std::vector<SweepPoint> points;
  for (const auto& row : design_unit(s.design)) {
    SweepPoint pt;
    auto leaves = s.leaves;
    for (std::size_t j = 0; j < row.size(); ++j) {
      const DesignParameter& p = s.design.parameters[j];
      RawValue v;
      v.origin = p.origin;
      v.real = design_value(p, row[j]);
      v.kind = RawValue::Kind::Real;
      if (p.distribution == DesignDistribution::Integer) {
        v.kind = RawValue::Kind::Integer;
        v.integer = std::llround(v.real);
      }
      leaves[p.key] = v;
      pt.settings.emplace_back(p.key, value_text(v));
    }
    pt.label = label_of(pt.settings);
    pt.params = build_parameters(leaves, s.path);
    attach_policy(pt.params, s.policy, leaves, s.path);
    points.push_back(std::move(pt));
  }
  return points;
}

}  // namespace

std::vector<SweepPoint> sweep_points(const Scenario& s) {
  if (!s.design.empty()) return design_points(s);
  std::size_t total = 1;
  for (const auto& axis : s.sweep) total *= axis.values.size();
  std::vector<SweepPoint> points;
  points.reserve(total);
  for (std::size_t n = 0; n < total; ++n) {
    SweepPoint pt;
    auto leaves = s.leaves;
    std::size_t rest = n;
    for (auto a = s.sweep.rbegin(); a != s.sweep.rend(); ++a) {
      const auto& v = a->values[rest % a->values.size()];
      rest /= a->values.size();
      leaves[a->key] = v;
      pt.settings.insert(pt.settings.begin(), {a->key, value_text(v)});
    }
    pt.label = label_of(pt.settings);
    pt.params = build_parameters(leaves, s.path);
    attach_policy(pt.params, s.policy, leaves, s.path);
    points.push_back(std::move(pt));
  }
  return points;
}

}  // namespace quasim
