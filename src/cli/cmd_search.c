/* rasd search: full-text search of the stored articles. */
#include "cli/cli.h"
#include "rasd.h"
#include <stdlib.h>
#include <string.h>

static const char search_usage[] =
    "usage: rasd search [--db PATH] [--limit N] [--format table|jsonl] QUERY...\n"
    "Finds stored articles containing every word of QUERY, whatever their spelling variant\n"
    "(hamza forms, teh marbuta, alef maqsura, diacritics, tatweel, attached clitics).\n"
    "table: one line per article, then a snippet with matches in [ ]; jsonl: one hit record\n"
    "per line with the snippet and the byte spans of the matches in the text.\n";

struct search_out {
    int jsonl;
    struct cli_rec rec;
};

static int print_hit(void *ctx, const rasd_hit *h)
{
    struct search_out *o = ctx;
    struct buf *b = cli_rec_begin(&o->rec);
    if (o->jsonl) {
        char *js = NULL;
        size_t len = 0;
        int rc = rasd_hit_json(h, &js, &len);
        return cli_rec_json(&o->rec, rc, js, len);
    } else {
        /* Every stored string is shown escaped: a stored escape sequence must not act on
         * the reader's terminal. */
        const char *cells[] = {h->id, h->published, h->outlet};
        for (size_t i = 0; i < sizeof cells / sizeof *cells; i++) {
            buf_add_shownz(b, cells[i], "-");
            buf_addc(b, '\t');
        }
        buf_add_shownz(b, h->title, "");
        buf_adds(b, "\n    ");
        buf_add_shownz(b, h->snippet, "");
        buf_addc(b, '\n');
    }
    return cli_rec_end(&o->rec);
}

/* The words of the query: arguments that are not options, and all after "--". */
static void take_query(struct cli_args *a, int argc, char **argv, int *limit, struct buf *q)
{
    for (int i = 1; i < argc && a->end < 0; i++) {
        const char *arg = argv[i];
        if (cli_args_take(a, argc, argv, &i))
            continue;
        if (!strcmp(arg, "--limit")) {
            const char *v = cli_args_value(a, argc, argv, &i);
            if (!v)
                continue;
            char *end;
            long n = strtol(v, &end, 10);
            if (*end || n < 1 || n > 1000000)
                cli_args_bad(a, 0, "--limit must be a number from 1 to 1000000");
            *limit = (int)n;
        } else if (!strcmp(arg, "--")) {
            for (i++; i < argc; i++)
                buf_printf(q, "%s%s", q->len ? " " : "", argv[i]);
        } else if (arg[0] == '-' && arg[1] == '-') {
            cli_args_bad(a, 0, "unknown option '%s'", arg);
        } else {
            buf_printf(q, "%s%s", q->len ? " " : "", arg);
        }
    }
}

int cmd_search(int argc, char **argv)
{
    struct cli_args a = cli_args_init("search", search_usage, "table", "jsonl");
    struct search_out o = {0};
    struct buf q;
    rasd_store *s = NULL;
    int limit = 20;
    buf_init(&q);
    take_query(&a, argc, argv, &limit, &q);
    if (a.end < 0 && !q.len) {
        fputs(search_usage, stderr);
        a.end = EXIT_USAGE;
    }
    if (a.end >= 0) {
        buf_free(&q);
        return a.end;
    }
    o.jsonl = a.format == 1;
    buf_init(&o.rec.b);
    int status = cli_store_open("search", a.db, &s);
    if (status == EXIT_OK) {
        int rc = rasd_store_search(s, q.p, q.len, (size_t)limit, "[", "]", print_hit, &o);
        if (rc == RASD_EINVAL) {
            cli_err("search", "the query has no words to search for");
            status = EXIT_USAGE;
        } else if (rc == RASD_ETOOBIG) {
            cli_err("search", "the query is too long (at most %d distinct words and %d bytes)",
                    RASD_SEARCH_MAX_TERMS, RASD_SEARCH_MAX_BYTES);
            status = EXIT_USAGE;
        } else if (rc != RASD_OK) {
            cli_store_err("search", a.db, s, rc);
            status = EXIT_INPUT;
        } else if (o.rec.failed) {
            status = EXIT_INPUT;
        }
    }
    rasd_store_free(s);
    buf_free(&o.rec.b);
    buf_free(&q);
    return status;
}
