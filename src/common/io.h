/* Reading whole inputs: files and standard input. */
#ifndef RASD_COMMON_IO_H
#define RASD_COMMON_IO_H
#include <stddef.h>

/* Reads all of `path` ("-" or NULL: standard input) into a malloc'd NUL-terminated
 * buffer (*out, *len).  Returns RASD_OK or RASD_EIO (errno describes why) or RASD_ENOMEM. */
int io_read_all(const char *path, char **out, size_t *len);

#endif
