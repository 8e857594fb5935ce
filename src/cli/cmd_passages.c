/* rasd passages: the passages a stored article shares with other stored articles. */
#include "cli/cli.h"
#include "rasd.h"

static const char passages_usage[] =
    "usage: rasd passages [--db PATH] [--format jsonl|table] DOC\n"
    "Lists the passages (8 words or more) that the stored article DOC shares with other\n"
    "stored articles after normalization, tolerating small edits, with byte spans on both\n"
    "sides.  jsonl (default): one passage record per line; table: one line per passage\n"
    "and the passage's text.\n";

struct psg_out {
    int table;
    struct cli_rec rec;
};

/* At most max bytes of s[0..n), cut at a character boundary, on one line. */
static void excerpt(struct buf *b, const char *s, size_t n, size_t max)
{
    size_t e = n < max ? n : max;
    while (e < n && e > 0 && ((unsigned char)s[e] & 0xC0) == 0x80)
        e--;
    buf_add_shown(b, s, e);
    if (e < n)
        buf_adds(b, " …");
}

static int print_passage(void *ctx, const rasd_passage_rec *r)
{
    struct psg_out *o = ctx;
    struct buf *b = cli_rec_begin(&o->rec);
    if (!o->table) {
        char *js = NULL;
        size_t len = 0;
        int rc = rasd_passage_json(&r->p, r->doc, r->other, &js, &len);
        return cli_rec_json(&o->rec, rc, js, len);
    }
    buf_add_shownz(b, r->doc, "");
    buf_printf(b, " [%u,%u)  =  ", r->p.start, r->p.end);
    buf_add_shownz(b, r->other, "");
    buf_printf(b, " [%u,%u)  ", r->p.other_start, r->p.other_end);
    buf_add_shownz(b, r->other_outlet, "-");
    buf_printf(b, "  %u words\n    ", r->p.words);
    excerpt(b, r->text + r->p.start, r->p.end - r->p.start, 400);
    buf_addc(b, '\n');
    return cli_rec_end(&o->rec);
}

int cmd_passages(int argc, char **argv)
{
    struct cli_args a = cli_args_init("passages", passages_usage, "jsonl", "table");
    struct psg_out o = {0};
    const char *doc = NULL;
    rasd_store *s = NULL;
    for (int i = 1; i < argc && a.end < 0; i++) {
        const char *arg = argv[i];
        if (cli_args_take(&a, argc, argv, &i))
            continue;
        if (arg[0] == '-' && arg[1])
            cli_args_bad(&a, 0, "unknown option '%s'", arg);
        else if (doc)
            cli_args_bad(&a, 0, "one DOC at a time ('%s' and '%s')", doc, arg);
        else
            doc = arg;
    }
    if (a.end < 0 && !doc) {
        fputs(passages_usage, stderr);
        a.end = EXIT_USAGE;
    }
    if (a.end >= 0)
        return a.end;
    o.table = a.format == 1;
    buf_init(&o.rec.b);
    int status = cli_store_open("passages", a.db, &s);
    if (status == EXIT_OK) {
        cli_store_note_stale("passages", a.db, s, RASD_STALE_PASSAGES);
        int rc = rasd_store_passages(s, doc, print_passage, &o);
        if (rc == RASD_ENOTFOUND)
            cli_err("passages", "%s: no article '%s' in the store", a.db, doc);
        else if (rc != RASD_OK)
            cli_store_err("passages", a.db, s, rc);
        if (rc != RASD_OK || o.rec.failed)
            status = EXIT_INPUT;
        else if (o.table && !o.rec.n)
            printf("%s shares no passage with other stored articles\n", doc);
    }
    rasd_store_free(s);
    buf_free(&o.rec.b);
    return status;
}
