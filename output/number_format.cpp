// output/number_format.cpp — see number_format.hpp.
#include "output/number_format.hpp"

#include <cmath>
#include <cstdio>

namespace quasim {

std::string format_number(double v) {
  if (std::isnan(v)) return "n/a";
  char buf[32];
  const double a = std::fabs(v);
  if (a >= 1e7 || (a > 0 && a < 1e-3))
    std::snprintf(buf, sizeof buf, "%.3g", v);
  else if (a >= 1000)
    std::snprintf(buf, sizeof buf, "%.0f", v);
  else if (a >= 100)
    std::snprintf(buf, sizeof buf, "%.1f", v);
  else if (a >= 1)
    std::snprintf(buf, sizeof buf, "%.2f", v);
  else
    std::snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

}  // namespace quasim
