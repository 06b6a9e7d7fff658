// output/detail/hdf5_handle.hpp — private to output/*.cpp, the only code that speaks HDF5
// (result_file, result_reader, batch_index): an owning handle, and HDF5's error stack turned
// into OutputError. No public header of output/ includes this (ctest layout.hdf5_boundary).
// Not thread-safe (Debian's HDF5 is built without its global lock): use from one thread.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <string>
#include <utility>

#include "output/result_file.hpp"

namespace quasim::h5 {

/// Owns one HDF5 identifier and closes it with the matching H5?close.
class Handle {
 public:
  Handle() = default;
  Handle(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle(Handle&& o) noexcept : id_(std::exchange(o.id_, -1)), close_(o.close_) {}
  Handle& operator=(Handle&& o) noexcept {
    std::swap(id_, o.id_);
    std::swap(close_, o.close_);
    return *this;
  }
  ~Handle() {
    if (id_ >= 0 && close_) close_(id_);
  }
  hid_t get() const { return id_; }

 private:
  hid_t id_ = -1;
  herr_t (*close_)(hid_t) = nullptr;
};

/// The innermost message on HDF5's error stack (the one that names the real cause), then clears it.
inline std::string error_message() {
  std::string innermost;
  H5Ewalk2(
      H5E_DEFAULT, H5E_WALK_DOWNWARD,
      [](unsigned, const H5E_error2_t* e, void* out) -> herr_t {
        if (e->desc && *e->desc) *static_cast<std::string*>(out) = e->desc;
        return 0;
      },
      &innermost);
  H5Eclear2(H5E_DEFAULT);
  if (innermost.empty()) return "HDF5 error";
  // HDF5's low-level messages span lines and list buffers and offsets: keep one line, and
  // from a failed write just the system's reason ("No space left on device").
  const auto said = innermost.find("error message = '");
  if (said != std::string::npos) {
    const auto from = said + 17, to = innermost.find('\'', from);
    return "file write failed: " +
           innermost.substr(from, to == std::string::npos ? std::string::npos : to - from);
  }
  for (char& c : innermost)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return innermost;
}

/// The path of an open object inside its file, e.g. "/panels/providers".
inline std::string object_path(hid_t obj) {
  const ssize_t n = H5Iget_name(obj, nullptr, 0);
  if (n <= 0) return "";
  std::string out(static_cast<std::size_t>(n) + 1, '\0');
  H5Iget_name(obj, out.data(), out.size());
  out.resize(static_cast<std::size_t>(n));
  return out;
}

/// Returns `id` if it is valid; otherwise throws OutputError("<what>: <HDF5's reason>").
inline hid_t check(hid_t id, const std::string& what) {
  if (id < 0) throw OutputError(what + ": " + error_message());
  return id;
}

/// Silences HDF5's own printing to stderr for its lifetime (errors become OutputError instead).
class QuietErrors {
 public:
  QuietErrors() {
    H5Eget_auto2(H5E_DEFAULT, &func_, &data_);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  }
  QuietErrors(const QuietErrors&) = delete;
  QuietErrors& operator=(const QuietErrors&) = delete;
  ~QuietErrors() { H5Eset_auto2(H5E_DEFAULT, func_, data_); }

 private:
  H5E_auto2_t func_ = nullptr;
  void* data_ = nullptr;
};

/// Variable-length UTF-8 string type, as every string in a result file is stored.
inline Handle utf8_string_type() {
  Handle t(check(H5Tcopy(H5T_C_S1), "creating a string type"), H5Tclose);
  H5Tset_size(t.get(), H5T_VARIABLE);
  H5Tset_cset(t.get(), H5T_CSET_UTF8);
  return t;
}

/// A scalar UTF-8 string attribute `name` = `value` on `obj`.
inline void write_string_attr(hid_t obj, const char* name, const std::string& value) {
  Handle type = utf8_string_type();
  Handle space(check(H5Screate(H5S_SCALAR), "creating a dataspace"), H5Sclose);
  Handle attr(check(H5Acreate2(obj, name, type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
                    std::string("creating attribute ") + name),
              H5Aclose);
  const char* text = value.c_str();
  check(H5Awrite(attr.get(), type.get(), &text), std::string("writing attribute ") + name);
}

/// A scalar little-endian 64-bit integer attribute `name` = `value` on `obj`.
inline void write_int_attr(hid_t obj, const char* name, std::int64_t value) {
  Handle space(check(H5Screate(H5S_SCALAR), "creating a dataspace"), H5Sclose);
  Handle attr(check(H5Acreate2(obj, name, H5T_STD_I64LE, space.get(), H5P_DEFAULT, H5P_DEFAULT),
                    std::string("creating attribute ") + name),
              H5Aclose);
  check(H5Awrite(attr.get(), H5T_NATIVE_INT64, &value), std::string("writing attribute ") + name);
}

}  // namespace quasim::h5
