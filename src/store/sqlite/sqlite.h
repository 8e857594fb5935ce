/* The SQLite backend of the persistence seam (src/store/backend.h): its handle and the
 * statement helpers its files share.  Nothing outside src/store/sqlite/ includes it but
 * legacy.h's users. */
#ifndef RASD_STORE_SQLITE_H
#define RASD_STORE_SQLITE_H
#include "store/backend.h"
#include <sqlite3.h>

struct sb {
    sqlite3 *db;
    /* Statements of the write path, prepared once and finalized by sb_close. */
    sqlite3_stmt *st_find, *st_del, *st_ins, *st_fig, *st_men, *st_names;
};

/* Records that the last failure is SQLite's current one and returns RASD_EDB. */
int sqlite_fail(struct sb *b);

/* Runs SQL without results.  Returns RASD_OK or RASD_EDB (sb_errmsg says why). */
int sqlite_exec(struct sb *b, const char *sql);

/* Prepares sql into *st once (kept until sb_close when one of b's members, else the
 * caller finalizes).  Returns RASD_OK or RASD_EDB. */
int sqlite_prepare(struct sb *b, sqlite3_stmt **st, const char *sql);

/* Binds t (p NULL: SQL NULL) to parameter i, copied. */
int sqlite_bind(sqlite3_stmt *st, int i, struct sb_text t);

/* Steps a write statement once, then resets it and its bindings.  RASD_OK or RASD_EDB. */
int sqlite_step_done(struct sb *b, sqlite3_stmt *st);

/* Column i of the current row as text (p NULL for SQL NULL). */
struct sb_text sqlite_col(sqlite3_stmt *st, int i);

/* Column i as an integer, RASD_NOVAL for SQL NULL. */
int64_t sqlite_col_int(sqlite3_stmt *st, int i);

/* The connection under b, for the areas not yet behind the seam (legacy.h). */
sqlite3 *sqlite_db(struct sb *b);

#endif
