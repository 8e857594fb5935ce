/* Shared plumbing of the subcommands: exit codes and messages. */
#ifndef RASD_CLI_H
#define RASD_CLI_H
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

#endif
