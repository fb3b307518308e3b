#!/usr/bin/env bash
# Installs, at pinned versions, every tool Taizhang's build and tests need, skipping each one that
# is already present at the right version (a re-run takes seconds). Sourced by serve.sh and
# test.sh; run directly as `scripts/setup.sh build|test`.
#
#   build: Rust wasm target, wasm-bindgen-cli, trunk, wasm-split-cli, npm packages (wasm-opt
#          from binaryen)
#   test:  build + Chromium, ChromeDriver and a CJK font from Debian
#
# GitHub is unreachable on these machines, so nothing may download a binary from it: trunk must
# find wasm-bindgen and wasm-opt on PATH at exactly the versions named in Trunk.toml.
set -euo pipefail

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130
# The wasm splitter (crate wasm_split_cli_support, the code cargo-leptos embeds), run by the
# trunk post_build hook scripts/wasm-split.mjs.
WASM_SPLIT_VERSION=0.2.4

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mode="${1:-build}"

export PATH="$root/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true

say() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }

has_version() { # has_version CMD EXPECTED: true when `CMD --version` prints EXPECTED
  command -v "$1" >/dev/null 2>&1 && "$1" --version 2>/dev/null | grep -qF "$2"
}

setup_build() {
  # The lockfile must pin the same wasm-bindgen as the CLI, or the build fails late and obscurely.
  if ! grep -A1 '^name = "wasm-bindgen"$' "$root/Cargo.lock" | grep -qF "version = \"$WASM_BINDGEN_VERSION\""; then
    say "Cargo.lock does not pin wasm-bindgen $WASM_BINDGEN_VERSION; fix Cargo.toml/Cargo.lock first"
    exit 1
  fi
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  if ! has_version wasm-bindgen "$WASM_BINDGEN_VERSION"; then
    # Without --locked: the CLI's own lockfile wants a crate version the registry lacks.
    say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 3 minutes)"
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
  fi
  if ! has_version trunk "$TRUNK_VERSION"; then
    say "installing trunk $TRUNK_VERSION (about 10 minutes, once)"
    cargo install trunk --version "$TRUNK_VERSION" --locked --force
  fi
  # wasm-split-cli has no --version: cargo's own record of installed crates says which it is.
  if ! command -v wasm-split-cli >/dev/null 2>&1 \
    || ! grep -qF "wasm_split_cli_support $WASM_SPLIT_VERSION " "${CARGO_HOME:-$HOME/.cargo}/.crates.toml" 2>/dev/null; then
    say "installing wasm-split-cli $WASM_SPLIT_VERSION (about 3 minutes, once)"
    cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --locked --features build-binary --force
  fi
  if ! has_version wasm-opt "version_132" || ! [ -d "$root/node_modules/playwright-core" ] \
    || [ "$root/package-lock.json" -nt "$root/node_modules/.package-lock.json" ]; then
    say "installing npm packages from package-lock.json"
    (cd "$root" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

setup_test() {
  local need=()
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
  fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
  if [ "${#need[@]}" -gt 0 ]; then
    say "installing from Debian: ${need[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
}

case "$mode" in
  build) setup_build ;;
  test) setup_build; setup_test ;;
  *) say "usage: scripts/setup.sh build|test"; exit 2 ;;
esac
