// output/file_checks.hpp — what quasim may open and where it may write, checked before any work:
// inputs must be regular files (a FIFO would block an open for ever, /dev/zero never ends);
// outputs must be regular files or not exist yet (the temp-file-then-rename write would
// otherwise replace a device node or a FIFO with a file).
#pragma once

#include <string>

namespace quasim {

/// "a FIFO", "a directory", "a character device", ... for messages.
std::string file_kind(const std::string& path);

/// Throws OutputError("PATH: no such file" / "PATH: not a regular file (a FIFO)").
void check_input_file(const std::string& path);

/// Throws OutputError unless `path` is absent or a regular file, and its folder, if it exists,
/// is a directory. Follows symbolic links (a link to /dev/null is refused too).
void check_output_file(const std::string& path);

/// Throws OutputError unless `path` is absent or a directory.
void check_output_directory(const std::string& path);

/// A file-name stem made from free text (a scenario name) that stays inside its folder:
/// path separators and control characters become '_', leading dots are dropped.
std::string safe_file_stem(const std::string& name);

}  // namespace quasim
