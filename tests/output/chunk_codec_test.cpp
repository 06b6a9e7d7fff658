// tests/output/chunk_codec_test.cpp — the shuffle + deflate pipeline that replaces HDF5's own
// filters when chunks are compressed in parallel (files are read back by HDF5 in
// result_file_test; here, the byte layout and the round trip).
#include "output/chunk_codec.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstring>

namespace quasim {
namespace {

/// What an HDF5 reader does with a chunk: inflate, then undo the shuffle.
std::vector<std::uint8_t> decode_chunk(const std::vector<std::uint8_t>& encoded,
                                       std::size_t elements, std::size_t element_size) {
  std::vector<std::uint8_t> shuffled(elements * element_size);
  uLongf size = static_cast<uLongf>(shuffled.size());
  EXPECT_EQ(uncompress(shuffled.data(), &size, encoded.data(), static_cast<uLong>(encoded.size())),
            Z_OK);
  EXPECT_EQ(size, shuffled.size());
  std::vector<std::uint8_t> out(shuffled.size());
  for (std::size_t j = 0; j < element_size; ++j)
    for (std::size_t i = 0; i < elements; ++i)
      out[i * element_size + j] = shuffled[j * elements + i];
  return out;
}

TEST(ChunkCodec, ShuffleGroupsTheNthByteOfEveryValue) {
  const std::uint16_t values[3] = {0x0102, 0x0304, 0x0506};  // little-endian: 02 01 04 03 06 05
  const auto out = shuffle_bytes(values, 3, sizeof(std::uint16_t));
  const std::vector<std::uint8_t> expected = {0x02, 0x04, 0x06, 0x01, 0x03, 0x05};
  EXPECT_EQ(out, expected);
}

TEST(ChunkCodec, EncodeDecodeRoundTripsAndCompressesSmoothSeries) {
  std::vector<double> values(4096);
  for (std::size_t i = 0; i < values.size(); ++i)
    values[i] = 1e6 + 10.0 * static_cast<double>(i % 64);
  const auto encoded = encode_chunk(values.data(), values.size(), sizeof(double), 4);
  EXPECT_LT(encoded.size(), values.size() * sizeof(double) / 4);  // shuffled, smooth data shrinks
  const auto decoded = decode_chunk(encoded, values.size(), sizeof(double));
  ASSERT_EQ(decoded.size(), values.size() * sizeof(double));
  EXPECT_EQ(std::memcmp(decoded.data(), values.data(), decoded.size()), 0);
}

}  // namespace
}  // namespace quasim
