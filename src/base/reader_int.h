/* SPDX-License-Identifier: MIT */
/* Typed, strict reading of a node tree with a field path for messages.
 * Every getter checks the type, range and syntax of one field, and on failure
 * records a diagnostic naming file:line:column, the field path and what was
 * expected. A reader can collect many diagnostics (for `relok kb check`) or
 * stop at the first (for a request). Base layer. */
#ifndef RELOK_READER_INT_H
#define RELOK_READER_INT_H

#include "doc_int.h"
#include "relok/date.h"
#include "relok/text.h"

#include <stdbool.h>
#include <stdint.h>

/* One recorded problem (arena strings). */
typedef struct relok__diag {
    const char *file;
    unsigned line, column;
    const char *path;
    const char *msg;
} relok__diag;

typedef struct relok__rd {
    const char *source;        /* file name (relative) or "request body", "--rule" */
    relok_arena *arena;        /* strings read are copied here */
    relok_arena *diag_arena;   /* diagnostic strings live here (NULL: arena) */
    relok_error *err;          /* first error (optional) */
    relok__diag *diags;        /* collected diagnostics (heap), or NULL */
    size_t n_diags, cap_diags;
    size_t max_diags;          /* stop collecting after this many (0 = 1) */
    relok_status status;       /* first failure status, RELOK_OK if none */
    char path[256];            /* current field path */
    size_t path_len;
} relok__rd;

/* Set up a reader. max_diags: how many problems to collect before giving up
 * (1 for "first error only"). */
void relok__rd_init(relok__rd *rd, const char *source, relok_arena *arena, relok_error *err,
                    size_t max_diags);
/* Free the diagnostic list (not the arena). */
void relok__rd_done(relok__rd *rd);
/* True when the reader has hit max_diags problems and callers should stop. */
bool relok__rd_full(const relok__rd *rd);

/* Path handling: push returns a mark to pop back to. */
size_t relok__rd_push_key(relok__rd *rd, const char *key);
size_t relok__rd_push_index(relok__rd *rd, size_t i);
void relok__rd_pop(relok__rd *rd, size_t mark);

/* Record a problem at node (or at no position when node is NULL or has no
 * position) under the current path. Returns code. */
#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
relok_status relok__rd_error(relok__rd *rd, const relok__node *node, relok_status code,
                             const char *fmt, ...);

/* The same, giving the failure a stable reason code (relok_error.reason). */
#if defined(__GNUC__)
__attribute__((format(printf, 5, 6)))
#endif
relok_status relok__rd_error_why(relok__rd *rd, const relok__node *node, relok_status code,
                                 const char *reason, const char *fmt, ...);

/* Structure checks. `what` names the expected thing in the message. */
relok_status relok__rd_expect_map(relok__rd *rd, const relok__node *n, const char *what);
relok_status relok__rd_expect_seq(relok__rd *rd, const relok__node *n, const char *what);
/* Reject keys of map that are not in allowed (NULL-terminated list). */
relok_status relok__rd_check_keys(relok__rd *rd, const relok__node *map,
                                  const char *const *allowed);

/* Field getters: read map[key]. When the key is absent (or null) and
 * required, record "missing"; when absent and optional, leave *out untouched
 * and return RELOK_OK with *present (if given) false. */
relok_status relok__rd_str(relok__rd *rd, const relok__node *map, const char *key,
                           bool required, const char **out);
relok_status relok__rd_int(relok__rd *rd, const relok__node *map, const char *key,
                           bool required, int64_t min, int64_t max, int32_t *out);
relok_status relok__rd_num(relok__rd *rd, const relok__node *map, const char *key,
                           bool required, double min, double max, double *out);
relok_status relok__rd_bool(relok__rd *rd, const relok__node *map, const char *key,
                            bool required, bool *out);
relok_status relok__rd_date(relok__rd *rd, const relok__node *map, const char *key,
                            bool required, relok_day *out);
relok_status relok__rd_pdate(relok__rd *rd, const relok__node *map, const char *key,
                             bool required, relok_pdate *out);
/* Enum by name: names[0..n-1]; *out gets the index. */
relok_status relok__rd_enum(relok__rd *rd, const relok__node *map, const char *key,
                            bool required, const char *const *names, size_t n, int *out);
/* Bilingual text {en: ..., ru: ...}: both required and non-empty. */
relok_status relok__rd_text(relok__rd *rd, const relok__node *map, const char *key,
                            bool required, relok_text *out);
/* ISO 3166-1 alpha-2 code (upper case), checked against the assigned list. */
relok_status relok__rd_country_code(relok__rd *rd, const relok__node *map, const char *key,
                                    bool required, char out[3]);
/* ISO 4217-shaped currency code (three upper-case letters). */
relok_status relok__rd_currency(relok__rd *rd, const relok__node *map, const char *key,
                                bool required, char out[4]);

/* Node-level readers used by the getters and for list items. */
relok_status relok__rd_node_str(relok__rd *rd, const relok__node *n, const char **out);
relok_status relok__rd_node_int(relok__rd *rd, const relok__node *n, int64_t min, int64_t max,
                                int32_t *out);
relok_status relok__rd_node_num(relok__rd *rd, const relok__node *n, double min, double max,
                                double *out);
relok_status relok__rd_node_date(relok__rd *rd, const relok__node *n, relok_day *out);
relok_status relok__rd_node_enum(relok__rd *rd, const relok__node *n, const char *const *names,
                                 size_t count, int *out);
relok_status relok__rd_node_country_code(relok__rd *rd, const relok__node *n, char out[3]);

/* Strict whole-string number parsing shared with CSV readers: optional '-',
 * digits, optional fraction, optional exponent; no spaces, no junk. */
bool relok__parse_int64(const char *s, size_t len, int64_t *out);
bool relok__parse_double(const char *s, size_t len, double *out);

/* Is code (two upper-case letters) an assigned ISO 3166-1 alpha-2 code? */
bool relok__iso3166_valid(const char *code);

#endif
