// output/number_format.hpp — the one way a number is written for a person to read (the summary
// table, `quasim info`). output/quasim_format.py is its Python counterpart for charts, the HTML
// report and the calibration table.
#pragma once

#include <string>

namespace quasim {

/// Few significant digits, no exponent for everyday magnitudes: 1234, 56.7, 0.123, 0.00456;
/// "n/a" for NaN (a series no replicate reached).
std::string format_number(double v);

}  // namespace quasim
