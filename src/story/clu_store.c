/* Stories over the store: the stored articles go through a clusterer in publication
 * order whenever the article set changed (a stamp of count, highest and summed sequence
 * numbers tells), and the result is kept in stories / story_articles, which the export
 * and the figure timelines read. */
#include "common/jsonoom.h"
#include "story/psg.h"
#include "store/store.h"
#include "store/sqlite/legacy.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bumped whenever grouping changes, so that stored stories are recomputed. */
#define CLU_STORE_VERSION "clu4"

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

static int load_refs(rasd_store *s, const char *sql, struct refs *r)
{
    sqlite3_stmt *st = NULL;
    int rc = RASD_OK, step;
    if (sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL) != SQLITE_OK)
        return store_fail(s);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(st, 1);
        if (!t || !*t)
            continue;
        if (r->n == r->cap) {
            size_t nc = r->cap ? r->cap * 2 : 256;
            int64_t *a = realloc(r->seq, nc * sizeof *a);
            if (a)
                r->seq = a;
            char **b = realloc(r->ref, nc * sizeof *b);
            if (b)
                r->ref = b;
            if (!a || !b) {
                rc = RASD_ENOMEM;
                break;
            }
            r->cap = nc;
        }
        r->ref[r->n] = strdup(t);
        if (!r->ref[r->n]) {
            rc = RASD_ENOMEM;
            break;
        }
        r->seq[r->n++] = sqlite3_column_int64(st, 0);
    }
    if (!rc && step != SQLITE_DONE && step != SQLITE_ROW)
        rc = store_fail(s);
    sqlite3_finalize(st);
    return rc;
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
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(store_db(s), "SELECT count(*), coalesce(max(seq), 0), "
                           "coalesce(sum(seq), 0) FROM articles", -1, &st, NULL) != SQLITE_OK)
        return store_fail(s);
    int rc = RASD_OK;
    if (sqlite3_step(st) == SQLITE_ROW)
        snprintf(out, cap, "%s:%lld:%lld:%lld", CLU_STORE_VERSION,
                 (long long)sqlite3_column_int64(st, 0), (long long)sqlite3_column_int64(st, 1),
                 (long long)sqlite3_column_int64(st, 2));
    else
        rc = store_fail(s);
    sqlite3_finalize(st);
    return rc;
}

static int stamp_saved(rasd_store *s, const char *schema, char *out, size_t cap)
{
    sqlite3_stmt *st = NULL;
    char sql[96];
    out[0] = 0;
    snprintf(sql, sizeof sql, "SELECT stamp FROM %s.story_stamp WHERE id = 1", schema);
    if (sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL) != SQLITE_OK)
        return store_fail(s);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW && sqlite3_column_text(st, 0))
        snprintf(out, cap, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return (step == SQLITE_ROW || step == SQLITE_DONE) ? RASD_OK : store_fail(s);
}

static int cmp_meta(const void *x, const void *y)
{
    const struct meta *a = x, *b = y;
    int64_t da = a->day == RASD_DAY_UNKNOWN ? INT64_MAX : a->day;
    int64_t db = b->day == RASD_DAY_UNKNOWN ? INT64_MAX : b->day;
    if (da != db)
        return da < db ? -1 : 1;
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

static int load_meta(rasd_store *s, struct arts *a)
{
    sqlite3_stmt *st = NULL;
    int rc = RASD_OK, step;
    /* An article without a title is named by its first line (at most 100 characters). */
    if (sqlite3_prepare_v2(store_db(s), "SELECT seq, id, published, CASE WHEN "
                           "coalesce(title, '') = '' THEN substr(substr(text, 1, "
                           "instr(text || char(10), char(10)) - 1), 1, 100) ELSE title END "
                           "FROM articles", -1, &st, NULL) != SQLITE_OK)
        return store_fail(s);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (a->n == a->cap) {
            size_t nc = a->cap ? a->cap * 2 : 256;
            struct meta *p = realloc(a->m, nc * sizeof *p);
            if (!p) {
                rc = RASD_ENOMEM;
                break;
            }
            a->m = p;
            a->cap = nc;
        }
        struct meta *m = &a->m[a->n];
        memset(m, 0, sizeof *m);
        m->seq = sqlite3_column_int64(st, 0);
        const char *id = (const char *)sqlite3_column_text(st, 1);
        const char *pub = (const char *)sqlite3_column_text(st, 2);
        const char *title = (const char *)sqlite3_column_text(st, 3);
        rasd_day_parse(pub, pub ? strlen(pub) : 0, &m->day);
        m->id = strdup(id ? id : "");
        m->title = strdup(title ? title : "");
        a->n++;
        if (!m->id || !m->title) {
            rc = RASD_ENOMEM;
            break;
        }
    }
    if (!rc && step != SQLITE_DONE)
        rc = store_fail(s);
    sqlite3_finalize(st);
    if (rc)
        return rc;
    if (a->n)
        qsort(a->m, a->n, sizeof *a->m, cmp_meta);
    /* Places: named places and figure locations (a figure's place counts twice, as the
     * event the article reports); groups: the sides its figures count. */
    rc = load_refs(s, "SELECT seq, ref FROM mentions WHERE kind = 'place' UNION ALL "
                      "SELECT seq, location FROM figures WHERE location IS NOT NULL "
                      "ORDER BY 1", &a->places);
    if (!rc)
        rc = load_refs(s, "SELECT seq, grp FROM figures WHERE grp IS NOT NULL AND "
                          "grp NOT IN ('unknown', 'all') ORDER BY 1", &a->groups);
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

/* Feeds articles a->m[from..n), text and lead names fetched one at a time, to c. */
static int cluster(rasd_store *s, const struct arts *a, size_t from, rasd_clusterer *c)
{
    sqlite3_stmt *st = NULL;
    int rc = RASD_OK;
    if (sqlite3_prepare_v2(store_db(s), "SELECT a.text, n.places, n.groups FROM articles a "
                           "LEFT JOIN article_names n ON n.seq = a.seq WHERE a.seq = ?1", -1,
                           &st, NULL) != SQLITE_OK)
        return store_fail(s);
    for (size_t i = from; i < a->n && !rc; i++) {
        const struct meta *m = &a->m[i];
        sqlite3_bind_int64(st, 1, m->seq);
        int step = sqlite3_step(st);
        const char *text = step == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : "";
        size_t len = step == SQLITE_ROW ? (size_t)sqlite3_column_bytes(st, 0) : 0;
        struct idlist lp = {0}, lg = {0};
        if (step == SQLITE_ROW) {
            rc = split_ids((const char *)sqlite3_column_text(st, 1), &lp);
            if (!rc)
                rc = split_ids((const char *)sqlite3_column_text(st, 2), &lg);
        }
        rasd_story_input in = {m->seq, m->day, m->title, strlen(m->title), text ? text : "",
                               text ? len : 0, (const char *const *)m->places, m->nplaces,
                               (const char *const *)m->groups, m->ngroups,
                               (const char *const *)lp.ids, lp.n,
                               (const char *const *)lg.ids, lg.n};
        if (!rc && step != SQLITE_ROW && step != SQLITE_DONE)
            rc = store_fail(s);
        else if (!rc)
            rc = rasd_clusterer_add(c, &in, NULL);
        idlist_free(&lp);
        idlist_free(&lg);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
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

static int save_story(rasd_store *s, sqlite3_stmt *ins, sqlite3_stmt *mem,
                      const rasd_story *st, const struct arts *a)
{
    char id[32], first[11], last[11];
    snprintf(id, sizeof id, "s%lld", (long long)st->key);
    rasd_day_format(st->first, first);
    rasd_day_format(st->last, last);
    char *pl = json_names(st->places, st->nplaces), *gr = json_names(st->groups, st->ngroups);
    int rc = RASD_OK;
    if (!pl || !gr) {
        rc = RASD_ENOMEM;
        goto out;
    }
    sqlite3_bind_text(ins, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 2, st->ndocs ? a->m[st->docs[0]].title : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 3, first, -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 4, last, -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 5, pl, -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 6, gr, -1, SQLITE_STATIC);
    if (sqlite3_step(ins) != SQLITE_DONE)
        rc = store_fail(s);
    sqlite3_reset(ins);
    for (size_t k = 0; k < st->ndocs && !rc; k++) {
        sqlite3_bind_int64(mem, 1, a->m[st->docs[k]].seq);
        sqlite3_bind_text(mem, 2, id, -1, SQLITE_STATIC);
        sqlite3_bind_int64(mem, 3, (sqlite3_int64)k);
        if (sqlite3_step(mem) != SQLITE_DONE)
            rc = store_fail(s);
        sqlite3_reset(mem);
    }
out:
    free(pl);
    free(gr);
    return rc;
}

/* Prepares sql, a format with one %s for the schema, into *st. */
static int prepare_in(sqlite3 *db, const char *schema, const char *sql, sqlite3_stmt **st)
{
    char q[256];
    snprintf(q, sizeof q, sql, schema);
    return sqlite3_prepare_v2(db, q, -1, st, NULL);
}

/* The grouping's state goes with the stamp of the stories it made. */
static int save_state(rasd_store *s, const char *stamp, const char *state, size_t len)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(store_db(s), "INSERT OR REPLACE INTO main.story_state(id, stamp, "
                           "state) VALUES (1, ?1, ?2)", -1, &st, NULL) != SQLITE_OK)
        return store_fail(s);
    sqlite3_bind_text(st, 1, stamp, -1, SQLITE_STATIC);
    sqlite3_bind_blob64(st, 2, state, len, SQLITE_STATIC);
    int rc = sqlite3_step(st) == SQLITE_DONE ? RASD_OK : store_fail(s);
    sqlite3_finalize(st);
    return rc;
}

/* The clusterer of the stored stories, to go on from, into *c with the number of
 * articles it holds (*from): when the stored state goes with the stored stories and the
 * articles it grouped are the first of the store in publication order, so that every
 * article since comes after them.  Otherwise (an article replaced or removed, one dated
 * before the last grouped, a state of another version) *c stays NULL: group afresh. */
static int resume(rasd_store *s, const struct arts *a, rasd_clusterer **c, size_t *from)
{
    char saved[128];
    sqlite3_stmt *st = NULL;
    *c = NULL;
    *from = 0;
    int rc = stamp_saved(s, "main", saved, sizeof saved);
    if (rc || strncmp(saved, CLU_STORE_VERSION ":", strlen(CLU_STORE_VERSION ":")))
        return rc;
    if (sqlite3_prepare_v2(store_db(s), "SELECT state FROM main.story_state WHERE id = 1 AND "
                           "stamp = ?1", -1, &st, NULL) != SQLITE_OK)
        return store_fail(s);
    sqlite3_bind_text(st, 1, saved, -1, SQLITE_STATIC);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        rc = rasd_clusterer_load(sqlite3_column_blob(st, 0),
                                 (size_t)sqlite3_column_bytes(st, 0), c);
        if (rc == RASD_EPARSE)
            rc = RASD_OK;
    } else if (step != SQLITE_DONE)
        rc = store_fail(s);
    sqlite3_finalize(st);
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

/* Writes the stories into the tables of `schema`: "main" for the stored ones, "temp" for
 * the ones a read computes for itself. */
static int save(rasd_store *s, const char *schema, const rasd_story *st, size_t n,
                const struct arts *a, const char *stamp, const char *state, size_t len)
{
    sqlite3_stmt *ins = NULL, *mem = NULL, *stp = NULL;
    sqlite3 *db = store_db(s);
    char sql[128];
    /* TEMP tables may be written inside the caller's batch: a savepoint nests. */
    int temp = strcmp(schema, "main") != 0;
    int rc = store_exec(s, temp ? "SAVEPOINT stories" : "BEGIN IMMEDIATE");
    if (rc)
        return rc;
    snprintf(sql, sizeof sql, "DELETE FROM %s.story_articles; DELETE FROM %s.stories;",
             schema, schema);
    rc = store_exec(s, sql);
    if (!rc && (prepare_in(db, schema, "INSERT INTO %s.stories(id, title, first, last, "
                           "places, groups) VALUES (?1, ?2, nullif(?3, ''), nullif(?4, ''), "
                           "?5, ?6)", &ins) ||
                prepare_in(db, schema, "INSERT INTO %s.story_articles(seq, story, pos) "
                           "VALUES (?1, ?2, ?3)", &mem) ||
                prepare_in(db, schema, "INSERT OR REPLACE INTO %s.story_stamp(id, stamp) "
                           "VALUES (1, ?1)", &stp)))
        rc = store_fail(s);
    for (size_t i = 0; i < n && !rc; i++)
        rc = save_story(s, ins, mem, &st[i], a);
    if (!rc) {
        sqlite3_bind_text(stp, 1, stamp, -1, SQLITE_STATIC);
        if (sqlite3_step(stp) != SQLITE_DONE)
            rc = store_fail(s);
    }
    if (!rc && state)
        rc = save_state(s, stamp, state, len);
    sqlite3_finalize(ins);
    sqlite3_finalize(mem);
    sqlite3_finalize(stp);
    if (!rc)
        rc = store_exec(s, temp ? "RELEASE stories" : "COMMIT");
    if (rc)
        sqlite3_exec(db, temp ? "ROLLBACK TO stories; RELEASE stories" : "ROLLBACK", NULL,
                     NULL, NULL);
    return rc;
}

/* Brings the stories of the tables of `schema` to the articles when their stamp is not
 * `now`: the articles since the stored state are added to it, or (see resume) all are
 * grouped afresh.  Only the stored ones ("main") keep the state they end with. */
static int regroup(rasd_store *s, const char *schema, const char *now)
{
    char saved[128], *state = NULL;
    struct arts a = {0};
    rasd_clusterer *c = NULL;
    rasd_story *st = NULL;
    size_t n = 0, from = 0, len = 0;
    int stored = !strcmp(schema, "main");
    int rc = stamp_saved(s, schema, saved, sizeof saved);
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
        rc = save(s, schema, st, n, &a, now, state, len);
    free(state);
    rasd_stories_free(st, n);
    rasd_clusterer_free(c);
    arts_free(&a);
    return rc;
}

/* Copies of the story tables for one connection, without the foreign keys a TEMP table
 * cannot have; they hide the stored ones from every unqualified query of this
 * connection. */
static const char temp_tables[] =
    "CREATE TEMP TABLE IF NOT EXISTS stories(id TEXT PRIMARY KEY, title TEXT, first TEXT,"
    "  last TEXT, places TEXT NOT NULL, groups TEXT NOT NULL);"
    "CREATE TEMP TABLE IF NOT EXISTS story_articles(seq INTEGER PRIMARY KEY,"
    "  story TEXT NOT NULL, pos INTEGER NOT NULL);"
    "CREATE INDEX IF NOT EXISTS temp.story_articles_story ON story_articles(story, pos);"
    "CREATE TEMP TABLE IF NOT EXISTS story_stamp(id INTEGER PRIMARY KEY CHECK(id = 1),"
    "  stamp TEXT NOT NULL);";

int store_refresh_stories(rasd_store *s)
{
    char now[128];
    int rc = rasd_store_commit(s);
    if (!rc)
        rc = stamp_now(s, now, sizeof now);
    if (!rc)
        rc = regroup(s, "main", now);
    if (!rc)
        rc = store_exec(s, "DROP TABLE IF EXISTS temp.stories; DROP TABLE IF EXISTS "
                           "temp.story_articles; DROP TABLE IF EXISTS temp.story_stamp;");
    if (!rc)
        s->stale &= ~(unsigned)RASD_STALE_STORIES;
    return rc;
}

/* What a read needs: the stored stories when they are current, else stories computed
 * for this connection only (TEMP tables), the store left as it is. */
static int current_stories(rasd_store *s, unsigned *stale)
{
    char now[128], saved[128];
    int rc = stamp_now(s, now, sizeof now);
    if (!rc)
        rc = stamp_saved(s, "main", saved, sizeof saved);
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
    rc = store_exec(s, temp_tables);
    if (!rc)
        rc = stamp_now(s, now, sizeof now);
    return rc ? rc : regroup(s, "temp", now);
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
     * come out of SQLite (col() gives ""), memory ran out. */
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

static int members(rasd_store *s, sqlite3_stmt *mem, const char *id, struct strs *docs)
{
    int step, rc = RASD_OK;
    sqlite3_bind_text(mem, 1, id, -1, SQLITE_STATIC);
    while ((step = sqlite3_step(mem)) == SQLITE_ROW && !rc)
        rc = strs_push(docs, (const char *)sqlite3_column_text(mem, 0));
    if (!rc && step != SQLITE_DONE)
        rc = store_fail(s);
    sqlite3_reset(mem);
    return rc;
}

static const char *col(sqlite3_stmt *st, int i)
{
    const char *t = (const char *)sqlite3_column_text(st, i);
    return t ? t : "";
}

int rasd_store_stories(rasd_store *s, rasd_story_fn fn, void *ctx)
{
    sqlite3_stmt *st = NULL, *mem = NULL;
    if (!s)
        return RASD_EINVAL;
    int rc = read_stories(s);
    if (rc || !fn)
        return rc;
    if (sqlite3_prepare_v2(store_db(s), "SELECT id, title, first, last, places, groups FROM "
                           "stories ORDER BY rowid", -1, &st, NULL) ||
        sqlite3_prepare_v2(store_db(s), "SELECT a.id FROM story_articles sa JOIN articles a "
                           "ON a.seq = sa.seq WHERE sa.story = ?1 ORDER BY sa.pos", -1, &mem,
                           NULL)) {
        rc = store_fail(s);
        goto out;
    }
    for (int stop = 0; !rc && !stop;) {
        int step = sqlite3_step(st);
        if (step == SQLITE_DONE)
            break;
        if (step != SQLITE_ROW) {
            rc = store_fail(s);
            break;
        }
        struct strs docs = {0}, places = {0}, groups = {0};
        rc = members(s, mem, col(st, 0), &docs);
        if (!rc)
            rc = parse_names(col(st, 4), &places);
        if (!rc)
            rc = parse_names(col(st, 5), &groups);
        if (!rc) {
            rasd_story_rec r = {col(st, 0), col(st, 1), col(st, 2), col(st, 3),
                                (const char *const *)docs.s, docs.n,
                                (const char *const *)places.s, places.n,
                                (const char *const *)groups.s, groups.n};
            stop = fn(ctx, &r) != 0;
        }
        strs_free(&docs);
        strs_free(&places);
        strs_free(&groups);
    }
out:
    sqlite3_finalize(st);
    sqlite3_finalize(mem);
    return rc;
}

