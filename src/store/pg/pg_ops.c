/* The PostgreSQL backend's dispatch table: what the seam calls for a postgres:// store. */
#include "store/pg/pg.h"

const struct sb_ops sb_pg_ops = {
    .name = "postgresql",
    .open = pg_open,
    .open_readonly = pg_open_readonly,
    .close = pg_close,
    .errmsg = pg_errmsg,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .in_txn = pg_in_txn,
    .mark = pg_mark,
    .release = pg_release,
    .undo = pg_undo,
    .article_find = pg_article_find,
    .article_insert = pg_article_insert,
    .article_delete = pg_article_delete,
    .article_count = pg_article_count,
    .articles_without_names = pg_articles_without_names,
    .figure_put = pg_figure_put,
    .mention_put = pg_mention_put,
    .names_put = pg_names_put,
    .search_rebuild = pg_search_rebuild,
    .story_size = pg_story_size,
    .series_rows = pg_series_rows,
};
