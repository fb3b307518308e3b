#!/usr/bin/env bash
# The one test command (README, and .ci/run calls exactly this). Installs what the tests need
# (skipping what is present), then runs every check in order:
#   formatting, clippy (native and wasm), native tests (domain, CLI, property tests),
#   wasm-bindgen tests in headless Chromium, the release build, end-to-end tests in Chromium.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/setup.sh" test
cd "$root"

step() { printf '\n\033[1;34m==> %s\033[0m\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all --check

step "cargo clippy (native, all targets; warnings denied)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "cargo clippy (wasm32 app; warnings denied)"
# With `split`, as the release is built (the native run above covers the functions without it).
cargo clippy -p taizhang --target wasm32-unknown-unknown --all-targets --features split --locked -- -D warnings

step "native tests (domain, CLI, property tests)"
PROPTEST_CASES="${PROPTEST_CASES:-256}" cargo test --workspace --locked

step "browser tests (wasm-bindgen-test in headless Chromium)"
cargo test -p taizhang --target wasm32-unknown-unknown --locked

step "release build (trunk, wasm-opt -Oz)"
trunk build --release

step "end-to-end tests (release build served from 127.0.0.1, headless Chromium)"
node --test --test-concurrency=1 tests/e2e/
