#!/bin/sh
# Builds every fuzz/fuzz_*.c as a libFuzzer target (clang, ASan+UBSan) over the library
# sources and runs each for SECONDS (default 20).  Seeds: fuzz/corpus/<target>/ when present.
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
set -e
secs=${1:-20}; [ $# -gt 0 ] && shift
out=build/fuzz
mkdir -p "$out"
make -s RASD_NO_SETUP=1 build/gen/rasd_data.c >/dev/null
CFLAGS="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 -Iinclude -Isrc -Ibuild/gen
 $(pkg-config --cflags libutf8proc jansson libxml-2.0 sqlite3)
 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined"
LIBS="$(pkg-config --libs libutf8proc jansson libxml-2.0 sqlite3) -lstemmer -lm -lpthread"
# The library's sources: the layers the Makefile builds (LAYERS), so a new folder is not missed.
LAYERS=$(sed -n 's/^LAYERS *:= *//p' Makefile)
# (a layer named by a make variable, such as $(PG_LAYER), lists nothing here)
SRC=$(for d in $LAYERS; do ls src/$d/*.c 2>/dev/null || true; done)
targets=$*
[ -z "$targets" ] && targets=$(ls fuzz/fuzz_*.c 2>/dev/null | sed 's|fuzz/\(.*\)\.c|\1|')
[ -z "$targets" ] && { echo "no fuzz targets"; exit 0; }
status=0
for t in $targets; do
  # shellcheck disable=SC2086
  clang $CFLAGS -o "$out/$t" "fuzz/$t.c" $SRC build/gen/rasd_data.c $LIBS
  mkdir -p "$out/corpus/$t"
  seeds=""; [ -d "fuzz/corpus/$t" ] && seeds="fuzz/corpus/$t"
  echo "fuzz $t for ${secs}s"
  if ! "$out/$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=4096 -max_len=65536 \
        -print_final_stats=0 -artifact_prefix="$out/$t-" "$out/corpus/$t" $seeds >"$out/$t.log" 2>&1; then
    echo "fuzz $t FAILED (see $out/$t.log)"; tail -30 "$out/$t.log"; status=1
  else
    grep -E '^#[0-9]+ *DONE' "$out/$t.log" | tail -1
  fi
done
exit $status
