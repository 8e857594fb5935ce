/* Normalization options shared by rasd normalize and rasd tokens. */
#ifndef RASD_CLI_CMD_NORMALIZE_H
#define RASD_CLI_CMD_NORMALIZE_H
#include <stddef.h>

/* Applies argv[*i] when it is --profile NAME (then *i moves past NAME), --profile=NAME,
 * --STEP, --no-STEP or --replace to *flags.  Returns 1 when it was one of those, 0 when it
 * is not a normalization option, -1 when its value is bad. */
int cli_norm_option(int argc, char **argv, int *i, unsigned *flags);

/* Parses the options of rasd normalize and rasd tokens up to "--" or the first FILE:
 * --help/-h (prints usage), the command's own options through own(ctx, argc, argv, &i)
 * (returns 1 when it took argv[i], moving i past a value; -1 when the value is bad; 0 when
 * not its own), then the normalization options into *flags and --max-bytes N into
 * *max_bytes.  Sets *first to the index of the first FILE.  Returns -1 to go on, or the
 * exit status to end with (usage errors are printed as "rasd CMD: ..." followed by the
 * usage). */
int cli_norm_args(const char *cmd, const char *usage, int argc, char **argv, unsigned *flags,
                  size_t *max_bytes, int (*own)(void *ctx, int argc, char **argv, int *i),
                  void *ctx, int *first);

#endif
