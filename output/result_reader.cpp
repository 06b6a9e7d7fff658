// output/result_reader.cpp — reads a result file back into plain numbers and text.
#include "output/result_reader.hpp"

#include <cstdio>
#include <filesystem>

#include "output/hdf5_handle.hpp"
#include "output/series_catalogue.hpp"

namespace quasim {
namespace {

using h5::check;
using h5::Handle;

std::string read_string_attr(hid_t attr, hid_t type) {
  if (H5Tis_variable_str(type) > 0) {
    Handle mem(check(H5Tcopy(H5T_C_S1), "copying a string type"), H5Tclose);
    H5Tset_size(mem.get(), H5T_VARIABLE);
    H5Tset_cset(mem.get(), H5Tget_cset(type));
    char* text = nullptr;
    check(H5Aread(attr, mem.get(), &text), "reading a string attribute");
    std::string out = text ? text : "";
    H5free_memory(text);
    return out;
  }
  const std::size_t size = H5Tget_size(type);
  Handle mem(check(H5Tcopy(type), "copying a string type"), H5Tclose);
  std::string out(size, '\0');
  check(H5Aread(attr, mem.get(), out.data()), "reading a string attribute");
  out.resize(out.find('\0') == std::string::npos ? size : out.find('\0'));
  return out;
}

/// Any scalar (or small array) attribute as text: strings as stored, numbers in decimal.
std::string attr_text(hid_t obj, const char* name) {
  Handle attr(check(H5Aopen(obj, name, H5P_DEFAULT), std::string("opening attribute ") + name),
              H5Aclose);
  Handle type(check(H5Aget_type(attr.get()), std::string("reading attribute ") + name), H5Tclose);
  Handle space(check(H5Aget_space(attr.get()), std::string("reading attribute ") + name), H5Sclose);
  const H5T_class_t cls = H5Tget_class(type.get());
  if (cls == H5T_STRING) return read_string_attr(attr.get(), type.get());
  const hssize_t n = H5Sget_simple_extent_npoints(space.get());
  std::string out;
  if (cls == H5T_INTEGER) {
    std::vector<long long> v(static_cast<std::size_t>(std::max<hssize_t>(n, 0)));
    check(H5Aread(attr.get(), H5T_NATIVE_LLONG, v.data()), std::string("reading ") + name);
    for (std::size_t i = 0; i < v.size(); ++i)
      out.append(i ? "," : "").append(std::to_string(v[i]));
  } else if (cls == H5T_FLOAT) {
    std::vector<double> v(static_cast<std::size_t>(std::max<hssize_t>(n, 0)));
    check(H5Aread(attr.get(), H5T_NATIVE_DOUBLE, v.data()), std::string("reading ") + name);
    for (std::size_t i = 0; i < v.size(); ++i) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.17g", v[i]);
      out.append(i ? "," : "").append(buf);
    }
  } else {
    out = "(unsupported attribute type)";
  }
  return out;
}

std::string optional_attr(hid_t obj, const char* name) {
  return H5Aexists(obj, name) > 0 ? attr_text(obj, name) : std::string();
}

/// Member names of a group in creation order (the writer's catalogue order), else by name.
std::vector<std::string> member_names(hid_t group) {
  std::vector<std::string> names;
  const auto collect = [](hid_t, const char* name, const H5L_info_t*, void* out) -> herr_t {
    static_cast<std::vector<std::string>*>(out)->push_back(name);
    return 0;
  };
  if (H5Literate(group, H5_INDEX_CRT_ORDER, H5_ITER_INC, nullptr, collect, &names) < 0) {
    h5::error_message();  // creation order was not tracked (not our writer): fall back
    names.clear();
    check(H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, nullptr, collect, &names),
          "listing a group");
  }
  return names;
}

DatasetData read_dataset(hid_t group, const std::string& group_path, const std::string& name) {
  DatasetData d;
  d.path = group_path + "/" + name;
  Handle set(check(H5Dopen2(group, name.c_str(), H5P_DEFAULT), "opening " + d.path), H5Dclose);
  Handle space(check(H5Dget_space(set.get()), "reading the shape of " + d.path), H5Sclose);
  const int rank = H5Sget_simple_extent_ndims(space.get());
  std::vector<hsize_t> dims(static_cast<std::size_t>(std::max(rank, 0)));
  check(H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr),
        "reading the shape of " + d.path);
  std::size_t n = 1;
  for (hsize_t x : dims) {
    d.shape.push_back(x);
    n *= x;
  }
  d.values.resize(n);
  if (n > 0)
    check(H5Dread(set.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, d.values.data()),
          "reading " + d.path);
  d.units = optional_attr(set.get(), "units");
  d.description = optional_attr(set.get(), "description");
  return d;
}

bool is_float_dataset(hid_t group, const std::string& name) {
  Handle obj(H5Oopen(group, name.c_str(), H5P_DEFAULT), H5Oclose);
  if (obj.get() < 0 || H5Iget_type(obj.get()) != H5I_DATASET) return false;
  Handle type(H5Dget_type(obj.get()), H5Tclose);
  return type.get() >= 0 && H5Tget_class(type.get()) == H5T_FLOAT;
}

ResultFileContents read_contents(const std::string& path) {
  if (!std::filesystem::exists(path)) throw OutputError("no such file");
  if (H5Fis_hdf5(path.c_str()) <= 0)
    throw OutputError("not a quasim result file (not HDF5 at all)");
  Handle file(check(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "cannot open"), H5Fclose);
  const hid_t f = file.get();
  if (H5Lexists(f, "provenance", H5P_DEFAULT) <= 0 ||
      H5Aexists_by_name(f, "provenance", "quasim_version", H5P_DEFAULT) <= 0)
    throw OutputError("not a quasim result file (no /provenance@quasim_version)");

  ResultFileContents out;
  Handle prov(check(H5Gopen2(f, "provenance", H5P_DEFAULT), "opening /provenance"), H5Gclose);
  std::vector<std::string> attr_names;
  check(H5Aiterate2(
            prov.get(), H5_INDEX_NAME, H5_ITER_INC, nullptr,
            [](hid_t, const char* name, const H5A_info_t*, void* names) -> herr_t {
              static_cast<std::vector<std::string>*>(names)->push_back(name);
              return 0;
            },
            &attr_names),
        "listing /provenance");
  for (const auto& a : attr_names) out.provenance[a] = attr_text(prov.get(), a.c_str());

  for (SeriesAxis axis :
       {SeriesAxis::None, SeriesAxis::ProviderType, SeriesAxis::Commissioner, SeriesAxis::Domain}) {
    const std::string group_path = std::string("/").append(group_name(axis));
    if (H5Lexists(f, group_path.c_str(), H5P_DEFAULT) <= 0) continue;
    Handle group(check(H5Gopen2(f, group_path.c_str(), H5P_DEFAULT), "opening " + group_path),
                 H5Gclose);
    for (const auto& name : member_names(group.get()))
      if (is_float_dataset(group.get(), name))
        out.datasets.push_back(read_dataset(group.get(), group_path, name));
  }
  h5::error_message();  // drop anything the probes above left on the stack
  return out;
}

}  // namespace

ResultFileContents read_result_file(const std::string& path) {
  const h5::QuietErrors quiet;
  try {
    return read_contents(path);
  } catch (const std::exception& e) {
    throw OutputError(path + ": " + e.what());
  }
}

}  // namespace quasim
