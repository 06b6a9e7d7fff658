// cli/json_text.hpp — JSON text for the commands that print or write it (progress lines,
// `status --json`, the series catalogue, RO-Crate metadata): one escaping rule for all.
#pragma once

#include <string>
#include <string_view>

namespace quasim {

/// `text` as a JSON string literal, quotes included (quotes, backslashes and control characters
/// escaped).
std::string json_string(std::string_view text);

}  // namespace quasim
