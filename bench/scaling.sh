#!/usr/bin/env bash
# Time and peak memory of one whole `cleancopy epub` / `cleancopy pdf` process against article
# length, to show whether growth is linear. Prints a Markdown table.
#
#   bench/scaling.sh                  # 1k, 10k, 100k and 1M words
#   WORDS="1000 10000" bench/scaling.sh
#   PARAGRAPHS="1500000 6000000" WORDS= bench/scaling.sh
#                                     # pages that are one paragraph of that many bytes
#
# The pages come from the `bench_input` example (same generator as the benches, with page
# boilerplate, no pictures). RUNS timed runs after a warm-up (default 5; pages of 1M words or
# more get RUNS_HUGE, default 2). "µs/word" is the median CPU time (user + system, steadier
# than wall time on a shared machine) divided by the words: flat when growth is linear.
set -euo pipefail
cd "$(dirname "$0")/.."

WORDS=${WORDS-"1000 10000 100000 1000000"}
PARAGRAPHS=${PARAGRAPHS:-}
RUNS=${RUNS:-5}
RUNS_HUGE=${RUNS_HUGE:-2}
TARGET=${CARGO_TARGET_DIR:-target}

# Two builds: built together, the binary would get the features of the example's
# dev-dependencies (image's AVIF encoder), and not be the binary users install.
cargo build --release --quiet --bin cleancopy
cargo build --release --quiet --example bench_input
CLEANCOPY="$TARGET/release/cleancopy"
GEN="$TARGET/release/examples/bench_input"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

echo "| page | page size | EPUB wall | EPUB CPU | EPUB µs/word | EPUB peak RSS | PDF wall | PDF CPU | PDF µs/word | PDF peak RSS | PDF pages |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
# measure LABEL PAGE WORDS: one table row for a page.
measure() {
  local label=$1 page=$2 words=$3 runs=$RUNS epub pdf pages
  [ "$words" -ge 1000000 ] && runs=$RUNS_HUGE
  epub=$(python3 bench/measure.py "$runs" "epub-$label" -- "$CLEANCOPY" epub -q --force "$page" -o "$WORK/out.epub")
  pdf=$(python3 bench/measure.py "$runs" "pdf-$label" -- "$CLEANCOPY" pdf -q --force "$page" -o "$WORK/out.pdf")
  pages=$(grep -c "/Type */Page[^s]" "$WORK/out.pdf" 2>/dev/null || true)
  if command -v pdfinfo >/dev/null; then
    pages=$(pdfinfo "$WORK/out.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
  fi
  python3 - "$label" "$words" "$(stat -c %s "$page")" "$epub" "$pdf" "$pages" <<'PY'
import sys
label, words, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
epub, pdf, pages = sys.argv[4].split("\t"), sys.argv[5].split("\t"), sys.argv[6]
def cells(r):
    if r[1] == "failed":
        return ["failed", "", "", ""]
    ms, rss, cpu = float(r[1]), float(r[4]), float(r[6])
    return [f"{ms:,.1f} ms", f"{cpu:,.1f} ms", f"{cpu * 1000 / words:.2f}", f"{rss:,.0f} MB"]
print("| " + " | ".join([label, f"{size / 1e6:.2f} MB"] + cells(epub) + cells(pdf) + [pages or "?"]) + " |")
PY
}

for words in $WORDS; do
  page="$WORK/page-$words.html"
  "$GEN" page "$words" "$page"
  measure "$(printf "%'d" "$words")" "$page" "$words"
done
for bytes in $PARAGRAPHS; do
  page="$WORK/paragraph-$bytes.html"
  "$GEN" paragraph "$bytes" "$page"
  words=$(python3 -c 'import re,sys; print(len(re.sub(r"<[^>]+>", " ", open(sys.argv[1]).read()).split()))' "$page")
  measure "one paragraph, $words words" "$page" "$words"
done
