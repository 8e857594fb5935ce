/* Figures and mentions of a stored article, through the extraction library. */
#include "store/store.h"
#include "common/buf.h"
#include <stdlib.h>
#include <string.h>

/* Distinct (kind, ref) pairs already written for the article in hand. */
#define FIGS_MAX_MENTIONS 256

struct figs_ctx {
    rasd_store *s;
    int64_t seq;
    int n;
    int rc;
    const char *seen_kind[FIGS_MAX_MENTIONS];
    const char *seen_ref[FIGS_MAX_MENTIONS];
    int nseen;
};

static int bind_opt_int(sqlite3_stmt *st, int i, int has, int64_t v)
{
    return has ? sqlite3_bind_int64(st, i, v) : sqlite3_bind_null(st, i);
}

static int insert_figure(struct figs_ctx *c, const rasd_doc *d, const rasd_figure *f)
{
    rasd_store *s = c->s;
    int rc = store_prepare(s, &s->st_fig,
        "INSERT INTO figures(seq, n, doc, category, grp, actor, value, low, high, qualifier,"
        " unit, source, source_text, location, date, span_start, span_end, field, sentence)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
        " ?17, ?18, ?19)");
    if (rc != RASD_OK)
        return rc;
    sqlite3_stmt *st = s->st_fig;
    const char *field = f->field ? d->title : d->text;
    size_t flen = f->field ? d->title_len : d->text_len;
    sqlite3_bind_int64(st, 1, c->seq);
    sqlite3_bind_int(st, 2, c->n);
    sqlite3_bind_text(st, 3, d->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, f->category, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, f->group, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, f->actor, -1, SQLITE_STATIC);
    bind_opt_int(st, 7, f->has_value, f->value);
    bind_opt_int(st, 8, f->has_low, f->low);
    bind_opt_int(st, 9, f->has_high, f->high);
    sqlite3_bind_text(st, 10, f->qualifier, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 11, f->unit, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 12, f->source, -1, SQLITE_STATIC);
    store_bind_text(st, 13, f->source_text, f->source_len);
    sqlite3_bind_text(st, 14, f->location, -1, SQLITE_STATIC);
    if (f->date[0])
        sqlite3_bind_text(st, 15, f->date, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 16, (sqlite3_int64)f->start);
    sqlite3_bind_int64(st, 17, (sqlite3_int64)f->end);
    if (d->kind == RASD_INPUT_JSONL)
        sqlite3_bind_text(st, 18, f->field ? "title" : "text", -1, SQLITE_STATIC);
    if (field && f->sent_start <= f->sent_end && f->sent_end <= flen)
        store_bind_text(st, 19, field + f->sent_start, f->sent_end - f->sent_start);
    int step = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return step == SQLITE_DONE ? RASD_OK : store_fail(s);
}

/* Records that the article names `ref` (a place, actor or source id), once per article;
 * the span is that of the first figure that names it. */
static int insert_mention(struct figs_ctx *c, const char *kind, const char *ref,
                          const rasd_doc *d, const rasd_figure *f)
{
    if (!ref || !*ref)
        return RASD_OK;
    for (int i = 0; i < c->nseen; i++)
        if (c->seen_kind[i] == kind && !strcmp(c->seen_ref[i], ref))
            return RASD_OK;
    if (c->nseen < FIGS_MAX_MENTIONS) {
        c->seen_kind[c->nseen] = kind;
        c->seen_ref[c->nseen++] = ref;
    }
    rasd_store *s = c->s;
    int rc = store_prepare(s, &s->st_men,
        "INSERT INTO mentions(seq, kind, ref, span_start, span_end, field)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    if (rc != RASD_OK)
        return rc;
    sqlite3_stmt *st = s->st_men;
    sqlite3_bind_int64(st, 1, c->seq);
    sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, ref, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)f->start);
    sqlite3_bind_int64(st, 5, (sqlite3_int64)f->end);
    if (d->kind == RASD_INPUT_JSONL)
        sqlite3_bind_text(st, 6, f->field ? "title" : "text", -1, SQLITE_STATIC);
    int step = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return step == SQLITE_DONE ? RASD_OK : store_fail(s);
}

static const char kind_place[] = "place", kind_actor[] = "actor", kind_source[] = "source";

static int on_figure(void *ud, const rasd_doc *d, const rasd_figure *f)
{
    struct figs_ctx *c = ud;
    int rc = insert_figure(c, d, f);
    if (rc == RASD_OK)
        rc = insert_mention(c, kind_place, f->location, d, f);
    if (rc == RASD_OK && f->actor && strcmp(f->actor, "unknown") && strcmp(f->actor, "all"))
        rc = insert_mention(c, kind_actor, f->actor, d, f);
    if (rc == RASD_OK)
        rc = insert_mention(c, kind_source, f->source, d, f);
    c->n++;
    if (rc != RASD_OK) {
        c->rc = rc;
        return 1;
    }
    return 0;
}

static int extractor(rasd_store *s)
{
    if (s->extractor)
        return RASD_OK;
    rasd_extractor *x = NULL;
    int rc = rasd_extractor_create(&x);
    if (rc == RASD_OK)
        s->extractor = x;
    return rc;
}

int store_figures(rasd_store *s, int64_t seq, const rasd_doc *doc, size_t *n)
{
    *n = 0;
    int erc = extractor(s);
    if (erc != RASD_OK)
        return erc;
    struct figs_ctx c = {s, seq, 0, RASD_OK, {0}, {0}, 0};
    int rc = rasd_extract(s->extractor, doc, on_figure, &c);
    if (c.rc != RASD_OK)
        return c.rc;
    /* A field too big to read whole keeps the figures read so far; the article stays. */
    if (rc != RASD_OK && rc != RASD_ETOOBIG)
        return rc;
    *n = (size_t)c.n;
    return RASD_OK;
}

void store_extractor_free(void *x)
{
    rasd_extractor_free(x);
}

/* ------------------------------------------------------------------ names of the lead */

struct names_ctx {
    struct buf places, groups;
};

static int on_name(void *ud, int kind, const char *id)
{
    struct names_ctx *c = ud;
    if (kind == RASD_NAME_GROUP && (!strcmp(id, "unknown") || !strcmp(id, "all")))
        return 0; /* no side, as for figures */
    struct buf *b = kind == RASD_NAME_PLACE ? &c->places : &c->groups;
    if (b->len)
        buf_addc(b, ' ');
    buf_adds(b, id);
    return 0;
}

int store_names(rasd_store *s, int64_t seq, const rasd_doc *doc)
{
    int rc = extractor(s);
    if (rc != RASD_OK)
        return rc;
    struct names_ctx c;
    buf_init(&c.places);
    buf_init(&c.groups);
    /* A title read apart is all lead; a title that opens the text is in its first words. */
    if (!doc->title_in_text && doc->title && doc->title_len)
        rc = rasd_extract_names(s->extractor, doc->title, doc->title_len, STORE_LEAD_WORDS,
                                on_name, &c);
    if (rc == RASD_OK && doc->text)
        rc = rasd_extract_names(s->extractor, doc->text, doc->text_len, STORE_LEAD_WORDS,
                                on_name, &c);
    if (rc == RASD_OK && (c.places.oom || c.groups.oom))
        rc = RASD_ENOMEM;
    if (rc == RASD_OK)
        rc = store_prepare(s, &s->st_names, "INSERT OR REPLACE INTO article_names(seq, "
                                            "places, groups) VALUES (?1, ?2, ?3)");
    if (rc == RASD_OK) {
        sqlite3_stmt *st = s->st_names;
        sqlite3_bind_int64(st, 1, seq);
        store_bind_text(st, 2, c.places.len ? c.places.p : "", c.places.len);
        store_bind_text(st, 3, c.groups.len ? c.groups.p : "", c.groups.len);
        int step = sqlite3_step(st);
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        rc = step == SQLITE_DONE ? RASD_OK : store_fail(s);
    }
    buf_free(&c.places);
    buf_free(&c.groups);
    return rc;
}

int store_refresh_names(rasd_store *s)
{
    sqlite3_stmt *st = NULL;
    int rc = store_exec(s, "BEGIN IMMEDIATE"), step;
    if (rc != RASD_OK)
        return rc;
    if (sqlite3_prepare_v2(s->db, "SELECT seq, title, text FROM articles a WHERE NOT EXISTS "
                           "(SELECT 1 FROM article_names n WHERE n.seq = a.seq)", -1, &st,
                           NULL) != SQLITE_OK)
        rc = store_fail(s);
    while (rc == RASD_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        rasd_doc d;
        memset(&d, 0, sizeof d);
        d.title = (const char *)sqlite3_column_text(st, 1);
        d.title_len = (size_t)sqlite3_column_bytes(st, 1);
        d.text = (const char *)sqlite3_column_text(st, 2);
        d.text_len = (size_t)sqlite3_column_bytes(st, 2);
        rc = store_names(s, sqlite3_column_int64(st, 0), &d);
    }
    if (rc == RASD_OK && step != SQLITE_DONE)
        rc = store_fail(s);
    sqlite3_finalize(st);
    if (rc == RASD_OK)
        return store_exec(s, "COMMIT");
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}
