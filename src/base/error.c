/* SPDX-License-Identifier: MIT */
/* Status names, generic messages and the caller-owned error record.
 * Base layer: formats text, never prints. */
#include "error_int.h"

#include "relok/mem.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *relok_status_name(relok_status s)
{
    switch (s) {
#define RELOK_STATUS_NAME(name, msg)                                         \
    case RELOK_##name:                                                       \
        return #name;
        RELOK_STATUS_MAP(RELOK_STATUS_NAME)
#undef RELOK_STATUS_NAME
    case RELOK_STATUS_COUNT_:
        break;
    }
    return "EUNKNOWN";
}

const char *relok_strerror(relok_status s)
{
    switch (s) {
#define RELOK_STATUS_MSG(name, msg)                                          \
    case RELOK_##name:                                                       \
        return msg;
        RELOK_STATUS_MAP(RELOK_STATUS_MSG)
#undef RELOK_STATUS_MSG
    case RELOK_STATUS_COUNT_:
        break;
    }
    return "unknown status";
}

void relok_error_clear(relok_error *err)
{
    if (err != NULL)
        memset(err, 0, sizeof *err);
}

void relok__strlcpy(char *dst, const char *src, size_t dst_len)
{
    if (dst_len == 0)
        return;
    size_t n = strlen(src);
    if (n >= dst_len)
        n = dst_len - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

#if defined(__GNUC__)
__attribute__((format(printf, 7, 0)))
#endif
static relok_status vfail(relok_error *err, relok_status code, const char *source,
                          unsigned line, unsigned column, const char *path,
                          const char *fmt, va_list ap)
{
    if (err == NULL || err->code != RELOK_OK)
        return code;
    err->code = code;
    relok__strlcpy(err->source, source != NULL ? source : "", sizeof err->source);
    relok__strlcpy(err->path, path != NULL ? path : "", sizeof err->path);
    err->line = line;
    err->column = column;
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    return code;
}

relok_status relok__fail(relok_error *err, relok_status code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    relok_status rc = vfail(err, code, NULL, 0, 0, NULL, fmt, ap);
    va_end(ap);
    return rc;
}

relok_status relok__fail_at(relok_error *err, relok_status code, const char *source,
                            unsigned line, unsigned column, const char *path,
                            const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    relok_status rc = vfail(err, code, source, line, column, path, fmt, ap);
    va_end(ap);
    return rc;
}

relok_status relok__fail_why(relok_error *err, relok_status code, const char *reason,
                             const char *source, unsigned line, unsigned column,
                             const char *path, const char *fmt, ...)
{
    bool fresh = err != NULL && err->code == RELOK_OK;
    va_list ap;
    va_start(ap, fmt);
    relok_status rc = vfail(err, code, source, line, column, path, fmt, ap);
    va_end(ap);
    relok__error_set_reason(err, fresh, reason);
    return rc;
}

void relok__error_set_reason(relok_error *err, bool fresh, const char *reason)
{
    if (fresh && err != NULL && err->code != RELOK_OK && err->reason == NULL)
        err->reason = reason;
}

const char *relok_error_reason(const relok_error *err)
{
    if (err == NULL || err->code == RELOK_OK)
        return NULL;
    return err->reason != NULL ? err->reason : relok_status_reason(err->code);
}

const char *relok_status_reason(relok_status s)
{
    switch (s) {
    case RELOK_EPARSE:
        return "malformed";
    case RELOK_ESCHEMA:
    case RELOK_EINVAL:
        return "invalid";
    case RELOK_ERANGE:
        return "out_of_range";
    case RELOK_ENOTFOUND:
        return "not_found";
    case RELOK_ELIMIT:
        return "too_large";
    case RELOK_ENOPLAN:
        return "no_plan";
    case RELOK_OK:
        return NULL;
    case RELOK_ENOMEM:
    case RELOK_EIO:
    case RELOK_EDB:
    case RELOK_EINTERNAL:
    case RELOK_STATUS_COUNT_:
        break;
    }
    return "internal";
}

char *relok_error_format(const relok_error *err, char *buf, size_t buf_len)
{
    if (buf_len == 0)
        return buf;
    buf[0] = '\0';
    if (err == NULL)
        return buf;
    size_t off = 0;
    int n;
#define APPEND(...)                                                          \
    do {                                                                     \
        if (off < buf_len) {                                                 \
            n = snprintf(buf + off, buf_len - off, __VA_ARGS__);             \
            if (n > 0)                                                       \
                off += (size_t)n;                                            \
        }                                                                    \
    } while (0)
    if (err->source[0] != '\0') {
        APPEND("%s", err->source);
        if (err->line > 0)
            APPEND(":%u", err->line);
        if (err->column > 0)
            APPEND(":%u", err->column);
        APPEND(": ");
    }
    if (err->path[0] != '\0')
        APPEND("%s: ", err->path);
    APPEND("%s", err->msg[0] != '\0' ? err->msg : relok_strerror(err->code));
#undef APPEND
    return buf;
}

void relok_strlcpy(char *dst, const char *src, size_t dst_len)
{
    relok__strlcpy(dst, src, dst_len);
}

const char *relok_version(void) { return RELOK_VERSION; }
