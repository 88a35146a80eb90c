#!/usr/bin/env bash
# Checks cleancopy's PDFs on the shared corpus of real pages, when it exists: every page of
# the scrapinghub and Readability collections becomes a PDF (release binary, --offline: no
# network, so pictures named by web addresses are left out), which is then checked three ways:
#   qpdf      `qpdf --check` passes with no errors or warnings;
#   fonts     `pdffonts` lists at least one font and every font is embedded (emb = yes);
#   text      `pdftotext` gives back some words.
# Prints each failure with its first messages, then the counts of pass and fail per check.
#
# usage: scripts/check-pdf-corpus.sh [CORPUS_DIR]     (default: ../shared/corpus)
# env:   CLEANCOPY=path/to/binary  KEEP=dir (keep the PDFs and logs there)
#        JOBS=n (pages checked at once, default 2)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:-$root/../shared/corpus}
if [ ! -d "$corpus/scrapinghub/html" ] && [ ! -d "$corpus/readability" ]; then
  echo "no corpus at $corpus: nothing to check"
  exit 0
fi
for tool in qpdf pdffonts pdftotext; do
  if ! command -v "$tool" >/dev/null; then
    echo "$tool not found (Debian: apt-get install qpdf poppler-utils)" >&2
    exit 1
  fi
done
bin=${CLEANCOPY:-${CARGO_TARGET_DIR:-$root/target}/release/cleancopy}
if [ -z "${CLEANCOPY:-}" ]; then
  cargo build --release --quiet --manifest-path "$root/Cargo.toml"
fi
out=${KEEP:-$(mktemp -d)}
[ -n "${KEEP:-}" ] || trap 'rm -rf "$out"' EXIT
mkdir -p "$out"

# One page: convert, then run the three checks. Writes NAME.status: "failed" when no PDF was
# made, else "converted" and one "pass" or "fail" line per check (qpdf, fonts, text).
check() { # page name
  local page=$1 name=$2 base="$out/$2"
  if ! "$bin" pdf --offline --quiet --force --from html "$page" -o "$base.pdf" \
    >"$base.convert.log" 2>&1; then
    echo failed >"$base.status"
    return
  fi
  local qpdf=fail fonts=fail text=fail
  # qpdf exits 0 when clean, 3 with warnings, 2 with errors.
  if qpdf --check "$base.pdf" >"$base.qpdf.log" 2>&1; then
    qpdf=pass
  fi
  if pdffonts "$base.pdf" >"$base.fonts.log" 2>&1; then
    # Rows after the two header lines; "emb" is the fifth column from the right.
    if awk 'NR > 2 { rows++; if ($(NF - 4) != "yes") bad++ } END { exit !(rows > 0 && !bad) }' \
      "$base.fonts.log"; then
      fonts=pass
    fi
  fi
  if pdftotext -enc UTF-8 "$base.pdf" "$base.txt" >"$base.text.log" 2>&1 &&
    grep -q '[[:alnum:]]' "$base.txt"; then
    text=pass
  fi
  printf 'converted\n%s\n%s\n%s\n' "$qpdf" "$fonts" "$text" >"$base.status"
}
export -f check
export bin out

{
  for page in "$corpus"/scrapinghub/html/*.html; do
    [ -e "$page" ] && printf '%s\0%s\0' "$page" "scrapinghub-$(basename "$page" .html)"
  done
  for dir in "$corpus"/readability/*/; do
    [ -e "$dir/source.html" ] && printf '%s\0%s\0' "$dir/source.html" "readability-$(basename "$dir")"
  done
} | xargs -0 -n 2 -P "${JOBS:-2}" bash -c 'check "$0" "$1"'

pages=0 converted=0 qpdf_pass=0 fonts_pass=0 text_pass=0
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
  if [ "${lines[1]}" = pass ]; then
    qpdf_pass=$((qpdf_pass + 1))
  else
    report+="qpdf: $name: $(grep -v '^checking\|^PDF Version\|^File is not\|^R = \|^P = ' "$out/$name.qpdf.log" | head -3 | tr '\n' ' ' || :)"$'\n'
  fi
  if [ "${lines[2]}" = pass ]; then
    fonts_pass=$((fonts_pass + 1))
  else
    report+="pdffonts: $name: $(tail -n +3 "$out/$name.fonts.log" | awk '$(NF - 4) != "yes"' | head -2 | tr '\n' ' ' || :)"$'\n'
  fi
  if [ "${lines[3]}" = pass ]; then
    text_pass=$((text_pass + 1))
  else
    report+="pdftotext: $name: no text $(head -c 200 "$out/$name.text.log" | tr '\n' ' ' || :)"$'\n'
  fi
done

printf '%s' "$report"
echo "pages:                $pages"
echo "converted:            $converted pass, $((pages - converted)) fail"
echo "qpdf --check:         $qpdf_pass pass, $((converted - qpdf_pass)) fail"
echo "pdffonts all emb=yes: $fonts_pass pass, $((converted - fonts_pass)) fail"
echo "pdftotext non-empty:  $text_pass pass, $((converted - text_pass)) fail"
