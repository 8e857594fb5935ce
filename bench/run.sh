#!/bin/sh
# make bench: runs every bench/bench_*.sh in order; each prints its own figures and ratios
# against a peer tool run side by side on the same input.
BUILD=${1:-build}
export RASD="$BUILD/rasd"
SAMPLE=../shared/data/saudinewsnet/saudinewsnet_sample_30MB.txt
export SAMPLE
if [ ! -f "$SAMPLE" ]; then echo "skipped: ../shared not found"; exit 0; fi
for b in bench/bench_*.sh; do
  [ -f "$b" ] || continue
  echo "== $b"
  sh "$b" || echo "bench $b failed"
done
