// cli/python_script.cpp — posix_spawn of /usr/bin/python3 (no quoting pitfalls).
#include "cli/python_script.hpp"

#include <spawn.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <stdexcept>

#include "cli/commands.hpp"

extern char** environ;

namespace quasim {
namespace {
constexpr const char* kPython = "/usr/bin/python3";
}

int run_python(const std::string& script, const std::vector<std::string>& args) {
  const std::string path = quasim_home() + "/" + script;
  if (!std::filesystem::exists(kPython))
    throw std::runtime_error(
        std::string(kPython) +
        " not found: this command needs Debian's python3 with h5py and matplotlib "
        "(apt-get install python3-h5py python3-matplotlib)");
  if (!std::filesystem::exists(path)) throw std::runtime_error(path + " not found");
  std::vector<std::string> words{kPython, path};
  words.insert(words.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  std::cout.flush();
  pid_t pid = 0;
  if (const int err = posix_spawn(&pid, kPython, nullptr, nullptr, argv.data(), environ))
    throw std::runtime_error("cannot start " + std::string(kPython) + ": " + std::strerror(err));
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR)
      throw std::runtime_error("waiting for " + script + ": " + std::strerror(errno));
  return WIFEXITED(status) ? WEXITSTATUS(status)
                           : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

}  // namespace quasim
