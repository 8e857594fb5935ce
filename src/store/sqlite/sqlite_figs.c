/* The SQLite backend: figures, mentions and lead names of an article version. */
#include "store/sqlite/sqlite.h"
#include <stdio.h>

static int bind_opt_int(sqlite3_stmt *st, int i, int has, int64_t v)
{
    return has ? sqlite3_bind_int64(st, i, v) : sqlite3_bind_null(st, i);
}

int sqlite_figure_put(struct sb *b, int64_t seq, int n, const rasd_doc *d, const rasd_figure *f)
{
    int rc = sqlite_prepare(b, &sq(b)->st_fig,
        "INSERT INTO figures(seq, n, doc, category, grp, actor, value, low, high, qualifier,"
        " unit, source, source_text, location, date, span_start, span_end, field, sentence)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
        " ?17, ?18, ?19)");
    if (rc != RASD_OK)
        return rc;
    sqlite3_stmt *st = sq(b)->st_fig;
    const char *field = f->field ? d->title : d->text;
    size_t flen = f->field ? d->title_len : d->text_len;
    sqlite3_bind_int64(st, 1, seq);
    sqlite3_bind_int(st, 2, n);
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
    sqlite_bind(st, 13, (struct sb_text){f->source_text, f->source_len});
    sqlite3_bind_text(st, 14, f->location, -1, SQLITE_STATIC);
    if (f->date[0])
        sqlite3_bind_text(st, 15, f->date, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 16, (sqlite3_int64)f->start);
    sqlite3_bind_int64(st, 17, (sqlite3_int64)f->end);
    if (d->kind == RASD_INPUT_JSONL)
        sqlite3_bind_text(st, 18, f->field ? "title" : "text", -1, SQLITE_STATIC);
    if (field && f->sent_start <= f->sent_end && f->sent_end <= flen)
        sqlite_bind(st, 19, (struct sb_text){field + f->sent_start,
                                             f->sent_end - f->sent_start});
    return sqlite_step_done(b, st);
}

int sqlite_mention_put(struct sb *b, int64_t seq, const char *kind, const char *ref,
                   const rasd_doc *d, const rasd_figure *f)
{
    int rc = sqlite_prepare(b, &sq(b)->st_men,
        "INSERT INTO mentions(seq, kind, ref, span_start, span_end, field)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    if (rc != RASD_OK)
        return rc;
    sqlite3_stmt *st = sq(b)->st_men;
    sqlite3_bind_int64(st, 1, seq);
    sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, ref, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)f->start);
    sqlite3_bind_int64(st, 5, (sqlite3_int64)f->end);
    if (d->kind == RASD_INPUT_JSONL)
        sqlite3_bind_text(st, 6, f->field ? "title" : "text", -1, SQLITE_STATIC);
    return sqlite_step_done(b, st);
}

int sqlite_names_put(struct sb *b, int64_t seq, struct sb_text places, struct sb_text groups)
{
    int rc = sqlite_prepare(b, &sq(b)->st_names, "INSERT OR REPLACE INTO article_names(seq, "
                                             "places, groups) VALUES (?1, ?2, ?3)");
    if (rc != RASD_OK)
        return rc;
    sqlite3_bind_int64(sq(b)->st_names, 1, seq);
    sqlite_bind(sq(b)->st_names, 2, places);
    sqlite_bind(sq(b)->st_names, 3, groups);
    return sqlite_step_done(b, sq(b)->st_names);
}

/* ---- scans */

/* The columns figure_row reads, then the story (column 20) and what a scan adds. */
#define FIGURE_COLS \
    "SELECT f.doc, f.category, f.grp, f.actor, f.value, f.low, f.high, f.qualifier," \
    " f.unit, f.source, f.source_text, f.location, f.date, f.span_start, f.span_end," \
    " f.field, f.sentence, a.outlet, a.published, a.seq"

static void figure_row(sqlite3_stmt *st, struct sb_figure_row *r)
{
    struct sb_text *t[] = {&r->doc, &r->category, &r->group, &r->actor, NULL, NULL, NULL,
                           &r->qualifier, &r->unit, &r->source, &r->source_text,
                           &r->location, &r->date, NULL, NULL, &r->field, &r->sentence,
                           &r->outlet, &r->published, NULL, &r->story};
    int64_t *v[] = {NULL, NULL, NULL, NULL, &r->value, &r->low, &r->high, NULL, NULL, NULL,
                    NULL, NULL, NULL, &r->span_start, &r->span_end, NULL, NULL, NULL, NULL,
                    &r->seq, NULL};
    for (int i = 0; i < (int)(sizeof t / sizeof *t); i++) {
        if (t[i])
            *t[i] = sqlite_col(st, i);
        else
            *v[i] = sqlite_col_int(st, i);
    }
}

int sqlite_figure_rows(struct sb *b, enum sb_figure_order order, int64_t after,
                       int (*fn)(void *ctx, const struct sb_figure_row *r), void *ctx)
{
    /* Unqualified story_articles: the TEMP copy a read computed hides the stored one. */
    static const char cols[] = FIGURE_COLS ", sa.story"
        " FROM figures f JOIN articles a ON a.seq = f.seq"
        " LEFT JOIN story_articles sa ON sa.seq = a.seq WHERE a.seq > ?1 ";
    char sql[768];
    snprintf(sql, sizeof sql, "%s%s", cols, order == SB_BY_EVENT
             ? "ORDER BY coalesce(f.date, substr(a.published, 1, 10), ''),"
               " coalesce('story ' || sa.story, 'doc ' || a.id), f.location IS NULL,"
               " sa.pos, a.seq, f.n"
             : "ORDER BY a.seq, f.n");
    sqlite3_stmt *st = NULL;
    int rc = RASD_OK, step = SQLITE_DONE;
    if (sqlite3_prepare_v2(sq(b)->db, sql, -1, &st, NULL) != SQLITE_OK)
        return sqlite_fail(b);
    sqlite3_bind_int64(st, 1, after);
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        struct sb_figure_row r = {0};
        figure_row(st, &r);
        rc = fn(ctx, &r);
    }
    if (!rc && step != SQLITE_DONE)
        rc = sqlite_fail(b);
    sqlite3_finalize(st);
    return rc;
}

/* One statement for every filter: a NULL parameter keeps every row, so the plan does not
 * depend on which filters a request gives. */
static const char filtered_sql[] =
    FIGURE_COLS ", NULL, f.n FROM figures f JOIN articles a ON a.seq = f.seq"
    " WHERE (?1 IS NULL OR f.category = ?1) AND (?2 IS NULL OR f.grp = ?2)"
    " AND (?3 IS NULL OR f.source = ?3 OR (?3 = '' AND f.source IS NULL))"
    " AND (?4 IS NULL OR f.doc = ?4)"
    " AND (?5 IS NULL OR coalesce(f.date, substr(a.published, 1, 10)) >= ?5)"
    " AND (?6 IS NULL OR coalesce(f.date, substr(a.published, 1, 10)) <= ?6)"
    " AND (f.seq > ?7 OR (f.seq = ?7 AND f.n > ?8))"
    " ORDER BY f.seq, f.n";

int sqlite_figures_filtered(struct sb *b, const struct sb_figure_query *q,
                            int (*fn)(void *ctx, const struct sb_figure_row *r), void *ctx)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(sq(b)->db, filtered_sql, -1, &st, NULL) != SQLITE_OK)
        return sqlite_fail(b);
    const struct sb_text *params[] = {&q->category, &q->group, &q->source, &q->doc,
                                      &q->since, &q->until};
    int rc = RASD_OK, step = SQLITE_DONE;
    for (int i = 0; i < 6 && !rc; i++)
        if (sqlite_bind(st, i + 1, *params[i]) != SQLITE_OK)
            rc = sqlite_fail(b);
    sqlite3_bind_int64(st, 7, q->after_seq);
    sqlite3_bind_int64(st, 8, q->after_n);
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        struct sb_figure_row r = {0};
        figure_row(st, &r);
        r.n = sqlite3_column_int64(st, 21);
        rc = fn(ctx, &r);
    }
    if (!rc && step != SQLITE_DONE)
        rc = sqlite_fail(b);
    sqlite3_finalize(st);
    return rc;
}
