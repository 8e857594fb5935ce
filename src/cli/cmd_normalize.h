/* Normalization options shared by rasd normalize and rasd tokens. */
#ifndef RASD_CLI_CMD_NORMALIZE_H
#define RASD_CLI_CMD_NORMALIZE_H

/* Applies argv[*i] when it is --profile NAME (then *i moves past NAME), --profile=NAME,
 * --STEP, --no-STEP or --replace to *flags.  Returns 1 when it was one of those, 0 when it
 * is not a normalization option, -1 when its value is bad. */
int cli_norm_option(int argc, char **argv, int *i, unsigned *flags);

#endif
