/* SPDX-License-Identifier: MIT */
/* Library-internal error helpers. Base layer. */
#ifndef RELOK_ERROR_INT_H
#define RELOK_ERROR_INT_H

#include "relok/error.h"

#include <stdarg.h>

/* Fill err (if not NULL and still clear) and return code. msg is printf-style.
 * (curl's failf; the first error wins.) */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
relok_status relok__fail(relok_error *err, relok_status code, const char *fmt, ...);

/* Same, with the place: source, line, column and field path (any may be
 * NULL/0). */
#if defined(__GNUC__)
__attribute__((format(printf, 7, 8)))
#endif
relok_status relok__fail_at(relok_error *err, relok_status code, const char *source,
                            unsigned line, unsigned column, const char *path,
                            const char *fmt, ...);

/* relok__fail_at that also gives the failure a stable reason code (a
 * static string, relok_error.reason) when it is the one recorded. */
#if defined(__GNUC__)
__attribute__((format(printf, 8, 9)))
#endif
relok_status relok__fail_why(relok_error *err, relok_status code, const char *reason,
                             const char *source, unsigned line, unsigned column,
                             const char *path, const char *fmt, ...);

/* relok__fail_why with a va_list, for helpers that take a format of their
 * own and pass it on (the format, not a pre-formatted "%s", is then the
 * detail's id). */
#if defined(__GNUC__)
__attribute__((format(printf, 8, 0)))
#endif
relok_status relok__vfail_why(relok_error *err, relok_status code, const char *reason,
                              const char *source, unsigned line, unsigned column,
                              const char *path, const char *fmt, va_list ap);

/* Record inner's detail (message, format and arguments) as err's, at a new
 * place: for a site that re-reports an error from a call it made. */
relok_status relok__fail_copy(relok_error *err, relok_status code, const char *reason,
                              const char *source, unsigned line, unsigned column,
                              const char *path, const relok_error *inner);

/* Give the failure just recorded in err a reason, if it has none yet; for
 * sites whose helper records the message (fresh: err was clear before). */
void relok__error_set_reason(relok_error *err, bool fresh, const char *reason);

/* Copy s into dst of dst_len bytes, truncating, always NUL-terminated. */
void relok__strlcpy(char *dst, const char *src, size_t dst_len);

#endif
