#!/usr/bin/env bash
# Runs the fuzz targets in fuzz/ with cargo-fuzz (libFuzzer) for a set time each.
#
#   scripts/fuzz.sh TARGET SECONDS   one target (see `targets` below)
#   scripts/fuzz.sh all SECONDS      every target, one after the other
#   scripts/fuzz.sh list             the targets
#
# Needs cargo-fuzz (`cargo install cargo-fuzz --locked`). With a nightly toolchain it is used;
# without one (or with FUZZ_TOOLCHAIN=stable), the stable toolchain is let build the sanitizer
# flags (RUSTC_BOOTSTRAP=1).
# cargo-fuzz builds in release mode with debug assertions (overflow checks included). Each
# target's corpus (fuzz/corpus/TARGET) is seeded from tests/fixtures (and, for pictures, from
# fuzz/seed_pictures.py, which needs Pillow) and kept between runs; crashes land in
# fuzz/artifacts/TARGET. Runs at the lowest priority (FUZZ_NICE sets another niceness), with a
# 2 GB memory limit per input. Add a crash input to tests/fixtures/fuzz-regressions/ once it is
# fixed. The last lines of each run (libFuzzer's final statistics) give its execution count.
set -euo pipefail

targets=(html_normalize text_normalize pipeline_epub pipeline_pdf mhtml feed smtp_config cookies
    picture_png picture_jpeg picture_gif picture_webp picture_avif picture_svg)
target=${1:?usage: scripts/fuzz.sh TARGET|all SECONDS | list}
if [ "$target" = list ]; then
    printf '%s\n' "${targets[@]}"
    exit 0
fi
seconds=${2:?usage: scripts/fuzz.sh TARGET|all SECONDS}
root=$(cd "$(dirname "$0")/.." && pwd)

# FUZZ_TOOLCHAIN=stable or =nightly chooses; by default nightly when there is one.
toolchain=${FUZZ_TOOLCHAIN:-}
if [ -z "$toolchain" ]; then
    toolchain=stable
    rustup toolchain list 2>/dev/null | grep -q '^nightly' && toolchain=nightly
fi
if [ "$toolchain" = nightly ]; then
    fuzz=(cargo +nightly fuzz)
else
    export RUSTC_BOOTSTRAP=1
    fuzz=(cargo fuzz)
fi

seed() {
    local name=$1 corpus=$2
    mkdir -p "$corpus"
    case "$name" in
    picture_svg) find "$root/tests/fixtures" -type f -name '*.svg' -exec cp -n {} "$corpus/" \; ;;
    picture_*) python3 "$root/fuzz/seed_pictures.py" "$root/fuzz/corpus" || echo "no picture seeds (Pillow missing?)" ;;
    *)
        find "$root/tests/fixtures" -type f -size -1000k -exec cp -n {} "$corpus/" \;
        cp -n "$root"/examples/*.html "$corpus/" 2>/dev/null || true
        ;;
    esac
}

run() {
    local name=$1
    local corpus="$root/fuzz/corpus/$name"
    local extra=()
    # The AV1 decoder (re_rav1d 0.1.3) leaks 48 bytes in dav1d_picture_unref for each picture
    # it decodes; that is not ours to fix, and leak reports would stop every run at once.
    [ "$name" = picture_avif ] && extra=(-detect_leaks=0)
    # A drawing just under the limits takes about a second in a release build and fifty times
    # that with the fuzzer's instrumentation; a drawing that escapes the limits takes minutes.
    [ "$name" = picture_svg ] && extra=(-timeout=300)
    seed "$name" "$corpus"
    echo "== $name for ${seconds}s"
    (cd "$root/fuzz" && nice -n "${FUZZ_NICE:-19}" "${fuzz[@]}" run "$name" "$corpus" -- \
        -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=262144 -timeout=60 \
        -print_final_stats=1 "${extra[@]}")
}

if [ "$target" = all ]; then
    for name in "${targets[@]}"; do run "$name"; done
else
    run "$target"
fi
