/* Input readers: one article per plain-text or HTML file, or one per JSON Lines line,
 * streamed so that a large JSONL file never needs to fit in memory at once. */
#include "extract/input.h"
#include "common/jsonoom.h"
#include "extract/html.h"
#include "rasd.h"
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Bytes looked at to tell the kind of an input by its content. */
#define SNIFF_BYTES 4096

struct rasd_reader {
    char *name;          /* as shown in messages: the path, or "-" */
    char *base;          /* base name without extension: the default id */
    FILE *f;
    int own_f;
    int kind;            /* requested kind; resolved on the first rasd_reader_next */
    int resolved, done;
    char *defs[4];       /* copies of the defaults: id, outlet, url, published */
    char *buf;           /* unread input is buf[pos..len); NUL at buf[len] when owned */
    size_t cap, pos, len;
    uint64_t dropped;    /* bytes consumed and moved out of buf */
    int eof, borrowed;
    size_t max;          /* the most bytes of one article (rasd_reader_set) */
    unsigned flags;      /* RASD_READ_* */
    long line;           /* lines consumed so far (JSONL) */
    json_t *json;        /* the current JSONL object */
    char *id_tmp, *title_tmp, *text_tmp;
    char *fixed;         /* the current article's bytes with invalid UTF-8 repaired */
    struct html_article html;
    rasd_doc doc;
    char detail[256];
};

int rasd_input_kind(const char *name, int *kind)
{
    static const char *const names[] = {"auto", "text", "html", "jsonl"};
    static const int kinds[] = {RASD_INPUT_AUTO, RASD_INPUT_TEXT, RASD_INPUT_HTML,
                                RASD_INPUT_JSONL};
    for (size_t i = 0; name && i < sizeof names / sizeof *names; i++)
        if (!strcmp(name, names[i])) {
            *kind = kinds[i];
            return RASD_OK;
        }
    return RASD_ENOTFOUND;
}

static const char *extension(const char *name)
{
    if (!name)
        return NULL;
    const char *slash = strrchr(name, '/');
    const char *dot = strrchr(slash ? slash + 1 : name, '.');
    return dot && dot[1] ? dot + 1 : NULL;
}

static int has_html_tag(const char *s, size_t len)
{
    static const char *const tags[] = {"<html", "<!doctype html", "<head", "<body", "<p>",
                                       "<p ", "<div", "<article", "<meta", "<title", "<h1",
                                       "<br", "<span", "<section", "<ul", "<table"};
    size_t n = len < SNIFF_BYTES ? len : SNIFF_BYTES;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '<')
            continue;
        for (size_t t = 0; t < sizeof tags / sizeof *tags; t++) {
            size_t tl = strlen(tags[t]);
            if (n - i >= tl && !strncasecmp(s + i, tags[t], tl))
                return 1;
        }
    }
    return 0;
}

int input_sniff(const char *name, const char *head, size_t len)
{
    const char *ext = extension(name);
    if (ext) {
        if (!strcasecmp(ext, "html") || !strcasecmp(ext, "htm") || !strcasecmp(ext, "xhtml"))
            return RASD_INPUT_HTML;
        if (!strcasecmp(ext, "jsonl") || !strcasecmp(ext, "ndjson") || !strcasecmp(ext, "json"))
            return RASD_INPUT_JSONL;
        if (!strcasecmp(ext, "txt"))
            return RASD_INPUT_TEXT;
    }
    size_t i = 0;
    if (len >= 3 && !memcmp(head, "\xEF\xBB\xBF", 3))
        i = 3;
    while (i < len && (head[i] == ' ' || head[i] == '\t' || head[i] == '\n' || head[i] == '\r'))
        i++;
    if (i < len && head[i] == '{')
        return RASD_INPUT_JSONL;
    if (i < len && head[i] == '<' && has_html_tag(head + i, len - i))
        return RASD_INPUT_HTML;
    return RASD_INPUT_TEXT;
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static char *base_name(const char *name)
{
    const char *slash = strrchr(name, '/');
    const char *b = slash ? slash + 1 : name;
    const char *dot = strrchr(b, '.');
    size_t n = dot && dot > b ? (size_t)(dot - b) : strlen(b);
    if (n == 0)
        return strdup(name);
    return strndup(b, n);
}

static int reader_new(const char *name, int kind, const rasd_doc_defaults *d,
                      rasd_reader **out)
{
    if (kind < RASD_INPUT_AUTO || kind > RASD_INPUT_JSONL)
        return RASD_EINVAL;
    rasd_reader *r = calloc(1, sizeof *r);
    if (!r)
        return RASD_ENOMEM;
    r->kind = kind;
    r->max = RASD_MAX_BYTES;
    r->name = strdup(name && *name ? name : "-");
    r->base = r->name ? base_name(r->name) : NULL;
    int oom = !r->name || !r->base;
    if (d) {
        const char *v[4] = {d->id, d->outlet, d->url, d->published};
        for (int i = 0; i < 4; i++) {
            r->defs[i] = dup_or_null(v[i]);
            oom |= v[i] && !r->defs[i];
        }
    }
    if (oom) {
        rasd_reader_free(r);
        return RASD_ENOMEM;
    }
    *out = r;
    return RASD_OK;
}

int rasd_reader_open(const char *path, int kind, const rasd_doc_defaults *defaults,
                     rasd_reader **out)
{
    int from_stdin = !path || !strcmp(path, "-");
    rasd_reader *r;
    int rc = reader_new(from_stdin ? "-" : path, kind, defaults, &r);
    if (rc != RASD_OK)
        return rc;
    r->f = from_stdin ? stdin : fopen(path, "rb");
    if (!r->f) {
        int e = errno;
        rasd_reader_free(r);
        errno = e;
        return RASD_EIO;
    }
    r->own_f = !from_stdin;
    *out = r;
    return RASD_OK;
}

int rasd_reader_open_mem(const char *name, const char *buf, size_t len, int kind,
                         const rasd_doc_defaults *defaults, rasd_reader **out)
{
    rasd_reader *r;
    int rc = reader_new(name, kind, defaults, &r);
    if (rc != RASD_OK)
        return rc;
    r->buf = (char *)(buf ? buf : "");
    r->len = buf ? len : 0;
    r->eof = r->borrowed = 1;
    *out = r;
    return RASD_OK;
}

int rasd_reader_set(rasd_reader *r, size_t max_bytes, unsigned flags)
{
    if (!r || r->resolved || (flags & ~(unsigned)RASD_READ_REPLACE) || max_bytes >= SIZE_MAX / 2)
        return RASD_EINVAL;
    r->max = max_bytes ? max_bytes : RASD_MAX_BYTES;
    r->flags = flags;
    return RASD_OK;
}

/* Reads more of the file into buf, never past max + 1 unread bytes: enough to tell that an
 * article is too long without holding more of it.  Returns RASD_OK (r->eof set at the
 * end), RASD_EIO, RASD_ENOMEM. */
static int fill(rasd_reader *r)
{
    if (r->eof || r->len - r->pos > r->max)
        return RASD_OK;
    if (r->pos) {
        r->dropped += r->pos;
        memmove(r->buf, r->buf + r->pos, r->len - r->pos);
        r->len -= r->pos;
        r->pos = 0;
    }
    if (r->cap - r->len < 4096) {
        size_t cap = r->cap ? r->cap * 2 : 65536;
        char *p = realloc(r->buf, cap);
        if (!p)
            return RASD_ENOMEM;
        r->buf = p;
        r->cap = cap;
    }
    size_t room = r->cap - r->len - 1;
    if (room > r->max + 1 - r->len)
        room = r->max + 1 - r->len;
    size_t n = fread(r->buf + r->len, 1, room, r->f);
    r->len += n;
    r->buf[r->len] = 0;
    if (n == 0) {
        r->eof = 1;
        if (ferror(r->f))
            return RASD_EIO;
    }
    return RASD_OK;
}

static void set_detail(rasd_reader *r, const char *msg)
{
    snprintf(r->detail, sizeof r->detail, "%s", msg);
}

/* Takes the next line (without its newline) of the input.  Returns 1 with *p and *n set,
 * 0 at the end, or a negative status (RASD_ETOOBIG: an overlong line, now skipped). */
static int next_line(rasd_reader *r, const char **p, size_t *n)
{
    size_t scanned = 0;
    for (;;) {
        char *start = r->buf + r->pos;
        size_t avail = r->len - r->pos;
        char *nl = avail > scanned ? memchr(start + scanned, '\n', avail - scanned) : NULL;
        if (nl) {
            *p = start;
            *n = (size_t)(nl - start);
            r->pos += *n + 1;
            r->line++;
            return 1;
        }
        if (r->eof) {
            if (!avail)
                return 0;
            *p = start;
            *n = avail;
            r->pos = r->len;
            r->line++;
            return 1;
        }
        if (avail > r->max)
            break;
        scanned = avail;
        int rc = fill(r);
        if (rc != RASD_OK)
            return rc;
    }
    /* Overlong: drop everything up to the next newline. */
    r->line++;
    snprintf(r->detail, sizeof r->detail, "more than %zu bytes", r->max);
    for (;;) {
        char *nl = memchr(r->buf + r->pos, '\n', r->len - r->pos);
        if (nl) {
            r->pos = (size_t)(nl - r->buf) + 1;
            return RASD_ETOOBIG;
        }
        r->pos = r->len;
        if (r->eof)
            return RASD_ETOOBIG;
        int rc = fill(r);
        if (rc != RASD_OK)
            return rc;
    }
}

/* Reads the whole input into buf[pos..len).  Returns RASD_OK, RASD_EIO, RASD_ENOMEM or
 * RASD_ETOOBIG. */
static int read_all(rasd_reader *r)
{
    while (!r->eof && r->len - r->pos <= r->max) {
        int rc = fill(r);
        if (rc != RASD_OK)
            return rc;
    }
    if (r->len - r->pos <= r->max)
        return RASD_OK;
    snprintf(r->detail, sizeof r->detail, "more than %zu bytes", r->max);
    return RASD_ETOOBIG;
}

static int resolve_kind(rasd_reader *r)
{
    r->resolved = 1;
    if (r->kind != RASD_INPUT_AUTO)
        return RASD_OK;
    while (!r->eof && r->len - r->pos < SNIFF_BYTES && r->len - r->pos <= r->max) {
        int rc = fill(r);
        if (rc != RASD_OK)
            return rc;
    }
    r->kind = input_sniff(r->f == stdin ? NULL : r->name, r->buf ? r->buf + r->pos : "",
                          r->len - r->pos);
    return RASD_OK;
}

static void clear_doc(rasd_reader *r)
{
    if (r->json) {
        json_decref(r->json);
        r->json = NULL;
    }
    free(r->id_tmp);
    free(r->title_tmp);
    free(r->text_tmp);
    free(r->fixed);
    r->id_tmp = r->title_tmp = r->text_tmp = r->fixed = NULL;
    html_article_free(&r->html);
    memset(&r->doc, 0, sizeof r->doc);
    r->detail[0] = 0;
}

static void fill_defaults(rasd_reader *r, rasd_doc *d)
{
    if (!d->id)
        d->id = r->defs[0] ? r->defs[0] : r->base;
    if (!d->outlet)
        d->outlet = r->defs[1];
    if (!d->url)
        d->url = r->defs[2];
    if (!d->published)
        d->published = r->defs[3];
}

/* The first non-blank line of text, trimmed, as a NUL-terminated copy in r. */
static int first_line_title(rasd_reader *r, const char *s, size_t n)
{
    size_t i = 0;
    for (;;) {
        while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
            i++;
        if (i >= n)
            return RASD_OK;
        const char *nl = memchr(s + i, '\n', n - i);
        size_t e = nl ? (size_t)(nl - s) : n;
        while (e > i && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r'))
            e--;
        if (e > i) {
            r->title_tmp = strndup(s + i, e - i);
            if (!r->title_tmp)
                return RASD_ENOMEM;
            r->doc.title = r->title_tmp;
            r->doc.title_len = strlen(r->title_tmp);
            return RASD_OK;
        }
    }
}

/* Refuses s[0..*n) when it is not UTF-8 ("... at byte N" + `where`), or with
 * RASD_READ_REPLACE points *s at a repaired copy.  Returns RASD_OK, RASD_EUTF8 or
 * RASD_ENOMEM. */
static int utf8_or_fix(rasd_reader *r, const char **s, size_t *n, const char *where)
{
    size_t bad;
    if (rasd_utf8_check(*s, *n, &bad) == RASD_OK)
        return RASD_OK;
    if (!(r->flags & RASD_READ_REPLACE)) {
        snprintf(r->detail, sizeof r->detail, "invalid UTF-8 at byte %zu%s", bad, where);
        return RASD_EUTF8;
    }
    free(r->fixed);
    r->fixed = NULL;
    int rc = rasd_utf8_repair(*s, *n, &r->fixed, n);
    if (rc == RASD_OK)
        *s = r->fixed;
    return rc;
}

/* A page's bytes as libxml2 should read them: UTF-8 pages checked (or repaired), pages in
 * another charset left to libxml2 when it can convert it. */
static int html_bytes(rasd_reader *r, const char **s, size_t *n)
{
    char cs[64];
    int kind = html_charset(*s, *n, cs, sizeof cs);
    if (kind == HTML_CS_UTF8)
        return utf8_or_fix(r, s, n, "");
    if (kind == HTML_CS_NAMED && !html_charset_known(cs)) {
        snprintf(r->detail, sizeof r->detail, "unsupported charset '%s'", cs);
        return RASD_EUTF8;
    }
    return RASD_OK;
}

/* A published value that is no ISO date would reach the store and exports as it is. */
static int check_published(rasd_reader *r, const rasd_doc *d)
{
    if (!d->published || rasd_published_check(d->published) == RASD_OK)
        return RASD_OK;
    snprintf(r->detail, sizeof r->detail, "'published' is not an ISO date or date-time: '%.80s'",
             d->published);
    return RASD_EPARSE;
}

static int whole_doc(rasd_reader *r)
{
    int rc = read_all(r);
    if (rc != RASD_OK)
        return rc;
    r->done = 1;
    const char *s = r->buf ? r->buf + r->pos : "";
    size_t n = r->len - r->pos;
    r->pos = r->len;
    if (n == 0)
        return 0;
    rasd_doc *d = &r->doc;
    d->kind = r->kind;
    d->title_in_text = 1;
    rc = r->kind == RASD_INPUT_HTML ? html_bytes(r, &s, &n) : utf8_or_fix(r, &s, &n, "");
    if (rc != RASD_OK)
        return rc;
    if (r->kind == RASD_INPUT_HTML) {
        rc = html_article(s, n, &r->html);
        if (rc != RASD_OK)
            return rc;
        d->text = r->html.text;
        d->text_len = r->html.text_len;
        d->title = r->html.title;
        d->title_len = d->title ? strlen(d->title) : 0;
        d->url = r->defs[2] ? r->defs[2] : r->html.url;
        d->published = r->defs[3] ? r->defs[3] : r->html.published;
    } else {
        if (r->borrowed && s != r->fixed) {
            /* Borrowed bytes need not end in NUL; the contract promises one. */
            r->text_tmp = malloc(n + 1);
            if (!r->text_tmp)
                return RASD_ENOMEM;
            memcpy(r->text_tmp, s, n);
            r->text_tmp[n] = 0;
            s = r->text_tmp;
        }
        d->text = s;
        d->text_len = n;
        rc = first_line_title(r, s, n);
        if (rc != RASD_OK)
            return rc;
    }
    fill_defaults(r, d);
    rc = check_published(r, d);
    return rc == RASD_OK ? 1 : rc;
}

/* Reads string member `key` of object o.  Returns 1 when set, 0 when absent or null,
 * -1 when of another type (integers are accepted where `int_ok`). */
static int json_field(json_t *o, const char *key, int int_ok, const char **s, size_t *n,
                      char **tmp)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v))
        return 0;
    if (json_is_string(v)) {
        *s = json_string_value(v);
        *n = json_string_length(v);
        return 1;
    }
    if (int_ok && json_is_integer(v)) {
        char num[32];
        snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        *tmp = strdup(num);
        *s = *tmp;
        *n = *tmp ? strlen(*tmp) : 0;
        return *tmp ? 1 : -2;
    }
    return -1;
}

static int jsonl_line(rasd_reader *r, const char *p, size_t n)
{
    while (n && (p[n - 1] == '\r' || p[n - 1] == ' ' || p[n - 1] == '\t'))
        n--;
    size_t i = 0;
    if (r->line == 1 && n >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
        i = 3;
    while (i < n && (p[i] == ' ' || p[i] == '\t'))
        i++;
    if (i == n)
        return 0;
    const char *line = p + i;
    size_t len_line = n - i;
    int rc = utf8_or_fix(r, &line, &len_line, " of the line");
    if (rc != RASD_OK)
        return rc;
    json_error_t err;
    jsonoom_begin();
    r->json = json_loadb(line, len_line, JSON_ALLOW_NUL, &err);
    if (r->json && jsonoom_failed()) {
        json_decref(r->json);
        r->json = NULL;
        return RASD_ENOMEM;
    }
    if (!r->json) {
        if (jsonoom_failed())
            return RASD_ENOMEM; /* not the line's fault */
        snprintf(r->detail, sizeof r->detail, "invalid JSON: %s", err.text);
        return RASD_EPARSE;
    }
    if (!json_is_object(r->json)) {
        set_detail(r, "not a JSON object");
        return RASD_EPARSE;
    }
    static const char *const keys[] = {"id", "outlet", "url", "published", "title", "text"};
    const char *val[6] = {0};
    size_t len[6] = {0};
    for (int k = 0; k < 6; k++) {
        int got = json_field(r->json, keys[k], k == 0, &val[k], &len[k], &r->id_tmp);
        if (got == -2)
            return RASD_ENOMEM;
        if (got < 0) {
            snprintf(r->detail, sizeof r->detail, "'%s' is not a string", keys[k]);
            return RASD_EPARSE;
        }
        /* These are used as C strings: a NUL would cut them (two ids into one). */
        if (k < 4 && got && memchr(val[k], 0, len[k])) {
            snprintf(r->detail, sizeof r->detail, "'%s' holds a NUL character", keys[k]);
            return RASD_EPARSE;
        }
    }
    if (!val[5] && !val[4]) {
        set_detail(r, "no 'text' field");
        return RASD_EPARSE;
    }
    rasd_doc *d = &r->doc;
    d->id = val[0] && *val[0] ? val[0] : NULL;
    if (!d->id) {
        size_t sz = strlen(r->base) + 24;
        free(r->id_tmp);
        r->id_tmp = malloc(sz);
        if (!r->id_tmp)
            return RASD_ENOMEM;
        snprintf(r->id_tmp, sz, "%s:%ld", r->base, r->line);
        d->id = r->id_tmp;
    }
    d->outlet = val[1];
    d->url = val[2];
    d->published = val[3];
    d->title = val[4];
    d->title_len = len[4];
    d->text = val[5] ? val[5] : "";
    d->text_len = len[5];
    d->kind = RASD_INPUT_JSONL;
    d->line = r->line;
    fill_defaults(r, d);
    rc = check_published(r, d);
    return rc == RASD_OK ? 1 : rc;
}

int rasd_reader_next(rasd_reader *r, const rasd_doc **doc)
{
    if (!r || !doc)
        return RASD_EINVAL;
    clear_doc(r);
    if (r->done)
        return 0;
    int rc = RASD_OK;
    if (!r->resolved && (rc = resolve_kind(r)) != RASD_OK)
        goto fail;
    if (r->kind != RASD_INPUT_JSONL) {
        rc = whole_doc(r);
        if (rc < 0)
            goto fail;
        if (rc == 1)
            *doc = &r->doc;
        return rc;
    }
    for (;;) {
        const char *p = NULL;
        size_t n = 0;
        rc = next_line(r, &p, &n);
        if (rc == 0) {
            r->done = 1;
            return 0;
        }
        if (rc == RASD_ETOOBIG)
            return rc;
        if (rc < 0)
            goto fail;
        rc = jsonl_line(r, p, n);
        if (rc == 1) {
            *doc = &r->doc;
            return 1;
        }
        if (rc == RASD_EPARSE || rc == RASD_EUTF8) {
            if (r->json) {
                json_decref(r->json);
                r->json = NULL;
            }
            return rc;
        }
        if (rc < 0)
            goto fail;
    }
fail:
    if (rc == RASD_EIO)
        set_detail(r, strerror(errno));
    r->done = 1;
    return rc;
}

void rasd_reader_where(const rasd_reader *r, const char **name, long *line,
                       const char **detail)
{
    if (name)
        *name = r ? r->name : "-";
    if (line)
        *line = r && r->kind == RASD_INPUT_JSONL ? r->line : 0;
    if (detail)
        *detail = r ? r->detail : "";
}

uint64_t rasd_reader_tell(const rasd_reader *r)
{
    return r ? r->dropped + r->pos : 0;
}

void rasd_reader_free(rasd_reader *r)
{
    if (!r)
        return;
    clear_doc(r);
    if (r->own_f && r->f)
        fclose(r->f);
    if (!r->borrowed)
        free(r->buf);
    for (int i = 0; i < 4; i++)
        free(r->defs[i]);
    free(r->name);
    free(r->base);
    free(r);
}
