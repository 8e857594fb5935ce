/* rasd stories: the stored articles grouped into stories. */
#include "cli/cli.h"
#include "rasd.h"

static const char stories_usage[] =
    "usage: rasd stories [--db PATH] [--format jsonl|table]\n"
    "Groups the stored articles into stories (articles about the same event: similar\n"
    "words, shared places and sides, within days of the event's start) and lists them by\n"
    "first day.  Every article belongs to exactly one story.  jsonl (default): one story\n"
    "record per line; table: a heading line per story and its articles.\n";

struct st_out {
    int table;
    struct cli_rec rec;
};

static void names(struct buf *b, const char *const *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            buf_adds(b, ", ");
        buf_add_shownz(b, v[i], "");
    }
    if (!n)
        buf_adds(b, "-");
}

static int print_story(void *ctx, const rasd_story_rec *r)
{
    struct st_out *o = ctx;
    struct buf *b = cli_rec_begin(&o->rec);
    if (!o->table) {
        char *js = NULL;
        size_t len = 0;
        int rc = rasd_story_rec_json(r, &js, &len);
        return cli_rec_json(&o->rec, rc, js, len);
    }
    buf_add_shownz(b, r->id, "");
    buf_printf(b, "  %s .. %s  %zu article%s  places: ", *r->first ? r->first : "?",
               *r->last ? r->last : "?", r->ndocs, r->ndocs == 1 ? "" : "s");
    names(b, r->places, r->nplaces);
    buf_adds(b, "  groups: ");
    names(b, r->groups, r->ngroups);
    buf_adds(b, "\n    ");
    buf_add_shownz(b, r->title, "");
    buf_adds(b, "\n    docs: ");
    for (size_t i = 0; i < r->ndocs; i++) {
        if (i)
            buf_addc(b, ' ');
        buf_add_shownz(b, r->docs[i], "");
    }
    buf_addc(b, '\n');
    return cli_rec_end(&o->rec);
}

int cmd_stories(int argc, char **argv)
{
    struct cli_args a = cli_args_init("stories", stories_usage, "jsonl", "table");
    struct st_out o = {0};
    rasd_store *s = NULL;
    for (int i = 1; i < argc && a.end < 0; i++)
        if (!cli_args_take(&a, argc, argv, &i))
            cli_args_bad(&a, 0, "unexpected argument '%s'", argv[i]);
    if (a.end >= 0)
        return a.end;
    o.table = a.format == 1;
    buf_init(&o.rec.b);
    int status = cli_store_open("stories", a.db, &s);
    if (status == EXIT_OK) {
        cli_store_note_stale("stories", a.db, s, RASD_STALE_STORIES);
        int rc = rasd_store_stories(s, print_story, &o);
        if (rc != RASD_OK)
            cli_store_err("stories", a.db, s, rc);
        if (rc != RASD_OK || o.rec.failed)
            status = EXIT_INPUT;
    }
    rasd_store_free(s);
    buf_free(&o.rec.b);
    return status;
}
