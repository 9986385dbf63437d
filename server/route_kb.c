/* SPDX-License-Identifier: MIT */
/* GET endpoints over the knowledge base: countries, one country, its rule
 * history, sources, plus /healthz and the OpenAPI document. Faces layer:
 * every answer comes from the same renderers as the CLI's --json
 * (relok/json.h), compact, and is kept in the KB's answer cache (cache.c). */
#include "server.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static bool arg_doc(srv_req *r, relok_doc *out)
{
    const char *v = srv_arg(r, "doc");
    *out = RELOK_DOC_PASSPORT;
    if (v == NULL)
        return true;
    if (relok_doc_parse(v, out) != RELOK_OK) {
        srv_reply_error_why(r, 400, "ESCHEMA", "value_unknown", "doc",
                        "expected internal_id, passport or birth_certificate");
        return false;
    }
    return true;
}

/* The country named by the {cc} segment, or a 404. */
static const relok_country *param_country(srv_req *r)
{
    char cc[3];
    const relok_country *c = relok_country_parse(srv_kb_of(r), r->params[0], cc, NULL) == RELOK_OK
                                 ? relok_kb_country(srv_kb_of(r), cc)
                                 : NULL;
    if (c == NULL)
        srv_reply_error_why(r, 404, "ENOTFOUND", "country_unknown", "cc",
                        "no country with this ISO 3166-1 alpha-2 code in the knowledge base");
    return c;
}

/* The cache key for an answer into key (SRV_CACHE_KEY bytes); false when it
 * does not fit (then the answer is not cached). */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static bool make_key(char *key, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(key, SRV_CACHE_KEY, fmt, ap);
    va_end(ap);
    return n > 0 && n < SRV_CACHE_KEY;
}

/* Reply from the cache when the answer is there. */
static bool reply_cached(srv_req *r, const char *key)
{
    srv_blob *b = key != NULL ? srv_cache_get(r->kbref, key) : NULL;
    if (b == NULL)
        return false;
    srv_reply_blob(r, 200, b);
    return true;
}

/* Reply with a renderer's result (taking json), caching it under key (NULL:
 * not cached). */
static void reply_rendered(srv_req *r, const char *key, relok_status s, char *json,
                           const relok_error *err)
{
    if (s != RELOK_OK) {
        relok_json_free(json);
        srv_reply_lib_error(r, s, err);
        return;
    }
    srv_blob *b = key != NULL ? srv_cache_put(r->kbref, key, json, strlen(json)) : NULL;
    if (b == NULL) {
        srv_reply_json_take(r, 200, json);
        return;
    }
    relok_json_free(json);
    srv_reply_blob(r, 200, b);
}

static const char *key_or_null(bool ok, const char *key) { return ok ? key : NULL; }

void srv_route_healthz(srv_req *r)
{
    if (!srv_check_args(r, NULL))
        return;
    char buf[256];
    int n = snprintf(buf, sizeof buf,
                     "{\"status\":\"ok\",\"version\":\"%s\",\"kb_generation\":%u,"
                     "\"countries\":%zu,\"sources\":%zu}",
                     relok_version(), r->kbref->generation, relok_kb_n_countries(srv_kb_of(r)),
                     relok_kb_n_sources(srv_kb_of(r)));
    if (n < 0 || (size_t)n >= sizeof buf) {
        srv_reply_error(r, 500, "EINTERNAL", NULL, relok_strerror(RELOK_EINTERNAL));
        return;
    }
    srv_reply_json_copy(r, 200, buf, (size_t)n);
}

void srv_route_openapi(srv_req *r)
{
    if (!srv_check_args(r, NULL))
        return;
    srv_reply_json_static(r, 200, (const char *)relok__openapi_json, relok__openapi_json_len);
}

void srv_route_countries(srv_req *r)
{
    static const char *const allowed[] = {"doc", "as_of", NULL};
    relok_doc doc;
    relok_day asof;
    if (!srv_check_args(r, allowed) || !arg_doc(r, &doc) || !srv_arg_date(r, "as_of", &asof))
        return;
    char key[SRV_CACHE_KEY], day[RELOK_DATE_BUF];
    const char *k = key_or_null(
        make_key(key, "countries|%s|%s", relok_doc_name(doc), relok_date_format(asof, day)), key);
    if (reply_cached(r, k))
        return;
    char *json = NULL;
    relok_error err = {0};
    relok_status s = relok_json_countries(srv_kb_of(r), doc, asof, 0, &json, &err);
    reply_rendered(r, k, s, json, &err);
}

void srv_route_country(srv_req *r)
{
    static const char *const allowed[] = {"as_of", NULL};
    relok_day asof;
    if (!srv_check_args(r, allowed) || !srv_arg_date(r, "as_of", &asof))
        return;
    const relok_country *c = param_country(r);
    if (c == NULL)
        return;
    char key[SRV_CACHE_KEY], day[RELOK_DATE_BUF];
    const char *k =
        key_or_null(make_key(key, "country|%s|%s", c->code, relok_date_format(asof, day)), key);
    if (reply_cached(r, k))
        return;
    char *json = NULL;
    relok_error err = {0};
    relok_status s = relok_json_country(srv_kb_of(r), c, asof, 0, &json, &err);
    reply_rendered(r, k, s, json, &err);
}

void srv_route_history(srv_req *r)
{
    if (!srv_check_args(r, NULL))
        return;
    const relok_country *c = param_country(r);
    if (c == NULL)
        return;
    char key[SRV_CACHE_KEY];
    const char *k = key_or_null(make_key(key, "history|%s", c->code), key);
    if (reply_cached(r, k))
        return;
    char *json = NULL;
    relok_error err = {0};
    relok_status s = relok_json_history(srv_kb_of(r), c, 0, &json, &err);
    reply_rendered(r, k, s, json, &err);
}

void srv_route_sources(srv_req *r)
{
    if (!srv_check_args(r, NULL))
        return;
    if (reply_cached(r, "sources"))
        return;
    char *json = NULL;
    relok_error err = {0};
    relok_status s = relok_json_sources(srv_kb_of(r), NULL, 0, &json, &err);
    reply_rendered(r, "sources", s, json, &err);
}

void srv_route_source(srv_req *r)
{
    if (!srv_check_args(r, NULL))
        return;
    const char *id = r->params[0];
    if (relok_kb_source(srv_kb_of(r), id) == NULL) {
        srv_reply_error(r, 404, "ENOTFOUND", "id", "no source with this id");
        return;
    }
    char *json = NULL;
    relok_error err = {0};
    relok_status s = relok_json_sources(srv_kb_of(r), id, 0, &json, &err);
    reply_rendered(r, NULL, s, json, &err); /* one small source: not worth a slot */
}
