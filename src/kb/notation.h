/* SPDX-License-Identifier: MIT */
/* The KB's data notation -- enum names as the data spells them
 * (src/kb/names.c) and the stay-rule reader -- for the readers of the layers
 * above (advisor profiles, simulator scenarios) that parse the same words.
 * Model layer; open to higher layers, unlike kb_int.h. */
#ifndef RELOK_KB_NOTATION_H
#define RELOK_KB_NOTATION_H

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

#endif
