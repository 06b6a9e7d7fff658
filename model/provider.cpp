// model/provider.cpp — a provider's display name.
#include "model/provider.hpp"

namespace quasim {

std::string Provider::name() const {
  return std::string(kProviderTypeNames[static_cast<int>(type)]) + "-" + std::to_string(ordinal);
}

}  // namespace quasim
