/* rasd export: the store's figures as JSON Lines or an ACLED-style CSV. */
#include "cli/cli.h"
#include "rasd.h"
#include <string.h>
#include <unistd.h>

static const char export_usage[] =
    "usage: rasd export --format acled|jsonl [--db PATH]\n"
    "jsonl: every stored figure as a figure record (figures.md), plus its outlet.\n"
    "acled: an ACLED-style CSV (RFC 4180), one row per story and date (per article and date\n"
    "while no stories are stored): event_date, event_type, sub_event_type, actor1, actor2,\n"
    "admin1, location, latitude, longitude, fatalities (the lowest credible figure),\n"
    "source, notes (every figure with its source and document).\n";

static int write_stdout(void *ctx, const char *p, size_t n)
{
    (void)ctx;
    return cli_out(p, n);
}

int cmd_export(int argc, char **argv)
{
    const char *db = "rasd.db";
    int format = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(export_usage, stdout);
            return EXIT_OK;
        }
        if ((!strcmp(a, "--db") || !strcmp(a, "--format")) && i + 1 >= argc) {
            cli_err("export", "%s needs a value", a);
            return EXIT_USAGE;
        }
        if (!strcmp(a, "--db")) {
            db = argv[++i];
        } else if (!strcmp(a, "--format")) {
            const char *f = argv[++i];
            format = !strcmp(f, "acled") ? RASD_EXPORT_ACLED
                   : !strcmp(f, "jsonl") ? RASD_EXPORT_JSONL : -1;
            if (format < 0) {
                cli_err("export", "--format must be acled or jsonl");
                return EXIT_USAGE;
            }
        } else {
            cli_err("export", "unexpected argument '%s'", a);
            fputs(export_usage, stderr);
            return EXIT_USAGE;
        }
    }
    if (!format) {
        fputs(export_usage, stderr);
        return EXIT_USAGE;
    }
    if (access(db, F_OK) != 0) {
        cli_err("export", "%s: no store there (rasd ingest makes one)", db);
        return EXIT_INPUT;
    }
    rasd_store *s = NULL;
    int rc = rasd_store_open(db, &s);
    if (rc == RASD_OK)
        rc = rasd_store_export(s, format, write_stdout, NULL);
    if (rc == RASD_OK && fflush(stdout) != 0)
        rc = RASD_EIO;
    if (rc != RASD_OK && rc != RASD_EIO)
        cli_err("export", "%s: %s%s%s", db, rasd_strerror(rc), s ? ": " : "",
                rasd_store_detail(s));
    rasd_store_free(s);
    return rc == RASD_OK ? EXIT_OK : EXIT_INPUT;
}
