/* SPDX-License-Identifier: MIT */
/* The HTTP face (`relok serve`): a JSON API over the library plus the web UI
 * as static files, on libmicrohttpd. Faces layer, built as the separate
 * library relok_server (not part of librelok) when RELOK_SERVER is on.
 * Privacy (DESIGN.md): request bodies and query strings never reach a log;
 * the access log, off by default, records method, route template, status
 * and duration only. docs/api.md describes the API. */
#ifndef RELOK_SERVER_H
#define RELOK_SERVER_H

#include "relok/error.h"

typedef struct relok_server relok_server;

/* Receives one log line (no trailing newline) from any server thread; the
 * callback must be thread-safe. The line never contains a request body, a
 * query string, a request path or a client address. */
typedef void (*relok_server_log_cb)(void *ud, const char *line);

typedef struct relok_server_opts {
    const char *bind;            /* IPv4 or IPv6 literal; NULL: "127.0.0.1" */
    uint16_t port;               /* TCP port; 0: an ephemeral one (see relok_server_port) */
    const char *kb_dir;          /* KB directory; NULL: relok_kb_default_dir */
    const char *web_dir;         /* static files; NULL: the `web` directory next to
                                  * the shipped KB (build tree or share dir), if any */
    unsigned threads;            /* worker threads; 0: one per online CPU (max 64) */
    bool access_log;             /* log one line per request (off by default) */
    relok_server_log_cb log_cb;  /* NULL: lines go to stderr */
    void *log_ud;                /* passed to log_cb */
    /* Protections against slow clients and memory floods (docs/api.md
     * "Limits"); 0 takes the default. */
    unsigned max_conns;          /* open connections in all (default 512) */
    unsigned max_conns_per_ip;   /* open connections from one address (32) */
    unsigned head_timeout_s;     /* a request head must be in within (10 s) */
    unsigned body_timeout_s;     /* a body must be in within, after its head (30 s) */
    size_t body_budget;          /* body bytes in memory across requests (32 MiB) */
    /* Scenario ensembles (docs/api.md "Scenarios"): computed in a background
     * thread for every shipped scenario at start and after each reload when
     * sim_precompute (relok serve --precompute, as make run does), else on
     * the first request for each; of sim_agents agents (0: the default,
     * RELOK_SERVE_SIM_AGENTS in relok/limits.h) and sim_runs runs
     * (RELOK_SERVE_SIM_RUNS). */
    bool sim_precompute;
    unsigned sim_agents;
    unsigned sim_runs;
} relok_server_opts;

/* Load the KB (fully validated) and start listening in background threads.
 * On success *out is a running server (stop it with relok_server_stop).
 * RELOK_EINVAL (bad bind address, web_dir not a directory), the statuses of
 * relok_kb_load, RELOK_EIO (cannot listen, e.g. port in use), RELOK_ENOMEM. */
RELOK_API relok_status relok_server_start(const relok_server_opts *opts, relok_server **out,
                                          relok_error *err);

/* The TCP port the server listens on (the ephemeral one when opts.port was 0). */
RELOK_API uint16_t relok_server_port(const relok_server *srv);

/* The web directory in use, or NULL when static files are disabled.
 * Valid until relok_server_stop. */
RELOK_API const char *relok_server_web_dir(const relok_server *srv);

/* Reload the KB from dir (NULL: the directory in use) without dropping
 * requests: the new KB is loaded and validated fully first, then swapped in;
 * requests already running keep the KB they started with until they finish.
 * An invalid KB is refused, logged (the KB error only) and the old one kept.
 * RELOK_OK, or the status of relok_kb_load (the old KB stays in service). */
RELOK_API relok_status relok_server_reload(relok_server *srv, const char *dir,
                                           relok_error *err);

/* How many KBs have been put into service (1 after start, +1 per successful
 * reload). */
RELOK_API unsigned relok_server_kb_generation(const relok_server *srv);

/* Stop gracefully: stop accepting connections, let requests in flight finish
 * (waiting at most RELOK_CONNECTION_TIMEOUT_S seconds), then shut down and
 * free everything. Accepts NULL. */
RELOK_API void relok_server_stop(relok_server *srv);

/* Signals: block SIGINT, SIGTERM and SIGHUP in the calling thread. Call
 * before relok_server_start so that the server's threads inherit the mask
 * and the signals are taken only by relok_server_wait. */
RELOK_API void relok_server_block_signals(void);

/* Wait for SIGINT, SIGTERM or SIGHUP (blocked by relok_server_block_signals):
 * SIGHUP reloads the KB (relok_server_reload) and waits on; SIGINT or
 * SIGTERM returns the signal number, after which the caller stops the
 * server. */
RELOK_API int relok_server_wait(relok_server *srv);

#endif
