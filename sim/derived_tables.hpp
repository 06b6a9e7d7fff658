// sim/derived_tables.hpp — building the constants derived from a parameter set.
#pragma once

#include "model/derived_tables.hpp"
#include "model/parameters.hpp"

namespace quasim {

/// The value map, allocation weights and a mortality table for each of `p.run.years` years.
DerivedTables derive_tables(const Parameters& p);

}  // namespace quasim
