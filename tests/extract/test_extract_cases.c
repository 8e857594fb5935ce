/* Runs every tests/cases/extract_*.tsv: each row is an Arabic text and the figures it must
 * give, one cmocka test per row.
 *
 * Row format (TAB-separated, '#' comments):
 *   text  expected  [source]  [published]  [date]
 * expected: "-" for no figure, else figures separated by ';', each category/group/value
 * with value an integer, lo-hi (a range's bounds), >N (more than N: low N+1, open high)
 * or vague, followed by @family when the count is of families («1200 عائلة»), then, in
 * a row whose every figure gives one, #place: the place id the figure must carry ("#-" for
 * none).  The extracted set must equal the expected set.  source, when given and not
 * "*", is the source id every figure must carry ("-": none).  published defaults to
 * 2015-07-25.  date, when given and not "*", is the date every figure must carry. */
#include "common/harness.h"
#include "rasd.h"
#include <dirent.h>
#include <inttypes.h>

struct row {
    char name[300];
    char *text, *expected, *source, *published, *date;
};

struct got {
    char items[64][96];
    const char *sources[64];
    char dates[64][11];
    char places[64][64];
    int n;
};

static rasd_extractor *X;

static int collect(void *ud, const rasd_doc *doc, const rasd_figure *f)
{
    struct got *g = ud;
    (void)doc;
    if (g->n >= 64)
        return 0;
    char v[48];
    if (f->has_value && !strcmp(f->qualifier, "more_than"))
        snprintf(v, sizeof v, ">%" PRId64, f->value);
    else if (f->has_value)
        snprintf(v, sizeof v, "%" PRId64, f->value);
    else if (!strcmp(f->qualifier, "vague"))
        snprintf(v, sizeof v, "vague");
    else
        snprintf(v, sizeof v, "%" PRId64 "-%" PRId64, f->low, f->high);
    snprintf(g->items[g->n], sizeof g->items[0], "%s/%s/%s%s", f->category, f->group, v,
             strcmp(f->unit, "family") ? "" : "@family");
    g->sources[g->n] = f->source;
    memcpy(g->dates[g->n], f->date, 11);
    snprintf(g->places[g->n], sizeof g->places[0], "%s", f->location ? f->location : "-");
    g->n++;
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sorted, ';'-joined, duplicates dropped. */
static void canon(char **items, int n, char *out, size_t cap)
{
    qsort(items, (size_t)n, sizeof *items, cmp_str);
    out[0] = 0;
    for (int i = 0; i < n; i++) {
        if (i && !strcmp(items[i], items[i - 1]))
            continue;
        if (out[0])
            strncat(out, ";", cap - strlen(out) - 1);
        strncat(out, items[i], cap - strlen(out) - 1);
    }
}

static void run_row(void **state)
{
    struct row *r = *state;
    struct got g;
    memset(&g, 0, sizeof g);
    rasd_doc doc;
    memset(&doc, 0, sizeof doc);
    doc.id = "case";
    doc.text = r->text;
    doc.text_len = strlen(r->text);
    doc.published = r->published;
    doc.title_in_text = 1;
    doc.kind = RASD_INPUT_TEXT;
    assert_int_equal(rasd_extract(X, &doc, collect, &g), RASD_OK);

    char *items[64];
    char placed[64][160];
    int with_place = strchr(r->expected, '#') != NULL;
    for (int i = 0; i < g.n; i++) {
        snprintf(placed[i], sizeof placed[i], "%s#%s", g.items[i], g.places[i]);
        items[i] = with_place ? placed[i] : g.items[i];
    }
    char got[4096], want[4096], buf[4096];
    canon(items, g.n, got, sizeof got);
    int ne = 0;
    if (strcmp(r->expected, "-")) {
        snprintf(buf, sizeof buf, "%s", r->expected);
        for (char *p = strtok(buf, ";"); p && ne < 64; p = strtok(NULL, ";"))
            items[ne++] = p;
    }
    canon(items, ne, want, sizeof want);
    if (strcmp(got, want))
        fail_msg("%s\n  text: %s\n  got:  %s\n  want: %s", r->name, r->text,
                 got[0] ? got : "-", want[0] ? want : "-");
    if (r->source && strcmp(r->source, "*"))
        for (int i = 0; i < g.n; i++) {
            const char *s = g.sources[i] ? g.sources[i] : "-";
            if (strcmp(s, r->source))
                fail_msg("%s: %s has source %s, want %s", r->name, g.items[i], s, r->source);
        }
    if (r->date && strcmp(r->date, "*"))
        for (int i = 0; i < g.n; i++)
            if (strcmp(g.dates[i], r->date))
                fail_msg("%s: %s has date %s, want %s", r->name, g.items[i],
                         g.dates[i][0] ? g.dates[i] : "null", r->date);
}

static char *field(char **p)
{
    char *s = *p;
    if (!s)
        return NULL;
    char *t = strchr(s, '\t');
    if (t) {
        *t = 0;
        *p = t + 1;
    } else {
        *p = NULL;
    }
    return s;
}

int main(void)
{
    struct CMUnitTest *tests = NULL;
    size_t nt = 0, ct = 0;
    char **bufs = NULL;
    size_t nb = 0;
    DIR *d = opendir("tests/cases");
    struct dirent *e;
    char *names[256];
    int nn = 0;
    while (d && (e = readdir(d)) && nn < 256)
        if (!strncmp(e->d_name, "extract_", 8) && strstr(e->d_name, ".tsv"))
            names[nn++] = strdup(e->d_name);
    if (d)
        closedir(d);
    qsort(names, (size_t)nn, sizeof *names, cmp_str);
    for (int f = 0; f < nn; f++) {
        char path[512];
        snprintf(path, sizeof path, "tests/cases/%s", names[f]);
        char *s = slurp(path, NULL);
        if (!s)
            continue;
        bufs = realloc(bufs, (nb + 1) * sizeof *bufs);
        bufs[nb++] = s;
        int line = 0;
        for (char *ln = s, *next; ln; ln = next) {
            next = strchr(ln, '\n');
            if (next)
                *next++ = 0;
            line++;
            if (!*ln || *ln == '#')
                continue;
            char *p = ln;
            struct row *r = calloc(1, sizeof *r);
            r->text = field(&p);
            r->expected = field(&p);
            r->source = field(&p);
            r->published = field(&p);
            r->date = field(&p);
            if (r->published && !*r->published)
                r->published = NULL;
            if (!r->published)
                r->published = "2015-07-25";
            if (!r->expected)
                r->expected = "(missing expected column)";
            snprintf(r->name, sizeof r->name, "%s:%d", names[f], line);
            if (nt == ct) {
                ct = ct ? ct * 2 : 64;
                tests = realloc(tests, ct * sizeof *tests);
            }
            memset(&tests[nt], 0, sizeof tests[nt]);
            tests[nt].name = r->name;
            tests[nt].test_func = run_row;
            tests[nt].initial_state = r;
            nt++;
        }
    }
    if (rasd_extractor_create(&X) != RASD_OK) {
        printf("[  FAILED  ] 1 test(s), listed below:\ncannot load the lexicons\n");
        return 1;
    }
    int rc = _cmocka_run_group_tests("extract cases", tests, nt, NULL, NULL);
    rasd_extractor_free(X);
    for (size_t i = 0; i < nt; i++)
        free(tests[i].initial_state);
    free(tests);
    for (size_t i = 0; i < nb; i++)
        free(bufs[i]);
    free(bufs);
    for (int f = 0; f < nn; f++)
        free(names[f]);
    return rc;
}
