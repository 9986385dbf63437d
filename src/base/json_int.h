/* SPDX-License-Identifier: MIT */
/* Helpers for building JSON with jansson inside the library's *_json.c files.
 * json_t never leaves those files (STYLE.md: third-party objects do not cross
 * module boundaries); renderers hand out text. Base layer. */
#ifndef RELOK_JSON_INT_H
#define RELOK_JSON_INT_H

#include "relok/date.h"
#include "relok/error.h"
#include "relok/text.h"

#include <jansson.h>

/* A builder that remembers any allocation failure, so code can set many
 * fields and check once at the end. */
typedef struct relok__jb {
    int failed;
} relok__jb;

/* Set obj[key] = value (taking the reference); records failure. */
void relok__jset(relok__jb *jb, json_t *obj, const char *key, json_t *value);
/* Append value to arr (taking the reference); records failure. */
void relok__jpush(relok__jb *jb, json_t *arr, json_t *value);

json_t *relok__json_text(const relok_text *t);  /* {"en","ru"} or null */
json_t *relok__json_date(relok_day d);          /* "YYYY-MM-DD" or null */
json_t *relok__json_pdate(relok_pdate d);       /* "YYYY[-MM[-DD]]" */
json_t *relok__json_str(const char *s);         /* string or null */
json_t *relok__json_int_or_null(int64_t v, int64_t null_value);
/* Numbers: integral values print as integers ("90", not "90.0"). */
json_t *relok__json_num(double v);

/* Dump root (consumed) into malloc'd text. RELOK_ENOMEM when jb failed or
 * the dump failed. */
relok_status relok__json_finish(relok__jb *jb, json_t *root, unsigned flags, char **out,
                                relok_error *err);

#endif
