/* rasd tokens: prints the tokens (and sentences, clitic analyses, stems) of its inputs.
 * Large inputs are handled in pieces that end at blank lines, where sentences and quotes
 * end anyway, so memory stays bounded and the output equals a whole-input run. */
#include "cli/cli.h"
#include "cli/cmd_normalize.h"
#include "common/buf.h"
#include "rasd.h"
#include <errno.h>
#include <fcntl.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

static const char tokens_usage[] =
    "usage: rasd tokens [--profile extract|search|none] [--STEP|--no-STEP]... [--replace]\n"
    "                   [--format tsv|jsonl] [--sentences] [--clitics]\n"
    "                   [--stem light|snowball] [--count] [--max-bytes N] [--] [FILE|-]...\n"
    "Prints one token per line.  TSV columns: [sentence] kind start end nl original\n"
    "normalized [clitic analyses] [stem]; start/end are byte offsets into the input, nl is 1\n"
    "after a line break and 2 after a blank line.  --count prints only totals.  Text between\n"
    "blank lines past --max-bytes N (K, M, G; default 64M) ends the input with an error.\n";

/* Pieces this small keep the normalized text, its map and the tokens in cache. */
#define PIECE (1u << 16)

enum { STEM_NONE, STEM_LIGHT, STEM_SNOWBALL };

struct topts {
    unsigned flags;
    size_t max_bytes;  /* the longest piece (text between blank lines) held */
    int jsonl, sentences, clitics, stem, count;
};

struct tstate {
    const struct topts *o;
    rasd_snowball *sb;
    char *stem_buf;
    size_t stem_cap;
    size_t ntok, nsent, nstem;
    struct buf out;
};

static const char *const kind_name[] = {"?", "arabic", "number", "latin", "punct", "url",
                                        "other"};

/* Appends the clitic analyses of w as "pre+stem+suf" (empty parts left out), separated by
 * spaces; TSV or a JSON array. */
static void put_clitics(struct buf *b, const char *w, size_t len, int json)
{
    rasd_clitics an[16];
    int n = rasd_clitic_split(w, len, an, 16);
    if (json)
        buf_addc(b, '[');
    for (int k = 0; k < n; k++) {
        struct buf one;
        buf_init(&one);
        buf_add(&one, w, an[k].pre);
        if (an[k].pre)
            buf_addc(&one, '+');
        buf_add(&one, w + an[k].pre, len - an[k].pre - an[k].suf);
        if (an[k].suf) {
            buf_addc(&one, '+');
            buf_add(&one, w + len - an[k].suf, an[k].suf);
        }
        if (k)
            buf_addc(b, json ? ',' : ' ');
        if (json)
            buf_json_str(b, one.p ? one.p : "", one.len);
        else
            buf_add(b, one.p, one.len);
        buf_free(&one);
    }
    if (json)
        buf_addc(b, ']');
}

/* Stems w into st->stem_buf; returns its length, or -1 on failure. */
static long stem_word(struct tstate *st, const char *w, size_t len, const char **stem)
{
    if (st->o->stem == STEM_LIGHT) {
        if (len > st->stem_cap) {
            char *p = realloc(st->stem_buf, len);
            if (!p)
                return -1;
            st->stem_buf = p;
            st->stem_cap = len;
        }
        *stem = st->stem_buf;
        return (long)rasd_stem_light(w, len, st->stem_buf);
    }
    size_t sl;
    if (rasd_snowball_stem(st->sb, w, len, stem, &sl) != RASD_OK)
        return -1;
    return (long)sl;
}

static int put_token(struct tstate *st, const char *file, const char *piece, size_t base,
                     const rasd_text *t, const rasd_token *k, size_t sent)
{
    const struct topts *o = st->o;
    struct buf *b = &st->out;
    const char *w = t->s + k->nstart, *stem = NULL;
    size_t wl = k->nend - k->nstart;
    long sl = -1;
    if (o->stem && k->kind == RASD_TOK_ARABIC) {
        sl = stem_word(st, w, wl, &stem);
        if (sl < 0)
            return -1;
        st->nstem++;
    }
    if (o->count)
        return 0;
    size_t start = base + k->start, end = base + k->end;
    if (o->jsonl) {
        buf_adds(b, "{\"file\":");
        buf_json_str(b, file, strlen(file));
        if (o->sentences)
            buf_printf(b, ",\"sentence\":%zu", sent);
        buf_printf(b, ",\"kind\":\"%s\",\"start\":%zu,\"end\":%zu,\"nl\":%d,\"text\":",
                   kind_name[k->kind], start, end, k->nl);
        buf_json_str(b, piece + k->start, k->end - k->start);
        buf_adds(b, ",\"norm\":");
        buf_json_str(b, w, wl);
        if (o->clitics && k->kind == RASD_TOK_ARABIC) {
            buf_adds(b, ",\"clitics\":");
            put_clitics(b, w, wl, 1);
        }
        if (sl >= 0) {
            buf_adds(b, ",\"stem\":");
            buf_json_str(b, stem, (size_t)sl);
        }
        buf_adds(b, "}\n");
        return 0;
    }
    if (o->sentences)
        buf_printf(b, "%zu\t", sent);
    buf_printf(b, "%s\t%zu\t%zu\t%d\t", kind_name[k->kind], start, end, k->nl);
    buf_tsv_field(b, piece + k->start, k->end - k->start);
    buf_addc(b, '\t');
    buf_tsv_field(b, w, wl);
    if (o->clitics) {
        buf_addc(b, '\t');
        if (k->kind == RASD_TOK_ARABIC)
            put_clitics(b, w, wl, 0);
    }
    if (o->stem) {
        buf_addc(b, '\t');
        if (sl >= 0)
            buf_tsv_field(b, stem, (size_t)sl);
    }
    buf_addc(b, '\n');
    return 0;
}

/* Tokenizes the piece p[0..len), which starts at byte `base` of its input, and prints it;
 * returns a RASD_* status (*bad set for RASD_EUTF8). */
static int tokens_piece(struct tstate *st, const char *file, const char *p, size_t len,
                        size_t base, size_t *bad)
{
    rasd_text t = {0};
    rasd_tokens tk = {0};
    int rc = rasd_normalize(p, len, st->o->flags, &t, bad);
    if (rc == RASD_EUTF8)
        *bad += base;
    if (rc != RASD_OK)
        goto out;
    rc = rasd_tokenize(&t, &tk);
    if (rc != RASD_OK)
        goto out;
    /* A piece after the first starts right after a blank line. */
    if (base > 0 && tk.ntok > 0)
        tk.tok[0].nl = 2;
    size_t s = 0;
    /* Counting alone needs no pass over the tokens. */
    for (size_t i = 0; i < tk.ntok && !(st->o->count && !st->o->stem); i++) {
        while (s + 1 < tk.nsent && tk.sent[s].last <= i)
            s++;
        if (put_token(st, file, p, base, &t, &tk.tok[i], st->nsent + s) != 0) {
            rc = RASD_ENOMEM;
            goto out;
        }
    }
    st->ntok += tk.ntok;
    st->nsent += tk.nsent;
    if (!st->o->count && st->out.len && cli_out(st->out.p, st->out.len))
        rc = RASD_EIO;
    if (st->out.oom)
        rc = RASD_ENOMEM;
    buf_reset(&st->out);
out:
    rasd_tokens_free(&tk);
    rasd_text_free(&t);
    return rc;
}

/* Length of the longest prefix of s[0..len) that ends with a blank line, or 0. */
static size_t last_blank_line(const char *s, size_t len)
{
    while (len > 0) {
        const char *nl = s + len - 1;
        while (nl > s && *nl != '\n')
            nl--;
        if (*nl != '\n')
            return 0;
        size_t j = (size_t)(nl - s);
        while (j > 0 && (s[j - 1] == ' ' || s[j - 1] == '\t' || s[j - 1] == '\r'))
            j--;
        if (j > 0 && s[j - 1] == '\n')
            return (size_t)(nl - s) + 1;
        len = j;
    }
    return 0;
}

/* Reads the input in blocks and hands on pieces that end at blank lines (or at the end),
 * so a large input never sits in memory whole unless it has no blank line. */
static int tokens_file(void *ctx, const char *path)
{
    struct tstate *st = ctx;
    const char *name = path ? path : "-";
    int fd = path ? open(path, O_RDONLY) : 0;
    size_t cap = 2 * PIECE, have = 0, base = 0, bad = 0;
    char *buf = NULL;
    /* RASD_EIO from tokens_piece means stdout closed; a read error is not that. */
    int rc = RASD_OK, eof = 0, unreadable = 0;
    if (fd < 0) {
        cli_err("tokens", "%s: %s", name, strerror(errno));
        return EXIT_INPUT;
    }
    if (!(buf = malloc(cap)))
        rc = RASD_ENOMEM;
    size_t max = st->o->max_bytes;
    while (rc == RASD_OK && !(eof && have == 0)) {
        if (!eof && have < cap && have <= max) {
            /* Never more than max + 1 bytes of a piece: enough to know it is too long. */
            size_t room = cap - have < max + 1 - have ? cap - have : max + 1 - have;
            ssize_t n = read(fd, buf + have, room);
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0) {
                cli_err("tokens", "%s: %s", name, strerror(errno));
                unreadable = 1;
                break;
            }
            eof = n == 0;
            have += (size_t)n;
            if (!eof && have < PIECE && have <= max)
                continue;
        }
        size_t cut = eof ? have : last_blank_line(buf, have);
        if (cut > max || (cut == 0 && have > max)) {
            cli_too_big("tokens", path ? path : "(standard input)", max);
            unreadable = 1;
            break;
        }
        if (cut == 0 && have < cap)
            continue;
        if (cut == 0) {
            /* No blank line yet: read on into a larger buffer. */
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                rc = RASD_ENOMEM;
                break;
            }
            buf = nb;
            cap *= 2;
            continue;
        }
        rc = tokens_piece(st, name, buf, cut, base, &bad);
        memmove(buf, buf + cut, have - cut);
        have -= cut;
        base += cut;
    }
    free(buf);
    if (path)
        close(fd);
    if (rc == RASD_EUTF8)
        cli_err("tokens", "%s: invalid UTF-8 at byte %zu", name, bad);
    else if (rc == RASD_EIO)
        return -1;      /* stdout closed: stop quietly */
    else if (rc != RASD_OK)
        cli_err("tokens", "%s: %s", name, rasd_strerror(rc));
    return rc == RASD_OK && !unreadable ? EXIT_OK : EXIT_INPUT;
}

static int tokens_option(void *ctx, int argc, char **argv, int *i)
{
    struct topts *o = ctx;
    const char *a = argv[*i];
    if (!strcmp(a, "--sentences")) {
        o->sentences = 1;
    } else if (!strcmp(a, "--clitics")) {
        o->clitics = 1;
    } else if (!strcmp(a, "--count")) {
        o->count = 1;
    } else if (!strcmp(a, "--format") || !strcmp(a, "--stem")) {
        const char *v = *i + 1 < argc ? argv[++*i] : "";
        if (a[2] == 'f' && (!strcmp(v, "tsv") || !strcmp(v, "jsonl")))
            o->jsonl = v[0] == 'j';
        else if (a[2] == 's' && (!strcmp(v, "light") || !strcmp(v, "snowball")))
            o->stem = v[0] == 'l' ? STEM_LIGHT : STEM_SNOWBALL;
        else
            return -1;
    } else {
        return 0;
    }
    return 1;
}

int cmd_tokens(int argc, char **argv)
{
    struct topts o = {.flags = RASD_NORM_EXTRACT, .max_bytes = RASD_MAX_BYTES};
    struct tstate st = {.o = &o};
    int i, status = cli_norm_args("tokens", tokens_usage, argc, argv, &o.flags, &o.max_bytes,
                                  tokens_option, &o, &i);
    if (status >= 0)
        return status;
    if (o.stem == STEM_SNOWBALL && !(st.sb = rasd_snowball_create())) {
        cli_err("tokens", "Snowball Arabic stemmer unavailable");
        return EXIT_INPUT;
    }
#ifdef __GLIBC__
    /* Each piece allocates and frees a few hundred KiB; without this glibc hands that
     * memory back to the kernel after every piece and faults it in again. */
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
#endif
    buf_init(&st.out);
    status = cli_each_path(argc, argv, i, tokens_file, &st);
    if (o.count) {
        printf("tokens\t%zu\nsentences\t%zu\n", st.ntok, st.nsent);
        if (o.stem)
            printf("stems\t%zu\n", st.nstem);
    }
    buf_free(&st.out);
    free(st.stem_buf);
    rasd_snowball_free(st.sb);
    fflush(stdout);
    return status;
}
