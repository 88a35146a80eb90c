#!/usr/bin/env bash
# cleancopy under load: COUNT generated articles (default 1,000) converted as one book and with
# --split (one file each), to EPUB and to PDF. Reports wall time, peak RSS (/usr/bin/time -v)
# and the most file descriptors the process held (sampled from /proc/PID/fd), then runs the
# --split EPUB batch again under `ulimit -n 64` to show that descriptors do not leak per article.
# Prints a Markdown table.
#
#   bench/load.sh
#   COUNT=200 WORDS=500 bench/load.sh
#   FORMATS=epub bench/load.sh                                              (EPUB runs only)
#   CLEANCOPY=/path/to/cleancopy GEN=/path/to/bench_input bench/load.sh   (skip the build)
set -euo pipefail
cd "$(dirname "$0")/.."

COUNT=${COUNT:-1000}
WORDS=${WORDS:-800}
FORMATS=${FORMATS:-"epub pdf"}
TARGET=${CARGO_TARGET_DIR:-target}
if [ -z "${CLEANCOPY:-}" ] || [ -z "${GEN:-}" ]; then
  # Two builds: built together, the binary would get the features of the example's
  # dev-dependencies (image's AVIF encoder), and not be the binary users install.
  cargo build --release --quiet --bin cleancopy
  cargo build --release --quiet --example bench_input
  CLEANCOPY="$TARGET/release/cleancopy"
  GEN="$TARGET/release/examples/bench_input"
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

"$GEN" batch "$COUNT" "$WORDS" "$WORK/in" >/dev/null
ls "$WORK"/in/*.html > "$WORK/list.txt"
echo "$COUNT articles of ~$WORDS words ($(du -sh "$WORK/in" | cut -f1) of HTML), $(nproc) cores"
echo
echo "| run | exit | wall | peak RSS | max open fds | files written | output size |"
echo "|---|---:|---:|---:|---:|---:|---:|"

# run NAME ARGS...: one timed conversion into a fresh folder, with fd sampling.
run() {
  local name=$1; shift
  local out="$WORK/out-$name"
  mkdir -p "$out"
  /usr/bin/time -v -o "$WORK/time-$name" "$CLEANCOPY" "$@" --input-list "$WORK/list.txt" \
    >/dev/null 2>"$WORK/err-$name" &
  local timer=$! pid="" max_fds=0 fds
  while kill -0 "$timer" 2>/dev/null; do
    [ -z "$pid" ] && pid=$(pgrep -P "$timer" || true)
    if [ -n "$pid" ] && fds=$(ls "/proc/$pid/fd" 2>/dev/null | wc -l); then
      [ "$fds" -gt "$max_fds" ] && max_fds=$fds
    fi
    sleep 0.02
  done
  local code=0
  wait "$timer" || code=$?
  local wall rss files size
  wall=$(grep 'Elapsed (wall' "$WORK/time-$name" | awk '{print $NF}')
  rss=$(grep 'Maximum resident' "$WORK/time-$name" | awk '{printf "%.0f MB", $NF/1024}')
  files=$(find "$WORK/out-$name" -type f | wc -l)
  size=$(du -sh "$WORK/out-$name" | cut -f1)
  echo "| $name | $code | $wall | $rss | $max_fds | $files | $size |"
  rm -rf "$out"
}

for format in $FORMATS; do
  options=()
  [ "$format" = epub ] && options=(--no-images)
  run "$format-book" "$format" -q "${options[@]}" -o "$WORK/out-$format-book/book.$format" --title "Load test"
  run "$format-split" "$format" -q "${options[@]}" --split -o "$WORK/out-$format-split"
done
echo
# With 64 descriptors a leak of one per article would fail long before the 1,000th file.
if (ulimit -n 64 && "$CLEANCOPY" epub -q --no-images --split -o "$WORK/out-ulimit" \
      --input-list "$WORK/list.txt" 2>"$WORK/err-ulimit"); then
  echo "ulimit -n 64: --split EPUB of $COUNT articles succeeded ($(ls "$WORK/out-ulimit" | wc -l) files)"
else
  echo "ulimit -n 64: FAILED: $(head -3 "$WORK/err-ulimit")"
fi
