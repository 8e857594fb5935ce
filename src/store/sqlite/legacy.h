/* The SQLite connection of a rasd_store, for the areas of src/store and src/story not yet
 * behind the persistence seam (src/store/backend.h lists which).  Each such file includes
 * this header; moving an area behind the seam removes the include. */
#ifndef RASD_STORE_SQLITE_LEGACY_H
#define RASD_STORE_SQLITE_LEGACY_H
#include "store/store.h"
#include <sqlite3.h>

/* Runs SQL without results.  Returns RASD_OK or RASD_EDB (s's detail says why). */
int store_exec(rasd_store *s, const char *sql);

/* Prepares sql into *st once (the caller finalizes).  Returns RASD_OK or RASD_EDB. */
int store_prepare(rasd_store *s, sqlite3_stmt **st, const char *sql);

/* Binds text p[0..n) (NULL: SQL NULL) to parameter i. */
int store_bind_text(sqlite3_stmt *st, int i, const char *p, size_t n);

/* The SQLite connection under s. */
sqlite3 *store_db(rasd_store *s);

#endif
