/* SPDX-License-Identifier: MIT */
/* YAML (libyaml events) and JSON (jansson) into one node tree with positions.
 * Base layer. Input is untrusted: depth, node count and scalar size are capped
 * (limits.h), aliases are refused (no billion laughs), duplicate keys are
 * errors. */
#include "doc_int.h"

#include "alloc_int.h"
#include "error_int.h"
#include "json_int.h"
#include "limits.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <yaml.h>

/* ------------------------------------------------------------------ shared */

/* A heap vector of node pointers used while a map or sequence is open; the
 * finished list is copied into the arena so the tree owns no heap memory. */
typedef struct nodevec {
    relok__node **v;
    size_t n, cap;
} nodevec;

static int vec_push(nodevec *vec, relok__node *node)
{
    if (vec->n == vec->cap) {
        size_t cap = vec->cap == 0 ? 8 : vec->cap * 2;
        relok__node **bigger = relok__mallocarray(vec->v, cap, sizeof *bigger);
        if (bigger == NULL)
            return -1;
        vec->v = bigger;
        vec->cap = cap;
    }
    vec->v[vec->n++] = node;
    return 0;
}

static relok__node **vec_to_arena(relok_arena *a, const nodevec *vec)
{
    relok__node **out = relok_arena_calloc(a, vec->n == 0 ? 1 : vec->n, sizeof *out);
    if (out != NULL && vec->n > 0)
        memcpy(out, vec->v, vec->n * sizeof *out);
    return out;
}

static int key_equals(const relok__node *k, const relok__node *other)
{
    return k->kind == RELOK__NODE_SCALAR && other->kind == RELOK__NODE_SCALAR &&
           k->len == other->len && memcmp(k->str, other->str, k->len) == 0;
}

const relok__node *relok__doc_get(const relok__node *map, const char *key)
{
    if (map == NULL || map->kind != RELOK__NODE_MAP)
        return NULL;
    size_t klen = strlen(key);
    for (size_t i = 0; i < map->n; i++) {
        const relok__node *k = map->keys[i];
        if (k->kind == RELOK__NODE_SCALAR && k->len == klen && memcmp(k->str, key, klen) == 0)
            return map->items[i];
    }
    return NULL;
}

bool relok__doc_is_null(const relok__node *n)
{
    return n == NULL || n->kind == RELOK__NODE_NULL;
}

/* -------------------------------------------------------------------- YAML */

typedef struct yctx {
    yaml_parser_t parser;
    relok_arena *arena;
    const char *source;
    relok_error *err;
    size_t n_nodes;
} yctx;

static relok_status yaml_fail(yctx *c, const yaml_mark_t *m, relok_status code,
                              const char *msg)
{
    return relok__fail_at(c->err, code, c->source, (unsigned)m->line + 1,
                          (unsigned)m->column + 1, NULL, "%s", msg);
}

static relok_status next_event(yctx *c, yaml_event_t *ev)
{
    if (!yaml_parser_parse(&c->parser, ev)) {
        const yaml_parser_t *p = &c->parser;
        /* libyaml's problem and context are English phrases; they are the
         * detail's arguments, so faces can word the common ones. */
        const char *problem = p->problem ? p->problem : "error";
        unsigned line = (unsigned)p->problem_mark.line + 1;
        unsigned col = (unsigned)p->problem_mark.column + 1;
        if (p->context != NULL)
            return relok__fail_at(c->err, RELOK_EPARSE, c->source, line, col, NULL,
                                  "YAML syntax: %s %s", problem, p->context);
        return relok__fail_at(c->err, RELOK_EPARSE, c->source, line, col, NULL,
                              "YAML syntax: %s", problem);
    }
    return RELOK_OK;
}

static relok__node *new_node(yctx *c, relok__node_kind kind, const yaml_mark_t *m)
{
    if (++c->n_nodes > RELOK_MAX_NODES)
        return NULL;
    relok__node *n = relok_arena_calloc(c->arena, 1, sizeof *n);
    if (n != NULL) {
        n->kind = kind;
        n->line = (unsigned)m->line + 1;
        n->col = (unsigned)m->column + 1;
    }
    return n;
}

static relok_status node_alloc_fail(yctx *c, const yaml_mark_t *m)
{
    if (c->n_nodes > RELOK_MAX_NODES)
        return yaml_fail(c, m, RELOK_ELIMIT, "document has too many nodes");
    return yaml_fail(c, m, RELOK_ENOMEM, "out of memory");
}

/* Plain scalars that YAML 1.1 reads as null. */
static int is_plain_null(const char *s, size_t len)
{
    return len == 0 || (len == 1 && s[0] == '~') ||
           (len == 4 && (memcmp(s, "null", 4) == 0 || memcmp(s, "Null", 4) == 0 ||
                         memcmp(s, "NULL", 4) == 0));
}

static relok_status parse_yaml_node(yctx *c, yaml_event_t *ev, unsigned depth,
                                    relok__node **out);

static relok_status parse_yaml_collection(yctx *c, yaml_event_t *start, unsigned depth,
                                          relok__node **out)
{
    const int is_map = start->type == YAML_MAPPING_START_EVENT;
    relok__node *node =
        new_node(c, is_map ? RELOK__NODE_MAP : RELOK__NODE_SEQ, &start->start_mark);
    if (node == NULL)
        return node_alloc_fail(c, &start->start_mark);
    nodevec keys = {0}, items = {0};
    relok_status rc = RELOK_OK;
    yaml_event_type_t end_type = is_map ? YAML_MAPPING_END_EVENT : YAML_SEQUENCE_END_EVENT;
    for (;;) {
        yaml_event_t ev;
        rc = next_event(c, &ev);
        if (rc != RELOK_OK)
            goto out;
        if (ev.type == end_type) {
            yaml_event_delete(&ev);
            break;
        }
        relok__node *child = NULL;
        rc = parse_yaml_node(c, &ev, depth + 1, &child);
        yaml_event_delete(&ev);
        if (rc != RELOK_OK)
            goto out;
        if (is_map && keys.n == items.n) {
            /* A key: must be a scalar, and unique within the map. */
            if (child->kind != RELOK__NODE_SCALAR) {
                yaml_mark_t m = {0, child->line - 1, child->col - 1};
                rc = yaml_fail(c, &m, RELOK_EPARSE, "a mapping key must be a plain string");
                goto out;
            }
            for (size_t i = 0; i < keys.n; i++) {
                if (key_equals(keys.v[i], child)) {
                    char msg[RELOK_ERROR_MSG_LEN];
                    snprintf(msg, sizeof msg, "duplicate key '%.*s' (first at line %u)",
                             (int)(child->len > 60 ? 60 : child->len), child->str,
                             keys.v[i]->line);
                    yaml_mark_t m = {0, child->line - 1, child->col - 1};
                    rc = yaml_fail(c, &m, RELOK_EPARSE, msg);
                    goto out;
                }
            }
            if (vec_push(&keys, child) != 0) {
                rc = yaml_fail(c, &start->start_mark, RELOK_ENOMEM, "out of memory");
                goto out;
            }
        } else if (vec_push(&items, child) != 0) {
            rc = yaml_fail(c, &start->start_mark, RELOK_ENOMEM, "out of memory");
            goto out;
        }
        if (items.n > RELOK_MAX_LIST) {
            rc = yaml_fail(c, &start->start_mark, RELOK_ELIMIT, "list or mapping is too long");
            goto out;
        }
    }
    node->n = items.n;
    node->items = vec_to_arena(c->arena, &items);
    node->keys = is_map ? vec_to_arena(c->arena, &keys) : NULL;
    if (node->items == NULL || (is_map && node->keys == NULL)) {
        rc = yaml_fail(c, &start->start_mark, RELOK_ENOMEM, "out of memory");
        goto out;
    }
    *out = node;
out:
    relok__free(keys.v);
    relok__free(items.v);
    return rc;
}

static relok_status parse_yaml_node(yctx *c, yaml_event_t *ev, unsigned depth,
                                    relok__node **out)
{
    if (depth > RELOK_MAX_DEPTH)
        return yaml_fail(c, &ev->start_mark, RELOK_ELIMIT, "nesting is too deep");
    switch (ev->type) {
    case YAML_ALIAS_EVENT:
        return yaml_fail(c, &ev->start_mark, RELOK_EPARSE,
                         "aliases (*name) are not allowed; write the value out");
    case YAML_SCALAR_EVENT: {
        if (ev->data.scalar.anchor != NULL)
            return yaml_fail(c, &ev->start_mark, RELOK_EPARSE, "anchors (&name) are not allowed");
        if (ev->data.scalar.tag != NULL && !ev->data.scalar.quoted_implicit &&
            !ev->data.scalar.plain_implicit)
            return yaml_fail(c, &ev->start_mark, RELOK_EPARSE, "tags (!name) are not allowed");
        size_t len = ev->data.scalar.length;
        if (len > RELOK_MAX_SCALAR_BYTES)
            return yaml_fail(c, &ev->start_mark, RELOK_ELIMIT, "text is too long");
        const char *s = (const char *)ev->data.scalar.value;
        int quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
        relok__node_kind kind =
            !quoted && is_plain_null(s, len) ? RELOK__NODE_NULL : RELOK__NODE_SCALAR;
        relok__node *n = new_node(c, kind, &ev->start_mark);
        if (n == NULL)
            return node_alloc_fail(c, &ev->start_mark);
        n->is_quoted = quoted;
        n->str = relok_arena_strndup(c->arena, s, len);
        n->len = len;
        if (n->str == NULL)
            return yaml_fail(c, &ev->start_mark, RELOK_ENOMEM, "out of memory");
        if (memchr(s, '\0', len) != NULL)
            return yaml_fail(c, &ev->start_mark, RELOK_EPARSE, "text contains a NUL byte");
        *out = n;
        return RELOK_OK;
    }
    case YAML_MAPPING_START_EVENT:
    case YAML_SEQUENCE_START_EVENT: {
        const yaml_char_t *anchor = ev->type == YAML_MAPPING_START_EVENT
                                        ? ev->data.mapping_start.anchor
                                        : ev->data.sequence_start.anchor;
        if (anchor != NULL)
            return yaml_fail(c, &ev->start_mark, RELOK_EPARSE, "anchors (&name) are not allowed");
        return parse_yaml_collection(c, ev, depth, out);
    }
    default:
        return yaml_fail(c, &ev->start_mark, RELOK_EPARSE, "unexpected YAML event");
    }
}

relok_status relok__doc_parse_yaml(const char *text, size_t len, const char *source,
                                   relok_arena *arena, relok__node **out, relok_error *err)
{
    *out = NULL;
    if (len > RELOK_MAX_FILE_BYTES)
        return relok__fail_at(err, RELOK_ELIMIT, source, 0, 0, NULL, "input is too large");
    yctx c = {.arena = arena, .source = source, .err = err};
    if (!yaml_parser_initialize(&c.parser))
        return relok__fail(err, RELOK_ENOMEM, "out of memory");
    yaml_parser_set_input_string(&c.parser, (const unsigned char *)text, len);
    yaml_parser_set_encoding(&c.parser, YAML_UTF8_ENCODING);

    relok_status rc = RELOK_OK;
    relok__node *root = NULL;
    int n_docs = 0;
    for (;;) {
        yaml_event_t ev;
        rc = next_event(&c, &ev);
        if (rc != RELOK_OK)
            break;
        yaml_event_type_t type = ev.type;
        if (type == YAML_STREAM_END_EVENT) {
            yaml_event_delete(&ev);
            break;
        }
        if (type == YAML_DOCUMENT_START_EVENT) {
            if (++n_docs > 1)
                rc = yaml_fail(&c, &ev.start_mark, RELOK_EPARSE,
                               "only one YAML document per input is allowed");
        } else if (type == YAML_MAPPING_START_EVENT || type == YAML_SEQUENCE_START_EVENT ||
                   type == YAML_SCALAR_EVENT || type == YAML_ALIAS_EVENT) {
            rc = parse_yaml_node(&c, &ev, 1, &root);
        }
        yaml_event_delete(&ev);
        if (rc != RELOK_OK)
            break;
    }
    yaml_parser_delete(&c.parser);
    if (rc != RELOK_OK)
        return rc;
    if (root == NULL) {
        yaml_mark_t m = {0, 0, 0};
        root = new_node(&c, RELOK__NODE_NULL, &m);
        if (root == NULL)
            return relok__fail(err, RELOK_ENOMEM, "out of memory");
    }
    *out = root;
    return RELOK_OK;
}

/* -------------------------------------------------------------------- JSON */

typedef struct jctx {
    relok_arena *arena;
    const char *source;
    relok_error *err;
    size_t n_nodes;
} jctx;

static relok__node *jnode(jctx *c, relok__node_kind kind)
{
    if (++c->n_nodes > RELOK_MAX_NODES)
        return NULL;
    relok__node *n = relok_arena_calloc(c->arena, 1, sizeof *n);
    if (n != NULL)
        n->kind = kind;
    return n;
}

static relok_status jfail(jctx *c, relok_status code, const char *msg)
{
    return relok__fail_at(c->err, code, c->source, 0, 0, NULL, "%s", msg);
}

static relok_status jscalar(jctx *c, const char *s, size_t len, int quoted, relok__node **out)
{
    if (len > RELOK_MAX_SCALAR_BYTES)
        return jfail(c, RELOK_ELIMIT, "text is too long");
    relok__node *n = jnode(c, RELOK__NODE_SCALAR);
    if (n == NULL)
        return jfail(c, c->n_nodes > RELOK_MAX_NODES ? RELOK_ELIMIT : RELOK_ENOMEM,
                     "document has too many nodes or memory ran out");
    n->is_quoted = quoted != 0;
    n->str = relok_arena_strndup(c->arena, s, len);
    n->len = len;
    if (n->str == NULL)
        return jfail(c, RELOK_ENOMEM, "out of memory");
    *out = n;
    return RELOK_OK;
}

static relok_status convert_json(jctx *c, json_t *j, unsigned depth, relok__node **out)
{
    if (depth > RELOK_MAX_DEPTH)
        return jfail(c, RELOK_ELIMIT, "nesting is too deep");
    char buf[64];
    switch (json_typeof(j)) {
    case JSON_NULL: {
        relok__node *n = jnode(c, RELOK__NODE_NULL);
        if (n == NULL)
            return jfail(c, RELOK_ENOMEM, "out of memory");
        *out = n;
        return RELOK_OK;
    }
    case JSON_TRUE:
        return jscalar(c, "true", 4, 0, out);
    case JSON_FALSE:
        return jscalar(c, "false", 5, 0, out);
    case JSON_INTEGER: {
        int len = snprintf(buf, sizeof buf, "%" JSON_INTEGER_FORMAT, json_integer_value(j));
        return jscalar(c, buf, (size_t)len, 0, out);
    }
    case JSON_REAL: {
        int len = snprintf(buf, sizeof buf, "%.17g", json_real_value(j));
        return jscalar(c, buf, (size_t)len, 0, out);
    }
    case JSON_STRING: {
        const char *s = json_string_value(j);
        size_t len = json_string_length(j);
        if (memchr(s, '\0', len) != NULL)
            return jfail(c, RELOK_EPARSE, "text contains a NUL character");
        return jscalar(c, s, len, 1, out);
    }
    case JSON_ARRAY: {
        size_t n = json_array_size(j);
        if (n > RELOK_MAX_LIST)
            return jfail(c, RELOK_ELIMIT, "list is too long");
        relok__node *node = jnode(c, RELOK__NODE_SEQ);
        relok__node **items = relok_arena_calloc(c->arena, n == 0 ? 1 : n, sizeof *items);
        if (node == NULL || items == NULL)
            return jfail(c, RELOK_ENOMEM, "out of memory or too many nodes");
        for (size_t i = 0; i < n; i++) {
            relok_status rc = convert_json(c, json_array_get(j, i), depth + 1, &items[i]);
            if (rc != RELOK_OK)
                return rc;
        }
        node->items = items;
        node->n = n;
        *out = node;
        return RELOK_OK;
    }
    case JSON_OBJECT: {
        size_t n = json_object_size(j);
        if (n > RELOK_MAX_LIST)
            return jfail(c, RELOK_ELIMIT, "object is too long");
        relok__node *node = jnode(c, RELOK__NODE_MAP);
        relok__node **keys = relok_arena_calloc(c->arena, n == 0 ? 1 : n, sizeof *keys);
        relok__node **items = relok_arena_calloc(c->arena, n == 0 ? 1 : n, sizeof *items);
        if (node == NULL || keys == NULL || items == NULL)
            return jfail(c, RELOK_ENOMEM, "out of memory or too many nodes");
        size_t i = 0;
        const char *key;
        json_t *value;
        /* Keys keep document order (jansson preserves insertion order). */
        json_object_foreach(j, key, value)
        {
            relok_status rc = jscalar(c, key, strlen(key), 1, &keys[i]);
            if (rc == RELOK_OK)
                rc = convert_json(c, value, depth + 1, &items[i]);
            if (rc != RELOK_OK)
                return rc;
            i++;
        }
        node->keys = keys;
        node->items = items;
        node->n = i;
        *out = node;
        return RELOK_OK;
    }
    }
    return jfail(c, RELOK_EPARSE, "unexpected JSON value");
}

relok_status relok__doc_parse_json(const char *text, size_t len, const char *source,
                                   relok_arena *arena, relok__node **out, relok_error *err)
{
    *out = NULL;
    if (len > RELOK_MAX_FILE_BYTES)
        return relok__fail_at(err, RELOK_ELIMIT, source, 0, 0, NULL, "input is too large");
    /* Zeroed: on one allocation failure jansson returns before filling it. */
    json_error_t jerr;
    memset(&jerr, 0, sizeof jerr);
    /* jansson's tree lives in a JSON scope (json_int.h): built, copied into
     * our nodes and dropped with no malloc/free per value. */
    int scope = relok__json_scope_begin();
    if (!scope)
        return relok__fail_at(err, RELOK_ENOMEM, source, 0, 0, NULL, "out of memory");
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &jerr);
    if (root == NULL) {
        relok__json_scope_end(scope);
        /* jansson reports most allocation failures with their own code;
         * one (its lexer's first buffer) returns before writing any text. */
        if (json_error_code(&jerr) == json_error_out_of_memory || jerr.text[0] == '\0')
            return relok__fail_at(err, RELOK_ENOMEM, source, 0, 0, NULL, "out of memory");
        /* jansson's messages are English and name the problem precisely. */
        return relok__fail_at(err, RELOK_EPARSE, source, jerr.line > 0 ? (unsigned)jerr.line : 0,
                              jerr.column > 0 ? (unsigned)jerr.column : 0, NULL,
                              "JSON syntax: %s", jerr.text);
    }
    jctx c = {.arena = arena, .source = source, .err = err};
    relok_status rc = convert_json(&c, root, 1, out);
    json_decref(root);
    relok__json_scope_end(scope);
    if (rc != RELOK_OK)
        *out = NULL;
    return rc;
}
