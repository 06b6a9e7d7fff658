// cli/python_script.hpp — running quasim's Python helpers (charts, report, calibration fit)
// with Debian's /usr/bin/python3, which has h5py, numpy and matplotlib.
#pragma once

#include <string>
#include <vector>

namespace quasim {

/// Runs `/usr/bin/python3 <quasim_home()>/<script> args...` without a shell and waits.
/// Returns the script's exit code; throws std::runtime_error if it cannot be started.
int run_python(const std::string& script, const std::vector<std::string>& args);

}  // namespace quasim
