/* Copied passages over the store: fingerprints kept in psg_fp (hash, seq), so that an
 * article is aligned only with the articles sharing a fingerprint with it. */
#include "story/psg.h"
#include "store/store.h"
#include "store/sqlite/legacy.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Fingerprints are written in chunks sorted by hash, so that the (hash, seq) B-tree is
 * filled in order instead of at random places: at most this many rows a chunk. */
#define PSG_CHUNK_ROWS (1u << 20)

struct pend {
    struct { uint64_t h; int64_t seq; } *row;
    size_t n, cap;
    int64_t *done;          /* articles whose rows are all in row[] */
    size_t ndone, capdone;
};

static int cmp_row(const void *x, const void *y)
{
    const uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return a < b ? -1 : a > b;
}

static int pend_add(struct pend *p, int64_t seq, const char *text, size_t len)
{
    uint64_t *fp = NULL;
    size_t n = 0;
    int rc = rasd_psg_fingerprints(text, len, &fp, &n);
    if (rc)
        return rc;
    if (p->n + n > p->cap) {
        size_t nc = p->cap ? p->cap : 4096;
        while (nc < p->n + n)
            nc *= 2;
        void *q = realloc(p->row, nc * sizeof *p->row);
        if (!q) {
            free(fp);
            return RASD_ENOMEM;
        }
        p->row = q;
        p->cap = nc;
    }
    if (p->ndone == p->capdone) {
        size_t nc = p->capdone ? p->capdone * 2 : 256;
        int64_t *q = realloc(p->done, nc * sizeof *q);
        if (!q) {
            free(fp);
            return RASD_ENOMEM;
        }
        p->done = q;
        p->capdone = nc;
    }
    for (size_t i = 0; i < n; i++) {
        p->row[p->n].h = fp[i];
        p->row[p->n++].seq = seq;
    }
    p->done[p->ndone++] = seq;
    free(fp);
    return RASD_OK;
}

/* Writes the pending rows, sorted, and marks their articles done, in one transaction (a
 * savepoint for TEMP tables, which may be written inside the caller's batch). */
static int pend_flush(rasd_store *s, struct pend *p, sqlite3_stmt *ins, sqlite3_stmt *done,
                      int stored)
{
    if (!p->ndone)
        return RASD_OK;
    if (p->n)
        qsort(p->row, p->n, sizeof *p->row, cmp_row);
    int rc = store_exec(s, stored ? "BEGIN IMMEDIATE" : "SAVEPOINT psg");
    if (rc)
        return rc;
    for (size_t i = 0; i < p->n && !rc; i++) {
        sqlite3_bind_int64(ins, 1, (sqlite3_int64)p->row[i].h);
        sqlite3_bind_int64(ins, 2, p->row[i].seq);
        if (sqlite3_step(ins) != SQLITE_DONE)
            rc = store_fail(s);
        sqlite3_reset(ins);
    }
    for (size_t i = 0; i < p->ndone && !rc; i++) {
        sqlite3_bind_int64(done, 1, p->done[i]);
        if (sqlite3_step(done) != SQLITE_DONE)
            rc = store_fail(s);
        sqlite3_reset(done);
    }
    if (!rc)
        rc = store_exec(s, stored ? "COMMIT" : "RELEASE psg");
    if (rc)
        sqlite3_exec(store_db(s), stored ? "ROLLBACK" : "ROLLBACK TO psg; RELEASE psg", NULL,
                     NULL, NULL);
    p->n = 0;
    p->ndone = 0;
    return rc;
}

static int cache_size(sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    int v = -2000;
    if (sqlite3_prepare_v2(db, "PRAGMA cache_size", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

static void set_cache_size(sqlite3 *db, int v)
{
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA cache_size = %d", v);
    sqlite3_exec(db, sql, NULL, NULL, NULL);
}

/* Fingerprints of the articles a read finds unindexed, for this connection only; they
 * join the stored index in every candidate lookup. */
static const char temp_tables[] =
    "CREATE TEMP TABLE IF NOT EXISTS psg_fp_new(hash INTEGER NOT NULL, seq INTEGER NOT NULL,"
    "  PRIMARY KEY(hash, seq)) WITHOUT ROWID;"
    "CREATE TEMP TABLE IF NOT EXISTS psg_done_new(seq INTEGER PRIMARY KEY);";

int store_index_passages(rasd_store *s, int stored, size_t *indexed)
{
    sqlite3 *db = store_db(s);
    sqlite3_stmt *sel = NULL, *ins = NULL, *done = NULL;
    struct pend p = {0};
    size_t count = 0;
    int rc;
    if (indexed)
        *indexed = 0;
    if (!db)
        return RASD_EINVAL;
    rc = stored ? rasd_store_commit(s) : store_exec(s, temp_tables);
    if (rc)
        return rc;
    /* The fingerprint B-trees are written all over: a page cache that holds them saves
     * most reads (SQLite's default is 2 MB); the connection's setting is put back after.
     * Writing while the SELECT below is open is safe in SQLite: it reads the rows as they
     * were, and the done rows are not what it returns. */
    int cache = cache_size(db);
    sqlite3_exec(db, "PRAGMA cache_size = -131072", NULL, NULL, NULL);
    const char *todo = stored
        ? "SELECT seq, text FROM articles a WHERE NOT EXISTS "
          "(SELECT 1 FROM main.psg_done d WHERE d.seq = a.seq) ORDER BY seq"
        : "SELECT seq, text FROM articles a WHERE NOT EXISTS "
          "(SELECT 1 FROM main.psg_done d WHERE d.seq = a.seq) AND NOT EXISTS "
          "(SELECT 1 FROM temp.psg_done_new d WHERE d.seq = a.seq) ORDER BY seq";
    if (sqlite3_prepare_v2(db, todo, -1, &sel, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, stored ? "INSERT OR IGNORE INTO main.psg_fp(hash, seq) "
                                        "VALUES (?1, ?2)"
                                      : "INSERT OR IGNORE INTO temp.psg_fp_new(hash, seq) "
                                        "VALUES (?1, ?2)", -1, &ins, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, stored ? "INSERT OR IGNORE INTO main.psg_done(seq) VALUES (?1)"
                                      : "INSERT OR IGNORE INTO temp.psg_done_new(seq) "
                                        "VALUES (?1)", -1, &done, NULL) != SQLITE_OK) {
        rc = store_fail(s);
        goto out;
    }
    for (;;) {
        int step = sqlite3_step(sel);
        if (step == SQLITE_DONE)
            break;
        if (step != SQLITE_ROW) {
            rc = store_fail(s);
            goto out;
        }
        const char *text = (const char *)sqlite3_column_text(sel, 1);
        size_t len = (size_t)sqlite3_column_bytes(sel, 1);
        rc = pend_add(&p, sqlite3_column_int64(sel, 0), text ? text : "", len);
        if (rc)
            goto out;
        count++;
        if (p.n >= PSG_CHUNK_ROWS && (rc = pend_flush(s, &p, ins, done, stored)))
            goto out;
    }
    rc = pend_flush(s, &p, ins, done, stored);
out:
    sqlite3_finalize(sel);
    sqlite3_finalize(ins);
    sqlite3_finalize(done);
    set_cache_size(db, cache);
    free(p.row);
    free(p.done);
    if (indexed)
        *indexed = rc ? 0 : count;
    return rc;
}

int rasd_store_index_passages(rasd_store *s, size_t *indexed)
{
    int rc = store_index_passages(s, 1, indexed);
    if (!rc)
        rc = store_exec(s, "DROP TABLE IF EXISTS temp.psg_fp_new;"
                           "DROP TABLE IF EXISTS temp.psg_done_new;");
    if (!rc)
        s->stale &= ~(unsigned)RASD_STALE_PASSAGES;
    return rc;
}

int store_passages_stale(rasd_store *s, unsigned *stale)
{
    sqlite3_stmt *st = NULL;
    *stale = 0;
    if (sqlite3_prepare_v2(store_db(s), "SELECT EXISTS (SELECT 1 FROM articles a WHERE NOT "
                           "EXISTS (SELECT 1 FROM main.psg_done d WHERE d.seq = a.seq))", -1,
                           &st, NULL) != SQLITE_OK)
        return store_fail(s);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW && sqlite3_column_int(st, 0))
        *stale = RASD_STALE_PASSAGES;
    sqlite3_finalize(st);
    return step == SQLITE_ROW ? RASD_OK : store_fail(s);
}

/* What a read needs: the stored index, and fingerprints of the articles it lacks computed
 * for this connection (the store left as it is). */
static int read_passages(rasd_store *s)
{
    unsigned stale = 0;
    int rc = store_exec(s, temp_tables);
    if (!rc)
        rc = store_passages_stale(s, &stale);
    if (rc || !stale)
        return rc;
    s->stale |= stale;
    return store_index_passages(s, 0, NULL);
}

/* A stored article, copied out of SQLite's buffers. */
struct art {
    int64_t seq;
    char *id, *outlet, *text;
    size_t len;
};

static void art_free(struct art *a)
{
    free(a->id);
    free(a->outlet);
    free(a->text);
    memset(a, 0, sizeof *a);
}

static char *dup_col(sqlite3_stmt *st, int i, size_t *len)
{
    const unsigned char *p = sqlite3_column_text(st, i);
    size_t n = (size_t)sqlite3_column_bytes(st, i);
    if (len)
        *len = n;
    if (!p)
        return NULL;
    char *c = malloc(n + 1);
    if (c) {
        memcpy(c, p, n);
        c[n] = 0;
    }
    return c;
}

/* Loads the article by id (when id) or by seq. */
static int load_art(rasd_store *s, const char *id, int64_t seq, struct art *a)
{
    sqlite3_stmt *st = NULL;
    memset(a, 0, sizeof *a);
    const char *sql = id ? "SELECT seq, id, outlet, text FROM articles WHERE id = ?1"
                         : "SELECT seq, id, outlet, text FROM articles WHERE seq = ?1";
    if (sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL) != SQLITE_OK)
        return store_fail(s);
    if (id)
        sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    else
        sqlite3_bind_int64(st, 1, seq);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        a->seq = sqlite3_column_int64(st, 0);
        a->id = dup_col(st, 1, NULL);
        a->outlet = dup_col(st, 2, NULL);
        a->text = dup_col(st, 3, &a->len);
        rc = (!a->id || !a->text) ? RASD_ENOMEM : RASD_OK;
        if (!a->text && a->id) { /* an empty text reads back as NULL */
            a->text = strdup("");
            rc = a->text ? RASD_OK : RASD_ENOMEM;
        }
    } else {
        rc = rc == SQLITE_DONE ? RASD_ENOTFOUND : store_fail(s);
    }
    sqlite3_finalize(st);
    if (rc)
        art_free(a);
    return rc;
}

static int cmp_i64(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return a < b ? -1 : a > b;
}

/* The unit a fingerprint's spread is counted in: the article's stored story, else its
 * outlet and publication day. */
static uint64_t unit_of(sqlite3_stmt *st)
{
    const char *story = (const char *)sqlite3_column_text(st, 3);
    if (story)
        return psg_hash(story, (size_t)sqlite3_column_bytes(st, 3));
    const char *outlet = (const char *)sqlite3_column_text(st, 1);
    const char *pub = (const char *)sqlite3_column_text(st, 2);
    int32_t d;
    rasd_day_parse(pub, pub ? strlen(pub) : 0, &d);
    uint64_t h = outlet ? psg_hash(outlet, (size_t)sqlite3_column_bytes(st, 1)) : 0;
    return ~(h ^ ((uint64_t)(uint32_t)d * 0x9e3779b97f4a7c15ULL));
}

/* Appends the articles of fingerprint fp (its rows from st) to *cand, or sets *common when
 * they fall in more than PSG_BOILER_UNITS units (then what was appended is taken back). */
static int postings(rasd_store *s, sqlite3_stmt *st, uint64_t fp, int64_t self,
                    int64_t **cand, size_t *ncand, size_t *cap, int *common)
{
    uint64_t units[PSG_BOILER_UNITS];
    size_t nunits = 0, before = *ncand;
    int rc = RASD_OK, step;
    *common = 0;
    sqlite3_bind_int64(st, 1, (sqlite3_int64)fp);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        uint64_t u = unit_of(st);
        size_t k = 0;
        while (k < nunits && units[k] != u)
            k++;
        if (k == nunits) {
            if (nunits == PSG_BOILER_UNITS) {
                *common = 1;
                *ncand = before;
                break;
            }
            units[nunits++] = u;
        }
        int64_t seq = sqlite3_column_int64(st, 0);
        if (seq == self)
            continue;
        if (*ncand == *cap) {
            size_t nc = *cap ? *cap * 2 : 16;
            int64_t *p = realloc(*cand, nc * sizeof *p);
            if (!p) {
                rc = RASD_ENOMEM;
                break;
            }
            *cand = p;
            *cap = nc;
        }
        (*cand)[(*ncand)++] = seq;
    }
    if (!rc && !*common && step != SQLITE_DONE)
        rc = store_fail(s);
    sqlite3_reset(st);
    return rc;
}

/* The articles sharing a non-boilerplate fingerprint with the article `self` (sorted seqs
 * into *cand) and its boilerplate fingerprints (sorted, into f's list; the caller frees
 * it). */
static int candidates(rasd_store *s, int64_t self, const uint64_t *fp, size_t nfp,
                      int64_t **cand, size_t *ncand, struct psg_filter *f)
{
    sqlite3_stmt *st = NULL;
    size_t cap = 0;
    *cand = NULL;
    *ncand = 0;
    memset(f, 0, sizeof *f);
    uint64_t *common = malloc((nfp ? nfp : 1) * sizeof *common);
    f->common = common;
    int rc = common ? RASD_OK : RASD_ENOMEM;
    if (!rc && sqlite3_prepare_v2(store_db(s), "SELECT f.seq, a.outlet, a.published, "
                                  "sa.story FROM (SELECT seq FROM main.psg_fp WHERE hash = ?1 "
                                  "UNION ALL SELECT seq FROM temp.psg_fp_new WHERE hash = ?1) f "
                                  "JOIN articles a ON a.seq = f.seq LEFT JOIN "
                                  "main.story_articles sa ON sa.seq = f.seq", -1, &st,
                                  NULL) != SQLITE_OK)
        rc = store_fail(s);
    for (size_t i = 0; i < nfp && !rc; i++) {
        int is_common = 0;
        rc = postings(s, st, fp[i], self, cand, ncand, &cap, &is_common);
        if (!rc && is_common)
            common[f->ncommon++] = fp[i];
    }
    if (*ncand) {
        qsort(*cand, *ncand, sizeof **cand, cmp_i64);
        size_t k = 0;
        for (size_t i = 0; i < *ncand; i++)
            if (!k || (*cand)[k - 1] != (*cand)[i])
                (*cand)[k++] = (*cand)[i];
        *ncand = k;
    }
    sqlite3_finalize(st);
    if (rc) {
        free(*cand);
        free(common);
        *cand = NULL;
        *ncand = 0;
        memset(f, 0, sizeof *f);
    }
    return rc;
}

static int align_with(rasd_store *s, const struct psg_words *wa, int64_t other,
                      const struct psg_filter *flt, struct psg_list *f)
{
    struct art b;
    struct psg_words wb = {0};
    rasd_passage *ps = NULL;
    size_t np = 0;
    int rc = load_art(s, NULL, other, &b);
    if (rc == RASD_ENOTFOUND)
        return RASD_OK; /* deleted meanwhile */
    if (rc)
        return rc;
    rc = psg_words(b.text, b.len, &wb);
    if (!rc)
        rc = psg_align(wa, &wb, flt, &ps, &np);
    for (size_t i = 0; i < np; i++)
        ps[i].other = (uint32_t)other;
    if (!rc)
        rc = psg_list_add(f, ps, np);
    free(ps);
    psg_words_free(&wb);
    art_free(&b);
    return rc;
}

static int report(rasd_store *s, const struct art *a, struct psg_list *f, rasd_passage_fn fn,
                  void *ctx)
{
    struct art b = {0};
    int64_t loaded = -1;
    int rc = RASD_OK;
    for (size_t i = 0; i < f->n && !rc; i++) {
        if ((int64_t)f->p[i].other != loaded) {
            art_free(&b);
            rc = load_art(s, NULL, f->p[i].other, &b);
            if (rc)
                break;
            loaded = f->p[i].other;
        }
        rasd_passage_rec r = {f->p[i], a->id, b.id, b.outlet, a->text, b.text};
        r.p.doc = (uint32_t)a->seq;
        if (fn && fn(ctx, &r))
            break;
    }
    art_free(&b);
    return rc;
}

int rasd_store_passages(rasd_store *s, const char *doc, rasd_passage_fn fn, void *ctx)
{
    struct art a = {0};
    struct psg_words wa = {0};
    struct psg_list f = {0};
    struct psg_filter flt = {0};
    struct psg_names *names = NULL;
    uint64_t *fp = NULL;
    int64_t *cand = NULL;
    size_t nfp = 0, ncand = 0;
    if (!s || !doc)
        return RASD_EINVAL;
    int rc = read_passages(s);
    if (!rc)
        rc = load_art(s, doc, 0, &a);
    if (!rc)
        rc = rasd_psg_fingerprints(a.text, a.len, &fp, &nfp);
    if (!rc)
        rc = candidates(s, a.seq, fp, nfp, &cand, &ncand, &flt);
    if (!rc)
        rc = psg_names_create(&names);
    flt.names = names;
    if (!rc)
        rc = psg_words(a.text, a.len, &wa);
    for (size_t i = 0; i < ncand && !rc; i++)
        rc = align_with(s, &wa, cand[i], &flt, &f);
    if (!rc && f.n) {
        qsort(f.p, f.n, sizeof *f.p, psg_cmp_passage);
        rc = report(s, &a, &f, fn, ctx);
    }
    free(f.p);
    psg_words_free(&wa);
    free(fp);
    free((void *)flt.common);
    psg_names_free(names);
    free(cand);
    art_free(&a);
    return rc;
}
