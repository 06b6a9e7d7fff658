// output/content_checksum.hpp — one checksum over a result file's numbers, stored in
// /provenance@content_checksum by the writer and recomputed by every reader, so a part or a
// result changed after quasim wrote it (a value edited, a NaN injected, a dataset swapped) is
// caught. Every value is taken as float64 (the panels' integer columns too, exactly), in the
// writer's order: catalogue series, then panel columns. CRC-32 (zlib): integrity, not security.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace quasim {

/// The CRC-32 of one dataset: its path, shape and values.
std::uint32_t dataset_crc(std::string_view path, const std::vector<std::size_t>& shape,
                          const double* values, std::size_t n);

/// One dataset's CRC as text "crc32:xxxxxxxx" (each dataset's `checksum` attribute).
std::string crc_text(std::uint32_t crc);

/// Folds per-dataset CRCs, in order, into the file's checksum text "crc32:xxxxxxxx".
std::string combine_checksums(const std::vector<std::uint32_t>& crcs);

}  // namespace quasim
