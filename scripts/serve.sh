#!/usr/bin/env bash
# Installs what the build needs (skipping what is present), then builds and serves Taizhang at
# http://127.0.0.1:8080/ (trunk prints the URL). Pass --release for the optimised build.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/setup.sh" build
cd "$root"
exec trunk serve "$@"
