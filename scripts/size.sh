#!/usr/bin/env bash
# Prints the transfer size of the release build: each file of dist/, raw and gzip -9, and the
# total. Builds first unless --no-build. A measurement, not a test: it never fails on a figure.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [ "${1:-}" != "--no-build" ]; then
  source scripts/setup.sh build
  trunk build --release >/dev/null
fi
printf '%-44s %10s %10s\n' file raw gzip-9
total_raw=0
total_gz=0
for f in dist/*; do
  [ -f "$f" ] || continue
  raw=$(stat -c %s "$f")
  gz=$(gzip -9c "$f" | wc -c)
  total_raw=$((total_raw + raw))
  total_gz=$((total_gz + gz))
  printf '%-44s %10d %10d\n' "$(basename "$f")" "$raw" "$gz"
done
printf '%-44s %10d %10d\n' total "$total_raw" "$total_gz"
