#include "common/io.h"
#include "common/buf.h"
#include "rasd.h"
#include <errno.h>
#include <stdio.h>
#include <string.h>

int io_read_all(const char *path, size_t max, char **out, size_t *len)
{
    int from_stdin = !path || strcmp(path, "-") == 0;
    FILE *f = from_stdin ? stdin : fopen(path, "rb");
    if (!f)
        return RASD_EIO;
    struct buf b;
    buf_init(&b);
    int rc = RASD_OK;
    for (;;) {
        if (buf_reserve(&b, 1 << 16)) {
            rc = RASD_ENOMEM;
            break;
        }
        if (b.len > max) {
            rc = RASD_ETOOBIG;
            break;
        }
        size_t room = b.cap - b.len - 1;
        if (room > max + 1 - b.len)
            room = max + 1 - b.len;
        size_t n = fread(b.p + b.len, 1, room, f);
        b.len += n;
        b.p[b.len] = 0;
        if (n == 0) {
            if (ferror(f))
                rc = RASD_EIO;
            break;
        }
    }
    int saved = errno;
    if (!from_stdin)
        fclose(f);
    if (rc != RASD_OK) {
        buf_free(&b);
        errno = saved;
        return rc;
    }
    *out = buf_take(&b, len);
    return RASD_OK;
}
