/* rasd ingest: stores articles, their figures and what they name. */
#include "cli/cli.h"
#include "cli/input_opts.h"
#include "rasd.h"
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char ingest_usage[] =
    "usage: rasd ingest [--db PATH] [--input auto|text|html|jsonl] [--outlet NAME]\n"
    "                   [--published DATE] [--id ID] [--batch N] [--reindex]\n"
    "                   [--max-bytes N] [--replace] [--] [FILE|-]...\n"
    "Stores each article (text, HTML or JSON Lines; standard input when no FILE) with its\n"
    "figures in the store (default rasd.db).  An article already stored with the same id\n"
    "and content is skipped; a changed one replaces the old version.  Writes are committed\n"
    "every N articles (default 200), so an interrupted run loses at most one batch and the\n"
    "next run resumes.  --reindex rebuilds the full-text index (then reads FILEs, if any).\n"
    "An article whose text is not UTF-8 (--replace: bad bytes become U+FFFD), whose\n"
    "published is no ISO date or date-time, or past --max-bytes N (K, M, G; default 64M)\n"
    "is not stored.\n";

struct ingest {
    rasd_store *store;
    struct input_opts in;
    int progress;             /* stderr is a terminal */
    uint64_t total_bytes;     /* sum of the sizes of regular input files, or 0 */
    uint64_t done_bytes;      /* of inputs finished */
    size_t docs, fresh, replaced, same;
    const char *path;         /* the input being read */
    int fatal;                /* a store error ends the run */
    struct timespec t0, last;
};

static double seconds_since(const struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

static void show_progress(struct ingest *g, uint64_t at, int final)
{
    if (!g->progress || (!final && seconds_since(&g->last) < 0.5))
        return;
    clock_gettime(CLOCK_MONOTONIC, &g->last);
    double el = seconds_since(&g->t0);
    double rate = el > 0 ? (double)g->docs / el : 0;
    fprintf(stderr, "\r%zu articles (%zu new, %zu replaced, %zu unchanged), %.0f/s",
            g->docs, g->fresh, g->replaced, g->same, rate);
    uint64_t pos = g->done_bytes + at;
    if (g->total_bytes && pos > 0 && !final) {
        double eta = el * (double)(g->total_bytes - (pos < g->total_bytes ? pos : g->total_bytes))
                     / (double)pos;
        fprintf(stderr, ", %.0f%%, ETA %.0fs", 100.0 * (double)pos / (double)g->total_bytes, eta);
    }
    fputs(final ? "\n" : "   ", stderr);
}

static int ingest_doc(void *ctx, const rasd_reader *r, const rasd_doc *d)
{
    struct ingest *g = ctx;
    int outcome;
    int rc = rasd_store_put(g->store, d, &outcome, NULL);
    if (rc != RASD_OK) {
        cli_err("ingest", "%s: storing %s: %s: %s", g->path, d->id, rasd_strerror(rc),
                rasd_store_detail(g->store));
        g->fatal = 1;
        return 1;
    }
    g->docs++;
    if (outcome == RASD_PUT_NEW)
        g->fresh++;
    else if (outcome == RASD_PUT_REPLACED)
        g->replaced++;
    else
        g->same++;
    show_progress(g, rasd_reader_tell(r), 0);
    return 0;
}

/* Ingests one input.  Returns the exit status it earns. */
static int ingest_file(struct ingest *g, const char *path)
{
    uint64_t tell = 0;
    g->path = path;
    int status = input_each_doc("ingest", &g->in, path, ingest_doc, g, &tell);
    g->done_bytes += tell;
    return status;
}

static uint64_t file_size(const char *path)
{
    struct stat st;
    if (!strcmp(path, "-") || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return 0;
    return (uint64_t)st.st_size;
}

int cmd_ingest(int argc, char **argv)
{
    struct ingest g = {0};
    g.in = (struct input_opts)INPUT_OPTS_INIT;
    struct cli_args a = cli_args_init("ingest", ingest_usage, NULL, NULL);
    unsigned batch = 0;
    int reindex = 0;
    char **files = calloc((size_t)argc + 1, sizeof *files);
    int nfiles = 0;
    if (!files) {
        cli_err("ingest", "%s", rasd_strerror(RASD_ENOMEM));
        return EXIT_INPUT;
    }
    int status = EXIT_OK;
    for (int i = 1; i < argc && a.end < 0; i++) {
        const char *arg = argv[i];
        int got = input_opts_parse(&g.in, "ingest", argc, argv, &i);
        if (got < 0)
            a.end = EXIT_USAGE;
        while (got == INPUT_OPTS_END && ++i < argc)
            files[nfiles++] = argv[i];
        if (got || cli_args_take(&a, argc, argv, &i))
            continue;
        if (!strcmp(arg, "--reindex")) {
            reindex = 1;
        } else if (!strcmp(arg, "--batch")) {
            const char *v = cli_args_value(&a, argc, argv, &i);
            if (!v)
                continue;
            char *end;
            long n = strtol(v, &end, 10);
            if (*end || n < 1 || n > 1000000)
                cli_args_bad(&a, 0, "--batch must be a number from 1 to 1000000");
            batch = (unsigned)n;
        } else if (arg[0] == '-' && arg[1]) {
            cli_args_bad(&a, 1, "unknown option '%s'", arg);
        } else {
            files[nfiles++] = argv[i];
        }
    }
    if (a.end >= 0) {
        status = a.end;
        goto out;
    }
    const char *db = a.db;
    if (!nfiles && !reindex)
        files[nfiles++] = "-";
    int rc = rasd_store_open(db, &g.store);
    if (rc != RASD_OK) {
        cli_store_err("ingest", db, g.store, rc);
        status = EXIT_INPUT;
        goto out;
    }
    if (batch)
        rasd_store_set_batch(g.store, batch);
    if (reindex && (rc = rasd_store_reindex(g.store)) != RASD_OK) {
        cli_err("ingest", "%s: %s: %s", db, rasd_strerror(rc), rasd_store_detail(g.store));
        status = EXIT_INPUT;
        goto out;
    }
    g.progress = isatty(STDERR_FILENO);
    for (int i = 0; i < nfiles; i++)
        g.total_bytes += file_size(files[i]);
    clock_gettime(CLOCK_MONOTONIC, &g.t0);
    g.last = g.t0;
    for (int i = 0; i < nfiles && !g.fatal; i++) {
        int s = ingest_file(&g, files[i]);
        if (s > status)
            status = s;
    }
    /* The writer keeps what is derived from the articles current, so that reads only
     * read; after a store error the run has stopped and there is nothing more to do. */
    if ((rc = rasd_store_commit(g.store)) == RASD_OK && !g.fatal)
        rc = rasd_store_refresh(g.store);
    if (rc != RASD_OK) {
        cli_err("ingest", "%s: %s: %s", db, rasd_strerror(rc), rasd_store_detail(g.store));
        status = EXIT_INPUT;
    }
    show_progress(&g, 0, 1);
out:
    rasd_store_free(g.store);
    free(files);
    return status;
}
