/* rasd stories: the stored articles grouped into stories. */
#include "cli/cli.h"
#include "common/buf.h"
#include "rasd.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char stories_usage[] =
    "usage: rasd stories [--db PATH] [--format jsonl|table]\n"
    "Groups the stored articles into stories (articles about the same event: similar\n"
    "words, shared places and sides, within a sliding window of days) and lists them by\n"
    "first day.  Every article belongs to exactly one story.  jsonl (default): one story\n"
    "record per line; table: a heading line per story and its articles.\n";

struct st_out {
    int table;
    struct buf b;
    int failed;
};

static void names(struct buf *b, const char *const *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        buf_printf(b, "%s%s", i ? ", " : "", v[i]);
    if (!n)
        buf_adds(b, "-");
}

static int print_story(void *ctx, const rasd_story_rec *r)
{
    struct st_out *o = ctx;
    struct buf *b = &o->b;
    buf_reset(b);
    if (!o->table) {
        char *js;
        size_t len;
        if (rasd_story_rec_json(r, &js, &len)) {
            o->failed = 1;
            return 1;
        }
        buf_add(b, js, len);
        free(js);
    } else {
        buf_printf(b, "%s  %s .. %s  %zu article%s  places: ", r->id,
                   *r->first ? r->first : "?", *r->last ? r->last : "?", r->ndocs,
                   r->ndocs == 1 ? "" : "s");
        names(b, r->places, r->nplaces);
        buf_adds(b, "  groups: ");
        names(b, r->groups, r->ngroups);
        buf_adds(b, "\n    ");
        for (const char *p = r->title; *p; p++)
            buf_addc(b, *p == '\n' || *p == '\t' ? ' ' : *p);
        buf_adds(b, "\n    docs: ");
        for (size_t i = 0; i < r->ndocs; i++)
            buf_printf(b, "%s%s", i ? " " : "", r->docs[i]);
        buf_addc(b, '\n');
    }
    if (b->oom || cli_out(b->p, b->len)) {
        o->failed = 1;
        return 1;
    }
    return 0;
}

int cmd_stories(int argc, char **argv)
{
    const char *db = "rasd.db";
    struct st_out o = {0};
    rasd_store *s = NULL;
    int status = EXIT_OK;
    buf_init(&o.b);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(stories_usage, stdout);
            goto out;
        }
        if ((!strcmp(a, "--db") || !strcmp(a, "--format")) && i + 1 >= argc) {
            cli_err("stories", "%s needs a value", a);
            status = EXIT_USAGE;
            goto out;
        }
        if (!strcmp(a, "--db")) {
            db = argv[++i];
        } else if (!strcmp(a, "--format")) {
            const char *f = argv[++i];
            if (strcmp(f, "table") && strcmp(f, "jsonl")) {
                cli_err("stories", "--format must be jsonl or table");
                status = EXIT_USAGE;
                goto out;
            }
            o.table = !strcmp(f, "table");
        } else {
            cli_err("stories", "unexpected argument '%s'", a);
            status = EXIT_USAGE;
            goto out;
        }
    }
    if (access(db, F_OK) != 0) {
        cli_err("stories", "%s: no store there (rasd ingest makes one)", db);
        status = EXIT_INPUT;
        goto out;
    }
    int rc = rasd_store_open(db, &s);
    if (rc == RASD_OK)
        rc = rasd_store_stories(s, print_story, &o);
    if (rc != RASD_OK) {
        cli_err("stories", "%s: %s%s%s", db, rasd_strerror(rc), s ? ": " : "",
                rasd_store_detail(s));
        status = EXIT_INPUT;
    } else if (o.failed) {
        status = EXIT_INPUT;
    }
out:
    rasd_store_free(s);
    buf_free(&o.b);
    return status;
}
