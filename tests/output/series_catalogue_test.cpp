// tests/output/series_catalogue_test.cpp — the catalogue is the user contract for series names:
// every YearRecord field has exactly one row, and every row explains itself.
#include "output/series_catalogue.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "output/cf_units.hpp"
#include "output/series_words.hpp"
#include "sim/parameter_table.hpp"

namespace quasim {
namespace {

const SeriesSpec* find(SeriesAxis axis, std::string_view name) {
  for (const auto& s : series_catalogue())
    if (s.axis == axis && s.name == name) return &s;
  return nullptr;
}

TEST(SeriesCatalogue, HasTheContractedNames) {
  for (const char* n : {"spending_total",
                        "funding_gap",
                        "unmet_need",
                        "outcome_mean",
                        "outcome_inequality",
                        "satisfaction_mean",
                        "trust_mean",
                        "providers_active",
                        "provider_entries",
                        "provider_exits",
                        "provider_failures",
                        "hhi",
                        "bids_per_tender",
                        "contract_price_index",
                        "transaction_costs",
                        "shared_service_savings",
                        "pbr_payments",
                        "value_for_money",
                        "funding_gap_share",
                        "disengaged_share",
                        "population",
                        "share_65plus",
                        "tenders",
                        "quality_gap",
                        "collaboration_decision_costs",
                        "outsourced_share",
                        "mutuals_active",
                        "mutuals_created",
                        "spinout_survival",
                        "support_fund_spent",
                        "contract_terminations",
                        "change_fund_spent"})
    EXPECT_NE(find(SeriesAxis::None, n), nullptr) << n;
  for (const char* n :
       {"market_share", "providers_active", "failures", "quality_mean", "unit_cost_mean"})
    EXPECT_NE(find(SeriesAxis::ProviderType, n), nullptr) << n;
  for (const char* n : {"budget", "spending", "funding_gap", "in_house_share", "unmet_need",
                        "outcome_mean", "insourcing_events"})
    EXPECT_NE(find(SeriesAxis::Commissioner, n), nullptr) << n;
  for (const char* n : {"spending", "unmet_need", "outcome_mean", "demand"})
    EXPECT_NE(find(SeriesAxis::Domain, n), nullptr) << n;
}

TEST(SeriesCatalogue, HasTheWaitingListAndDifficultyGroupSeries) {
  for (const char* n : {"waiting_list", "waiting_time_mean", "waiting_time_p90",
                        "capacity_utilisation", "list_exits_resolved", "list_exits_escalated",
                        "list_exits_died", "list_exits_gave_up", "difficulty_service_gap"})
    EXPECT_NE(find(SeriesAxis::None, n), nullptr) << n;
  for (SeriesAxis axis : {SeriesAxis::Commissioner, SeriesAxis::Domain})
    for (const char* n :
         {"waiting_list", "waiting_time_mean", "waiting_time_p90", "capacity_utilisation"})
      EXPECT_NE(find(axis, n), nullptr) << group_name(axis) << "/" << n;
  for (const char* n : {"people", "service_received", "unmet_need", "waiting_list",
                        "waiting_time_mean", "outcome_mean", "resolution_rate"})
    EXPECT_NE(find(SeriesAxis::DifficultyGroup, n), nullptr) << n;
  // All of them came with result-file format 3 (older files lack them).
  int added = 0;
  for (const auto& s : series_catalogue()) {
    if (s.since_format == 3) ++added;
    if (s.axis == SeriesAxis::AgeBand || s.axis == SeriesAxis::Agency) {
      EXPECT_EQ(s.since_format, 4) << s.name;
    }
    if (s.axis == SeriesAxis::DifficultyGroup) {  // the group came in 3; issue 18 added to it
      EXPECT_EQ(s.since_format, s.name == "outcome_need_mean" ? 4 : 3) << s.name;
    }
  }
  EXPECT_EQ(added,
            11 + 4 + 4 + 7);  // national series include list_exits_ineligible, resolution_rate
  EXPECT_EQ(kResultFormat, 4);
}

TEST(SeriesCatalogue, EveryRowHasUnitsADescriptionAndTheRightMemberPointer) {
  std::set<std::string> seen;
  for (const auto& s : series_catalogue()) {
    const std::string where = std::string(group_name(s.axis)) + "/" + std::string(s.name);
    EXPECT_TRUE(seen.insert(where).second) << where << " appears twice";
    EXPECT_FALSE(s.units.empty()) << where;
    EXPECT_GT(s.description.size(), 20u) << where;
    EXPECT_EQ(s.description.back(), '.') << where << ": descriptions are sentences";
    EXPECT_EQ(s.scalar != nullptr, s.axis == SeriesAxis::None) << where;
    EXPECT_EQ(s.by_type != nullptr, s.axis == SeriesAxis::ProviderType) << where;
    EXPECT_EQ(s.by_entity != nullptr,
              s.axis == SeriesAxis::Commissioner || s.axis == SeriesAxis::Domain ||
                  s.axis == SeriesAxis::DifficultyGroup || s.axis == SeriesAxis::AgeBand ||
                  s.axis == SeriesAxis::Agency)
        << where;
  }
}

// Fields sit in three runs (doubles, type arrays, vectors); counting the run lengths from the
// addresses of their first members catches a field added to YearRecord without a catalogue row.
// Reports and `quasim compare` need a plain label and a direction for every series.
TEST(SeriesCatalogue, EverySeriesHasPlainWordsAndAKindOfNumber) {
  for (const auto& s : series_catalogue()) {
    const SeriesWords* w = series_words(s.name);
    ASSERT_NE(w, nullptr) << s.name << " has no entry in output/series_words.cpp";
    EXPECT_FALSE(w->label.empty()) << s.name;
    EXPECT_NE(w->label.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), std::string_view::npos)
        << s.name << ": labels are sentence case";
    EXPECT_EQ(w->label.find('_'), std::string_view::npos)
        << s.name << ": a label is not a code name";
  }
  EXPECT_EQ(series_words("unmet_need")->better, Better::Lower);
  EXPECT_EQ(series_words("outcome_mean")->better, Better::Higher);
  EXPECT_EQ(series_words("spending_total")->better, Better::Neither);
  EXPECT_EQ(series_words("no_such_series"), nullptr);
  EXPECT_EQ(value_kind("GBP million"), "money");
  EXPECT_EQ(value_kind("share (0-1)"), "share");
  EXPECT_EQ(value_kind("index (0-1)"), "score");
  EXPECT_EQ(value_kind("index (0-10000)"), "count");
  EXPECT_EQ(value_kind("persons per year"), "count");
  EXPECT_EQ(value_kind("weeks"), "weeks");
  EXPECT_EQ(value_kind("bids per tender"), "ratio");
}

TEST(SeriesCatalogue, EveryYearRecordFieldHasExactlyOneRow) {
  YearRecord r;
  const auto* base = reinterpret_cast<const char*>(&r);
  const auto at = [&](const void* p) { return reinterpret_cast<const char*>(p) - base; };
  const auto scalars = static_cast<std::size_t>((at(&r.type_market_share) - at(&r.spending_total)) /
                                                static_cast<long>(sizeof(double)));
  const auto arrays = static_cast<std::size_t>((at(&r.comm_budget) - at(&r.type_market_share)) /
                                               static_cast<long>(sizeof(TypeArray)));
  const auto vectors =
      static_cast<std::size_t>((static_cast<long>(sizeof(YearRecord)) - at(&r.comm_budget)) /
                               static_cast<long>(sizeof(std::vector<double>)));

  std::set<long> scalar_offsets, array_offsets, vector_offsets;
  for (const auto& s : series_catalogue()) {
    if (s.scalar) {
      EXPECT_TRUE(scalar_offsets.insert(at(&(r.*s.scalar))).second) << s.name;
    }
    if (s.by_type) {
      EXPECT_TRUE(array_offsets.insert(at(&(r.*s.by_type))).second) << s.name;
    }
    if (s.by_entity) {
      EXPECT_TRUE(vector_offsets.insert(at(&(r.*s.by_entity))).second) << s.name;
    }
  }
  EXPECT_EQ(scalar_offsets.size(), scalars);
  EXPECT_EQ(array_offsets.size(), arrays);
  EXPECT_EQ(vector_offsets.size(), vectors);
  // 14 by commissioner (9, 4 of waiting lists, hidden need), 8 by domain (4, 4), 8 by
  // difficulty group (7, outcome over people with need), 6 by age band (people, 5 of outcomes,
  // satisfaction and trust), 5 by agency
  EXPECT_EQ(vectors, 41u);
}

TEST(SeriesCatalogue, SeriesValueReadsTheRightPlace) {
  YearRecord r;
  r.hhi = 2500;
  r.type_market_share[2] = 0.25;
  r.comm_spending = {1, 2, 3};
  r.dom_demand = {7, 8};
  r.grp_resolution_rate = {0.5, 0.4, 0.2};
  EXPECT_EQ(series_value(*find(SeriesAxis::None, "hhi"), r, 0), 2500);
  EXPECT_EQ(series_value(*find(SeriesAxis::ProviderType, "market_share"), r, 2), 0.25);
  EXPECT_EQ(series_value(*find(SeriesAxis::Commissioner, "spending"), r, 2), 3);
  EXPECT_EQ(series_value(*find(SeriesAxis::Domain, "demand"), r, 1), 8);
  EXPECT_EQ(series_value(*find(SeriesAxis::DifficultyGroup, "resolution_rate"), r, 2), 0.2);
}

TEST(SeriesCatalogue, GroupNamesAreTheFileLayout) {
  EXPECT_EQ(group_name(SeriesAxis::None), "series");
  EXPECT_EQ(group_name(SeriesAxis::ProviderType), "by_provider_type");
  EXPECT_EQ(group_name(SeriesAxis::Commissioner), "by_commissioner");
  EXPECT_EQ(group_name(SeriesAxis::Domain), "by_domain");
  EXPECT_EQ(group_name(SeriesAxis::DifficultyGroup), "by_difficulty_group");
  EXPECT_EQ(axis_name(SeriesAxis::DifficultyGroup), "difficulty_group");
  EXPECT_EQ(axis_name(SeriesAxis::Domain), "domain");
  EXPECT_EQ(group_name(SeriesAxis::AgeBand), "by_age_band");
  EXPECT_EQ(axis_name(SeriesAxis::AgeBand), "age_band");
  EXPECT_EQ(group_name(SeriesAxis::Agency), "by_agency");
  EXPECT_EQ(axis_name(SeriesAxis::Agency), "agency");
}

// CF units (output/cf_units.hpp): every units label a result file or a sweep index can carry has
// its UDUNITS form listed, not the dimensionless fallback by accident. tests/output/cf_test.py
// parses every form with udunits2.
TEST(CfUnits, EveryLabelOfTheCatalogueAndTheParameterTableIsListed) {
  for (const auto& s : series_catalogue())
    EXPECT_TRUE(cf_units_known(s.units)) << group_name(s.axis) << "/" << s.name << ": " << s.units;
  for (const auto& p : parameter_table())
    EXPECT_TRUE(cf_units_known(p.unit)) << p.key << ": " << p.unit;
  std::set<std::string_view> labels;
  for (const CfUnits& u : cf_units_table()) {
    EXPECT_TRUE(labels.insert(u.label).second) << "'" << u.label << "' listed twice";
    EXPECT_FALSE(u.udunits.empty()) << u.label;
    // Money is the only thing with a currency, and money labels say GBP.
    EXPECT_EQ(!u.currency.empty(),
              u.label.find("GBP") != std::string_view::npos && u.label != "GBP/GBP")
        << u.label;
  }
}

TEST(CfUnits, FormsOfTheCommonLabels) {
  EXPECT_EQ(cf_units("GBP million").udunits, "1e6");
  EXPECT_EQ(cf_units("GBP million").currency, "GBP");
  EXPECT_EQ(cf_units("share (0-1)").udunits, "1");
  EXPECT_EQ(cf_units("weeks").udunits, "week");
  EXPECT_EQ(cf_units("persons per year").udunits, "year-1");
  EXPECT_EQ(cf_units("index (0-10000)").udunits, "1e-4");
  EXPECT_EQ(cf_units("need-level-years averted per GBP million").udunits, "1e-6 year");
  EXPECT_EQ(cf_units("1/yr").udunits, "year-1");
  // Not listed: dimensionless, the label kept.
  EXPECT_FALSE(cf_units_known("furlongs"));
  EXPECT_EQ(cf_units("furlongs").udunits, "1");
  EXPECT_EQ(cf_units("furlongs").label, "furlongs");
}

}  // namespace
}  // namespace quasim
