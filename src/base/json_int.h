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
    int scoped; /* opened a JSON scope (relok__jb_begin) */
} relok__jb;

/* Open a JSON scope for one renderer or parse on this thread: until it ends,
 * jansson allocates from a per-thread arena and its frees cost nothing, so a
 * whole json_t tree is built and dropped without a malloc/free per node (a
 * fifth of the time of an API request went there). Scopes nest; jansson's
 * memory otherwise goes through relok__malloc/relok__free, so fault
 * injection covers it too. Every json_t made in a scope must be released in
 * it (STYLE.md already keeps json_t inside one function). */
relok__jb relok__jb_begin(void);
/* End the scope opened by relok__jb_begin (idempotent). relok__json_finish
 * ends it; renderers that return before finishing call this. */
void relok__jb_end(relok__jb *jb);
/* The same for parsers (no builder): returns 1 when a scope is open, 0 when
 * out of memory (the caller fails with RELOK_ENOMEM). */
int relok__json_scope_begin(void);
void relok__json_scope_end(int opened);

/* Set obj[key] = value (taking the reference); records failure. */
void relok__jset(relok__jb *jb, json_t *obj, const char *key, json_t *value);
/* Append value to arr (taking the reference); records failure. */
void relok__jpush(relok__jb *jb, json_t *arr, json_t *value);
/* A new object or array; NULL, with the failure recorded, when out of
 * memory. */
json_t *relok__jobject(relok__jb *jb);
json_t *relok__jarray(relok__jb *jb);

json_t *relok__json_text(const relok_text *t);  /* {"en","ru"} or null */
json_t *relok__json_date(relok_day d);          /* "YYYY-MM-DD" or null */
json_t *relok__json_pdate(relok_pdate d);       /* "YYYY[-MM[-DD]]" */
json_t *relok__json_str(const char *s);         /* string or null (UTF-8 checked) */
/* A string known to be valid UTF-8 (KB text, which libyaml validated when
 * it was loaded; our own literals and formatted numbers): skips jansson's
 * check, which dominates rendering time for Russian text. Never for text
 * that may hold a cut input fragment (error messages). */
json_t *relok__json_str_valid(const char *s);
json_t *relok__json_int_or_null(int64_t v, int64_t null_value);
/* Numbers: integral values print as integers ("90", not "90.0"). */
json_t *relok__json_num(double v);

/* Dump root (consumed) into malloc'd text (outside any scope, so it
 * outlives it) and end jb's scope. RELOK_ENOMEM when jb failed or the dump
 * failed. */
relok_status relok__json_finish(relok__jb *jb, json_t *root, unsigned flags, char **out,
                                relok_error *err);

#endif
