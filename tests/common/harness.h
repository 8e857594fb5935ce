/* Test helpers shared by every cmocka test binary.  Tests run from the repository root. */
#ifndef RASD_TEST_HARNESS_H
#define RASD_TEST_HARNESS_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Path of a file under ../shared, or NULL (and a "skipped: ../shared not found" line)
 * when this clone has no ../shared beside it.  Returns a static buffer. */
static inline const char *shared_path(const char *rel)
{
    static char path[1024];
    struct stat st;
    if (stat("../shared", &st) != 0) {
        printf("skipped: ../shared not found\n");
        return NULL;
    }
    snprintf(path, sizeof path, "../shared/%s", rel);
    return path;
}

/* Reads a whole file into a malloc'd NUL-terminated buffer, or NULL. */
static inline char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *p = malloc((size_t)n + 1);
    if (p && fread(p, 1, (size_t)n, f) != (size_t)n) {
        free(p);
        p = NULL;
    }
    fclose(f);
    if (p) {
        p[n] = 0;
        if (len)
            *len = (size_t)n;
    }
    return p;
}

#define assert_mem_str(p, n, s) do { \
        size_t n_ = (n); const char *s_ = (s); \
        if (n_ != strlen(s_) || memcmp((p), s_, n_) != 0) \
            fail_msg("got '%.*s', expected '%s'", (int)n_, (const char *)(p), s_); \
    } while (0)

#endif
