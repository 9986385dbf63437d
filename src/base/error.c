/* SPDX-License-Identifier: MIT */
/* Status names, generic messages and the caller-owned error record.
 * Base layer: formats text, never prints. */
#include "error_int.h"

#include "relok/mem.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
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

/* ------------------------------------------------- the detail's arguments */

/* Append one argument text to err->args; false when it does not fit. */
static bool push_arg(relok_error *err, size_t *off, const char *text)
{
    size_t n = strlen(text);
    if (*off + n + 1 > sizeof err->args)
        return false;
    memcpy(err->args + *off, text, n + 1);
    *off += n + 1;
    err->n_args++;
    return true;
}

/* Format one conversion spec (the text of fmt from '%' to the conversion
 * letter, with any '*' already replaced by its number) with the next value
 * of ap into out. The spec comes from a format the compiler checked against
 * these very arguments (format attributes on every helper), so taking its
 * value by the conversion letter and length is safe. */
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#endif
static void format_one(char *out, size_t out_len, const char *spec, const char *len_mod,
                       char conv, va_list *ap)
{
    bool l = strcmp(len_mod, "l") == 0, ll = strcmp(len_mod, "ll") == 0;
    bool z = strcmp(len_mod, "z") == 0, j = strcmp(len_mod, "j") == 0;
    bool t = strcmp(len_mod, "t") == 0, big = strcmp(len_mod, "L") == 0;
    switch (conv) {
    case 'd':
    case 'i':
        if (ll)
            snprintf(out, out_len, spec, va_arg(*ap, long long));
        else if (l)
            snprintf(out, out_len, spec, va_arg(*ap, long));
        else if (z)
            snprintf(out, out_len, spec, va_arg(*ap, size_t));
        else if (j)
            snprintf(out, out_len, spec, va_arg(*ap, intmax_t));
        else if (t)
            snprintf(out, out_len, spec, va_arg(*ap, ptrdiff_t));
        else
            snprintf(out, out_len, spec, va_arg(*ap, int));
        break;
    case 'u':
    case 'x':
    case 'X':
    case 'o':
        if (ll)
            snprintf(out, out_len, spec, va_arg(*ap, unsigned long long));
        else if (l)
            snprintf(out, out_len, spec, va_arg(*ap, unsigned long));
        else if (z)
            snprintf(out, out_len, spec, va_arg(*ap, size_t));
        else if (j)
            snprintf(out, out_len, spec, va_arg(*ap, uintmax_t));
        else if (t)
            snprintf(out, out_len, spec, va_arg(*ap, ptrdiff_t));
        else
            snprintf(out, out_len, spec, va_arg(*ap, unsigned));
        break;
    case 'c':
        snprintf(out, out_len, spec, va_arg(*ap, int));
        break;
    case 's':
        snprintf(out, out_len, spec, va_arg(*ap, const char *));
        break;
    case 'p':
        snprintf(out, out_len, spec, va_arg(*ap, void *));
        break;
    default: /* e f g a and their capitals */
        if (big)
            snprintf(out, out_len, spec, va_arg(*ap, long double));
        else
            snprintf(out, out_len, spec, va_arg(*ap, double));
        break;
    }
}
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

/* Record fmt and the text of each of its conversions in err. On anything
 * unexpected (a spec too long, too many arguments) n_args is left 0 and
 * faces fall back to msg. */
static void record_args(relok_error *err, const char *fmt, va_list ap)
{
    va_list cp;
    va_copy(cp, ap);
    err->fmt = fmt;
    err->n_args = 0;
    size_t off = 0;
    bool ok = true;
    for (const char *p = fmt; ok && *p != '\0'; p++) {
        if (*p != '%')
            continue;
        if (p[1] == '%') {
            p++;
            continue;
        }
        char spec[32], len_mod[3] = "";
        size_t n = 0;
        spec[n++] = '%';
        p++;
        while (*p != '\0' && strchr("-+ #0", *p) != NULL && n < 8)
            spec[n++] = *p++;
        for (int part = 0; part < 2; part++) { /* width, then .precision */
            if (part == 1) {
                if (*p != '.')
                    break;
                spec[n++] = *p++;
            }
            if (*p == '*') {
                int w = va_arg(cp, int);
                int k = snprintf(spec + n, sizeof spec - n, "%d", w);
                n += k > 0 ? (size_t)k : 0;
                p++;
            } else {
                while (*p >= '0' && *p <= '9' && n < 20)
                    spec[n++] = *p++;
            }
        }
        size_t m = 0;
        while (*p != '\0' && strchr("hlLzjt", *p) != NULL && m < 2) {
            len_mod[m++] = *p;
            spec[n++] = *p++;
        }
        len_mod[m] = '\0';
        if (*p == '\0' || strchr("diuxXocspeEfFgGaA", *p) == NULL || n + 2 > sizeof spec) {
            ok = false;
            break;
        }
        spec[n++] = *p;
        spec[n] = '\0';
        char text[RELOK_ERROR_MSG_LEN];
        format_one(text, sizeof text, spec, len_mod, *p, &cp);
        ok = push_arg(err, &off, text);
    }
    va_end(cp);
    if (!ok)
        err->n_args = 0;
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
    record_args(err, fmt, ap);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    return code;
}

relok_status relok__vfail_why(relok_error *err, relok_status code, const char *reason,
                              const char *source, unsigned line, unsigned column,
                              const char *path, const char *fmt, va_list ap)
{
    bool fresh = err != NULL && err->code == RELOK_OK;
    relok_status rc = vfail(err, code, source, line, column, path, fmt, ap);
    relok__error_set_reason(err, fresh, reason);
    return rc;
}

relok_status relok__fail_copy(relok_error *err, relok_status code, const char *reason,
                              const char *source, unsigned line, unsigned column,
                              const char *path, const relok_error *inner)
{
    bool fresh = err != NULL && err->code == RELOK_OK;
    relok_status rc = relok__fail_at(err, code, source, line, column, path, "%s", inner->msg);
    if (fresh && err != NULL) {
        err->fmt = inner->fmt;
        memcpy(err->args, inner->args, sizeof err->args);
        err->n_args = inner->n_args;
    }
    relok__error_set_reason(err, fresh, reason);
    return rc;
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
