/* SPDX-License-Identifier: MIT */
/* jansson helpers for the library's JSON renderers. Base layer. */
#include "json_int.h"

#include "alloc_int.h"
#include "error_int.h"
#include "relok/json.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void relok__jset(relok__jb *jb, json_t *obj, const char *key, json_t *value)
{
    /* json_object_set_new releases value even on failure. */
    if (value == NULL || obj == NULL || json_object_set_new(obj, key, value) != 0) {
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

json_t *relok__json_text(const relok_text *t)
{
    if (relok_text_is_empty(t))
        return json_null();
    json_t *o = json_object();
    if (o == NULL)
        return NULL;
    relok__jb jb = {0};
    relok__jset(&jb, o, "en", relok__json_str(t->en));
    relok__jset(&jb, o, "ru", relok__json_str(t->ru));
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
    return json_string(relok_date_format(d, buf));
}

json_t *relok__json_pdate(relok_pdate d)
{
    char buf[RELOK_DATE_BUF];
    return json_string(relok_pdate_format(d, buf));
}

json_t *relok__json_str(const char *s) { return s != NULL ? json_string(s) : json_null(); }

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

relok_status relok__json_finish(relok__jb *jb, json_t *root, unsigned flags, char **out,
                                relok_error *err)
{
    *out = NULL;
    if (root == NULL || jb->failed) {
        json_decref(root);
        return relok__fail(err, RELOK_ENOMEM, "out of memory while building JSON");
    }
    /* 15 significant digits: the figures we hold have at most a few, and 17
     * would print binary noise (12.800000000000001 for 12.8). */
    size_t jflags = JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15) |
                    ((flags & RELOK_JSON_PRETTY) ? JSON_INDENT(2) : JSON_COMPACT);
    char *text = json_dumps(root, jflags);
    json_decref(root);
    if (text == NULL)
        return relok__fail(err, RELOK_ENOMEM, "out of memory while writing JSON");
    *out = text;
    return RELOK_OK;
}

void relok_json_free(char *s) { free(s); }
