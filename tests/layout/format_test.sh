#!/usr/bin/env bash
# layout.format: every tracked C++ file matches .clang-format. Fix with
#   git ls-files '*.cpp' '*.hpp' | xargs clang-format -i
set -euo pipefail
cd "$1"
command -v clang-format >/dev/null || { echo "layout.format: clang-format is not installed (scripts/setup-deps --with-test-tools)"; exit 1; }
mapfile -t files < <(git ls-files '*.cpp' '*.hpp')
((${#files[@]} > 50)) || { echo "layout.format: only ${#files[@]} C++ files found under $1"; exit 1; }
bad=$(clang-format --dry-run "${files[@]}" 2>&1 | grep -o '^[^:]*:[0-9]*:[0-9]*: warning' | cut -d: -f1 | sort -u || true)
if [[ -n "$bad" ]]; then
  echo "layout.format: $(wc -l <<<"$bad") file(s) do not match .clang-format: $(tr '\n' ' ' <<<"$bad")"
  exit 1
fi
echo "layout.format: ${#files[@]} files match .clang-format"
