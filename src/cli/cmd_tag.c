/* rasd tag: prints the numbers, ordinals and dates of its inputs as JSON Lines. */
#include "cli/cli.h"
#include "common/buf.h"
#include "common/io.h"
#include "rasd.h"
#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char tag_usage[] =
    "usage: rasd tag [--published YYYY-MM-DD] [--future] [--lines] [FILE|-]...\n"
    "Prints one JSON record per number, ordinal or date found, with byte offsets into the\n"
    "input.  --published anchors relative dates («أمس», «الجمعة الماضي»); --future reads\n"
    "bare weekdays and yearless dates forward from it instead of backward.  --lines treats\n"
    "every line as its own document: records carry \"line\" and offsets within the line.\n";

struct topts {
    const char *published;
    unsigned flags;
    int lines;
};

static void json_num(struct buf *b, double v)
{
    if (v == floor(v) && fabs(v) < 1e15)
        buf_printf(b, "%.0f", v);
    else
        buf_printf(b, "%.15g", v);
}

static void json_bound(struct buf *b, int has, int64_t v)
{
    if (has)
        buf_printf(b, "%lld", (long long)v);
    else
        buf_adds(b, "null");
}

static void print_tag(struct buf *b, const rasd_tag *r, const char *s, long line)
{
    static const char *type[] = {"?", "number", "ordinal", "date"};
    buf_printf(b, "{\"type\":\"%s\"", type[r->type >= 1 && r->type <= 3 ? r->type : 0]);
    if (line > 0)
        buf_printf(b, ",\"line\":%ld", line);
    if (r->type == RASD_TAG_NUMBER) {
        buf_adds(b, ",\"value\":");
        if (r->has_value)
            json_num(b, r->value);
        else
            buf_adds(b, "null");
        buf_adds(b, ",\"low\":");
        json_bound(b, r->has_low, r->low);
        buf_adds(b, ",\"high\":");
        json_bound(b, r->has_high, r->high);
        buf_adds(b, ",\"qualifier\":");
        buf_json_strz(b, rasd_qualifier_name(r->qualifier));
        buf_adds(b, ",\"unit\":");
        buf_json_strz(b, rasd_unit_name(r->unit));
    } else if (r->type == RASD_TAG_ORDINAL) {
        buf_adds(b, ",\"value\":");
        json_num(b, r->value);
    } else {
        buf_adds(b, ",\"date\":");
        buf_json_strz(b, r->resolved ? r->date : NULL);
        if (r->end_date[0]) {
            buf_adds(b, ",\"end_date\":");
            buf_json_strz(b, r->end_date);
        }
        buf_adds(b, ",\"grain\":");
        buf_json_strz(b, rasd_grain_name(r->grain));
        if (r->hour >= 0)
            buf_printf(b, ",\"time\":\"%02d:%02d\"", r->hour, r->minute < 0 ? 0 : r->minute);
    }
    buf_printf(b, ",\"start\":%zu,\"end\":%zu,\"text\":", r->start, r->end);
    buf_json_str(b, s + r->start, r->end - r->start);
    buf_adds(b, "}\n");
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
        print_tag(out, &tags[i], s, line);
    return RASD_OK;
}

static int flush(struct buf *out)
{
    int rc = out->oom ? -1 : cli_out(out->p, out->len);
    buf_reset(out);
    return rc;
}

/* Returns EXIT_OK, EXIT_INPUT, or -1 when standard output closed. */
static int tag_file(rasd_tagger *tg, const struct topts *o, const char *path, struct buf *out)
{
    char *s = NULL;
    size_t n = 0, bad = 0;
    const char *name = path ? path : "-";
    int st = io_read_all(path, &s, &n), rc = EXIT_OK;
    if (st) {
        cli_err("tag", "%s: %s", name, st == RASD_EIO ? strerror(errno) : rasd_strerror(st));
        return EXIT_INPUT;
    }
    if (!o->lines) {
        st = tag_doc(tg, o, s, n, 0, out, &bad);
        if (st == RASD_EUTF8)
            cli_err("tag", "%s: invalid UTF-8 at byte %zu", name, bad);
        else if (st)
            cli_err("tag", "%s: %s", name, rasd_strerror(st));
        rc = st ? EXIT_INPUT : EXIT_OK;
        if (flush(out))
            rc = -1;
    } else {
        long line = 0;
        for (size_t a = 0; a < n;) {
            const char *nl = memchr(s + a, '\n', n - a);
            size_t e = nl ? (size_t)(nl - s) : n, le = e;
            if (le > a && s[le - 1] == '\r')
                le--;
            line++;
            st = tag_doc(tg, o, s + a, le - a, line, out, &bad);
            if (st == RASD_EUTF8) {
                cli_err("tag", "%s:%ld: invalid UTF-8 at byte %zu", name, line, a + bad);
                rc = EXIT_INPUT;
            } else if (st) {
                cli_err("tag", "%s:%ld: %s", name, line, rasd_strerror(st));
                rc = EXIT_INPUT;
            }
            if (out->len > (1u << 16) && flush(out)) {
                rc = -1;
                break;
            }
            a = e + 1;
        }
        if (rc >= 0 && flush(out))
            rc = -1;
    }
    free(s);
    return rc;
}

int cmd_tag(int argc, char **argv)
{
    struct topts o = {NULL, 0, 0};
    int nfiles = 0, rc = EXIT_OK;
    char **files = calloc((size_t)argc + 1, sizeof *files);
    if (!files) {
        cli_err("tag", "%s", rasd_strerror(RASD_ENOMEM));
        return EXIT_INPUT;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
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
