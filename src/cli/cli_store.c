/* What the reading commands say about a store whose derived tables are out of date. */
#include "cli/cli.h"

void cli_store_note_stale(const char *cmd, const char *db, rasd_store *s, unsigned mask)
{
    unsigned stale = 0;
    if (rasd_store_stale(s, &stale) != RASD_OK || !(stale & mask))
        return;
    cli_err(cmd, "%s: %s out of date, so computed for this run only (rasd refresh --db %s "
            "would store %s)", db, stale & mask & RASD_STALE_STORIES
            ? "the stored stories are" : "the passage index is", db,
            stale & mask & RASD_STALE_STORIES ? "them" : "it");
}
