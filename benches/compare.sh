#!/usr/bin/env bash
# policybook against the generators people would otherwise pick, on the same content, in one run:
# full builds at 1,000 and 10,000 pages of policybook (with and without its search index), Hugo,
# mdBook, and the floor (copying the input bytes), with hyperfine; peak memory with
# /usr/bin/time -v; `policybook check --offline` after a build and without one; the rebuild
# time of `serve` after a policy edit; the search index's size and the bytes a query loads
# (benches/search_bytes.js, with node). Results go to benches/RESULTS.md by hand.
#
#   apt-get install -y hugo hyperfine time && cargo install mdbook --locked
#   bash benches/compare.sh [WORK_DIR]
#
# mdBook writes the whole table of contents into every page, so its time grows with the square
# of the page count; it runs at 1,000 pages only unless MDBOOK_10K=1.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-/tmp/policybook-bench}"
mkdir -p "$work"
cd "$repo"
cargo build --release --quiet --bin policybook --example gen_corpus
pb="$repo/target/release/policybook"
gen="$repo/target/release/examples/gen_corpus"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(hugo version | cut -d' ' -f1-2); $(mdbook --version); $(hyperfine --version)"

for pages in 1000 10000; do
  corpus="$work/corpus-$pages"
  # pages = policies + 2 editions x standards: a fifth policies, two fifths standards each.
  "$gen" "$corpus" $((pages / 5)) 2 $((pages * 2 / 5)) >/dev/null
  sed 's/^\[book\]$/[book]/' "$corpus/policybook/book.toml" > /dev/null
  cp -r "$corpus/policybook" "$corpus/policybook-nosearch"
  printf '\n[build]\nsearch = false\n' >> "$corpus/policybook-nosearch/book.toml"
  cmds=(
    -n "policybook" "$pb build $corpus/policybook --dest-dir $work/out-pb-$pages"
    -n "policybook (no search index)" "$pb build $corpus/policybook-nosearch --dest-dir $work/out-pbns-$pages"
    -n "hugo" "hugo --quiet -s $corpus/hugo -d $work/out-hugo-$pages"
    -n "cp -r (floor)" "cp -r $corpus/policybook $work/out-cp-$pages-\$(date +%s%N)"
  )
  if [ "$pages" -le 1000 ] || [ "${MDBOOK_10K:-0}" = 1 ]; then
    cmds+=(-n "mdbook" "mdbook build $corpus/mdbook -d $work/out-mdbook-$pages")
  fi
  echo
  echo "== $pages pages"
  # The floor copies into a new folder each run, removed only after all runs: removing it
  # before each copy would time ext4's slow path for files created just after others were
  # deleted (see RESULTS.md), which is not the floor.
  rm -rf "$work"/out-cp-"$pages"-*
  hyperfine --warmup 1 --runs 5 --style basic --export-json "$work/results-$pages.json" "${cmds[@]}"
  rm -rf "$work"/out-cp-"$pages"-*
  echo "-- times, and each against policybook's"
  python3 - "$work/results-$pages.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
base = next(r["mean"] for r in results if r["command"] == "policybook")
print(f"| {'tool':<30} | {'mean':>8} | {'min':>8} | {'x policybook':>12} |")
print(f"|{'-' * 32}|{'-' * 10}|{'-' * 10}|{'-' * 14}|")
for r in results:
    print(f"| {r['command']:<30} | {r['mean']:>7.3f}s | {r['min']:>7.3f}s | {r['mean'] / base:>12.2f} |")
PY
  echo "-- into an empty output folder (the last one removed first, untimed): no file to keep"
  hyperfine --warmup 1 --runs 5 --style basic \
    --prepare "rm -rf $work/empty-pb-$pages" -n "policybook" "$pb build $corpus/policybook --dest-dir $work/empty-pb-$pages" \
    --prepare "rm -rf $work/empty-hugo-$pages" -n "hugo" "hugo --quiet -s $corpus/hugo -d $work/empty-hugo-$pages" \
    | grep -E "Benchmark|Time|Range"
  echo "-- peak memory"
  /usr/bin/time -f "policybook: %M KB" "$pb" build "$corpus/policybook" --dest-dir "$work/out-pb-$pages" 2>&1 >/dev/null | tail -1
  /usr/bin/time -f "hugo: %M KB" hugo --quiet -s "$corpus/hugo" -d "$work/out-hugo-$pages" 2>&1 >/dev/null | tail -1
  echo "-- check --offline, after the build (reads the build's pages)"
  "$pb" build "$corpus/policybook" --dest-dir "$work/out-pb-$pages" 2>/dev/null
  hyperfine --warmup 1 --runs 5 --style basic "$pb check --offline $corpus/policybook" | grep -E "Time|Range"
  echo "-- check --offline, with no build of the current sources (builds in memory first)"
  hyperfine --warmup 1 --runs 5 --style basic --prepare "rm -f $corpus/policybook/.policybook/build.json" \
    "$pb check --offline $corpus/policybook" | grep -E "Time|Range"
  echo "-- serve: one policy edited 20 times"
  cargo bench --quiet --bench serve_latency -- "$corpus/policybook" 2>/dev/null | tail -3
  echo "-- search: the index against the site's text, and the bytes two-word queries load"
  node benches/search_bytes.js "$work/out-pb-$pages" "security policy" "lone workers" \
    "incident report" "violence aggression" | grep -E "^index|^\""
done
