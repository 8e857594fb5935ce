/* The connection of a rasd_store for the areas not yet behind the seam (legacy.h). */
#include "store/sqlite/legacy.h"
#include "store/sqlite/sqlite.h"
#include <stdlib.h>
#include <string.h>

sqlite3 *store_db(rasd_store *s)
{
    return s ? sqlite_db(s->b) : NULL;
}

int store_exec(rasd_store *s, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(store_db(s), sql, NULL, NULL, &msg) == SQLITE_OK)
        return RASD_OK;
    free(s->detail);
    s->detail = msg ? strdup(msg) : NULL;
    sqlite3_free(msg);
    return RASD_EDB;
}

int store_prepare(rasd_store *s, sqlite3_stmt **st, const char *sql)
{
    if (*st)
        return RASD_OK;
    if (sqlite3_prepare_v3(store_db(s), sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) !=
        SQLITE_OK)
        return store_fail(s);
    return RASD_OK;
}

int store_bind_text(sqlite3_stmt *st, int i, const char *p, size_t n)
{
    return sqlite_bind(st, i, (struct sb_text){p, n});
}
