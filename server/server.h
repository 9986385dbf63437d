/* SPDX-License-Identifier: MIT */
/* Internals shared by server.c (daemon, request lifecycle, routing, KB
 * swaps, logging, signals), reply.c (responses and security headers) and
 * the route_<area>.c handlers. Faces layer: parses HTTP input, calls the
 * library, renders; libmicrohttpd types stay in these files. */
#ifndef RELOK_SERVER_INT_H
#define RELOK_SERVER_INT_H

#include "relok/relok.h"
#include "relok/server.h"

#include "guard.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

struct MHD_Connection;
struct MHD_Response;

/* ------------------------------------------------------------ the KB ref */

typedef struct srv_sim_cache srv_sim_cache;  /* scenario results (sim_worker.h) */
typedef struct srv_sim srv_sim;              /* the scenario worker (sim_worker.c) */

/* A rendered answer shared by the cache and the responses sending it. */
typedef struct srv_blob {
    atomic_uint refs;        /* references held */
    size_t len;              /* bytes in data, without the NUL */
    char data[];             /* NUL-terminated */
} srv_blob;

enum {
    SRV_CACHE_SLOTS = 64,    /* rendered answers kept per KB */
    SRV_CACHE_KEY = 96       /* bytes of a key ("country|GE|2024-01-01") */
};

typedef struct srv_cache_slot {
    char key[SRV_CACHE_KEY];
    srv_blob *blob;          /* one reference; NULL when empty */
} srv_cache_slot;

/* A loaded KB shared by the requests that started while it was current.
 * The server holds one reference while it is current; each request holds one
 * from its first handler call to its completion callback. The last release
 * frees the KB (relok_kb_free) and the ref. */
typedef struct srv_kb {
    relok_kb *kb;            /* owned */
    atomic_uint refs;        /* references held */
    unsigned generation;     /* 1 for the first KB, +1 per reload */
    pthread_mutex_t cache_lock;               /* guards cache and cache_next */
    srv_cache_slot cache[SRV_CACHE_SLOTS];    /* rendered GET answers (cache.c) */
    unsigned cache_next;                      /* next slot to reuse */
    srv_sim_cache *sim;      /* scenario results, made on first use under cache_lock */
    relok_advise_cache *advise; /* the advisor's year plans, or NULL (thread-safe) */
} srv_kb;

/* ------------------------------------------------------------- a request */

typedef enum srv_method {
    SRV_GET = 1u,
    SRV_HEAD = 2u,
    SRV_POST = 4u,
    SRV_OTHER = 8u
} srv_method;

typedef struct srv_req srv_req;
typedef void (*srv_handler_fn)(srv_req *r);

/* A route: a path template whose "{name}" segments match one segment each. */
typedef struct srv_route {
    const char *tmpl;        /* "/api/countries/{cc}": matched and logged */
    unsigned methods;        /* srv_method bits allowed */
    bool takes_body;         /* POST with a JSON body */
    srv_handler_fn fn;
} srv_route;

enum { SRV_MAX_PARAMS = 2 };

/* Per-request state. Lives in the request's arena, created at the first
 * handler call and freed (with everything the request allocated) in the
 * completion callback, as h2o's per-request pool. */
struct srv_req {
    relok_server *srv;
    relok_arena *arena;              /* owned: freed on completion */
    srv_kb *kbref;                   /* one reference, released on completion */
    struct MHD_Connection *conn;     /* borrowed from libmicrohttpd */
    const srv_route *route;          /* NULL: static files */
    const char *log_tmpl;            /* route template for the access log */
    srv_method method;
    const char *path;                /* decoded path (arena) */
    const char *params[SRV_MAX_PARAMS]; /* "{...}" captures, arena */
    char *body;                      /* request body (arena), NUL-terminated */
    size_t body_len;                 /* bytes stored */
    size_t body_cap;                 /* bytes allocated for body */
    size_t body_seen;                /* bytes received, counted even past the cap */
    bool body_too_large;             /* body_seen passed RELOK_MAX_BODY_BYTES */
    bool body_failed;                /* no memory to store the body */
    bool is_counted;                 /* counted in srv->active */
    bool over_budget;                /* the body budget had no room: 503 */
    size_t body_reserved;            /* bytes reserved from the body budget */
    struct MHD_Response *resp;       /* built by a handler; queued by server.c */
    unsigned status;                 /* HTTP status of resp */
    int64_t start_ns;                /* monotonic clock at the first handler call */
};

/* ------------------------------------------------------------ the server */

struct relok_server {
    struct MHD_Daemon *daemon;
    pthread_mutex_t kb_lock;         /* guards kb (the pointer swap only) */
    pthread_mutex_t reload_lock;     /* one reload at a time */
    srv_kb *kb;                      /* current KB, one reference held */
    char kb_dir[4096];               /* directory the current KB came from */
    char web_dir[4096];              /* static files; "" when disabled */
    bool access_log;
    relok_server_log_cb log_cb;
    void *log_ud;
    atomic_uint active;              /* requests between first call and completion */
    atomic_bool stopping;            /* relok_server_stop began: ask clients to close */
    atomic_uint generation;          /* generation of kb, for relok_server_kb_generation */
    uint16_t port;
    struct MHD_Response *oom_resp;   /* prebuilt 500 for when no request state fits */
    srv_guard guard;                 /* deadlines, body budget (guard.c) */
    bool external;                   /* driven by srv_feed (no threads, no socket) */
    srv_sim *sim;                    /* scenario worker (sim_worker.c); NULL if external */
};

/* relok_server_start, or with external a daemon with no listening socket
 * and no threads, driven by srv_feed from the caller's thread (fuzzing). */
relok_status srv_start(const relok_server_opts *o, bool external, relok_server **out,
                       relok_error *err);
/* feed.c: hand len bytes to an external server as one client connection
 * (a socket pair) and run the daemon until it closes it; the answer is
 * read and dropped. Returns the bytes answered. */
size_t srv_feed(relok_server *srv, const uint8_t *data, size_t len);
/* The same, keeping the first cap - 1 bytes of the answer in out
 * (NUL-terminated; the allocation sweeps read status and body). */
size_t srv_feed_reply(relok_server *srv, const uint8_t *data, size_t len, char *out,
                      size_t cap);

/* ------------------------------------------------------- server.c helpers */

/* Log one line through the server's sink (printf-style). Callers never pass
 * request bodies, paths or query values. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void srv_log(relok_server *srv, const char *fmt, ...);

/* Query-string value of name (decoded), "" when given without a value, NULL
 * when absent. */
const char *srv_arg(srv_req *r, const char *name);
/* Optional date parameter ("YYYY-MM-DD"); today when absent. On a bad
 * date replies 400 naming the parameter and returns false. */
bool srv_arg_date(srv_req *r, const char *name, relok_day *out);
/* Optional whole-number parameter in 0..max; *out untouched when absent.
 * Replies 400 naming it and returns false when malformed. */
bool srv_arg_uint(srv_req *r, const char *name, unsigned long max, unsigned long *out);
/* Reject query keys not in allowed (NULL-terminated) and repeated keys with a
 * 400 naming the key. Returns false when a reply was made. */
bool srv_check_args(srv_req *r, const char *const *allowed);

/* The request's KB (the one current at its first handler call). */
static inline const relok_kb *srv_kb_of(const srv_req *r) { return r->kbref->kb; }

/* A reference to the KB in service, for work outside a request (the
 * scenario worker); give it back with srv_kb_put. */
srv_kb *srv_kb_current(relok_server *srv);
void srv_kb_put(srv_kb *ref);

/* ---------------------------------------------------------------- cache.c */

void srv_cache_init(srv_kb *k);
/* Drop every entry (responses still sending one keep it alive). */
void srv_cache_clear(srv_kb *k);
/* Drop every cached answer, the KB staying in service (the allocation
 * sweeps use it to reach the rendering path again). */
void srv_cache_empty(srv_kb *k);
/* The answer cached under key, with a reference for the caller, or NULL. */
srv_blob *srv_cache_get(srv_kb *k, const char *key);
/* Cache a copy of text under key; returns it with a reference for the
 * caller, or NULL (key too long, out of memory: then nothing is cached). */
srv_blob *srv_cache_put(srv_kb *k, const char *key, const char *text, size_t len);
void srv_blob_release(srv_blob *b);
/* A blob holding a copy of text, with one reference; NULL when out of memory. */
srv_blob *srv_blob_new(const char *text, size_t len);
/* One more reference to b (for a reply), returned. */
srv_blob *srv_blob_ref(srv_blob *b);
/* Reply with a blob; takes over the caller's reference. */
void srv_reply_blob(srv_req *r, unsigned status, srv_blob *b);

/* ---------------------------------------------------------------- reply.c */

/* Add the JSON headers to resp (NULL: allocation failed) and make it the
 * request's reply; on failure the prebuilt 500 goes out instead. */
void srv_finish_json(srv_req *r, unsigned status, struct MHD_Response *resp);

/* Every reply sets r->resp and r->status. On allocation failure they fall
 * back to the prebuilt 500. */

/* Reply with JSON text made by a library renderer (malloc'd; ownership
 * passes to the reply, which releases it with relok_json_free). */
void srv_reply_json_take(srv_req *r, unsigned status, char *json);
/* The end of a rendering route: 200 with json (taken) when s is RELOK_OK,
 * else json (may be NULL) is freed and the library error is the reply. */
void srv_reply_rendered(srv_req *r, relok_status s, const relok_error *err, char *json);
/* Reply with an iCalendar file made by relok_stay_ics (ownership passes to
 * the reply): text/calendar, to be saved as `filename`. */
void srv_reply_ics_take(srv_req *r, char *text, const char *filename);
/* Reply with JSON text copied from buf. */
void srv_reply_json_copy(srv_req *r, unsigned status, const char *buf, size_t len);
/* Reply with JSON text that outlives the server (static data). */
void srv_reply_json_static(srv_req *r, unsigned status, const char *buf, size_t len);
/* {"error": {"status", "code", "reason", "message", "field"}}. code is a
 * relok status name ("ESCHEMA") or one of the HTTP-level codes in
 * docs/api.md ("EMETHOD", "EMEDIATYPE", "ENOTIMPL"); reason is the stable
 * machine code of the failure the web UI turns into a sentence in the
 * user's language (docs/api.md lists them; NULL: one for the code); field
 * may be NULL (shown as null). */
void srv_reply_error_why(srv_req *r, unsigned status, const char *code, const char *reason,
                         const char *field, const char *msg);
/* The same with the reason that goes with code ("ESCHEMA" -> "invalid"). */
void srv_reply_error(srv_req *r, unsigned status, const char *code, const char *field,
                     const char *msg);
/* The same from a library error; status chosen by srv_http_status. */
void srv_reply_lib_error(srv_req *r, relok_status s, const relok_error *err);
/* 405 with the Allow header for the route's methods. */
void srv_reply_405(srv_req *r, unsigned methods);
/* The HTTP status for a library status (400 for bad input, 404, 413, 500). */
unsigned srv_http_status(relok_status s);
/* Security headers on every response; Cache-Control: no-store when is_api. */
bool srv_add_common_headers(struct MHD_Response *resp, bool is_api, bool closing);
/* Write s as a JSON string (with quotes) into arena text; invalid UTF-8
 * bytes become U+FFFD. Returns NULL when out of memory. */
char *srv_json_quote(relok_arena *a, const char *s);

/* ----------------------------------------------------------------- routes */

/* route_kb.c */
void srv_route_healthz(srv_req *r);
void srv_route_openapi(srv_req *r);
void srv_route_countries(srv_req *r);
void srv_route_country(srv_req *r);
void srv_route_history(srv_req *r);
void srv_route_sources(srv_req *r);
void srv_route_source(srv_req *r);
/* route_stay.c */
void srv_route_stay(srv_req *r);
void srv_route_plan(srv_req *r);
/* route_tax.c */
void srv_route_tax(srv_req *r);
/* route_labels.c */
void srv_route_labels(srv_req *r);
/* route_advise.c */
void srv_route_advise(srv_req *r);
void srv_route_advise_country(srv_req *r);
/* route_sim.c */
void srv_route_scenarios(srv_req *r);
void srv_route_scenario(srv_req *r);
void srv_route_scenario_result(srv_req *r);
void srv_route_sim(srv_req *r);
void srv_route_sim_report(srv_req *r);
/* sim_worker.c: start the scenario worker (precomputing when
 * opts->sim_precompute), wake it after a reload, stop its thread (runs in
 * requests stop too), free it once no request runs; free a KB's results. */
relok_status srv_sim_start(relok_server *srv, const relok_server_opts *o, relok_error *err);
void srv_sim_kick(relok_server *srv);
void srv_sim_stop(relok_server *srv);
void srv_sim_free(relok_server *srv);
void srv_sim_cache_free(srv_sim_cache *c);
/* route_static.c: GET/HEAD of anything outside /api/ and /healthz. */
void srv_route_static(srv_req *r);

/* Static path check (route_static.c): true when the decoded URL path is a
 * plain relative file path we may serve (no "..", no dot segments, no empty
 * segments, no backslash, only safe characters). Exposed for the tests and
 * the fuzz harness. */
bool srv_static_path_ok(const char *path);
/* Content type for a file name, by extension. */
const char *srv_content_type(const char *name);
/* True for "application/json" optionally followed by parameters, with a
 * charset (if any) of utf-8. */
bool srv_is_json_type(const char *content_type);

/* The embedded OpenAPI document (openapi.json at build time). */
extern const unsigned char relok__openapi_json[];
extern const size_t relok__openapi_json_len;

#endif
