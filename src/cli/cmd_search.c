/* rasd search: full-text search of the stored articles. */
#include "cli/cli.h"
#include "common/buf.h"
#include "rasd.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char search_usage[] =
    "usage: rasd search [--db PATH] [--limit N] [--format table|jsonl] QUERY...\n"
    "Finds stored articles containing every word of QUERY, whatever their spelling variant\n"
    "(hamza forms, teh marbuta, alef maqsura, diacritics, tatweel, attached clitics).\n"
    "table: one line per article, then a snippet with matches in [ ]; jsonl: one hit record\n"
    "per line with the snippet and the byte spans of the matches in the text.\n";

struct search_out {
    int jsonl;
    struct buf b;
    int failed;
};

/* Appends s with line breaks and tabs as spaces: one hit stays on its two lines. */
static void add_line(struct buf *b, const char *s)
{
    for (; *s; s++)
        buf_addc(b, *s == '\n' || *s == '\r' || *s == '\t' ? ' ' : *s);
}

static int print_hit(void *ctx, const rasd_hit *h)
{
    struct search_out *o = ctx;
    struct buf *b = &o->b;
    buf_reset(b);
    if (o->jsonl) {
        buf_adds(b, "{\"type\":\"hit\",\"id\":");
        buf_json_strz(b, h->id);
        buf_adds(b, ",\"outlet\":");
        buf_json_strz(b, h->outlet);
        buf_adds(b, ",\"url\":");
        buf_json_strz(b, h->url);
        buf_adds(b, ",\"published\":");
        buf_json_strz(b, h->published);
        buf_adds(b, ",\"title\":");
        buf_json_strz(b, h->title);
        buf_printf(b, ",\"score\":%.4f,\"snippet\":", h->score);
        buf_json_strz(b, h->snippet);
        buf_adds(b, ",\"matches\":[");
        for (size_t i = 0; i < h->nmatch; i++)
            buf_printf(b, "%s[%u,%u]", i ? "," : "", h->match[2 * i], h->match[2 * i + 1]);
        buf_adds(b, "]}\n");
    } else {
        buf_printf(b, "%s\t%s\t%s\t", h->id, h->published ? h->published : "-",
                   h->outlet ? h->outlet : "-");
        add_line(b, h->title ? h->title : "");
        buf_adds(b, "\n    ");
        add_line(b, h->snippet);
        buf_addc(b, '\n');
    }
    if (b->oom || cli_out(b->p, b->len)) {
        o->failed = 1;
        return 1;
    }
    return 0;
}

int cmd_search(int argc, char **argv)
{
    const char *db = "rasd.db";
    long limit = 20;
    struct search_out o = {0};
    buf_init(&o.b);
    struct buf q;
    buf_init(&q);
    rasd_store *s = NULL;
    int status = EXIT_OK;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(search_usage, stdout);
            goto out;
        }
        int takes = !strcmp(a, "--db") || !strcmp(a, "--limit") || !strcmp(a, "--format");
        if (takes && i + 1 >= argc) {
            cli_err("search", "%s needs a value", a);
            status = EXIT_USAGE;
            goto out;
        }
        if (!strcmp(a, "--db")) {
            db = argv[++i];
        } else if (!strcmp(a, "--limit")) {
            char *end;
            limit = strtol(argv[++i], &end, 10);
            if (*end || limit < 1 || limit > 1000000) {
                cli_err("search", "--limit must be a number from 1 to 1000000");
                status = EXIT_USAGE;
                goto out;
            }
        } else if (!strcmp(a, "--format")) {
            const char *f = argv[++i];
            if (strcmp(f, "table") && strcmp(f, "jsonl")) {
                cli_err("search", "--format must be table or jsonl");
                status = EXIT_USAGE;
                goto out;
            }
            o.jsonl = !strcmp(f, "jsonl");
        } else if (!strcmp(a, "--")) {
            for (i++; i < argc; i++)
                buf_printf(&q, "%s%s", q.len ? " " : "", argv[i]);
        } else if (a[0] == '-' && a[1] == '-') {
            cli_err("search", "unknown option '%s'", a);
            status = EXIT_USAGE;
            goto out;
        } else {
            buf_printf(&q, "%s%s", q.len ? " " : "", a);
        }
    }
    if (!q.len) {
        fputs(search_usage, stderr);
        status = EXIT_USAGE;
        goto out;
    }
    if (access(db, F_OK) != 0) {
        cli_err("search", "%s: no store there (rasd ingest makes one)", db);
        status = EXIT_INPUT;
        goto out;
    }
    int rc = rasd_store_open(db, &s);
    if (rc == RASD_OK)
        rc = rasd_store_search(s, q.p, q.len, (size_t)limit, "[", "]", print_hit, &o);
    if (rc == RASD_EINVAL) {
        cli_err("search", "the query has no words to search for");
        status = EXIT_USAGE;
    } else if (rc != RASD_OK) {
        cli_err("search", "%s: %s%s%s", db, rasd_strerror(rc), s ? ": " : "",
                rasd_store_detail(s));
        status = EXIT_INPUT;
    } else if (o.failed) {
        status = EXIT_INPUT;
    }
out:
    rasd_store_free(s);
    buf_free(&o.b);
    buf_free(&q);
    return status;
}
