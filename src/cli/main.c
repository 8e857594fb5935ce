/* build/rasd: dispatches to the subcommands listed in commands.def. */
#include "cli/cli.h"
#include "rasd.h"
#include <signal.h>
#include <string.h>

struct command {
    const char *name;
    int (*fn)(int, char **);
    const char *summary;
};

static const struct command commands[] = {
#define CMD(name, fn, summary) {#name, fn, summary},
#include "cli/commands.def"
#undef CMD
};

static void usage(FILE *f)
{
    fprintf(f, "usage: rasd COMMAND [OPTIONS] [FILE...]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\n'rasd COMMAND --help' describes one command.\n");
}

int cmd_version(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printf("rasd %s\n", rasd_version());
    return EXIT_OK;
}

int main(int argc, char **argv)
{
    /* A closed pipe (rasd ... | head) ends output quietly instead of killing us mid-write. */
    signal(SIGPIPE, SIG_IGN);
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return EXIT_OK;
    }
    if (!strcmp(argv[1], "--version"))
        return cmd_version(0, NULL);
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "rasd: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return EXIT_USAGE;
}
