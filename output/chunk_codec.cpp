// output/chunk_codec.cpp — see chunk_codec.hpp.
#include "output/chunk_codec.hpp"

#include <zlib.h>

#include <stdexcept>
#include <string>

namespace quasim {

std::vector<std::uint8_t> shuffle_bytes(const void* data, std::size_t elements,
                                        std::size_t element_size) {
  const auto* in = static_cast<const std::uint8_t*>(data);
  std::vector<std::uint8_t> out(elements * element_size);
  for (std::size_t j = 0; j < element_size; ++j) {
    std::uint8_t* plane = out.data() + j * elements;
    for (std::size_t i = 0; i < elements; ++i) plane[i] = in[i * element_size + j];
  }
  return out;
}

std::vector<std::uint8_t> encode_chunk(const void* data, std::size_t elements,
                                       std::size_t element_size, int level) {
  const std::vector<std::uint8_t> shuffled = shuffle_bytes(data, elements, element_size);
  uLongf size = compressBound(static_cast<uLong>(shuffled.size()));
  std::vector<std::uint8_t> out(size);
  const int rc =
      compress2(out.data(), &size, shuffled.data(), static_cast<uLong>(shuffled.size()), level);
  if (rc != Z_OK) throw std::runtime_error("zlib compress2 failed (" + std::to_string(rc) + ")");
  out.resize(size);
  return out;
}

}  // namespace quasim
