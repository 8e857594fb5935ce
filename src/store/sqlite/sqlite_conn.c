/* The SQLite backend: connections, batches and the statement helpers of its files. */
#include "store/sqlite/sqlite.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How long a store waits for another process's lock before giving up. */
#define SB_BUSY_MS 10000
#define SB_RETRY_MS 20

/* SQLite keeps only the message of its last call, and a rollback that succeeds clears
 * it: so a failure's message is copied, to be read after the backend has cleaned up. */
int sqlite_fail(struct sb *b)
{
    struct sqlite_sb *q = sq(b);
    free(q->msg);
    q->msg = q->db ? strdup(sqlite3_errmsg(q->db)) : NULL;
    return RASD_EDB;
}

const char *sqlite_errmsg(struct sb *b)
{
    if (b && sq(b)->msg)
        return sq(b)->msg;
    return sqlite3_errmsg(b ? sq(b)->db : NULL);
}

sqlite3 *sqlite_db(struct sb *b)
{
    return b ? sq(b)->db : NULL;
}

int sqlite_exec(struct sb *b, const char *sql)
{
    return sqlite3_exec(sq(b)->db, sql, NULL, NULL, NULL) == SQLITE_OK ? RASD_OK
                                                                       : sqlite_fail(b);
}

int sqlite_prepare(struct sb *b, sqlite3_stmt **st, const char *sql)
{
    if (*st)
        return RASD_OK;
    if (sqlite3_prepare_v3(sq(b)->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) !=
        SQLITE_OK)
        return sqlite_fail(b);
    return RASD_OK;
}

int sqlite_bind(sqlite3_stmt *st, int i, struct sb_text t)
{
    if (!t.p)
        return sqlite3_bind_null(st, i);
    return sqlite3_bind_text64(st, i, t.p, t.n, SQLITE_TRANSIENT, SQLITE_UTF8);
}

int sqlite_step_done(struct sb *b, sqlite3_stmt *st)
{
    int step = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return step == SQLITE_DONE ? RASD_OK : sqlite_fail(b);
}

struct sb_text sqlite_col(sqlite3_stmt *st, int i)
{
    const char *p = (const char *)sqlite3_column_text(st, i);
    return (struct sb_text){p, p ? (size_t)sqlite3_column_bytes(st, i) : 0};
}

int64_t sqlite_col_int(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? RASD_NOVAL : sqlite3_column_int64(st, i);
}

/* Switching a new store to WAL needs the file to itself, and SQLite answers SQLITE_BUSY
 * there without calling the busy handler: two ingests creating one store would see one
 * fail at once.  So the switch waits here, as long as the busy timeout would. */
static int set_wal(struct sb *b)
{
    for (int waited = 0;; waited += SB_RETRY_MS) {
        int rc = sqlite_exec(b, "PRAGMA journal_mode=WAL");
        if (rc == RASD_OK || (sqlite3_extended_errcode(sq(b)->db) & 0xff) != SQLITE_BUSY ||
            waited >= SB_BUSY_MS)
            return rc;
        sqlite3_sleep(SB_RETRY_MS);
    }
}

/* The end of a failed open: *out keeps b when SQLite has a message to read. */
static int open_failed(struct sb *b, int rc, struct sb **out)
{
    if (rc == RASD_EDB && sq(b)->db) {
        *out = b;
        return rc;
    }
    sqlite_close(b, 0);
    return rc;
}

/* A new handle of this backend, with no connection yet. */
static struct sb *new_handle(void)
{
    struct sqlite_sb *q = calloc(1, sizeof *q);
    if (!q)
        return NULL;
    q->base.ops = &sb_sqlite_ops;
    return &q->base;
}

int sqlite_open(const char *path, struct sb **out)
{
    *out = NULL;
    struct sb *b = new_handle();
    if (!b)
        return RASD_ENOMEM;
    if (sqlite3_open_v2(path, &sq(b)->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK)
        return open_failed(b, sq(b)->db ? sqlite_fail(b) : RASD_ENOMEM, out);
    /* Another writer (a second ingest) waits for the lock rather than failing at once. */
    sqlite3_busy_timeout(sq(b)->db, SB_BUSY_MS);
    sqlite3_extended_result_codes(sq(b)->db, 1);
    int rc;
    if ((rc = set_wal(b)) != RASD_OK ||
        (rc = sqlite_exec(b, "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                             "PRAGMA temp_store=MEMORY;")) != RASD_OK ||
        (rc = sqlite_fts5_register(sq(b)->db)) != RASD_OK)
        return open_failed(b, rc, out);
    *out = b;
    return RASD_OK;
}

/* "file:" URI of path with `query`, for SQLite's URI parameters. */
static char *ro_uri(const char *path, const char *query)
{
    size_t n = strlen(path);
    char *u = malloc(3 * n + strlen(query) + 8);
    if (!u)
        return NULL;
    char *o = u + sprintf(u, "file:");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)path[i];
        o += c == '%' || c == '?' || c == '#' ? sprintf(o, "%%%02X", c) : sprintf(o, "%c", c);
    }
    sprintf(o, "?%s", query);
    return u;
}

/* Opens path read-only with the URI parameters `query` and reads its schema once, which
 * is when SQLite finds out whether it can read the file at all. */
static int ro_connect(struct sb *b, const char *path, const char *query)
{
    char *uri = ro_uri(path, query);
    if (!uri)
        return RASD_ENOMEM;
    int rc = sqlite3_open_v2(uri, &sq(b)->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
    free(uri);
    if (rc != SQLITE_OK)
        return sq(b)->db ? sqlite_fail(b) : RASD_ENOMEM;
    sqlite3_busy_timeout(sq(b)->db, SB_BUSY_MS);
    sqlite3_extended_result_codes(sq(b)->db, 1);
    return sqlite_exec(b, "SELECT count(*) FROM sqlite_master");
}

int sqlite_open_readonly(const char *path, struct sb **out)
{
    *out = NULL;
    struct sb *b = new_handle();
    if (!b)
        return RASD_ENOMEM;
    int rc = ro_connect(b, path, "mode=ro");
    if (rc == RASD_EDB && sq(b)->db && sqlite3_errcode(sq(b)->db) != SQLITE_NOTADB) {
        /* A WAL store in a directory we may not write: SQLite cannot make the shared-memory
         * file readers need.  Then nobody with our rights writes there either, and the
         * file is read as it stands. */
        sqlite3_close_v2(sq(b)->db);
        sq(b)->db = NULL;
        free(sq(b)->msg);
        sq(b)->msg = NULL;
        rc = ro_connect(b, path, "mode=ro&immutable=1");
    }
    if (rc == RASD_OK)
        rc = sqlite_exec(b, "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;");
    if (rc == RASD_OK)
        rc = sqlite_fts5_register(sq(b)->db);
    if (rc != RASD_OK)
        return open_failed(b, rc, out);
    *out = b;
    return RASD_OK;
}

void sqlite_close(struct sb *b, int optimize)
{
    if (!b)
        return;
    struct sqlite_sb *q = sq(b);
    sqlite3_stmt *sts[] = {q->st_find, q->st_del, q->st_ins, q->st_fig, q->st_men, q->st_names,
                           q->st_post, q->st_members, q->st_get_id, q->st_get_seq};
    for (size_t i = 0; i < sizeof sts / sizeof *sts; i++)
        sqlite3_finalize(sts[i]);
    if (q->db) {
        if (optimize)
            sqlite3_exec(q->db, "PRAGMA optimize", NULL, NULL, NULL);
        sqlite3_close_v2(q->db);
    }
    free(q->msg);
    free(q);
}

int sqlite_begin(struct sb *b)
{
    return sqlite_exec(b, "BEGIN IMMEDIATE");
}

int sqlite_commit(struct sb *b)
{
    return sqlite_exec(b, "COMMIT");
}

void sqlite_rollback(struct sb *b)
{
    if (!sqlite3_get_autocommit(sq(b)->db))
        sqlite3_exec(sq(b)->db, "ROLLBACK", NULL, NULL, NULL);
}

int sqlite_in_txn(struct sb *b)
{
    return !sqlite3_get_autocommit(sq(b)->db);
}

/* Runs `verb name` (and `then name`), name being one of rasd's own identifiers. */
static int savepoint_sql(struct sb *b, const char *verb, const char *name, const char *then)
{
    char sql[128];
    int n = then ? snprintf(sql, sizeof sql, "%s %s; %s %s", verb, name, then, name)
                 : snprintf(sql, sizeof sql, "%s %s", verb, name);
    if (n < 0 || n >= (int)sizeof sql)
        return RASD_EINVAL;
    return sqlite_exec(b, sql);
}

int sqlite_mark(struct sb *b, const char *name)
{
    return savepoint_sql(b, "SAVEPOINT", name, NULL);
}

int sqlite_release(struct sb *b, const char *name)
{
    return savepoint_sql(b, "RELEASE", name, NULL);
}

int sqlite_undo(struct sb *b, const char *name)
{
    return savepoint_sql(b, "ROLLBACK TO", name, "RELEASE");
}
