/* SPDX-License-Identifier: MIT */
/* A small cache of rendered KB answers (countries, one country, history,
 * sources) per loaded KB. A KB never changes once loaded, so an answer
 * rendered for (route, parameters) stays exact for as long as that KB is in
 * service; a reload starts with an empty cache and the old one goes with
 * the old KB. Rendering the country table costs milliseconds; sending a
 * cached copy costs microseconds.
 * Only GET answers about the KB are cached, keyed by route and parameters
 * (a code, a document, a date): never a request body, never anything about
 * a person. Faces layer. */
#include "server.h"


#include <microhttpd.h>

#include <string.h>

#if MHD_VERSION < 0x00097302
#error "relok serve needs libmicrohttpd 0.9.73.2 or later (free callbacks with a closure)"
#endif

void srv_blob_release(srv_blob *b)
{
    if (b != NULL && atomic_fetch_sub_explicit(&b->refs, 1u, memory_order_acq_rel) == 1u)
        relok_free(b);
}

srv_blob *srv_blob_ref(srv_blob *b)
{
    atomic_fetch_add_explicit(&b->refs, 1u, memory_order_relaxed);
    return b;
}

srv_blob *srv_blob_new(const char *text, size_t len)
{
    if (len > SIZE_MAX - sizeof(srv_blob) - 1)
        return NULL;
    srv_blob *b = relok_malloc(sizeof *b + len + 1);
    if (b == NULL)
        return NULL;
    atomic_init(&b->refs, 1u);
    b->len = len;
    memcpy(b->data, text, len);
    b->data[len] = '\0';
    return b;
}

void srv_cache_init(srv_kb *k)
{
    pthread_mutex_init(&k->cache_lock, NULL);
    memset(k->cache, 0, sizeof k->cache);
    k->cache_next = 0;
}

void srv_cache_clear(srv_kb *k)
{
    for (size_t i = 0; i < SRV_CACHE_SLOTS; i++) {
        srv_blob_release(k->cache[i].blob);
        k->cache[i].blob = NULL;
    }
    pthread_mutex_destroy(&k->cache_lock);
}

void srv_cache_empty(srv_kb *k)
{
    srv_blob *old[SRV_CACHE_SLOTS];
    pthread_mutex_lock(&k->cache_lock);
    for (size_t i = 0; i < SRV_CACHE_SLOTS; i++) {
        old[i] = k->cache[i].blob;
        k->cache[i].blob = NULL;
    }
    pthread_mutex_unlock(&k->cache_lock);
    for (size_t i = 0; i < SRV_CACHE_SLOTS; i++)
        srv_blob_release(old[i]); /* responses still sending one keep their ref */
}

srv_blob *srv_cache_get(srv_kb *k, const char *key)
{
    srv_blob *b = NULL;
    pthread_mutex_lock(&k->cache_lock);
    for (size_t i = 0; i < SRV_CACHE_SLOTS && b == NULL; i++)
        if (k->cache[i].blob != NULL && strcmp(k->cache[i].key, key) == 0)
            b = srv_blob_ref(k->cache[i].blob);
    pthread_mutex_unlock(&k->cache_lock);
    return b;
}

srv_blob *srv_cache_put(srv_kb *k, const char *key, const char *text, size_t len)
{
    size_t kl = strlen(key);
    if (kl >= SRV_CACHE_KEY)
        return NULL;
    srv_blob *b = srv_blob_new(text, len);
    if (b == NULL)
        return NULL;
    srv_blob_ref(b); /* the cache's and the caller's */
    srv_blob *old = NULL;
    pthread_mutex_lock(&k->cache_lock);
    size_t slot = SRV_CACHE_SLOTS;
    for (size_t i = 0; i < SRV_CACHE_SLOTS && slot == SRV_CACHE_SLOTS; i++)
        if (k->cache[i].blob != NULL && strcmp(k->cache[i].key, key) == 0)
            slot = i; /* rendered twice at once: keep the newer */
    if (slot == SRV_CACHE_SLOTS) {
        /* First in, first out: every slot is as good as another for a
         * handful of hot answers (today's table per document). */
        slot = k->cache_next;
        k->cache_next = (k->cache_next + 1) % SRV_CACHE_SLOTS;
    }
    old = k->cache[slot].blob;
    k->cache[slot].blob = b;
    relok_strlcpy(k->cache[slot].key, key, sizeof k->cache[slot].key);
    pthread_mutex_unlock(&k->cache_lock);
    srv_blob_release(old); /* responses still sending it keep their own ref */
    return b;
}

static void blob_free_cb(void *cls) { srv_blob_release(cls); }

void srv_reply_blob(srv_req *r, unsigned status, srv_blob *b)
{
    struct MHD_Response *resp =
        MHD_create_response_from_buffer_with_free_callback_cls(b->len, b->data, blob_free_cb, b);
    if (resp == NULL)
        srv_blob_release(b);
    srv_finish_json(r, status, resp);
}
