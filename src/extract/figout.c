/* Writing figures: JSON Lines records (../shared/spec/figures.md), TSV rows and a
 * right-to-left-safe table for terminals. */
#include "rasd.h"
#include "common/buf.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int rasd_figure_format_kind(const char *name, int *format)
{
    static const char *const names[] = {"jsonl", "tsv", "pretty"};
    for (int i = 0; name && i < 3; i++)
        if (!strcmp(name, names[i])) {
            *format = i;
            return RASD_OK;
        }
    return RASD_ENOTFOUND;
}

const char *rasd_figure_header(int format)
{
    switch (format) {
    case RASD_FIG_TSV:
        return "doc\tcategory\tgroup\tactor\tvalue\tlow\thigh\tqualifier\tunit\tsource\t"
               "source_text\tlocation\tdate\tstart\tend\tfield\ttext\n";
    case RASD_FIG_PRETTY:
        return "DOC        CATEGORY     GROUP              COUNT            SOURCE           "
               "LOCATION             DATE        EVIDENCE\n";
    default:
        return "";
    }
}

static void json_int(struct buf *b, int has, int64_t v)
{
    if (has)
        buf_printf(b, "%" PRId64, v);
    else
        buf_adds(b, "null");
}

static void jsonl(struct buf *b, const rasd_doc *doc, const rasd_figure *f, int with_field)
{
    const char *text = f->field ? doc->title : doc->text;
    buf_adds(b, "{\"type\":\"figure\",\"doc\":");
    buf_json_strz(b, doc->id);
    buf_adds(b, ",\"category\":");
    buf_json_strz(b, f->category);
    buf_adds(b, ",\"group\":");
    buf_json_strz(b, f->group);
    buf_adds(b, ",\"actor\":");
    buf_json_strz(b, f->actor);
    buf_adds(b, ",\"value\":");
    json_int(b, f->has_value, f->value);
    buf_adds(b, ",\"low\":");
    json_int(b, f->has_low, f->low);
    buf_adds(b, ",\"high\":");
    json_int(b, f->has_high, f->high);
    buf_adds(b, ",\"qualifier\":");
    buf_json_strz(b, f->qualifier);
    buf_adds(b, ",\"unit\":");
    buf_json_strz(b, f->unit);
    buf_adds(b, ",\"source\":");
    buf_json_strz(b, f->source);
    buf_adds(b, ",\"source_text\":");
    if (f->source_text)
        buf_json_str(b, f->source_text, f->source_len);
    else
        buf_adds(b, "null");
    buf_adds(b, ",\"location\":");
    buf_json_strz(b, f->location);
    buf_adds(b, ",\"date\":");
    buf_json_strz(b, f->date[0] ? f->date : NULL);
    buf_printf(b, ",\"start\":%zu,\"end\":%zu", f->start, f->end);
    if (with_field)
        buf_adds(b, f->field ? ",\"field\":\"title\"" : ",\"field\":\"text\"");
    buf_adds(b, ",\"text\":");
    buf_json_str(b, text + f->sent_start, f->sent_end - f->sent_start);
    buf_adds(b, "}\n");
}

/* Appends s[0..n) with tabs, newlines and other control bytes as spaces. */
static void flat(struct buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        buf_addc(b, ch < 0x20 || ch == 0x7f ? ' ' : (char)ch);
    }
}

static void flatz(struct buf *b, const char *s)
{
    if (s)
        flat(b, s, strlen(s));
}

static void tsv_int(struct buf *b, int has, int64_t v)
{
    if (has)
        buf_printf(b, "%" PRId64, v);
}

static void tsv(struct buf *b, const rasd_doc *doc, const rasd_figure *f)
{
    const char *text = f->field ? doc->title : doc->text;
    flatz(b, doc->id);
    buf_addc(b, '\t');
    flatz(b, f->category);
    buf_addc(b, '\t');
    flatz(b, f->group);
    buf_addc(b, '\t');
    flatz(b, f->actor);
    buf_addc(b, '\t');
    tsv_int(b, f->has_value, f->value);
    buf_addc(b, '\t');
    tsv_int(b, f->has_low, f->low);
    buf_addc(b, '\t');
    tsv_int(b, f->has_high, f->high);
    buf_addc(b, '\t');
    flatz(b, f->qualifier);
    buf_addc(b, '\t');
    flatz(b, f->unit);
    buf_addc(b, '\t');
    flatz(b, f->source);
    buf_addc(b, '\t');
    if (f->source_text)
        flat(b, f->source_text, f->source_len);
    buf_addc(b, '\t');
    flatz(b, f->location);
    buf_addc(b, '\t');
    flatz(b, f->date);
    buf_printf(b, "\t%zu\t%zu\t%s\t", f->start, f->end, f->field ? "title" : "text");
    flat(b, text + f->sent_start, f->sent_end - f->sent_start);
    buf_addc(b, '\n');
}

/* Pads an ASCII cell to w columns (cells here are ids and numbers, ASCII only). */
static void cell(struct buf *b, const char *s, int w)
{
    int n = s ? (int)strlen(s) : 1;
    if (s)
        flatz(b, s);
    else
        buf_addc(b, '-');
    do
        buf_addc(b, ' ');
    while (++n <= w);
}

#define RLI "\xE2\x81\xA7"  /* U+2067 RIGHT-TO-LEFT ISOLATE */
#define PDI "\xE2\x81\xA9"  /* U+2069 POP DIRECTIONAL ISOLATE */

static void pretty(struct buf *b, const rasd_doc *doc, const rasd_figure *f)
{
    const char *text = f->field ? doc->title : doc->text;
    char count[64];
    if (f->has_value && strcmp(f->qualifier, "exact"))
        snprintf(count, sizeof count, "%" PRId64 " (%s)", f->value, f->qualifier);
    else if (f->has_value)
        snprintf(count, sizeof count, "%" PRId64, f->value);
    else if (f->has_low && f->has_high)
        snprintf(count, sizeof count, "%" PRId64 "-%" PRId64, f->low, f->high);
    else if (f->has_low)
        snprintf(count, sizeof count, ">=%" PRId64 " (%s)", f->low, f->qualifier);
    else
        snprintf(count, sizeof count, "(%s)", f->qualifier);
    char id[11];
    snprintf(id, sizeof id, "%s", doc->id);
    cell(b, id, 10);
    cell(b, f->category, 12);
    cell(b, f->group, 18);
    cell(b, count, 16);
    cell(b, f->source, 16);
    cell(b, f->location, 20);
    cell(b, f->date[0] ? f->date : NULL, 11);
    /* The evidence, isolated so that its right-to-left run cannot reorder the columns. */
    buf_adds(b, RLI);
    flat(b, text + f->start, f->end - f->start);
    buf_adds(b, PDI "\n");
}

int rasd_figure_format(const rasd_doc *doc, const rasd_figure *f, int format, int with_field,
                       char **out, size_t *len)
{
    struct buf b;
    if (!doc || !f || !out || format < RASD_FIG_JSONL || format > RASD_FIG_PRETTY)
        return RASD_EINVAL;
    buf_init(&b);
    if (format == RASD_FIG_JSONL)
        jsonl(&b, doc, f, with_field);
    else if (format == RASD_FIG_TSV)
        tsv(&b, doc, f);
    else
        pretty(&b, doc, f);
    if (b.oom || !b.p) {
        buf_free(&b);
        return RASD_ENOMEM;
    }
    *out = buf_take(&b, len);
    return RASD_OK;
}
