// tests/output/result_file_test.cpp — write a file from fabricated replicates, read it back;
// failed writes leave whatever was at the path byte for byte.
#include "output/result_file.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>

#include "output/content_checksum.hpp"
#include "output/detail/hdf5_handle.hpp"
#include "output/result_convert.hpp"
#include "output/result_reader.hpp"
#include "output/series_catalogue.hpp"
#include "sim/version.hpp"
#include "tests/output/fabricate.hpp"

namespace quasim {
namespace {

namespace fs = std::filesystem;

/// A fresh directory per test under QUASIM_TEST_TMP (ctest runs tests in parallel).
fs::path scratch_dir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  fs::path dir = fs::path(QUASIM_TEST_TMP) / "result_file" /
                 (std::string(info->test_suite_name()) + "." + info->name());
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string bytes_of(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

const DatasetData& dataset(const ResultFileContents& c, const std::string& path) {
  for (const auto& d : c.datasets)
    if (d.path == path) return d;
  throw std::runtime_error("no dataset " + path);
}

bool has_temporary_files(const fs::path& dir) {
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename().string().find(".tmp-") != std::string::npos) return true;
  return false;
}

TEST(ResultFile, RoundTripsEverySeriesWithShapeValuesAndUnits) {
  test::FixtureSpec spec;  // 5 replicates x 10 years x 4 commissioners x 3 domains
  auto results = test::fabricate_results(spec);
  std::swap(results[0], results[3]);  // the writer sorts by replicate number
  const auto path = scratch_dir() / "run.h5";
  write_result_file(path.string(), test::fabricate_provenance(spec), results);
  std::sort(results.begin(), results.end(),
            [](auto& a, auto& b) { return a.replicate < b.replicate; });

  const ResultFileContents c = read_result_file(path.string());
  ASSERT_EQ(c.datasets.size(), series_catalogue().size());
  for (const SeriesSpec& s : series_catalogue()) {
    const DatasetData& d =
        dataset(c, "/" + std::string(group_name(s.axis)) + "/" + std::string(s.name));
    const std::size_t k_size = s.axis == SeriesAxis::None              ? 1
                               : s.axis == SeriesAxis::ProviderType    ? kProviderTypes
                               : s.axis == SeriesAxis::Commissioner    ? 4
                               : s.axis == SeriesAxis::Domain          ? 3
                               : s.axis == SeriesAxis::DifficultyGroup ? 3
                               : s.axis == SeriesAxis::AgeBand         ? kAgeBands
                               : s.axis == SeriesAxis::Agency          ? 1
                                                                       : 0;
    std::vector<std::size_t> shape{5, 10};
    if (s.axis != SeriesAxis::None) shape.push_back(k_size);
    EXPECT_EQ(d.shape, shape) << d.path;
    EXPECT_EQ(d.units, s.units) << d.path;
    EXPECT_EQ(d.description, s.description) << d.path;
    std::size_t i = 0;
    for (const auto& rep : results)
      for (const auto& rec : rep.years)
        for (std::size_t k = 0; k < k_size; ++k, ++i)
          ASSERT_EQ(d.values[i], series_value(s, rec, static_cast<int>(k)))
              << d.path << " at " << i;
  }
}

TEST(ResultFile, MoreReplicatesThanOneChunkHoldsReadBackExactly) {
  // Chunks hold at most 1024 replicates: 1030 make a full chunk and a padded partial one, both
  // encoded by quasim (output/chunk_codec.hpp) and decoded here by HDF5's own filters.
  test::FixtureSpec spec;
  spec.replicates = 1030;
  spec.years = 2;
  spec.commissioners = 2;
  spec.domains = 1;
  const auto results = test::fabricate_results(spec);
  const auto path = scratch_dir() / "many.h5";
  write_result_file(path.string(), test::fabricate_provenance(spec), results);
  const ResultFileContents c = read_result_file(path.string());
  for (const SeriesSpec& s : series_catalogue()) {
    if (s.axis != SeriesAxis::Commissioner && s.axis != SeriesAxis::None) continue;
    const DatasetData& d =
        dataset(c, "/" + std::string(group_name(s.axis)) + "/" + std::string(s.name));
    const std::size_t k_size = s.axis == SeriesAxis::None ? 1 : 2;
    ASSERT_EQ(d.values.size(), 1030u * 2 * k_size) << d.path;
    std::size_t i = 0;
    for (const auto& rep : results)
      for (const auto& rec : rep.years)
        for (std::size_t k = 0; k < k_size; ++k, ++i)
          ASSERT_EQ(d.values[i], series_value(s, rec, static_cast<int>(k)))
              << d.path << " at " << i;
  }
}

/// All of a 1-D panel column, read by HDF5 (which decodes quasim's chunks with its own filters).
template <typename T>
std::vector<T> read_column(const fs::path& file, const char* path, hid_t memory_type) {
  h5::Handle f(H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  h5::Handle d(H5Dopen2(f.get(), path, H5P_DEFAULT), H5Dclose);
  h5::Handle space(H5Dget_space(d.get()), H5Sclose);
  std::vector<T> out(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.get())));
  EXPECT_GE(H5Dread(d.get(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()), 0) << path;
  return out;
}

TEST(ResultFile, PanelColumnsLongerThanOneChunkReadBackExactly) {
  // Panel chunks hold 65,536 rows: 700 replicates x 10 years x 10 sampled citizens = 70,000
  // rows make a full chunk and a padded partial one, for int32, float64 and uint16 columns.
  test::FixtureSpec spec;
  spec.replicates = 700;
  spec.panels = true;
  const auto results = test::fabricate_results(spec);
  const auto path = scratch_dir() / "panels.h5";
  write_result_file(path.string(), test::fabricate_provenance(spec), results);
  const auto age = read_column<std::int32_t>(path, "/panels/citizens/age", H5T_NATIVE_INT32);
  const auto outcome = read_column<double>(path, "/panels/citizens/outcome", H5T_NATIVE_DOUBLE);
  const auto needs = read_column<std::uint16_t>(path, "/panels/citizens/needs", H5T_NATIVE_UINT16);
  ASSERT_EQ(age.size(), 70000u);
  ASSERT_EQ(outcome.size(), 70000u);
  ASSERT_EQ(needs.size(), 70000u);
  std::size_t i = 0;
  for (const auto& rep : results)
    for (const auto& row : rep.citizen_panel) {
      ASSERT_EQ(age[i], row.age) << i;
      ASSERT_EQ(outcome[i], row.outcome) << i;
      ASSERT_EQ(needs[i], row.needs) << i;
      ++i;
    }
}

TEST(ResultFile, ProvenanceHoldsEveryFieldAndTheBuild) {
  test::FixtureSpec spec;
  Provenance prov = test::fabricate_provenance(spec);
  // Longer than HDF5's 64 KiB compact-attribute limit, and not ASCII.
  prov.scenario_text = "# Überprüfung – £ café\n" + std::string(100000, 'x');
  prov.overrides = "budget.change_early=-0.05\noutsourcing.lot_size=3";
  prov.seed = 1234567890123LL;
  const auto path = scratch_dir() / "run.h5";
  write_result_file(path.string(), prov, test::fabricate_results(spec));

  const auto p = read_result_file(path.string()).provenance;
  EXPECT_EQ(p.at("scenario_name"), "baseline");
  EXPECT_EQ(p.at("scenario_path"), "scenarios/baseline.toml");
  EXPECT_EQ(p.at("scenario_text"), prov.scenario_text);
  EXPECT_EQ(p.at("resolved_parameters"), prov.resolved_parameters);
  EXPECT_EQ(p.at("command_line"), prov.command_line);
  EXPECT_EQ(p.at("overrides"), prov.overrides);
  EXPECT_EQ(p.at("seed"), "1234567890123");
  EXPECT_EQ(p.at("replicates"), "5");
  EXPECT_EQ(p.at("replicates_completed"), "5");
  EXPECT_EQ(p.at("years"), "10");
  EXPECT_EQ(p.at("start_year"), "2010");
  EXPECT_EQ(p.at("quasim_version"), kVersion);
  EXPECT_EQ(p.at("git_commit"), kGitCommit);
  EXPECT_EQ(p.at("repository"), kRepositoryUrl);
  EXPECT_EQ(p.at("license"), "Apache-2.0");
  EXPECT_EQ(p.at("how_to_cite"), how_to_cite());
  EXPECT_TRUE(std::regex_match(p.at("hdf5_version"), std::regex(R"(\d+\.\d+\.\d+)")));
  EXPECT_FALSE(p.at("compiler").empty());
  EXPECT_TRUE(std::regex_match(p.at("created"), std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));
}

TEST(ResultFile, InterruptedRunRecordsTheReplicatesCompleted) {
  test::FixtureSpec spec;
  spec.replicates = 10;
  auto all = test::fabricate_results(spec);
  const std::vector<ReplicateResult> done{all[0], all[2], all[7]};
  const auto path = scratch_dir() / "partial.h5";
  write_result_file(path.string(), test::fabricate_provenance(spec), done);

  const auto c = read_result_file(path.string());
  EXPECT_EQ(c.provenance.at("replicates"), "10");
  EXPECT_EQ(c.provenance.at("replicates_completed"), "3");
  const auto& d = dataset(c, "/series/population");
  EXPECT_EQ(d.shape, (std::vector<std::size_t>{3, 10}));
  EXPECT_EQ(d.values[10], 2.0e6 + 2);  // replicate 2, year index 0
}

TEST(ResultFile, NoCompletedReplicatesStillDescribesTheRun) {
  test::FixtureSpec spec;
  const auto path = scratch_dir() / "empty.h5";
  write_result_file(path.string(), test::fabricate_provenance(spec), {});
  const auto c = read_result_file(path.string());
  EXPECT_EQ(c.provenance.at("replicates_completed"), "0");
  EXPECT_EQ(dataset(c, "/by_commissioner/budget").shape, (std::vector<std::size_t>{0, 10, 4}));
}

TEST(ResultFile, CreatesTheParentDirectory) {
  test::FixtureSpec spec;
  const auto path = scratch_dir() / "a" / "b" / "run.h5";
  write_result_file(path.string(), test::fabricate_provenance(spec), test::fabricate_results(spec));
  EXPECT_TRUE(fs::exists(path));
  EXPECT_FALSE(has_temporary_files(path.parent_path()));
}

TEST(ResultFile, ErrorMidWriteLeavesTheExistingFileByteIdentical) {
  test::FixtureSpec spec;
  const auto dir = scratch_dir();
  const auto path = dir / "run.h5";
  write_result_file(path.string(), test::fabricate_provenance(spec), test::fabricate_results(spec));
  const std::string before = bytes_of(path);

  // The last record of the last replicate is short of one commissioner: found while the
  // by_commissioner group is being written, long after the temporary file was created.
  auto broken = test::fabricate_results(spec);
  broken.back().years.back().comm_spending.pop_back();
  try {
    write_result_file(path.string(), test::fabricate_provenance(spec), broken);
    FAIL() << "expected OutputError";
  } catch (const OutputError& e) {
    EXPECT_EQ(std::string(e.what()),
              "cannot write result file " + path.string() +
                  ": replicate 4, year 2019: by_commissioner/spending has 3 values, expected 4");
  }
  EXPECT_EQ(bytes_of(path), before);
  EXPECT_FALSE(has_temporary_files(dir));
}

TEST(ResultFile, HdfCreateFailureLeavesTheExistingFileByteIdentical) {
  test::FixtureSpec spec;
  const auto dir = scratch_dir();
  const auto path = dir / "run.h5";
  write_result_file(path.string(), test::fabricate_provenance(spec), test::fabricate_results(spec));
  const std::string before = bytes_of(path);

  // A directory squatting on the temporary name makes H5Fcreate itself fail.
  const fs::path squatter = path.string() + ".tmp-" + std::to_string(::getpid());
  fs::create_directory(squatter);
  try {
    write_result_file(path.string(), test::fabricate_provenance(spec),
                      test::fabricate_results(spec));
    FAIL() << "expected OutputError";
  } catch (const OutputError& e) {
    const std::string msg = e.what();
    EXPECT_EQ(msg.rfind("cannot write result file " + path.string() + ": cannot create " +
                            squatter.string() + ": ",
                        0),
              0u)
        << msg;
  }
  EXPECT_EQ(bytes_of(path), before);
  EXPECT_TRUE(fs::is_directory(squatter));  // not ours to delete
}

TEST(ResultFile, UncreatableDirectoryIsAnOutputErrorNamingIt) {
  test::FixtureSpec spec;
  const auto dir = scratch_dir();
  std::ofstream(dir / "plain_file") << "not a directory";
  const auto path = dir / "plain_file" / "sub" / "run.h5";
  try {
    write_result_file(path.string(), test::fabricate_provenance(spec),
                      test::fabricate_results(spec));
    FAIL() << "expected OutputError";
  } catch (const OutputError& e) {
    EXPECT_NE(std::string(e.what()).find("cannot create directory " +
                                         (dir / "plain_file" / "sub").string()),
              std::string::npos)
        << e.what();
  }
}

TEST(ResultFile, InconsistentInputIsRejectedBeforeAnythingIsWritten) {
  test::FixtureSpec spec;
  const auto dir = scratch_dir();
  auto twice = test::fabricate_results(spec);
  twice[1].replicate = 0;
  EXPECT_THROW(
      {
        try {
          write_result_file((dir / "a.h5").string(), test::fabricate_provenance(spec), twice);
        } catch (const OutputError& e) {
          EXPECT_NE(std::string(e.what()).find("replicate 0 appears twice"), std::string::npos);
          throw;
        }
      },
      OutputError);

  Provenance prov = test::fabricate_provenance(spec);
  prov.commissioner_names.pop_back();
  EXPECT_THROW(
      {
        try {
          write_result_file((dir / "b.h5").string(), prov, test::fabricate_results(spec));
        } catch (const OutputError& e) {
          EXPECT_NE(std::string(e.what()).find(
                        "provenance names 3 commissioners but the year records hold 4"),
                    std::string::npos)
              << e.what();
          throw;
        }
      },
      OutputError);
  EXPECT_FALSE(fs::exists(dir / "a.h5"));
  EXPECT_FALSE(fs::exists(dir / "b.h5"));
  EXPECT_FALSE(has_temporary_files(dir));
}

TEST(ResultReader, MissingFileIsAnOutputErrorNamingIt) {
  const auto path = scratch_dir() / "nothing.h5";
  try {
    read_result_file(path.string());
    FAIL() << "expected OutputError";
  } catch (const OutputError& e) {
    EXPECT_EQ(std::string(e.what()), path.string() + ": no such file");
  }
}

TEST(ResultReader, ForeignFileIsAnOutputErrorNamingIt) {
  const auto path = scratch_dir() / "notes.h5";
  std::ofstream(path) << "just text";
  try {
    read_result_file(path.string());
    FAIL() << "expected OutputError";
  } catch (const OutputError& e) {
    EXPECT_EQ(std::string(e.what()),
              path.string() + ": not a quasim result file (not HDF5 at all)");
  }
}

// ---- the difficulty-group axis (result-file format 3) --------------------------------------

/// The message require_valid gives for a file's contents ("" when it has no problems).
std::string first_problem(const fs::path& path) {
  try {
    require_valid(read_result_file(path.string()), path.string());
  } catch (const OutputError& e) {
    return e.what();
  }
  return "";
}

/// Replaces the root axis /difficulty_group with these names.
void rewrite_group_axis(const fs::path& path, const std::vector<std::string>& names) {
  h5::Handle f(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose);
  ASSERT_GE(H5Ldelete(f.get(), "difficulty_group", H5P_DEFAULT), 0);
  const hsize_t n = names.size();
  h5::Handle type = h5::utf8_string_type();
  h5::Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose);
  h5::Handle set(H5Dcreate2(f.get(), "difficulty_group", type.get(), space.get(), H5P_DEFAULT,
                            H5P_DEFAULT, H5P_DEFAULT),
                 H5Dclose);
  std::vector<const char*> text;
  for (const auto& s : names) text.push_back(s.c_str());
  ASSERT_GE(H5Dwrite(set.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, text.data()), 0);
}

/// Replaces dataset `path` in the file with a float64 dataset of zeros of shape `dims`.
void replace_dataset(const fs::path& file, const char* path, const std::vector<hsize_t>& dims) {
  h5::Handle f(H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose);
  ASSERT_GE(H5Ldelete(f.get(), path, H5P_DEFAULT), 0);
  h5::Handle space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose);
  h5::Handle set(
      H5Dcreate2(f.get(), path, H5T_IEEE_F64LE, space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
      H5Dclose);
  ASSERT_GE(set.get(), 0);
}

TEST(ResultFile, DifficultyGroupsAreAnAxisWithTheirNames) {
  test::FixtureSpec spec;
  spec.groups = 3;
  const auto results = test::fabricate_results(spec);
  const auto path = scratch_dir() / "groups.h5";
  write_result_file(path.string(), test::fabricate_provenance(spec), results);

  const ResultFileContents c = read_result_file(path.string());
  EXPECT_TRUE(c.problems.empty()) << c.problems.front();
  EXPECT_EQ(c.format, kResultFormat);
  EXPECT_EQ(c.provenance.at("format_version"), std::to_string(kResultFormat));
  EXPECT_EQ(c.axes.difficulty_groups, (std::vector<std::string>{"easier", "typical", "hardest"}));
  const DatasetData& served = dataset(c, "/by_difficulty_group/service_received");
  EXPECT_EQ(served.shape, (std::vector<std::size_t>{5, 10, 3}));
  EXPECT_FALSE(served.absent);
  // replicate 2, year index 4, the hardest group
  EXPECT_EQ(served.values[(2 * 10 + 4) * 3 + 2], results[2].years[4].grp_service_received[2]);

  // Back to year records (merge, reproduce) and the group names into the provenance.
  const auto again = replicate_results(c, path.string());
  EXPECT_EQ(again[2].years[4].grp_service_received, results[2].years[4].grp_service_received);
  EXPECT_EQ(provenance_of(c, path.string()).difficulty_groups, c.axes.difficulty_groups);
}

TEST(ResultFile, OneDifficultyGroupAndNoneAreWrittenToo) {
  for (int groups : {1, 0}) {
    test::FixtureSpec spec;
    spec.groups = groups;
    const auto path = scratch_dir() / ("groups" + std::to_string(groups) + ".h5");
    write_result_file(path.string(), test::fabricate_provenance(spec),
                      test::fabricate_results(spec));
    const ResultFileContents c = read_result_file(path.string());
    EXPECT_TRUE(c.problems.empty()) << c.problems.front();
    EXPECT_EQ(c.axes.difficulty_groups.size(), static_cast<std::size_t>(groups));
    EXPECT_EQ(dataset(c, "/by_difficulty_group/people").shape,
              (std::vector<std::size_t>{5, 10, static_cast<std::size_t>(groups)}));
  }
}

TEST(ResultFile, GroupNamesThatDisagreeWithTheRecordsAreRefused) {
  test::FixtureSpec spec;
  Provenance prov = test::fabricate_provenance(spec);
  prov.difficulty_groups.pop_back();
  try {
    write_result_file((scratch_dir() / "a.h5").string(), prov, test::fabricate_results(spec));
    FAIL() << "expected OutputError";
  } catch (const OutputError& e) {
    EXPECT_NE(std::string(e.what()).find(
                  "provenance names 2 difficulty_groups but the year records hold 3"),
              std::string::npos)
        << e.what();
  }
}

TEST(ResultReader, AWrongLengthDifficultyGroupAxisIsRefusedInOneLine) {
  test::FixtureSpec spec;
  const auto path = scratch_dir() / "groups.h5";
  write_result_file(path.string(), test::fabricate_provenance(spec), test::fabricate_results(spec));
  rewrite_group_axis(path, {"easier", "hardest"});
  const std::string msg = first_problem(path);
  EXPECT_EQ(msg.rfind(path.string() +
                          ": /by_difficulty_group/people: has shape (5, 10, 3), expected (5, 10, "
                          "2) [replicate x year x difficulty_group] from the file's axes (and ",
                      0),
            0u)
      << msg;
  EXPECT_EQ(msg.find('\n'), std::string::npos);
}

TEST(ResultReader, ADifficultyGroupSeriesOfTheWrongShapeIsRefusedInOneLine) {
  test::FixtureSpec spec;
  const auto path = scratch_dir() / "groups.h5";
  write_result_file(path.string(), test::fabricate_provenance(spec), test::fabricate_results(spec));
  replace_dataset(path, "/by_difficulty_group/unmet_need", {5, 10, 2});
  EXPECT_EQ(first_problem(path),
            path.string() +
                ": /by_difficulty_group/unmet_need: has shape (5, 10, 2), expected (5, 10, 3) "
                "[replicate x year x difficulty_group] from the file's axes");
}

TEST(ResultReader, ACurrentFileWithoutTheDifficultyGroupAxisIsRefused) {
  test::FixtureSpec spec;
  const auto path = scratch_dir() / "groups.h5";
  write_result_file(path.string(), test::fabricate_provenance(spec), test::fabricate_results(spec));
  {
    h5::Handle f(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose);
    ASSERT_GE(H5Ldelete(f.get(), "difficulty_group", H5P_DEFAULT), 0);
  }
  EXPECT_EQ(first_problem(path),
            path.string() + ": /difficulty_group: missing (every result file has this axis)");
}

/// "/GROUP/NAME" of a series.
std::string series_path(const SeriesSpec& s) {
  std::string path = "/";
  path.append(group_name(s.axis)).append("/").append(s.name);
  return path;
}

/// Turns a file quasim wrote into what a quasim of format 2 wrote: no /difficulty_group, no
/// /by_difficulty_group, none of the series format 3 added, and the checksum of the rest.
void make_format_2(const fs::path& path) {
  const ResultFileContents full = read_result_file(path.string());
  std::vector<std::uint32_t> crcs;
  for (const auto* list : {&full.datasets, &full.panels})
    for (const DatasetData& d : *list) {
      bool added = false;
      for (const SeriesSpec& s : series_catalogue())
        added |= (s.since_format == 3 || s.axis == SeriesAxis::DifficultyGroup) &&
                 d.path == series_path(s);  // the whole group goes
      if (!added) crcs.push_back(dataset_crc(d.path, d.shape, d.values.data(), d.values.size()));
    }
  h5::Handle f(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose);
  for (const SeriesSpec& s : series_catalogue())
    if (s.since_format == 3 && s.axis != SeriesAxis::DifficultyGroup) {
      const std::string p = series_path(s);
      ASSERT_GE(H5Ldelete(f.get(), p.c_str(), H5P_DEFAULT), 0) << p;
    }
  ASSERT_GE(H5Ldelete(f.get(), "by_difficulty_group", H5P_DEFAULT), 0);
  ASSERT_GE(H5Ldelete(f.get(), "difficulty_group", H5P_DEFAULT), 0);
  h5::Handle prov(H5Gopen2(f.get(), "provenance", H5P_DEFAULT), H5Gclose);
  H5Adelete(prov.get(), "format_version");
  H5Adelete(prov.get(), "content_checksum");
  h5::write_int_attr(prov.get(), "format_version", 2);
  h5::write_string_attr(prov.get(), "content_checksum", combine_checksums(crcs));
}

TEST(ResultReader, AFileWrittenBeforeDifficultyGroupsReadsWithThoseSeriesAbsent) {
  test::FixtureSpec spec;
  const auto path = scratch_dir() / "old.h5";
  write_result_file(path.string(), test::fabricate_provenance(spec), test::fabricate_results(spec));
  make_format_2(path);

  const ResultFileContents c = read_result_file(path.string());
  EXPECT_TRUE(c.problems.empty()) << c.problems.front();
  EXPECT_EQ(c.format, 2);
  EXPECT_TRUE(c.axes.difficulty_groups.empty());
  ASSERT_EQ(c.datasets.size(), series_catalogue().size());  // still in catalogue order
  for (std::size_t i = 0; i < c.datasets.size(); ++i)
    EXPECT_EQ(c.datasets[i].absent, series_catalogue()[i].since_format == 3 ||
                                        series_catalogue()[i].axis == SeriesAxis::DifficultyGroup)
        << c.datasets[i].path;
  EXPECT_EQ(dataset(c, "/series/population").shape, (std::vector<std::size_t>{5, 10}));

  // Merge and reproduce rebuild year records: not from a file that lacks series.
  try {
    replicate_results(c, path.string());
    FAIL() << "expected OutputError";
  } catch (const OutputError& e) {
    EXPECT_EQ(std::string(e.what()),
              path.string() +
                  ": written in result-file format 2, before /series/waiting_list existed "
                  "(format 3); merge or rewrite it with the quasim version that wrote it");
  }
}

TEST(ResultReader, ACurrentFileMissingANewSeriesIsStillRefused) {
  test::FixtureSpec spec;
  const auto path = scratch_dir() / "new.h5";
  write_result_file(path.string(), test::fabricate_provenance(spec), test::fabricate_results(spec));
  {
    h5::Handle f(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose);
    ASSERT_GE(H5Ldelete(f.get(), "/by_difficulty_group/outcome_mean", H5P_DEFAULT), 0);
  }
  EXPECT_EQ(first_problem(path),
            path.string() +
                ": /by_difficulty_group/outcome_mean: missing (every result file has this "
                "series)");
}

}  // namespace
}  // namespace quasim
