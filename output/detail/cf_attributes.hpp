// output/detail/cf_attributes.hpp — CF-style attributes (netCDF Climate and Forecast
// conventions, CF-1.8) on the HDF5 objects quasim writes, private to output/*.cpp like
// hdf5_handle.hpp. Every dataset: `units` (UDUNITS-2, output/cf_units.hpp), `units_label` (the
// words for people), `long_name` (a plain label), `description` and, for money, `currency`.
// Every file: `Conventions`, `title`, `history`, `source`. Every group: the provenance a group
// opened alone needs (xarray's `group=`). docs/OUTPUTS.md "Attributes" documents them.
#pragma once

#include <hdf5.h>
#include <hdf5_hl.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "output/cf_units.hpp"
#include "output/detail/hdf5_handle.hpp"

namespace quasim::h5 {

/// `units` (UDUNITS-2 form of `units_label`), `units_label`, and `currency` for money.
inline void write_cf_units(hid_t obj, std::string_view units_label) {
  const CfUnits cf = cf_units(units_label);
  write_string_attr(obj, "units", std::string(cf.udunits));
  write_string_attr(obj, "units_label", std::string(units_label));
  if (!cf.currency.empty()) write_string_attr(obj, "currency", std::string(cf.currency));
}

/// Every attribute a dataset carries: units (CF and words), long_name and description.
inline void describe_cf(hid_t obj, std::string_view units_label, std::string_view long_name,
                        std::string_view description) {
  write_cf_units(obj, units_label);
  write_string_attr(obj, "long_name", std::string(long_name));
  write_string_attr(obj, "description", std::string(description));
}

/// The file-level attributes of the root group: Conventions, title, history (the command that
/// wrote the file), source (the program and its version and commit).
inline void write_file_attributes(hid_t file, const std::string& title, const std::string& command,
                                  const std::string& source) {
  write_string_attr(file, "Conventions", std::string(kCfConventions));
  write_string_attr(file, "title", title);
  write_string_attr(file, "history", command);
  write_string_attr(file, "source", source);
}

/// What a group opened alone should say about the run it belongs to.
struct GroupProvenance {
  std::string scenario_name;
  std::int64_t seed = 0;
  std::int64_t replicates = 0;  ///< replicates requested; < 0: not written (an index)
  std::string quasim_version;
  std::string git_commit;
};

/// The provenance attributes of one group (see GroupProvenance), after its `description`
/// (none if empty).
inline void write_group_provenance(hid_t group, const GroupProvenance& p,
                                   const std::string& description) {
  if (!description.empty()) write_string_attr(group, "description", description);
  write_string_attr(group, "scenario_name", p.scenario_name);
  write_int_attr(group, "seed", p.seed);
  if (p.replicates >= 0) write_int_attr(group, "replicates", p.replicates);
  write_string_attr(group, "quasim_version", p.quasim_version);
  write_string_attr(group, "git_commit", p.git_commit);
}

/// Makes `set` (1-D) a dimension scale named `dim`: netCDF's coordinate variable `dim`.
inline void make_dimension(hid_t set, const std::string& where, const char* dim) {
  check(H5DSset_scale(set, dim), "making " + where + " a dimension scale");
}

/// Attaches the dimension scales `scales` (one per axis of `set`, in order) and labels each
/// axis with its scale's name `dims`, so netCDF readers (both of xarray's engines) see named
/// dimensions. Each scale must sit in the same group as `set`: h5netcdf resolves them there.
inline void attach_dimensions(hid_t set, const std::string& where,
                              std::initializer_list<hid_t> scales,
                              std::initializer_list<const char*> dims) {
  unsigned d = 0;
  auto name = dims.begin();
  for (hid_t scale : scales) {
    check(H5DSattach_scale(set, scale, d), "labelling " + where);
    if (name != dims.end()) check(H5DSset_label(set, d, *name++), "labelling " + where);
    ++d;
  }
}

/// A 1-D coordinate variable `name` in `group`: a dimension scale named after itself holding
/// `values` (int32), described as by describe_cf. Datasets of the same group attach it (netCDF's
/// dimension `name` with its coordinate values).
inline Handle write_coordinate(hid_t group, const char* name,
                               const std::vector<std::int32_t>& values,
                               std::string_view units_label, std::string_view long_name,
                               std::string_view description) {
  const hsize_t n = values.size();
  const std::string where = object_path(group) + "/" + name;
  Handle space(check(H5Screate_simple(1, &n, nullptr), "creating " + where), H5Sclose);
  Handle set(check(H5Dcreate2(group, name, H5T_STD_I32LE, space.get(), H5P_DEFAULT, H5P_DEFAULT,
                              H5P_DEFAULT),
                   "creating " + where),
             H5Dclose);
  if (n > 0)
    check(H5Dwrite(set.get(), H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
          "writing " + where);
  describe_cf(set.get(), units_label, long_name, description);
  make_dimension(set.get(), where, name);
  return set;
}

/// As above, for names (UTF-8 strings): e.g. a parameter axis holding the parameters' keys.
inline Handle write_coordinate(hid_t group, const char* name,
                               const std::vector<std::string>& values, std::string_view units_label,
                               std::string_view long_name, std::string_view description) {
  const hsize_t n = values.size();
  const std::string where = object_path(group) + "/" + name;
  Handle type = utf8_string_type();
  Handle space(check(H5Screate_simple(1, &n, nullptr), "creating " + where), H5Sclose);
  Handle set(
      check(H5Dcreate2(group, name, type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
            "creating " + where),
      H5Dclose);
  std::vector<const char*> text;
  for (const auto& v : values) text.push_back(v.c_str());
  if (n > 0)
    check(H5Dwrite(set.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, text.data()),
          "writing " + where);
  describe_cf(set.get(), units_label, long_name, description);
  make_dimension(set.get(), where, name);
  return set;
}

/// Describes a data variable and names its axes in one call: describe_cf, then
/// attach_dimensions. For the datasets of a batch index (/sweep, /design: see
/// output/batch_index.hpp).
inline void describe_index_dataset(hid_t set, std::string_view units_label,
                                   std::string_view long_name, std::string_view description,
                                   std::initializer_list<hid_t> scales,
                                   std::initializer_list<const char*> dims) {
  describe_cf(set, units_label, long_name, description);
  attach_dimensions(set, object_path(set), scales, dims);
}

/// A netCDF dimension without a coordinate variable (netCDF-4's own convention: a dimension
/// scale whose NAME says so), `n` long: the shared axis of 1-D columns such as a panel's rows.
/// No storage is allocated (never written).
inline Handle write_bare_dimension(hid_t group, const char* name, hsize_t n) {
  Handle space(check(H5Screate_simple(1, &n, nullptr), std::string("creating dimension ") + name),
               H5Sclose);
  Handle set(check(H5Dcreate2(group, name, H5T_IEEE_F32LE, space.get(), H5P_DEFAULT, H5P_DEFAULT,
                              H5P_DEFAULT),
                   std::string("creating dimension ") + name),
             H5Dclose);
  // netCDF-C writes this exact text followed by the length; readers test the prefix.
  const std::string length = std::to_string(n);
  const std::string text = "This is a netCDF dimension but not a netCDF variable." +
                           std::string(length.size() < 10 ? 10 - length.size() : 0, ' ') + length;
  check(H5DSset_scale(set.get(), text.c_str()), std::string("making ") + name + " a dimension");
  return set;
}

}  // namespace quasim::h5
