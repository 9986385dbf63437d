/* SPDX-License-Identifier: MIT */
/* relok serve: the libmicrohttpd daemon, its limits, the request lifecycle
 * (per-request arena, body cap, routing), KB swaps with reference counting,
 * logging and signals. Faces layer: it parses HTTP, calls the library and
 * renders; the route_<area>.c files hold the handlers.
 *
 * Privacy (DESIGN.md "Privacy and safety"): nothing a client sends - body,
 * query string, path, headers, address - is ever written to the log. The
 * access log (off by default) names the route template, not the path. */
#include "server.h"

#include "base/limits.h"

#include <jansson.h>
#include <microhttpd.h>

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* A chunked body (no Content-Length) that passes the cap is read and
 * discarded so the client gets its 413; past this many bytes the connection
 * is dropped instead, so a client cannot keep a worker busy forever. */
#define SRV_MAX_DISCARD_BYTES (8u * RELOK_MAX_BODY_BYTES)

/* ================================================================ logging */

void srv_log(relok_server *srv, const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if (srv->log_cb != NULL) {
        srv->log_cb(srv->log_ud, line);
        return;
    }
    /* One call per line: stdio locks the stream, so lines from different
     * threads do not interleave. */
    fprintf(stderr, "relok serve: %s\n", line);
}

/* libmicrohttpd's own messages. Only the format string is logged, never
 * its arguments: they can hold parts of a request (a header, the URL). */
static void mhd_log_cb(void *cls, const char *fmt, va_list ap)
{
    (void)ap; /* deliberately unused: see above */
    relok_server *srv = cls;
    char line[512];
    size_t n = 0;
    for (const char *p = fmt; *p != '\0' && n + 1 < sizeof line; p++)
        if (*p != '\n' && *p != '\r')
            line[n++] = *p;
    line[n] = '\0';
    srv_log(srv, "libmicrohttpd: %s", line);
}

/* ================================================================= KB refs */

static srv_kb *kb_acquire(relok_server *srv)
{
    pthread_mutex_lock(&srv->kb_lock);
    srv_kb *ref = srv->kb;
    atomic_fetch_add_explicit(&ref->refs, 1u, memory_order_relaxed);
    pthread_mutex_unlock(&srv->kb_lock);
    return ref;
}

static void kb_release(srv_kb *ref)
{
    if (ref == NULL)
        return;
    /* acq_rel: the last releaser must see every use of the KB by the others
     * before it frees it. */
    if (atomic_fetch_sub_explicit(&ref->refs, 1u, memory_order_acq_rel) == 1u) {
        srv_cache_clear(ref);
        srv_sim_cache_free(ref->sim);
        relok_advise_cache_free(ref->advise);
        relok_kb_free(ref->kb);
        relok_free(ref);
    }
}

static srv_kb *kb_ref_new(relok_kb *kb, unsigned generation)
{
    srv_kb *ref = relok_malloc(sizeof *ref);
    if (ref == NULL)
        return NULL;
    ref->kb = kb;
    atomic_init(&ref->refs, 1u);
    ref->generation = generation;
    ref->sim = NULL;
    /* Without it (out of memory) the advisor only runs slower. */
    ref->advise = relok_advise_cache_new(kb);
    srv_cache_init(ref);
    return ref;
}

srv_kb *srv_kb_current(relok_server *srv) { return kb_acquire(srv); }

void srv_kb_put(srv_kb *ref) { kb_release(ref); }

/* ============================================================== the clock */

static int64_t now_ns(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
        return 0;
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* ================================================================ routing */

static const srv_route routes[] = {
    {"/healthz", SRV_GET | SRV_HEAD, false, srv_route_healthz},
    {"/api/openapi.json", SRV_GET | SRV_HEAD, false, srv_route_openapi},
    {"/api/countries", SRV_GET | SRV_HEAD, false, srv_route_countries},
    {"/api/countries/{cc}", SRV_GET | SRV_HEAD, false, srv_route_country},
    {"/api/countries/{cc}/history", SRV_GET | SRV_HEAD, false, srv_route_history},
    {"/api/sources", SRV_GET | SRV_HEAD, false, srv_route_sources},
    {"/api/sources/{id}", SRV_GET | SRV_HEAD, false, srv_route_source},
    {"/api/stay", SRV_POST, true, srv_route_stay},
    {"/api/plan", SRV_POST, true, srv_route_plan},
    {"/api/tax", SRV_POST, true, srv_route_tax},
    {"/api/labels", SRV_GET | SRV_HEAD, false, srv_route_labels},
    {"/api/advise", SRV_POST, true, srv_route_advise},
    {"/api/advise/{cc}", SRV_POST, true, srv_route_advise_country},
    {"/api/scenarios", SRV_GET | SRV_HEAD, false, srv_route_scenarios},
    {"/api/scenarios/{name}", SRV_GET | SRV_HEAD, false, srv_route_scenario},
    {"/api/scenarios/{name}/result", SRV_GET | SRV_HEAD, false, srv_route_scenario_result},
    {"/api/sim", SRV_POST, true, srv_route_sim},
    {"/api/sim/report", SRV_GET | SRV_HEAD, false, srv_route_sim_report},
};

/* Route template names for requests that match no route. */
static const char TMPL_API_UNKNOWN[] = "/api/*";
static const char TMPL_STATIC[] = "/*";

/* Match path against tmpl segment by segment; "{name}" takes one non-empty
 * segment (copied into the arena). */
static bool route_match(srv_req *r, const char *tmpl, const char *path)
{
    const char *t = tmpl, *p = path;
    size_t n_params = 0;
    const char *caps[SRV_MAX_PARAMS] = {NULL, NULL};
    size_t cap_len[SRV_MAX_PARAMS] = {0, 0};
    while (*t != '\0' && *p != '\0') {
        if (*t != '/' || *p != '/')
            return false;
        t++;
        p++;
        const char *te = strchr(t, '/');
        const char *pe = strchr(p, '/');
        size_t tl = te != NULL ? (size_t)(te - t) : strlen(t);
        size_t pl = pe != NULL ? (size_t)(pe - p) : strlen(p);
        if (tl >= 2 && t[0] == '{' && t[tl - 1] == '}') {
            if (pl == 0 || n_params >= SRV_MAX_PARAMS)
                return false;
            caps[n_params] = p;
            cap_len[n_params++] = pl;
        } else if (tl != pl || memcmp(t, p, tl) != 0) {
            return false;
        }
        t += tl;
        p += pl;
    }
    if (*t != '\0' || *p != '\0')
        return false;
    for (size_t i = 0; i < n_params; i++) {
        r->params[i] = relok_arena_strndup(r->arena, caps[i], cap_len[i]);
        if (r->params[i] == NULL)
            return false;
    }
    return true;
}

static srv_method parse_method(const char *m)
{
    if (strcmp(m, "GET") == 0)
        return SRV_GET;
    if (strcmp(m, "HEAD") == 0)
        return SRV_HEAD;
    if (strcmp(m, "POST") == 0)
        return SRV_POST;
    return SRV_OTHER;
}

static const char *method_name(srv_method m)
{
    switch (m) {
    case SRV_GET:
        return "GET";
    case SRV_HEAD:
        return "HEAD";
    case SRV_POST:
        return "POST";
    case SRV_OTHER:
        break;
    }
    /* Never the client's own method string: it could carry anything. */
    return "OTHER";
}

static bool is_api_path(const char *path)
{
    return strcmp(path, "/api") == 0 || strncmp(path, "/api/", 5) == 0 ||
           strcmp(path, "/healthz") == 0;
}

bool srv_is_json_type(const char *ct)
{
    static const char json[] = "application/json";
    if (ct == NULL)
        return false;
    while (*ct == ' ' || *ct == '\t')
        ct++;
    if (strncasecmp(ct, json, sizeof json - 1) != 0)
        return false;
    const char *p = ct + sizeof json - 1;
    /* Parameters: only a charset matters, and JSON is UTF-8 (RFC 8259). */
    for (;;) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '\0')
            return true;
        if (*p != ';')
            return false;
        p++;
        while (*p == ' ' || *p == '\t')
            p++;
        const char *name = p;
        while (*p != '\0' && *p != '=' && *p != ';')
            p++;
        size_t name_len = (size_t)(p - name);
        const char *val = NULL;
        size_t val_len = 0;
        if (*p == '=') {
            val = ++p;
            while (*p != '\0' && *p != ';')
                p++;
            val_len = (size_t)(p - val);
            while (val_len > 0 && (val[val_len - 1] == ' ' || val[val_len - 1] == '\t'))
                val_len--;
            if (val_len >= 2 && val[0] == '"' && val[val_len - 1] == '"') {
                val++;
                val_len -= 2;
            }
        }
        if (name_len == 7 && strncasecmp(name, "charset", 7) == 0 &&
            !(val != NULL && val_len == 5 && strncasecmp(val, "utf-8", 5) == 0))
            return false;
    }
}

/* Decode "%HH" in the path and in query keys and values, as libmicrohttpd's
 * default does, except "%00": it stays as the three characters, so no
 * string a handler sees can end early ("index.html%00.txt" must not become
 * "index.html"). Malformed escapes stay as they are. */
static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static size_t unescape_cb(void *cls, struct MHD_Connection *conn, char *s)
{
    (void)cls;
    (void)conn;
    char *w = s;
    for (const char *p = s; *p != '\0';) {
        int hi, lo;
        if (p[0] == '%' && (hi = hex_digit(p[1])) >= 0 && (lo = hex_digit(p[2])) >= 0 &&
            (hi | lo) != 0) {
            *w++ = (char)(hi * 16 + lo);
            p += 3;
        } else {
            *w++ = *p++;
        }
    }
    *w = '\0';
    return (size_t)(w - s);
}

/* ========================================================== query strings */

const char *srv_arg(srv_req *r, const char *name)
{
    const char *v = NULL;
    if (MHD_lookup_connection_value_n(r->conn, MHD_GET_ARGUMENT_KIND, name, strlen(name), &v,
                                      NULL) != MHD_YES)
        return NULL;
    /* "?as_of" with no "=value" is given, and empty: a bad value, not an
     * absent one. */
    return v != NULL ? v : "";
}

bool srv_arg_date(srv_req *r, const char *name, relok_day *out)
{
    const char *v = srv_arg(r, name);
    if (v == NULL) {
        *out = relok_date_today();
        return true;
    }
    relok_error err = {0};
    relok_status s = relok_date_parse(v, strlen(v), out, &err);
    if (s != RELOK_OK) {
        srv_reply_error_why(r, 400, relok_status_name(s), "date_invalid", name, err.msg);
        return false;
    }
    return true;
}

bool srv_arg_uint(srv_req *r, const char *name, unsigned long max, unsigned long *out)
{
    const char *v = srv_arg(r, name);
    if (v == NULL)
        return true;
    unsigned long n = 0;
    bool ok = *v != '\0';
    for (const char *p = v; ok && *p != '\0'; p++) {
        ok = *p >= '0' && *p <= '9' && n <= max;
        n = n * 10 + (unsigned long)(*p - '0');
    }
    if (!ok || n > max) {
        char msg[80];
        snprintf(msg, sizeof msg, "expected a whole number from 0 to %lu", max);
        srv_reply_error(r, 400, "ERANGE", name, msg);
        return false;
    }
    *out = n;
    return true;
}

typedef struct args_check {
    const char *const *allowed;
    const char *bad;      /* first key not allowed or repeated */
    bool repeated;
    unsigned seen;        /* bit per allowed key already seen */
} args_check;

static enum MHD_Result check_arg_cb(void *cls, enum MHD_ValueKind kind, const char *key,
                                    const char *value)
{
    (void)kind;
    (void)value;
    args_check *c = cls;
    for (unsigned i = 0; c->allowed[i] != NULL && i < 32; i++) {
        if (strcmp(c->allowed[i], key) == 0) {
            if (c->seen & (1u << i)) {
                c->bad = key;
                c->repeated = true;
                return MHD_NO;
            }
            c->seen |= 1u << i;
            return MHD_YES;
        }
    }
    c->bad = key;
    return MHD_NO;
}

bool srv_check_args(srv_req *r, const char *const *allowed)
{
    static const char *const none[] = {NULL};
    args_check c = {.allowed = allowed != NULL ? allowed : none};
    MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, check_arg_cb, &c);
    if (c.bad == NULL)
        return true;
    const char *msg = c.repeated ? "query parameter given more than once"
                                 : "unknown query parameter (docs/api.md lists them)";
    srv_reply_error_why(r, 400, "ESCHEMA", c.repeated ? "param_repeated" : "param_unknown", c.bad,
                        msg);
    return false;
}

/* ===================================================== request lifecycle */

static srv_req *req_new(relok_server *srv, struct MHD_Connection *conn, const char *url,
                        const char *method)
{
    /* The arena holds the request state, the body and what the handlers
     * parse from it; its cap bounds what one request can take. */
    relok_arena *a = relok_arena_new(RELOK_MAX_REQUEST_ARENA_BYTES);
    if (a == NULL)
        return NULL;
    srv_req *r = relok_arena_calloc(a, 1, sizeof *r);
    char *path = r != NULL ? relok_arena_strdup(a, url) : NULL;
    if (path == NULL) {
        relok_arena_free(a);
        return NULL;
    }
    r->srv = srv;
    r->arena = a;
    r->conn = conn;
    r->path = path;
    r->method = parse_method(method);
    r->start_ns = now_ns();
    r->log_tmpl = TMPL_STATIC;
    return r;
}

static void req_free(srv_req *r)
{
    if (r == NULL)
        return;
    if (r->resp != NULL)
        MHD_destroy_response(r->resp);
    kb_release(r->kbref);
    if (r->is_counted)
        atomic_fetch_sub(&r->srv->active, 1u);
    relok_server *srv = r->srv;
    size_t reserved = r->body_reserved;
    relok_arena_free(r->arena);
    srv_guard_release(&srv->guard, reserved); /* after the free: it may trim */
}

/* Queue the response a handler made and drop our reference to it. */
static enum MHD_Result req_queue(srv_req *r)
{
    if (r->resp == NULL) {
        /* A reply could not be built (out of memory): the prebuilt one. */
        r->status = 500;
        return MHD_queue_response(r->conn, 500, r->srv->oom_resp);
    }
    enum MHD_Result ok = MHD_queue_response(r->conn, r->status, r->resp);
    MHD_destroy_response(r->resp);
    r->resp = NULL;
    return ok;
}

static enum MHD_Result count_length_cb(void *cls, enum MHD_ValueKind kind, const char *key,
                                       const char *value)
{
    (void)kind;
    (void)value;
    unsigned *n = cls;
    if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0)
        n[0]++;
    else if (strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0)
        n[1]++;
    else if (strcasecmp(key, MHD_HTTP_HEADER_HOST) == 0)
        n[2]++;
    return MHD_YES;
}

/* A head this server refuses with 400, or NULL. Two Content-Length
 * headers, or one with Transfer-Encoding, make the body's end ambiguous
 * (RFC 9112 section 6.3; the root of request smuggling): libmicrohttpd
 * uses one of them and may then wait for bytes that never come. An
 * HTTP/1.1 request without Host, or any request with two, must get 400
 * (RFC 9112 section 3.2); libmicrohttpd 0.9.75 lets both through. */
static const char *head_refused(srv_req *r, const char *version)
{
    unsigned n[3] = {0, 0, 0};
    MHD_get_connection_values(r->conn, MHD_HEADER_KIND, count_length_cb, n);
    if (n[0] > 1 || (n[0] == 1 && n[1] > 0))
        return "Content-Length given more than once or with Transfer-Encoding";
    if (n[2] > 1)
        return "Host given more than once";
    if (n[2] == 0 && version != NULL && strcmp(version, MHD_HTTP_VERSION_1_1) == 0)
        return "an HTTP/1.1 request must name its Host";
    return NULL;
}

/* Size of the declared body, or -1 when there is no valid Content-Length
 * (a chunked body). */
static int64_t content_length(srv_req *r)
{
    const char *v = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
                                                MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (v == NULL || *v == '\0')
        return -1;
    int64_t n = 0;
    for (const char *p = v; *p != '\0'; p++) {
        if (*p < '0' || *p > '9' || n > (INT64_MAX - 9) / 10)
            return -1;
        n = n * 10 + (*p - '0');
    }
    return n;
}

/* 503 when the body budget is spent: other bodies are in memory now; the
 * client may retry shortly. */
static void reply_busy(srv_req *r)
{
    srv_reply_error(r, 503, "EBUSY", NULL,
                    "the server holds too many request bodies now; retry shortly");
    if (r->resp != NULL && r->status == 503) {
        char secs[16];
        snprintf(secs, sizeof secs, "%u", RELOK_RETRY_AFTER_S);
        (void)MHD_add_response_header(r->resp, MHD_HTTP_HEADER_RETRY_AFTER, secs);
    }
}

/* First call for a request: headers are in. Decide the route and make the
 * early answers (400 for a refused head, 431, 404, 405, 415, 413 by
 * Content-Length). Returns true
 * when that answer must go out now, before any body is read: the rest of
 * the request is then discarded and the connection closed. Other answers
 * wait for the end of the request, so that the connection can be kept
 * alive (libmicrohttpd closes it when answered before the request is in). */
static bool req_begin(srv_req *r, const char *version)
{
    relok_server *srv = r->srv;
    /* Counted even while stopping: replies then carry "Connection: close",
     * so each connection ends after its current request. */
    atomic_fetch_add(&srv->active, 1u);
    r->is_counted = true;
    bool api = is_api_path(r->path);
    r->log_tmpl = api ? TMPL_API_UNKNOWN : TMPL_STATIC;
    const char *refused = head_refused(r, version);
    if (refused != NULL) {
        srv_reply_error(r, 400, "EPARSE", NULL, refused);
        return true;
    }
    int n_headers = MHD_get_connection_values(r->conn, MHD_HEADER_KIND, NULL, NULL);
    if (n_headers < 0 || (unsigned)n_headers > RELOK_MAX_HEADERS) {
        srv_reply_error(r, 431, "ELIMIT", NULL, "too many request header fields");
        return true;
    }
    if (!api) {
        if (r->method != SRV_GET && r->method != SRV_HEAD)
            srv_reply_405(r, SRV_GET | SRV_HEAD);
        return false;
    }
    const srv_route *route = NULL;
    for (size_t i = 0; i < sizeof routes / sizeof *routes && route == NULL; i++)
        if (route_match(r, routes[i].tmpl, r->path))
            route = &routes[i];
    if (route == NULL) {
        srv_reply_error(r, 404, "ENOTFOUND", NULL, "no such API endpoint (see /api/openapi.json)");
        return false;
    }
    r->route = route;
    r->log_tmpl = route->tmpl;
    if ((route->methods & r->method) == 0) {
        srv_reply_405(r, route->methods);
        return false;
    }
    r->kbref = kb_acquire(srv);
    if (!route->takes_body)
        return false;
    const char *ct = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
                                                 MHD_HTTP_HEADER_CONTENT_TYPE);
    if (!srv_is_json_type(ct)) {
        srv_reply_error(r, 415, "EMEDIATYPE", NULL,
                        "the request body must be JSON (Content-Type: application/json)");
        return true;
    }
    int64_t declared = content_length(r);
    if (declared > (int64_t)RELOK_MAX_BODY_BYTES) {
        srv_reply_error(r, 413, "ELIMIT", NULL, "the request body is larger than the limit");
        return true;
    }
    /* With a declared length the buffer is allocated once. */
    size_t first = declared >= 0 ? (size_t)declared : 4096u;
    if (!srv_guard_reserve(&srv->guard, first + 1)) {
        reply_busy(r);
        return true;
    }
    r->body_reserved = first + 1;
    r->body = relok_arena_alloc(r->arena, first + 1);
    if (r->body == NULL) {
        srv_reply_error(r, 500, "ENOMEM", NULL, relok_strerror(RELOK_ENOMEM));
        return true;
    }
    r->body_cap = first + 1;
    r->body[0] = '\0';
    return false;
}

/* Store a piece of the body; bytes past the cap are only counted. Returns
 * false when the body cannot be stored (out of memory). */
static bool req_take_body(srv_req *r, const char *data, size_t len)
{
    r->body_seen += len;
    if (r->over_budget)
        return true;
    if (r->body_too_large || r->body_seen > RELOK_MAX_BODY_BYTES) {
        r->body_too_large = true;
        return true;
    }
    if (r->body_len + len + 1 > r->body_cap) {
        size_t cap = r->body_cap * 2;
        if (cap < r->body_len + len + 1)
            cap = r->body_len + len + 1;
        if (cap > RELOK_MAX_BODY_BYTES + 1)
            cap = RELOK_MAX_BODY_BYTES + 1;
        /* A chunked body takes from the budget as it grows. */
        if (!srv_guard_reserve(&r->srv->guard, cap)) {
            r->over_budget = true;
            return true;
        }
        r->body_reserved += cap;
        /* Arena memory cannot grow in place; the old block is reclaimed with
         * the arena. Doubling bounds the waste to the final size. */
        char *nb = relok_arena_alloc(r->arena, cap);
        if (nb == NULL)
            return false;
        memcpy(nb, r->body, r->body_len);
        r->body = nb;
        r->body_cap = cap;
    }
    memcpy(r->body + r->body_len, data, len);
    r->body_len += len;
    r->body[r->body_len] = '\0';
    return true;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    relok_server *srv = cls;
    srv_req *r = *con_cls;
    if (r == NULL) {
        r = req_new(srv, conn, url, method);
        if (r == NULL) {
            /* No memory for even the request state: the prebuilt answer. */
            return MHD_queue_response(conn, 500, srv->oom_resp);
        }
        *con_cls = r;
        srv_guard_head_done(&srv->guard, conn);
        if (req_begin(r, version))
            return req_queue(r);
        return MHD_YES;
    }
    if (*upload_data_size != 0) {
        size_t len = *upload_data_size;
        *upload_data_size = 0;
        if (r->resp != NULL || r->route == NULL || !r->route->takes_body) {
            /* A body nobody reads (a GET with a body, or an early answer):
             * counted and dropped. */
            r->body_seen += len;
        } else if (!req_take_body(r, upload_data, len)) {
            r->body_failed = true; /* answered with 500 at the end */
        }
        return r->body_seen > SRV_MAX_DISCARD_BYTES ? MHD_NO : MHD_YES;
    }
    /* The whole request is in. */
    srv_guard_request_done(&srv->guard, conn);
    if (r->resp != NULL)
        return req_queue(r);
    if (r->over_budget)
        reply_busy(r);
    else if (r->body_too_large)
        srv_reply_error(r, 413, "ELIMIT", NULL, "the request body is larger than the limit");
    else if (r->body_failed)
        srv_reply_error(r, 500, "ENOMEM", NULL, relok_strerror(RELOK_ENOMEM));
    else if (r->route != NULL)
        r->route->fn(r);
    else
        srv_route_static(r);
    return req_queue(r);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)toe;
    relok_server *srv = cls;
    srv_req *r = *con_cls;
    if (r == NULL)
        return;
    /* A kept-alive connection's next head has its own deadline. */
    srv_guard_answer_done(&srv->guard, conn);
    if (srv->access_log) {
        int64_t us = (now_ns() - r->start_ns) / 1000;
        char status[16];
        if (r->status != 0)
            snprintf(status, sizeof status, "%u", r->status);
        else
            snprintf(status, sizeof status, "-");
        srv_log(srv, "access: %s %s %s %lld.%03lldms", method_name(r->method), r->log_tmpl,
                status, (long long)(us / 1000), (long long)(us % 1000));
    }
    req_free(r);
    *con_cls = NULL;
}

/* ============================================================ start, stop */

static unsigned default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1)
        return 1;
    return n > (long)RELOK_MAX_SERVER_THREADS ? RELOK_MAX_SERVER_THREADS : (unsigned)n;
}

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* dirname(path) + "/web" into out when it is a directory. */
static bool sibling_web(const char *path, char *out, size_t out_len)
{
    char tmp[RELOK_PATH_BUF];
    if (path == NULL || strlen(path) >= sizeof tmp)
        return false;
    memcpy(tmp, path, strlen(path) + 1);
    size_t n = strlen(tmp);
    while (n > 1 && tmp[n - 1] == '/')
        tmp[--n] = '\0';
    char *slash = strrchr(tmp, '/');
    int w;
    if (slash == NULL)
        w = snprintf(out, out_len, "web");
    else if (slash == tmp)
        w = snprintf(out, out_len, "/web");
    else {
        *slash = '\0';
        w = snprintf(out, out_len, "%s/web", tmp);
    }
    return w > 0 && (size_t)w < out_len && is_dir(out);
}

/* Absolute path of an existing directory, so that a later chdir cannot
 * change what is served. (realpath is not in the POSIX base we build
 * against; symlinks are left as they are.) */
static bool canonical_dir(const char *path, char *out, size_t out_len)
{
    if (!is_dir(path))
        return false;
    int w;
    if (path[0] == '/') {
        w = snprintf(out, out_len, "%s", path);
    } else {
        char cwd[RELOK_PATH_BUF];
        if (getcwd(cwd, sizeof cwd) == NULL)
            return false;
        w = snprintf(out, out_len, "%s/%s", cwd, path);
    }
    if (w < 0 || (size_t)w >= out_len)
        return false;
    size_t n = (size_t)w;
    while (n > 1 && out[n - 1] == '/')
        out[--n] = '\0';
    return true;
}

static relok_status fail(relok_error *err, relok_status code, const char *source,
                         const char *msg)
{
    if (err != NULL && err->code == RELOK_OK) {
        err->code = code;
        relok_strlcpy(err->source, source, sizeof err->source);
        relok_strlcpy(err->msg, msg, sizeof err->msg);
    }
    return code;
}

static relok_status resolve_web(relok_server *srv, const relok_server_opts *o,
                                relok_error *err)
{
    char cand[RELOK_PATH_BUF];
    srv->web_dir[0] = '\0';
    if (o->web_dir != NULL) {
        if (!canonical_dir(o->web_dir, srv->web_dir, sizeof srv->web_dir)) {
            snprintf(cand, sizeof cand, "%s: not a directory", o->web_dir);
            return fail(err, RELOK_EINVAL, "--web", cand);
        }
        return RELOK_OK;
    }
    char def[RELOK_PATH_BUF];
    (void)relok_kb_default_dir(def, sizeof def); /* the path is used even if absent */
    if (sibling_web(def, cand, sizeof cand) || sibling_web(srv->kb_dir, cand, sizeof cand))
        (void)canonical_dir(cand, srv->web_dir, sizeof srv->web_dir);
    return RELOK_OK;
}

static const char OOM_BODY[] =
    "{\"error\":{\"status\":500,\"code\":\"ENOMEM\",\"message\":\"out of memory\","
    "\"field\":null}}";

relok_status relok_server_start(const relok_server_opts *o, relok_server **out,
                                relok_error *err)
{
    return srv_start(o, false, out, err);
}

relok_status srv_start(const relok_server_opts *o, bool external, relok_server **out,
                       relok_error *err)
{
    *out = NULL;
    /* The server is a face: it, not the library, gives jansson the
     * library's per-render arenas (include/relok/mem.h). Set before any
     * thread starts; setting it again (a second server) changes nothing. */
    json_set_alloc_funcs(relok_json_alloc, relok_json_release);
    relok_server *srv = relok_calloc(1, sizeof *srv);
    if (srv == NULL)
        return fail(err, RELOK_ENOMEM, "relok serve", relok_strerror(RELOK_ENOMEM));
    srv->access_log = o->access_log;
    srv->log_cb = o->log_cb;
    srv->log_ud = o->log_ud;
    atomic_init(&srv->active, 0u);
    atomic_init(&srv->stopping, false);
    atomic_init(&srv->generation, 1u);
    pthread_mutex_init(&srv->kb_lock, NULL);
    pthread_mutex_init(&srv->reload_lock, NULL);
    relok_status s = RELOK_OK;
    relok_kb *kb = NULL;

    /* Address first: a typo should not cost a KB load. */
    const char *bind = o->bind != NULL ? o->bind : "127.0.0.1";
    struct sockaddr_in a4;
    struct sockaddr_in6 a6;
    const struct sockaddr *sa;
    unsigned flags = MHD_USE_AUTO | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC |
                     MHD_USE_ERROR_LOG;
    /* feed.c drives the daemon from the caller's thread, with connections
     * it adds itself. */
    if (external)
        flags = MHD_USE_ERROR_LOG | MHD_USE_NO_LISTEN_SOCKET;
    srv->external = external;
    memset(&a4, 0, sizeof a4);
    memset(&a6, 0, sizeof a6);
    if (inet_pton(AF_INET, bind, &a4.sin_addr) == 1) {
        a4.sin_family = AF_INET;
        a4.sin_port = htons(o->port);
        sa = (const struct sockaddr *)&a4;
    } else if (inet_pton(AF_INET6, bind, &a6.sin6_addr) == 1) {
        a6.sin6_family = AF_INET6;
        a6.sin6_port = htons(o->port);
        sa = (const struct sockaddr *)&a6;
        flags |= MHD_USE_IPv6;
    } else {
        s = fail(err, RELOK_EINVAL, "--bind", "expected an IPv4 or IPv6 address");
        goto out;
    }

    char dir[RELOK_PATH_BUF];
    if (o->kb_dir != NULL) {
        relok_strlcpy(dir, o->kb_dir, sizeof dir);
    } else if (relok_kb_default_dir(dir, sizeof dir) != RELOK_OK) {
        s = fail(err, RELOK_EIO, dir, "cannot find the knowledge base; use --kb DIR");
        goto out;
    }
    if ((s = relok_kb_load(dir, &kb, NULL, err)) != RELOK_OK)
        goto out;
    if (!canonical_dir(dir, srv->kb_dir, sizeof srv->kb_dir))
        relok_strlcpy(srv->kb_dir, dir, sizeof srv->kb_dir);
    if ((srv->kb = kb_ref_new(kb, 1)) == NULL) {
        s = fail(err, RELOK_ENOMEM, "relok serve", relok_strerror(RELOK_ENOMEM));
        goto out;
    }
    kb = NULL; /* owned by the ref now */
    if ((s = resolve_web(srv, o, err)) != RELOK_OK)
        goto out;

    srv->oom_resp = MHD_create_response_from_buffer(
        sizeof OOM_BODY - 1, (void *)(uintptr_t)OOM_BODY, MHD_RESPMEM_PERSISTENT);
    if (srv->oom_resp == NULL || !srv_add_common_headers(srv->oom_resp, true, false) ||
        MHD_add_response_header(srv->oom_resp, MHD_HTTP_HEADER_CONTENT_TYPE,
                                "application/json") != MHD_YES) {
        s = fail(err, RELOK_ENOMEM, "relok serve", relok_strerror(RELOK_ENOMEM));
        goto out;
    }

    unsigned max_conns = o->max_conns != 0 ? o->max_conns : RELOK_MAX_CONNECTIONS;
    unsigned per_ip = o->max_conns_per_ip != 0 ? o->max_conns_per_ip
                                               : RELOK_MAX_CONNS_PER_IP;
    if (!srv_guard_init(&srv->guard, o, max_conns)) {
        s = fail(err, RELOK_ENOMEM, "relok serve", relok_strerror(RELOK_ENOMEM));
        goto out;
    }
    if (!srv_guard_start(&srv->guard)) {
        s = fail(err, RELOK_EIO, "relok serve", "cannot start the connection watchdog");
        goto out;
    }

    unsigned threads = o->threads != 0 ? o->threads : default_threads();
    if (threads > RELOK_MAX_SERVER_THREADS)
        threads = RELOK_MAX_SERVER_THREADS;
    /* The logger goes first so that start-up messages use it too. */
    srv->daemon = MHD_start_daemon(
        flags, o->port, NULL, NULL, on_request, srv,
        MHD_OPTION_EXTERNAL_LOGGER, mhd_log_cb, srv,
        MHD_OPTION_SOCK_ADDR, sa,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
        MHD_OPTION_UNESCAPE_CALLBACK, unescape_cb, srv,
        MHD_OPTION_NOTIFY_CONNECTION, srv_guard_notify, &srv->guard,
        /* Above ours: the guard picks whom to drop at its limit. */
        MHD_OPTION_CONNECTION_LIMIT, max_conns + RELOK_GUARD_SPARE_CONNS,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_ip,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)RELOK_CONNECTION_TIMEOUT_S,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)RELOK_MAX_REQUEST_HEAD_BYTES,
        /* One thread: the polling thread itself; more: a pool. */
        threads > 1 && !external ? MHD_OPTION_THREAD_POOL_SIZE : MHD_OPTION_END, threads,
        MHD_OPTION_END);
    if (srv->daemon == NULL) {
        char msg[160];
        snprintf(msg, sizeof msg, "cannot listen on %s port %u (in use, or not allowed?)",
                 bind, (unsigned)o->port);
        s = fail(err, RELOK_EIO, "relok serve", msg);
        goto out;
    }
    if (!external && (s = srv_sim_start(srv, o, err)) != RELOK_OK)
        goto out;
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
    srv->port = info != NULL ? info->port : o->port;
    srv_log(srv, "KB %s: %zu countries; web %s; %u thread%s; access log %s", srv->kb_dir,
            relok_kb_n_countries(srv->kb->kb), srv->web_dir[0] != '\0' ? srv->web_dir : "(none)",
            threads, threads == 1 ? "" : "s", srv->access_log ? "on" : "off");
    *out = srv;
    return RELOK_OK;

out:
    if (srv->daemon != NULL)
        MHD_stop_daemon(srv->daemon);
    srv_guard_fini(&srv->guard);
    relok_kb_free(kb);
    if (srv->oom_resp != NULL)
        MHD_destroy_response(srv->oom_resp);
    kb_release(srv->kb);
    pthread_mutex_destroy(&srv->kb_lock);
    pthread_mutex_destroy(&srv->reload_lock);
    relok_free(srv);
    return s;
}

uint16_t relok_server_port(const relok_server *srv) { return srv->port; }

const char *relok_server_web_dir(const relok_server *srv)
{
    return srv->web_dir[0] != '\0' ? srv->web_dir : NULL;
}

unsigned relok_server_kb_generation(const relok_server *srv)
{
    return atomic_load(&srv->generation);
}

void relok_server_stop(relok_server *srv)
{
    if (srv == NULL)
        return;
    atomic_store(&srv->stopping, true);
    /* Stop taking connections: the listening socket leaves the event loops,
     * and shutting it down makes the kernel refuse new ones at once. It is
     * closed only after MHD_stop_daemon (libmicrohttpd's rule for threads). */
    MHD_socket lsock = srv->external ? MHD_INVALID_SOCKET : MHD_quiesce_daemon(srv->daemon);
    if (lsock != MHD_INVALID_SOCKET)
        (void)shutdown(lsock, SHUT_RDWR); /* best effort; close follows */
    /* A scenario being computed stops at its next day. */
    srv_sim_stop(srv);
    /* Let requests in flight finish; their connections time out anyway
     * after RELOK_CONNECTION_TIMEOUT_S of silence. */
    int64_t deadline = now_ns() + (int64_t)RELOK_CONNECTION_TIMEOUT_S * 1000000000;
    while (atomic_load(&srv->active) > 0 && now_ns() < deadline) {
        struct timespec ts = {0, 5 * 1000 * 1000};
        (void)nanosleep(&ts, NULL); /* an interruption only shortens one wait */
    }
    unsigned left = atomic_load(&srv->active);
    MHD_stop_daemon(srv->daemon);
    srv_sim_free(srv);
    srv_guard_fini(&srv->guard);
    if (lsock != MHD_INVALID_SOCKET)
        (void)close(lsock);
    if (left > 0)
        srv_log(srv, "stopped with %u request%s unfinished after %us", left,
                left == 1 ? "" : "s", (unsigned)RELOK_CONNECTION_TIMEOUT_S);
    else
        srv_log(srv, "stopped");
    MHD_destroy_response(srv->oom_resp);
    kb_release(srv->kb);
    pthread_mutex_destroy(&srv->kb_lock);
    pthread_mutex_destroy(&srv->reload_lock);
    relok_free(srv);
}

/* ================================================================= reload */

relok_status relok_server_reload(relok_server *srv, const char *dir, relok_error *err)
{
    pthread_mutex_lock(&srv->reload_lock);
    char path[RELOK_PATH_BUF];
    relok_strlcpy(path, dir != NULL ? dir : srv->kb_dir, sizeof path);
    relok_kb *kb = NULL;
    relok_error e = {0};
    /* Load and validate fully before touching the KB in service. */
    relok_status s = relok_kb_load(path, &kb, NULL, &e);
    srv_kb *ref = NULL;
    if (s == RELOK_OK && (ref = kb_ref_new(kb, 0)) == NULL) {
        relok_kb_free(kb);
        s = RELOK_ENOMEM;
        relok_strlcpy(e.msg, relok_strerror(s), sizeof e.msg);
        e.code = s;
    }
    if (s != RELOK_OK) {
        char buf[RELOK_ERROR_SOURCE_LEN + RELOK_ERROR_PATH_LEN + RELOK_ERROR_MSG_LEN + 32];
        srv_log(srv, "KB reload refused, the KB in service is kept: %s",
                relok_error_format(&e, buf, sizeof buf));
        if (err != NULL && err->code == RELOK_OK)
            *err = e;
        pthread_mutex_unlock(&srv->reload_lock);
        return s;
    }
    pthread_mutex_lock(&srv->kb_lock);
    srv_kb *old = srv->kb;
    ref->generation = old->generation + 1;
    srv->kb = ref;
    atomic_store(&srv->generation, ref->generation);
    pthread_mutex_unlock(&srv->kb_lock);
    /* Requests that hold the old KB keep it until they complete. */
    kb_release(old);
    srv_sim_kick(srv); /* the new KB's scenarios */
    if (!canonical_dir(path, srv->kb_dir, sizeof srv->kb_dir))
        relok_strlcpy(srv->kb_dir, path, sizeof srv->kb_dir);
    srv_log(srv, "KB reloaded from %s: %zu countries (generation %u)", srv->kb_dir,
            relok_kb_n_countries(ref->kb), ref->generation);
    pthread_mutex_unlock(&srv->reload_lock);
    return RELOK_OK;
}

/* ================================================================ signals */

static void server_signals(sigset_t *set)
{
    sigemptyset(set);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGTERM);
    sigaddset(set, SIGHUP);
}

void relok_server_block_signals(void)
{
    sigset_t set;
    server_signals(&set);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
}

int relok_server_wait(relok_server *srv)
{
    sigset_t set;
    server_signals(&set);
    for (;;) {
        int sig = 0;
        if (sigwait(&set, &sig) != 0)
            continue;
        if (sig == SIGHUP) {
            srv_log(srv, "SIGHUP: reloading the KB");
            (void)relok_server_reload(srv, NULL, NULL); /* it logs the outcome */
            continue;
        }
        srv_log(srv, "%s: finishing requests in flight, then stopping",
                sig == SIGINT ? "SIGINT" : "SIGTERM");
        return sig;
    }
}
