/* SPDX-License-Identifier: MIT */
/* The advisor's cache of year plans (relok_advise_cache, advise.h): the
 * stay engine's answers along the greedy plan of one country, citizenship,
 * document and as-of date, without a trip log. They were 19 % of a
 * POST /api/advise, and every person with the same passport asks the same
 * questions of the stay engine. Engine layer; thread-safe (one mutex: a
 * look-up copies a few hundred bytes under it). */
#include "build.h"

#include <pthread.h>

/* Slots of the table; when it is three quarters full it is emptied, so the
 * memory stays bounded (a plan is at most PLAN_TRIPS answers, ~2 KiB) and
 * plans of days long past do not stay. */
#define CACHE_SLOTS 1024u

typedef struct slot {
    const relok_country *c; /* NULL: empty */
    char cit[3];
    relok_doc doc;
    relok_day day;
    size_t n;
    relok_stay_answer *ans; /* relok__malloc'd, n answers */
} slot;

struct relok_advise_cache {
    const relok_kb *kb;
    pthread_mutex_t lock;
    size_t used;
    slot slots[CACHE_SLOTS];
};

relok_advise_cache *relok_advise_cache_new(const relok_kb *kb)
{
    if (kb == NULL)
        return NULL;
    relok_advise_cache *c = relok__calloc(1, sizeof *c);
    if (c == NULL)
        return NULL;
    if (pthread_mutex_init(&c->lock, NULL) != 0) {
        relok__free(c);
        return NULL;
    }
    c->kb = kb;
    return c;
}

static void empty(relok_advise_cache *c)
{
    for (size_t i = 0; i < CACHE_SLOTS; i++) {
        relok__free(c->slots[i].ans);
        c->slots[i] = (slot){0};
    }
    c->used = 0;
}

void relok_advise_cache_free(relok_advise_cache *c)
{
    if (c == NULL)
        return;
    empty(c);
    pthread_mutex_destroy(&c->lock);
    relok__free(c);
}

bool relok__advise_cache_for(const relok_advise_cache *c, const relok_kb *kb)
{
    return c != NULL && c->kb == kb;
}

static size_t hash(const relok_country *co, const char *cit, relok_doc doc, relok_day day)
{
    uint64_t h = (uint64_t)(uintptr_t)co * 0x9E3779B97F4A7C15u;
    h ^= ((uint64_t)(unsigned char)cit[0] << 8 | (unsigned char)cit[1]) * 0xC2B2AE3D27D4EB4Fu;
    h ^= ((uint64_t)(uint32_t)day << 3 | (uint64_t)doc) * 0x165667B19E3779F9u;
    return (size_t)(h ^ (h >> 29)) % CACHE_SLOTS;
}

static bool same(const slot *s, const relok_country *co, const char *cit, relok_doc doc,
                 relok_day day)
{
    return s->c == co && s->doc == doc && s->day == day && s->cit[0] == cit[0] &&
           s->cit[1] == cit[1];
}

bool relok__advise_cache_get(relok_advise_cache *c, const relok_country *co, const char *cit,
                             relok_doc doc, relok_day day, relok__stay_plan *out)
{
    bool hit = false;
    pthread_mutex_lock(&c->lock);
    for (size_t i = hash(co, cit, doc, day), k = 0; k < CACHE_SLOTS && c->slots[i].c != NULL;
         i = (i + 1) % CACHE_SLOTS, k++)
        if (same(&c->slots[i], co, cit, doc, day)) {
            out->n = c->slots[i].n;
            memcpy(out->ans, c->slots[i].ans, out->n * sizeof *out->ans);
            hit = true;
            break;
        }
    pthread_mutex_unlock(&c->lock);
    return hit;
}

void relok__advise_cache_put(relok_advise_cache *c, const relok_country *co, const char *cit,
                             relok_doc doc, relok_day day, const relok__stay_plan *pl)
{
    relok_stay_answer *ans = relok__mallocarray(NULL, pl->n > 0 ? pl->n : 1, sizeof *ans);
    if (ans == NULL)
        return; /* a cache: doing without is fine */
    memcpy(ans, pl->ans, pl->n * sizeof *ans);
    pthread_mutex_lock(&c->lock);
    if (c->used >= CACHE_SLOTS / 4 * 3)
        empty(c);
    size_t i = hash(co, cit, doc, day);
    while (c->slots[i].c != NULL && !same(&c->slots[i], co, cit, doc, day))
        i = (i + 1) % CACHE_SLOTS;
    if (c->slots[i].c == NULL) {
        c->slots[i] = (slot){.c = co, .cit = {cit[0], cit[1], '\0'}, .doc = doc, .day = day,
                             .n = pl->n, .ans = ans};
        c->used++;
        ans = NULL;
    }
    pthread_mutex_unlock(&c->lock);
    relok__free(ans); /* another thread put the same plan first */
}
