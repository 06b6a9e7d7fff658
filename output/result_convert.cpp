// output/result_convert.cpp — from datasets back to year records and panel rows.
#include "output/result_convert.hpp"

#include <map>

#include "output/panel_columns.hpp"
#include "output/series_catalogue.hpp"

namespace quasim {
namespace {

/// The columns of one panel by name (empty if the file has no such panel).
std::map<std::string, const std::vector<double>*> panel_columns(const ResultFileContents& c,
                                                                const std::string& panel) {
  std::map<std::string, const std::vector<double>*> out;
  const std::string prefix = "/panels/" + panel + "/";
  for (const auto& d : c.panels)
    if (d.path.starts_with(prefix)) out[d.path.substr(prefix.size())] = &d.values;
  return out;
}

/// Rows of a panel, each handed to its replicate (by the replicate column).
template <typename Row, typename Make>
void restore_panel(const ResultFileContents& c, const std::string& panel,
                   std::vector<ReplicateResult>& out, std::vector<Row> ReplicateResult::*rows,
                   const std::string& path, Make make) {
  const auto cols = panel_columns(c, panel);
  if (cols.empty()) return;
  std::map<int, std::size_t> index;
  for (std::size_t r = 0; r < out.size(); ++r) index[out[r].replicate] = r;
  const auto& rep = *cols.at("replicate");
  for (std::size_t i = 0; i < rep.size(); ++i) {
    const auto it = index.find(static_cast<int>(rep[i]));
    if (it == index.end())
      throw OutputError(path + ": /panels/" + panel + "/replicate row " + std::to_string(i) +
                        " names replicate " + std::to_string(static_cast<long long>(rep[i])) +
                        ", which is not in /replicate");
    (out[it->second].*rows).push_back(make([&](const char* name) { return (*cols.at(name))[i]; }));
  }
}

}  // namespace

std::vector<ReplicateResult> replicate_results(const ResultFileContents& c,
                                               const std::string& path) {
  require_valid(c, path);
  const auto& catalogue = series_catalogue();
  for (std::size_t i = 0; i < catalogue.size(); ++i)
    if (c.datasets[i].absent)  // catalogue order, as the reader checked
      throw OutputError(path + ": written in result-file format " + std::to_string(c.format) +
                        ", before " + c.datasets[i].path + " existed (format " +
                        std::to_string(catalogue[i].since_format) +
                        "); merge or rewrite it with the quasim version that wrote it");
  const std::size_t R = c.axes.replicates.size();
  const std::size_t years = c.axes.years.size();
  std::vector<ReplicateResult> out(R);
  for (std::size_t r = 0; r < R; ++r) {
    out[r].replicate = c.axes.replicates[r];
    out[r].years.resize(years);
  }
  for (std::size_t i = 0; i < catalogue.size(); ++i) {
    const SeriesSpec& s = catalogue[i];
    const DatasetData& d = c.datasets[i];  // catalogue order, shapes checked by the reader
    const std::size_t width = d.shape.size() == 3 ? d.shape[2] : 1;
    for (std::size_t r = 0; r < R; ++r)
      for (std::size_t y = 0; y < years; ++y) {
        YearRecord& rec = out[r].years[y];
        const double* v = &d.values[(r * years + y) * width];
        if (s.scalar) rec.*s.scalar = v[0];
        if (s.by_type)
          for (std::size_t k = 0; k < width && k < kProviderTypes; ++k) (rec.*s.by_type)[k] = v[k];
        if (s.by_entity) (rec.*s.by_entity).assign(v, v + width);
      }
  }
  restore_panel(c, "providers", out, &ReplicateResult::provider_panel, path, [](auto col) {
    return ProviderPanelRow{static_cast<int>(col("year")),
                            static_cast<int>(col("provider_id")),
                            static_cast<int>(col("type")),
                            col("reserves"),
                            col("unit_cost"),
                            col("quality"),
                            col("engagement"),
                            col("turnover"),
                            static_cast<int>(col("contracts")),
                            static_cast<int>(col("alive"))};
  });
  restore_panel(c, "citizens", out, &ReplicateResult::citizen_panel, path, [](auto col) {
    return CitizenPanelRow{static_cast<int>(col("year")),
                           static_cast<int>(col("citizen")),
                           static_cast<int>(col("area")),
                           static_cast<int>(col("age")),
                           col("outcome"),
                           col("satisfaction"),
                           col("trust"),
                           static_cast<std::uint16_t>(col("needs"))};
  });
  return out;
}

Provenance provenance_of(const ResultFileContents& c, const std::string& path) {
  const auto num = [&](const char* k, long long fallback) {
    return provenance_int(c, path, k, fallback);
  };
  Provenance p;
  p.scenario_name = provenance_text(c, "scenario_name");
  p.scenario_path = provenance_text(c, "scenario_path");
  p.scenario_text = provenance_text(c, "scenario_text");
  p.resolved_parameters = provenance_text(c, "resolved_parameters");
  p.command_line = provenance_text(c, "command_line");
  p.overrides = provenance_text(c, "overrides");
  p.seed = num("seed", 0);
  p.replicates = static_cast<int>(num("replicates", 0));
  p.years = static_cast<int>(num("years", 0));
  p.start_year = static_cast<int>(num("start_year", 0));
  p.commissioner_names = c.axes.commissioners;
  p.domain_names = c.axes.domains;
  p.difficulty_groups = c.axes.difficulty_groups;
  p.agency_names = c.axes.agencies;
  p.batch_point = static_cast<int>(num("batch_point", -1));
  p.batch_points = static_cast<int>(num("batch_points", 0));
  p.batch_plan = provenance_text(c, "batch_plan");
  p.design = provenance_text(c, "design");
  if (num("partial", 0) != 0) p.missing = provenance_text(c, "missing");
  return p;
}

}  // namespace quasim
