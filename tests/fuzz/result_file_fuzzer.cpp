// tests/fuzz/result_file_fuzzer.cpp — libFuzzer target for the result-file reader (info,
// reproduce, merge, batch resume). Structure-aware: the input does not become the file's bytes
// (that would fuzz HDF5's own parser); it drives edits, through the HDF5 API, of a valid file
// quasim wrote — datasets deleted, reshaped, retyped, refilled with NaN; groups where datasets
// belong; soft and external links, loops included; provenance attributes removed, retyped or
// set to nonsense; a /points group that makes it look like a batch index. Reading the result
// must then either work or throw OutputError; any other exception, a crash, a sanitizer report,
// a hang or runaway memory is a finding (keep the input in tests/fuzz/result_regressions/).
#include <fuzzer/FuzzedDataProvider.h>
#include <hdf5.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "output/batch_index.hpp"
#include "output/result_convert.hpp"
#include "output/result_file.hpp"
#include "output/result_reader.hpp"
#include "output/series_catalogue.hpp"

namespace fs = std::filesystem;
using namespace quasim;

namespace {

fs::path g_dir, g_base, g_work;

/// A small, complete result: 2 replicates x 3 years, 2 commissioners, 2 domains, 3 difficulty
/// groups, both panels.
void write_base_file() {
  Provenance prov;
  prov.scenario_name = "fuzz";
  prov.scenario_path = "fuzz.toml";
  prov.scenario_text = "name = \"fuzz\"\n";
  prov.resolved_parameters = "[run]\nyears = 3\n";
  prov.command_line = "quasim run fuzz.toml";
  prov.seed = 42;
  prov.replicates = 2;
  prov.years = 3;
  prov.start_year = 2020;
  prov.commissioner_names = {"north", "south"};
  prov.domain_names = {"care", "health"};
  prov.difficulty_groups = {"easier", "typical", "hardest"};
  std::vector<ReplicateResult> results(2);
  for (int r = 0; r < 2; ++r) {
    results[r].replicate = r;
    for (int y = 0; y < 3; ++y) {
      YearRecord rec;
      rec.spending_total = 100 + r + y;
      rec.unmet_need = 0.1 * y;
      rec.population = 1000;
      for (auto* v :
           {&rec.comm_budget, &rec.comm_spending, &rec.comm_funding_gap, &rec.comm_in_house_share,
            &rec.comm_unmet_need, &rec.comm_outcome_mean, &rec.comm_capability,
            &rec.comm_insourcing_events, &rec.comm_emergency_funding, &rec.comm_waiting_list,
            &rec.comm_waiting_time_mean, &rec.comm_waiting_time_p90,
            &rec.comm_capacity_utilisation})
        v->assign(2, 0.5 + y);
      for (auto* v : {&rec.dom_spending, &rec.dom_unmet_need, &rec.dom_outcome_mean,
                      &rec.dom_demand, &rec.dom_waiting_list, &rec.dom_waiting_time_mean,
                      &rec.dom_waiting_time_p90, &rec.dom_capacity_utilisation})
        v->assign(2, 0.25 * y);
      for (auto* v :
           {&rec.grp_people, &rec.grp_service_received, &rec.grp_unmet_need, &rec.grp_waiting_list,
            &rec.grp_waiting_time_mean, &rec.grp_outcome_mean, &rec.grp_resolution_rate})
        v->assign(3, 0.125 * y);
      for (const SeriesSpec& s : series_catalogue())  // every other per-entity series
        if (s.by_entity && (rec.*s.by_entity).empty())
          (rec.*s.by_entity)
              .assign(s.axis == SeriesAxis::AgeBand           ? kAgeBands
                      : s.axis == SeriesAxis::Agency          ? 1
                      : s.axis == SeriesAxis::DifficultyGroup ? 3
                                                              : 2,
                      0.5 * y);
      results[r].years.push_back(rec);
      results[r].provider_panel.push_back({y, 1, 0, 1.0, 1.0, 0.7, 0.6, 100.0, 2, 1});
      results[r].citizen_panel.push_back({y, 7, 1, 40 + y, 0.9, 0.5, 0.4, 3});
    }
  }
  write_result_file(g_base.string(), prov, results);
}

/// Every object's path in the file (sorted, so an input means the same edit every time).
std::vector<std::string> object_paths(hid_t file) {
  std::vector<std::string> paths;
  H5Ovisit(
      file, H5_INDEX_NAME, H5_ITER_INC,
      [](hid_t, const char* name, const H5O_info_t*, void* out) -> herr_t {
        if (std::string(name) != ".")
          static_cast<std::vector<std::string>*>(out)->push_back("/" + std::string(name));
        return 0;
      },
      &paths);
  std::sort(paths.begin(), paths.end());
  return paths;
}

std::string pick(FuzzedDataProvider& in, const std::vector<std::string>& from) {
  if (from.empty()) return "/series/unmet_need";
  return from[in.ConsumeIntegralInRange<std::size_t>(0, from.size() - 1)];
}

hid_t pick_type(FuzzedDataProvider& in) {
  switch (in.ConsumeIntegralInRange(0, 7)) {
    case 0:
      return H5T_NATIVE_DOUBLE;
    case 1:
      return H5T_NATIVE_FLOAT;
    case 2:
      return H5T_NATIVE_INT32;
    case 3:
      return H5T_NATIVE_INT64;
    case 4:
      return H5T_NATIVE_UINT16;
    case 5:
      return H5T_NATIVE_UINT8;
    case 6:
      return H5T_NATIVE_UINT64;
    default:
      return -1;  // a fixed-length string
  }
}

/// Replaces the object at `path` with a dataset of a random rank, shape, type and contents;
/// sometimes chunked with a huge shape and no data written (a tiny file claiming 10^12 values).
void replace_with_dataset(hid_t file, const std::string& path, FuzzedDataProvider& in) {
  H5Ldelete(file, path.c_str(), H5P_DEFAULT);
  const int rank = in.ConsumeIntegralInRange(0, 3);
  const bool huge = in.ConsumeBool() && in.ConsumeBool();
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  hsize_t n = 1;
  for (auto& d : dims) {
    d = huge ? in.ConsumeIntegralInRange<hsize_t>(0, 1u << 20)
             : in.ConsumeIntegralInRange<hsize_t>(0, 6);
    n *= d;
  }
  hid_t type = pick_type(in);
  const bool string_type = type < 0;
  if (string_type) {
    type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, in.ConsumeIntegralInRange<std::size_t>(1, 16));
  }
  const hid_t space =
      rank == 0 ? H5Screate(H5S_SCALAR) : H5Screate_simple(rank, dims.data(), nullptr);
  const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
  if (huge && rank > 0) {
    std::vector<hsize_t> chunk(dims.size());
    for (std::size_t i = 0; i < dims.size(); ++i)
      chunk[i] = std::max<hsize_t>(1, std::min<hsize_t>(dims[i], 64));
    H5Pset_chunk(dcpl, rank, chunk.data());
  }
  const hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
  H5Pset_create_intermediate_group(lcpl, 1);
  const hid_t ds = H5Dcreate2(file, path.c_str(), type, space, lcpl, dcpl, H5P_DEFAULT);
  if (ds >= 0 && !huge && n > 0) {
    std::vector<std::uint8_t> bytes(n * H5Tget_size(type));
    const auto given = in.ConsumeBytes<std::uint8_t>(bytes.size());
    std::copy(given.begin(), given.end(), bytes.begin());
    H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, bytes.data());
  }
  if (ds >= 0 && in.ConsumeBool()) {  // units and description, sometimes of the wrong type
    const hid_t aspace = H5Screate(H5S_SCALAR);
    const hid_t a = H5Acreate2(ds, in.ConsumeBool() ? "units" : "description", H5T_NATIVE_INT,
                               aspace, H5P_DEFAULT, H5P_DEFAULT);
    const int v = in.ConsumeIntegral<int>();
    if (a >= 0) H5Awrite(a, H5T_NATIVE_INT, &v), H5Aclose(a);
    H5Sclose(aspace);
  }
  if (ds >= 0) H5Dclose(ds);
  H5Pclose(lcpl);
  H5Pclose(dcpl);
  H5Sclose(space);
  if (string_type) H5Tclose(type);
}

/// Overwrites an existing numeric dataset's values in place (NaN, infinities, anything).
void refill(hid_t file, const std::string& path, FuzzedDataProvider& in) {
  const hid_t ds = H5Dopen2(file, path.c_str(), H5P_DEFAULT);
  if (ds < 0) return;
  const hid_t space = H5Dget_space(ds);
  const hssize_t n = H5Sget_simple_extent_npoints(space);
  if (n > 0 && n < (1 << 16)) {
    std::vector<double> v(static_cast<std::size_t>(n));
    for (double& x : v) {
      switch (in.ConsumeIntegralInRange(0, 3)) {
        case 0:
          x = std::numeric_limits<double>::quiet_NaN();
          break;
        case 1:
          x = std::numeric_limits<double>::infinity();
          break;
        case 2:
          x = in.ConsumeFloatingPoint<double>();
          break;
        default:
          x = static_cast<double>(in.ConsumeIntegral<std::int32_t>());
          break;
      }
    }
    H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data());
  }
  H5Sclose(space);
  H5Dclose(ds);
}

const char* const kProvenanceKeys[] = {"quasim_version",
                                       "format_version",
                                       "content_checksum",
                                       "replicates",
                                       "replicates_completed",
                                       "years",
                                       "start_year",
                                       "seed",
                                       "partial",
                                       "missing",
                                       "batch_point",
                                       "batch_points",
                                       "batch_plan",
                                       "kind",
                                       "scenario_name",
                                       "resolved_parameters",
                                       "commissioner_names",
                                       "domain_names",
                                       "git_commit"};

/// Sets (or replaces) a /provenance attribute with text, an integer, a float or an array.
void set_provenance(hid_t file, FuzzedDataProvider& in) {
  const hid_t prov = H5Gopen2(file, "/provenance", H5P_DEFAULT);
  if (prov < 0) return;
  const char* key =
      kProvenanceKeys[in.ConsumeIntegralInRange<std::size_t>(0, std::size(kProvenanceKeys) - 1)];
  H5Adelete(prov, key);
  if (in.ConsumeBool()) {  // deleted only
    H5Gclose(prov);
    return;
  }
  const int kind = in.ConsumeIntegralInRange(0, 3);
  const hsize_t count = kind == 3 ? in.ConsumeIntegralInRange<hsize_t>(0, 5) : 1;
  const hid_t space = kind == 3 ? H5Screate_simple(1, &count, nullptr) : H5Screate(H5S_SCALAR);
  if (kind == 0) {
    const std::string text = in.ConsumeRandomLengthString(80);
    const hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, std::max<std::size_t>(1, text.size()));
    const hid_t a = H5Acreate2(prov, key, type, space, H5P_DEFAULT, H5P_DEFAULT);
    std::string padded = text;
    padded.resize(std::max<std::size_t>(1, text.size()), '\0');
    if (a >= 0) H5Awrite(a, type, padded.data()), H5Aclose(a);
    H5Tclose(type);
  } else if (kind == 1 || kind == 3) {
    std::vector<std::int64_t> v(count);
    for (auto& x : v) x = in.ConsumeIntegral<std::int64_t>();
    const hid_t a = H5Acreate2(prov, key, H5T_NATIVE_INT64, space, H5P_DEFAULT, H5P_DEFAULT);
    if (a >= 0) H5Awrite(a, H5T_NATIVE_INT64, v.data()), H5Aclose(a);
  } else {
    const double v = in.ConsumeBool() ? std::numeric_limits<double>::quiet_NaN()
                                      : in.ConsumeFloatingPoint<double>();
    const hid_t a = H5Acreate2(prov, key, H5T_NATIVE_DOUBLE, space, H5P_DEFAULT, H5P_DEFAULT);
    if (a >= 0) H5Awrite(a, H5T_NATIVE_DOUBLE, &v), H5Aclose(a);
  }
  H5Sclose(space);
  H5Gclose(prov);
}

/// A soft link (to another object, itself or nowhere) or an external link (to this very file,
/// a loop, or to a file that is not there) where an object was.
void replace_with_link(hid_t file, const std::string& path, const std::vector<std::string>& paths,
                       FuzzedDataProvider& in) {
  H5Ldelete(file, path.c_str(), H5P_DEFAULT);
  const std::string target = in.ConsumeBool() ? path : pick(in, paths);
  switch (in.ConsumeIntegralInRange(0, 2)) {
    case 0:
      H5Lcreate_soft(target.c_str(), file, path.c_str(), H5P_DEFAULT, H5P_DEFAULT);
      break;
    case 1:
      H5Lcreate_external(g_work.filename().c_str(), target.c_str(), file, path.c_str(), H5P_DEFAULT,
                         H5P_DEFAULT);
      break;
    default:
      H5Lcreate_external("absent.h5", target.c_str(), file, path.c_str(), H5P_DEFAULT, H5P_DEFAULT);
      break;
  }
}

/// Makes the file look like a batch index: /points/pNNN external links to this file, to a
/// file outside the folder, to nothing, or soft links.
void add_points(hid_t file, FuzzedDataProvider& in) {
  const hid_t points = H5Gcreate2(file, "/points", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  if (points < 0) return;
  const int n = in.ConsumeIntegralInRange(0, 4);
  for (int i = 0; i < n; ++i) {
    const std::string name = "p" + std::to_string(in.ConsumeIntegralInRange(0, 1200));
    static const char* const kFiles[] = {"work.h5", "../work.h5", "/etc/passwd", "absent.h5", ""};
    const char* target = kFiles[in.ConsumeIntegralInRange<std::size_t>(0, std::size(kFiles) - 1)];
    if (in.ConsumeBool())
      H5Lcreate_external(target, in.ConsumeBool() ? "/" : "/points", points, name.c_str(),
                         H5P_DEFAULT, H5P_DEFAULT);
    else
      H5Lcreate_soft(in.ConsumeBool() ? "/points" : "/series", points, name.c_str(), H5P_DEFAULT,
                     H5P_DEFAULT);
  }
  H5Gclose(points);
}

void edit(FuzzedDataProvider& in) {
  const hid_t file = H5Fopen(g_work.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  if (file < 0) std::abort();  // the copy of a file quasim wrote must open
  const int edits = in.ConsumeIntegralInRange(0, 6);
  for (int e = 0; e < edits && in.remaining_bytes() > 0; ++e) {
    const std::vector<std::string> paths = object_paths(file);
    const std::string path = pick(in, paths);
    switch (in.ConsumeIntegralInRange(0, 6)) {
      case 0:
        H5Ldelete(file, path.c_str(), H5P_DEFAULT);
        break;
      case 1:
        replace_with_dataset(file, path, in);
        break;
      case 2:
        refill(file, path, in);
        break;
      case 3:
        set_provenance(file, in);
        break;
      case 4:
        H5Ldelete(file, path.c_str(), H5P_DEFAULT);
        if (hid_t g = H5Gcreate2(file, path.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT); g >= 0)
          H5Gclose(g);
        break;
      case 5:
        replace_with_link(file, path, paths, in);
        break;
      default:
        add_points(file, in);
        break;
    }
  }
  H5Fclose(file);
}

/// What info, reproduce, merge and batch resume do with a file.
void read_like_the_cli(const std::string& path) {
  try {
    if (is_batch_index(path)) (void)batch_points(path);
  } catch (const OutputError&) {
  }
  try {
    const ResultFileContents c = read_result_file(path);
    (void)provenance_text(c, "scenario_name");
    try {
      (void)provenance_int(c, path, "replicates");
      (void)provenance_int(c, path, "replicates_completed", 0);
    } catch (const OutputError&) {
    }
    try {
      (void)provenance_of(c, path);
    } catch (const OutputError&) {
    }
    require_valid(c, path);
    (void)replicate_results(c, path);
  } catch (const OutputError&) {
    // the expected way to reject a bad file
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // the edits fail often, by design, and quietly
  char tmpl[] = "/tmp/quasim-result-fuzz-XXXXXX";
  if (!mkdtemp(tmpl)) std::abort();
  g_dir = tmpl;
  g_base = g_dir / "base.h5";
  g_work = g_dir / "work.h5";
  write_base_file();
  // The unedited file must read cleanly, or the fuzzer would only ever see rejections.
  const ResultFileContents c = read_result_file(g_base.string());
  require_valid(c, g_base.string());
  std::atexit([] {
    std::error_code ec;
    fs::remove_all(g_dir, ec);
  });
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  fs::copy_file(g_base, g_work, fs::copy_options::overwrite_existing);
  edit(in);
  read_like_the_cli(g_work.string());
  return 0;
}
