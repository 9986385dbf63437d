/* SPDX-License-Identifier: MIT */
/* jansson helpers for the library's JSON renderers. Base layer. */
#include "json_int.h"

#include "alloc_int.h"
#include "error_int.h"
#include "relok/mem.h"

#include "relok/arena.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------ allocation scope */

/* The current thread's scope: an arena while a renderer or parser runs. */
static _Thread_local relok_arena *scope_arena;
static _Thread_local int scope_depth;

void *relok_json_alloc(size_t size)
{
    return scope_arena != NULL ? relok_arena_alloc(scope_arena, size) : relok__malloc(size);
}

void relok_json_release(void *p)
{
    /* Inside a scope every jansson block comes from its arena (json_t never
     * outlives the function that made it), so a free is a no-op; the arena
     * goes at the scope's end. */
    if (scope_arena == NULL)
        relok__free(p);
}

/* Returns 1 with a scope open, 0 when out of memory. */
int relok__json_scope_begin(void)
{
    if (scope_depth > 0) {
        scope_depth++;
        return 1;
    }
    relok_arena *a = relok_arena_new(0);
    if (a == NULL)
        return 0; /* out of memory: callers report it (no silent fallback) */
    scope_arena = a;
    scope_depth = 1;
    return 1;
}

void relok__json_scope_end(int opened)
{
    if (!opened || scope_depth == 0)
        return;
    if (--scope_depth == 0) {
        relok_arena *a = scope_arena;
        scope_arena = NULL;
        relok_arena_free(a);
    }
}

relok__jb relok__jb_begin(void)
{
    relok__jb jb = {0, relok__json_scope_begin()};
    jb.failed = !jb.scoped; /* the render then ends in RELOK_ENOMEM */
    return jb;
}

void relok__jb_end(relok__jb *jb)
{
    relok__json_scope_end(jb->scoped);
    jb->scoped = 0;
}

void relok__jset(relok__jb *jb, json_t *obj, const char *key, json_t *value)
{
    /* Keys are our own ASCII literals or KB ids, so jansson's UTF-8 check of
     * the key is skipped; json_object_set_new_nocheck releases value even on
     * failure. */
    if (value == NULL || obj == NULL || json_object_set_new_nocheck(obj, key, value) != 0) {
        if (value != NULL && obj == NULL)
            json_decref(value);
        jb->failed = 1;
    }
}

void relok__jpush(relok__jb *jb, json_t *arr, json_t *value)
{
    if (value == NULL || arr == NULL || json_array_append_new(arr, value) != 0) {
        if (value != NULL && arr == NULL)
            json_decref(value);
        jb->failed = 1;
    }
}

json_t *relok__jobject(relok__jb *jb)
{
    json_t *o = json_object();
    if (o == NULL)
        jb->failed = 1;
    return o;
}

json_t *relok__jarray(relok__jb *jb)
{
    json_t *a = json_array();
    if (a == NULL)
        jb->failed = 1;
    return a;
}

json_t *relok__json_text(const relok_text *t)
{
    if (relok_text_is_empty(t))
        return json_null();
    json_t *o = json_object();
    if (o == NULL)
        return NULL;
    relok__jb jb = {0};
    /* Bilingual text comes from the KB (or our literals): valid UTF-8. */
    relok__jset(&jb, o, "en", relok__json_str_valid(t->en));
    relok__jset(&jb, o, "ru", relok__json_str_valid(t->ru));
    if (jb.failed) {
        json_decref(o);
        return NULL;
    }
    return o;
}

json_t *relok__json_date(relok_day d)
{
    if (d == RELOK_DAY_NONE || d == RELOK_DAY_MIN || d == RELOK_DAY_MAX)
        return json_null();
    char buf[RELOK_DATE_BUF];
    return json_stringn_nocheck(buf, strlen(relok_date_format(d, buf)));
}

json_t *relok__json_pdate(relok_pdate d)
{
    char buf[RELOK_DATE_BUF];
    return json_stringn_nocheck(buf, strlen(relok_pdate_format(d, buf)));
}

json_t *relok__json_str(const char *s) { return s != NULL ? json_string(s) : json_null(); }

json_t *relok__json_str_valid(const char *s)
{
    return s != NULL ? json_stringn_nocheck(s, strlen(s)) : json_null();
}

json_t *relok__json_int_or_null(int64_t v, int64_t null_value)
{
    return v == null_value ? json_null() : json_integer((json_int_t)v);
}

json_t *relok__json_num(double v)
{
    if (!isfinite(v))
        return json_null();
    if (v == floor(v) && fabs(v) < 9e15)
        return json_integer((json_int_t)v);
    return json_real(v);
}

/* json_dump_callback's sink: the text grows in a heap buffer. A failed
 * write stays failed: jansson 2.14 ignores the result of writing an object
 * key (dump.c, dump_string), so after one failure it would go on and hand
 * back a document with the key missing (found by the API allocation
 * sweep: '":null' where '"registration_days":null' belonged). Refusing
 * every later write makes the dump fail, and `failed` is checked anyway. */
typedef struct dump_sink {
    char *text;
    size_t len, cap;
    int failed;
} dump_sink;

static int dump_write(const char *buf, size_t size, void *data)
{
    dump_sink *d = data;
    if (d->failed)
        return -1;
    if (size >= d->cap - d->len) { /* cap starts at 0: the first write grows */
        size_t cap = d->cap == 0 ? 4096 : d->cap;
        while (cap > 0 && size >= cap - d->len)
            cap = cap <= SIZE_MAX / 2 ? cap * 2 : 0;
        char *bigger = cap > 0 ? relok__realloc(d->text, cap) : NULL;
        if (bigger == NULL) {
            d->failed = 1;
            return -1;
        }
        d->text = bigger;
        d->cap = cap;
    }
    memcpy(d->text + d->len, buf, size);
    d->len += size;
    d->text[d->len] = '\0';
    return 0;
}

relok_status relok__json_finish(relok__jb *jb, json_t *root, unsigned flags, char **out,
                                relok_error *err)
{
    *out = NULL;
    if (root == NULL || jb->failed) {
        json_decref(root);
        relok__jb_end(jb);
        return relok__fail(err, RELOK_ENOMEM, "out of memory while building JSON");
    }
    /* 15 significant digits: the figures we hold have at most a few, and 17
     * would print binary noise (12.800000000000001 for 12.8). */
    size_t jflags = JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15) |
                    ((flags & RELOK_JSON_PRETTY) ? JSON_INDENT(2) : JSON_COMPACT);
    /* Written straight to a plain heap buffer (not the scope's arena),
     * which relok_json_free releases. */
    dump_sink d = {0};
    int rc = json_dump_callback(root, dump_write, &d, jflags);
    json_decref(root);
    relok__jb_end(jb);
    if (rc != 0 || d.failed || d.text == NULL) {
        relok__free(d.text);
        return relok__fail(err, RELOK_ENOMEM, "out of memory while writing JSON");
    }
    *out = d.text;
    return RELOK_OK;
}
