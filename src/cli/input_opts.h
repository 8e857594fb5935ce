/* Options and messages shared by the subcommands that read articles
 * (--input, --id, --outlet, --published) and iterate rasd_reader. */
#ifndef RASD_CLI_INPUT_OPTS_H
#define RASD_CLI_INPUT_OPTS_H
#include "cli/cli.h"
#include "rasd.h"

struct input_opts {
    int kind;                    /* RASD_INPUT_* from --input (default auto) */
    rasd_doc_defaults defaults;  /* --id, --outlet, --published */
    struct cli_read read;        /* --max-bytes, --replace */
};
#define INPUT_OPTS_INIT {RASD_INPUT_AUTO, {0}, CLI_READ_INIT}

/* What input_opts_parse returns for "--", after which every argument is a file. */
#define INPUT_OPTS_END 2

/* Recognizes argv[*i] as one of the options above or "--" (taking a value from
 * argv[*i + 1] and advancing *i).  Returns 1 when consumed, INPUT_OPTS_END for "--", 0
 * when not an input option, -1 after printing a usage error ("rasd CMD: ...": a bad
 * --input, --max-bytes, or a --published that is no ISO date or date-time). */
int input_opts_parse(struct input_opts *o, const char *cmd, int argc, char **argv, int *i);

/* Prints "rasd CMD: FILE:LINE: DETAIL" (or "rasd CMD: FILE: ...") for status rc that
 * rasd_reader_open or rasd_reader_next returned for r (r may be NULL for open errors
 * on `path`). */
void input_report(const char *cmd, const rasd_reader *r, const char *path, int rc);

/* Opens input `path` for reading with o's options (input_report on failure). */
int input_open(const char *cmd, const struct input_opts *o, const char *path,
               rasd_reader **r);

/* Reads the articles of input `path` with o's options and calls fn(ctx, r, d) on each;
 * an input or record that cannot be read is reported (input_report) and reading goes on
 * with the next record.  fn returns 0 to go on, nonzero to stop.  *tell (may be NULL)
 * gets the bytes consumed.  Returns EXIT_OK, or EXIT_INPUT when something could not be
 * read or fn stopped. */
int input_each_doc(const char *cmd, const struct input_opts *o, const char *path,
                   int (*fn)(void *ctx, const rasd_reader *r, const rasd_doc *d), void *ctx,
                   uint64_t *tell);

#endif
