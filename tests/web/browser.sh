#!/bin/sh
# The page in a real browser: tests/web/*.test.mjs under `node --test`, driving Debian's
# headless Chromium through puppeteer-core against a `rasd serve` of the demo store that each
# file starts on a free loopback port.  Prints PASS:/FAIL: per test for tests/run.sh; the
# screenshot of the story page is left in build/story.png.
cd "$(dirname "$0")/../.." || exit 1
RASD=${RASD:-build/rasd}
export RASD
if [ ! -x /usr/bin/chromium ]; then
  echo "SKIP: browser tests (chromium not installed: /usr/bin/chromium)"; exit 0
fi
if [ ! -d node_modules/puppeteer-core ]; then
  echo "SKIP: browser tests (chromium not installed: node_modules missing, scripts/setup.sh runs npm ci)"; exit 0
fi
if [ ! -x "$RASD" ]; then echo "FAIL: browser tests ($RASD not built)"; exit 1; fi
status=0
out=$(mktemp); trap 'rm -f "$out"' EXIT
for t in tests/web/*.test.mjs; do
  name=$(basename "$t" .test.mjs)
  timeout 300 node --test --test-reporter=tap "$t" >"$out" 2>&1; rc=$?
  # Top-level results only ("ok N - name" at the start of a line); a failure shows its report.
  sed -n 's/^ok [0-9]* - \(.*\)/PASS: web '"$name"': \1/p' "$out" | grep -v ' # SKIP'
  sed -n 's/^ok [0-9]* - \(.*\) # SKIP.*/SKIP: web '"$name"': \1/p' "$out"
  if grep -q '^not ok ' "$out"; then
    sed -n 's/^not ok [0-9]* - \(.*\)/FAIL: web '"$name"': \1/p' "$out"
    sed -n '/^not ok /,/^ok \|^# tests/p' "$out" | grep -v '^ok ' | head -60
    status=1
  elif [ "$rc" -ne 0 ] || ! grep -q '^ok ' "$out"; then
    echo "FAIL: web $name (node --test exited $rc)"; tail -n 40 "$out"; status=1
  fi
  sed -n 's/^# \\\{0,1\}# \(live update.*\)/\1/p' "$out"
done
exit $status
