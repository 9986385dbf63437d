/* SPDX-License-Identifier: MIT */
/* KB internals shared by the loader, the queries and the JSON renderer.
 * Model layer. */
#ifndef RELOK_KB_INT_H
#define RELOK_KB_INT_H

#include "base/reader_int.h"
#include "relok/kb.h"

/* Names of enum values, indexable by the value; *_COUNT_ entries each. */
extern const char *const relok__doc_names[RELOK_DOC_COUNT_];
extern const char *const relok__mode_names[RELOK_MODE_COUNT_];
extern const char *const relok__access_names[RELOK_ACCESS_COUNT_];
extern const char *const relok__basis_names[RELOK_BASIS_COUNT_];
extern const char *const relok__factor_names[RELOK_FACTOR_COUNT_];
extern const char *const relok__severity_names[RELOK_SEVERITY_COUNT_];
extern const char *const relok__dimension_names[RELOK_DIM_COUNT_];
extern const char *const relok__pathway_kind_names[RELOK_PATHWAY_KIND_COUNT_];
extern const char *const relok__req_op_names[RELOK_REQ_OP_COUNT_];
extern const char *const relok__req_field_names[RELOK_REQ_FIELD_COUNT_];
extern const char *const relok__avail_names[RELOK_AVAIL_COUNT_];
extern const char *const relok__spread_names[RELOK_SPREAD_COUNT_];
extern const char *const relok__change_kind_names[RELOK_CHANGE_KIND_COUNT_];
extern const char *const relok__cost_item_names[RELOK_COST_ITEM_COUNT_];
extern const char *const relok__rule_kind_names[RELOK_RULE_KIND_COUNT_];
extern const char *const relok__area_names[RELOK_AREA_COUNT_];
extern const char *const relok__confidence_names[RELOK_CONFIDENCE_COUNT_];

/* Units an indicator may use. NULL-terminated. */
extern const char *const relok__unit_names[];

/* Read a stay rule in the notation from node n into out (memory from
 * rd->arena). Records diagnostics through rd. */
relok_status relok__rule_read(relok__rd *rd, const relok__node *n, relok_rule *out);

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
