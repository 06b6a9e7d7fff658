// tests/output/chunk_codec_test.cpp — the shuffle + deflate pipeline that replaces HDF5's own
// filters when chunks are compressed in parallel (files are read back by HDF5 in
// result_file_test; here, the byte layout and the round trip).
#include "output/chunk_codec.hpp"

#include <gtest/gtest.h>

#include <cstring>

namespace quasim {
namespace {

TEST(ChunkCodec, ShuffleGroupsTheNthByteOfEveryValue) {
  const std::uint16_t values[3] = {0x0102, 0x0304, 0x0506};  // little-endian: 02 01 04 03 06 05
  const auto out = shuffle_bytes(values, 3, sizeof(std::uint16_t));
  const std::vector<std::uint8_t> expected = {0x02, 0x04, 0x06, 0x01, 0x03, 0x05};
  EXPECT_EQ(out, expected);
}

TEST(ChunkCodec, EncodeDecodeRoundTripsAndCompressesSmoothSeries) {
  std::vector<double> values(4096);
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = 1e6 + 10.0 * static_cast<double>(i % 64);
  const auto encoded = encode_chunk(values.data(), values.size(), sizeof(double), 4);
  EXPECT_LT(encoded.size(), values.size() * sizeof(double) / 4);  // shuffled, smooth data shrinks
  const auto decoded = decode_chunk(encoded, values.size(), sizeof(double));
  ASSERT_EQ(decoded.size(), values.size() * sizeof(double));
  EXPECT_EQ(std::memcmp(decoded.data(), values.data(), decoded.size()), 0);
}

}  // namespace
}  // namespace quasim
