/* SPDX-License-Identifier: MIT */
/* Names of the KB's enumerations, generated from the X-macro lists in kb.h
 * and rule.h so names and values cannot drift apart. Model layer. */
#include "kb_int.h"

#include "relok/labels.h"

#include <string.h>

#define NAME2(n, s) s,
#define NAME3(n, s, t) s,
const char *const relok__doc_names[RELOK_DOC_COUNT_] = {RELOK_DOC_MAP(NAME2)};
const char *const relok__mode_names[RELOK_MODE_COUNT_] = {RELOK_MODE_MAP(NAME2)};
const char *const relok__access_names[RELOK_ACCESS_COUNT_] = {RELOK_ACCESS_MAP(NAME2)};
const char *const relok__basis_names[RELOK_BASIS_COUNT_] = {RELOK_BASIS_MAP(NAME2)};
const char *const relok__factor_names[RELOK_FACTOR_COUNT_] = {RELOK_FACTOR_MAP(NAME2)};
const char *const relok__severity_names[RELOK_SEVERITY_COUNT_] = {RELOK_SEVERITY_MAP(NAME2)};
const char *const relok__dimension_names[RELOK_DIM_COUNT_] = {RELOK_DIM_MAP(NAME2)};
const char *const relok__pathway_kind_names[RELOK_PATHWAY_KIND_COUNT_] = {
    RELOK_PATHWAY_KIND_MAP(NAME2)};
const char *const relok__req_op_names[RELOK_REQ_OP_COUNT_] = {RELOK_REQ_OP_MAP(NAME2)};
const char *const relok__req_field_names[RELOK_REQ_FIELD_COUNT_] = {
    RELOK_REQ_FIELD_MAP(NAME3)};
const char *const relok__avail_names[RELOK_AVAIL_COUNT_] = {RELOK_AVAIL_MAP(NAME2)};
const char *const relok__spread_names[RELOK_SPREAD_COUNT_] = {RELOK_SPREAD_MAP(NAME2)};
const char *const relok__change_kind_names[RELOK_CHANGE_KIND_COUNT_] = {
    RELOK_CHANGE_KIND_MAP(NAME2)};
const char *const relok__cost_item_names[RELOK_COST_ITEM_COUNT_] = {
    RELOK_COST_ITEM_MAP(NAME2)};
const char *const relok__area_names[RELOK_AREA_COUNT_] = {RELOK_AREA_MAP(NAME2)};
const char *const relok__confidence_names[RELOK_CONFIDENCE_COUNT_] = {
    RELOK_CONFIDENCE_MAP(NAME2)};
const char *const relok__rule_kind_names[RELOK_RULE_KIND_COUNT_] = {
    RELOK_RULE_KIND_MAP(NAME2)};
#undef NAME2
#undef NAME3

const char *const relok__unit_names[] = {"people", "percent", "USD",    "USD_mn", "USD_bn",
                                         "count",  "KZT_bn",  "GEL",    "index",  NULL};

const char *relok_factor_label(relok_factor v, relok_lang lang)
{
    if ((unsigned)v >= (unsigned)RELOK_FACTOR_COUNT_)
        return NULL;
    return relok_label_get("factor", relok__factor_names[v], lang); /* labels.h */
}

static const int req_field_types[RELOK_REQ_FIELD_COUNT_] = {
#define TYPE3(n, s, t) t,
    RELOK_REQ_FIELD_MAP(TYPE3)
#undef TYPE3
};

#define NAME_FN(fn, type, table, count)                                      \
    const char *fn(type v) { return (unsigned)v < (unsigned)(count) ? table[v] : NULL; }
NAME_FN(relok_doc_name, relok_doc, relok__doc_names, RELOK_DOC_COUNT_)
NAME_FN(relok_mode_name, relok_mode, relok__mode_names, RELOK_MODE_COUNT_)
NAME_FN(relok_access_name, relok_access, relok__access_names, RELOK_ACCESS_COUNT_)
NAME_FN(relok_basis_name, relok_basis, relok__basis_names, RELOK_BASIS_COUNT_)
NAME_FN(relok_factor_name, relok_factor, relok__factor_names, RELOK_FACTOR_COUNT_)
NAME_FN(relok_severity_name, relok_severity, relok__severity_names, RELOK_SEVERITY_COUNT_)
NAME_FN(relok_dimension_name, relok_dimension, relok__dimension_names, RELOK_DIM_COUNT_)
NAME_FN(relok_pathway_kind_name, relok_pathway_kind, relok__pathway_kind_names,
        RELOK_PATHWAY_KIND_COUNT_)
NAME_FN(relok_req_op_name, relok_req_op, relok__req_op_names, RELOK_REQ_OP_COUNT_)
NAME_FN(relok_req_field_name, relok_req_field, relok__req_field_names, RELOK_REQ_FIELD_COUNT_)
NAME_FN(relok_avail_name, relok_avail, relok__avail_names, RELOK_AVAIL_COUNT_)
NAME_FN(relok_spread_name, relok_spread, relok__spread_names, RELOK_SPREAD_COUNT_)
NAME_FN(relok_change_kind_name, relok_change_kind, relok__change_kind_names,
        RELOK_CHANGE_KIND_COUNT_)
NAME_FN(relok_cost_item_name, relok_cost_item, relok__cost_item_names, RELOK_COST_ITEM_COUNT_)
NAME_FN(relok_area_name, relok_area, relok__area_names, RELOK_AREA_COUNT_)
NAME_FN(relok_confidence_name, relok_confidence, relok__confidence_names,
        RELOK_CONFIDENCE_COUNT_)
NAME_FN(relok_rule_kind_name, relok_rule_kind, relok__rule_kind_names, RELOK_RULE_KIND_COUNT_)
#undef NAME_FN

int relok_req_field_type(relok_req_field v)
{
    return (unsigned)v < (unsigned)RELOK_REQ_FIELD_COUNT_ ? req_field_types[v] : -1;
}

static int find_name(const char *const *names, size_t n, const char *name)
{
    if (name == NULL)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return (int)i;
    return -1;
}

#define PARSE_FN(fn, type, table, count)                                     \
    relok_status fn(const char *name, type *out)                             \
    {                                                                        \
        int i = find_name(table, count, name);                               \
        if (i < 0)                                                           \
            return RELOK_ENOTFOUND;                                          \
        *out = (type)i;                                                      \
        return RELOK_OK;                                                     \
    }
PARSE_FN(relok_doc_parse, relok_doc, relok__doc_names, RELOK_DOC_COUNT_)
PARSE_FN(relok_factor_parse, relok_factor, relok__factor_names, RELOK_FACTOR_COUNT_)
PARSE_FN(relok_dimension_parse, relok_dimension, relok__dimension_names, RELOK_DIM_COUNT_)
PARSE_FN(relok_rule_kind_parse, relok_rule_kind, relok__rule_kind_names,
         RELOK_RULE_KIND_COUNT_)
#undef PARSE_FN
