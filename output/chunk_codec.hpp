// output/chunk_codec.hpp — HDF5's shuffle + deflate filter pipeline, done outside HDF5 so that
// the chunks of many datasets can be compressed in parallel and then written with
// H5Dwrite_chunk. HDF5 itself (Debian's build) runs its filters serially, one dataset at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace quasim {

/// Byte-transposes `elements` values of `element_size` bytes, as HDF5's shuffle filter does:
/// output byte j * elements + i is input byte i * element_size + j.
std::vector<std::uint8_t> shuffle_bytes(const void* data, std::size_t elements,
                                        std::size_t element_size);

/// Shuffles, then compresses with zlib at `level` (a zlib stream, as HDF5's deflate filter
/// writes it): one chunk, ready for H5Dwrite_chunk with filter mask 0.
std::vector<std::uint8_t> encode_chunk(const void* data, std::size_t elements,
                                       std::size_t element_size, int level);

}  // namespace quasim
