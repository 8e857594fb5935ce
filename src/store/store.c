/* Opening the store, and writing articles in batched transactions. */
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STORE_DEFAULT_BATCH 200

int store_fail(rasd_store *s)
{
    free(s->detail);
    s->detail = strdup(sb_errmsg(s->b));
    return RASD_EDB;
}

void store_detail(rasd_store *s, const char *msg)
{
    free(s->detail);
    s->detail = strdup(msg);
}

const char *rasd_store_detail(const rasd_store *s)
{
    return s && s->detail ? s->detail : "";
}

/* The end of an open: a failure with the backend's message keeps s for the caller to read
 * it (the contract), any other frees it. */
static int opened(rasd_store *s, int rc, rasd_store **out)
{
    if (rc == RASD_OK || (rc == RASD_EDB && s->detail)) {
        *out = s;
        return rc;
    }
    rasd_store_free(s);
    return rc;
}

/* Applies the migrations s's store lacks.  Returns RASD_OK or RASD_EDB. */
static int migrate(rasd_store *s)
{
    int rc = sb_migrate(s->b);
    if (rc == RASD_EDB) {
        store_fail(s);
        sb_rollback(s->b);
    }
    return rc;
}

/* Checks that s's schema is the one this version writes, without changing it: RASD_OK,
 * or RASD_EDB with a detail that names `rasd refresh`. */
static int check_schema(rasd_store *s)
{
    int have = 0, want = 0;
    if (sb_schema_version(s->b, &have, &want) != RASD_OK)
        return store_fail(s);
    if (have == want)
        return RASD_OK;
    store_detail(s, have > want
                 ? "the store was written by a newer version of rasd"
                 : "the store is of an older version (rasd refresh --db FILE updates it)");
    return RASD_EDB;
}

int rasd_store_open(const char *path, rasd_store **out)
{
    rasd_store *s = calloc(1, sizeof *s);
    if (!s)
        return RASD_ENOMEM;
    s->batch = STORE_DEFAULT_BATCH;
    int rc = sb_open(path ? path : "", &s->b);
    if (rc == RASD_EDB && s->b)
        store_fail(s);
    if (rc == RASD_OK)
        rc = migrate(s);
    return opened(s, rc, out);
}

int rasd_store_open_readonly(const char *path, rasd_store **out)
{
    rasd_store *s = calloc(1, sizeof *s);
    if (!s)
        return RASD_ENOMEM;
    s->readonly = 1;
    int rc = sb_open_readonly(path ? path : "", &s->b);
    if (rc == RASD_EDB && s->b)
        store_fail(s);
    if (rc == RASD_OK)
        rc = check_schema(s);
    return opened(s, rc, out);
}

void rasd_store_free(rasd_store *s)
{
    if (!s)
        return;
    if (s->in_txn)
        rasd_store_commit(s);
    store_extractor_free(s->extractor);
    sb_close(s->b, !s->readonly);
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
    if (sb_commit(s->b) == RASD_OK)
        return RASD_OK;
    int rc = store_fail(s);
    sb_rollback(s->b);
    return rc;
}

static void rollback(rasd_store *s)
{
    if (s->in_txn)
        sb_rollback(s->b);
    s->in_txn = 0;
    s->pending = 0;
}

/* Looks up the stored version of id: *seq (0 when none) and whether its hash equals. */
static int find(rasd_store *s, const char *id, const char *hash, int64_t *seq, int *same)
{
    char h[17];
    *same = 0;
    if (sb_article_find(s->b, id, seq, h) != RASD_OK)
        return store_fail(s);
    *same = *seq && !strcmp(h, hash);
    return RASD_OK;
}

/* Undoes the article in flight.  A disk-full or I/O error may have made the backend roll
 * back the whole transaction already: then there is no mark left to go back to, and the
 * error that caused it (kept in s->detail) is what the caller must hear. */
static void undo_put(rasd_store *s)
{
    if (!sb_in_txn(s->b)) {
        s->in_txn = 0;
        s->pending = 0;
        return;
    }
    if (sb_undo(s->b, "put") != RASD_OK)
        rollback(s);
}

/* Opens the batch's write transaction when none is open; *fresh says it was opened now. */
static int begin_batch(rasd_store *s, int *fresh)
{
    *fresh = 0;
    if (s->in_txn)
        return RASD_OK;
    if (sb_begin(s->b) != RASD_OK)
        return store_fail(s);
    s->in_txn = *fresh = 1;
    return RASD_OK;
}

static void put_result(int *outcome, size_t *nfigures, int oc, size_t nf)
{
    if (outcome)
        *outcome = oc;
    if (nfigures)
        *nfigures = nf;
}

/* The writes of one article version: the row, then its figures (figs == NULL: extracted
 * now) and lead names. */
static int put_rows(rasd_store *s, const rasd_doc *doc, const char *hash, int64_t old,
                    const rasd_figure *figs, size_t nfigs, size_t *nf)
{
    int64_t seq = 0;
    if ((old && sb_article_delete(s->b, old) != RASD_OK) ||
        sb_article_insert(s->b, doc, hash, &seq) != RASD_OK)
        return store_fail(s);
    int rc = figs ? store_given_figures(s, seq, doc, figs, nfigs, nf)
                  : store_figures(s, seq, doc, nf);
    return rc ? rc : store_names(s, seq, doc);
}

static int put(rasd_store *s, const rasd_doc *doc, const rasd_figure *figs, size_t nfigs,
               int *outcome, size_t *nfigures)
{
    if (!s || !doc || !doc->id || (!figs && nfigs))
        return RASD_EINVAL;
    char hash[17];
    store_hash(doc, hash);
    int64_t old = 0;
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
    /* A mark per article: one that fails leaves the rest of the batch intact. */
    if (sb_mark(s->b, "put") != RASD_OK) {
        rc = store_fail(s);
        goto fail;
    }
    if ((rc = put_rows(s, doc, hash, old, figs, nfigs, &nf)) != RASD_OK) {
        undo_put(s);
        return rc;
    }
    if (sb_release(s->b, "put") != RASD_OK) {
        rc = store_fail(s);
        goto fail;
    }
    put_result(outcome, nfigures, old ? RASD_PUT_REPLACED : RASD_PUT_NEW, nf);
    if (++s->pending >= s->batch)
        return rasd_store_commit(s);
    return RASD_OK;
fail:
    rollback(s);
    return rc;
}

int rasd_store_put(rasd_store *s, const rasd_doc *doc, int *outcome, size_t *nfigures)
{
    return put(s, doc, NULL, 0, outcome, nfigures);
}

int rasd_store_count(rasd_store *s, int64_t *n)
{
    return sb_article_count(s->b, n) == RASD_OK ? RASD_OK : store_fail(s);
}

int rasd_store_put_figures(rasd_store *s, const rasd_doc *doc, const rasd_figure *figs,
                           size_t nfigs, int *outcome)
{
    return put(s, doc, figs, nfigs, outcome, NULL);
}

int rasd_store_reindex(rasd_store *s)
{
    int rc = rasd_store_commit(s);
    if (rc == RASD_OK && sb_search_rebuild(s->b) != RASD_OK)
        rc = store_fail(s);
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
