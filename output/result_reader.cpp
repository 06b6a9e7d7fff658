// output/result_reader.cpp — reads a result file back into plain numbers and text, checking
// each dataset against the catalogue before reading a value of it.
#include "output/result_reader.hpp"

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <optional>

#include "output/content_checksum.hpp"
#include "output/detail/hdf5_handle.hpp"
#include "output/file_checks.hpp"
#include "output/panel_columns.hpp"
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

/// Deflate packs at most about 1032:1, so a dataset claiming more values than this cannot be
/// real: refuse it before allocating (a hostile file's shape must not exhaust memory).
std::size_t plausible_values(std::uintmax_t file_bytes) {
  return static_cast<std::size_t>(
      std::min<std::uintmax_t>(file_bytes, std::uintmax_t{1} << 40) * 160 + (1u << 20));
}

std::string shape_text(const std::vector<std::size_t>& shape) {
  std::string out = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) out += (i ? ", " : "") + std::to_string(shape[i]);
  return out + (shape.size() == 1 ? ",)" : ")");
}

std::string type_name(hid_t type) {
  const H5T_class_t cls = H5Tget_class(type);
  const std::size_t bytes = H5Tget_size(type);
  if (cls == H5T_FLOAT) return "float" + std::to_string(8 * bytes);
  if (cls == H5T_INTEGER)
    return (H5Tget_sign(type) == H5T_SGN_NONE ? "uint" : "int") + std::to_string(8 * bytes);
  if (cls == H5T_STRING) return "string";
  return "other";
}

/// What sits at `name` in `group`. External and soft links are never followed: a hostile
/// file could point anywhere, or at itself.
enum class Node { Missing, Link, Dataset, Group, Other };

Node node_at(hid_t group, const std::string& name) {
  if (H5Lexists(group, name.c_str(), H5P_DEFAULT) <= 0) return Node::Missing;
  H5L_info_t info;
  if (H5Lget_info(group, name.c_str(), &info, H5P_DEFAULT) < 0) return Node::Other;
  if (info.type != H5L_TYPE_HARD) return Node::Link;
  H5O_info_t oinfo;
  if (H5Oget_info_by_name(group, name.c_str(), &oinfo, H5P_DEFAULT) < 0) return Node::Other;
  return oinfo.type == H5O_TYPE_DATASET ? Node::Dataset
         : oinfo.type == H5O_TYPE_GROUP ? Node::Group
                                        : Node::Other;
}

/// "" when `n` is what was expected, else what is wrong, for a message.
std::string node_problem(Node n, Node expected) {
  if (n == expected) return "";
  switch (n) {
    case Node::Missing:
      return "missing";
    case Node::Link:
      return "is a link to another place, not stored in this file";
    case Node::Dataset:
      return "is a dataset, expected a group";
    case Node::Group:
      return "is a group, expected a dataset";
    case Node::Other:
      return "is not readable";
  }
  return "unexpected";
}

std::string link_problem(hid_t group, const std::string& name) {
  return node_problem(node_at(group, name), Node::Dataset);
}

/// Opens a dataset and reads its shape and type; the values only if `want` says so.
struct Probe {
  DatasetData data;
  Handle set;
};

Probe probe(hid_t group, const std::string& group_path, const std::string& name) {
  Probe p;
  p.data.path = group_path + "/" + name;
  p.set =
      Handle(check(H5Dopen2(group, name.c_str(), H5P_DEFAULT), "opening " + p.data.path), H5Dclose);
  Handle space(check(H5Dget_space(p.set.get()), "reading the shape of " + p.data.path), H5Sclose);
  const int rank = H5Sget_simple_extent_ndims(space.get());
  if (rank < 0)
    throw OutputError("reading the shape of " + p.data.path + ": " + h5::error_message());
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  check(H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr),
        "reading the shape of " + p.data.path);
  for (hsize_t x : dims) p.data.shape.push_back(static_cast<std::size_t>(x));
  Handle type(check(H5Dget_type(p.set.get()), "reading the type of " + p.data.path), H5Tclose);
  p.data.type = type_name(type.get());
  // The words for people: `units_label` where the file has CF units (UDUNITS in `units`),
  // `units` in a file written before them.
  p.data.units = optional_attr(p.set.get(), "units_label");
  if (p.data.units.empty()) p.data.units = optional_attr(p.set.get(), "units");
  p.data.description = optional_attr(p.set.get(), "description");
  return p;
}

std::size_t elements(const std::vector<std::size_t>& shape) {
  std::size_t n = 1;
  for (std::size_t x : shape) {
    if (x != 0 && n > std::numeric_limits<std::size_t>::max() / x)
      return std::numeric_limits<std::size_t>::max();
    n *= x;
  }
  return n;
}

/// Reads the values, and returns a problem if they do not match the dataset's own checksum.
std::string read_values(Probe& p) {
  const std::size_t n = elements(p.data.shape);
  p.data.values.resize(n);
  if (n > 0)
    check(H5Dread(p.set.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                  p.data.values.data()),
          "reading " + p.data.path);
  const std::string stored = optional_attr(p.set.get(), "checksum");
  if (!stored.empty() &&
      stored != crc_text(dataset_crc(p.data.path, p.data.shape, p.data.values.data(), n)))
    return p.data.path + ": its values do not match its checksum (" + stored +
           "): changed after quasim wrote it";
  return "";
}

/// A 1-D axis at the root: integers or strings, at most `limit` long.
template <typename T>
bool read_axis(hid_t f, const char* name, std::size_t limit, std::vector<T>& out,
               std::vector<std::string>& problems) {
  const std::string path = std::string("/") + name;
  if (const std::string why = link_problem(f, name); !why.empty()) {
    problems.push_back(path + ": " + why + " (every result file has this axis)");
    return false;
  }
  Probe p = probe(f, "", name);
  constexpr bool text = std::is_same_v<T, std::string>;
  if (p.data.shape.size() != 1 ||
      (text ? p.data.type != "string" : !p.data.type.starts_with("int"))) {
    problems.push_back(path + ": expected a 1-D " + (text ? "string" : "integer") +
                       " axis, found " + p.data.type + " " + shape_text(p.data.shape));
    return false;
  }
  if (p.data.shape[0] > limit) {
    problems.push_back(path + ": " + std::to_string(p.data.shape[0]) +
                       " entries, more than a result file can hold");
    return false;
  }
  const std::size_t n = p.data.shape[0];
  if constexpr (text) {
    std::vector<char*> raw(n, nullptr);
    Handle type = h5::utf8_string_type();
    Handle file_type(check(H5Dget_type(p.set.get()), "reading " + path), H5Tclose);
    if (H5Tis_variable_str(file_type.get()) <= 0) {
      problems.push_back(path + ": expected variable-length strings");
      return false;
    }
    if (n > 0)
      check(H5Dread(p.set.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()),
            "reading " + path);
    for (char* s : raw) out.emplace_back(s ? s : "");
    Handle space(check(H5Dget_space(p.set.get()), "reading " + path), H5Sclose);
    if (n > 0) H5Dvlen_reclaim(type.get(), space.get(), H5P_DEFAULT, raw.data());
  } else {
    out.resize(n);
    if (n > 0)
      check(H5Dread(p.set.get(), H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()),
            "reading " + path);
  }
  return true;
}

std::size_t axis_length(const ResultAxes& a, SeriesAxis axis) {
  switch (axis) {
    case SeriesAxis::None:
      return 1;
    case SeriesAxis::ProviderType:
      return a.provider_types.size();
    case SeriesAxis::Commissioner:
      return a.commissioners.size();
    case SeriesAxis::Domain:
      return a.domains.size();
    case SeriesAxis::DifficultyGroup:
      return a.difficulty_groups.size();
    case SeriesAxis::AgeBand:
      return a.age_bands.size();
    case SeriesAxis::Agency:
      return a.agencies.size();
  }
  return 1;
}

/// The catalogue's series, each checked for presence, type and shape before its values are read.
void read_series(hid_t f, ResultFileContents& out, bool axes_ok, std::size_t max_values) {
  for (const SeriesSpec& spec : series_catalogue()) {
    const std::string group_link(group_name(spec.axis));
    const std::string group_path = "/" + group_link;
    const std::string path = group_path + "/" + std::string(spec.name);
    const Node group_node = node_at(f, group_link);
    if (out.format < spec.since_format &&
        (group_node == Node::Missing ||
         (group_node == Node::Group &&
          H5Lexists(f, path.c_str(), H5P_DEFAULT) <= 0))) {  // written before the series existed
      DatasetData absent;
      absent.path = path;
      absent.units = std::string(spec.units);
      absent.description = std::string(spec.description);
      absent.absent = true;
      out.datasets.push_back(std::move(absent));
      continue;
    }
    if (const std::string why = node_problem(group_node, Node::Group); !why.empty()) {
      out.problems.push_back(
          path + ": " +
          (why == "missing" ? "missing (its group " + group_path + " is missing)" : why));
      continue;
    }
    Handle group(check(H5Gopen2(f, group_path.c_str(), H5P_DEFAULT), "opening " + group_path),
                 H5Gclose);
    const std::string name(spec.name);
    if (const std::string why = link_problem(group.get(), name); !why.empty()) {
      out.problems.push_back(path + ": " + why +
                             (why == "missing" ? " (every result file has this series)" : ""));
      continue;
    }
    Probe p = probe(group.get(), group_path, name);
    std::vector<std::size_t> expected{out.axes.replicates.size(), out.axes.years.size()};
    if (spec.axis != SeriesAxis::None) expected.push_back(axis_length(out.axes, spec.axis));
    const std::string axes_text =
        spec.axis == SeriesAxis::None
            ? "[replicate x year]"
            : "[replicate x year x " + std::string(axis_name(spec.axis)) + "]";
    if (p.data.type != "float64") {
      out.problems.push_back(path + ": is " + p.data.type + ", expected float64");
    } else if (!axes_ok) {
      // the axes' own problems are already listed
    } else if (p.data.shape != expected) {
      out.problems.push_back(path + ": has shape " + shape_text(p.data.shape) + ", expected " +
                             shape_text(expected) + " " + axes_text + " from the file's axes");
    } else if (elements(p.data.shape) > max_values) {
      out.problems.push_back(path + ": claims more values than a file of this size can hold");
    } else if (const std::string bad = read_values(p); !bad.empty()) {
      out.problems.push_back(bad);
    }
    out.datasets.push_back(std::move(p.data));
  }
}

const char* column_type_name(ColumnType t) {
  return t == ColumnType::Int32 ? "int32" : t == ColumnType::Float64 ? "float64" : "uint16";
}

template <std::size_t N>
void read_panel(hid_t panels, const char* name, const std::array<PanelColumn, N>& columns,
                ResultFileContents& out, std::size_t max_values) {
  const std::string group_path = std::string("/panels/") + name;
  if (H5Lexists(panels, name, H5P_DEFAULT) <= 0) return;  // panels are optional
  if (const std::string why = node_problem(node_at(panels, name), Node::Group); !why.empty()) {
    out.problems.push_back(group_path + ": " + why);
    return;
  }
  Handle group(check(H5Gopen2(panels, name, H5P_DEFAULT), "opening " + group_path), H5Gclose);
  std::optional<std::size_t> rows;
  for (const PanelColumn& col : columns) {
    const std::string cname(col.name);
    const std::string path = group_path + "/" + cname;
    if (const std::string why = link_problem(group.get(), cname); !why.empty()) {
      out.problems.push_back(path + ": " + why +
                             (why == "missing" ? " (every panel has this column)" : ""));
      continue;
    }
    Probe p = probe(group.get(), group_path, cname);
    if (p.data.type != column_type_name(col.type) || p.data.shape.size() != 1) {
      out.problems.push_back(path + ": is " + p.data.type + " " + shape_text(p.data.shape) +
                             ", expected a 1-D " + column_type_name(col.type) + " column");
    } else if (rows && p.data.shape[0] != *rows) {
      out.problems.push_back(path + ": has " + std::to_string(p.data.shape[0]) +
                             " rows, the panel's other columns " + std::to_string(*rows));
    } else if (p.data.shape[0] > max_values) {
      out.problems.push_back(path + ": claims more rows than a file of this size can hold");
    } else {
      rows = p.data.shape[0];
      if (const std::string bad = read_values(p); !bad.empty()) out.problems.push_back(bad);
    }
    out.panels.push_back(std::move(p.data));
  }
}

/// Recomputes the content checksum the writer stored (series, then panel columns).
void verify_checksum(ResultFileContents& out) {
  const auto it = out.provenance.find("content_checksum");
  if (it == out.provenance.end() || !out.problems.empty()) return;
  std::vector<std::uint32_t> crcs;
  for (const auto* list : {&out.datasets, &out.panels})
    for (const DatasetData& d : *list)
      if (!d.absent) crcs.push_back(dataset_crc(d.path, d.shape, d.values.data(), d.values.size()));
  if (combine_checksums(crcs) != it->second)
    out.problems.push_back("its numbers do not match /provenance@content_checksum (" + it->second +
                           "): the file was changed after quasim wrote it");
}

ResultFileContents read_contents(const std::string& path) {
  check_input_file(path);
  std::error_code ec;
  const std::uintmax_t bytes = std::filesystem::file_size(path, ec);
  if (H5Fis_hdf5(path.c_str()) <= 0)
    throw OutputError("not a quasim result file (not HDF5 at all)");
  Handle file(check(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "cannot open"), H5Fclose);
  const hid_t f = file.get();
  if (node_at(f, "provenance") != Node::Group ||
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
  if (out.provenance.count("kind") && out.provenance.at("kind") == "batch index")
    return out;  // no series

  // The layout version decides which series and axes the file must have (format 1 had no
  // attribute); one that is not a positive integer is read as the current layout.
  if (const auto it = out.provenance.find("format_version"); it != out.provenance.end()) {
    const char* end = it->second.data() + it->second.size();
    const auto [ptr, err] = std::from_chars(it->second.data(), end, out.format);
    if (err != std::errc() || ptr != end || out.format < 1) {
      out.problems.push_back("/provenance@format_version: expected a positive integer, found '" +
                             it->second.substr(0, 40) + "'");
      out.format = kResultFormat;
    }
  }
  const std::size_t max_values = plausible_values(ec ? 0 : bytes);
  bool axes_ok = read_axis(f, "replicate", max_values, out.axes.replicates, out.problems);
  axes_ok &= read_axis(f, "year", max_values, out.axes.years, out.problems);
  axes_ok &= read_axis(f, "provider_type", max_values, out.axes.provider_types, out.problems);
  axes_ok &= read_axis(f, "commissioner", max_values, out.axes.commissioners, out.problems);
  axes_ok &= read_axis(f, "domain", max_values, out.axes.domains, out.problems);
  // A file written before difficulty groups has no /difficulty_group (nor their series).
  if (out.format >= 3 || node_at(f, "difficulty_group") != Node::Missing)
    axes_ok &=
        read_axis(f, "difficulty_group", max_values, out.axes.difficulty_groups, out.problems);
  // A file written before issue 18 has no /age_band or /agency (nor their series).
  if (out.format >= 4 || node_at(f, "age_band") != Node::Missing)
    axes_ok &= read_axis(f, "age_band", max_values, out.axes.age_bands, out.problems);
  if (out.format >= 4 || node_at(f, "agency") != Node::Missing)
    axes_ok &= read_axis(f, "agency", max_values, out.axes.agencies, out.problems);
  read_series(f, out, axes_ok, max_values);
  if (const Node panels_node = node_at(f, "panels");
      panels_node != Node::Missing && panels_node != Node::Group) {
    out.problems.push_back("/panels: " + node_problem(panels_node, Node::Group));
  } else if (panels_node == Node::Group) {
    Handle panels(check(H5Gopen2(f, "panels", H5P_DEFAULT), "opening /panels"), H5Gclose);
    read_panel(panels.get(), "providers", kProviderPanelColumns, out, max_values);
    read_panel(panels.get(), "citizens", kCitizenPanelColumns, out, max_values);
  }
  verify_checksum(out);
  h5::error_message();  // drop anything the probes above left on the stack
  return out;
}

}  // namespace

ResultFileContents read_result_file(const std::string& path) {
  const h5::QuietErrors quiet;
  try {
    return read_contents(path);
  } catch (const std::bad_alloc&) {
    throw OutputError(path + ": too large to read into memory");
  } catch (const std::exception& e) {
    const std::string what = e.what();
    throw OutputError(what.starts_with(path + ":") ? what : path + ": " + what);
  }
}

void require_valid(const ResultFileContents& c, const std::string& path) {
  if (c.problems.empty()) return;
  std::string msg = path + ": " + c.problems.front();
  if (c.problems.size() > 1)
    msg += " (and " + std::to_string(c.problems.size() - 1) + " more problems)";
  throw OutputError(msg);
}

std::string provenance_text(const ResultFileContents& c, const std::string& key) {
  const auto it = c.provenance.find(key);
  return it == c.provenance.end() ? std::string() : it->second;
}

long long provenance_int(const ResultFileContents& c, const std::string& path,
                         const std::string& key, std::optional<long long> fallback) {
  const auto it = c.provenance.find(key);
  if (it == c.provenance.end()) {
    if (fallback) return *fallback;
    throw OutputError(path + ": /provenance@" + key + " is missing");
  }
  long long v = 0;
  const char* begin = it->second.data();
  const char* end = begin + it->second.size();
  const auto [ptr, ec] = std::from_chars(begin, end, v);
  if (ec != std::errc() || ptr != end || begin == end)
    throw OutputError(path + ": /provenance@" + key + ": expected an integer, found '" +
                      it->second.substr(0, 40) + "'");
  return v;
}

}  // namespace quasim
