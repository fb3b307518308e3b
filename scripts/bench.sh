#!/usr/bin/env bash
# The benchmark of issue #8, from one command: builds the app, a bare Leptos counter (same
# profile, rustflags and wasm-opt level) and the app once more with a generated city-sized plan,
# then measures transfer size, start-up, one entry and the city plan in headless Chromium served
# from 127.0.0.1, printing every figure with its budget and its ratio to the counter; then the
# floor any further split could reach (bench/floor.mjs) and sync at city scale.
# A measurement, not a test: it exits 0 whatever the figures (it fails only if a build fails).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/setup.sh" test
cd "$root"
out="$root/target/bench"
mkdir -p "$out"

step() { printf '\033[1;34m==> %s\033[0m\n' "$*" >&2; }

step "app release build"
trunk build --release --dist "$out/app" >/dev/null 2>&1 || trunk build --release --dist "$out/app"

step "bare Leptos counter release build (baseline)"
# Its cargo output goes under the root target/ too, never into the source tree.
(cd bench/counter && export CARGO_TARGET_DIR="$root/target/bench-counter" &&
  { trunk build --release --dist "$out/counter" >/dev/null 2>&1 ||
    trunk build --release --dist "$out/counter"; })

step "city-sized plan: generate, then build the app with it embedded"
cargo run -q --release -p taizhang-cli -- city "$out/city-data"
TAIZHANG_SEED="$out/city-data/city-plan.txt" trunk build --release --dist "$out/city" >/dev/null 2>&1 ||
  TAIZHANG_SEED="$out/city-data/city-plan.txt" trunk build --release --dist "$out/city"

step "measuring"
node bench/bench.mjs "$out/app" "$out/counter" "$out/city" "$out/city-data/city-snapshot.json"

step "the floor of splitting: the main module holding only what start-up runs"
node bench/floor.mjs "$out/app" "$out/counter" "$out/floor"

step "sync: the city ledger through PouchDB Server (issue #18)"
node bench/sync.mjs "$out/city" "$out/city-data/city-snapshot.json"
