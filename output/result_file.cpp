// output/result_file.cpp — writes the HDF5 result file whose layout docs/OUTPUTS.md documents.
// Every dataset is float64 [replicate, year(, axis)] with CF-style attributes (units in UDUNITS
// form, units_label, long_name, description: detail/cf_attributes.hpp) and dimension scales
// attached, so h5py, xarray (either engine) and HDFView all show labelled axes.
#include "output/result_file.hpp"

#include <fcntl.h>
#include <hdf5_hl.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>
#include <tbb/task_group.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <optional>
#include <type_traits>

#include "output/chunk_codec.hpp"
#include "output/content_checksum.hpp"
#include "output/detail/cf_attributes.hpp"
#include "output/detail/hdf5_handle.hpp"
#include "output/file_checks.hpp"
#include "output/series_catalogue.hpp"
#include "output/series_words.hpp"
#include "sim/version.hpp"

namespace quasim {
namespace {

// HDF5 closes every open file again at exit; after a write that failed on a full disk that
// close crashes inside the library. Every file here is closed by its Handle, so the library's
// exit hook has nothing to do: turn it off (before any other HDF5 call).
const bool kNoHdf5ExitHook = [] { return H5dont_atexit() >= 0; }();

using h5::check;
using h5::Handle;

constexpr unsigned kDeflateLevel = 4;  // most of the size gain of 9 at a fraction of the time
constexpr hsize_t kMaxChunkReplicates = 1024;
constexpr hsize_t kMaxChunkBytes = 64u << 20;  // larger chunks cost memory for little gain
constexpr hsize_t kPanelChunkRows = 1u << 16;

/// The shape shared by every series: replicates, years and the entity axes.
struct Shape {
  std::vector<const ReplicateResult*> replicates;  // sorted by replicate number
  hsize_t years = 0;
  hsize_t commissioners = 0;
  hsize_t domains = 0;
  hsize_t groups = 0;  ///< difficulty groups
  hsize_t agencies = 0;

  hsize_t axis_size(SeriesAxis a) const {
    switch (a) {
      case SeriesAxis::None:
        return 1;
      case SeriesAxis::ProviderType:
        return kProviderTypes;
      case SeriesAxis::Commissioner:
        return commissioners;
      case SeriesAxis::Domain:
        return domains;
      case SeriesAxis::DifficultyGroup:
        return groups;
      case SeriesAxis::AgeBand:
        return kAgeBandNames.size();
      case SeriesAxis::Agency:
        return agencies;
    }
    return 1;
  }
};

Shape shape_of(const Provenance& prov, const std::vector<ReplicateResult>& results) {
  Shape s;
  for (const auto& r : results) s.replicates.push_back(&r);
  std::sort(s.replicates.begin(), s.replicates.end(),
            [](auto* a, auto* b) { return a->replicate < b->replicate; });
  for (std::size_t i = 1; i < s.replicates.size(); ++i)
    if (s.replicates[i]->replicate == s.replicates[i - 1]->replicate)
      throw OutputError("replicate " + std::to_string(s.replicates[i]->replicate) +
                        " appears twice in the results");
  if (s.replicates.empty() || s.replicates.front()->years.empty()) {
    // Nothing completed: keep the requested axes so the file still describes the run.
    s.years = static_cast<hsize_t>(std::max(prov.years, 0));
    s.commissioners = prov.commissioner_names.size();
    s.domains = prov.domain_names.size();
    s.groups = prov.difficulty_groups.size();
    s.agencies = prov.agency_names.size();
    return s;
  }
  const YearRecord& first = s.replicates.front()->years.front();
  s.years = s.replicates.front()->years.size();
  s.commissioners = first.comm_budget.size();
  s.domains = first.dom_spending.size();
  s.groups = first.grp_people.size();
  s.agencies = first.agency_spending.size();
  for (const auto* r : s.replicates)
    if (r->years.size() != s.years)
      throw OutputError("replicate " + std::to_string(r->replicate) + " has " +
                        std::to_string(r->years.size()) + " years, replicate " +
                        std::to_string(s.replicates.front()->replicate) + " has " +
                        std::to_string(s.years) + " (all replicates must cover the same years)");
  return s;
}

/// Names for an entity axis: the provenance's, or generated ones when it gives none.
std::vector<std::string> axis_names(const std::vector<std::string>& given, hsize_t n,
                                    const std::string& kind) {
  if (given.empty()) {
    std::vector<std::string> out;
    for (hsize_t i = 0; i < n; ++i) out.push_back(kind + "_" + std::to_string(i + 1));
    return out;
  }
  if (given.size() != n)
    throw OutputError("provenance names " + std::to_string(given.size()) + " " + kind +
                      "s but the year records hold " + std::to_string(n));
  return given;
}

// ---- attributes -------------------------------------------------------------------------------

void write_attr(hid_t obj, const char* name, const std::string& value) {
  h5::write_string_attr(obj, name, value);
}

void write_attr(hid_t obj, const char* name, std::int64_t value) {
  h5::write_int_attr(obj, name, value);
}

/// CF-style units (UDUNITS form and the words), long_name and description: cf_attributes.hpp.
void describe(hid_t obj, std::string_view units, std::string_view long_name,
              std::string_view description) {
  h5::describe_cf(obj, units, long_name, description);
}

// ---- datasets ---------------------------------------------------------------------------------

/// Chunks hold all replicates (up to a cap) of a series so that reading one series across
/// replicates touches few chunks: whole rows of the first axis, so each chunk is contiguous.
/// Empty datasets have no chunks (HDF5 rejects chunk dimensions larger than a zero extent).
std::vector<hsize_t> chunk_dims(const std::vector<hsize_t>& dims, hsize_t element_bytes) {
  if (std::find(dims.begin(), dims.end(), hsize_t{0}) != dims.end()) return {};
  std::vector<hsize_t> chunk = dims;
  hsize_t inner = element_bytes;
  for (std::size_t i = 1; i < dims.size(); ++i) inner *= dims[i];
  chunk[0] = std::clamp<hsize_t>(kMaxChunkBytes / std::max<hsize_t>(inner, 1), 1,
                                 std::min(dims[0], kMaxChunkReplicates));
  return chunk;
}

/// Chunked, shuffled and deflated (contiguous when empty).
Handle dataset_properties(const std::vector<hsize_t>& chunk) {
  Handle dcpl(check(H5Pcreate(H5P_DATASET_CREATE), "creating dataset properties"), H5Pclose);
  if (chunk.empty()) return dcpl;
  check(H5Pset_chunk(dcpl.get(), static_cast<int>(chunk.size()), chunk.data()), "setting chunks");
  check(H5Pset_shuffle(dcpl.get()), "setting the shuffle filter");
  check(H5Pset_deflate(dcpl.get(), kDeflateLevel), "setting deflate compression");
  return dcpl;
}

/// A dataset's chunks, already shuffled and deflated (see output/chunk_codec.hpp).
struct EncodedDataset {
  std::vector<hsize_t> dims, chunk;               ///< chunk empty: no data, stored contiguous
  std::vector<std::vector<std::uint8_t>> chunks;  ///< along the first axis, in order
  std::uint32_t crc = 0;                          ///< of the values (content_checksum.hpp)
};

// The file types are little-endian; chunks are written as raw bytes.
static_assert(std::endian::native == std::endian::little,
              "encode_dataset assumes a little-endian machine");

/// Encodes `values` (row-major, shape `dims`) in chunks of shape `chunk` (whole rows of the
/// first axis), in parallel. The last chunk is padded to full size with zeros, as HDF5 stores
/// edge chunks; readers ignore the padding.
template <typename T>
EncodedDataset encode_dataset(const std::vector<hsize_t>& dims, const std::vector<hsize_t>& chunk,
                              const std::vector<T>& values) {
  EncodedDataset e;
  e.dims = dims;
  e.chunk = chunk;
  if (chunk.empty() || values.empty()) return e;
  const std::size_t row = values.size() / dims[0];  // values per index of the first axis
  const std::size_t per_chunk = row * chunk[0];
  e.chunks.resize((values.size() + per_chunk - 1) / per_chunk);
  const auto encode = [&](std::size_t k) {
    const std::size_t begin = k * per_chunk;
    if (values.size() - begin >= per_chunk) {
      e.chunks[k] = encode_chunk(values.data() + begin, per_chunk, sizeof(T), kDeflateLevel);
    } else {
      std::vector<T> padded(per_chunk, T{});
      std::copy(values.begin() + static_cast<std::ptrdiff_t>(begin), values.end(), padded.begin());
      e.chunks[k] = encode_chunk(padded.data(), per_chunk, sizeof(T), kDeflateLevel);
    }
  };
  // Isolated: a thread waiting here must not pick up outer work (quasim batch writes while
  // holding its write lock). Its own context: a failure elsewhere that cancels the caller's
  // loop must not cancel this one half-way and leave chunks unencoded.
  tbb::task_group_context own(tbb::task_group_context::isolated);
  tbb::this_task_arena::isolate([&] {
    tbb::parallel_for(std::size_t{0}, e.chunks.size(), encode, tbb::auto_partitioner{}, own);
  });
  for (const auto& c : e.chunks)
    if (c.empty()) throw OutputError("a chunk was not encoded (the write was interrupted)");
  return e;
}

template <typename T>
hid_t file_type() {
  if constexpr (std::is_same_v<T, double>) return H5T_IEEE_F64LE;
  if constexpr (std::is_same_v<T, std::int32_t>) return H5T_STD_I32LE;
  if constexpr (std::is_same_v<T, std::uint16_t>) return H5T_STD_U16LE;
}

/// Creates `name` under `parent` from chunks encoded in advance and describes it.
Handle write_encoded_dataset(hid_t parent, const std::string& name, hid_t type,
                             const EncodedDataset& e, std::string_view units,
                             std::string_view long_name, std::string_view description) {
  Handle space(check(H5Screate_simple(static_cast<int>(e.dims.size()), e.dims.data(), nullptr),
                     "creating the dataspace of " + name),
               H5Sclose);
  Handle dcpl = dataset_properties(e.chunk);
  Handle set(check(H5Dcreate2(parent, name.c_str(), type, space.get(), H5P_DEFAULT, dcpl.get(),
                              H5P_DEFAULT),
                   "creating dataset " + name),
             H5Dclose);
  std::vector<hsize_t> offset(e.dims.size(), 0);
  for (const auto& chunk : e.chunks) {
    check(H5Dwrite_chunk(set.get(), H5P_DEFAULT, 0, offset.data(), chunk.size(), chunk.data()),
          "writing dataset " + name);
    offset[0] += e.chunk[0];
  }
  describe(set.get(), units, long_name, description);
  write_attr(set.get(), "checksum", crc_text(e.crc));
  return set;
}

/// A 1-D string dataset made a dimension scale named after itself (a labelled axis).
Handle write_string_axis(hid_t file, const char* name, const std::vector<std::string>& labels,
                         std::string_view units, std::string_view long_name,
                         std::string_view description) {
  const hsize_t n = labels.size();
  Handle type = h5::utf8_string_type();
  Handle space(check(H5Screate_simple(1, &n, nullptr), std::string("creating axis ") + name),
               H5Sclose);
  Handle set(
      check(H5Dcreate2(file, name, type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
            std::string("creating axis ") + name),
      H5Dclose);
  std::vector<const char*> text;
  for (const auto& l : labels) text.push_back(l.c_str());
  // Strings go through HDF5's type-conversion buffer, 1 MiB and zeroed per write by default:
  // one just big enough (pointers for every label) takes most of the fixed cost out of a write.
  Handle dxpl(check(H5Pcreate(H5P_DATASET_XFER), "creating transfer properties"), H5Pclose);
  check(
      H5Pset_buffer(dxpl.get(), std::max<std::size_t>(n, 1) * 2 * sizeof(char*), nullptr, nullptr),
      "sizing the conversion buffer");
  if (n > 0)
    check(H5Dwrite(set.get(), type.get(), H5S_ALL, H5S_ALL, dxpl.get(), text.data()),
          std::string("writing axis ") + name);
  describe(set.get(), units, long_name, description);
  check(H5DSset_scale(set.get(), name), std::string("making ") + name + " a dimension scale");
  return set;
}

Handle write_int_axis(hid_t file, const char* name, const std::vector<std::int32_t>& values,
                      std::string_view units, std::string_view long_name,
                      std::string_view description) {
  const hsize_t n = values.size();
  Handle space(check(H5Screate_simple(1, &n, nullptr), std::string("creating axis ") + name),
               H5Sclose);
  Handle set(check(H5Dcreate2(file, name, H5T_STD_I32LE, space.get(), H5P_DEFAULT, H5P_DEFAULT,
                              H5P_DEFAULT),
                   std::string("creating axis ") + name),
             H5Dclose);
  if (n > 0)
    check(H5Dwrite(set.get(), H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
          std::string("writing axis ") + name);
  describe(set.get(), units, long_name, description);
  check(H5DSset_scale(set.get(), name), std::string("making ") + name + " a dimension scale");
  return set;
}

Handle create_group(hid_t parent, const char* name) {
  // Tracked creation order lets netCDF-based readers (xarray's engines) list members in order.
  Handle gcpl(check(H5Pcreate(H5P_GROUP_CREATE), "creating group properties"), H5Pclose);
  check(H5Pset_link_creation_order(gcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
        "setting creation order");
  return Handle(check(H5Gcreate2(parent, name, H5P_DEFAULT, gcpl.get(), H5P_DEFAULT),
                      std::string("creating group ") + name),
                H5Gclose);
}

/// The values of one series laid out [replicate, year, k]. Throws if a record is short.
std::vector<double> gather(const SeriesSpec& spec, const Shape& shape, int start_year) {
  const hsize_t k_size = shape.axis_size(spec.axis);
  std::vector<double> out;
  out.reserve(shape.replicates.size() * shape.years * k_size);
  for (const auto* rep : shape.replicates) {
    for (hsize_t y = 0; y < shape.years; ++y) {
      const YearRecord& rec = rep->years[y];
      if (spec.by_entity && (rec.*spec.by_entity).size() != k_size)
        throw OutputError("replicate " + std::to_string(rep->replicate) + ", year " +
                          std::to_string(start_year + static_cast<int>(y)) + ": " +
                          std::string(group_name(spec.axis)) + "/" + std::string(spec.name) +
                          " has " + std::to_string((rec.*spec.by_entity).size()) +
                          " values, expected " + std::to_string(k_size));
      for (hsize_t k = 0; k < k_size; ++k)
        out.push_back(series_value(spec, rec, static_cast<int>(k)));
    }
  }
  return out;
}

// ---- panels -----------------------------------------------------------------------------------

/// CRCs of every dataset written, in file order (the file's content checksum).
using Checksums = std::vector<std::uint32_t>;

/// A panel group being written: its columns share one dimension of rows (a netCDF dimension
/// without a coordinate variable, in /panels), so netCDF readers see one table.
struct Panel {
  hid_t group;
  hid_t row;
  const char* row_name;
  Checksums& crcs;
};

template <typename T>
void write_column(const Panel& panel, const char* name, const std::vector<T>& values,
                  std::string_view units, std::string_view long_name,
                  std::string_view description) {
  std::uint32_t crc = 0;
  {
    // The reader sees every column as float64; so does the checksum.
    const std::vector<double> as_read(values.begin(), values.end());
    crc = dataset_crc(h5::object_path(panel.group) + "/" + name, {values.size()}, as_read.data(),
                      as_read.size());
    panel.crcs.push_back(crc);
  }
  const std::vector<hsize_t> dims{values.size()};
  std::vector<hsize_t> chunk;
  if (!values.empty()) chunk = {std::min<hsize_t>(values.size(), kPanelChunkRows)};
  EncodedDataset e = encode_dataset(dims, chunk, values);
  e.crc = crc;
  Handle set =
      write_encoded_dataset(panel.group, name, file_type<T>(), e, units, long_name, description);
  h5::attach_dimensions(set.get(), h5::object_path(set.get()), {panel.row}, {panel.row_name});
}

/// Picks one field of every row of every replicate, in replicate order.
template <typename Row, typename T, typename F>
std::vector<T> column(const Shape& shape, std::vector<Row> ReplicateResult::*panel, F field) {
  std::vector<T> out;
  for (const auto* rep : shape.replicates)
    for (const Row& row : rep->*panel) out.push_back(static_cast<T>(field(*rep, row)));
  return out;
}

/// Rows of a panel over every replicate.
template <typename Row>
hsize_t panel_rows(const Shape& shape, std::vector<Row> ReplicateResult::*panel) {
  hsize_t n = 0;
  for (const auto* rep : shape.replicates) n += (rep->*panel).size();
  return n;
}

void write_provider_panel(hid_t panels, const Shape& shape, const h5::GroupProvenance& about,
                          Checksums& crcs) {
  Handle g = create_group(panels, "providers");
  using Row = ProviderPanelRow;
  constexpr auto P = &ReplicateResult::provider_panel;
  auto ints = [&](auto f) { return column<Row, std::int32_t>(shape, P, f); };
  auto reals = [&](auto f) { return column<Row, double>(shape, P, f); };
  h5::write_group_provenance(g.get(), about,
                             "Provider panel: one row per provider per year per replicate.");
  // The rows' dimension sits in /panels, so this group holds only the columns (a table for
  // pandas); netCDF readers find a dimension in a parent group.
  Handle row = h5::write_bare_dimension(panels, "provider_row", panel_rows(shape, P));
  const Panel id{g.get(), row.get(), "provider_row", crcs};
  write_column(id, "replicate", ints([](auto& r, auto&) { return r.replicate; }),
               "replicate number", "Replicate", "Replicate the row belongs to (see /replicate).");
  write_column(id, "year", ints([](auto&, auto& p) { return p.year; }), "calendar year", "Year",
               "Year of the observation.");
  write_column(id, "provider_id", ints([](auto&, auto& p) { return p.provider_id; }), "id",
               "Provider", "Provider identifier, unique within a replicate.");
  write_column(id, "type", ints([](auto&, auto& p) { return p.type; }), "index into /provider_type",
               "Provider type",
               "Provider type: 0 in_house, 1 large_private, 2 sme, 3 voluntary, 4 mutual, "
               "5 joint_venture.");
  write_column(id, "reserves", reals([](auto&, auto& p) { return p.reserves; }), "GBP", "Reserves",
               "Financial reserves at the end of the year.");
  write_column(id, "unit_cost", reals([](auto&, auto& p) { return p.unit_cost; }),
               "multiple of efficient in-house unit cost", "Cost per unit of service",
               "Cost per unit of service relative to an efficient in-house unit.");
  write_column(id, "quality", reals([](auto&, auto& p) { return p.quality; }), "quality (0-1)",
               "Quality of service", "True quality of the service delivered.");
  write_column(id, "engagement", reals([](auto&, auto& p) { return p.engagement; }), "index (0-1)",
               "Staff engagement", "Staff engagement.");
  write_column(id, "turnover", reals([](auto&, auto& p) { return p.turnover; }), "GBP per year",
               "Turnover", "Contract income in the year.");
  write_column(id, "contracts", ints([](auto&, auto& p) { return p.contracts; }), "count",
               "Contracts held", "Contracts held at the end of the year.");
  write_column(id, "alive", ints([](auto&, auto& p) { return p.alive; }), "0 or 1", "Still trading",
               "1 if the provider was still trading at the end of the year.");
}

void write_citizen_panel(hid_t panels, const Shape& shape, const h5::GroupProvenance& about,
                         Checksums& crcs) {
  Handle g = create_group(panels, "citizens");
  using Row = CitizenPanelRow;
  constexpr auto P = &ReplicateResult::citizen_panel;
  auto ints = [&](auto f) { return column<Row, std::int32_t>(shape, P, f); };
  auto reals = [&](auto f) { return column<Row, double>(shape, P, f); };
  h5::write_group_provenance(g.get(), about,
                             "Citizen panel: one row per sampled citizen per year per replicate.");
  Handle row = h5::write_bare_dimension(panels, "citizen_row", panel_rows(shape, P));
  const Panel id{g.get(), row.get(), "citizen_row", crcs};
  write_column(id, "replicate", ints([](auto& r, auto&) { return r.replicate; }),
               "replicate number", "Replicate", "Replicate the row belongs to (see /replicate).");
  write_column(id, "year", ints([](auto&, auto& c) { return c.year; }), "calendar year", "Year",
               "Year of the observation.");
  write_column(id, "citizen", ints([](auto&, auto& c) { return c.citizen; }), "id", "Citizen",
               "Sampled citizen's identifier, unique within a replicate.");
  write_column(id, "area", ints([](auto&, auto& c) { return c.area; }), "index into /commissioner",
               "Area", "Commissioner area the citizen lives in.");
  write_column(id, "age", ints([](auto&, auto& c) { return c.age; }), "years", "Age",
               "Age in years.");
  write_column(id, "outcome", reals([](auto&, auto& c) { return c.outcome; }), "index (0-1)",
               "Outcome", "The citizen's outcome index.");
  write_column(id, "satisfaction", reals([](auto&, auto& c) { return c.satisfaction; }),
               "index (0-1)", "Satisfaction", "Satisfaction with the services used.");
  write_column(id, "trust", reals([](auto&, auto& c) { return c.trust; }), "index (0-1)", "Trust",
               "Trust in public services.");
  write_column(id, "needs",
               column<Row, std::uint16_t>(shape, P, [](auto&, auto& c) { return c.needs; }),
               "packed need levels", "Need levels",
               "Need level (0 none .. 3 high) of each domain, 2 bits per domain, domain 0 in the "
               "lowest bits (order of /domain).");
}

// ---- provenance -------------------------------------------------------------------------------

std::string hdf5_version() {
  unsigned major = 0, minor = 0, release = 0;
  H5get_libversion(&major, &minor, &release);
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(release);
}

constexpr const char* kCompiler =
#if defined(__clang__)
    "clang " __clang_version__;
#elif defined(__GNUC__)
    "GCC " __VERSION__;
#else
    "unknown";
#endif

void write_provenance(hid_t file, const Provenance& prov, std::size_t completed,
                      const std::string& checksum) {
  Handle g = create_group(file, "provenance");
  const hid_t id = g.get();
  write_attr(id, "scenario_name", prov.scenario_name);
  write_attr(id, "scenario_path", prov.scenario_path);
  write_attr(id, "scenario_text", prov.scenario_text);
  write_attr(id, "resolved_parameters", prov.resolved_parameters);
  write_attr(id, "command_line", prov.command_line);
  write_attr(id, "overrides", prov.overrides);
  write_attr(id, "seed", prov.seed);
  write_attr(id, "replicates", std::int64_t{prov.replicates});
  write_attr(id, "replicates_completed", static_cast<std::int64_t>(completed));
  write_attr(id, "years", std::int64_t{prov.years});
  write_attr(id, "start_year", std::int64_t{prov.start_year});
  write_attr(id, "quasim_version", std::string(kVersion));
  write_attr(id, "git_commit", std::string(kGitCommit));
  write_attr(id, "repository", std::string(kRepositoryUrl));
  write_attr(id, "license", std::string(kLicense));
  write_attr(id, "how_to_cite", how_to_cite());
  write_attr(id, "hdf5_version", hdf5_version());
  write_attr(id, "compiler", std::string(kCompiler));
  write_attr(id, "created", utc_now());
  write_attr(id, "format_version", std::int64_t{kResultFormat});
  write_attr(id, "content_checksum", checksum);
  write_attr(id, "partial", std::int64_t{prov.missing.empty() ? 0 : 1});
  if (!prov.missing.empty()) write_attr(id, "missing", prov.missing);
  if (prov.batch_point >= 0) {
    write_attr(id, "batch_point", std::int64_t{prov.batch_point});
    write_attr(id, "batch_points", std::int64_t{prov.batch_points});
    write_attr(id, "batch_plan", prov.batch_plan);
  }
  if (!prov.design.empty()) write_attr(id, "design", prov.design);
}

// ---- the whole file ---------------------------------------------------------------------------

/// The values of every axis: replicate numbers, calendar years and the four name lists.
struct AxisValues {
  std::vector<std::int32_t> replicates, years;
  std::vector<std::string> provider_types, commissioners, domains, groups, age_bands, agencies;
};

AxisValues axis_values(const Provenance& prov, const Shape& shape) {
  AxisValues v;
  for (const auto* r : shape.replicates) v.replicates.push_back(r->replicate);
  for (hsize_t y = 0; y < shape.years; ++y)
    v.years.push_back(prov.start_year + static_cast<std::int32_t>(y));
  v.provider_types.assign(kProviderTypeNames.begin(), kProviderTypeNames.end());
  v.commissioners = axis_names(prov.commissioner_names, shape.commissioners, "commissioner");
  v.domains = axis_names(prov.domain_names, shape.domains, "domain");
  v.groups = axis_names(prov.difficulty_groups, shape.groups, "difficulty_group");
  v.age_bands.assign(kAgeBandNames.begin(), kAgeBandNames.end());
  v.agencies = axis_names(prov.agency_names, shape.agencies, "agency");
  return v;
}

/// Dimension scales written into one group: replicate and year, plus the group's own axis.
struct Axes {
  Handle replicate, year, third;
};

/// Writes the axes `only` needs (nullopt: all six, as at the root of the file).
Axes write_axes(hid_t loc, const AxisValues& v, std::optional<SeriesAxis> only) {
  Axes a;
  a.replicate = write_int_axis(loc, "replicate", v.replicates, "replicate number", "Replicate",
                               "Replicate numbers present in this file (each replicate is one run "
                               "with its own random numbers).");
  a.year = write_int_axis(loc, "year", v.years, "calendar year", "Year",
                          "Calendar year of each simulated year.");
  const bool all = !only;
  if (all || only == SeriesAxis::ProviderType)
    a.third = write_string_axis(loc, "provider_type", v.provider_types, "name", "Provider type",
                                "Provider types: in-house units, large private firms, SMEs, "
                                "voluntary organisations, mutuals, joint ventures.");
  if (all || only == SeriesAxis::Commissioner)
    a.third = write_string_axis(loc, "commissioner", v.commissioners, "name", "Commissioner",
                                "Commissioners (local areas that buy services for their "
                                "citizens).");
  if (all || only == SeriesAxis::Domain)
    a.third =
        write_string_axis(loc, "domain", v.domains, "name", "Service domain", "Service domains.");
  if (all || only == SeriesAxis::DifficultyGroup)
    a.third = write_string_axis(loc, "difficulty_group", v.groups, "name", "Difficulty group",
                                "Difficulty groups: how hard citizens are to help "
                                "(difficulty.groups), in the order the scenario lists them.");
  if (all || only == SeriesAxis::AgeBand)
    a.third = write_string_axis(loc, "age_band", v.age_bands, "years of age", "Age band",
                                "Age bands of citizens: 0-17, 18-44, 45-64, 65-84, 85 and over.");
  if (all || only == SeriesAxis::Agency)
    a.third = write_string_axis(loc, "agency", v.agencies, "name", "Agency",
                                "Agencies that pay for services: the councils (one per area) "
                                "and any national departments (`[agency.NAME]`).");
  return a;
}

/// Every series of the catalogue gathered and encoded, in parallel: HDF5 (Debian's build is not
/// thread-safe) then only writes the finished chunks. Indexed like series_catalogue(), with
/// each series' CRC for the content checksum.
std::vector<EncodedDataset> encode_series(const Shape& shape, int start_year, Checksums& crcs) {
  const auto& catalogue = series_catalogue();
  std::vector<EncodedDataset> out(catalogue.size());
  crcs.assign(catalogue.size(), 0);
  // Isolated: a thread waiting here must not pick up outer work (quasim batch calls this while
  // holding its write lock). Its own context: see encode_dataset.
  tbb::task_group_context own(tbb::task_group_context::isolated);
  tbb::this_task_arena::isolate([&] {
    tbb::parallel_for(
        std::size_t{0}, catalogue.size(),
        [&](std::size_t i) {
          const SeriesSpec& spec = catalogue[i];
          std::vector<hsize_t> dims{shape.replicates.size(), shape.years};
          if (spec.axis != SeriesAxis::None) dims.push_back(shape.axis_size(spec.axis));
          const std::vector<double> values = gather(spec, shape, start_year);
          const std::string path =
              "/" + std::string(group_name(spec.axis)) + "/" + std::string(spec.name);
          crcs[i] = dataset_crc(path, {dims.begin(), dims.end()}, values.data(), values.size());
          out[i] = encode_dataset(dims, chunk_dims(dims, sizeof(double)), values);
          out[i].crc = crcs[i];
        },
        tbb::auto_partitioner{}, own);
  });
  return out;
}

/// What a series group holds, for its `description`.
std::string group_description(SeriesAxis axis) {
  switch (axis) {
    case SeriesAxis::None:
      return "National series: one value per replicate and year.";
    case SeriesAxis::ProviderType:
      return "Series by provider type: one value per replicate, year and provider type.";
    case SeriesAxis::Commissioner:
      return "Series by commissioner: one value per replicate, year and commissioner.";
    case SeriesAxis::Domain:
      return "Series by service domain: one value per replicate, year and domain.";
    case SeriesAxis::DifficultyGroup:
      return "Series by difficulty group: one value per replicate, year and difficulty group.";
    case SeriesAxis::AgeBand:
      return "Series by age band: one value per replicate, year and age band.";
    case SeriesAxis::Agency:
      return "Series by agency: one value per replicate, year and agency (who pays).";
  }
  return "";
}

/// The provenance every group carries (cf_attributes.hpp), so a group opened alone says
/// which run it belongs to.
h5::GroupProvenance group_provenance(const Provenance& prov) {
  return {prov.scenario_name, prov.seed, prov.replicates, std::string(kVersion),
          std::string(kGitCommit)};
}

void write_series_group(hid_t file, SeriesAxis axis, const AxisValues& values,
                        const std::vector<EncodedDataset>& encoded,
                        const h5::GroupProvenance& about) {
  const std::string group_path(group_name(axis));
  Handle group = create_group(file, group_path.c_str());
  h5::write_group_provenance(group.get(), about, group_description(axis));
  // Each group carries its own axes so that a group opened alone (xarray's `group=`) is
  // labelled; netCDF readers take a variable's dimensions from the scales attached to it.
  const Axes axes = write_axes(group.get(), values, axis);
  const auto& catalogue = series_catalogue();
  for (std::size_t i = 0; i < catalogue.size(); ++i) {
    const SeriesSpec& spec = catalogue[i];
    if (spec.axis != axis) continue;
    const std::string name(spec.name);
    const SeriesWords* words = series_words(spec.name);
    Handle set = write_encoded_dataset(group.get(), name, H5T_IEEE_F64LE, encoded[i], spec.units,
                                       words ? words->label : spec.name, spec.description);
    const auto& dims = encoded[i].dims;
    const std::string where = group_path + "/" + name;
    const hid_t scales[] = {axes.replicate.get(), axes.year.get(), axes.third.get()};
    const std::string third(axis_name(axis));
    const char* labels[] = {"replicate", "year", third.c_str()};
    for (unsigned d = 0; d < dims.size(); ++d) {
      // The scale gives the axis values; the label names the axis for tools that read no scales.
      check(H5DSattach_scale(set.get(), scales[d], d), "labelling " + where);
      check(H5DSset_label(set.get(), d, labels[d]), "labelling " + where);
    }
  }
}

void write_contents(const std::string& file_path, const Provenance& prov, const Shape& shape) {
  Handle fcpl(check(H5Pcreate(H5P_FILE_CREATE), "creating file properties"), H5Pclose);
  check(H5Pset_link_creation_order(fcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
        "setting creation order");
  Handle file(check(H5Fcreate(file_path.c_str(), H5F_ACC_TRUNC, fcpl.get(), H5P_DEFAULT),
                    "cannot create " + file_path),
              H5Fclose);
  const hid_t f = file.get();
  const AxisValues values = axis_values(prov, shape);
  Checksums crcs;
  const std::vector<EncodedDataset> encoded = encode_series(shape, prov.start_year, crcs);
  const h5::GroupProvenance about = group_provenance(prov);
  h5::write_file_attributes(f, "quasim result: scenario " + prov.scenario_name, prov.command_line,
                            "quasim " + std::string(kVersion) + " (git " + kGitCommit + ")");
  h5::write_group_provenance(f, about, "");
  write_axes(f, values, std::nullopt);  // the file-wide axes, for readers that want just them
  for (SeriesAxis axis : kSeriesAxes) write_series_group(f, axis, values, encoded, about);

  const auto any = [&](auto panel) {
    return std::any_of(shape.replicates.begin(), shape.replicates.end(),
                       [&](auto* r) { return !(r->*panel).empty(); });
  };
  const bool providers = any(&ReplicateResult::provider_panel);
  const bool citizens = any(&ReplicateResult::citizen_panel);
  if (providers || citizens) {
    Handle panels = create_group(f, "panels");
    h5::write_group_provenance(panels.get(), about,
                               "Panels: per-provider and per-citizen rows (output.provider_panel, "
                               "output.citizen_sample).");
    if (providers) write_provider_panel(panels.get(), shape, about, crcs);
    if (citizens) write_citizen_panel(panels.get(), shape, about, crcs);
  }

  write_provenance(f, prov, shape.replicates.size(), combine_checksums(crcs));
  check(H5Fflush(f, H5F_SCOPE_GLOBAL), "flushing " + file_path);
}

/// Makes the bytes durable before the rename publishes them, so a crash cannot leave a
/// truncated file under the final name.
void sync_file(const std::string& file_path) {
  const int fd = ::open(file_path.c_str(), O_RDONLY);
  if (fd < 0 || ::fsync(fd) != 0) {
    const std::string reason = std::strerror(errno);
    if (fd >= 0) ::close(fd);
    throw OutputError("cannot sync " + file_path + ": " + reason);
  }
  ::close(fd);
}

}  // namespace

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

void write_result_file(const std::string& path, const Provenance& prov,
                       const std::vector<ReplicateResult>& results) {
  const h5::QuietErrors quiet;
  check_output_file(path);  // before any work: never replace a device, FIFO or directory
  const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
  bool tmp_created = false;
  try {
    const Shape shape = shape_of(prov, results);
    const std::filesystem::path parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) {
      std::error_code ec;
      std::filesystem::create_directories(parent, ec);
      if (ec) throw OutputError("cannot create directory " + parent.string() + ": " + ec.message());
    }
    tmp_created = true;
    write_contents(tmp, prov, shape);  // every handle is closed when this returns or throws
    sync_file(tmp);
    if (std::rename(tmp.c_str(), path.c_str()) != 0)
      throw OutputError("cannot rename " + tmp + " to " + path + ": " + std::strerror(errno));
  } catch (const std::exception& e) {
    // unlink, not remove: never delete a directory that merely sits at the temporary name.
    if (tmp_created) ::unlink(tmp.c_str());
    throw OutputError("cannot write result file " + path + ": " + e.what());
  }
}

}  // namespace quasim
