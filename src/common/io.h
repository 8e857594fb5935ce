/* Reading whole inputs: files and standard input. */
#ifndef RASD_COMMON_IO_H
#define RASD_COMMON_IO_H
#include <stddef.h>

/* Reads all of `path` ("-" or NULL: standard input) into a malloc'd NUL-terminated
 * buffer (*out, *len), reading no more than max + 1 bytes.  Returns RASD_OK, RASD_ETOOBIG
 * (more than max bytes), RASD_EIO (errno describes why) or RASD_ENOMEM. */
int io_read_all(const char *path, size_t max, char **out, size_t *len);

#endif
