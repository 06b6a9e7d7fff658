// sim/point_label.cpp — see point_label.hpp.
#include "sim/point_label.hpp"

namespace quasim {

std::string point_label(const std::vector<std::pair<std::string, std::string>>& settings) {
  std::string label;
  for (const auto& [key, value] : settings)
    label += (label.empty() ? "" : ", ") + key + "=" + value;
  return label;
}

std::string point_scenario_name(const std::string& scenario, const std::string& label) {
  return label.empty() ? scenario : scenario + " [" + label + "]";
}

std::pair<std::string, std::string> split_point_scenario_name(const std::string& name) {
  if (name.empty() || name.back() != ']') return {name, ""};
  int depth = 0;
  for (std::size_t i = name.size(); i-- > 0;) {
    if (name[i] == ']') ++depth;
    if (name[i] == '[' && --depth == 0) {
      if (i == 0 || name[i - 1] != ' ') return {name, ""};
      const std::string label = name.substr(i + 1, name.size() - i - 2);
      // A label is "key=value, ...": a bracketed word without '=' is part of the name itself.
      if (label.find('=') == std::string::npos) return {name, ""};
      return {name.substr(0, i - 1), label};
    }
  }
  return {name, ""};
}

}  // namespace quasim
