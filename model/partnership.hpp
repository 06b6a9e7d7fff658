// model/partnership.hpp — the state of a shared back office among commissioners. Formed by
// form_partnerships and costed each year by back_office_costs (agents/shared_services.cpp).
#pragma once

#include <vector>

namespace quasim {

/// A shared back office among commissioners (seed 000: Shared Services Connected Ltd).
struct Partnership {
  std::vector<int> members;
  double overrun = 1.0;    ///< realised transition cost over plan
  double risk_spread = 0;  ///< sd of members' risk appetites
};

}  // namespace quasim
