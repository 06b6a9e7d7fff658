// output/cf_units.hpp — the CF (netCDF Climate and Forecast conventions) form of the units
// quasim writes. Every dataset's `units` attribute is a UDUNITS-2 string that a units library
// (udunits2, cf_units, pint via cf_xarray) parses; the words people read ("GBP million",
// "share (0-1)") stay in `units_label`. UDUNITS has no currencies, so money is a scaled
// dimensionless number ("1e6": millions) and its currency is the ISO 4217 code in a `currency`
// attribute (docs/OUTPUTS.md "Attributes" says why).
#pragma once

#include <span>
#include <string_view>

namespace quasim {

/// A units label and its CF form.
struct CfUnits {
  std::string_view label;     ///< as quasim writes it for people: "GBP million", "weeks"
  std::string_view udunits;   ///< UDUNITS-2: "1e6", "week", "year-1", "1" (dimensionless)
  std::string_view currency;  ///< ISO 4217 code where the quantity is money ("GBP"), else ""
};

/// The CF form of a units label. A label not in the table (see cf_units_table) is taken as
/// dimensionless: udunits "1", no currency; a test checks every label quasim writes is listed.
CfUnits cf_units(std::string_view label);

/// Whether `label` is in the table.
bool cf_units_known(std::string_view label);

/// Every label quasim writes (series, panels, axes, the parameter table) with its CF form.
std::span<const CfUnits> cf_units_table();

/// The file-level `Conventions` attribute of every HDF5 file quasim writes.
inline constexpr std::string_view kCfConventions = "CF-1.8";

}  // namespace quasim
