/* rasd export: the store's figures as JSON Lines or an ACLED-style CSV. */
#include "cli/cli.h"
#include "rasd.h"

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
    static const int formats[] = {RASD_EXPORT_ACLED, RASD_EXPORT_JSONL};
    struct cli_args a = cli_args_init("export", export_usage, "acled", "jsonl");
    for (int i = 1; i < argc && a.end < 0; i++)
        if (!cli_args_take(&a, argc, argv, &i))
            cli_args_bad(&a, 1, "unexpected argument '%s'", argv[i]);
    if (a.end < 0 && a.format < 0) {
        fputs(export_usage, stderr);
        a.end = EXIT_USAGE;
    }
    if (a.end >= 0)
        return a.end;
    rasd_store *s = NULL;
    int rc = RASD_OK, status = cli_store_open("export", a.db, &s);
    if (status == EXIT_OK) {
        if (formats[a.format] == RASD_EXPORT_ACLED)
            cli_store_note_stale("export", a.db, s, RASD_STALE_STORIES);
        rc = rasd_store_export(s, formats[a.format], write_stdout, NULL);
        if (rc == RASD_OK && fflush(stdout) != 0)
            rc = RASD_EIO;
        /* RASD_EIO: the writer stopped because stdout is closed; end quietly. */
        if (rc != RASD_OK && rc != RASD_EIO)
            cli_store_err("export", a.db, s, rc);
        if (rc != RASD_OK)
            status = EXIT_INPUT;
    }
    rasd_store_free(s);
    return status;
}
