/* The PostgreSQL backend: connections, batches, and the query helpers of its files. */
#include "store/pg/pg.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every writer takes this transaction-scoped advisory lock first, so that writers commit
 * one at a time in the order they were given sequence numbers: derived data kept by "the
 * highest seq read" then never skips a version committed late (rasd's own key, 'rasd'). */
#define PG_WRITE_LOCK "SELECT pg_advisory_xact_lock(1918989156)"

int pg_fail(struct pg *b, const char *msg)
{
    free(b->err);
    b->err = strdup(msg ? msg : "PostgreSQL failed");
    if (b->err) {
        size_t n = strlen(b->err);
        while (n && (b->err[n - 1] == '\n' || b->err[n - 1] == ' '))
            b->err[--n] = 0;
        /* libpq's messages run over lines ("\n\tIs the server running..."): one line. */
        for (char *p = b->err; *p; p++)
            if (*p == '\n' || *p == '\t')
                *p = ' ';
    }
    return RASD_EDB;
}

const char *pg_errmsg(struct sb *sb)
{
    struct pg *b = PG(sb);
    return b && b->err ? b->err : "";
}

/* The result's outcome: RASD_OK when it is one of the wanted statuses, else the failure. */
static int result_ok(struct pg *b, PGresult *r)
{
    ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
        return RASD_OK;
    return pg_fail(b, r ? PQresultErrorMessage(r) : PQerrorMessage(b->c));
}

int pg_exec(struct pg *b, const char *sql)
{
    PGresult *r = PQexec(b->c, sql);
    int rc = result_ok(b, r);
    PQclear(r);
    return rc;
}

int pg_query(struct pg *b, const char *sql, int n, const char *const *vals, PGresult **res)
{
    PGresult *r = PQexecParams(b->c, sql, n, NULL, vals, NULL, NULL, 0);
    int rc = result_ok(b, r);
    if (rc == RASD_OK && res)
        *res = r;
    else
        PQclear(r);
    return rc;
}

int pg_query_bin(struct pg *b, const char *sql, int n, const char *const *vals,
                 const int *lens, const int *binary, int binary_result, PGresult **res)
{
    PGresult *r = PQexecParams(b->c, sql, n, NULL, vals, lens, binary, binary_result);
    int rc = result_ok(b, r);
    if (rc == RASD_OK && res)
        *res = r;
    else
        PQclear(r);
    return rc;
}

static const char *const pg_statements[PG_NST] = {
    [PG_FIND] = "SELECT seq, hash FROM articles WHERE id = $1",
    [PG_INSERT] =
        "INSERT INTO articles(id, outlet, url, published, title, text, hash, ingested_at,"
        " tsv, ntok_title, ntok_text) VALUES ($1, $2, $3, $4, $5, $6, $7,"
        " to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
        " $8::tsvector, $9, $10) RETURNING seq",
    [PG_DELETE] = "DELETE FROM articles WHERE seq = $1",
    [PG_FIGURE] =
        "INSERT INTO figures(seq, n, doc, category, grp, actor, value, low, high, qualifier,"
        " unit, source, source_text, location, date, span_start, span_end, field, sentence)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,"
        " $17, $18, $19)",
    [PG_MENTION] = "INSERT INTO mentions(seq, kind, ref, span_start, span_end, field)"
                   " VALUES ($1, $2, $3, $4, $5, $6)",
    [PG_NAMES] = "INSERT INTO article_names(seq, places, groups) VALUES ($1, $2, $3)"
                 " ON CONFLICT (seq) DO UPDATE SET places = excluded.places,"
                 " groups = excluded.groups",
};

int pg_run(struct pg *b, enum pg_st st, int n, const char *const *vals, PGresult **res)
{
    char name[16];
    snprintf(name, sizeof name, "rasd_%d", (int)st);
    if (!b->prepared[st]) {
        PGresult *r = PQprepare(b->c, name, pg_statements[st], n, NULL);
        int rc = result_ok(b, r);
        PQclear(r);
        if (rc != RASD_OK)
            return rc;
        b->prepared[st] = 1;
    }
    PGresult *r = PQexecPrepared(b->c, name, n, vals, NULL, NULL, 0);
    int rc = result_ok(b, r);
    if (rc == RASD_OK && res)
        *res = r;
    else
        PQclear(r);
    return rc;
}

char *pg_text(struct sb_text t, int *oom)
{
    if (!t.p)
        return NULL;
    size_t nul = 0;
    for (size_t i = 0; i < t.n; i++)
        nul += !t.p[i];
    char *s = malloc(t.n + 2 * nul + 1), *o = s;
    if (!s) {
        *oom = 1;
        return NULL;
    }
    for (size_t i = 0; i < t.n; i++) {
        if (t.p[i])
            *o++ = t.p[i];
        else
            o += sprintf(o, "\xEF\xBF\xBD");
    }
    *o = 0;
    return s;
}

struct sb_text pg_col(const PGresult *r, int row, int col)
{
    if (PQgetisnull(r, row, col))
        return (struct sb_text){NULL, 0};
    return (struct sb_text){PQgetvalue(r, row, col), (size_t)PQgetlength(r, row, col)};
}

int64_t pg_col_int(const PGresult *r, int row, int col)
{
    if (PQgetisnull(r, row, col))
        return RASD_NOVAL;
    return strtoll(PQgetvalue(r, row, col), NULL, 10);
}

/* Whether path names a PostgreSQL database: a postgres:// or postgresql:// URL. */
static int pg_is_url(const char *path)
{
    return path && (!strncmp(path, "postgres://", 11) || !strncmp(path, "postgresql://", 13));
}

static int pg_connect(const char *path, int readonly, struct sb **out);

int pg_open(const char *path, struct sb **out)
{
    return pg_connect(path, 0, out);
}

int pg_open_readonly(const char *path, struct sb **out)
{
    return pg_connect(path, 1, out);
}

void pg_close(struct sb *sb, int optimize)
{
    struct pg *b = PG(sb);
    (void)optimize; /* autovacuum keeps PostgreSQL's statistics */
    if (!b)
        return;
    if (b->c)
        PQfinish(b->c); /* an open transaction is rolled back by the server */
    free(b->err);
    free(b->schema);
    free(b);
}

/* Quiet: the server's notices ("relation already exists, skipping") are not the user's. */
static void pg_notice(void *arg, const char *msg)
{
    (void)arg;
    (void)msg;
}

/* The schema the stored tables are made in (the first of the search path). */
static int stored_schema(struct pg *b)
{
    PGresult *r = NULL;
    int rc = pg_query(b, "SELECT current_schema()", 0, NULL, &r);
    if (rc == RASD_OK && PQgetisnull(r, 0, 0))
        rc = pg_fail(b, "no schema to make the store's tables in (search_path)");
    if (rc == RASD_OK) {
        const char *v = PQgetvalue(r, 0, 0);
        char *q = PQescapeIdentifier(b->c, v, strlen(v));
        b->schema = q ? strdup(q) : NULL;
        PQfreemem(q);
        if (!b->schema)
            rc = RASD_ENOMEM;
    }
    PQclear(r);
    return rc;
}

static int pg_connect(const char *path, int readonly, struct sb **out)
{
    *out = NULL;
    struct pg *b = calloc(1, sizeof *b);
    if (!b)
        return RASD_ENOMEM;
    b->base.ops = &sb_pg_ops;
    b->readonly = readonly;
    /* Not a URL: the PG* environment says where (libpq reads it for an empty string). */
    b->c = PQconnectdb(pg_is_url(path) ? path : "");
    int rc = RASD_OK;
    if (!b->c) {
        free(b);
        return RASD_ENOMEM;
    }
    if (PQstatus(b->c) != CONNECTION_OK)
        rc = pg_fail(b, PQerrorMessage(b->c));
    if (rc == RASD_OK) {
        PQsetNoticeProcessor(b->c, pg_notice, NULL);
        rc = pg_exec(b, "SET client_encoding = 'UTF8'");
    }
    /* A reader is kept from writing by the store (nothing calls a write through it): a
     * read-only session could not make the TEMP tables of a read's scratch copies. */
    if (rc == RASD_OK)
        rc = stored_schema(b);

    *out = &b->base;
    return rc;
}

int pg_begin(struct sb *sb)
{
    struct pg *b = PG(sb);
    int rc = pg_exec(b, "BEGIN");
    if (rc == RASD_OK && !b->readonly && (rc = pg_exec(b, PG_WRITE_LOCK)) != RASD_OK)
        pg_exec(b, "ROLLBACK");
    return rc;
}

int pg_commit(struct sb *sb)
{
    struct pg *b = PG(sb);
    /* A COMMIT of a failed transaction answers success and rolls back: refuse it. */
    if (PQtransactionStatus(b->c) == PQTRANS_INERROR)
        return pg_fail(b, "the transaction failed and was not committed");
    return pg_exec(b, "COMMIT");
}

void pg_rollback(struct sb *sb)
{
    struct pg *b = PG(sb);
    PGTransactionStatusType t = PQtransactionStatus(b->c);
    if (t == PQTRANS_INTRANS || t == PQTRANS_INERROR) {
        PGresult *r = PQexec(b->c, "ROLLBACK");
        PQclear(r);
    }
}

int pg_in_txn(struct sb *sb)
{
    PGTransactionStatusType t = PQtransactionStatus(PG(sb)->c);
    return t == PQTRANS_INTRANS || t == PQTRANS_INERROR;
}

/* Runs `verb name`, name being one of rasd's own identifiers. */
static int savepoint_sql(struct pg *b, const char *verb, const char *name, const char *then)
{
    char sql[128];
    int n = then ? snprintf(sql, sizeof sql, "%s %s; %s %s", verb, name, then, name)
                 : snprintf(sql, sizeof sql, "%s %s", verb, name);
    if (n < 0 || n >= (int)sizeof sql)
        return RASD_EINVAL;
    return pg_exec(b, sql);
}

int pg_mark(struct sb *b, const char *name)
{
    return savepoint_sql(PG(b), "SAVEPOINT", name, NULL);
}

int pg_release(struct sb *b, const char *name)
{
    return savepoint_sql(PG(b), "RELEASE SAVEPOINT", name, NULL);
}

int pg_undo(struct sb *b, const char *name)
{
    return savepoint_sql(PG(b), "ROLLBACK TO SAVEPOINT", name, "RELEASE SAVEPOINT");
}
