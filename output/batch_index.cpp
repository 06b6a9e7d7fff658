// output/batch_index.cpp — the batch index file.
#include "output/batch_index.hpp"

#include <hdf5_hl.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>

#include "output/detail/cf_attributes.hpp"
#include "output/detail/hdf5_handle.hpp"
#include "output/file_checks.hpp"
#include "sim/version.hpp"

namespace quasim {
namespace fs = std::filesystem;
using h5::check;
using h5::Handle;

namespace {

std::string point_name(std::size_t k) {
  char name[32];
  std::snprintf(name, sizeof name, "p%03zu", k);
  return name;
}

/// The swept parameters' keys in sweep order (the first point's, then any only later points have).
std::vector<std::string> swept_keys(const std::vector<BatchPoint>& points) {
  std::vector<std::string> keys;
  for (const auto& p : points)
    for (const auto& s : p.settings)
      if (std::find(keys.begin(), keys.end(), s.key) == keys.end()) keys.push_back(s.key);
  return keys;
}

const SweepSetting* setting_of(const BatchPoint& p, const std::string& key) {
  for (const auto& s : p.settings)
    if (s.key == key) return &s;
  return nullptr;
}

Handle sweep_dataset(hid_t group, const std::string& name, hid_t type, hsize_t n) {
  Handle space(check(H5Screate_simple(1, &n, nullptr), "creating /sweep/" + name), H5Sclose);
  return Handle(check(H5Dcreate2(group, name.c_str(), type, space.get(), H5P_DEFAULT, H5P_DEFAULT,
                                 H5P_DEFAULT),
                      "creating /sweep/" + name),
                H5Dclose);
}

/// One swept parameter, [point]: float64 where every point has a number (NaN where a point
/// lacks the key), else its values as text; labelled with the point axis.
void write_sweep_parameter(hid_t group, hid_t point_axis, const std::vector<BatchPoint>& points,
                           const std::string& key) {
  const hsize_t n = points.size();
  bool numeric = true;
  std::string units, description;
  for (const auto& p : points)
    if (const SweepSetting* s = setting_of(p, key)) {
      numeric = numeric && s->numeric;
      if (units.empty()) units = s->units;
      if (description.empty()) description = s->description;
    }
  Handle set;
  if (numeric) {
    std::vector<double> values;
    for (const auto& p : points) {
      const SweepSetting* s = setting_of(p, key);
      values.push_back(s ? s->number : std::nan(""));
    }
    set = sweep_dataset(group, key, H5T_IEEE_F64LE, n);
    check(H5Dwrite(set.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
          "writing /sweep/" + key);
  } else {
    Handle type = h5::utf8_string_type();
    std::vector<const char*> text;
    for (const auto& p : points) {
      const SweepSetting* s = setting_of(p, key);
      text.push_back(s ? s->text.c_str() : "");
    }
    set = sweep_dataset(group, key, type.get(), n);
    check(H5Dwrite(set.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, text.data()),
          "writing /sweep/" + key);
  }
  // long_name: the key itself, the name `quasim explain` and scenario files use.
  h5::describe_index_dataset(set.get(), units, key, description, {point_axis}, {"point"});
}

/// /sweep: the points' swept parameters as coordinates along /sweep/point, so that a table or
/// an xarray dataset of the sweep gets them as numbers, not as label text to parse.
void write_sweep(hid_t file, const std::vector<BatchPoint>& points,
                 const h5::GroupProvenance& about) {
  const std::vector<std::string> keys = swept_keys(points);
  if (keys.empty()) return;
  // Tracked creation order: netCDF-based readers list the parameters in sweep order.
  Handle gcpl(check(H5Pcreate(H5P_GROUP_CREATE), "creating group properties"), H5Pclose);
  check(H5Pset_link_creation_order(gcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
        "setting creation order");
  Handle group(
      check(H5Gcreate2(file, "sweep", H5P_DEFAULT, gcpl.get(), H5P_DEFAULT), "creating /sweep"),
      H5Gclose);
  std::string joined;
  for (const auto& k : keys) joined += (joined.empty() ? "" : ", ") + k;
  h5::write_string_attr(group.get(), "parameters", joined);
  h5::write_group_provenance(group.get(), about,
                             "The swept parameters' values at each point of the sweep, one "
                             "dataset per parameter along /sweep/point");
  std::vector<std::int32_t> numbers;
  for (std::size_t k = 0; k < points.size(); ++k)
    numbers.push_back(points[k].number < 0 ? static_cast<std::int32_t>(k) : points[k].number);
  Handle axis =
      h5::write_coordinate(group.get(), "point", numbers, "point number", "Sweep point",
                           "The sweep point: N of /points/pNNN and of the point file OUT.pNNN.h5");
  for (const auto& key : keys) write_sweep_parameter(group.get(), axis.get(), points, key);
}

/// A float64 or string dataset of /design along `scales` (its dimension coordinates), with its
/// CF attributes.
Handle design_dataset(hid_t group, const char* name, hid_t type,
                      std::initializer_list<hid_t> scales, std::initializer_list<const char*> dims,
                      const std::vector<hsize_t>& shape, std::string_view units,
                      std::string_view long_name, std::string_view description) {
  Handle space(check(H5Screate_simple(static_cast<int>(shape.size()), shape.data(), nullptr),
                     std::string("creating /design/") + name),
               H5Sclose);
  Handle set(
      check(H5Dcreate2(group, name, type, space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
            std::string("creating /design/") + name),
      H5Dclose);
  h5::describe_index_dataset(set.get(), units, long_name, description, scales, dims);
  return set;
}

void write_doubles(hid_t set, const std::vector<double>& values, const char* name) {
  if (!values.empty())
    check(H5Dwrite(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
          std::string("writing /design/") + name);
}

/// /design: the method, its size and seed as attributes; the unit coordinates of the index's
/// points [point, parameter] (rows in /sweep/point order) and each parameter's distribution,
/// along its own `point` and `parameter` coordinates (both xarray engines open the group).
void write_design(hid_t file, const DesignRecord& d, const h5::GroupProvenance& about,
                  const std::vector<std::int32_t>& numbers) {
  Handle group(
      check(H5Gcreate2(file, "design", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "creating /design"),
      H5Gclose);
  std::string joined;
  for (const auto& k : d.parameters) joined += (joined.empty() ? "" : ", ") + k;
  h5::write_string_attr(group.get(), "method", d.method);
  h5::write_string_attr(group.get(), "parameters", joined);
  h5::write_int_attr(group.get(), "seed", d.seed);
  h5::write_int_attr(group.get(), "points", d.rows);
  for (const auto& [key, value] : d.sizes) h5::write_int_attr(group.get(), key.c_str(), value);
  // The run's provenance as on every group, except that @seed is the design's own seed (the
  // contract of /design); the run's seed is @run_seed.
  h5::write_string_attr(group.get(), "description",
                        "The experiment design whose points this batch ran (docs/DESIGNS.md)");
  h5::write_string_attr(group.get(), "scenario_name", about.scenario_name);
  h5::write_int_attr(group.get(), "run_seed", about.seed);
  if (about.replicates >= 0) h5::write_int_attr(group.get(), "replicates", about.replicates);
  h5::write_string_attr(group.get(), "quasim_version", about.quasim_version);
  h5::write_string_attr(group.get(), "git_commit", about.git_commit);
  Handle point = h5::write_coordinate(group.get(), "point", numbers, "point number", "Sweep point",
                                      "The sweep point: N of /points/pNNN");
  Handle param = h5::write_coordinate(group.get(), "parameter", d.parameters, "name", "Parameter",
                                      "The design's parameters, in design order");
  const hsize_t n = d.unit.size(), k = d.parameters.size();
  std::vector<double> flat;
  for (const auto& row : d.unit) flat.insert(flat.end(), row.begin(), row.end());
  write_doubles(design_dataset(group.get(), "unit", H5T_IEEE_F64LE, {point.get(), param.get()},
                               {"point", "parameter"}, {n, k}, "share (0-1)", "Unit coordinate",
                               "Each point's unit coordinate u in [0, 1] per parameter [point, "
                               "parameter], points in /sweep/point order, parameters in "
                               "@parameters order; the value run is the parameter's inverse CDF "
                               "at u (/sweep/<parameter>)")
                    .get(),
                flat, "unit");
  write_doubles(design_dataset(group.get(), "lower", H5T_IEEE_F64LE, {param.get()}, {"parameter"},
                               {k}, "", "Lower bound",
                               "Each parameter's lower bound, in that parameter's own units "
                               "(quasim explain KEY)")
                    .get(),
                d.lower, "lower");
  write_doubles(design_dataset(group.get(), "upper", H5T_IEEE_F64LE, {param.get()}, {"parameter"},
                               {k}, "", "Upper bound",
                               "Each parameter's upper bound, in that parameter's own units "
                               "(quasim explain KEY)")
                    .get(),
                d.upper, "upper");
  Handle type = h5::utf8_string_type();
  std::vector<const char*> text;
  for (const auto& s : d.distributions) text.push_back(s.c_str());
  Handle set =
      design_dataset(group.get(), "distribution", type.get(), {param.get()}, {"parameter"}, {k},
                     "name", "Distribution", "Each parameter's distribution, in @parameters order");
  check(H5Dwrite(set.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, text.data()),
        "writing /design/distribution");
}

}  // namespace

void write_batch_index(const std::string& path, const Provenance& prov,
                       const std::vector<BatchPoint>& points, const DesignRecord* design) {
  h5::QuietErrors quiet;
  check_output_file(path);
  const std::string tmp = path + ".tmp-" + std::to_string(getpid());
  try {
    {
      Handle file(
          check(H5Fcreate(tmp.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), "cannot create"),
          H5Fclose);
      const h5::GroupProvenance about{prov.scenario_name, prov.seed, prov.replicates, kVersion,
                                      kGitCommit};
      h5::write_file_attributes(file.get(), "quasim batch index: scenario " + prov.scenario_name,
                                prov.command_line,
                                "quasim " + std::string(kVersion) + " (git " + kGitCommit + ")");
      h5::write_group_provenance(file.get(), about, "");
      Handle pv(check(H5Gcreate2(file.get(), "provenance", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                      "creating /provenance"),
                H5Gclose);
      h5::write_string_attr(pv.get(), "kind", "batch index");
      h5::write_string_attr(pv.get(), "scenario_name", prov.scenario_name);
      h5::write_string_attr(pv.get(), "scenario_path", prov.scenario_path);
      h5::write_string_attr(pv.get(), "scenario_text", prov.scenario_text);
      h5::write_string_attr(pv.get(), "command_line", prov.command_line);
      h5::write_string_attr(pv.get(), "quasim_version", kVersion);
      h5::write_string_attr(pv.get(), "git_commit", kGitCommit);
      h5::write_string_attr(pv.get(), "repository", kRepositoryUrl);
      h5::write_string_attr(pv.get(), "license", kLicense);
      h5::write_string_attr(pv.get(), "how_to_cite", how_to_cite());
      h5::write_int_attr(pv.get(), "seed", prov.seed);
      h5::write_int_attr(pv.get(), "points", static_cast<std::int64_t>(points.size()));
      h5::write_int_attr(pv.get(), "partial", prov.missing.empty() ? 0 : 1);
      if (!prov.missing.empty()) h5::write_string_attr(pv.get(), "missing", prov.missing);
      Handle group(check(H5Gcreate2(file.get(), "points", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                         "creating /points"),
                   H5Gclose);
      h5::write_group_provenance(
          group.get(), about,
          "External links pNNN to the point files OUT.pNNN.h5 beside this index, each a whole "
          "result file; label_pNNN: the point's label. Open a point's groups through its own file "
          "with xarray's h5netcdf engine (it does not follow external links).");
      for (std::size_t k = 0; k < points.size(); ++k) {
        const std::string name =
            point_name(points[k].number < 0 ? k : static_cast<std::size_t>(points[k].number));
        const std::string target = fs::path(points[k].file).filename().string();
        check(H5Lcreate_external(target.c_str(), "/", group.get(), name.c_str(), H5P_DEFAULT,
                                 H5P_DEFAULT),
              "linking " + name);
        h5::write_string_attr(group.get(), ("label_" + name).c_str(), points[k].label);
      }
      write_sweep(file.get(), points, about);
      if (design) {
        std::vector<std::int32_t> numbers;
        for (std::size_t k = 0; k < points.size(); ++k)
          numbers.push_back(points[k].number < 0 ? static_cast<std::int32_t>(k) : points[k].number);
        write_design(file.get(), *design, about, numbers);
      }
    }
    std::error_code ec;
    fs::rename(tmp, path, ec);
    if (ec) throw OutputError("cannot rename " + tmp + " to " + path + ": " + ec.message());
  } catch (const OutputError& e) {
    std::error_code ec;
    fs::remove(tmp, ec);
    throw OutputError(path + ": " + e.what());
  }
}

bool is_batch_index(const std::string& path) {
  h5::QuietErrors quiet;
  check_input_file(path);
  if (H5Fis_hdf5(path.c_str()) <= 0) return false;
  Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (file.get() < 0) return false;
  const bool yes = H5Lexists(file.get(), "points", H5P_DEFAULT) > 0;
  H5Eclear2(H5E_DEFAULT);
  return yes;
}

std::vector<BatchPoint> batch_points(const std::string& path) {
  h5::QuietErrors quiet;
  check_input_file(path);
  Handle file(check(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), path + ": cannot open"),
              H5Fclose);
  Handle group(check(H5Gopen2(file.get(), "points", H5P_DEFAULT), path + ": no /points"), H5Gclose);
  std::vector<BatchPoint> out;
  std::vector<std::string> names;
  check(H5Literate(
            group.get(), H5_INDEX_NAME, H5_ITER_INC, nullptr,
            [](hid_t, const char* name, const H5L_info_t*, void* v) -> herr_t {
              static_cast<std::vector<std::string>*>(v)->push_back(name);
              return 0;
            },
            &names),
        path + ": listing /points");
  // A partial batch may lack points: the names keep the batch's numbering (p000, p002, ...).
  for (const std::string& name : names) {
    if (!(name.size() >= 4 && name.size() <= 8 && name[0] == 'p' &&
          name.find_first_not_of("0123456789", 1) == std::string::npos))
      throw OutputError(path + ": /points/" + name + ": expected links named pNNN");
    H5L_info_t info;
    check(H5Lget_info(group.get(), name.c_str(), &info, H5P_DEFAULT), "reading link " + name);
    if (info.type != H5L_TYPE_EXTERNAL)
      throw OutputError(path + ": /points/" + name + " is not a link to a point file");
    std::vector<char> buf(info.u.val_size + 1);
    check(H5Lget_val(group.get(), name.c_str(), buf.data(), buf.size(), H5P_DEFAULT),
          "reading link " + name);
    const char* file_name = nullptr;
    const char* object = nullptr;
    unsigned flags = 0;
    check(H5Lunpack_elink_val(buf.data(), buf.size(), &flags, &file_name, &object),
          "reading link " + name);
    BatchPoint p;
    p.number = std::stoi(name.substr(1));
    // Point files sit beside the index; a link that leaves the folder, or leads back to an
    // index, is refused rather than followed (a loop of indexes would never end).
    const std::string target = file_name ? file_name : "";
    if (target.empty() || target.find('/') != std::string::npos || target == "." || target == "..")
      throw OutputError(path + ": /points/" + name + " links to '" + target +
                        "', expected a file beside the index");
    p.file = (fs::path(path).parent_path() / target).string();
    if (fs::path(target) == fs::path(path).filename() || is_batch_index(p.file))
      throw OutputError(path + ": /points/" + name + " links to " + p.file +
                        ", which is a batch index, not a point's result");
    if (H5Aexists(group.get(), ("label_" + name).c_str()) > 0) {
      Handle attr(H5Aopen(group.get(), ("label_" + name).c_str(), H5P_DEFAULT), H5Aclose);
      Handle type = h5::utf8_string_type();
      char* text = nullptr;
      if (attr.get() >= 0 && H5Aread(attr.get(), type.get(), &text) >= 0 && text) {
        p.label = text;
        H5free_memory(text);
      }
    }
    out.push_back(p);
  }
  H5Eclear2(H5E_DEFAULT);
  // HDF5 lists links by name, so p1000 would come before p101: points go in number order.
  std::sort(out.begin(), out.end(),
            [](const BatchPoint& a, const BatchPoint& b) { return a.number < b.number; });
  return out;
}

}  // namespace quasim
