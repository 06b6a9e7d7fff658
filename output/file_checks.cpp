// output/file_checks.cpp — see file_checks.hpp.
#include "output/file_checks.hpp"

#include <sys/stat.h>

#include <filesystem>

#include "output/result_file.hpp"

namespace quasim {
namespace {

std::string kind_of(const struct stat& st) {
  if (S_ISREG(st.st_mode)) return "a regular file";
  if (S_ISDIR(st.st_mode)) return "a directory";
  if (S_ISFIFO(st.st_mode)) return "a FIFO";
  if (S_ISCHR(st.st_mode)) return "a character device";
  if (S_ISBLK(st.st_mode)) return "a block device";
  if (S_ISSOCK(st.st_mode)) return "a socket";
  return "not a file";
}

}  // namespace

std::string file_kind(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return "missing";
  return kind_of(st);
}

void check_input_file(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw OutputError(path + ": no such file");
  if (!S_ISREG(st.st_mode)) throw OutputError(path + ": not a regular file (" + kind_of(st) + ")");
}

void check_output_file(const std::string& path) {
  if (path.empty()) throw OutputError("empty output path: expected a .h5 file name");
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode))
    throw OutputError(path + ": is " + kind_of(st) +
                      "; quasim writes results only to regular files");
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty() && ::stat(parent.c_str(), &st) == 0 && !S_ISDIR(st.st_mode))
    throw OutputError(path + ": its folder " + parent.string() + " is " + kind_of(st) +
                      ", not a directory");
}

void check_output_directory(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !S_ISDIR(st.st_mode))
    throw OutputError(path + ": is " + kind_of(st) + ", expected a directory");
}

std::string safe_file_stem(const std::string& name) {
  std::string out;
  for (const unsigned char c : name)
    out += (c == '/' || c == '\\' || c < 0x20 || c == 0x7f) ? '_' : static_cast<char>(c);
  const auto first = out.find_first_not_of(". ");
  out = first == std::string::npos ? std::string() : out.substr(first);
  return out.empty() ? "scenario" : out;
}

}  // namespace quasim
