#!/bin/sh
# The persistence seam holds: no source outside a backend's folder (src/store/sqlite/,
# src/store/pg/) includes a database's header or calls its API, the public header names no
# backend type, and every operation of struct sb_ops has its sb_* function.
cd "$(dirname "$0")/../.." || exit 1
expect() { # name, got, wanted
  if [ "$2" = "$3" ]; then echo "PASS: $1"; else echo "FAIL: $1 (got '$2', wanted '$3')"; fi
}
outside=$(grep -rlE '#include <(sqlite3|libpq-fe)\.h>|\b(sqlite3|PQ)[a-z_]*\(' src \
          --include='*.c' --include='*.h' | grep -vE '^src/store/(sqlite|pg)/' | tr '\n' ' ')
expect "no database API outside the backends' folders" "$outside" ""
expect "include/rasd.h names no backend type" \
  "$(grep -cE 'sqlite3|PGconn|PGresult|struct sb\b' include/rasd.h)" "0"
expect "legacy.h is gone" "$(ls src/store/sqlite/legacy.h 2>/dev/null)" ""
# Each member of struct sb_ops (after `name`) is dispatched by src/store/backend.c.
ops=$(sed -n '/^struct sb_ops {/,/^};/p' src/store/backend.h |
      sed -n 's/^    [a-z][a-z_ ]*[ *](\*\([a-z_]*\))(.*/\1/p' | sort)
missing=""
for op in $ops; do
  grep -q "b->ops->$op(\|\.$op(\|->$op(" src/store/backend.c || missing="$missing $op"
done
expect "sb_ops has operations" "$( [ -n "$ops" ] && echo yes)" "yes"
expect "every operation of sb_ops has its sb_* dispatcher" "$missing" ""
# The SQLite backend fills every member of the table.
unset_ops=""
for op in $ops; do
  grep -q "\.$op = sqlite_$op," src/store/sqlite/sqlite_ops.c || unset_ops="$unset_ops $op"
done
expect "sb_sqlite_ops fills every operation" "$unset_ops" ""
