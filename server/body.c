/* SPDX-License-Identifier: MIT */
/* JSON request bodies: the fields of the POST routes' objects (body.h).
 * Faces layer. Messages may quote what the client sent back to it; none of
 * this is logged. */
#include "body.h"


#include <stdio.h>
#include <string.h>

bool srv_body_object(srv_req *r, srv_members *out)
{
    relok_error err = {0};
    relok_status s = srv_scan_object(r->arena, r->body, r->body_len, out, &err);
    if (s == RELOK_OK && !out->is_object) {
        srv_reply_error_why(r, 400, "ESCHEMA", "type_wrong", NULL, "expected a JSON object");
        return false;
    }
    if (s != RELOK_OK) {
        if (s == RELOK_EPARSE && err.reason == NULL)
            err.reason = "json_invalid";
        srv_reply_lib_error(r, s, &err);
        return false;
    }
    return true;
}

bool srv_body_keys(srv_req *r, const srv_members *ms, const char *const *allowed)
{
    for (size_t k = 0; k < ms->n; k++) {
        bool ok = false;
        for (size_t i = 0; allowed[i] != NULL && !ok; i++)
            ok = strcmp(allowed[i], ms->m[k].key) == 0;
        if (ok)
            continue;
        char msg[160];
        size_t n = 0;
        for (size_t i = 0; allowed[i] != NULL; i++) {
            int w = snprintf(msg + n, sizeof msg - n, "%s%s",
                             i == 0 ? "unknown key (expected " : ", ", allowed[i]);
            if (w < 0 || (size_t)w >= sizeof msg - n)
                break;
            n += (size_t)w;
        }
        if (n + 2 < sizeof msg)
            memcpy(msg + n, ")", 2);
        srv_reply_error_why(r, 400, "ESCHEMA", "key_unknown", ms->m[k].key, msg);
        return false;
    }
    return true;
}

/* ms[key], or NULL when absent or null; a 400 when required and absent
 * (*ok false). */
static const srv_member *field(srv_req *r, const srv_members *ms, const char *key,
                               bool required, bool *ok)
{
    const srv_member *m = srv_member_get(ms, key);
    *ok = true;
    if (srv_member_is_null(m)) {
        if (required) {
            srv_reply_error_why(r, 400, "ESCHEMA", "field_missing", key,
                                "required field is missing");
            *ok = false;
        }
        return NULL;
    }
    return m;
}

/* The string value of m decoded, or NULL after a reply (wrong type: 400
 * with `expected`; out of memory: 500). */
static const char *string_of(srv_req *r, const srv_member *m, const char *expected,
                             size_t *len)
{
    if (!srv_member_is_string(m)) {
        srv_reply_error_why(r, 400, "ESCHEMA", "type_wrong", m->key, expected);
        return NULL;
    }
    const char *s = srv_member_string(r->arena, m, len);
    if (s == NULL)
        srv_reply_error(r, 500, "ENOMEM", NULL, relok_strerror(RELOK_ENOMEM));
    return s;
}

bool srv_body_date(srv_req *r, const srv_members *ms, const char *key, bool required,
                   relok_day *out)
{
    bool ok;
    const srv_member *m = field(r, ms, key, required, &ok);
    if (m == NULL)
        return ok;
    size_t len = 0;
    const char *s = string_of(r, m, "expected a date YYYY-MM-DD (a string)", &len);
    if (s == NULL)
        return false;
    relok_error err = {0};
    relok_status st = relok_date_parse(s, len, out, &err);
    if (st != RELOK_OK) {
        srv_reply_error_why(r, 400, relok_status_name(st), "date_invalid", key, err.msg);
        return false;
    }
    return true;
}

static bool ascii_alpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

bool srv_body_code(srv_req *r, const srv_members *ms, const char *key, bool required,
                   char out[3])
{
    static const char expected[] = "expected an ISO 3166-1 alpha-2 country code such as KZ";
    bool ok;
    const srv_member *m = field(r, ms, key, required, &ok);
    if (m == NULL)
        return ok;
    size_t len = 0;
    const char *s = string_of(r, m, expected, &len);
    if (s == NULL)
        return false;
    /* The library's one country reader (a code in any case, or a name), as
     * the CLI reads --country; an unknown country is a 400 naming the field. */
    char text[128];
    if (len == 0 || len >= sizeof text || memchr(s, '\0', len) != NULL) {
        srv_reply_error_why(r, 400, "ESCHEMA", "country_invalid", key, expected);
        return false;
    }
    memcpy(text, s, len);
    text[len] = '\0';
    relok_error err = {0};
    relok_status st = relok_country_parse(srv_kb_of(r), text, out, &err);
    if (st != RELOK_OK) {
        bool code_like = len == 2 && ascii_alpha(s[0]) && ascii_alpha(s[1]);
        srv_reply_error_why(r, 400, st == RELOK_ENOTFOUND ? "ENOTFOUND" : "ESCHEMA",
                            st == RELOK_ENOTFOUND ? "country_unknown" : "country_invalid", key,
                            st == RELOK_ENOTFOUND || code_like ? err.msg : expected);
        return false;
    }
    return true;
}

bool srv_body_doc(srv_req *r, const srv_members *ms, const char *key, relok_doc *out)
{
    static const char expected[] = "expected internal_id, passport or birth_certificate";
    bool ok;
    const srv_member *m = field(r, ms, key, false, &ok);
    if (m == NULL)
        return ok;
    size_t len = 0;
    const char *s = string_of(r, m, expected, &len);
    if (s == NULL)
        return false;
    if (strlen(s) != len || relok_doc_parse(s, out) != RELOK_OK) {
        srv_reply_error_why(r, 400, "ESCHEMA", "value_unknown", key, expected);
        return false;
    }
    return true;
}

bool srv_body_bool(srv_req *r, const srv_members *ms, const char *key, bool *out)
{
    bool ok;
    const srv_member *m = field(r, ms, key, false, &ok);
    if (m == NULL)
        return ok;
    if (m->val_len == 4 && memcmp(m->val, "true", 4) == 0) {
        *out = true;
    } else if (m->val_len == 5 && memcmp(m->val, "false", 5) == 0) {
        *out = false;
    } else {
        srv_reply_error_why(r, 400, "ESCHEMA", "type_wrong", key, "expected true or false");
        return false;
    }
    return true;
}

bool srv_body_uint(srv_req *r, const srv_members *ms, const char *key, unsigned long max,
                   unsigned long *out)
{
    bool ok;
    const srv_member *m = field(r, ms, key, false, &ok);
    if (m == NULL)
        return ok;
    unsigned long n = 0;
    ok = m->val_len > 0;
    for (size_t i = 0; ok && i < m->val_len; i++) {
        char c = m->val[i];
        ok = c >= '0' && c <= '9' && n <= max;
        n = n * 10 + (unsigned long)(c - '0');
    }
    if (!ok || n > max) {
        char msg[80];
        snprintf(msg, sizeof msg, "expected a whole number from 0 to %lu", max);
        srv_reply_error(r, 400, "ERANGE", key, msg);
        return false;
    }
    *out = n;
    return true;
}

void srv_error_prefix(relok_error *err, const char *prefix)
{
    if (err == NULL || err->code == RELOK_OK)
        return;
    char path[RELOK_ERROR_PATH_LEN];
    int w = snprintf(path, sizeof path, "%s%s%s", prefix,
                     err->path[0] == '\0' || err->path[0] == '[' ? "" : ".", err->path);
    if (w > 0 && (size_t)w < sizeof path) /* else keep the path unprefixed */
        relok_strlcpy(err->path, path, sizeof err->path);
}
