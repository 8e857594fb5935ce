/* The seam's sb_* functions: the choice of a backend by the store's path, and the calls
 * handed to the operations of the handle's backend. */
#include "store/backend.h"
#include <stdlib.h>
#include <string.h>

/* Weak: NULL (its address) when the PostgreSQL backend is not linked. */
extern const struct sb_ops sb_pg_ops __attribute__((weak));

/* Whether the environment names a PostgreSQL server the way libpq reads it. */
static int pg_environment(void)
{
    static const char *const vars[] = {"PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE",
                                       "PGUSER", "PGSERVICE"};
    for (size_t i = 0; i < sizeof vars / sizeof *vars; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return 1;
    }
    return 0;
}

static int is_pg_url(const char *path)
{
    return !strncmp(path, "postgres://", 11) || !strncmp(path, "postgresql://", 13);
}

/* A path is PostgreSQL's when it is a postgres:// URL, "pg:" (the server of the PG*
 * environment), or empty while the environment names a server; any other is a SQLite
 * file. */
static int is_pg_path(const char *path)
{
    return is_pg_url(path) || !strcmp(path, "pg:") || (!*path && pg_environment());
}

/* The handle of an open that found no backend: it only tells why. */
static const char *none_errmsg(struct sb *b)
{
    (void)b;
    return "PostgreSQL backend not built";
}

static void none_close(struct sb *b, int optimize)
{
    (void)optimize;
    free(b);
}

static const struct sb_ops none_ops = {.name = "none", .errmsg = none_errmsg,
                                       .close = none_close};

static int not_built(struct sb **out)
{
    *out = malloc(sizeof **out);
    if (!*out)
        return RASD_ENOMEM;
    (*out)->ops = &none_ops;
    return RASD_EDB;
}

static int open_with(const char *path, int readonly, struct sb **out)
{
    *out = NULL;
    if (!path)
        path = "";
    if (is_pg_path(path)) {
        const struct sb_ops *pg = &sb_pg_ops;
        if (!pg)
            return not_built(out);
        return readonly ? pg->open_readonly(path, out) : pg->open(path, out);
    }
    const char *file = *path ? path : "rasd.db";
    return readonly ? sb_sqlite_ops.open_readonly(file, out) : sb_sqlite_ops.open(file, out);
}

int sb_open(const char *path, struct sb **out)
{
    return open_with(path, 0, out);
}

int sb_open_readonly(const char *path, struct sb **out)
{
    return open_with(path, 1, out);
}

void sb_close(struct sb *b, int optimize)
{
    if (b)
        b->ops->close(b, optimize);
}

const char *sb_errmsg(struct sb *b)
{
    return b ? b->ops->errmsg(b) : "";
}

int sb_begin(struct sb *b)
{
    return b->ops->begin(b);
}

int sb_commit(struct sb *b)
{
    return b->ops->commit(b);
}

void sb_rollback(struct sb *b)
{
    b->ops->rollback(b);
}

int sb_in_txn(struct sb *b)
{
    return b->ops->in_txn(b);
}

int sb_mark(struct sb *b, const char *name)
{
    return b->ops->mark(b, name);
}

int sb_release(struct sb *b, const char *name)
{
    return b->ops->release(b, name);
}

int sb_undo(struct sb *b, const char *name)
{
    return b->ops->undo(b, name);
}

int sb_article_find(struct sb *b, const char *id, int64_t *seq, char hash[17])
{
    return b->ops->article_find(b, id, seq, hash);
}

int sb_article_insert(struct sb *b, const rasd_doc *doc, const char *hash, int64_t *seq)
{
    return b->ops->article_insert(b, doc, hash, seq);
}

int sb_article_delete(struct sb *b, int64_t seq)
{
    return b->ops->article_delete(b, seq);
}

int sb_article_count(struct sb *b, int64_t *n)
{
    return b->ops->article_count(b, n);
}

int sb_articles_without_names(struct sb *b, int (*fn)(void *ctx, const struct sb_article *a),
                              void *ctx)
{
    return b->ops->articles_without_names(b, fn, ctx);
}

int sb_figure_put(struct sb *b, int64_t seq, int n, const rasd_doc *doc, const rasd_figure *f)
{
    return b->ops->figure_put(b, seq, n, doc, f);
}

int sb_mention_put(struct sb *b, int64_t seq, const char *kind, const char *ref,
                   const rasd_doc *doc, const rasd_figure *f)
{
    return b->ops->mention_put(b, seq, kind, ref, doc, f);
}

int sb_names_put(struct sb *b, int64_t seq, struct sb_text places, struct sb_text groups)
{
    return b->ops->names_put(b, seq, places, groups);
}

int sb_search_rebuild(struct sb *b)
{
    return b->ops->search_rebuild(b);
}

int sb_search(struct sb *b, const struct sb_text *phrases, size_t nphrases, size_t limit,
              const char *open, const char *close, rasd_hit_fn fn, void *ctx)
{
    return b->ops->search(b, phrases, nphrases, limit, open, close, fn, ctx);
}

int sb_story_size(struct sb *b, const char *id, int64_t *n)
{
    return b->ops->story_size(b, id, n);
}

int sb_series_rows(struct sb *b, const char *id,
                   int (*fn)(void *ctx, const struct sb_series_row *r), void *ctx)
{
    return b->ops->series_rows(b, id, fn, ctx);
}

int sb_migrate(struct sb *b)
{
    return b->ops->migrate(b);
}

int sb_schema_version(struct sb *b, int *have, int *want)
{
    return b->ops->schema_version(b, have, want);
}

int sb_figure_rows(struct sb *b, enum sb_figure_order order, int64_t after,
                   int (*fn)(void *ctx, const struct sb_figure_row *r), void *ctx)
{
    return b->ops->figure_rows(b, order, after, fn, ctx);
}

int sb_articles_since(struct sb *b, int64_t after,
                      int (*fn)(void *ctx, const struct sb_article *a), void *ctx)
{
    return b->ops->articles_since(b, after, fn, ctx);
}

int sb_article_get(struct sb *b, const char *id, int64_t seq,
                   int (*fn)(void *ctx, const struct sb_article *a), void *ctx)
{
    return b->ops->article_get(b, id, seq, fn, ctx);
}

int sb_articles_stamp(struct sb *b, int64_t *count, int64_t *max, int64_t *sum)
{
    return b->ops->articles_stamp(b, count, max, sum);
}

int sb_scratch(struct sb *b, enum sb_derived what)
{
    return b->ops->scratch(b, what);
}

int sb_scratch_drop(struct sb *b, enum sb_derived what)
{
    return b->ops->scratch_drop(b, what);
}

void sb_bulk(struct sb *b, int on)
{
    b->ops->bulk(b, on);
}

int sb_passages_mark(struct sb *b, int scratch, int64_t *seq)
{
    return b->ops->passages_mark(b, scratch, seq);
}

int sb_passages_put(struct sb *b, int scratch, const struct sb_fingerprint *fp, size_t nfp,
                    const int64_t *done, size_t ndone)
{
    return b->ops->passages_put(b, scratch, fp, nfp, done, ndone);
}

int sb_postings(struct sb *b, uint64_t hash, int (*fn)(void *ctx, const struct sb_posting *p),
                void *ctx)
{
    return b->ops->postings(b, hash, fn, ctx);
}

int sb_story_refs(struct sb *b, enum sb_refs which,
                  int (*fn)(void *ctx, int64_t seq, struct sb_text ref), void *ctx)
{
    return b->ops->story_refs(b, which, fn, ctx);
}

int sb_stories_stamp(struct sb *b, int scratch, char *out, size_t cap)
{
    return b->ops->stories_stamp(b, scratch, out, cap);
}

int sb_stories_put(struct sb *b, int scratch, const struct sb_story *st, size_t n,
                   const char *stamp, struct sb_text state)
{
    return b->ops->stories_put(b, scratch, st, n, stamp, state);
}

int sb_story_state(struct sb *b, const char *stamp,
                   int (*fn)(void *ctx, struct sb_text state), void *ctx)
{
    return b->ops->story_state(b, stamp, fn, ctx);
}

int sb_story_rows(struct sb *b, int (*fn)(void *ctx, const struct sb_story_row *r),
                  void *ctx)
{
    return b->ops->story_rows(b, fn, ctx);
}

int sb_story_members(struct sb *b, const char *id,
                     int (*fn)(void *ctx, struct sb_text doc), void *ctx)
{
    return b->ops->story_members(b, id, fn, ctx);
}

/* A backend without figures_filtered gets it over figure_rows, the filters read here and
 * each figure numbered by its place among its article's figures (they are stored so). */
struct filter_ctx {
    const struct sb_figure_query *q;
    int (*fn)(void *ctx, const struct sb_figure_row *r);
    void *ctx;
    int64_t seq, n;
};

static int text_is(struct sb_text want, struct sb_text t)
{
    return !want.p || (t.p && t.n == want.n && !memcmp(t.p, want.p, t.n));
}

/* -1, 0, 1 as the day of r (its date, else its article's) is before, in or after q's. */
static int day_cmp(const struct sb_figure_row *r, struct sb_text bound)
{
    struct sb_text d = r->date.p ? r->date : r->published;
    size_t n = d.p ? (d.n < 10 ? d.n : 10) : 0;
    int c = memcmp(d.p ? d.p : "", bound.p, n < bound.n ? n : bound.n);
    return c ? c : (n > bound.n) - (n < bound.n);
}

static int filter_row(void *p, const struct sb_figure_row *r)
{
    struct filter_ctx *c = p;
    const struct sb_figure_query *q = c->q;
    c->n = r->seq == c->seq ? c->n + 1 : 0;
    c->seq = r->seq;
    int source_ok = q->source.p && !q->source.n ? !r->source.p : text_is(q->source, r->source);
    if (!text_is(q->category, r->category) || !text_is(q->group, r->group) || !source_ok ||
        !text_is(q->doc, r->doc) || (q->since.p && day_cmp(r, q->since) < 0) ||
        (q->until.p && day_cmp(r, q->until) > 0) ||
        (r->seq == q->after_seq && c->n <= q->after_n))
        return 0;
    struct sb_figure_row row = *r;
    row.n = c->n;
    return c->fn(c->ctx, &row);
}

int sb_figures_filtered(struct sb *b, const struct sb_figure_query *q,
                        int (*fn)(void *ctx, const struct sb_figure_row *r), void *ctx)
{
    if (b->ops->figures_filtered)
        return b->ops->figures_filtered(b, q, fn, ctx);
    struct filter_ctx c = {q, fn, ctx, -1, 0};
    return b->ops->figure_rows(b, SB_BY_ARTICLE, q->after_seq > 0 ? q->after_seq - 1 : 0,
                               filter_row, &c);
}

int sb_articles_brief(struct sb *b, int64_t after,
                      int (*fn)(void *ctx, const struct sb_article *a), void *ctx)
{
    /* A backend without the brief list gives the whole rows. */
    if (b->ops->articles_brief)
        return b->ops->articles_brief(b, after, fn, ctx);
    return b->ops->articles_since(b, after, fn, ctx);
}
