#!/usr/bin/env bash
# HTML validity of a built policybook site with the Nu Html Checker (vnu.jar,
# from the vnu-jar npm package: run `npm ci` here first).
#
#   bash vnu.sh [SITE_DIR]      # SITE_DIR defaults to ../../book (beside this file)
#
# Prints every error (file:line.column), then the number of errors and
# `vnu: N passed, M failed` (pages without / with errors). Exits 1 on any error.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
site="${1:-$here/../../book}"
jar="$here/node_modules/vnu-jar/build/dist/vnu.jar"

if [ ! -d "$site" ]; then
  echo "vnu: no site folder $site" >&2
  exit 2
fi
site="$(cd "$site" && pwd)"
if [ ! -f "$jar" ]; then
  echo "vnu: $jar is missing: run 'npm ci' in $here" >&2
  exit 2
fi
if ! command -v java >/dev/null; then
  echo "vnu: java is not installed (vnu.jar needs Java 17 or later)" >&2
  exit 2
fi

pages=$(find "$site" -type f -name '*.html' | wc -l)
out="$(mktemp)"
trap 'rm -f "$out"' EXIT

start=$(date +%s.%N)
# Messages go to stderr, one a line: "file:/abs/path.html":L.C-L.C: error: text
java -jar "$jar" --errors-only --skip-non-html "$site" >"$out" 2>&1
status=$?
secs=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')

cat "$out"
errors=$(grep -cE '^"[^"]*":[^ ]*: (error|fatal)' "$out")
failed=$(grep -E '^"[^"]*":[^ ]*: (error|fatal)' "$out" | sed -E 's/^"([^"]*)".*/\1/' | sort -u | wc -l)
other=$(grep -cvE '^"[^"]*":[^ ]*: ' "$out")

if [ "$status" -ne 0 ] && [ "$errors" -eq 0 ]; then
  # vnu failed without reporting a document error (bad arguments, I/O, Java).
  echo "vnu: vnu.jar exited with status $status without reporting an error in a page" >&2
  echo "vnu: 0 passed, $pages failed"
  exit 2
fi
[ "$other" -gt 0 ] && echo "vnu: note: $other line(s) of output above are not page errors"

echo "vnu: $errors errors in $failed of $pages pages (${secs}s)"
echo "vnu: $((pages - failed)) passed, $failed failed"
[ "$errors" -eq 0 ]
