#!/usr/bin/env bash
# Runs the hostile-input tests too slow for a debug `cargo test` (marked #[ignore] in
# tests/hostile.rs), in a release build.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --release --test hostile -- --ignored
