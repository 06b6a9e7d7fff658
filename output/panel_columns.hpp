// output/panel_columns.hpp — the columns of the optional agent panels, in file order: the
// writer writes them in this order and the reader rebuilds rows (and the checksum) from them.
#pragma once

#include <array>
#include <string_view>

namespace quasim {

enum class ColumnType { Int32, Float64, UInt16 };

struct PanelColumn {
  std::string_view name;
  ColumnType type;
};

inline constexpr std::array<PanelColumn, 11> kProviderPanelColumns{{
    {"replicate", ColumnType::Int32},
    {"year", ColumnType::Int32},
    {"provider_id", ColumnType::Int32},
    {"type", ColumnType::Int32},
    {"reserves", ColumnType::Float64},
    {"unit_cost", ColumnType::Float64},
    {"quality", ColumnType::Float64},
    {"engagement", ColumnType::Float64},
    {"turnover", ColumnType::Float64},
    {"contracts", ColumnType::Int32},
    {"alive", ColumnType::Int32},
}};

inline constexpr std::array<PanelColumn, 9> kCitizenPanelColumns{{
    {"replicate", ColumnType::Int32},
    {"year", ColumnType::Int32},
    {"citizen", ColumnType::Int32},
    {"area", ColumnType::Int32},
    {"age", ColumnType::Int32},
    {"outcome", ColumnType::Float64},
    {"satisfaction", ColumnType::Float64},
    {"trust", ColumnType::Float64},
    {"needs", ColumnType::UInt16},
}};

}  // namespace quasim
