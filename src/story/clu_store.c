/* Stories over the store: the stored articles go through a clusterer in publication
 * order whenever the article set changed (a stamp of count, highest and summed sequence
 * numbers tells), and the result is kept in the store's stories (sb_stories_put), which
 * the export and the figure timelines read.  The grouping itself (clu.c) sees rows only. */
#include "common/jsonoom.h"
#include "story/psg.h"
#include "store/store.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bumped whenever grouping changes, so that stored stories are recomputed. */
#define CLU_STORE_VERSION "clu5"

struct meta {
    int64_t seq;
    int32_t day;
    char *id, *title;
    size_t nplaces, ngroups;
    char **places, **groups;  /* point into the refs arena */
};

struct refs {             /* (seq, ref) rows sorted by seq */
    int64_t *seq;
    char **ref;
    size_t n, cap;
};

static void refs_free(struct refs *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->ref[i]);
    free(r->seq);
    free(r->ref);
    memset(r, 0, sizeof *r);
}

static int add_ref(void *ctx, int64_t seq, struct sb_text t)
{
    struct refs *r = ctx;
    if (!t.p || !*t.p)
        return RASD_OK;
    if (r->n == r->cap) {
        size_t nc = r->cap ? r->cap * 2 : 256;
        int64_t *a = realloc(r->seq, nc * sizeof *a);
        if (a)
            r->seq = a;
        char **b = realloc(r->ref, nc * sizeof *b);
        if (b)
            r->ref = b;
        if (!a || !b)
            return RASD_ENOMEM;
        r->cap = nc;
    }
    r->ref[r->n] = strdup(t.p);
    if (!r->ref[r->n])
        return RASD_ENOMEM;
    r->seq[r->n++] = seq;
    return RASD_OK;
}

static int load_refs(rasd_store *s, enum sb_refs which, struct refs *r)
{
    int rc = sb_story_refs(s->b, which, add_ref, r);
    return rc == RASD_EDB ? store_fail(s) : rc;
}

/* Points m->places (or groups) at the rows of r for m->seq, r being sorted by seq. */
static void attach(const struct refs *r, size_t *cursor, int64_t seq, char ***out, size_t *n)
{
    size_t lo = 0, hi = r->n;
    (void)cursor;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->seq[mid] < seq)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t e = lo;
    while (e < r->n && r->seq[e] == seq)
        e++;
    /* r->ref is NULL while nothing is recorded: no pointer arithmetic on it then. */
    *out = r->ref ? r->ref + lo : NULL;
    *n = e - lo;
}

static int stamp_now(rasd_store *s, char *out, size_t cap)
{
    int64_t count, max, sum;
    if (sb_articles_stamp(s->b, &count, &max, &sum) != RASD_OK)
        return store_fail(s);
    snprintf(out, cap, "%s:%lld:%lld:%lld", CLU_STORE_VERSION, (long long)count,
             (long long)max, (long long)sum);
    return RASD_OK;
}

static int stamp_saved(rasd_store *s, int scratch, char *out, size_t cap)
{
    return sb_stories_stamp(s->b, scratch, out, cap) == RASD_OK ? RASD_OK : store_fail(s);
}

static int cmp_meta(const void *x, const void *y)
{
    const struct meta *a = x, *b = y;
    int64_t da = a->day == RASD_DAY_UNKNOWN ? INT64_MAX : a->day;
    int64_t db = b->day == RASD_DAY_UNKNOWN ? INT64_MAX : b->day;
    if (da != db)
        return da < db ? -1 : 1;
    /* Within a day by article id, not by sequence number: the order articles arrived in
     * (one ingest, or workers racing over a queue) must not change the stories. */
    int c = strcmp(a->id, b->id);
    if (c)
        return c;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

struct arts {
    struct meta *m;
    size_t n, cap;
    struct refs places, groups;
};

static void arts_free(struct arts *a)
{
    for (size_t i = 0; i < a->n; i++) {
        free(a->m[i].id);
        free(a->m[i].title);
    }
    free(a->m);
    refs_free(&a->places);
    refs_free(&a->groups);
}

/* The bytes of the first `chars` characters of p[0..n). */
static size_t utf8_prefix(const char *p, size_t n, size_t chars)
{
    size_t i = 0;
    for (size_t c = 0; i < n; i++)
        if (((unsigned char)p[i] & 0xC0) != 0x80 && c++ == chars)
            break;
    return i;
}

/* An article without a title is named by its first line (at most 100 characters). */
static char *title_of(const struct sb_article *r)
{
    if (r->title.p && r->title.n)
        return strdup(r->title.p);
    const char *t = r->text.p ? r->text.p : "";
    const char *nl = memchr(t, '\n', r->text.n);
    size_t line = nl ? (size_t)(nl - t) : r->text.n;
    return strndup(t, utf8_prefix(t, line, 100));
}

static int add_meta(void *ctx, const struct sb_article *r)
{
    struct arts *a = ctx;
    if (a->n == a->cap) {
        size_t nc = a->cap ? a->cap * 2 : 256;
        struct meta *p = realloc(a->m, nc * sizeof *p);
        if (!p)
            return RASD_ENOMEM;
        a->m = p;
        a->cap = nc;
    }
    struct meta *m = &a->m[a->n];
    memset(m, 0, sizeof *m);
    m->seq = r->seq;
    const char *pub = r->published.p;
    rasd_day_parse(pub, pub ? strlen(pub) : 0, &m->day);
    m->id = strdup(r->id.p ? r->id.p : "");
    m->title = title_of(r);
    a->n++;
    return m->id && m->title ? RASD_OK : RASD_ENOMEM;
}

static int untitled(void *ctx, const struct sb_article *r)
{
    struct meta *m = ctx;
    free(m->title);
    m->title = title_of(r);
    return m->title ? RASD_OK : RASD_ENOMEM;
}

/* The articles without their text, which only an untitled one needs (to be named). */
static int load_meta(rasd_store *s, struct arts *a)
{
    int rc = sb_articles_brief(s->b, 0, add_meta, a);
    for (size_t i = 0; i < a->n && !rc; i++)
        if (!*a->m[i].title)
            rc = sb_article_get(s->b, NULL, a->m[i].seq, untitled, &a->m[i]);
    if (rc)
        return rc == RASD_EDB ? store_fail(s) : rc;
    if (a->n)
        qsort(a->m, a->n, sizeof *a->m, cmp_meta);
    /* Places: named places and figure locations; groups: the sides its figures count. */
    rc = load_refs(s, SB_REF_PLACES, &a->places);
    if (!rc)
        rc = load_refs(s, SB_REF_GROUPS, &a->groups);
    for (size_t i = 0; i < a->n && !rc; i++) {
        attach(&a->places, NULL, a->m[i].seq, &a->m[i].places, &a->m[i].nplaces);
        attach(&a->groups, NULL, a->m[i].seq, &a->m[i].groups, &a->m[i].ngroups);
    }
    return rc;
}

/* The ids of a space-separated list: words cut in place in *copy (the caller frees it
 * and *ids). */
struct idlist {
    char *copy;
    char **ids;
    size_t n;
};

static int split_ids(const char *list, struct idlist *l)
{
    memset(l, 0, sizeof *l);
    if (!list || !*list)
        return RASD_OK;
    size_t words = 1;
    for (const char *p = list; *p; p++)
        words += *p == ' ';
    l->copy = strdup(list);
    l->ids = malloc(words * sizeof *l->ids);
    if (!l->copy || !l->ids)
        return RASD_ENOMEM;
    char *save = NULL;
    for (char *w = strtok_r(l->copy, " ", &save); w; w = strtok_r(NULL, " ", &save))
        l->ids[l->n++] = w;
    return RASD_OK;
}

static void idlist_free(struct idlist *l)
{
    free(l->copy);
    free(l->ids);
}

struct feed {
    const struct meta *m;
    rasd_clusterer *c;
};

/* Adds one article, its text and lead names from row r (NULL: the article is gone, then
 * with no text). */
static int feed_one(const struct feed *f, const struct sb_article *r)
{
    const struct meta *m = f->m;
    struct idlist lp = {0}, lg = {0};
    int rc = RASD_OK;
    if (r) {
        rc = split_ids(r->places.p, &lp);
        if (!rc)
            rc = split_ids(r->groups.p, &lg);
    }
    const char *text = r && r->text.p ? r->text.p : "";
    size_t len = r && r->text.p ? r->text.n : 0;
    rasd_story_input in = {m->seq, m->day, m->title, strlen(m->title), text, len,
                           (const char *const *)m->places, m->nplaces,
                           (const char *const *)m->groups, m->ngroups,
                           (const char *const *)lp.ids, lp.n,
                           (const char *const *)lg.ids, lg.n};
    if (!rc)
        rc = rasd_clusterer_add(f->c, &in, NULL);
    idlist_free(&lp);
    idlist_free(&lg);
    return rc;
}

static int feed_row(void *ctx, const struct sb_article *r)
{
    return feed_one(ctx, r);
}

/* Feeds articles a->m[from..n), text and lead names fetched one at a time, to c. */
static int cluster(rasd_store *s, const struct arts *a, size_t from, rasd_clusterer *c)
{
    int rc = RASD_OK;
    for (size_t i = from; i < a->n && !rc; i++) {
        struct feed f = {&a->m[i], c};
        rc = sb_article_get(s->b, NULL, a->m[i].seq, feed_row, &f);
        if (rc == RASD_ENOTFOUND)
            rc = feed_one(&f, NULL);
        else if (rc == RASD_EDB)
            rc = store_fail(s);
    }
    return rc;
}

static char *json_names(char **names, size_t n)
{
    json_t *arr = json_array();
    if (!arr)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (json_array_append_new(arr, json_string(names[i]))) {
            json_decref(arr); /* a name lost would go unnoticed */
            return NULL;
        }
    char *s = json_dumps(arr, JSON_COMPACT);
    json_decref(arr);
    return s;
}

/* A story in the form the store takes, with the text it points to. */
struct story_out {
    char id[32], first[11], last[11];
    char *places, *groups;
    int64_t *seqs;
};

static int story_out(const rasd_story *st, const struct arts *a, struct story_out *o,
                     struct sb_story *row)
{
    snprintf(o->id, sizeof o->id, "s%lld", (long long)st->key);
    rasd_day_format(st->first, o->first);
    rasd_day_format(st->last, o->last);
    o->places = json_names(st->places, st->nplaces);
    o->groups = json_names(st->groups, st->ngroups);
    o->seqs = malloc((st->ndocs ? st->ndocs : 1) * sizeof *o->seqs);
    if (!o->places || !o->groups || !o->seqs)
        return RASD_ENOMEM;
    for (size_t k = 0; k < st->ndocs; k++)
        o->seqs[k] = a->m[st->docs[k]].seq;
    *row = (struct sb_story){o->id, st->ndocs ? a->m[st->docs[0]].title : "", o->first,
                             o->last, o->places, o->groups, o->seqs, st->ndocs};
    return RASD_OK;
}

/* The clusterer of the stored stories, to go on from, into *c with the number of
 * articles it holds (*from): when the stored state goes with the stored stories and the
 * articles it grouped are the first of the store in publication order, so that every
 * article since comes after them.  Otherwise (an article replaced or removed, one dated
 * before the last grouped, a state of another version) *c stays NULL: group afresh. */
static int load_state(void *ctx, struct sb_text state)
{
    int rc = rasd_clusterer_load(state.p, state.n, ctx);
    return rc == RASD_EPARSE ? RASD_OK : rc;
}

static int resume(rasd_store *s, const struct arts *a, rasd_clusterer **c, size_t *from)
{
    char saved[128];
    *c = NULL;
    *from = 0;
    int rc = stamp_saved(s, 0, saved, sizeof saved);
    if (rc || strncmp(saved, CLU_STORE_VERSION ":", strlen(CLU_STORE_VERSION ":")))
        return rc;
    rc = sb_story_state(s->b, saved, load_state, c);
    if (rc == RASD_EDB)
        rc = store_fail(s);
    const int64_t *keys = NULL;
    size_t n = 0;
    if (!rc && *c)
        rasd_clusterer_keys(*c, &keys, &n);
    int fits = *c && n <= a->n;
    for (size_t i = 0; fits && i < n; i++)
        fits = keys[i] == a->m[i].seq;
    if (!fits) {
        rasd_clusterer_free(*c);
        *c = NULL;
    } else
        *from = n;
    return rc;
}

/* Writes the stories, stored or into this connection's scratch copy (a read's). */
static int save(rasd_store *s, int scratch, const rasd_story *st, size_t n,
                const struct arts *a, const char *stamp, const char *state, size_t len)
{
    struct story_out *o = calloc(n ? n : 1, sizeof *o);
    struct sb_story *rows = calloc(n ? n : 1, sizeof *rows);
    int rc = o && rows ? RASD_OK : RASD_ENOMEM;
    for (size_t i = 0; i < n && !rc; i++)
        rc = story_out(&st[i], a, &o[i], &rows[i]);
    if (!rc) {
        rc = sb_stories_put(s->b, scratch, rows, n, stamp, (struct sb_text){state, len});
        if (rc == RASD_EDB)
            store_fail(s);
    }
    for (size_t i = 0; o && i < n; i++) {
        free(o[i].places);
        free(o[i].groups);
        free(o[i].seqs);
    }
    free(o);
    free(rows);
    return rc;
}

/* Brings the stories (stored, or this connection's scratch copy) to the articles when
 * their stamp is not `now`: the articles since the stored state are added to it, or (see
 * resume) all are grouped afresh.  Only the stored ones keep the state they end with. */
static int regroup(rasd_store *s, int scratch, const char *now)
{
    char saved[128], *state = NULL;
    struct arts a = {0};
    rasd_clusterer *c = NULL;
    rasd_story *st = NULL;
    size_t n = 0, from = 0, len = 0;
    int stored = !scratch;
    int rc = stamp_saved(s, scratch, saved, sizeof saved);
    if (rc || !strcmp(now, saved))
        return rc;
    rc = load_meta(s, &a);
    if (!rc)
        rc = resume(s, &a, &c, &from);
    if (!rc && !c)
        rc = rasd_clusterer_create(&c);
    if (!rc)
        rc = cluster(s, &a, from, c);
    if (!rc)
        rc = rasd_clusterer_stories(c, &st, &n);
    if (!rc && stored)
        rc = rasd_clusterer_save(c, &state, &len);
    if (!rc)
        rc = save(s, scratch, st, n, &a, now, state, len);
    free(state);
    rasd_stories_free(st, n);
    rasd_clusterer_free(c);
    arts_free(&a);
    return rc;
}

int store_refresh_stories(rasd_store *s)
{
    char now[128];
    int rc = rasd_store_commit(s);
    if (!rc)
        rc = stamp_now(s, now, sizeof now);
    if (!rc)
        rc = regroup(s, 0, now);
    if (!rc && sb_scratch_drop(s->b, SB_STORIES) != RASD_OK)
        rc = store_fail(s);
    if (!rc)
        s->stale &= ~(unsigned)RASD_STALE_STORIES;
    return rc;
}

/* What a read needs: the stored stories when they are current, else stories computed
 * for this connection only (its scratch copy), the store left as it is. */
static int current_stories(rasd_store *s, unsigned *stale)
{
    char now[128], saved[128];
    int rc = stamp_now(s, now, sizeof now);
    if (!rc)
        rc = stamp_saved(s, 0, saved, sizeof saved);
    if (rc || !strcmp(now, saved)) {
        *stale = 0;
        return rc;
    }
    *stale = RASD_STALE_STORIES;
    return RASD_OK;
}

static int read_stories(rasd_store *s)
{
    unsigned stale = 0;
    int rc = current_stories(s, &stale);
    if (rc || !stale)
        return rc;
    s->stale |= stale;
    char now[128];
    rc = sb_scratch(s->b, SB_STORIES) == RASD_OK ? RASD_OK : store_fail(s);
    if (!rc)
        rc = stamp_now(s, now, sizeof now);
    return rc ? rc : regroup(s, 1, now);
}

int store_stories_stale(rasd_store *s, unsigned *stale)
{
    return current_stories(s, stale);
}

/* ------------------------------------------------------------------ reading back */

struct strs {
    char **s;
    size_t n, cap;
};

static void strs_free(struct strs *v)
{
    for (size_t i = 0; i < v->n; i++)
        free(v->s[i]);
    free(v->s);
    memset(v, 0, sizeof *v);
}

static int strs_push(struct strs *v, const char *s)
{
    if (v->n == v->cap) {
        size_t nc = v->cap ? v->cap * 2 : 8;
        char **p = realloc(v->s, nc * sizeof *p);
        if (!p)
            return RASD_ENOMEM;
        v->s = p;
        v->cap = nc;
    }
    v->s[v->n] = strdup(s ? s : "");
    return v->s[v->n++] ? RASD_OK : RASD_ENOMEM;
}

static int parse_names(const char *json, struct strs *out)
{
    /* rasd wrote this JSON (a NOT NULL column): when it does not read back, or does not
     * come out of the store (col() gives ""), memory ran out. */
    jsonoom_begin();
    json_t *arr = json ? json_loads(json, 0, NULL) : NULL;
    if ((json && !arr) || jsonoom_failed()) {
        json_decref(arr);
        return RASD_ENOMEM;
    }
    int rc = RASD_OK;
    for (size_t i = 0; arr && i < json_array_size(arr) && !rc; i++) {
        const char *v = json_string_value(json_array_get(arr, i));
        if (v)
            rc = strs_push(out, v);
    }
    json_decref(arr);
    return rc;
}

static int add_member(void *ctx, struct sb_text doc)
{
    return strs_push(ctx, doc.p);
}

static const char *col(struct sb_text t)
{
    return t.p ? t.p : "";
}

struct story_call {
    rasd_store *s;
    rasd_story_fn fn;
    void *ctx;
};

/* A callback's return that stops the stories (not a RASD_* status). */
#define CLU_STOP 1

static int story_row(void *p, const struct sb_story_row *row)
{
    struct story_call *c = p;
    struct strs docs = {0}, places = {0}, groups = {0};
    int rc = sb_story_members(c->s->b, col(row->id), add_member, &docs);
    if (!rc)
        rc = parse_names(col(row->places), &places);
    if (!rc)
        rc = parse_names(col(row->groups), &groups);
    if (!rc) {
        rasd_story_rec r = {col(row->id), col(row->title), col(row->first), col(row->last),
                            (const char *const *)docs.s, docs.n,
                            (const char *const *)places.s, places.n,
                            (const char *const *)groups.s, groups.n};
        if (c->fn(c->ctx, &r) != 0)
            rc = CLU_STOP;
    }
    strs_free(&docs);
    strs_free(&places);
    strs_free(&groups);
    return rc;
}

int rasd_store_stories(rasd_store *s, rasd_story_fn fn, void *ctx)
{
    if (!s)
        return RASD_EINVAL;
    int rc = read_stories(s);
    if (rc || !fn)
        return rc;
    struct story_call c = {s, fn, ctx};
    rc = sb_story_rows(s->b, story_row, &c);
    if (rc == CLU_STOP)
        return RASD_OK;
    return rc == RASD_EDB ? store_fail(s) : rc;
}
