/* rasd passages: the passages a stored article shares with other stored articles. */
#include "cli/cli.h"
#include "common/buf.h"
#include "rasd.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char passages_usage[] =
    "usage: rasd passages [--db PATH] [--format jsonl|table] DOC\n"
    "Lists the passages (8 words or more) that the stored article DOC shares with other\n"
    "stored articles after normalization, tolerating small edits, with byte spans on both\n"
    "sides.  jsonl (default): one passage record per line; table: one line per passage\n"
    "and the passage's text.\n";

struct psg_out {
    int table;
    struct buf b;
    int failed;
    size_t n;
};

/* At most max bytes of s[0..n), cut at a character boundary, on one line. */
static void excerpt(struct buf *b, const char *s, size_t n, size_t max)
{
    size_t e = n < max ? n : max;
    while (e < n && e > 0 && ((unsigned char)s[e] & 0xC0) == 0x80)
        e--;
    for (size_t i = 0; i < e; i++)
        buf_addc(b, s[i] == '\n' || s[i] == '\r' || s[i] == '\t' ? ' ' : s[i]);
    if (e < n)
        buf_adds(b, " …");
}

static int print_passage(void *ctx, const rasd_passage_rec *r)
{
    struct psg_out *o = ctx;
    struct buf *b = &o->b;
    buf_reset(b);
    o->n++;
    if (!o->table) {
        char *js;
        size_t len;
        if (rasd_passage_json(&r->p, r->doc, r->other, &js, &len)) {
            o->failed = 1;
            return 1;
        }
        buf_add(b, js, len);
        free(js);
    } else {
        buf_printf(b, "%s [%u,%u)  =  %s [%u,%u)  %s  %u words\n    ", r->doc, r->p.start,
                   r->p.end, r->other, r->p.other_start, r->p.other_end,
                   r->other_outlet ? r->other_outlet : "-", r->p.words);
        excerpt(b, r->text + r->p.start, r->p.end - r->p.start, 400);
        buf_addc(b, '\n');
    }
    if (b->oom || cli_out(b->p, b->len)) {
        o->failed = 1;
        return 1;
    }
    return 0;
}

int cmd_passages(int argc, char **argv)
{
    const char *db = "rasd.db", *doc = NULL;
    struct psg_out o = {0};
    rasd_store *s = NULL;
    int status = EXIT_OK;
    buf_init(&o.b);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(passages_usage, stdout);
            goto out;
        }
        if ((!strcmp(a, "--db") || !strcmp(a, "--format")) && i + 1 >= argc) {
            cli_err("passages", "%s needs a value", a);
            status = EXIT_USAGE;
            goto out;
        }
        if (!strcmp(a, "--db")) {
            db = argv[++i];
        } else if (!strcmp(a, "--format")) {
            const char *f = argv[++i];
            if (strcmp(f, "table") && strcmp(f, "jsonl")) {
                cli_err("passages", "--format must be jsonl or table");
                status = EXIT_USAGE;
                goto out;
            }
            o.table = !strcmp(f, "table");
        } else if (a[0] == '-' && a[1]) {
            cli_err("passages", "unknown option '%s'", a);
            status = EXIT_USAGE;
            goto out;
        } else if (doc) {
            cli_err("passages", "one DOC at a time ('%s' and '%s')", doc, a);
            status = EXIT_USAGE;
            goto out;
        } else {
            doc = a;
        }
    }
    if (!doc) {
        fputs(passages_usage, stderr);
        status = EXIT_USAGE;
        goto out;
    }
    if (access(db, F_OK) != 0) {
        cli_err("passages", "%s: no store there (rasd ingest makes one)", db);
        status = EXIT_INPUT;
        goto out;
    }
    int rc = rasd_store_open(db, &s);
    if (rc == RASD_OK)
        rc = rasd_store_passages(s, doc, print_passage, &o);
    if (rc == RASD_ENOTFOUND) {
        cli_err("passages", "%s: no article '%s' in the store", db, doc);
        status = EXIT_INPUT;
    } else if (rc != RASD_OK) {
        cli_err("passages", "%s: %s%s%s", db, rasd_strerror(rc), s ? ": " : "",
                rasd_store_detail(s));
        status = EXIT_INPUT;
    } else if (o.failed) {
        status = EXIT_INPUT;
    } else if (o.table && !o.n) {
        printf("%s shares no passage with other stored articles\n", doc);
    }
out:
    rasd_store_free(s);
    buf_free(&o.b);
    return status;
}
