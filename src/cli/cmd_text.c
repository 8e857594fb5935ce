/* rasd text: prints the text that the extractor reads, so offsets can be checked. */
#include "cli/cli.h"
#include "cli/input_opts.h"
#include "rasd.h"
#include <string.h>

static const char text_usage[] =
    "usage: rasd text [--input auto|text|html|jsonl] [--max-bytes N] [--replace] [--]\n"
    "                 [FILE|-]...\n"
    "Prints the text rasd extract reads from each article: for plain text and HTML the\n"
    "text itself (figure offsets count bytes in it); for JSON Lines, per article a line\n"
    "'== ID title' then the title, and '== ID text' then the text.  Text that is not UTF-8\n"
    "is refused (--replace: bad bytes become U+FFFD); an article (file, or JSON line) past\n"
    "--max-bytes N (K, M, G; default 64M) is refused.\n";

/* Writes one article; returns 0, or -1 when standard output is closed. */
static int print_doc(const rasd_doc *d)
{
    int rc = 0;
    if (d->kind == RASD_INPUT_JSONL) {
        printf("== %s title\n", d->id);
        if (d->title)
            rc |= cli_out(d->title, d->title_len);
        printf("\n== %s text\n", d->id);
    }
    rc |= cli_out(d->text, d->text_len);
    if (!d->text_len || d->text[d->text_len - 1] != '\n')
        rc |= cli_out("\n", 1);
    return rc ? -1 : 0;
}

static int text_doc(void *ctx, const rasd_reader *r, const rasd_doc *d)
{
    (void)ctx;
    (void)r;
    return print_doc(d);
}

static int text_file(const char *path, const struct input_opts *o)
{
    return input_each_doc("text", o, path, text_doc, NULL, NULL);
}

int cmd_text(int argc, char **argv)
{
    struct input_opts o = INPUT_OPTS_INIT;
    int first = argc;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(text_usage, stdout);
            return EXIT_OK;
        }
        int got = input_opts_parse(&o, "text", argc, argv, &i);
        if (got < 0)
            return EXIT_USAGE;
        if (got == INPUT_OPTS_END) {
            first = i + 1;
            break;
        }
        if (got)
            continue;
        if (argv[i][0] == '-' && argv[i][1]) {
            cli_err("text", "unknown option '%s'", argv[i]);
            fputs(text_usage, stderr);
            return EXIT_USAGE;
        }
        first = i;
        break;
    }
    int status = EXIT_OK;
    if (first >= argc)
        return text_file("-", &o);
    for (int i = first; i < argc; i++) {
        int s = text_file(argv[i], &o);
        if (s > status)
            status = s;
    }
    return status;
}
