/* Shared plumbing of the subcommands: exit codes, messages, the options and output of the
 * commands that read the store. */
#ifndef RASD_CLI_H
#define RASD_CLI_H
#include "common/buf.h"
#include "rasd.h"
#include <stdio.h>

/* Exit status: 0 success, 1 some input could not be read or parsed, 2 bad usage. */
enum { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2 };

#define CMD(name, fn, summary) int fn(int argc, char **argv);
#include "cli/commands.def"
#undef CMD

/* Prints "rasd <cmd>: <message>\n" on stderr. */
void cli_err(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Writes n bytes to stdout; returns 0, or -1 when stdout is closed (e.g. EPIPE). */
int cli_out(const void *p, size_t n);

/* Runs fn(ctx, path) on argv[i], argv[i + 1], ... (path NULL for "-", and once with NULL
 * when i >= argc).  A negative return (stdout closed) stops the run.  Returns EXIT_OK, or
 * the last other status fn returned. */
int cli_each_path(int argc, char **argv, int i, int (*fn)(void *ctx, const char *path),
                  void *ctx);

/* The options of every command that reads text: how much of one input it holds at once
 * (--max-bytes N, with suffix K, M or G) and whether invalid UTF-8 is repaired
 * (--replace: each bad sequence becomes U+FFFD) rather than refused. */
struct cli_read {
    size_t max_bytes;
    int replace;
};
#define CLI_READ_INIT {RASD_MAX_BYTES, 0}

/* Takes argv[*i] when it is --max-bytes N (moving *i past N) or --replace.  Returns 1 when
 * taken, 0 when it is neither, -1 after printing the usage error "rasd CMD: ...". */
int cli_read_opt(const char *cmd, int argc, char **argv, int *i, struct cli_read *r);

/* Prints "rasd CMD: NAME: more than N bytes (--max-bytes)" for an input over the limit. */
void cli_too_big(const char *cmd, const char *name, size_t max_bytes);

/* The options every store command shares: --help/-h, --db PATH and, when the command
 * has one, --format with two values. */
struct cli_args {
    const char *cmd;            /* name in messages */
    const char *usage;          /* printed by --help */
    const char *formats[2];     /* the values of --format, in the order its message names
                                 * them; NULL when the command has no --format */
    const char *db;             /* --db PATH (default rasd.db) */
    int format;                 /* index of --format's value in formats, -1 if not given */
    int end;                    /* -1 while parsing goes on; else the exit status to end
                                 * with (after --help, or a usage error already printed) */
};

/* A cli_args for command cmd with defaults; formats f0, f1 may be NULL. */
struct cli_args cli_args_init(const char *cmd, const char *usage, const char *f0,
                              const char *f1);

/* Takes argv[*i] when it is one of the shared options (moving *i past its value);
 * returns 1 then (see a->end), 0 when argv[*i] is not one of them. */
int cli_args_take(struct cli_args *a, int argc, char **argv, int *i);

/* The value of option argv[*i] (moving *i to it), or NULL after the usage error
 * "OPTION needs a value" (a->end is then EXIT_USAGE). */
const char *cli_args_value(struct cli_args *a, int argc, char **argv, int *i);

/* Prints usage error "rasd CMD: <message>", then the usage when with_usage; sets a->end to
 * EXIT_USAGE. */
void cli_args_bad(struct cli_args *a, int with_usage, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Whether db names a store on a server (postgres:// or postgresql:// URL, or "pg:" for
 * the server of libpq's PG* environment) rather than a SQLite file. */
int cli_store_is_server(const char *db);

/* Opens the existing store at db for reading only.  Returns EXIT_OK, or EXIT_INPUT after
 * printing why not (*s is then NULL or holds the detail; rasd_store_free it either way). */
int cli_store_open(const char *cmd, const char *db, rasd_store **s);

/* Says once on stderr that the derived tables of `mask` (RASD_STALE_*) the command reads
 * are out of date, so computed for this run only, and that rasd refresh would store
 * them. */
void cli_store_note_stale(const char *cmd, const char *db, rasd_store *s, unsigned mask);

/* Prints "rasd CMD: DB: <error>[: <store detail>]" for status rc of a call on s (s may be
 * NULL). */
void cli_store_err(const char *cmd, const char *db, const rasd_store *s, int rc);

/* One output record of a store callback, built in b, then written whole. */
struct cli_rec {
    struct buf b;
    int failed;                 /* a record could not be made or written */
    size_t n;                   /* records begun */
};

/* Starts a record: empties the buffer and counts it.  Returns the buffer. */
struct buf *cli_rec_begin(struct cli_rec *o);

/* Writes the record to stdout.  Returns 0, or 1 (setting o->failed) when memory ran out
 * or stdout is closed: the value a store callback returns to stop. */
int cli_rec_end(struct cli_rec *o);

/* Ends a record that is the JSON js[0..len) a rasd_*_json call made with status rc:
 * appends and frees js (when rc is RASD_OK), then as cli_rec_end.  rc != RASD_OK fails
 * the record. */
int cli_rec_json(struct cli_rec *o, int rc, char *js, size_t len);

#endif
