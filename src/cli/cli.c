#include "cli/cli.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void verr(const char *cmd, const char *fmt, va_list ap)
{
    fprintf(stderr, "rasd %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void cli_err(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    verr(cmd, fmt, ap);
    va_end(ap);
}

int cli_out(const void *p, size_t n)
{
    if (n == 0)
        return 0;
    return fwrite(p, 1, n, stdout) == n ? 0 : -1;
}

int cli_each_path(int argc, char **argv, int i, int (*fn)(void *ctx, const char *path),
                  void *ctx)
{
    int status = EXIT_OK;
    do {
        const char *path = i < argc && strcmp(argv[i], "-") ? argv[i] : NULL;
        int r = fn(ctx, path);
        if (r < 0)
            break;
        if (r != EXIT_OK)
            status = r;
    } while (++i < argc);
    return status;
}

/* N with an optional binary suffix K, M or G; 0 and overflow are refused. */
static int parse_size(const char *v, size_t *out)
{
    char *end;
    if (!*v || *v < '0' || *v > '9')
        return -1;
    unsigned long long n = strtoull(v, &end, 10);
    unsigned shift = 0;
    if (*end == 'K' || *end == 'k')
        shift = 10;
    else if (*end == 'M' || *end == 'm')
        shift = 20;
    else if (*end == 'G' || *end == 'g')
        shift = 30;
    if (shift)
        end++;
    if (*end || n == 0 || n > (SIZE_MAX >> 1) >> shift)
        return -1;
    *out = (size_t)n << shift;
    return 0;
}

int cli_read_opt(const char *cmd, int argc, char **argv, int *i, struct cli_read *r)
{
    const char *a = argv[*i];
    if (!strcmp(a, "--replace")) {
        r->replace = 1;
        return 1;
    }
    if (strcmp(a, "--max-bytes"))
        return 0;
    if (*i + 1 >= argc || parse_size(argv[*i + 1], &r->max_bytes)) {
        cli_err(cmd, "--max-bytes needs a size in bytes, such as 500000, 64K, 64M or 2G");
        return -1;
    }
    ++*i;
    return 1;
}

void cli_too_big(const char *cmd, const char *name, size_t max_bytes)
{
    cli_err(cmd, "%s: more than %zu bytes (--max-bytes)", name, max_bytes);
}

struct cli_args cli_args_init(const char *cmd, const char *usage, const char *f0,
                              const char *f1)
{
    return (struct cli_args){.cmd = cmd, .usage = usage, .formats = {f0, f1},
                             .db = "rasd.db", .format = -1, .end = -1};
}

const char *cli_args_value(struct cli_args *a, int argc, char **argv, int *i)
{
    if (*i + 1 >= argc) {
        cli_err(a->cmd, "%s needs a value", argv[*i]);
        a->end = EXIT_USAGE;
        return NULL;
    }
    return argv[++*i];
}

void cli_args_bad(struct cli_args *a, int with_usage, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    verr(a->cmd, fmt, ap);
    va_end(ap);
    if (with_usage)
        fputs(a->usage, stderr);
    a->end = EXIT_USAGE;
}

int cli_args_take(struct cli_args *a, int argc, char **argv, int *i)
{
    const char *arg = argv[*i], *v;
    if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
        fputs(a->usage, stdout);
        a->end = EXIT_OK;
    } else if (!strcmp(arg, "--db")) {
        if ((v = cli_args_value(a, argc, argv, i)))
            a->db = v;
    } else if (!strcmp(arg, "--format") && a->formats[0]) {
        if ((v = cli_args_value(a, argc, argv, i))) {
            a->format = !strcmp(v, a->formats[0]) ? 0 : !strcmp(v, a->formats[1]) ? 1 : -1;
            if (a->format < 0)
                cli_args_bad(a, 0, "--format must be %s or %s", a->formats[0], a->formats[1]);
        }
    } else {
        return 0;
    }
    return 1;
}

int cli_store_is_server(const char *db)
{
    return !strncmp(db, "postgres://", 11) || !strncmp(db, "postgresql://", 13) ||
           !strcmp(db, "pg:");
}

int cli_store_open(const char *cmd, const char *db, rasd_store **s)
{
    /* Reading commands must not leave an empty store behind a mistyped path (a server's
     * store is never created by a read: the backend refuses a missing schema). */
    if (!cli_store_is_server(db) && access(db, F_OK) != 0) {
        cli_err(cmd, "%s: no store there (rasd ingest makes one)", db);
        return EXIT_INPUT;
    }
    int rc = rasd_store_open_readonly(db, s);
    if (rc != RASD_OK) {
        cli_store_err(cmd, db, *s, rc);
        return EXIT_INPUT;
    }
    return EXIT_OK;
}

void cli_store_err(const char *cmd, const char *db, const rasd_store *s, int rc)
{
    cli_err(cmd, "%s: %s%s%s", db, rasd_strerror(rc), s ? ": " : "", rasd_store_detail(s));
}

struct buf *cli_rec_begin(struct cli_rec *o)
{
    buf_reset(&o->b);
    o->n++;
    return &o->b;
}

int cli_rec_end(struct cli_rec *o)
{
    if (o->b.oom || cli_out(o->b.p, o->b.len)) {
        o->failed = 1;
        return 1;
    }
    return 0;
}

int cli_rec_json(struct cli_rec *o, int rc, char *js, size_t len)
{
    if (rc != RASD_OK) {
        o->failed = 1;
        return 1;
    }
    buf_add(&o->b, js, len);
    free(js);
    return cli_rec_end(o);
}
