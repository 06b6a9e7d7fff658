// sim/scenario_sweep.cpp — expanding a [sweep] table into points (cartesian product, first
// axis slowest, axes in key order).
#include <sstream>

#include "sim/point_label.hpp"
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

}  // namespace

std::vector<SweepPoint> sweep_points(const Scenario& s) {
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
    pt.label = point_label(pt.settings);
    pt.params = build_parameters(leaves, s.path);
    attach_policy(pt.params, s.policy, leaves, s.path);
    points.push_back(std::move(pt));
  }
  return points;
}

}  // namespace quasim
