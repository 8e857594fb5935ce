/* The one place where status codes become text. */
#include "rasd.h"

const char *rasd_strerror(int status)
{
    switch (status) {
    case RASD_OK: return "success";
    case RASD_ENOMEM: return "out of memory";
    case RASD_EINVAL: return "invalid argument";
    case RASD_EUTF8: return "invalid UTF-8";
    case RASD_EIO: return "input/output error";
    case RASD_EPARSE: return "parse error";
    case RASD_EDATA: return "malformed data file";
    case RASD_ENOTFOUND: return "not found";
    case RASD_EDB: return "store error";
    case RASD_ETOOBIG: return "input too large";
    case RASD_ELIB: return "library error";
    default: return "unknown error";
    }
}

const char *rasd_version(void)
{
    return RASD_VERSION;
}
