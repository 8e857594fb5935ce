/* The PostgreSQL backend: figures, mentions and lead names of an article version, and the
 * series inputs of a stored story. */
#include "store/pg/pg.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

static const char *opt_int(char *buf, int has, int64_t v)
{
    if (!has)
        return NULL;
    snprintf(buf, 24, "%" PRId64, v);
    return buf;
}

int pg_figure_put(struct sb *sb, int64_t seq, int n, const rasd_doc *d, const rasd_figure *f)
{
    const char *field = f->field ? d->title : d->text;
    size_t flen = f->field ? d->title_len : d->text_len;
    char s[24], num[24], v[24], lo[24], hi[24], ss[24], se[24];
    int oom = 0;
    char *src = pg_text((struct sb_text){f->source_text, f->source_len}, &oom);
    char *sent = NULL;
    if (field && f->sent_start <= f->sent_end && f->sent_end <= flen)
        sent = pg_text((struct sb_text){field + f->sent_start, f->sent_end - f->sent_start},
                       &oom);
    snprintf(s, sizeof s, "%" PRId64, seq);
    snprintf(num, sizeof num, "%d", n);
    snprintf(ss, sizeof ss, "%zu", f->start);
    snprintf(se, sizeof se, "%zu", f->end);
    const char *vals[] = {
        s, num, d->id, f->category, f->group, f->actor,
        opt_int(v, f->has_value, f->value), opt_int(lo, f->has_low, f->low),
        opt_int(hi, f->has_high, f->high), f->qualifier, f->unit, f->source, src, f->location,
        f->date[0] ? f->date : NULL, ss, se,
        d->kind == RASD_INPUT_JSONL ? (f->field ? "title" : "text") : NULL, sent};
    int rc = oom ? RASD_ENOMEM : pg_run(PG(sb), PG_FIGURE, 19, vals, NULL);
    free(src);
    free(sent);
    return rc;
}

int pg_mention_put(struct sb *sb, int64_t seq, const char *kind, const char *ref,
                   const rasd_doc *d, const rasd_figure *f)
{
    char s[24], ss[24], se[24];
    snprintf(s, sizeof s, "%" PRId64, seq);
    snprintf(ss, sizeof ss, "%zu", f->start);
    snprintf(se, sizeof se, "%zu", f->end);
    const char *vals[] = {s, kind, ref, ss, se,
                          d->kind == RASD_INPUT_JSONL ? (f->field ? "title" : "text") : NULL};
    return pg_run(PG(sb), PG_MENTION, 6, vals, NULL);
}

int pg_names_put(struct sb *sb, int64_t seq, struct sb_text places, struct sb_text groups)
{
    char s[24];
    int oom = 0;
    snprintf(s, sizeof s, "%" PRId64, seq);
    char *p = pg_text(places, &oom), *g = pg_text(groups, &oom);
    const char *vals[] = {s, p, g};
    int rc = oom ? RASD_ENOMEM : pg_run(PG(sb), PG_NAMES, 3, vals, NULL);
    free(p);
    free(g);
    return rc;
}

int pg_story_size(struct sb *sb, const char *id, int64_t *n)
{
    PGresult *r = NULL;
    const char *vals[] = {id};
    *n = 0;
    int rc = pg_query(PG(sb), "SELECT count(*) FROM story_articles WHERE story = $1", 1, vals,
                      &r);
    if (rc == RASD_OK)
        *n = pg_col_int(r, 0, 0);
    PQclear(r);
    return rc;
}

int pg_series_rows(struct sb *sb, const char *id,
                   int (*fn)(void *ctx, const struct sb_series_row *r), void *ctx)
{
    PGresult *r = NULL;
    const char *vals[] = {id};
    int rc = pg_query(PG(sb),
        "SELECT f.doc, a.outlet, a.published, f.date, f.category, f.grp, f.location,"
        " f.source, f.qualifier, f.value, f.low, f.high, f.span_start, f.span_end,"
        " f.sentence, CASE f.field WHEN 'title' THEN a.title ELSE a.text END"
        " FROM story_articles sa JOIN figures f ON f.seq = sa.seq"
        " JOIN articles a ON a.seq = sa.seq WHERE sa.story = $1 ORDER BY sa.pos, f.n",
        1, vals, &r);
    for (int i = 0; rc == RASD_OK && i < PQntuples(r); i++) {
        struct sb_series_row row;
        struct sb_text *t[] = {&row.doc, &row.outlet, &row.published, &row.date,
                               &row.category, &row.group, &row.location, &row.source,
                               &row.qualifier};
        for (int k = 0; k < 9; k++)
            *t[k] = pg_col(r, i, k);
        row.value = pg_col_int(r, i, 9);
        row.low = pg_col_int(r, i, 10);
        row.high = pg_col_int(r, i, 11);
        row.span_start = pg_col_int(r, i, 12);
        row.span_end = pg_col_int(r, i, 13);
        row.sentence = pg_col(r, i, 14);
        row.field = pg_col(r, i, 15);
        rc = fn(ctx, &row);
    }
    PQclear(r);
    return rc;
}

/* The columns figure_row reads, then the story (column 20) and what a scan adds. */
#define FIGURE_COLS \
    "SELECT f.doc, f.category, f.grp, f.actor, f.value, f.low, f.high, f.qualifier," \
    " f.unit, f.source, f.source_text, f.location, f.date, f.span_start, f.span_end," \
    " f.field, f.sentence, a.outlet, a.published, a.seq"

static void figure_row(const PGresult *r, int i, struct sb_figure_row *row)
{
    struct sb_text *t[] = {&row->doc, &row->category, &row->group, &row->actor, NULL, NULL,
                           NULL, &row->qualifier, &row->unit, &row->source, &row->source_text,
                           &row->location, &row->date, NULL, NULL, &row->field,
                           &row->sentence, &row->outlet, &row->published, NULL, &row->story};
    int64_t *v[] = {NULL, NULL, NULL, NULL, &row->value, &row->low, &row->high, NULL, NULL,
                    NULL, NULL, NULL, NULL, &row->span_start, &row->span_end, NULL, NULL,
                    NULL, NULL, &row->seq, NULL};
    for (int k = 0; k < (int)(sizeof t / sizeof *t); k++) {
        if (t[k])
            *t[k] = pg_col(r, i, k);
        else
            *v[k] = pg_col_int(r, i, k);
    }
}

int pg_figure_rows(struct sb *sb, enum sb_figure_order order, int64_t after,
                   int (*fn)(void *ctx, const struct sb_figure_row *r), void *ctx)
{
    /* Text is ordered byte by byte (COLLATE "C") whatever the database's collation. */
    static const char cols[] = FIGURE_COLS ", sa.story"
        " FROM figures f JOIN articles a ON a.seq = f.seq"
        " LEFT JOIN story_articles sa ON sa.seq = a.seq WHERE a.seq > $1 ";
    char sql[1024], num[24];
    snprintf(sql, sizeof sql, "%s%s", cols, order == SB_BY_EVENT
             ? "ORDER BY coalesce(f.date, substr(a.published, 1, 10), '') COLLATE \"C\","
               " coalesce('story ' || sa.story, 'doc ' || a.id) COLLATE \"C\","
               " f.location IS NULL, sa.pos, a.seq, f.n"
             : "ORDER BY a.seq, f.n");
    PGresult *r = NULL;
    snprintf(num, sizeof num, "%" PRId64, after);
    const char *vals[] = {num};
    int rc = pg_query(PG(sb), sql, 1, vals, &r);
    for (int i = 0; rc == RASD_OK && i < PQntuples(r); i++) {
        struct sb_figure_row row = {0};
        figure_row(r, i, &row);
        rc = fn(ctx, &row);
    }
    PQclear(r);
    return rc;
}

/* One statement for every filter: a NULL parameter keeps every row.  Dates compare byte
 * by byte (COLLATE "C"), as SQLite compares them. */
static const char filtered_sql[] =
    FIGURE_COLS ", NULL, f.n FROM figures f JOIN articles a ON a.seq = f.seq"
    " WHERE ($1::text IS NULL OR f.category = $1) AND ($2::text IS NULL OR f.grp = $2)"
    " AND ($3::text IS NULL OR f.source = $3 OR ($3 = '' AND f.source IS NULL))"
    " AND ($4::text IS NULL OR f.doc = $4)"
    " AND ($5::text IS NULL OR coalesce(f.date, substr(a.published, 1, 10)) COLLATE \"C\" >= $5)"
    " AND ($6::text IS NULL OR coalesce(f.date, substr(a.published, 1, 10)) COLLATE \"C\" <= $6)"
    " AND (f.seq > $7::bigint OR (f.seq = $7::bigint AND f.n > $8::bigint))"
    " ORDER BY f.seq, f.n";

int pg_figures_filtered(struct sb *sb, const struct sb_figure_query *q,
                        int (*fn)(void *ctx, const struct sb_figure_row *r), void *ctx)
{
    const struct sb_text *params[] = {&q->category, &q->group, &q->source, &q->doc,
                                      &q->since, &q->until};
    char *vals[8] = {0}, seq[24], n[24];
    int oom = 0;
    for (int i = 0; i < 6; i++)
        vals[i] = pg_text(*params[i], &oom);
    snprintf(seq, sizeof seq, "%" PRId64, q->after_seq);
    snprintf(n, sizeof n, "%" PRId64, q->after_n);
    vals[6] = seq;
    vals[7] = n;
    PGresult *r = NULL;
    int rc = oom ? RASD_ENOMEM
                 : pg_query(PG(sb), filtered_sql, 8, (const char *const *)vals, &r);
    for (int i = 0; rc == RASD_OK && i < PQntuples(r); i++) {
        struct sb_figure_row row = {0};
        figure_row(r, i, &row);
        row.n = pg_col_int(r, i, 21);
        rc = fn(ctx, &row);
    }
    PQclear(r);
    for (int i = 0; i < 6; i++)
        free(vals[i]);
    return rc;
}
