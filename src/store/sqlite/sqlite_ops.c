/* The SQLite backend's operations, as the seam's dispatch table. */
#include "store/sqlite/sqlite.h"

const struct sb_ops sb_sqlite_ops = {
    .name = "sqlite",
    .open = sqlite_open,
    .open_readonly = sqlite_open_readonly,
    .close = sqlite_close,
    .errmsg = sqlite_errmsg,
    .begin = sqlite_begin,
    .commit = sqlite_commit,
    .rollback = sqlite_rollback,
    .in_txn = sqlite_in_txn,
    .mark = sqlite_mark,
    .release = sqlite_release,
    .undo = sqlite_undo,
    .article_find = sqlite_article_find,
    .article_insert = sqlite_article_insert,
    .article_delete = sqlite_article_delete,
    .article_count = sqlite_article_count,
    .articles_without_names = sqlite_articles_without_names,
    .figure_put = sqlite_figure_put,
    .mention_put = sqlite_mention_put,
    .names_put = sqlite_names_put,
    .search_rebuild = sqlite_search_rebuild,
    .story_size = sqlite_story_size,
    .series_rows = sqlite_series_rows,
};
