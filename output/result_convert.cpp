// output/result_convert.cpp — from datasets back to year records.
#include "output/result_convert.hpp"

#include <map>

#include "output/hdf5_handle.hpp"
#include "output/series_catalogue.hpp"

namespace quasim {
namespace {

using h5::check;
using h5::Handle;

std::vector<std::string> read_strings(hid_t file, const char* name) {
  Handle set(check(H5Dopen2(file, name, H5P_DEFAULT), std::string("opening /") + name), H5Dclose);
  Handle space(check(H5Dget_space(set.get()), std::string("reading /") + name), H5Sclose);
  const hssize_t n = H5Sget_simple_extent_npoints(space.get());
  std::vector<char*> raw(static_cast<std::size_t>(std::max<hssize_t>(n, 0)), nullptr);
  Handle type = h5::utf8_string_type();
  if (n > 0) check(H5Dread(set.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()), std::string("reading /") + name);
  std::vector<std::string> out;
  for (char* s : raw) out.emplace_back(s ? s : "");
  if (n > 0) H5Dvlen_reclaim(type.get(), space.get(), H5P_DEFAULT, raw.data());
  return out;
}

}  // namespace

ResultAxes read_axes(const std::string& path) {
  h5::QuietErrors quiet;
  ResultAxes a;
  try {
    Handle file(check(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "cannot open"), H5Fclose);
    Handle set(check(H5Dopen2(file.get(), "replicate", H5P_DEFAULT), "opening /replicate"), H5Dclose);
    Handle space(check(H5Dget_space(set.get()), "reading /replicate"), H5Sclose);
    a.replicates.resize(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.get())));
    if (!a.replicates.empty())
      check(H5Dread(set.get(), H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, a.replicates.data()), "reading /replicate");
    a.commissioners = read_strings(file.get(), "commissioner");
    a.domains = read_strings(file.get(), "domain");
  } catch (const OutputError& e) {
    throw OutputError(path + ": " + e.what());
  }
  return a;
}

std::vector<ReplicateResult> replicate_results(const ResultFileContents& c, const ResultAxes& axes,
                                               const std::string& path) {
  std::map<std::string, const DatasetData*> by_path;
  for (const auto& d : c.datasets) by_path[d.path] = &d;
  const std::size_t R = axes.replicates.size();
  std::vector<ReplicateResult> out(R);
  std::size_t years = 0;
  for (const auto& s : series_catalogue()) {
    const std::string key = "/" + std::string(group_name(s.axis)) + "/" + std::string(s.name);
    const auto it = by_path.find(key);
    if (it == by_path.end()) throw OutputError(path + ": missing dataset " + key);
    const DatasetData& d = *it->second;
    if (d.shape.size() < 2 || d.shape[0] != R)
      throw OutputError(path + ": " + key + " does not have one row per replicate");
    years = d.shape[1];
    const std::size_t width = d.shape.size() == 3 ? d.shape[2] : 1;
    for (std::size_t r = 0; r < R; ++r) {
      out[r].replicate = axes.replicates[r];
      out[r].years.resize(years);
      for (std::size_t y = 0; y < years; ++y) {
        YearRecord& rec = out[r].years[y];
        const double* v = &d.values[(r * years + y) * width];
        if (s.scalar) rec.*s.scalar = v[0];
        if (s.by_type)
          for (std::size_t k = 0; k < width && k < kProviderTypes; ++k) (rec.*s.by_type)[k] = v[k];
        if (s.by_entity) (rec.*s.by_entity).assign(v, v + width);
      }
    }
  }
  return out;
}

Provenance provenance_of(const ResultFileContents& c, const ResultAxes& axes) {
  auto get = [&](const char* k) {
    const auto it = c.provenance.find(k);
    return it == c.provenance.end() ? std::string() : it->second;
  };
  auto get_int = [&](const char* k) {
    const std::string v = get(k);
    return v.empty() ? 0LL : std::stoll(v);
  };
  Provenance p;
  p.scenario_name = get("scenario_name");
  p.scenario_path = get("scenario_path");
  p.scenario_text = get("scenario_text");
  p.resolved_parameters = get("resolved_parameters");
  p.command_line = get("command_line");
  p.overrides = get("overrides");
  p.seed = get_int("seed");
  p.replicates = static_cast<int>(get_int("replicates"));
  p.years = static_cast<int>(get_int("years"));
  p.start_year = static_cast<int>(get_int("start_year"));
  p.commissioner_names = axes.commissioners;
  p.domain_names = axes.domains;
  return p;
}

}  // namespace quasim
