#!/bin/sh
# Writes BUILD/web/: the page's own files from web/ and the pinned libraries it uses, copied
# out of node_modules (package.json + package-lock.json; scripts/setup.sh runs npm ci), so the
# server embeds everything and the page loads nothing from another address.
# Usage: scripts/web-build.sh [BUILD]
set -e
BUILD=${1:-build}
NM=node_modules
out="$BUILD/web"
# name in BUILD/web   file in node_modules
VENDOR="d3.min.js d3/dist/d3.min.js
plot.umd.min.js @observablehq/plot/dist/plot.umd.min.js
topojson-client.min.js topojson-client/dist/topojson-client.min.js
countries-110m.json world-atlas/countries-110m.json"
echo "$VENDOR" | while read -r name src; do
  if [ ! -f "$NM/$src" ]; then
    echo "web-build: $NM/$src missing (run npm ci, or scripts/setup.sh)" >&2
    exit 1
  fi
done
mkdir -p "$out"
tmp="$out.tmp.$$"
rm -rf "$tmp"; mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
cp web/index.html web/app.js web/app.css "$tmp/"
echo "$VENDOR" | while read -r name src; do cp "$NM/$src" "$tmp/$name"; done
{
  for pkg in d3 @observablehq/plot topojson-client world-atlas; do
    v=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$NM/$pkg/package.json" | head -n 1)
    printf '== %s %s\n\n' "$pkg" "$v"
    for f in LICENSE LICENSE.md LICENSE.txt; do
      [ -f "$NM/$pkg/$f" ] && { cat "$NM/$pkg/$f"; echo; break; }
    done
  done
} >"$tmp/LICENSES.txt"
# Replace the folder's files only once all are in place, so a failed build leaves the last one.
rm -rf "$out"; mv "$tmp" "$out"
