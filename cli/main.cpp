// cli/main.cpp — the quasim command line: subcommands register themselves; errors end here
// as one line on stderr and a non-zero exit.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>

#include "cli/commands.hpp"
#include "output/result_file.hpp"
#include "sim/scenario.hpp"
#include "sim/version.hpp"

namespace quasim {

std::string quasim_home() {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    // build/<preset>/bin/quasim -> the source tree three levels up
    const fs::path root = exe.parent_path().parent_path().parent_path().parent_path();
    if (fs::exists(root / "scenarios" / "baseline.toml")) return root.string();
  }
  return QUASIM_SOURCE_DIR;
}

namespace {

/// An error as one readable line: line breaks folded, and any word (not a path) so long that it
/// must be pasted input (a 300-digit number, a binary blob) cut to its start and its length.
std::string one_line(const std::string& message) {
  std::string out, word;
  const auto flush = [&] {
    // Paths are kept whole: a message must name its file exactly.
    if (word.size() > 64 && word.find('/') == std::string::npos)
      word = word.substr(0, 24) + "...(" + std::to_string(word.size()) + " characters)";
    out += word;
    word.clear();
  };
  for (const char c : message) {
    if (c == '\n' || c == '\r') {
      flush();
      if (!out.empty() && out.back() != ' ') out += "; ";
    } else if (c == ' ' || c == '\t') {
      flush();
      out += ' ';
    } else {
      word += c;
    }
  }
  flush();
  while (!out.empty() && (out.back() == ' ' || out.back() == ';')) out.pop_back();
  return out;
}

/// An argument as a POSIX shell reads it back: as it is when it holds only safe characters,
/// else in single quotes, so that a recorded command line (provenance, `quasim status`) can be
/// run again as it stands.
std::string shell_word(const std::string& arg) {
  const bool safe = !arg.empty() && arg.find_first_not_of(
                                        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                        "0123456789_./=:,+@%-") == std::string::npos;
  if (safe) return arg;
  std::string out = "'";
  for (const char c : arg) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

}  // namespace quasim

int main(int argc, char** argv) {
  std::string command_line;
  for (int i = 0; i < argc; ++i) command_line += (i ? " " : "") + quasim::shell_word(argv[i]);

  CLI::App app{"quasim: an agent-based simulator of public-service markets"};
  app.set_version_flag("--version", std::string("quasim ") + quasim::kVersion + " (commit " +
                                        quasim::kGitCommit + ")");
  app.require_subcommand(1);
  app.footer(
      "Example:\n  quasim run scenarios/baseline.toml -o results/baseline.h5\n  quasim explain "
      "budget");
  quasim::add_run_commands(app, command_line);
  quasim::add_batch_commands(app, command_line);
  quasim::add_slurm_command(app);
  quasim::add_scenario_commands(app);
  quasim::add_output_commands(app);
  quasim::add_compare_command(app, command_line);
  quasim::add_export_command(app);
  quasim::add_status_command(app);
  quasim::add_sensitivity_command(app, command_line);
  quasim::add_calibrate_command(app);
  quasim::add_package_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::RuntimeError& e) {
    return e.get_exit_code();  // the command has said what happened
  } catch (const CLI::ParseError& e) {
    std::cerr << "error: " << quasim::one_line(e.what()) << " (see quasim --help)\n";
    return e.get_exit_code();
  } catch (const quasim::ScenarioError& e) {
    std::cerr << "error: " << quasim::one_line(e.what()) << "\n";
    return 2;
  } catch (const std::bad_alloc&) {
    std::cerr << "error: out of memory: the run or file is larger than this machine can hold\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "error: " << quasim::one_line(e.what()) << "\n";
    return 1;
  }
  return 0;
}
