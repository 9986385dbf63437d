/* SPDX-License-Identifier: MIT */
/* Deadlines for slow clients, the in-flight body budget and giving memory
 * back after bursts (guard.h). Faces layer.
 *
 * Why a watchdog: libmicrohttpd's own timeout (MHD_OPTION_CONNECTION_TIMEOUT)
 * counts from the last byte received, so a client sending one header byte
 * every few seconds holds its connection for ever. The watchdog closes a
 * connection whose current phase passed its deadline by shutting its socket
 * down; libmicrohttpd then sees the end of the stream and closes it in its
 * own thread. The slot table is only touched under the lock, and a slot is
 * freed in the CLOSED notification, which libmicrohttpd makes before it
 * closes the socket - so the watchdog never shuts down a reused descriptor. */
#include "guard.h"

#include "relok/mem.h"


#include <string.h>
#include <sys/socket.h>
#include <time.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

/* Watchdog period: deadlines are met to within this. */
#define GUARD_TICK_NS (200 * 1000 * 1000)
/* Trim the heap after a burst only when this much body memory was freed
 * since the last trim (malloc_trim walks the whole heap). */
#define GUARD_TRIM_BYTES (8u * 1024u * 1024u)
#define NO_SLOT UINT32_MAX

static int64_t mono_ns(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
        return 0;
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

bool srv_guard_init(srv_guard *g, const relok_server_opts *o, unsigned max_conns)
{
    memset(g, 0, sizeof *g);
    g->head_timeout_s = o->head_timeout_s != 0 ? o->head_timeout_s : RELOK_HEAD_TIMEOUT_S;
    g->body_timeout_s = o->body_timeout_s != 0 ? o->body_timeout_s : RELOK_BODY_TIMEOUT_S;
    g->body_budget = o->body_budget != 0 ? o->body_budget : RELOK_BODY_BUDGET_BYTES;
    atomic_init(&g->body_bytes, 0);
    atomic_init(&g->freed_since_trim, 0);
    atomic_init(&g->stop, false);
    g->max_conns = max_conns;
    g->n_slots = max_conns + 2 * RELOK_GUARD_SPARE_CONNS;
    g->slots = relok_calloc(g->n_slots, sizeof *g->slots);
    if (g->slots == NULL)
        return false;
    for (unsigned i = 0; i < g->n_slots; i++) {
        g->slots[i].fd = -1;
        atomic_init(&g->slots[i].deadline, 0);
        atomic_init(&g->slots[i].awaiting_head, false);
        g->slots[i].next_free = i + 1 < g->n_slots ? i + 1 : NO_SLOT;
    }
    g->free_head = 0;
    pthread_mutex_init(&g->lock, NULL);
#if defined(__GLIBC__)
    /* A fixed mmap threshold: blocks of 128 KiB and more (large bodies,
     * arena blocks) are mapped and unmapped on free, so a burst does not
     * leave them in the heap. glibc otherwise raises the threshold after
     * each such free, up to 32 MiB, and the memory is never given back. */
    (void)mallopt(M_MMAP_THRESHOLD, 128 * 1024);
    /* Smaller blocks stay in the heap between requests: a fixed mmap
     * threshold also fixes glibc's trim threshold at 128 KiB, and then
     * every POST /api/advise gave its arena blocks back to the system on
     * free and faulted them in again (about 10 page faults, 10 % of its
     * CPU time). srv_guard_release still trims after a burst. */
    (void)mallopt(M_TRIM_THRESHOLD, GUARD_TRIM_BYTES);
#endif
    return true;
}

static void *watchdog_main(void *arg)
{
    srv_guard *g = arg;
    while (!atomic_load(&g->stop)) {
        struct timespec ts = {0, GUARD_TICK_NS};
        (void)nanosleep(&ts, NULL); /* an interruption only shortens one tick */
        int64_t now = mono_ns();
        pthread_mutex_lock(&g->lock);
        for (unsigned i = 0; i < g->n_slots; i++) {
            srv_conn *c = &g->slots[i];
            int64_t dl = atomic_load_explicit(&c->deadline, memory_order_relaxed);
            if (c->fd < 0 || dl == 0 || now < dl)
                continue;
            /* Once per connection; its CLOSED notification frees the slot. */
            atomic_store_explicit(&c->deadline, 0, memory_order_relaxed);
            (void)shutdown(c->fd, SHUT_RDWR);
            g->n_killed++;
        }
        pthread_mutex_unlock(&g->lock);
    }
    return NULL;
}

bool srv_guard_start(srv_guard *g)
{
    if (pthread_create(&g->watchdog, NULL, watchdog_main, g) != 0)
        return false;
    g->watchdog_running = true;
    return true;
}

void srv_guard_fini(srv_guard *g)
{
    if (g->slots == NULL)
        return;
    if (g->watchdog_running) {
        atomic_store(&g->stop, true);
        pthread_join(g->watchdog, NULL);
        g->watchdog_running = false;
    }
    pthread_mutex_destroy(&g->lock);
    relok_free(g->slots);
    g->slots = NULL;
}

static srv_conn *conn_of(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci != NULL ? ci->socket_context : NULL;
}

static void set_deadline(struct MHD_Connection *conn, unsigned secs, bool awaiting_head)
{
    srv_conn *c = conn_of(conn);
    if (c == NULL)
        return;
    int64_t dl = secs != 0 ? mono_ns() + (int64_t)secs * 1000000000 : 0;
    atomic_store_explicit(&c->deadline, dl, memory_order_relaxed);
    atomic_store_explicit(&c->awaiting_head, awaiting_head, memory_order_relaxed);
}

/* At the connection limit (lock held): end the connection that has waited
 * longest for a request head - an idle or slow client - so that a flood of
 * idle connections from many addresses cannot lock real clients out.
 * Returns false when every connection is busy with a request. */
static bool evict_oldest_idle(srv_guard *g)
{
    srv_conn *oldest = NULL;
    int64_t oldest_dl = 0;
    for (unsigned i = 0; i < g->n_slots; i++) {
        srv_conn *c = &g->slots[i];
        int64_t dl = atomic_load_explicit(&c->deadline, memory_order_relaxed);
        if (c->fd < 0 || dl == 0 || !atomic_load_explicit(&c->awaiting_head, memory_order_relaxed))
            continue;
        if (oldest == NULL || dl < oldest_dl) {
            oldest = c;
            oldest_dl = dl;
        }
    }
    if (oldest == NULL)
        return false;
    atomic_store_explicit(&oldest->deadline, 0, memory_order_relaxed);
    (void)shutdown(oldest->fd, SHUT_RDWR);
    g->n_killed++;
    return true;
}

void srv_guard_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
                      enum MHD_ConnectionNotificationCode toe)
{
    srv_guard *g = cls;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        int fd = ci != NULL ? ci->connect_fd : -1;
        pthread_mutex_lock(&g->lock);
        srv_conn *c = NULL;
        bool room = g->n_used < g->max_conns || evict_oldest_idle(g);
        if (fd >= 0 && room && g->free_head != NO_SLOT) {
            c = &g->slots[g->free_head];
            g->free_head = c->next_free;
            g->n_used++;
            c->fd = fd;
            atomic_store_explicit(&c->deadline,
                                  mono_ns() + (int64_t)g->head_timeout_s * 1000000000,
                                  memory_order_relaxed);
            atomic_store_explicit(&c->awaiting_head, true, memory_order_relaxed);
        } else if (fd >= 0) {
            /* Every connection busy with a request (or no slot): the new one
             * is ended at once - one without a deadline would be a hole. */
            (void)shutdown(fd, SHUT_RDWR);
        }
        pthread_mutex_unlock(&g->lock);
        *socket_context = c;
        return;
    }
    srv_conn *c = *socket_context;
    if (c == NULL)
        return;
    pthread_mutex_lock(&g->lock);
    c->fd = -1;
    g->n_used--;
    atomic_store_explicit(&c->deadline, 0, memory_order_relaxed);
    c->next_free = g->free_head;
    g->free_head = (unsigned)(c - g->slots);
    pthread_mutex_unlock(&g->lock);
    *socket_context = NULL;
}

void srv_guard_head_done(srv_guard *g, struct MHD_Connection *conn)
{
    set_deadline(conn, g->body_timeout_s, false);
}

void srv_guard_request_done(srv_guard *g, struct MHD_Connection *conn)
{
    (void)g;
    set_deadline(conn, 0, false);
}

void srv_guard_answer_done(srv_guard *g, struct MHD_Connection *conn)
{
    set_deadline(conn, g->head_timeout_s, true);
}

bool srv_guard_reserve(srv_guard *g, size_t n)
{
    size_t cur = atomic_load(&g->body_bytes);
    do {
        if (n > g->body_budget || cur > g->body_budget - n)
            return false;
    } while (!atomic_compare_exchange_weak(&g->body_bytes, &cur, cur + n));
    return true;
}

void srv_guard_release(srv_guard *g, size_t n)
{
    if (n == 0)
        return;
    size_t left = atomic_fetch_sub(&g->body_bytes, n) - n;
    size_t freed = atomic_fetch_add(&g->freed_since_trim, n) + n;
    if (left != 0 || freed < GUARD_TRIM_BYTES)
        return;
    /* Only one releaser trims: the one that takes the counter back to 0. */
    if (!atomic_compare_exchange_strong(&g->freed_since_trim, &freed, 0))
        return;
#if defined(__GLIBC__)
    /* The small blocks of many requests (libmicrohttpd's buffers, arena
     * blocks under the mmap threshold) stay in glibc's per-thread arenas;
     * malloc_trim returns their free pages to the system. */
    (void)malloc_trim(0);
#endif
}

unsigned srv_guard_killed(srv_guard *g)
{
    pthread_mutex_lock(&g->lock);
    unsigned n = g->n_killed;
    pthread_mutex_unlock(&g->lock);
    return n;
}
