/* rasd normalize: prints inputs normalized under a profile, or with --map the original and
 * normalized spans of every character that normalization changed. */
#include "cli/cli.h"
#include "cli/cmd_normalize.h"
#include "common/buf.h"
#include "common/io.h"
#include "rasd.h"
#include "text/utf8.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char norm_usage[] =
    "usage: rasd normalize [--profile extract|search|none] [--STEP|--no-STEP]... [--replace]\n"
    "                      [--map] [--max-bytes N] [--] [FILE|-]...\n"
    "Prints each input normalized (default profile: extract).  STEP is one of diacritics,\n"
    "tatweel, alef, ya, teh-marbuta, digits, presentation, punct.  --replace turns invalid\n"
    "UTF-8 into U+FFFD instead of failing.  --map prints instead one TSV row per changed\n"
    "character: file, original start, end, normalized start, end, original, normalized.\n"
    "An input past --max-bytes N (K, M, G; default 64M) is refused.\n";

int cli_norm_option(int argc, char **argv, int *i, unsigned *flags)
{
    const char *a = argv[*i];
    unsigned bit;
    if (!strcmp(a, "--profile")) {
        if (*i + 1 >= argc || rasd_norm_profile(argv[*i + 1], flags) != RASD_OK)
            return -1;
        (*i)++;
        return 1;
    }
    if (!strncmp(a, "--profile=", 10))
        return rasd_norm_profile(a + 10, flags) == RASD_OK ? 1 : -1;
    if (!strncmp(a, "--no-", 5) && rasd_norm_step(a + 5, &bit) == RASD_OK) {
        *flags &= ~bit;
        return 1;
    }
    if (!strncmp(a, "--", 2) && rasd_norm_step(a + 2, &bit) == RASD_OK) {
        *flags |= bit;
        return 1;
    }
    return 0;
}

static int usage_error(const char *cmd, const char *usage, const char *fmt, const char *arg)
{
    cli_err(cmd, fmt, arg);
    fputs(usage, stderr);
    return EXIT_USAGE;
}

int cli_norm_args(const char *cmd, const char *usage, int argc, char **argv, unsigned *flags,
                  size_t *max_bytes, int (*own)(void *ctx, int argc, char **argv, int *i),
                  void *ctx, int *first)
{
    struct cli_read rd = {*max_bytes, 0};
    int i;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--")) {
            i++;
            break;
        }
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(usage, stdout);
            return EXIT_OK;
        }
        int r = own(ctx, argc, argv, &i);
        if (r == 0)
            r = cli_norm_option(argc, argv, &i, flags);
        if (r == 0 && (r = cli_read_opt(cmd, argc, argv, &i, &rd)) < 0) {
            fputs(usage, stderr);
            return EXIT_USAGE;
        }
        if (r < 0)
            return usage_error(cmd, usage, "bad value for %s", a);
        if (r == 0 && a[0] == '-' && a[1])
            return usage_error(cmd, usage, "unknown option %s", a);
        if (r == 0)
            break;
    }
    *first = i;
    *max_bytes = rd.max_bytes;
    return -1;
}

/* Rows for the characters of the piece in[0..t->orig_len) that normalization changed;
 * the piece starts at byte `base` of the input and byte `nbase` of the output. */
static void print_map(struct buf *b, const char *name, const char *in, const rasd_text *t,
                      size_t base, size_t nbase)
{
    size_t a = 0, j = 0;
    while (a < t->orig_len) {
        /* One original character (or ill-formed subpart, as rasd_normalize consumed it)
         * against the normalized bytes mapped to it. */
        uint32_t cp;
        int n = utf8_decode((const unsigned char *)in + a, t->orig_len - a, &cp);
        size_t clen = (size_t)(n < 0 ? -n : n), js = j;
        while (j < t->len && t->map[j] == a)
            j++;
        if (j - js != clen || memcmp(t->s + js, in + a, clen) != 0) {
            buf_printf(b, "%s\t%zu\t%zu\t%zu\t%zu\t", name, base + a, base + a + clen,
                       nbase + js, nbase + j);
            buf_tsv_field(b, in + a, clen);
            buf_addc(b, '\t');
            buf_tsv_field(b, t->s + js, j - js);
            buf_addc(b, '\n');
        }
        a += clen;
    }
}

/* Pieces of about this size, cut after a line break, bound the memory of the offset map. */
#define PIECE (1u << 20)

static size_t piece_end(const char *s, size_t len, size_t pos)
{
    if (len - pos <= PIECE)
        return len;
    const char *nl = memchr(s + pos + PIECE, '\n', len - pos - PIECE);
    return nl ? (size_t)(nl - s) + 1 : len;
}

struct norm_run {
    unsigned flags;
    size_t max_bytes;
    int map;
    struct buf b;
};

/* Normalizes one input and prints it; returns EXIT_OK, EXIT_INPUT, or -1 when stdout is
 * closed. */
static int normalize_one(void *ctx, const char *path)
{
    struct norm_run *nr = ctx;
    struct buf *b = &nr->b;
    const char *name = path ? path : "-";
    char *in = NULL;
    size_t len = 0, bad = 0, nbase = 0;
    int rc = io_read_all(path, nr->max_bytes, &in, &len), closed = 0;
    if (rc == RASD_ETOOBIG) {
        cli_too_big("normalize", path ? path : "(standard input)", nr->max_bytes);
        return EXIT_INPUT;
    }
    if (rc != RASD_OK) {
        cli_err("normalize", "%s: %s", name, rc == RASD_EIO ? strerror(errno) : rasd_strerror(rc));
        return EXIT_INPUT;
    }
    for (size_t pos = 0; pos < len && rc == RASD_OK && !closed;) {
        size_t end = piece_end(in, len, pos);
        rasd_text t = {0};
        rc = rasd_normalize(in + pos, end - pos, nr->flags, &t, &bad);
        if (rc == RASD_EUTF8)
            bad += pos;
        if (rc == RASD_OK) {
            if (nr->map)
                print_map(b, name, in + pos, &t, pos, nbase);
            else
                buf_add(b, t.s, t.len);
            nbase += t.len;
            if (b->oom)
                rc = RASD_ENOMEM;
            else if (cli_out(b->p, b->len))
                closed = 1;
            buf_reset(b);
        }
        rasd_text_free(&t);
        pos = end;
    }
    free(in);
    if (rc == RASD_EUTF8)
        cli_err("normalize", "%s: invalid UTF-8 at byte %zu", name, bad);
    else if (rc != RASD_OK)
        cli_err("normalize", "%s: %s", name, rasd_strerror(rc));
    if (closed)
        return -1;
    return rc == RASD_OK ? EXIT_OK : EXIT_INPUT;
}

static int norm_option(void *ctx, int argc, char **argv, int *i)
{
    (void)argc;
    if (strcmp(argv[*i], "--map"))
        return 0;
    ((struct norm_run *)ctx)->map = 1;
    return 1;
}

int cmd_normalize(int argc, char **argv)
{
    struct norm_run nr = {.flags = RASD_NORM_EXTRACT, .max_bytes = RASD_MAX_BYTES};
    int i, status = cli_norm_args("normalize", norm_usage, argc, argv, &nr.flags,
                                  &nr.max_bytes, norm_option, &nr, &i);
    if (status >= 0)
        return status;
    buf_init(&nr.b);
    status = cli_each_path(argc, argv, i, normalize_one, &nr);
    buf_free(&nr.b);
    if (fflush(stdout) != 0 && status == EXIT_OK && errno != EPIPE)
        status = EXIT_INPUT;
    return status;
}
