/* rasd extract: the figures of articles as JSON Lines (../shared/spec/figures.md), TSV or
 * a table for the terminal. */
#include "cli/cli.h"
#include "cli/input_opts.h"
#include "rasd.h"
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

static const char extract_usage[] =
    "usage: rasd extract [--id ID] [--published YYYY-MM-DD] [--outlet NAME]\n"
    "                    [--input auto|text|html|jsonl] [--format jsonl|tsv|pretty]\n"
    "                    [--max-bytes N] [--replace] [--] [FILE|-]...\n"
    "Prints every casualty, arrest, displacement and detention figure of each article (text,\n"
    "HTML or JSON Lines; standard input when no FILE): category, side, count, source, place,\n"
    "date and the bytes it stands on.  --published (YYYY-MM-DD or an ISO date-time) anchors\n"
    "relative dates («أمس»).  Text that is not UTF-8 is refused (--replace: bad bytes become\n"
    "U+FFFD); an article past --max-bytes N (K, M, G; default 64M) is refused.\n"
    "Exit status: 0, 1 when an input could not be read or parsed, 2 on bad usage.\n";

struct out {
    int format;
    int failed;     /* stdout closed */
};

static int print_figure(void *ud, const rasd_doc *doc, const rasd_figure *f)
{
    struct out *o = ud;
    char *line = NULL;
    size_t len = 0;
    int rc = rasd_figure_format(doc, f, o->format, doc->kind == RASD_INPUT_JSONL, &line, &len);
    if (rc)
        return rc;
    if (cli_out(line, len)) {
        o->failed = 1;
        rc = RASD_EIO;
    }
    free(line);
    return rc;
}

/* Extracts every article of one input; returns the exit status it earns. */
static int extract_file(rasd_extractor *x, const struct input_opts *in, const char *path,
                        struct out *o)
{
    rasd_reader *r;
    int status = EXIT_OK, rc;
    if (input_open("extract", in, path, &r) != RASD_OK)
        return EXIT_INPUT;
    for (;;) {
        const rasd_doc *doc = NULL;
        rc = rasd_reader_next(r, &doc);
        if (rc == 0)
            break;
        if (rc < 0) {
            /* The reader is at its end after an error it cannot skip. */
            input_report("extract", r, path, rc);
            status = EXIT_INPUT;
            continue;
        }
        rc = rasd_extract(x, doc, print_figure, o);
        if (rc && !o->failed) {
            cli_err("extract", "%s: %s: %s", path ? path : "-", doc->id, rasd_strerror(rc));
            status = EXIT_INPUT;
        }
        if (o->failed)
            break;
    }
    rasd_reader_free(r);
    return status;
}

/* Extraction allocates and frees buffers of a few megabytes per article (or per piece of
 * a long text).  glibc would map and unmap each one, faulting its pages in anew every
 * time; keeping them on the heap makes a large input read about twice as fast. */
static void tune_malloc(void)
{
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
    mallopt(M_TOP_PAD, 16 * 1024 * 1024);
#endif
}

int cmd_extract(int argc, char **argv)
{
    struct input_opts in = INPUT_OPTS_INIT;
    struct out o = {RASD_FIG_JSONL, 0};
    const char **files = calloc((size_t)argc + 1, sizeof *files);
    int nfiles = 0, status = EXIT_OK;
    rasd_extractor *x = NULL;
    if (!files) {
        cli_err("extract", "%s", rasd_strerror(RASD_ENOMEM));
        return EXIT_INPUT;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int used;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(extract_usage, stdout);
            goto out;
        }
        if ((used = input_opts_parse(&in, "extract", argc, argv, &i)) != 0) {
            if (used < 0) {
                status = EXIT_USAGE;
                goto out;
            }
            while (used == INPUT_OPTS_END && ++i < argc)
                files[nfiles++] = argv[i];
            continue;
        }
        if (!strcmp(a, "--format")) {
            if (i + 1 >= argc || rasd_figure_format_kind(argv[i + 1], &o.format)) {
                cli_err("extract", "--format must be jsonl, tsv or pretty");
                status = EXIT_USAGE;
                goto out;
            }
            i++;
            continue;
        }
        if (a[0] == '-' && a[1]) {
            cli_err("extract", "unknown option '%s'", a);
            fputs(extract_usage, stderr);
            status = EXIT_USAGE;
            goto out;
        }
        files[nfiles++] = a;
    }
    if (!nfiles)
        files[nfiles++] = "-";
    tune_malloc();
    int rc = rasd_extractor_create(&x);
    if (rc) {
        cli_err("extract", "lexicons: %s", rasd_strerror(rc));
        status = EXIT_INPUT;
        goto out;
    }
    const char *head = rasd_figure_header(o.format);
    if (*head && cli_out(head, strlen(head)))
        goto out;
    for (int i = 0; i < nfiles && !o.failed; i++) {
        int st = extract_file(x, &in, files[i], &o);
        if (st > status)
            status = st;
    }
out:
    rasd_extractor_free(x);
    free(files);
    return status;
}
