/* jansson reports running out of memory as a syntax error ("string or '}' expected"),
 * when it reports it at all (a string that could not grow loses the byte), so its
 * allocations are watched. */
#include "common/jsonoom.h"
#include <jansson.h>
#include <pthread.h>

static json_malloc_t malloc_prev;
static json_free_t free_prev;
static _Thread_local int failed;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void *watch(size_t n)
{
    void *p = malloc_prev(n);
    if (!p)
        failed = 1;
    return p;
}

static void install(void)
{
    json_get_alloc_funcs(&malloc_prev, &free_prev);
    json_set_alloc_funcs(watch, free_prev);
}

void jsonoom_begin(void)
{
    pthread_once(&once, install);
    failed = 0;
}

int jsonoom_failed(void)
{
    return failed;
}
