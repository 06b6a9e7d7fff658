// model/partnership.hpp — the state of a shared back office among commissioners. Formed by
// form_partnerships and costed each year by back_office_costs (agents/shared_services.cpp).
#pragma once

#include <vector>

namespace quasim {

/// A shared back office among commissioners (seed 000: Shared Services Connected Ltd). Its
/// members decide together (which takes years and can fail), then each decides for itself
/// whether to move its back office in; members that keep losing leave.
struct Partnership {
  std::vector<int> members;     ///< commissioner ids still in the partnership
  std::vector<char> migrated;   ///< per member: its back office runs in the shared service
  std::vector<int> losing_run;  ///< per member: consecutive years its net benefit was negative
  double overrun = 1.0;         ///< realised transition cost over plan
  double risk_spread = 0;       ///< sd of members' risk appetites when it formed
  int decided_year = 0;         ///< year the joint decision is reached (deciding before it)
  bool blocked = false;         ///< the decision was abandoned: appetites too far apart
  bool dissolved = false;       ///< fewer than two members remained

  /// Still deciding in `year`: paying the project's run rate, saving nothing.
  bool deciding(int start, int year) const {
    return !blocked && !dissolved && year >= start && year < decided_year;
  }
  bool running(int year) const { return !blocked && !dissolved && year >= decided_year; }
};

}  // namespace quasim
