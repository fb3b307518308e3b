#!/usr/bin/env bash
# Trunk's post_build hook (Trunk.toml). Trunk starts the hooks of one stage in parallel, so the
# steps that depend on each other run here in order: the split (every chunk must exist before the
# service worker's file list is written), then the service worker.
set -euo pipefail
src="${TRUNK_SOURCE_DIR:-.}"
node "$src/scripts/wasm-split.mjs"
bash "$src/scripts/sw-manifest.sh"
