/* SPDX-License-Identifier: MIT */
/* Protection against slow and idle clients and against memory held by
 * bodies in flight (issue 13): a deadline per connection that activity does
 * not extend, enforced by a watchdog thread; a budget of body bytes across
 * all connections; memory handed back to the system after bursts. The
 * per-address and global connection limits are libmicrohttpd options set
 * in server.c from the same settings. Faces layer. */
#ifndef RELOK_SERVER_GUARD_H
#define RELOK_SERVER_GUARD_H

#include "base/limits.h"
#include "relok/server.h"

#include <microhttpd.h>
#include <pthread.h>

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct MHD_Connection;

/* The defaults of the relok serve options (timeouts, connection caps, the
 * body budget) are in src/base/limits.h with every other limit. */

/* One tracked connection (libmicrohttpd's socket context). */
typedef struct srv_conn {
    int fd;                     /* the connection's socket; -1: slot free */
    _Atomic int64_t deadline;   /* monotonic ns; 0: none */
    atomic_bool awaiting_head;  /* no request head yet (or since the last answer) */
    unsigned next_free;         /* free-list link */
} srv_conn;

typedef struct srv_guard {
    unsigned head_timeout_s, body_timeout_s;
    size_t body_budget;
    atomic_size_t body_bytes;   /* reserved by requests in flight */
    atomic_size_t freed_since_trim; /* body bytes released since the last trim */
    srv_conn *slots;            /* max_conns + spare */
    unsigned n_slots, free_head;
    unsigned max_conns, n_used; /* our connection limit; slots in use */
    unsigned n_killed;          /* connections closed by the watchdog (tests) */
    pthread_mutex_t lock;       /* guards slots, free_head, n_killed */
    pthread_t watchdog;
    bool watchdog_running;
    atomic_bool stop;
} srv_guard;

/* Settings from opts (0 fields take the defaults above). false when out of
 * memory. */
bool srv_guard_init(srv_guard *g, const relok_server_opts *o, unsigned max_conns);
/* Start the watchdog thread; false when it cannot start. */
bool srv_guard_start(srv_guard *g);
/* Stop the watchdog and free the slots (after the daemon stopped). */
void srv_guard_fini(srv_guard *g);

/* libmicrohttpd's MHD_OPTION_NOTIFY_CONNECTION callback (cls: the guard). */
void srv_guard_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
                      enum MHD_ConnectionNotificationCode toe);

/* Request phases of a connection: the head is in (the body deadline
 * starts), the request is in (no deadline while we answer; libmicrohttpd's
 * idle timeout covers a client that does not read), the answer is done (a
 * kept-alive connection's next head must come within the head deadline). */
void srv_guard_head_done(srv_guard *g, struct MHD_Connection *conn);
void srv_guard_request_done(srv_guard *g, struct MHD_Connection *conn);
void srv_guard_answer_done(srv_guard *g, struct MHD_Connection *conn);

/* Reserve n body bytes from the budget; false (nothing reserved) when it
 * would pass it. */
bool srv_guard_reserve(srv_guard *g, size_t n);
/* Give back n reserved bytes; after a burst (nothing reserved any more and
 * a lot freed) hand free heap back to the system. */
void srv_guard_release(srv_guard *g, size_t n);

/* Connections the watchdog closed so far. */
unsigned srv_guard_killed(srv_guard *g);

#endif
