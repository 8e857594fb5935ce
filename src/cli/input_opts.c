/* Options and messages shared by the subcommands that read articles. */
#include "cli/input_opts.h"
#include "cli/cli.h"
#include <errno.h>
#include <string.h>

int input_opts_parse(struct input_opts *o, const char *cmd, int argc, char **argv, int *i)
{
    static const char *const names[] = {"--input", "--id", "--outlet", "--published"};
    const char *arg = argv[*i];
    if (!strcmp(arg, "--"))
        return INPUT_OPTS_END;
    int got = cli_read_opt(cmd, argc, argv, i, &o->read);
    if (got)
        return got;
    size_t k = 0;
    for (; k < sizeof names / sizeof *names; k++)
        if (!strcmp(arg, names[k]))
            break;
    if (k == sizeof names / sizeof *names)
        return 0;
    if (*i + 1 >= argc) {
        cli_err(cmd, "%s needs a value", arg);
        return -1;
    }
    const char *v = argv[++*i];
    switch (k) {
    case 0:
        if (rasd_input_kind(v, &o->kind) != RASD_OK) {
            cli_err(cmd, "--input must be auto, text, html or jsonl (not '%s')", v);
            return -1;
        }
        break;
    case 1: o->defaults.id = v; break;
    case 2: o->defaults.outlet = v; break;
    default:
        if (rasd_published_check(v) != RASD_OK) {
            cli_err(cmd, "--published: '%s' is not an ISO date or date-time (YYYY-MM-DD, "
                    "YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM])", v);
            return -1;
        }
        o->defaults.published = v;
        break;
    }
    return 1;
}

void input_report(const char *cmd, const rasd_reader *r, const char *path, int rc)
{
    if (!r) {
        cli_err(cmd, "%s: %s", path && strcmp(path, "-") ? path : "(standard input)",
                rc == RASD_EIO ? strerror(errno) : rasd_strerror(rc));
        return;
    }
    const char *name, *detail;
    long line;
    rasd_reader_where(r, &name, &line, &detail);
    if (!strcmp(name, "-"))
        name = "(standard input)";
    if (!*detail)
        detail = rasd_strerror(rc);
    const char *why = rc == RASD_ETOOBIG ? " (--max-bytes)" : "";
    if (line > 0)
        cli_err(cmd, "%s:%ld: %s%s", name, line, detail, why);
    else
        cli_err(cmd, "%s: %s%s", name, detail, why);
}

int input_open(const char *cmd, const struct input_opts *o, const char *path,
               rasd_reader **r)
{
    *r = NULL;
    int rc = rasd_reader_open(path, o->kind, &o->defaults, r);
    if (rc == RASD_OK)
        rc = rasd_reader_set(*r, o->read.max_bytes,
                             o->read.replace ? RASD_READ_REPLACE : 0);
    if (rc != RASD_OK) {
        input_report(cmd, NULL, path, rc);
        rasd_reader_free(*r);
        *r = NULL;
    }
    return rc;
}

int input_each_doc(const char *cmd, const struct input_opts *o, const char *path,
                   int (*fn)(void *ctx, const rasd_reader *r, const rasd_doc *d), void *ctx,
                   uint64_t *tell)
{
    rasd_reader *r;
    int rc;
    if (input_open(cmd, o, path, &r) != RASD_OK)
        return EXIT_INPUT;
    int status = EXIT_OK;
    const rasd_doc *d;
    while ((rc = rasd_reader_next(r, &d)) != 0) {
        if (rc < 0) {
            input_report(cmd, r, path, rc);
            status = EXIT_INPUT;
        } else if (fn(ctx, r, d)) {
            status = EXIT_INPUT;
            break;
        }
    }
    if (tell)
        *tell = rasd_reader_tell(r);
    rasd_reader_free(r);
    return status;
}
