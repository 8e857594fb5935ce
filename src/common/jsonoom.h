/* Telling jansson's out-of-memory from bad JSON. */
#ifndef RASD_COMMON_JSONOOM_H
#define RASD_COMMON_JSONOOM_H

/* Starts watching jansson's allocations on this thread (installing the watch over the
 * allocator jansson had, once per process).  Call before a json_load*. */
void jsonoom_begin(void);

/* 1 when an allocation of jansson failed on this thread since jsonoom_begin: a NULL
 * result is then no parse error, and a non-NULL one may have lost bytes of a string. */
int jsonoom_failed(void);

#endif
