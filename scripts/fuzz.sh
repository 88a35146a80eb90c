#!/usr/bin/env bash
# Runs the fuzz targets in fuzz/ with cargo-fuzz (libFuzzer) for a set time each.
#
#   scripts/fuzz.sh TARGET SECONDS   one target (html_normalize, text_normalize, mhtml, feed,
#                                    smtp_config, cookies,
#                                    pipeline_epub, pipeline_pdf)
#   scripts/fuzz.sh all SECONDS      every target, one after the other
#
# Needs a nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz --locked`). Each target's
# corpus (fuzz/corpus/TARGET) is seeded from tests/fixtures and kept between runs; crashes land in
# fuzz/artifacts/TARGET. Runs at the lowest priority (FUZZ_NICE sets another niceness), with a 2 GB memory limit per input. Add a
# crash input to tests/fixtures/fuzz-regressions/ once it is fixed.
set -euo pipefail

targets=(html_normalize text_normalize pipeline_epub pipeline_pdf mhtml feed smtp_config cookies)
target=${1:?usage: scripts/fuzz.sh TARGET|all SECONDS}
seconds=${2:?usage: scripts/fuzz.sh TARGET|all SECONDS}
root=$(cd "$(dirname "$0")/.." && pwd)

seed() {
    local corpus=$1
    mkdir -p "$corpus"
    find "$root/tests/fixtures" -type f -size -1000k -exec cp -n {} "$corpus/" \;
    cp -n "$root"/examples/*.html "$corpus/" 2>/dev/null || true
}

run() {
    local name=$1
    local corpus="$root/fuzz/corpus/$name"
    seed "$corpus"
    echo "== $name for ${seconds}s"
    (cd "$root/fuzz" && nice -n "${FUZZ_NICE:-19}" cargo +nightly fuzz run "$name" "$corpus" -- \
        -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=262144 -timeout=60 -print_final_stats=1)
}

if [ "$target" = all ]; then
    for name in "${targets[@]}"; do run "$name"; done
else
    run "$target"
fi
