#!/usr/bin/env bash
# Side-by-side whole-process comparison of cleancopy with other converters on the same inputs.
#
#   bench/compare.sh            # everything (a few minutes; the batch with other tools is slow)
#   RUNS=10 bench/compare.sh    # more timed runs per measurement (default 5, after a warm-up)
#
# Inputs, generated here by the project's own `bench_input` example (see bench/README.md):
#   article.html  ~1,500 words with page boilerplate and two pictures (a JPEG and a PNG)
#   long.html     ~20,000 words with the same boilerplate
#   batch/        1,000 different ~1,500-word articles
# Each converter runs as a whole process; the table gives the median wall time, the fastest
# run, the median CPU time (user + system), the peak RSS, and how many times more time, CPU and
# memory than cleancopy the other converter takes on the same input, measured in the same run.
# Tools that are not installed are skipped; this script installs nothing (see bench/README.md).
#
# Environment: RUNS (timed runs, default 5), BATCH (articles in the batch, default 1000),
# OTHERS_BATCH (articles of the batch given to the other tools, default 20: they take a
# process per article, so the full batch would take many minutes; their time is scaled to
# BATCH articles and marked so), CALIBRE_BATCH=1 (also time ebook-convert on the batch,
# several seconds an article), JOBS (parallel processes / --jobs, default: the number of
# cores), CARGO_TARGET_DIR (where cargo builds), KEEP=1 keeps the work folder, CLEANCOPY and
# BENCH_INPUT (a cleancopy binary and a bench_input example to use instead of building them:
# to compare two builds on the same inputs).
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}
BATCH=${BATCH:-1000}
OTHERS_BATCH=${OTHERS_BATCH:-20}
JOBS=${JOBS:-$(nproc)}
TARGET=${CARGO_TARGET_DIR:-target}
MEASURE="python3 bench/measure.py"

# Two builds: built together, the binary would get the features of the example's
# dev-dependencies (image's AVIF encoder), and not be the binary users install.
if [ -z "${CLEANCOPY:-}" ]; then
  cargo build --release --quiet --bin cleancopy
  CLEANCOPY="$TARGET/release/cleancopy"
fi
if [ -z "${BENCH_INPUT:-}" ]; then
  cargo build --release --quiet --example bench_input
  BENCH_INPUT="$TARGET/release/examples/bench_input"
fi
GEN="$BENCH_INPUT"

WORK=$(mktemp -d)
if [ "${KEEP:-0}" != 1 ]; then trap 'rm -rf "$WORK"' EXIT; fi
echo "work folder: $WORK" >&2
"$GEN" images "$WORK"
"$GEN" page 1500 "$WORK/article.html" 1 photo-1.jpg chart-2.png
"$GEN" page 20000 "$WORK/long.html" 2
"$GEN" batch "$BATCH" 1500 "$WORK/batch"
mkdir -p "$WORK/out"
printf "%s\n" "$WORK"/batch/*.html | sed -n "1,${OTHERS_BATCH}p" > "$WORK/others-batch.txt"

have() { command -v "$1" >/dev/null 2>&1; }
RESULTS="$WORK/results.tsv"
: > "$RESULTS"

# measure SCENARIO TOOL SCALE OUTPUT -- COMMAND...: one line of results (SCALE multiplies the
# time, for a tool given only part of the batch). OUTPUT (a file or folder, or "-") is removed
# before every run, so that every converter writes a new file each time.
measure() {
  local scenario=$1 tool=$2 scale=$3 output=$4
  shift 5
  local fresh=()
  if [ "$output" != - ]; then fresh=(--fresh "$output"); fi
  local line
  line=$($MEASURE "$RUNS" "$scenario/$tool" "${fresh[@]}" -- "$@")
  printf '%s\t%s\t%s\n' "$scenario" "$tool" "$scale" | paste - <(echo "$line" | cut -f2-) >> "$RESULTS"
  echo "$line" >&2
}

CHROMIUM=""
for name in chromium chromium-browser google-chrome; do
  if have "$name"; then CHROMIUM=$name; break; fi
done
CHROME_PROFILE=$(mktemp -d)
trap 'rm -rf "$CHROME_PROFILE"; [ "${KEEP:-0}" = 1 ] || rm -rf "$WORK"' EXIT
chromium_pdf() { # INPUT OUTPUT
  echo "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --no-first-run --no-pdf-header-footer --user-data-dir="$CHROME_PROFILE" \
    --print-to-pdf="$2" "file://$1"
}
export QT_QPA_PLATFORM=offscreen # calibre's PDF output without a display
export QTWEBENGINE_DISABLE_SANDBOX=1 # and as root (its Chromium refuses its sandbox then)

for input in article long; do
  page="$WORK/$input.html"
  out="$WORK/out/$input"
  measure "$input→EPUB" cleancopy 1 "$out.epub" -- "$CLEANCOPY" epub -q "$page" -o "$out.epub"
  # Replacing the book the run before wrote: cleancopy then flushes the new file to disk
  # before renaming it over the old one, so that a crash cannot leave neither.
  measure "$input→EPUB, replacing" cleancopy 1 - -- "$CLEANCOPY" epub -q --force "$page" -o "$out.epub"
  if have pandoc; then
    measure "$input→EPUB" pandoc 1 "$out.pandoc.epub" -- pandoc -f html -t epub3 --resource-path="$WORK" "$page" -o "$out.pandoc.epub"
  fi
  if have ebook-convert; then
    measure "$input→EPUB" ebook-convert 1 "$out.calibre.epub" -- ebook-convert "$page" "$out.calibre.epub"
  fi
  measure "$input→PDF" cleancopy 1 "$out.pdf" -- "$CLEANCOPY" pdf -q "$page" -o "$out.pdf"
  if have weasyprint; then
    measure "$input→PDF" weasyprint 1 "$out.weasyprint.pdf" -- weasyprint -q "$page" "$out.weasyprint.pdf"
  fi
  if [ -n "$CHROMIUM" ]; then
    # shellcheck disable=SC2046 # the command line is split on purpose
    measure "$input→PDF" chromium 1 "$out.chromium.pdf" -- $(chromium_pdf "$page" "$out.chromium.pdf")
  fi
  if have ebook-convert; then
    measure "$input→PDF" ebook-convert 1 "$out.calibre.pdf" -- ebook-convert "$page" "$out.calibre.pdf"
  fi
done

# The batch: cleancopy is one process over all the articles; the others take one process per
# article, JOBS at a time, on the first OTHERS_BATCH articles.
scale=$(python3 -c "print($BATCH / $OTHERS_BATCH)")
measure "batch→EPUB" cleancopy 1 "$WORK/out/batch-epub" -- "$CLEANCOPY" epub -q --split --jobs "$JOBS" -o "$WORK/out/batch-epub" "$WORK"/batch/*.html
measure "batch→PDF" cleancopy 1 "$WORK/out/batch-pdf" -- "$CLEANCOPY" pdf -q --split --jobs "$JOBS" -o "$WORK/out/batch-pdf" "$WORK"/batch/*.html
if have pandoc; then
  measure "batch→EPUB" pandoc "$scale" - -- sh -c "xargs -P $JOBS -I{} pandoc -f html -t epub3 {} -o {}.pandoc.epub < '$WORK/others-batch.txt'"
fi
if have ebook-convert && [ "${CALIBRE_BATCH:-0}" = 1 ]; then # seconds an article: opt-in
  measure "batch→EPUB" ebook-convert "$scale" - -- sh -c "xargs -P $JOBS -I{} ebook-convert {} {}.calibre.epub < '$WORK/others-batch.txt'"
fi
if have weasyprint; then
  measure "batch→PDF" weasyprint "$scale" - -- sh -c "xargs -P $JOBS -I{} weasyprint -q {} {}.weasyprint.pdf < '$WORK/others-batch.txt'"
fi

# The table: one row per scenario and tool, with the ratios to cleancopy in the same run.
python3 - "$RESULTS" "$OTHERS_BATCH" <<'PY'
import sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1]) if line.strip()]
others = sys.argv[2]
def parsed(rest, scale):
    # median, min, max, rss, runs, cpu (as measure.py prints them, after the label)
    return float(rest[0]) * scale, float(rest[1]) * scale, float(rest[3]), float(rest[5]) * scale
def fmt(ms):
    return f"{ms:,.0f} ms" if ms >= 100 else f"{ms:.1f} ms"
base = {}
for scenario, tool, scale, *rest in rows:
    if tool == "cleancopy" and rest[0] != "failed":
        base[scenario] = parsed(rest, 1.0)
print("| input → output | converter | median wall | fastest run | median CPU | peak RSS | wall vs cleancopy | CPU vs cleancopy | RSS vs cleancopy |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
for scenario, tool, scale, *rest in rows:
    if rest[0] == "failed":
        print(f"| {scenario} | {tool} | failed ({rest[1]}) | | | | | | |")
        continue
    scale = float(scale)
    ms, fastest, rss, cpu = parsed(rest, scale)
    note = f" (×{scale:g}, from {others} articles)" if scale != 1 else ""
    if tool == "cleancopy":
        ratios = ["1×"] * 3
    elif scenario in base:
        b = base[scenario]
        ratios = [f"{ms / b[0]:,.1f}×", f"{cpu / b[3]:,.1f}×", f"{rss / b[2]:,.1f}×"]
    else:
        ratios = ["–"] * 3
    print(f"| {scenario} | {tool} | {fmt(ms)}{note} | {fmt(fastest)} | {fmt(cpu)} | {rss:.0f} MB | " + " | ".join(ratios) + " |")
PY
