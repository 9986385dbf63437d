/* SPDX-License-Identifier: MIT */
/* A small document tree for outside input: YAML (libyaml) and JSON (jansson)
 * parse into the same nodes, with line and column kept for messages, so every
 * loader (KB files, rules, trip logs, profiles, API bodies) is written once.
 * Base layer; the third-party parser objects never leave doc.c. */
#ifndef RELOK_DOC_INT_H
#define RELOK_DOC_INT_H

#include "relok/arena.h"
#include "relok/error.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum relok__node_kind {
    RELOK__NODE_NULL = 0, /* ~, null, or an empty value */
    RELOK__NODE_SCALAR,
    RELOK__NODE_MAP,
    RELOK__NODE_SEQ
} relok__node_kind;

typedef struct relok__node relok__node;
struct relok__node {
    relok__node_kind kind;
    bool is_quoted;        /* scalar was a quoted string (YAML) or a JSON string */
    const char *str;       /* scalar text, NUL-terminated (arena) */
    size_t len;            /* scalar length in bytes */
    relok__node **keys;    /* map: key nodes (scalars), n of them */
    relok__node **items;   /* map: values; seq: items */
    size_t n;              /* entries */
    unsigned line, col;    /* 1-based position; 0 when unknown (JSON) */
};

/* Parse YAML text (one document; anchors, aliases and tags rejected;
 * duplicate keys rejected; depth and size capped by limits.h). The tree lives
 * in arena. An empty document yields a NULL node. RELOK_EPARSE with the
 * position in err, RELOK_ELIMIT, RELOK_ENOMEM. */
relok_status relok__doc_parse_yaml(const char *text, size_t len, const char *source,
                                   relok_arena *arena, relok__node **out, relok_error *err);

/* Parse JSON text strictly (jansson; duplicate keys rejected). Nodes carry
 * no position; error messages name the field path instead. */
relok_status relok__doc_parse_json(const char *text, size_t len, const char *source,
                                   relok_arena *arena, relok__node **out, relok_error *err);

/* Value of key in a map node, or NULL when absent (or node is not a map). */
const relok__node *relok__doc_get(const relok__node *map, const char *key);

/* True for a NULL node or a missing one. */
bool relok__doc_is_null(const relok__node *n);

#endif
