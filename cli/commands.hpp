// cli/commands.hpp — each file under cli/ registers one family of subcommands.
#pragma once

#include <string>

namespace CLI {
class App;
}

namespace quasim {

/// run (cli/cmd_run.cpp)
void add_run_commands(CLI::App& app, const std::string& command_line);
/// batch, merge, reproduce (cli/cmd_batch.cpp)
void add_batch_commands(CLI::App& app, const std::string& command_line);
/// slurm (cli/cmd_slurm.cpp)
void add_slurm_command(CLI::App& app);
/// validate, explain, list (cli/cmd_scenario.cpp)
void add_scenario_commands(CLI::App& app);
/// calibrate (cli/cmd_calibrate.cpp)
void add_calibrate_command(CLI::App& app);
/// info, plot, report (cli/cmd_output.cpp)
void add_output_commands(CLI::App& app);
/// compare (cli/cmd_compare.cpp)
void add_compare_command(CLI::App& app, const std::string& command_line);
/// status (cli/cmd_status.cpp)
void add_status_command(CLI::App& app);
/// export (cli/cmd_export.cpp)
void add_export_command(CLI::App& app);
/// package (cli/cmd_package.cpp)
void add_package_command(CLI::App& app);
/// sensitivity (cli/cmd_sensitivity.cpp)
void add_sensitivity_command(CLI::App& app, const std::string& command_line);

/// Directory holding the shipped scenarios/ and output/ scripts: next to the binary's source
/// tree (build/<preset>/bin/quasim -> ../../..), else the configured source directory.
std::string quasim_home();

}  // namespace quasim
