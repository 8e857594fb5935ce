/* The tables derived from the stored articles, as a whole: whether they are current, and
 * bringing them up to date (the writer's part; reads only read). */
#include "store/store.h"

int rasd_store_stale(rasd_store *s, unsigned *stale)
{
    unsigned a = 0, b = 0;
    if (!s || !stale)
        return RASD_EINVAL;
    int rc = store_stories_stale(s, &a);
    if (!rc)
        rc = store_passages_stale(s, &b);
    if (!rc)
        *stale = a | b;
    return rc;
}

int rasd_store_refresh(rasd_store *s)
{
    if (!s)
        return RASD_EINVAL;
    if (s->readonly) {
        store_detail(s, "the store is open for reading only");
        return RASD_EDB;
    }
    /* names first: the grouping reads them */
    int rc = rasd_store_commit(s);
    if (!rc)
        rc = store_refresh_names(s);
    if (!rc)
        rc = store_refresh_stories(s);
    return rc ? rc : rasd_store_index_passages(s, NULL);
}
