/* rasd tag: prints the numbers, ordinals and dates of its inputs as JSON Lines. */
#include "cli/cli.h"
#include "common/buf.h"
#include "rasd.h"
#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char tag_usage[] =
    "usage: rasd tag [--published YYYY-MM-DD] [--future] [--lines] [--replace]\n"
    "                [--max-bytes N] [--] [FILE|-]...\n"
    "Prints one JSON record per number, ordinal or date found, with byte offsets into the\n"
    "input.  --published anchors relative dates («أمس», «الجمعة الماضي»); --future reads\n"
    "bare weekdays and yearless dates forward from it instead of backward.  --lines treats\n"
    "every line as its own document: records carry \"line\" and offsets within the line.\n"
    "Invalid UTF-8 is an error unless --replace turns it into U+FFFD (offsets then count in\n"
    "the repaired text); a line past --max-bytes N (K, M, G; default 64M) ends the input.\n";

struct topts {
    const char *published;
    unsigned flags;
    int lines;
    struct cli_read read;  /* --max-bytes: the longest line held; --replace */
};

/* Records are printed by the hundred thousand: each is written straight into the output
 * buffer (reserved once) by the w_* helpers, which return the new end, rather than through
 * printf, whose format parsing costs more than the rest of a record. */
#define REC_HEAD_MAX 512 /* bytes of a record before its text */

static char *w_bytes(char *o, const char *s, size_t n)
{
    memcpy(o, s, n);
    return o + n;
}
#define W(o, lit) w_bytes((o), (lit), sizeof(lit) - 1)

static char *w_i64(char *o, int64_t v)
{
    char tmp[24];
    int k = sizeof tmp;
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    do {
        tmp[--k] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        tmp[--k] = '-';
    return w_bytes(o, tmp + k, sizeof tmp - (size_t)k);
}

static char *w_num(char *o, double v)
{
    if (v == floor(v) && fabs(v) <= RASD_NUM_MAX && !(v == 0 && signbit(v)))
        return w_i64(o, (int64_t)v); /* what "%.0f" prints for these */
    int n = snprintf(o, 32, v == floor(v) && fabs(v) < 1e15 ? "%.0f" : "%.15g", v);
    return o + (n > 0 && n < 32 ? n : 0);
}

static char *w_bound(char *o, int has, int64_t v)
{
    return has ? w_i64(o, v) : W(o, "null");
}

/* A JSON string for a short name or a date, which hold nothing to escape, or null. */
static char *w_name(char *o, const char *s)
{
    if (!s)
        return W(o, "null");
    *o++ = '"';
    o = w_bytes(o, s, strlen(s));
    *o++ = '"';
    return o;
}

static char *w_2d(char *o, int v)
{
    v = v < 0 ? 0 : v % 100;
    *o++ = (char)('0' + v / 10);
    *o++ = (char)('0' + v % 10);
    return o;
}

/* buf_json_str, with a fast path for the usual span: printable ASCII without quotes or
 * backslashes, and well-formed two-byte UTF-8 (all of Arabic), copied as it is. */
static void json_span(struct buf *b, const char *s_, size_t n)
{
    const unsigned char *s = (const unsigned char *)s_;
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\')
            i++;
        else if (c >= 0xC2 && c <= 0xDF && i + 1 < n && (s[i + 1] & 0xC0) == 0x80)
            i += 2;
        else
            break;
    }
    if (i < n) {
        buf_json_str(b, s_, n);
        return;
    }
    if (buf_reserve(b, n + 2))
        return;
    char *o = b->p + b->len;
    o[0] = '"';
    memcpy(o + 1, s, n);
    o[n + 1] = '"';
    o[n + 2] = 0;
    b->len += n + 2;
}

static void print_tag(struct buf *b, const rasd_tag *r, const char *s, long line, size_t base)
{
    if (buf_reserve(b, REC_HEAD_MAX))
        return;
    char *o0 = b->p + b->len, *o = o0;
    if (r->type == RASD_TAG_NUMBER)
        o = W(o, "{\"type\":\"number\"");
    else if (r->type == RASD_TAG_ORDINAL)
        o = W(o, "{\"type\":\"ordinal\"");
    else if (r->type == RASD_TAG_DATE)
        o = W(o, "{\"type\":\"date\"");
    else
        o = W(o, "{\"type\":\"?\"");
    if (line > 0)
        o = w_i64(W(o, ",\"line\":"), line);
    if (r->type == RASD_TAG_NUMBER) {
        o = W(o, ",\"value\":");
        o = r->has_value ? w_num(o, r->value) : W(o, "null");
        o = w_bound(W(o, ",\"low\":"), r->has_low, r->low);
        o = w_bound(W(o, ",\"high\":"), r->has_high, r->high);
        o = w_name(W(o, ",\"qualifier\":"), rasd_qualifier_name(r->qualifier));
        o = w_name(W(o, ",\"unit\":"), rasd_unit_name(r->unit));
    } else if (r->type == RASD_TAG_ORDINAL) {
        o = w_num(W(o, ",\"value\":"), r->value);
    } else {
        o = w_name(W(o, ",\"date\":"), r->resolved ? r->date : NULL);
        if (r->end_date[0])
            o = w_name(W(o, ",\"end_date\":"), r->end_date);
        o = w_name(W(o, ",\"grain\":"), rasd_grain_name(r->grain));
        if (r->hour >= 0) {
            o = w_2d(W(o, ",\"time\":\""), r->hour);
            o = w_2d(W(o, ":"), r->minute < 0 ? 0 : r->minute);
            *o++ = '"';
        }
    }
    o = w_i64(W(o, ",\"start\":"), (int64_t)(base + r->start));
    o = w_i64(W(o, ",\"end\":"), (int64_t)(base + r->end));
    o = W(o, ",\"text\":");
    b->len += (size_t)(o - o0);
    b->p[b->len] = 0;
    json_span(b, s + r->start, r->end - r->start);
    buf_add(b, "}\n", 2);
}

/* Tags one document s[0..n); returns RASD_OK or the failing status. */
static int tag_doc(rasd_tagger *tg, const struct topts *o, const char *s, size_t n, long line,
                   struct buf *out, size_t *bad)
{
    const rasd_tag *tags;
    size_t ntags;
    int st = rasd_tag_text(tg, s, n, o->published, o->flags, &tags, &ntags, bad);
    if (st)
        return st;
    for (size_t i = 0; i < ntags; i++)
        print_tag(out, &tags[i], s, line, 0);
    return RASD_OK;
}

static int flush(struct buf *out)
{
    int rc = out->oom ? -1 : cli_out(out->p, out->len);
    buf_reset(out);
    return rc;
}

static int tag_lines(rasd_tagger *tg, const struct topts *o, const char *name, const char *s,
                     size_t n, size_t base, long *line, struct buf *out);

/* Tags the complete lines s[0..n) of a file at byte `base`; with --lines each is its own
 * document, numbered from *line.  Returns EXIT_OK, EXIT_INPUT or -1 (stdout closed). */
static int tag_block(rasd_tagger *tg, const struct topts *o, const char *name, const char *s,
                     size_t n, size_t base, long *line, struct buf *out)
{
    int rc;
    char *fixed = NULL;
    if (o->read.replace && rasd_utf8_check(s, n, NULL) != RASD_OK) {
        /* Offsets then count in the repaired text, as rasd text --replace prints it. */
        if (rasd_utf8_repair(s, n, &fixed, &n) != RASD_OK) {
            cli_err("tag", "%s: %s", name, rasd_strerror(RASD_ENOMEM));
            return EXIT_INPUT;
        }
        rc = tag_lines(tg, o, name, fixed, n, base, line, out);
        free(fixed);
        return rc;
    }
    return tag_lines(tg, o, name, s, n, base, line, out);
}

/* tag_block on text known to be UTF-8, or to be refused where it is not. */
static int tag_lines(rasd_tagger *tg, const struct topts *o, const char *name, const char *s,
                     size_t n, size_t base, long *line, struct buf *out)
{
    size_t bad = 0;
    int st, rc = EXIT_OK;
    if (!o->lines) {
        const rasd_tag *tags;
        size_t ntags;
        st = rasd_tag_text(tg, s, n, o->published, o->flags, &tags, &ntags, &bad);
        if (st == RASD_EUTF8) {
            cli_err("tag", "%s: invalid UTF-8 at byte %zu", name, base + bad);
            /* tag what precedes the bad byte, then go on after its line */
            return EXIT_INPUT;
        }
        if (st) {
            cli_err("tag", "%s: %s", name, rasd_strerror(st));
            return EXIT_INPUT;
        }
        for (size_t i = 0; i < ntags; i++)
            print_tag(out, &tags[i], s, 0, base); /* offsets count from the file's start */
        return out->len > (1u << 16) && flush(out) ? -1 : EXIT_OK;
    }
    for (size_t a = 0; a < n;) {
        const char *nl = memchr(s + a, '\n', n - a);
        size_t e = nl ? (size_t)(nl - s) : n, le = e;
        if (le > a && s[le - 1] == '\r')
            le--;
        ++*line;
        st = tag_doc(tg, o, s + a, le - a, *line, out, &bad);
        if (st == RASD_EUTF8) {
            cli_err("tag", "%s:%ld: invalid UTF-8 at byte %zu", name, *line, base + a + bad);
            rc = EXIT_INPUT;
        } else if (st) {
            cli_err("tag", "%s:%ld: %s", name, *line, rasd_strerror(st));
            rc = EXIT_INPUT;
        }
        if (out->len > (1u << 16) && flush(out))
            return -1;
        a = e + 1;
    }
    return rc;
}

/* Reads a file in blocks that end at line breaks (no record spans one), so that memory
 * stays small whatever the input's size.  Returns EXIT_OK, EXIT_INPUT, or -1 when
 * standard output closed. */
static int tag_file(rasd_tagger *tg, const struct topts *o, const char *path, struct buf *out)
{
    const char *name = path ? path : "-";
    FILE *f = path ? fopen(path, "rb") : stdin;
    size_t cap = 1u << 20, len = 0, base = 0;
    char *s = NULL;
    long line = 0;
    int rc = EXIT_OK, failed = 0;
    if (!f) {
        cli_err("tag", "%s: %s", name, strerror(errno));
        return EXIT_INPUT;
    }
    if (!(s = malloc(cap))) {
        cli_err("tag", "%s: %s", name, rasd_strerror(RASD_ENOMEM));
        rc = EXIT_INPUT;
        goto out;
    }
    size_t max = o->read.max_bytes;
    for (;;) {
        /* Never more than max + 1 bytes without a line break: enough to refuse the line. */
        size_t room = cap - len < max + 1 - len ? cap - len : max + 1 - len;
        size_t got = room ? fread(s + len, 1, room, f) : 0;
        len += got;
        int eof = room && (got == 0 || feof(f));
        if (ferror(f)) {
            cli_err("tag", "%s: %s", name, strerror(errno));
            rc = EXIT_INPUT;
            break;
        }
        size_t cut = len;
        if (!eof || len > max) {
            while (cut > 0 && s[cut - 1] != '\n')
                cut--;
            if (cut == 0 && len > max) {
                cli_too_big("tag", path ? path : "(standard input)", max);
                rc = EXIT_INPUT;
                break;
            }
            if (cut == 0) { /* one line longer than the buffer: make room */
                if (len < cap)
                    continue;
                char *g = realloc(s, cap * 2);
                if (!g) {
                    cli_err("tag", "%s: %s", name, rasd_strerror(RASD_ENOMEM));
                    rc = EXIT_INPUT;
                    break;
                }
                s = g, cap *= 2;
                continue;
            }
        }
        if (!failed || o->lines) {
            int r = tag_block(tg, o, name, s, cut, base, &line, out);
            if (r < 0) {
                rc = -1;
                break;
            }
            if (r) {
                rc = r;
                failed = 1; /* one message per file without --lines */
            }
        }
        memmove(s, s + cut, len - cut);
        len -= cut;
        base += cut;
        if (eof && len == 0)
            break;
    }
    if (rc >= 0 && flush(out))
        rc = -1;
out:
    free(s);
    if (f && f != stdin)
        fclose(f);
    return rc;
}

int cmd_tag(int argc, char **argv)
{
    struct topts o = {NULL, 0, 0, CLI_READ_INIT};
    int nfiles = 0, rc = EXIT_OK;
    char **files = calloc((size_t)argc + 1, sizeof *files);
    if (!files) {
        cli_err("tag", "%s", rasd_strerror(RASD_ENOMEM));
        return EXIT_INPUT;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int got;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(tag_usage, stdout);
            free(files);
            return EXIT_OK;
        } else if (!strcmp(a, "--published") || !strncmp(a, "--published=", 12)) {
            const char *v = a[11] == '=' ? a + 12 : (i + 1 < argc ? argv[++i] : NULL);
            char probe;
            int y, m, d;
            if (!v || strlen(v) != 10 || sscanf(v, "%4d-%2d-%2d%c", &y, &m, &d, &probe) != 3 ||
                v[4] != '-' || v[7] != '-') {
                cli_err("tag", "--published needs a date YYYY-MM-DD");
                fputs(tag_usage, stderr);
                free(files);
                return EXIT_USAGE;
            }
            o.published = v;
        } else if (!strcmp(a, "--future")) {
            o.flags |= RASD_TAG_FUTURE;
        } else if (!strcmp(a, "--lines")) {
            o.lines = 1;
        } else if ((got = cli_read_opt("tag", argc, argv, &i, &o.read)) != 0) {
            if (got < 0) {
                fputs(tag_usage, stderr);
                free(files);
                return EXIT_USAGE;
            }
        } else if (!strcmp(a, "--")) {
            while (++i < argc)
                files[nfiles++] = argv[i];
        } else if (a[0] == '-' && a[1]) {
            cli_err("tag", "unknown option '%s'", a);
            fputs(tag_usage, stderr);
            free(files);
            return EXIT_USAGE;
        } else {
            files[nfiles++] = argv[i];
        }
    }
#ifdef __GLIBC__
    /* the per-piece buffers of rasd_tag_text are reused, not returned to the kernel */
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
#endif
    rasd_tagger *tg = rasd_tagger_create();
    struct buf out;
    buf_init(&out);
    if (!tg) {
        cli_err("tag", "%s", rasd_strerror(RASD_ENOMEM));
        rc = EXIT_INPUT;
        goto done;
    }
    /* a well-formed but impossible date (2022-02-30) is a usage error too */
    if (o.published) {
        const rasd_tag *t;
        size_t n;
        if (rasd_tag_text(tg, "", 0, o.published, 0, &t, &n, NULL) == RASD_EINVAL) {
            cli_err("tag", "--published: '%s' is not a date", o.published);
            rc = EXIT_USAGE;
            goto done;
        }
    }
    for (int i = 0; i < (nfiles ? nfiles : 1); i++) {
        const char *p = nfiles ? files[i] : NULL;
        int r = tag_file(tg, &o, p && strcmp(p, "-") ? p : NULL, &out);
        if (r < 0)
            break;
        if (r)
            rc = r;
    }
done:
    buf_free(&out);
    rasd_tagger_free(tg);
    free(files);
    return rc;
}
