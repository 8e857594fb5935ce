/* rasd figures: the figure timelines of a story, with the estimate and conflicts. */
#include "cli/cli.h"
#include "rasd.h"
#include <string.h>

static const char figures_usage[] =
    "usage: rasd figures [--db PATH] [--format jsonl|table] --story ID\n"
    "Lines up the figures of story ID (see rasd stories) per category, group and place by\n"
    "date, with source, outlet and document, the current estimate under the estimate rule\n"
    "(README: \"Figure timelines and the estimate rule\") and same-date conflicts between\n"
    "sources.  jsonl (default): one series record per line; table: a timeline per series,\n"
    "partial figures and conflicting ones marked.\n";

struct fig_out {
    int table;
    const char *story;
    struct cli_rec rec;
};

static const char *prefix(const char *q)
{
    static const char *const map[][2] = {{"approx", "~"}, {"at_least", ">="},
                                         {"more_than", ">"}, {"at_most", "<="},
                                         {"less_than", "<"}};
    for (size_t i = 0; q && i < sizeof map / sizeof *map; i++)
        if (!strcmp(q, map[i][0]))
            return map[i][1];
    return "";
}

/* A figure's value as a person reads it: 39, ~40, >=41, 60-90, vague. */
static void value_text(char *out, size_t cap, const rasd_series_fig *f)
{
    if (f->value != RASD_NOVAL)
        snprintf(out, cap, "%s%lld", prefix(f->qualifier), (long long)f->value);
    else if (f->low != RASD_NOVAL && f->high != RASD_NOVAL)
        snprintf(out, cap, "%lld-%lld", (long long)f->low, (long long)f->high);
    else if (f->low != RASD_NOVAL)
        snprintf(out, cap, ">=%lld", (long long)f->low);
    else if (f->high != RASD_NOVAL)
        snprintf(out, cap, "<=%lld", (long long)f->high);
    else
        snprintf(out, cap, "%s", f->qualifier ? f->qualifier : "?");
}

/* Appends a stored string escaped (see buf_add_shown), padded with spaces to `width`
 * bytes as printf's %-Ns would. */
static void cell(struct buf *b, const char *s, const char *none, size_t width)
{
    size_t at = b->len;
    buf_add_shownz(b, s, none);
    for (size_t n = b->len - at; n < width; n++)
        buf_addc(b, ' ');
}

static int in_conflict(const rasd_series *se, size_t fig)
{
    for (size_t c = 0; c < se->nconflicts; c++)
        for (size_t k = 0; k < se->conflicts[c].nfigs; k++)
            if (se->conflicts[c].figs[k] == fig)
                return 1;
    return 0;
}

static void table(struct buf *b, const rasd_series *se, const rasd_series_fig *figs)
{
    char v[64], d[11];
    cell(b, se->category, "", 0);
    buf_adds(b, " / ");
    cell(b, se->group, "", 0);
    buf_adds(b, " / ");
    cell(b, se->location, "(place not given)", 0);
    buf_addc(b, '\n');
    if (se->has_estimate) {
        const rasd_series_fig *e = &figs[se->estimate];
        int32_t day = RASD_DAY_UNKNOWN;
        for (size_t i = 0; i < se->npoints; i++)
            if (se->points[i] == se->estimate)
                day = se->days[i];
        value_text(v, sizeof v, e);
        rasd_day_format(day, d);
        buf_printf(b, "  estimate: %s as of %s, ", v, d[0] ? d : "?");
        cell(b, e->source, "unattributed", 0);
        buf_adds(b, ", doc ");
        cell(b, e->doc, "", 0);
        buf_printf(b, "%s\n", se->estimate_partial ? " (partial figures only)" : "");
    } else if (se->separate) {
        buf_adds(b, "  estimate: none (the days' counts are of separate incidents)\n");
    } else {
        buf_adds(b, "  estimate: none (no figure with a number)\n");
    }
    buf_printf(b, "  %-10s  %-12s  %-14s  %-20s  %s\n", "date", "value", "source", "outlet",
               "doc");
    for (size_t i = 0; i < se->npoints; i++) {
        const rasd_series_fig *f = &figs[se->points[i]];
        value_text(v, sizeof v, f);
        rasd_day_format(se->days[i], d);
        const char *mark = se->partial[i] ? " partial" : in_conflict(se, se->points[i])
                           ? " CONFLICT" : "";
        buf_printf(b, "  %-10s  %-12s  ", d[0] ? d : "?", v);
        cell(b, f->source, "-", 14);
        buf_adds(b, "  ");
        cell(b, f->outlet, "-", 20);
        buf_adds(b, "  ");
        cell(b, f->doc, "", 0);
        buf_printf(b, " [%u,%u)%s%s\n", f->start, f->end, mark,
                   se->points[i] == se->estimate && se->has_estimate ? "  <- estimate" : "");
    }
    for (size_t c = 0; c < se->nconflicts; c++) {
        const rasd_series_conflict *k = &se->conflicts[c];
        rasd_day_format(k->day, d);
        buf_printf(b, "  conflict on %s:", d);
        for (size_t i = 0; i < k->nvalues; i++)
            buf_printf(b, "%s%lld", i ? " vs " : " ", (long long)k->values[i]);
        buf_adds(b, " (");
        for (size_t i = 0; i < k->nfigs; i++) {
            const rasd_series_fig *f = &figs[k->figs[i]];
            buf_adds(b, i ? "; " : "");
            cell(b, f->source, "-", 0);
            buf_printf(b, " %lld in ", (long long)f->value);
            cell(b, f->doc, "", 0);
        }
        buf_adds(b, ")\n");
    }
    buf_addc(b, '\n');
}

static int print_series(void *ctx, const rasd_series *se, const rasd_series_fig *figs)
{
    struct fig_out *o = ctx;
    struct buf *b = cli_rec_begin(&o->rec);
    if (!o->table) {
        char *js = NULL;
        size_t len = 0;
        int rc = rasd_series_json(se, figs, o->story, &js, &len);
        return cli_rec_json(&o->rec, rc, js, len);
    }
    table(b, se, figs);
    return cli_rec_end(&o->rec);
}

int cmd_figures(int argc, char **argv)
{
    struct cli_args a = cli_args_init("figures", figures_usage, "jsonl", "table");
    struct fig_out o = {0};
    rasd_store *s = NULL;
    for (int i = 1; i < argc && a.end < 0; i++) {
        if (cli_args_take(&a, argc, argv, &i))
            continue;
        if (!strcmp(argv[i], "--story"))
            o.story = cli_args_value(&a, argc, argv, &i);
        else
            cli_args_bad(&a, 0, "unexpected argument '%s'", argv[i]);
    }
    if (a.end < 0 && !o.story) {
        fputs(figures_usage, stderr);
        a.end = EXIT_USAGE;
    }
    if (a.end >= 0)
        return a.end;
    o.table = a.format == 1;
    buf_init(&o.rec.b);
    int status = cli_store_open("figures", a.db, &s);
    if (status == EXIT_OK) {
        cli_store_note_stale("figures", a.db, s, RASD_STALE_STORIES);
        int rc = rasd_store_series(s, o.story, print_series, &o);
        if (rc == RASD_ENOTFOUND)
            cli_err("figures", "%s: no story '%s' (rasd stories lists them)", a.db, o.story);
        else if (rc != RASD_OK)
            cli_store_err("figures", a.db, s, rc);
        if (rc != RASD_OK || o.rec.failed)
            status = EXIT_INPUT;
        else if (o.table && !o.rec.n)
            printf("story %s has no figures\n", o.story);
    }
    rasd_store_free(s);
    buf_free(&o.rec.b);
    return status;
}
