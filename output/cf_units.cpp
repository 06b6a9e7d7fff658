// output/cf_units.cpp — the table of units labels and their UDUNITS-2 forms (see cf_units.hpp).
// Counts of people, events and things are dimensionless ("1", as CF writes counts); shares,
// indexes and ratios too. "year" is UDUNITS' year (365.2422 days): a quantity per simulated
// year is "year-1". Money has no UDUNITS unit: millions are "1e6", plain amounts "1", and the
// currency is a separate attribute. tests/output/series_catalogue_test.cpp checks every label
// of the catalogue and of the parameter table is listed here; tests/output/cf_test.py checks
// every form parses with udunits2.
#include "output/cf_units.hpp"

#include <array>

namespace quasim {
namespace {

constexpr std::array kTable = std::to_array<CfUnits>({
    // Series (output/series_catalogue.cpp).
    {"GBP million", "1e6", "GBP"},
    {"share (0-1)", "1", ""},
    {"share", "1", ""},
    {"index (0-1)", "1", ""},
    {"index (0-10000)", "1e-4", ""},  // HHI: 10000 x the sum of squared shares
    {"Gini coefficient (0-1)", "1", ""},
    {"count", "1", ""},
    {"persons", "1", ""},
    {"persons per year", "year-1", ""},
    {"persons/yr", "year-1", ""},
    {"weeks", "week", ""},
    {"bids per tender", "1", ""},
    {"ratio (1 = in-house cost before competition)", "1", ""},
    {"need-level-years averted per GBP million", "1e-6 year", "GBP"},
    {"need-level-years", "year", ""},
    {"need units", "1", ""},
    {"quality points (0-1 scale)", "1", ""},
    {"quality (0-1)", "1", ""},
    {"capacity units/yr (persons)", "year-1", ""},
    {"multiple of efficient in-house unit cost", "1", ""},
    // Axes, panels, index and comparison files.
    {"replicate number", "1", ""},
    {"calendar year", "1", ""},  // a label, not a CF time coordinate (no "since")
    {"name", "1", ""},
    {"years of age", "1", ""},  // the age-band names
    {"id", "1", ""},
    {"index into /provider_type", "1", ""},
    {"index into /commissioner", "1", ""},
    {"GBP", "1", "GBP"},
    {"GBP per year", "year-1", "GBP"},
    {"0 or 1", "1", ""},
    {"packed need levels", "1", ""},
    {"years", "year", ""},
    {"point number", "1", ""},
    {"share of runs (0-1)", "1", ""},
    {"index", "1", ""},
    // The parameter table (sim/parameter_table.cpp): units of swept parameters in /sweep.
    {"", "1", ""},
    {"-", "1", ""},
    {"0-1", "1", ""},
    {"1/yr", "year-1", ""},
    {"share/yr", "year-1", ""},
    {"index/yr", "year-1", ""},
    {"0-1 per year", "year-1", ""},
    {"x per year", "year-1", ""},
    {"1/yr per share", "year-1", ""},
    {"years/yr", "1", ""},
    {"years of turnover", "year", ""},
    {"years of value", "year", ""},
    {"years of cost", "year", ""},
    {"ratio", "1", ""},
    {"providers", "1", ""},
    {"commissioners", "1", ""},
    {"citizens", "1", ""},
    {"services", "1", ""},
    {"tenders", "1", ""},
    {"bids", "1", ""},
    {"runs", "1", ""},
    {"rounds", "1", ""},
    {"names", "1", ""},
    {"x", "1", ""},
    {"x in-house", "1", ""},
    {"x turnover", "1", ""},
    {"x service value", "1", ""},
    {"x margin", "1", ""},
    {"x in-house cost", "1", ""},
    {"x current price", "1", ""},
    {"log sd", "1", ""},
    {"sd", "1", ""},
    {"score", "1", ""},
    {"quality", "1", ""},
    {"quality sd", "1", ""},
    {"quality per unit", "1", ""},
    {"quality/share", "1", ""},
    {"engagement per unit", "1", ""},
    {"share per unit", "1", ""},
    {"per share", "1", ""},
    {"index per share", "1", ""},
    {"persons/agent", "1", ""},
    {"1/round", "1", ""},
    {"1/quality point", "1", ""},
    {"GBP/bid", "1", "GBP"},
    {"GBP/onset", "1", "GBP"},
    {"GBP/unit-yr", "year-1", "GBP"},
    {"GBP/GBP", "1", ""},
});

}  // namespace

CfUnits cf_units(std::string_view label) {
  for (const CfUnits& u : kTable)
    if (u.label == label) return u;
  return {label, "1", ""};
}

bool cf_units_known(std::string_view label) {
  for (const CfUnits& u : kTable)
    if (u.label == label) return true;
  return false;
}

std::span<const CfUnits> cf_units_table() {
  return kTable;
}

}  // namespace quasim
