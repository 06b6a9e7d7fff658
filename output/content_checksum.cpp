// output/content_checksum.cpp — see content_checksum.hpp.
#include "output/content_checksum.hpp"

#include <zlib.h>

#include <cstdio>

namespace quasim {
namespace {

uLong add_bytes(uLong crc, const void* data, std::size_t bytes) {
  const auto* p = static_cast<const Bytef*>(data);
  while (bytes > 0) {  // zlib takes at most a uInt per call
    const uInt n = static_cast<uInt>(std::min<std::size_t>(bytes, 1u << 30));
    crc = crc32(crc, p, n);
    p += n;
    bytes -= n;
  }
  return crc;
}

}  // namespace

std::uint32_t dataset_crc(std::string_view path, const std::vector<std::size_t>& shape,
                          const double* values, std::size_t n) {
  uLong crc = crc32(0L, Z_NULL, 0);
  crc = add_bytes(crc, path.data(), path.size());
  for (const std::size_t d : shape) {
    const std::uint64_t d64 = d;
    crc = add_bytes(crc, &d64, sizeof d64);
  }
  crc = add_bytes(crc, values, n * sizeof(double));
  return static_cast<std::uint32_t>(crc);
}

std::string crc_text(std::uint32_t crc) {
  char text[32];
  std::snprintf(text, sizeof text, "crc32:%08lx", static_cast<unsigned long>(crc));
  return text;
}

std::string combine_checksums(const std::vector<std::uint32_t>& crcs) {
  uLong crc = crc32(0L, Z_NULL, 0);
  crc = add_bytes(crc, crcs.data(), crcs.size() * sizeof(std::uint32_t));
  char text[32];
  std::snprintf(text, sizeof text, "crc32:%08lx", static_cast<unsigned long>(crc & 0xffffffffu));
  return text;
}

}  // namespace quasim
