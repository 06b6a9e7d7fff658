#!/usr/bin/env bash
# tests/docs/docs_test.sh QUASIM SOURCE_DIR [TMP_DIR] — the documentation is up to date with
# the parameter table compiled into QUASIM:
#   (a) docs/PARAMETERS.md is exactly what scripts/gen-docs makes from QUASIM;
#   (b) every ODD section the table names is a heading of docs/ODD.md;
#   (c) every parameter key of the table is mentioned in docs/ODD.md.
set -euo pipefail
if (($# < 2)); then
  echo "usage: $0 QUASIM SOURCE_DIR [TMP_DIR]" >&2
  exit 2
fi
bin="$1"
src="$2"
tmp="${3:-$(mktemp -d)}"
mkdir -p "$tmp"
params="$src/docs/PARAMETERS.md"
odd="$src/docs/ODD.md"
failed=0

# (a) PARAMETERS.md matches the binary.
fresh="$tmp/PARAMETERS.md"
bash "$src/scripts/gen-docs" "$bin" "$fresh"
if [[ ! -f "$params" ]]; then
  echo "FAIL: docs/PARAMETERS.md is missing; run scripts/gen-docs" >&2
  failed=1
elif ! diff -u "$params" "$fresh" >"$tmp/PARAMETERS.diff"; then
  echo "FAIL: docs/PARAMETERS.md is out of date with the parameter table in $bin;" \
       "run scripts/gen-docs (or scripts/gen-docs path/to/quasim) and commit the result. Diff:" >&2
  head -n 60 "$tmp/PARAMETERS.diff" >&2
  failed=1
fi

# (a') output/series_catalogue.json (what the Python charts and reports read) matches the binary.
if ! "$bin" info --catalogue --json | diff -u "$src/output/series_catalogue.json" - \
    >"$tmp/catalogue.diff"; then
  echo "FAIL: output/series_catalogue.json is out of date with the series catalogue in $bin;" \
       "run scripts/gen-docs and commit the result. Diff:" >&2
  head -n 30 "$tmp/catalogue.diff" >&2
  failed=1
fi

# The table's rows: | `key` | type | unit | default | range | description | ODD section |
rows="$("$bin" explain --markdown | tail -n +3)"
sections="$(sed -E 's/[[:space:]]*\|[[:space:]]*$//; s/.*\|[[:space:]]*//' <<<"$rows" | sort -u)"
keys="$(sed -E 's/^\|[[:space:]]*`([^`]+)`.*/\1/' <<<"$rows")"
if (($(wc -l <<<"$sections") < 3)) || (($(wc -l <<<"$keys") < 20)); then
  echo "FAIL: could not read ODD sections and keys from '$bin explain --markdown'" >&2
  exit 1
fi

# (b) each ODD section is a heading of ODD.md (any level, exact text).
headings="$(sed -nE 's/^#{1,6}[[:space:]]+(.*[^[:space:]#])[[:space:]#]*$/\1/p' "$odd")"
while IFS= read -r section; do
  if ! grep -Fxq -- "$section" <<<"$headings"; then
    echo "FAIL: the parameter table names ODD section '$section', but docs/ODD.md has no" \
         "heading '$section' (add it, or fix the section in sim/parameter_table.cpp)" >&2
    failed=1
  fi
done <<<"$sections"

# (c) each parameter key is described somewhere in ODD.md.
while IFS= read -r key; do
  if ! grep -Fq -- "$key" "$odd"; then
    echo "FAIL: parameter '$key' is not mentioned in docs/ODD.md (describe the rule that uses it)" >&2
    failed=1
  fi
done <<<"$keys"

if ((failed == 0)); then
  echo "docs up to date: $(wc -l <<<"$keys") parameters, $(wc -l <<<"$sections") ODD sections"
fi
exit "$failed"
