#!/usr/bin/env bash
# Scores cleancopy's article extraction on the shared corpus of real pages, when it exists:
# the scrapinghub pages (human-annotated article bodies), Mozilla's Readability test pages and
# trafilatura's evaluation pages (snippets the text must and must not contain).
# Runs the release binary's `text --body-only` on every page, then the corpus's own scorers;
# then `json` on every page: Mozilla's expected metadata and structure (images, headings), and
# the JSON-LD and OpenGraph each scrapinghub page declares.
#
# usage: scripts/score-corpus.sh [CORPUS_DIR]     (default: ../shared/corpus)
# env:   CLEANCOPY=path/to/binary  KEEP=dir (keep the extracted texts there)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:-$root/../shared/corpus}
if [ ! -f "$corpus/score.py" ]; then
  echo "no corpus at $corpus: nothing to score"
  exit 0
fi
bin=${CLEANCOPY:-$root/target/release/cleancopy}
if [ -z "${CLEANCOPY:-}" ]; then
  cargo build --release --quiet --manifest-path "$root/Cargo.toml"
fi
out=${KEEP:-$(mktemp -d)}
[ -n "${KEEP:-}" ] || trap 'rm -rf "$out"' EXIT
mkdir -p "$out/scrapinghub" "$out/readability" "$out/metadata" "$out/scrapinghub-metadata" \
  "$out/trafilatura"

extract() { # page output
  "$bin" text --body-only --from html "$1" >"$2" 2>/dev/null || : >"$2"
}

for page in "$corpus"/scrapinghub/html/*.html; do
  id=$(basename "$page" .html)
  extract "$page" "$out/scrapinghub/$id.txt"
  "$bin" json --from html "$page" >"$out/scrapinghub-metadata/$id.json" 2>/dev/null || :
done
for dir in "$corpus"/readability/*/; do
  name=$(basename "$dir")
  extract "$dir/source.html" "$out/readability/$name.txt"
  "$bin" json --from html "$dir/source.html" >"$out/metadata/$name.json" 2>/dev/null || :
done
if [ -d "$corpus/trafilatura/html" ]; then
  for page in "$corpus"/trafilatura/html/*; do
    extract "$page" "$out/trafilatura/$(basename "$page").txt"
  done
fi

echo "scrapinghub:"
python3 "$corpus/score.py" "$out/scrapinghub" "$corpus/scrapinghub/ground-truth.json" | tail -n 1
echo "readability:"
python3 "$corpus/score.py" --readability "$out/readability" "$corpus/readability" | tail -n 1
if [ -d "$corpus/trafilatura/html" ]; then
  echo "trafilatura (snippets found and furniture kept):"
  python3 "$corpus/trafilatura/score_snippets.py" "$out/trafilatura" | tail -n 1
fi
echo "metadata (Mozilla pages, where the expected value is given):"
python3 "$root/scripts/score-metadata.py" "$out/metadata" "$corpus/readability"
echo "structure (Mozilla pages: images and headings of expected.html found in the document):"
python3 "$root/scripts/score-structure.py" "$out/metadata" "$corpus/readability"
echo "declared metadata read (scrapinghub pages: JSON-LD and OpenGraph):"
python3 "$root/scripts/score-metadata-sources.py" "$out/scrapinghub-metadata" "$corpus/scrapinghub/html"
