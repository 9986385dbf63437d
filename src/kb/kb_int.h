/* SPDX-License-Identifier: MIT */
/* KB internals shared by the loader, the queries and the JSON renderer.
 * Model layer. */
#ifndef RELOK_KB_INT_H
#define RELOK_KB_INT_H

#include "base/reader_int.h"
#include "notation.h"
#include "relok/kb.h"

struct relok_kb {
    relok_arena *arena;               /* owns everything below */
    const char *dir;
    relok_country *countries;         /* sorted by code */
    size_t n_countries;
    relok_zone *zones;                /* sorted by id */
    size_t n_zones;
    relok_source *sources;            /* sorted by id */
    size_t n_sources;
    relok_rate *rates;                /* sorted by currency, then date */
    size_t n_rates;
    relok_report *reports;            /* sorted by country, then date */
    size_t n_reports;
};

/* Source lookup on a sorted array (used while loading, before the KB is
 * complete). */
const relok_source *relok__source_find(const relok_source *sources, size_t n, const char *id);

#endif
