#include "cli/cli.h"
#include <stdarg.h>
#include <stdio.h>

void cli_err(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "rasd %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

int cli_out(const void *p, size_t n)
{
    if (n == 0)
        return 0;
    return fwrite(p, 1, n, stdout) == n ? 0 : -1;
}
