// output/series_words.hpp — the plain words a reader sees for each output series: a label in
// everyday English, which direction of change is better, and the kind of number (how it is
// formatted). Kept beside the series catalogue, keyed by series name: a name means the same
// thing in every group (unmet_need nationally, by commissioner, by domain). Exported for Python
// as output/series_catalogue.json (`quasim info --catalogue --json`), so C++ and the charts and
// reports share one source.
#pragma once

#include <string_view>

namespace quasim {

/// Which way a series should move for the public to be better off; Neither for counts of
/// events and policy levers (more tenders is not better or worse in itself).
enum class Better { Higher, Lower, Neither };

struct SeriesWords {
  std::string_view name;   ///< series name (as in the catalogue)
  std::string_view label;  ///< plain-language label, sentence case, no units
  Better better;
};

/// The words for a series name; nullptr for a name without words (a test checks none lacks them).
const SeriesWords* series_words(std::string_view name);

/// "higher", "lower" or "neither".
std::string_view better_name(Better b);

/// How a number in these units is formatted for people: "money" (GBP million), "share" (a
/// fraction shown as a percentage; differences in percentage points), "score" (a 0-1 index),
/// "count" (whole numbers: people, events, need units, the 0-10000 concentration index),
/// "weeks", or "ratio" (anything else: a few significant figures).
std::string_view value_kind(std::string_view units);

}  // namespace quasim
