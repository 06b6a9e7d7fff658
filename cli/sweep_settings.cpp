// cli/sweep_settings.cpp — see sweep_settings.hpp.
#include "cli/sweep_settings.hpp"

#include <cctype>
#include <cstdlib>
#include <optional>
#include <variant>

#include "sim/design_points.hpp"
#include "sim/parameter_table.hpp"
#include "sim/scenario.hpp"

namespace quasim {
namespace {

/// Whether `piece` starts "key=" with a dotted parameter-like key (letters, digits, _ . -).
bool starts_with_key(const std::string& piece) {
  const auto eq = piece.find('=');
  if (eq == std::string::npos || eq == 0) return false;
  if (!std::isalpha(static_cast<unsigned char>(piece[0]))) return false;
  for (std::size_t i = 0; i < eq; ++i) {
    const auto c = static_cast<unsigned char>(piece[i]);
    if (!std::isalnum(c) && c != '_' && c != '.' && c != '-') return false;
  }
  return true;
}

/// The number a parameter reference holds, if it is one number.
std::optional<double> number_of(const ParamRef& ref) {
  if (const auto* d = std::get_if<double*>(&ref)) return **d;
  if (const auto* i = std::get_if<int*>(&ref)) return static_cast<double>(**i);
  if (const auto* l = std::get_if<std::int64_t*>(&ref)) return static_cast<double>(**l);
  return std::nullopt;
}

/// The whole text as a number, if it is one ("0.25", "-3", "1e+06").
std::optional<double> parse_number(const std::string& text) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size()) return std::nullopt;
  return v;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> parse_point_label(const std::string& label) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t start = 0;
  while (start <= label.size()) {
    const auto comma = label.find(", ", start);
    const std::string piece =
        label.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (starts_with_key(piece)) {
      const auto eq = piece.find('=');
      out.emplace_back(piece.substr(0, eq), piece.substr(eq + 1));
    } else if (!out.empty()) {
      out.back().second += ", " + piece;
    }
    if (comma == std::string::npos) break;
    start = comma + 2;
  }
  return out;
}

std::vector<SweepSetting> sweep_settings(const std::string& label, const Provenance& prov) {
  const auto pairs = parse_point_label(label);
  if (pairs.empty()) return {};
  // The point's own parameters, as it ran: the exact numbers (a label rounds to 6 digits).
  std::optional<Parameters> params;
  try {
    params = load_scenario_text(prov.resolved_parameters, "/provenance@resolved_parameters").params;
  } catch (const std::exception&) {
    params.reset();  // unreadable (another version's text): the label's numbers serve
  }
  std::vector<std::string> domains, agencies;
  if (params) {
    for (const auto& d : params->domains) domains.push_back(d.name);
    for (const auto& a : params->agencies) agencies.push_back(a.name);
  } else {
    domains = prov.domain_names;
    agencies = prov.agency_names;
  }
  std::vector<SweepSetting> out;
  for (const auto& [key, text] : pairs) {
    SweepSetting s;
    s.key = key;
    s.text = text;
    int index = 0;
    const ParamSpec* spec = find_param(key, domains, &index, &agencies);
    std::optional<double> number;
    if (spec) {
      s.units = spec->unit;
      s.description = spec->description;
      if (spec->type == ParamType::Real || spec->type == ParamType::Integer) {
        if (params) number = number_of(spec->ref(*params, index));
        if (!number) number = parse_number(text);
      }
    } else {
      number =
          parse_number(text);  // not a parameter this quasim knows: a number if it reads as one
    }
    s.numeric = number.has_value();
    s.number = number.value_or(0);
    out.push_back(std::move(s));
  }
  return out;
}

std::optional<DesignRecord> design_record(const Provenance& prov,
                                          const std::vector<BatchPoint>& index) {
  if (prov.design.empty()) return std::nullopt;
  Design d;
  try {
    d = load_design_text(prov.design, "/provenance@design", prov.domain_names, prov.agency_names,
                         prov.seed);
  } catch (const ScenarioError& e) {
    throw OutputError(std::string("cannot read the points' design back: ") + e.what());
  }
  DesignRecord r;
  r.method = design_method_name(d.method);
  r.seed = d.seed;
  r.rows = static_cast<std::int64_t>(design_rows_of(d.method, d.size, d.parameters.size()));
  if (std::string(design_size_key(d.method)) != "points")  // lhs, sobol: @points is the size
    r.sizes.emplace_back(design_size_key(d.method), d.size);
  if (d.method == DesignMethod::Morris) r.sizes.emplace_back("levels", d.levels);
  for (const auto& p : d.parameters) {
    r.parameters.push_back(p.key);
    r.distributions.push_back(distribution_text(p));
    r.lower.push_back(p.lower);
    r.upper.push_back(p.upper);
  }
  const auto unit = design_unit(d);
  for (std::size_t k = 0; k < index.size(); ++k) {
    const std::size_t row = index[k].number < 0 ? k : static_cast<std::size_t>(index[k].number);
    if (row >= unit.size())
      throw OutputError("point " + std::to_string(row) + " is not a row of the points' design (" +
                        std::to_string(unit.size()) + " rows)");
    r.unit.push_back(unit[row]);
  }
  return r;
}

}  // namespace quasim
