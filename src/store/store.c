/* Opening the store, and writing articles in batched transactions. */
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STORE_DEFAULT_BATCH 200
/* How long a store waits for another process's lock before giving up. */
#define STORE_BUSY_MS 10000
#define STORE_RETRY_MS 20

int store_fail(rasd_store *s)
{
    free(s->detail);
    s->detail = strdup(sqlite3_errmsg(s->db));
    return RASD_EDB;
}

void store_detail(rasd_store *s, const char *msg)
{
    free(s->detail);
    s->detail = strdup(msg);
}

int store_exec(rasd_store *s, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) == SQLITE_OK)
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
    if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) != SQLITE_OK)
        return store_fail(s);
    return RASD_OK;
}

int store_bind_text(sqlite3_stmt *st, int i, const char *p, size_t n)
{
    if (!p)
        return sqlite3_bind_null(st, i);
    return sqlite3_bind_text64(st, i, p, n, SQLITE_TRANSIENT, SQLITE_UTF8);
}

sqlite3 *store_db(rasd_store *s)
{
    return s ? s->db : NULL;
}

const char *rasd_store_detail(const rasd_store *s)
{
    return s && s->detail ? s->detail : "";
}

/* Switching a new store to WAL needs the file to itself, and SQLite answers SQLITE_BUSY
 * there without calling the busy handler: two ingests creating one store would see one
 * fail at once.  So the switch waits here, as long as the busy timeout would. */
static int set_wal(rasd_store *s)
{
    for (int waited = 0;; waited += STORE_RETRY_MS) {
        int rc = store_exec(s, "PRAGMA journal_mode=WAL");
        if (rc == RASD_OK || (sqlite3_extended_errcode(s->db) & 0xff) != SQLITE_BUSY ||
            waited >= STORE_BUSY_MS)
            return rc;
        sqlite3_sleep(STORE_RETRY_MS);
    }
}

int rasd_store_open(const char *path, rasd_store **out)
{
    rasd_store *s = calloc(1, sizeof *s);
    if (!s)
        return RASD_ENOMEM;
    s->batch = STORE_DEFAULT_BATCH;
    int rc;
    if (sqlite3_open_v2(path && *path ? path : "rasd.db", &s->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        rc = s->db ? store_fail(s) : RASD_ENOMEM;
        goto fail;
    }
    /* Another writer (a second ingest) waits for the lock rather than failing at once. */
    sqlite3_busy_timeout(s->db, STORE_BUSY_MS);
    sqlite3_extended_result_codes(s->db, 1);
    if ((rc = set_wal(s)) != RASD_OK ||
        (rc = store_exec(s, "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                            "PRAGMA temp_store=MEMORY;")) != RASD_OK)
        goto fail;
    if ((rc = rasd_fts5_register(s->db)) != RASD_OK) {
        store_fail(s);
        goto fail;
    }
    if ((rc = store_migrate(s)) != RASD_OK)
        goto fail;
    *out = s;
    return RASD_OK;
fail:
    if (rc == RASD_EDB && s->detail) {
        *out = s;   /* the contract: the caller reads the detail, then frees */
        return rc;
    }
    rasd_store_free(s);
    return rc;
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
static int ro_connect(rasd_store *s, const char *path, const char *query)
{
    char *uri = ro_uri(path, query);
    if (!uri)
        return RASD_ENOMEM;
    int rc = sqlite3_open_v2(uri, &s->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
    free(uri);
    if (rc != SQLITE_OK)
        return s->db ? store_fail(s) : RASD_ENOMEM;
    sqlite3_busy_timeout(s->db, STORE_BUSY_MS);
    sqlite3_extended_result_codes(s->db, 1);
    return store_exec(s, "SELECT count(*) FROM sqlite_master");
}

int rasd_store_open_readonly(const char *path, rasd_store **out)
{
    rasd_store *s = calloc(1, sizeof *s);
    if (!s)
        return RASD_ENOMEM;
    s->readonly = 1;
    path = path && *path ? path : "rasd.db";
    int rc = ro_connect(s, path, "mode=ro");
    if (rc == RASD_EDB && s->db && sqlite3_errcode(s->db) != SQLITE_NOTADB) {
        /* A WAL store in a directory we may not write: SQLite cannot make the shared-memory
         * file readers need.  Then nobody with our rights writes there either, and the
         * file is read as it stands. */
        sqlite3_close_v2(s->db);
        s->db = NULL;
        rc = ro_connect(s, path, "mode=ro&immutable=1");
    }
    if (rc == RASD_OK)
        rc = store_exec(s, "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;");
    if (rc == RASD_OK && (rc = rasd_fts5_register(s->db)) != RASD_OK)
        store_fail(s);
    if (rc == RASD_OK)
        rc = store_check_schema(s);
    if (rc == RASD_OK || (rc == RASD_EDB && s->detail)) {
        *out = s;
        return rc;
    }
    rasd_store_free(s);
    return rc;
}

void rasd_store_free(rasd_store *s)
{
    if (!s)
        return;
    if (s->in_txn)
        rasd_store_commit(s);
    sqlite3_stmt *sts[] = {s->st_find, s->st_del, s->st_ins, s->st_fig, s->st_men,
                           s->st_names};
    for (size_t i = 0; i < sizeof sts / sizeof *sts; i++)
        sqlite3_finalize(sts[i]);
    store_extractor_free(s->extractor);
    if (s->db) {
        if (!s->readonly)
            sqlite3_exec(s->db, "PRAGMA optimize", NULL, NULL, NULL);
        sqlite3_close_v2(s->db);
    }
    free(s->detail);
    free(s);
}

void rasd_store_set_batch(rasd_store *s, unsigned n)
{
    if (s)
        s->batch = n ? n : 1;
}

int rasd_store_commit(rasd_store *s)
{
    if (!s->in_txn)
        return RASD_OK;
    s->in_txn = 0;
    s->pending = 0;
    int rc = store_exec(s, "COMMIT");
    if (rc != RASD_OK)
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

static void rollback(rasd_store *s)
{
    if (s->in_txn)
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    s->in_txn = 0;
    s->pending = 0;
}

/* Looks up the stored version of id: *seq (0 when none) and whether its hash equals. */
static int find(rasd_store *s, const char *id, const char *hash, int64_t *seq, int *same)
{
    int rc = store_prepare(s, &s->st_find, "SELECT seq, hash FROM articles WHERE id = ?1");
    if (rc != RASD_OK)
        return rc;
    sqlite3_bind_text(s->st_find, 1, id, -1, SQLITE_STATIC);
    *seq = 0;
    *same = 0;
    int step = sqlite3_step(s->st_find);
    if (step == SQLITE_ROW) {
        *seq = sqlite3_column_int64(s->st_find, 0);
        const char *h = (const char *)sqlite3_column_text(s->st_find, 1);
        *same = h && !strcmp(h, hash);
    }
    sqlite3_reset(s->st_find);
    sqlite3_clear_bindings(s->st_find);
    return step == SQLITE_ROW || step == SQLITE_DONE ? RASD_OK : store_fail(s);
}

static int insert_article(rasd_store *s, const rasd_doc *d, const char *hash, int64_t *seq)
{
    int rc = store_prepare(s, &s->st_ins,
        "INSERT INTO articles(id, outlet, url, published, title, text, hash, ingested_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, strftime('%Y-%m-%dT%H:%M:%SZ','now'))");
    if (rc != RASD_OK)
        return rc;
    sqlite3_stmt *st = s->st_ins;
    sqlite3_bind_text(st, 1, d->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, d->outlet, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, d->url, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, d->published, -1, SQLITE_STATIC);
    if (d->title)
        sqlite3_bind_text64(st, 5, d->title, d->title_len, SQLITE_STATIC, SQLITE_UTF8);
    sqlite3_bind_text64(st, 6, d->text ? d->text : "", d->text ? d->text_len : 0,
                        SQLITE_STATIC, SQLITE_UTF8);
    sqlite3_bind_text(st, 7, hash, -1, SQLITE_STATIC);
    int step = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (step != SQLITE_DONE)
        return store_fail(s);
    *seq = sqlite3_last_insert_rowid(s->db);
    return RASD_OK;
}

static int delete_article(rasd_store *s, int64_t seq)
{
    int rc = store_prepare(s, &s->st_del, "DELETE FROM articles WHERE seq = ?1");
    if (rc != RASD_OK)
        return rc;
    sqlite3_bind_int64(s->st_del, 1, seq);
    int step = sqlite3_step(s->st_del);
    sqlite3_reset(s->st_del);
    return step == SQLITE_DONE ? RASD_OK : store_fail(s);
}

/* Undoes the article in flight.  A disk-full or I/O error may have made SQLite roll back
 * the whole transaction already: then there is no savepoint left to go back to, and the
 * error that caused it (kept in s->detail) is what the caller must hear. */
static void undo_put(rasd_store *s)
{
    if (sqlite3_get_autocommit(s->db)) {
        s->in_txn = 0;
        s->pending = 0;
        return;
    }
    if (sqlite3_exec(s->db, "ROLLBACK TO put; RELEASE put", NULL, NULL, NULL) != SQLITE_OK)
        rollback(s);
}

/* Opens the batch's write transaction when none is open; *fresh says it was opened now. */
static int begin_batch(rasd_store *s, int *fresh)
{
    *fresh = 0;
    if (s->in_txn)
        return RASD_OK;
    int rc = store_exec(s, "BEGIN IMMEDIATE");
    if (rc == RASD_OK)
        s->in_txn = *fresh = 1;
    return rc;
}

static void put_result(int *outcome, size_t *nfigures, int oc, size_t nf)
{
    if (outcome)
        *outcome = oc;
    if (nfigures)
        *nfigures = nf;
}

int rasd_store_put(rasd_store *s, const rasd_doc *doc, int *outcome, size_t *nfigures)
{
    if (!s || !doc || !doc->id)
        return RASD_EINVAL;
    char hash[17];
    store_hash(doc, hash);
    int64_t old = 0, seq = 0;
    int same, fresh, rc;
    size_t nf = 0;
    if ((rc = find(s, doc->id, hash, &old, &same)) != RASD_OK)
        return rc;
    if (!same && (rc = begin_batch(s, &fresh)) != RASD_OK)
        return rc;
    /* Looked up before the write lock was ours: another writer may have stored the
     * article meanwhile, so look again under the lock. */
    if (!same && fresh && (rc = find(s, doc->id, hash, &old, &same)) != RASD_OK)
        goto fail;
    if (same) {
        put_result(outcome, nfigures, RASD_PUT_SAME, 0);
        return RASD_OK;
    }
    /* A savepoint per article: one that fails leaves the rest of the batch intact. */
    if ((rc = store_exec(s, "SAVEPOINT put")) != RASD_OK)
        goto fail;
    if ((old && (rc = delete_article(s, old)) != RASD_OK) ||
        (rc = insert_article(s, doc, hash, &seq)) != RASD_OK ||
        (rc = store_figures(s, seq, doc, &nf)) != RASD_OK ||
        (rc = store_names(s, seq, doc)) != RASD_OK) {
        undo_put(s);
        return rc;
    }
    if ((rc = store_exec(s, "RELEASE put")) != RASD_OK)
        goto fail;
    put_result(outcome, nfigures, old ? RASD_PUT_REPLACED : RASD_PUT_NEW, nf);
    if (++s->pending >= s->batch)
        return rasd_store_commit(s);
    return RASD_OK;
fail:
    rollback(s);
    return rc;
}

int rasd_store_count(rasd_store *s, int64_t *n)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM articles", -1, &st, NULL) != SQLITE_OK)
        return store_fail(s);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        *n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return step == SQLITE_ROW ? RASD_OK : store_fail(s);
}

int rasd_store_reindex(rasd_store *s)
{
    int rc = rasd_store_commit(s);
    if (rc == RASD_OK)
        rc = store_exec(s, "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')");
    return rc;
}

/* FNV-1a (64 bits, then a final mix) over each field preceded by its length, so that
 * moving bytes between fields changes the hash too. */
void store_hash(const rasd_doc *d, char out[17])
{
    const char *f[5] = {d->outlet, d->url, d->published, d->title, d->text};
    size_t n[5] = {d->outlet ? strlen(d->outlet) : 0, d->url ? strlen(d->url) : 0,
                   d->published ? strlen(d->published) : 0, d->title_len, d->text_len};
    uint64_t h = 0xcbf29ce484222325ULL;
    for (int i = 0; i < 5; i++) {
        uint64_t len = f[i] ? n[i] : UINT64_MAX;
        for (int k = 0; k < 8; k++) {
            h ^= (len >> (8 * k)) & 0xff;
            h *= 0x100000001b3ULL;
        }
        for (size_t k = 0; f[i] && k < n[i]; k++) {
            h ^= (unsigned char)f[i][k];
            h *= 0x100000001b3ULL;
        }
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}
