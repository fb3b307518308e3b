#!/usr/bin/env bash
# Installs what the build needs (skipping what is present) and makes the static release build in
# dist/, ready for any static host (site root or a sub-path).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/setup.sh" build
cd "$root"
trunk build --release
echo "dist/ is ready: copy it to any static host." >&2
