/* SPDX-License-Identifier: MIT */
/* Reading JSON request bodies for the POST routes. scan.c checks the whole
 * body's syntax and lists the members of its top-level object as spans of
 * the text; the small fields (dates, codes, flags) are read here with 400
 * replies that name the field, and every part the library has a reader for
 * (trip rows, rules, profiles) goes to that reader as text, so the API
 * checks input exactly as the CLI does and the body is parsed into objects
 * only once. Faces layer. */
#ifndef RELOK_SERVER_BODY_H
#define RELOK_SERVER_BODY_H

#include "server.h"

enum { SRV_MAX_MEMBERS = 16 }; /* keys of a body object: ours have at most 6 */

/* One member of the top-level object. */
typedef struct srv_member {
    const char *key;   /* decoded key, NUL-terminated (arena) */
    size_t key_len;    /* bytes */
    const char *val;   /* the value's JSON text, a span of the body (not NUL-terminated) */
    size_t val_len;    /* bytes */
} srv_member;

typedef struct srv_members {
    srv_member m[SRV_MAX_MEMBERS];
    size_t n;          /* members listed */
    bool is_object;    /* the top-level value is an object (else n is 0) */
} srv_members;

/* Check that len bytes of text are exactly one JSON value (RFC 8259,
 * strictly) and, when it is an object, list its members (keys decoded into
 * arena; values as spans of text). OUT: *out.
 * RELOK_EPARSE (syntax, with line and column in the message; a duplicate key,
 * with the key as err->path), RELOK_ELIMIT (more than SRV_MAX_MEMBERS keys),
 * RELOK_ENOMEM. */
relok_status srv_scan_object(relok_arena *a, const char *text, size_t len, srv_members *out,
                             relok_error *err);
/* The member named key, or NULL. */
const srv_member *srv_member_get(const srv_members *ms, const char *key);
/* True when m is NULL (absent) or its value is null. */
bool srv_member_is_null(const srv_member *m);
/* True when m's value is a string. */
bool srv_member_is_string(const srv_member *m);
/* m's string value decoded into arena (NUL-terminated), length in
 * *out_len; NULL when out of memory. m must be a string. */
char *srv_member_string(relok_arena *a, const srv_member *m, size_t *out_len);

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 when invalid
 * (overlong forms, surrogates and values past U+10FFFF are invalid). */
size_t srv_utf8_len(const unsigned char *s, size_t n);

/* The trip log under key (route_stay.c): read by relok_trips_parse and
 * checked as of `check` (with plans: trips after it allowed). Absent: no
 * trips, or a 400 when required. Returns false after a reply. */
bool srv_body_trips(srv_req *r, const srv_members *ms, const char *key, bool required,
                    bool plans, relok_day check, relok_trip **out, size_t *out_n);
/* The log "trips" (required, plans allowed after `on`) and its part up to
 * `on` (relok_trips_split): POST /api/stay and /api/tax. False after a
 * reply. */
bool srv_body_log(srv_req *r, const srv_members *ms, relok_day on, relok_trip **all,
                  size_t *n_all, relok_trip **known, size_t *n_known);

/* The body as a JSON object: false after a 400 (malformed JSON, a duplicate
 * key, not an object) or a 500. */
bool srv_body_object(srv_req *r, srv_members *out);
/* Reject keys not in allowed (NULL-terminated): 400 naming the key. */
bool srv_body_keys(srv_req *r, const srv_members *ms, const char *const *allowed);
/* ms[key] as a date: *out untouched when absent or null and !required; 400
 * naming the field otherwise. */
bool srv_body_date(srv_req *r, const srv_members *ms, const char *key, bool required,
                   relok_day *out);
/* ms[key] as a two-letter country code (either case; upper-cased into out). */
bool srv_body_code(srv_req *r, const srv_members *ms, const char *key, bool required,
                   char out[3]);
/* ms[key] as a document name; *out untouched when absent. */
bool srv_body_doc(srv_req *r, const srv_members *ms, const char *key, relok_doc *out);
/* ms[key] as true or false; *out untouched when absent. */
bool srv_body_bool(srv_req *r, const srv_members *ms, const char *key, bool *out);
/* ms[key] as a whole number in 0..max; *out untouched when absent. */
bool srv_body_uint(srv_req *r, const srv_members *ms, const char *key, unsigned long max,
                   unsigned long *out);
/* Put "prefix" before err->path ("trips" + "[2].entry" = "trips[2].entry";
 * "rule" + "max_days" = "rule.max_days"), so that a library error about a
 * part of the body names the field in the body as sent. */
void srv_error_prefix(relok_error *err, const char *prefix);

#endif
