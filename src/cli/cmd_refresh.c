/* rasd refresh: stores the tables derived from the articles (stories, passage index). */
#include "cli/cli.h"
#include "rasd.h"
#include <unistd.h>

static const char refresh_usage[] =
    "usage: rasd refresh [--db PATH]\n"
    "Brings what is derived from the stored articles up to date in the store: the stories\n"
    "and the passage index (rasd ingest does so at the end of each run), and the store's\n"
    "schema when an older version of rasd wrote it.  Reading commands never write: on a\n"
    "store out of date they compute what they need for the run and say so.\n";

int cmd_refresh(int argc, char **argv)
{
    struct cli_args a = cli_args_init("refresh", refresh_usage, NULL, NULL);
    for (int i = 1; i < argc && a.end < 0; i++)
        if (!cli_args_take(&a, argc, argv, &i))
            cli_args_bad(&a, 1, "unexpected argument '%s'", argv[i]);
    if (a.end >= 0)
        return a.end;
    /* A mistyped path must not leave an empty store behind (a server's database is
     * never made by rasd: a mistyped one fails to connect). */
    if (!cli_store_is_server(a.db) && access(a.db, F_OK) != 0) {
        cli_err("refresh", "%s: no store there (rasd ingest makes one)", a.db);
        return EXIT_INPUT;
    }
    rasd_store *s = NULL;
    int rc = rasd_store_open(a.db, &s);
    if (rc == RASD_OK)
        rc = rasd_store_refresh(s);
    if (rc != RASD_OK)
        cli_store_err("refresh", a.db, s, rc);
    rasd_store_free(s);
    return rc == RASD_OK ? EXIT_OK : EXIT_INPUT;
}
