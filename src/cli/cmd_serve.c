/* rasd serve: the store over HTTP, a JSON API and the page (src/serve). */
#include "cli/cli.h"
#include "serve/serve.h"
#include <stdlib.h>
#include <string.h>

static const char serve_usage[] =
    "usage: rasd serve [--db PATH|URL] [--listen ADDRESS:PORT] [--threads N]\n"
    "                  [--token-file FILE] [--max-conns N] [--per-ip N] [--max-body N]\n"
    "                  [--quiet]\n"
    "Serves the store (default rasd.db; made when missing) over HTTP: the JSON API of\n"
    "docs/api.md and the page at /.  Listens on 127.0.0.1:8080 unless --listen says\n"
    "otherwise (port 0: any free port; the first line on stdout names it).  Reads are open;\n"
    "POST /api/articles needs 'Authorization: Bearer TOKEN', TOKEN being the first line of\n"
    "--token-file (without it the server takes no writes).  --threads N (default 4) serve\n"
    "requests; --max-conns (default 256) and --per-ip (default 128) bound connections;\n"
    "--max-body N (K, M suffixes; default 8M) bounds a POST body.  SIGTERM or SIGINT stop\n"
    "it cleanly (exit 0).  --quiet: no line per request on stderr.\n";

/* A count from 1 to max, or 0 for a bad one. */
static unsigned long count_arg(const char *v, unsigned long max, int suffix)
{
    char *end;
    unsigned long n = strtoul(v, &end, 10);
    if (suffix && (*end == 'K' || *end == 'k'))
        n <<= 10, end++;
    else if (suffix && (*end == 'M' || *end == 'm'))
        n <<= 20, end++;
    return !*v || *v == '-' || *end || n < 1 || n > max ? 0 : n;
}

int cmd_serve(int argc, char **argv)
{
    struct cli_args a = cli_args_init("serve", serve_usage, NULL, NULL);
    struct serve_opts o = {.listen = SERVE_DEFAULT_LISTEN, .threads = 4, .max_conns = 256,
                           .per_ip = 128, .max_body = SERVE_MAX_BODY};
    static const struct {
        const char *name;
        unsigned long max;
        int suffix;
    } counts[] = {{"--threads", 256, 0}, {"--max-conns", 65536, 0}, {"--per-ip", 65536, 0},
                  {"--max-body", 1UL << 30, 1}};
    for (int i = 1; i < argc && a.end < 0; i++) {
        const char *arg = argv[i];
        size_t k = 0;
        while (k < sizeof counts / sizeof *counts && strcmp(arg, counts[k].name))
            k++;
        if (cli_args_take(&a, argc, argv, &i))
            continue;
        if (!strcmp(arg, "--quiet")) {
            o.quiet = 1;
        } else if (!strcmp(arg, "--listen") || !strcmp(arg, "--token-file")) {
            const char *v = cli_args_value(&a, argc, argv, &i);
            *(arg[2] == 'l' ? &o.listen : &o.token_file) = v;
        } else if (k < sizeof counts / sizeof *counts) {
            const char *v = cli_args_value(&a, argc, argv, &i);
            unsigned long n = v ? count_arg(v, counts[k].max, counts[k].suffix) : 1;
            if (!n)
                cli_args_bad(&a, 0, "%s must be a number from 1 to %lu", arg, counts[k].max);
            else if (v && k == 0)
                o.threads = (unsigned)n;
            else if (v && k == 1)
                o.max_conns = (unsigned)n;
            else if (v && k == 2)
                o.per_ip = (unsigned)n;
            else if (v)
                o.max_body = n;
        } else {
            cli_args_bad(&a, 1, "unexpected argument '%s'", arg);
        }
    }
    if (a.end >= 0)
        return a.end;
    o.db = a.db;
    return serve_run(&o) == 0 ? EXIT_OK : EXIT_INPUT;
}
