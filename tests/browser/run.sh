#!/usr/bin/env bash
# Browser checks of a built policybook site: accessibility (axe-core in headless
# Chromium, a11y.mjs), HTML validity (vnu.jar, vnu.sh), search from file:// (search.mjs; on
# the repository's own example, when SEARCH_CASES is not set, also the relevance test of
# relevance.json, relevance.mjs) and review banners judged on the reader's day (review.mjs).
#
#   bash tests/browser/run.sh [SITE_DIR]     # SITE_DIR defaults to the repository's book/
#
# Build the site first (cargo run --release -- build). Installs Chromium with
# apt-get if /usr/bin/chromium is missing, and this folder's npm packages with
# `npm ci`. Exits non-zero if either check fails; both always run.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
site="${1:-$here/../../book}"

if [ ! -d "$site" ]; then
  echo "run.sh: no site folder $site (build it: cargo run --release -- build)" >&2
  exit 2
fi
site="$(cd "$site" && pwd)"

if [ ! -x /usr/bin/chromium ]; then
  echo "run.sh: installing chromium"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null || {
    echo "run.sh: could not install chromium" >&2
    exit 2
  }
fi
if ! command -v java >/dev/null; then
  echo "run.sh: installing a Java runtime for vnu.jar"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq default-jre-headless >/dev/null || {
    echo "run.sh: could not install java" >&2
    exit 2
  }
fi

# --ignore-scripts: vnu-jar's postinstall would try to download a JDK; the
# machine's Java is used instead, and the other two packages have no scripts.
(cd "$here" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) || {
  echo "run.sh: npm ci failed" >&2
  exit 2
}

start=$(date +%s)
echo "== a11y (axe-core $(node -p "require('$here/node_modules/axe-core/package.json').version"), $(/usr/bin/chromium --version 2>/dev/null))"
node "$here/a11y.mjs" "$site"
a11y=$?
echo
echo "== vnu ($(java -jar "$here/node_modules/vnu-jar/build/dist/vnu.jar" --version 2>/dev/null))"
bash "$here/vnu.sh" "$site"
vnu=$?
echo
echo "== reflow at 320 px"
node "$here/reflow.mjs" "$site"
reflow=$?
echo
echo "== search from file://"
node "$here/search.mjs" "$site"
search=$?
if [ -z "${SEARCH_CASES:-}" ]; then
  echo
  echo "== search relevance (relevance.json)"
  node "$here/relevance.mjs" "$site" || search=1
fi
echo
echo "== review banners judged on the reader's day"
node "$here/review.mjs" "$site"
review=$?
echo
ok() { [ "$1" -eq 0 ] && echo ok || echo FAILED; }
echo "browser checks: a11y $(ok $a11y), vnu $(ok $vnu), reflow $(ok $reflow), search $(ok $search), review $(ok $review) ($(( $(date +%s) - start ))s)"
[ $a11y -eq 0 ] && [ $vnu -eq 0 ] && [ $reflow -eq 0 ] && [ $search -eq 0 ] && [ $review -eq 0 ]
