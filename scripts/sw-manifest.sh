#!/usr/bin/env bash
# Trunk post_build hook (see Trunk.toml): writes dist/sw.js from the sw.js template with the
# release's file list and a version that changes whenever any file's content does, so that a new
# release installs a new service worker and replaces the old cache.
set -euo pipefail
stage="${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}"
src="${TRUNK_SOURCE_DIR:-.}"
cd "$stage"
files=$(find . -type f ! -name sw.js | sed 's|^\./||' | LC_ALL=C sort)
version=$(for f in $files; do sha256sum "$f"; done | sha256sum | cut -c1-16)
list='"./"'
for f in $files; do
  [ "$f" = index.html ] && continue
  list="$list, \"./$f\""
done
sed -e "s|__TAIZHANG_VERSION__|$version|" -e "s|__TAIZHANG_FILES__|[$list]|" "$src/sw.js" > sw.js
