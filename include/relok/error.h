/* SPDX-License-Identifier: MIT */
/* Status codes and the caller-owned error record.
 * Base layer. Every fallible library function returns a relok_status and takes
 * an optional `relok_error *err` as its last parameter; the first error wins. */
#ifndef RELOK_ERROR_H
#define RELOK_ERROR_H

#include "common.h"
#include "text.h"

/* One list generates the enum, the names and the generic messages
 * (as libuv's UV_ERRNO_MAP). */
#define RELOK_STATUS_MAP(X)                                                  \
    X(OK, "success")                                                         \
    X(ENOMEM, "out of memory")                                               \
    X(EINVAL, "invalid argument")                                            \
    X(EPARSE, "malformed input")                                             \
    X(ESCHEMA, "input does not match the expected structure")                \
    X(ERANGE, "value out of range")                                          \
    X(ENOTFOUND, "not found")                                                \
    X(ELIMIT, "input exceeds a limit")                                       \
    X(EIO, "input/output error")                                             \
    X(EDB, "database error")                                                 \
    X(ENOPLAN, "no lawful plan exists")                                      \
    X(EINTERNAL, "internal error")

typedef enum relok_status {
#define RELOK_STATUS_ENUM(name, msg) RELOK_##name,
    RELOK_STATUS_MAP(RELOK_STATUS_ENUM)
#undef RELOK_STATUS_ENUM
    RELOK_STATUS_COUNT_
} relok_status;

enum {
    RELOK_ERROR_MSG_LEN = 256,
    RELOK_ERROR_PATH_LEN = 128,
    RELOK_ERROR_SOURCE_LEN = 256,
    RELOK_ERROR_ARGS_LEN = 320
};

/* Where and why something failed. Caller-owned; zero it (or call
 * relok_error_clear) before use. Only the first failure is recorded. */
typedef struct relok_error {
    relok_status code;                   /* RELOK_OK when nothing failed */
    char source[RELOK_ERROR_SOURCE_LEN]; /* file path, "argv", "request body", ... */
    unsigned line;                       /* 1-based; 0 when not applicable */
    unsigned column;                     /* 1-based; 0 when not applicable */
    char path[RELOK_ERROR_PATH_LEN];     /* field path, e.g. "stay[2].rule.max_days" */
    char msg[RELOK_ERROR_MSG_LEN];       /* specific message, no trailing newline */
    const char *reason;                  /* stable machine code of the failure
                                          * ("date_invalid", "trip_overlap", ...;
                                          * docs/api.md lists them), a static
                                          * string; NULL when the site gave none:
                                          * read it with relok_error_reason */
    /* The detail as data, so a face can word it in its reader's language
     * (relok_error_detail): the English printf format the failing site gave
     * (its stable id; src/base/errmsg.def holds its Russian form) and the
     * text of each of its conversions, in order. msg is fmt filled in. */
    const char *fmt;                     /* static; NULL when the site gave none */
    char args[RELOK_ERROR_ARGS_LEN];     /* n_args NUL-terminated texts, one after another */
    unsigned n_args;                     /* 0 when args overflowed: use msg */
} relok_error;

/* "ENOMEM" for RELOK_ENOMEM; "EUNKNOWN" for values outside the enum. */
RELOK_API const char *relok_status_name(relok_status s);
/* Generic English message for a status, never NULL. */
RELOK_API const char *relok_strerror(relok_status s);
/* The general reason code of a status: "malformed" (EPARSE), "invalid"
 * (ESCHEMA, EINVAL), "out_of_range", "not_found", "too_large" (ELIMIT),
 * "no_plan", else "internal"; NULL for RELOK_OK. */
RELOK_API const char *relok_status_reason(relok_status s);
/* The stable reason code of err: the one the failing site gave, else
 * relok_status_reason of its code; NULL when err is NULL or clear. Faces
 * turn it into a sentence in the user's language (the web UI does). */
RELOK_API const char *relok_error_reason(const relok_error *err);
/* The detail of err (its msg) worded in lang into buf of buf_len bytes,
 * always NUL-terminated: the Russian form of err->fmt filled with the
 * arguments (an argument that is itself an English phrase the catalogue
 * knows, such as "a mapping" or "No such file or directory", is worded
 * too); the English msg when the detail has no Russian form. Returns buf. */
RELOK_API char *relok_error_detail(const relok_error *err, relok_lang lang, char *buf,
                                   size_t buf_len);
/* The English detail text, as relok_error_detail would word it in lang
 * (for details that faces compose themselves, e.g. a nested message). */
RELOK_API char *relok_error_text_lang(const char *en_text, relok_lang lang, char *buf,
                                      size_t buf_len);
/* relok_error_format in lang: the source "argv"/"request body" and the
 * field path are named in words ("поле «trips[1].entry»"). Returns buf. */
RELOK_API char *relok_error_format_lang(const relok_error *err, relok_lang lang, char *buf,
                                        size_t buf_len);
/* Reset err to "no error". err may be NULL. */
RELOK_API void relok_error_clear(relok_error *err);
/* Write "source:line:col: path: msg" (parts that are absent are left out) into
 * buf of buf_len bytes, always NUL-terminated. Returns buf. */
RELOK_API char *relok_error_format(const relok_error *err, char *buf, size_t buf_len);

#endif
