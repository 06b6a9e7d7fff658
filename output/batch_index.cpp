// output/batch_index.cpp — the batch index file.
#include "output/batch_index.hpp"

#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "output/hdf5_handle.hpp"
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

}  // namespace

void write_batch_index(const std::string& path, const Provenance& prov, const std::vector<BatchPoint>& points) {
  h5::QuietErrors quiet;
  const std::string tmp = path + ".tmp-" + std::to_string(getpid());
  try {
    {
      Handle file(check(H5Fcreate(tmp.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), "cannot create"),
                  H5Fclose);
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
      h5::write_int_attr(pv.get(), "seed", prov.seed);
      h5::write_int_attr(pv.get(), "points", static_cast<std::int64_t>(points.size()));
      Handle group(check(H5Gcreate2(file.get(), "points", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                         "creating /points"),
                   H5Gclose);
      for (std::size_t k = 0; k < points.size(); ++k) {
        const std::string name = point_name(k);
        const std::string target = fs::path(points[k].file).filename().string();
        check(H5Lcreate_external(target.c_str(), "/", group.get(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT),
              "linking " + name);
        h5::write_string_attr(group.get(), ("label_" + name).c_str(), points[k].label);
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
  if (H5Fis_hdf5(path.c_str()) <= 0) return false;
  Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (file.get() < 0) return false;
  const bool yes = H5Lexists(file.get(), "points", H5P_DEFAULT) > 0;
  H5Eclear2(H5E_DEFAULT);
  return yes;
}

std::vector<BatchPoint> batch_points(const std::string& path) {
  h5::QuietErrors quiet;
  Handle file(check(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), path + ": cannot open"), H5Fclose);
  Handle group(check(H5Gopen2(file.get(), "points", H5P_DEFAULT), path + ": no /points"), H5Gclose);
  std::vector<BatchPoint> out;
  for (std::size_t k = 0;; ++k) {
    const std::string name = point_name(k);
    if (H5Lexists(group.get(), name.c_str(), H5P_DEFAULT) <= 0) break;
    H5L_info_t info;
    check(H5Lget_info(group.get(), name.c_str(), &info, H5P_DEFAULT), "reading link " + name);
    std::vector<char> buf(info.u.val_size + 1);
    check(H5Lget_val(group.get(), name.c_str(), buf.data(), buf.size(), H5P_DEFAULT), "reading link " + name);
    const char* file_name = nullptr;
    const char* object = nullptr;
    unsigned flags = 0;
    check(H5Lunpack_elink_val(buf.data(), buf.size(), &flags, &file_name, &object), "reading link " + name);
    BatchPoint p;
    p.file = (fs::path(path).parent_path() / file_name).string();
    out.push_back(p);
  }
  H5Eclear2(H5E_DEFAULT);
  return out;
}

}  // namespace quasim
