/* SPDX-License-Identifier: MIT */
/* Load and validate a knowledge-base directory (docs/kb-format.md).
 * Model layer. Parse -> validate fully -> commit: the KB object is handed out
 * only when every file passed every check; otherwise all problems found are
 * reported with file:line:column, field path and what was expected. */
#include "kb_int.h"

#include "base/alloc_int.h"
#include "base/error_int.h"
#include "base/limits.h"
#include "base/os_int.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

/* ================================================================ loader */

typedef struct loader {
    relok_kb *kb;
    relok_arena *arena;       /* the KB's arena: results */
    relok_arena *diag_arena;  /* diagnostics */
    relok_error *err;         /* caller's: first problem */
    size_t max_diags;         /* collect at most this many */
    relok_diag *diags;        /* heap vector */
    size_t n_diags, cap_diags;
    size_t n_problems;        /* every problem seen, stored or not (a failed
                               * allocation must still fail the load) */
    relok_day today;          /* "verified" dates may not be later... */
    bool strict;              /* ...checked only by `kb check` (diags wanted): a
                               * wrong system clock must not make the KB
                               * unusable for the person relying on it */
    const char *rel;          /* current file, relative to the KB root */
    relok_status first_code;  /* status of the first problem, so the result
                               * does not depend on an error record given */
    bool saw_enomem;          /* an allocation failed: the load's result is
                               * ENOMEM whatever else was reported */
} loader;

static void add_diag(loader *L, const char *file, unsigned line, unsigned col, const char *path,
                     const char *msg, relok_status code)
{
    relok__fail_at(L->err, code, file, line, col, path, "%s", msg);
    L->n_problems++;
    if (L->first_code == RELOK_OK)
        L->first_code = code;
    if (code == RELOK_ENOMEM)
        L->saw_enomem = true;
    if (L->n_diags >= L->max_diags)
        return;
    if (L->n_diags == L->cap_diags) {
        size_t cap = L->cap_diags == 0 ? 32 : L->cap_diags * 2;
        relok_diag *bigger = relok__mallocarray(L->diags, cap, sizeof *bigger);
        if (bigger == NULL)
            return;
        L->diags = bigger;
        L->cap_diags = cap;
    }
    relok_diag *d = &L->diags[L->n_diags];
    d->file = relok_arena_strdup(L->diag_arena, file != NULL ? file : "");
    d->line = line;
    d->column = col;
    d->path = relok_arena_strdup(L->diag_arena, path != NULL ? path : "");
    d->msg = relok_arena_strdup(L->diag_arena, msg);
    if (d->file != NULL && d->path != NULL && d->msg != NULL)
        L->n_diags++;
}

static bool loader_full(const loader *L) { return L->n_problems >= L->max_diags; }

/* Move a reader's diagnostics into the loader's list. */
static void take_diags(loader *L, relok__rd *rd)
{
    /* A problem the reader could not store (out of memory) still counts. */
    if (rd->status != RELOK_OK && rd->n_diags == 0)
        add_diag(L, rd->source, 0, 0, NULL, "out of memory", rd->status);
    for (size_t i = 0; i < rd->n_diags; i++) {
        const relok__diag *d = &rd->diags[i];
        add_diag(L, d->file, d->line, d->column, d->path, d->msg,
                 rd->status != RELOK_OK ? rd->status : RELOK_ESCHEMA);
    }
    relok__rd_done(rd);
}

/* ============================================================= fact keys */

/* Keys every fact may carry, and the validity keys of rule-like facts. */
#define FACT_KEYS "sources", "verified", "unverified", "note", "basis"
#define VALIDITY_KEYS "from", "to"

static const char *const unverified_source = "relok:unverified";

const relok_source *relok__source_find(const relok_source *sources, size_t n, const char *id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        /* A source without an id (kept while `kb check` gathers every
         * problem) sorts first, as cmp_source puts it; strcmp on it was
         * undefined (found by the KB fuzz harness). */
        int c = sources[mid].id == NULL ? -1 : strcmp(sources[mid].id, id);
        if (c == 0)
            return &sources[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* `from: DATE | unknown` into *from (RELOK_DAY_MIN for unknown). */
static relok_status read_from(relok__rd *rd, const relok__node *map, relok_day *from,
                              bool *unknown)
{
    const relok__node *n = relok__doc_get(map, "from");
    *unknown = false;
    if (n != NULL && n->kind == RELOK__NODE_SCALAR && !n->is_quoted && n->len == 7 &&
        memcmp(n->str, "unknown", 7) == 0) {
        *from = RELOK_DAY_MIN;
        *unknown = true;
        return RELOK_OK;
    }
    if (relok__doc_is_null(n)) {
        size_t mark = relok__rd_push_key(rd, "from");
        relok_status rc = relok__rd_error(rd, n != NULL ? n : map, RELOK_ESCHEMA,
                                          "required field 'from' is missing (a date, or "
                                          "'unknown')");
        relok__rd_pop(rd, mark);
        return rc;
    }
    return relok__rd_date(rd, map, "from", true, from);
}

/* The evidence and validity of one fact. with_validity: rule-like facts
 * (from/to); observations carry a date of their own instead. */
static relok_status read_fact(loader *L, relok__rd *rd, const relok__node *map,
                              bool with_validity, relok_basis default_basis, relok_fact *f)
{
    relok_status rc = RELOK_OK, r;
    f->from = RELOK_DAY_MIN;
    f->to = RELOK_DAY_MAX;
    f->verified_on = RELOK_DAY_NONE;
    f->basis = default_basis;
    f->file = L->rel;
    f->line = map->line;

    if (with_validity) {
        r = read_from(rd, map, &f->from, &f->from_unknown);
        if (r != RELOK_OK)
            rc = r;
        r = relok__rd_date(rd, map, "to", false, &f->to);
        if (r != RELOK_OK)
            rc = r;
        if (rc == RELOK_OK && f->to < f->from) {
            size_t mark = relok__rd_push_key(rd, "to");
            rc = relok__rd_error(rd, relok__doc_get(map, "to"), RELOK_ERANGE,
                                 "'to' is before 'from'");
            relok__rd_pop(rd, mark);
        }
    }

    /* sources: a non-empty list of known ids. */
    const relok__node *src = relok__doc_get(map, "sources");
    size_t mark = relok__rd_push_key(rd, "sources");
    size_t n_known = 0, n_real = 0; /* known ids; known ids other than relok:unverified */
    if (relok__doc_is_null(src)) {
        rc = relok__rd_error(rd, map, RELOK_ESCHEMA,
                             "every fact needs 'sources' (a list of source ids)");
    } else if ((r = relok__rd_expect_seq(rd, src, "a list of source ids")) != RELOK_OK) {
        rc = r;
    } else if (src->n == 0) {
        rc = relok__rd_error(rd, src, RELOK_ESCHEMA, "every fact needs at least one source");
    } else {
        const char **ids = relok_arena_calloc(L->arena, src->n, sizeof *ids);
        if (ids == NULL)
            return relok__rd_error(rd, src, RELOK_ENOMEM, "out of memory");
        for (size_t i = 0; i < src->n; i++) {
            size_t m2 = relok__rd_push_index(rd, i);
            const char *id = NULL;
            r = relok__rd_node_str(rd, src->items[i], &id);
            if (r == RELOK_OK &&
                relok__source_find(L->kb->sources, L->kb->n_sources, id) == NULL)
                r = relok__rd_error(rd, src->items[i], RELOK_ESCHEMA,
                                    "source '%s' is not in the sources registry (sources/*.yaml)",
                                    id);
            if (r == RELOK_OK) {
                ids[i] = id;
                n_known++;
                if (strcmp(id, unverified_source) != 0)
                    n_real++;
            } else {
                rc = r;
            }
            relok__rd_pop(rd, m2);
        }
        f->sources = ids;
        f->n_sources = src->n;
    }
    relok__rd_pop(rd, mark);

    /* Exactly one of verified (a date) and unverified (what to check). */
    const relok__node *ver = relok__doc_get(map, "verified");
    const relok__node *unv = relok__doc_get(map, "unverified");
    if (!relok__doc_is_null(ver) && !relok__doc_is_null(unv)) {
        mark = relok__rd_push_key(rd, "unverified");
        rc = relok__rd_error(rd, unv, RELOK_ESCHEMA,
                             "a fact is either 'verified' (a date) or 'unverified' (what to "
                             "check), not both");
        relok__rd_pop(rd, mark);
    } else if (!relok__doc_is_null(ver)) {
        r = relok__rd_date(rd, map, "verified", true, &f->verified_on);
        if (r != RELOK_OK) {
            rc = r;
        } else if (L->strict && f->verified_on > L->today) {
            mark = relok__rd_push_key(rd, "verified");
            rc = relok__rd_error(rd, ver, RELOK_ERANGE, "a fact cannot be verified in the future");
            relok__rd_pop(rd, mark);
        } else if (n_known > 0 && n_real == 0) {
            mark = relok__rd_push_key(rd, "verified");
            rc = relok__rd_error(rd, ver, RELOK_ESCHEMA,
                                 "a fact citing only '%s' must be 'unverified'",
                                 unverified_source);
            relok__rd_pop(rd, mark);
        } else {
            f->is_verified = true;
        }
    } else if (!relok__doc_is_null(unv)) {
        r = relok__rd_text(rd, map, "unverified", true, &f->to_check);
        if (r != RELOK_OK)
            rc = r;
    } else {
        rc = relok__rd_error(rd, map, RELOK_ESCHEMA,
                             "every fact needs 'verified: DATE' or 'unverified: {en, ru}' "
                             "(what to check)");
    }

    r = relok__rd_text(rd, map, "note", false, &f->note);
    if (r != RELOK_OK)
        rc = r;
    int basis = (int)default_basis;
    r = relok__rd_enum(rd, map, "basis", false, relok__basis_names, RELOK_BASIS_COUNT_, &basis);
    if (r != RELOK_OK)
        rc = r;
    f->basis = (relok_basis)basis;
    return rc;
}

/* ================================================================ pieces */

/* A list of enum names into a bit set; required: at least one. */
static relok_status read_enum_set(relok__rd *rd, const relok__node *map, const char *key,
                                  bool required, const char *const *names, size_t count,
                                  unsigned *out)
{
    const relok__node *n = relok__doc_get(map, key);
    if (relok__doc_is_null(n)) {
        if (!required)
            return RELOK_OK;
        size_t mark = relok__rd_push_key(rd, key);
        relok_status rc = relok__rd_error(rd, map, RELOK_ESCHEMA, "required field '%s' is missing",
                                          key);
        relok__rd_pop(rd, mark);
        return rc;
    }
    size_t mark = relok__rd_push_key(rd, key);
    relok_status rc = relok__rd_expect_seq(rd, n, "a list of names");
    unsigned set = 0;
    if (rc == RELOK_OK && n->n == 0)
        rc = relok__rd_error(rd, n, RELOK_ESCHEMA, "the list is empty");
    for (size_t i = 0; rc == RELOK_OK && i < n->n; i++) {
        size_t m2 = relok__rd_push_index(rd, i);
        int v = 0;
        rc = relok__rd_node_enum(rd, n->items[i], names, count, &v);
        if (rc == RELOK_OK) {
            if (set & (1u << v))
                rc = relok__rd_error(rd, n->items[i], RELOK_ESCHEMA, "'%s' is listed twice",
                                     names[v]);
            set |= 1u << v;
        }
        relok__rd_pop(rd, m2);
    }
    relok__rd_pop(rd, mark);
    if (rc == RELOK_OK)
        *out = set;
    return rc;
}

static relok_status read_scope(relok__rd *rd, const relok__node *map, relok_scope *s)
{
    memcpy(s->citizenship, "RU", 3);
    relok_status rc = relok__rd_country_code(rd, map, "citizenship", false, s->citizenship);
    relok_status r = read_enum_set(rd, map, "documents", true, relok__doc_names,
                                   RELOK_DOC_COUNT_, &s->documents);
    return rc != RELOK_OK ? rc : r;
}

/* Keep the first failure. */
#define KEEP(rc, expr)                                                       \
    do {                                                                     \
        relok_status keep_r_ = (expr);                                       \
        if ((rc) == RELOK_OK)                                                \
            (rc) = keep_r_;                                                  \
    } while (0)

/* Versions of one thing in a list (two stay rules for one document, two
 * entries of one language) may not share a day: a query "as of D" must see
 * one answer. `same` says whether two items are versions of one thing; the
 * interval is read at from_off/to_off (relok_day fields), or, with NO_SPAN,
 * any two versions clash (ids that must be unique). */
typedef bool (*same_fn)(const void *a, const void *b);
#define NO_SPAN ((size_t)-1)
typedef struct overlap_spec {
    same_fn same;
    size_t from_off, to_off;
    const char *what;
} overlap_spec;

static relok_day day_at(const void *item, size_t off)
{
    relok_day d;
    memcpy(&d, (const unsigned char *)item + off, sizeof d);
    return d;
}

/* Report the first clash of each item under key ("stay[3]"). */
static relok_status check_overlaps(relok__rd *rd, const char *key, const relok__node *list,
                                   const void *items, size_t n, size_t elem,
                                   const overlap_spec *spec)
{
    relok_status rc = RELOK_OK;
    const unsigned char *base = items;
    if (spec->same == NULL || list == NULL)
        return RELOK_OK;
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < j; i++) {
            const void *a = base + i * elem, *b = base + j * elem;
            if (!spec->same(a, b))
                continue;
            bool clash = spec->from_off == NO_SPAN ||
                         (day_at(a, spec->from_off) <= day_at(b, spec->to_off) &&
                          day_at(b, spec->from_off) <= day_at(a, spec->to_off));
            if (!clash)
                continue;
            size_t mark = relok__rd_push_key(rd, key);
            size_t m2 = relok__rd_push_index(rd, j);
            relok_status r =
                spec->from_off == NO_SPAN
                    ? relok__rd_error(rd, list->items[j], RELOK_ESCHEMA,
                                      "the %s is already used by item [%zu] (line %u): put "
                                      "everything of one series under one id",
                                      spec->what, i, list->items[i]->line)
                    : relok__rd_error(rd, list->items[j], RELOK_ESCHEMA,
                                      "overlaps item [%zu] (line %u) in time: two versions of "
                                      "one %s may not both be in force on one day",
                                      i, list->items[i]->line, spec->what);
            if (rc == RELOK_OK)
                rc = r;
            relok__rd_pop(rd, m2);
            relok__rd_pop(rd, mark);
            break;
        }
    return rc;
}

/* The validity of a fact embedded at the start of every rule-like item. */
#define FACT_SPAN(type)                                                       \
    offsetof(type, fact) + offsetof(relok_fact, from), offsetof(type, fact) + offsetof(relok_fact, to)

/* ============================================================== items */

typedef relok_status (*item_fn)(loader *L, relok__rd *rd, const relok__node *n, void *out);

/* Read map[key] as a list, item by item, into an arena array. Problems in one
 * item do not stop the others, so `kb check` reports them all. */
static relok_status read_list(loader *L, relok__rd *rd, const relok__node *map,
                              const char *key, size_t elem_size, item_fn fn, void **out,
                              size_t *out_n, const relok__node **out_node)
{
    *out = NULL;
    *out_n = 0;
    if (out_node != NULL)
        *out_node = NULL;
    const relok__node *n = relok__doc_get(map, key);
    if (relok__doc_is_null(n))
        return RELOK_OK;
    size_t mark = relok__rd_push_key(rd, key);
    relok_status rc = relok__rd_expect_seq(rd, n, "a list");
    if (rc != RELOK_OK) {
        relok__rd_pop(rd, mark);
        return rc;
    }
    unsigned char *items = relok_arena_calloc(L->arena, n->n == 0 ? 1 : n->n, elem_size);
    if (items == NULL) {
        relok__rd_pop(rd, mark);
        return relok__rd_error(rd, n, RELOK_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < n->n && !relok__rd_full(rd); i++) {
        size_t m2 = relok__rd_push_index(rd, i);
        relok_status r = relok__rd_expect_map(rd, n->items[i], "an item");
        if (r == RELOK_OK)
            r = fn(L, rd, n->items[i], items + i * elem_size);
        if (rc == RELOK_OK)
            rc = r;
        relok__rd_pop(rd, m2);
    }
    relok__rd_pop(rd, mark);
    *out = items;
    *out_n = n->n;
    if (out_node != NULL)
        *out_node = n;
    return rc;
}

static relok_status read_neighbour(loader *L, relok__rd *rd, const relok__node *n, void *out)
{
    static const char *const keys[] = {"country", "land_border", "crossing", FACT_KEYS,
                                       VALIDITY_KEYS, NULL};
    relok_neighbour *x = out;
    relok_status rc = relok__rd_check_keys(rd, n, keys);
    KEEP(rc, relok__rd_country_code(rd, n, "country", true, x->country));
    KEEP(rc, relok__rd_bool(rd, n, "land_border", true, &x->land_border));
    int crossing = RELOK_AVAIL_UNKNOWN;
    KEEP(rc, relok__rd_enum(rd, n, "crossing", x->land_border, relok__avail_names,
                            RELOK_AVAIL_COUNT_, &crossing));
    x->crossing = (relok_avail)crossing;
    KEEP(rc, read_fact(L, rd, n, true, RELOK_BASIS_REPORT, &x->fact));
    return rc;
}

static relok_status read_entry(loader *L, relok__rd *rd, const relok__node *n, void *out)
{
    static const char *const keys[] = {"citizenship", "documents", "modes", "access",
                                       "passport_validity", "conditions", FACT_KEYS,
                                       VALIDITY_KEYS, NULL};
    static const char *const validity_keys[] = {"months", "counted_from", NULL};
    static const char *const counted[] = {"entry", "exit"};
    relok_entry_rule *x = out;
    relok_status rc = relok__rd_check_keys(rd, n, keys);
    KEEP(rc, read_scope(rd, n, &x->scope));
    x->modes = (1u << RELOK_MODE_COUNT_) - 1;
    KEEP(rc, read_enum_set(rd, n, "modes", false, relok__mode_names, RELOK_MODE_COUNT_,
                           &x->modes));
    int access = 0;
    KEEP(rc, relok__rd_enum(rd, n, "access", true, relok__access_names, RELOK_ACCESS_COUNT_,
                            &access));
    x->access = (relok_access)access;
    x->passport_valid_months = -1;
    const relok__node *pv = relok__doc_get(n, "passport_validity");
    if (!relok__doc_is_null(pv)) {
        size_t mark = relok__rd_push_key(rd, "passport_validity");
        relok_status r = relok__rd_expect_map(rd, pv, "{months: N, counted_from: entry|exit}");
        if (r == RELOK_OK) {
            KEEP(r, relok__rd_check_keys(rd, pv, validity_keys));
            KEEP(r, relok__rd_int(rd, pv, "months", true, 0, 24, &x->passport_valid_months));
            int from = 1;
            KEEP(r, relok__rd_enum(rd, pv, "counted_from", true, counted, 2, &from));
            x->validity_from_entry = from == 0;
        }
        relok__rd_pop(rd, mark);
        KEEP(rc, r);
    }
    KEEP(rc, relok__rd_text(rd, n, "conditions", false, &x->conditions));
    KEEP(rc, read_fact(L, rd, n, true, RELOK_BASIS_LAW, &x->fact));
    return rc;
}

static relok_status read_stay(loader *L, relok__rd *rd, const relok__node *n, void *out)
{
    static const char *const keys[] = {"id", "citizenship", "documents", "rule",
                                       "registration_days", "summary", FACT_KEYS,
                                       VALIDITY_KEYS, NULL};
    relok_stay_rule *x = out;
    relok_status rc = relok__rd_check_keys(rd, n, keys);
    KEEP(rc, relok__rd_str(rd, n, "id", true, &x->id));
    KEEP(rc, read_scope(rd, n, &x->scope));
    const relok__node *rule = relok__doc_get(n, "rule");
    size_t mark = relok__rd_push_key(rd, "rule");
    if (relok__doc_is_null(rule))
        KEEP(rc, relok__rd_error(rd, n, RELOK_ESCHEMA,
                                 "required field 'rule' is missing (e.g. {kind: rolling, "
                                 "max_days: 90, window_days: 180})"));
    else
        KEEP(rc, relok__rule_read(rd, rule, &x->rule));
    relok__rd_pop(rd, mark);
    x->registration_days = -1;
    KEEP(rc, relok__rd_int(rd, n, "registration_days", false, 1, 365, &x->registration_days));
    KEEP(rc, relok__rd_text(rd, n, "summary", true, &x->summary));
    KEEP(rc, read_fact(L, rd, n, true, RELOK_BASIS_LAW, &x->fact));
    return rc;
}

static relok_status read_bar(loader *L, relok__rd *rd, const relok__node *n, void *out)
{
    static const char *const keys[] = {"factor", "title", FACT_KEYS, VALIDITY_KEYS, NULL};
    relok_entry_bar *x = out;
    relok_status rc = relok__rd_check_keys(rd, n, keys);
    int factor = 0;
    KEEP(rc, relok__rd_enum(rd, n, "factor", true, relok__factor_names, RELOK_FACTOR_COUNT_,
                            &factor));
    x->factor = (relok_factor)factor;
    KEEP(rc, relok__rd_text(rd, n, "title", true, &x->title));
    KEEP(rc, read_fact(L, rd, n, true, RELOK_BASIS_LAW, &x->fact));
    return rc;
}

static relok_status read_requirement(loader *L, relok__rd *rd, const relok__node *n, void *out)
{
    static const char *const keys[] = {"field", "op", "amount", "currency", "text", NULL};
    (void)L;
    relok_requirement *x = out;
    relok_status rc = relok__rd_check_keys(rd, n, keys);
    int field = 0, op = 0;
    relok_status fr = relok__rd_enum(rd, n, "field", true, relok__req_field_names,
                                     RELOK_REQ_FIELD_COUNT_, &field);
    relok_status orr = relok__rd_enum(rd, n, "op", true, relok__req_op_names,
                                      RELOK_REQ_OP_COUNT_, &op);
    KEEP(rc, fr);
    KEEP(rc, orr);
    KEEP(rc, relok__rd_text(rd, n, "text", false, &x->text));
    if (fr != RELOK_OK || orr != RELOK_OK)
        return rc;
    x->field = (relok_req_field)field;
    x->op = (relok_req_op)op;
    int type = relok_req_field_type(x->field);
    const relok__node *amount = relok__doc_get(n, "amount");
    const relok__node *currency = relok__doc_get(n, "currency");
    if (type == 0) {
        /* A flag: only "true" makes sense, and no amount. */
        if (x->op != RELOK_REQ_TRUE) {
            size_t mark = relok__rd_push_key(rd, "op");
            KEEP(rc, relok__rd_error(rd, n, RELOK_ESCHEMA,
                                     "field '%s' is a yes/no flag: op must be 'true'",
                                     relok__req_field_names[field]));
            relok__rd_pop(rd, mark);
        }
        if (!relok__doc_is_null(amount) || !relok__doc_is_null(currency))
            KEEP(rc, relok__rd_error(rd, n, RELOK_ESCHEMA,
                                     "field '%s' is a flag: it takes no amount or currency",
                                     relok__req_field_names[field]));
        return rc;
    }
    if (x->op == RELOK_REQ_TRUE) {
        size_t mark = relok__rd_push_key(rd, "op");
        KEEP(rc, relok__rd_error(rd, n, RELOK_ESCHEMA,
                                 "field '%s' is a number: op must be gt, ge, lt or le",
                                 relok__req_field_names[field]));
        relok__rd_pop(rd, mark);
    }
    KEEP(rc, relok__rd_num(rd, n, "amount", true, 0, 1e12, &x->amount));
    if (type == 1)
        KEEP(rc, relok__rd_currency(rd, n, "currency", true, x->currency));
    else if (!relok__doc_is_null(currency))
        KEEP(rc, relok__rd_error(rd, n, RELOK_ESCHEMA, "field '%s' takes no currency",
                                 relok__req_field_names[field]));
    return rc;
}

/* `amount`, or `low` and `high` (low <= high). */
static relok_status read_amount(relok__rd *rd, const relok__node *n, double *low, double *high,
                                bool *is_range, double min)
{
    const relok__node *v = relok__doc_get(n, "value");
    const char *single = "value";
    if (v == NULL) {
        v = relok__doc_get(n, "amount");
        single = "amount";
    }
    bool has_low = relok__doc_get(n, "low") != NULL, has_high = relok__doc_get(n, "high") != NULL;
    if (v != NULL && (has_low || has_high))
        return relok__rd_error(rd, n, RELOK_ESCHEMA,
                               "give either '%s' or 'low' and 'high', not both", single);
    if (v != NULL) {
        relok_status rc = relok__rd_num(rd, n, single, true, min, 1e15, low);
        *high = *low;
        *is_range = false;
        return rc;
    }
    if (!has_low && !has_high)
        return relok__rd_error(rd, n, RELOK_ESCHEMA, "needs a value or 'low' and 'high'");
    relok_status rc = relok__rd_num(rd, n, "low", true, min, 1e15, low);
    KEEP(rc, relok__rd_num(rd, n, "high", true, min, 1e15, high));
    if (rc == RELOK_OK && *low > *high) {
        size_t mark = relok__rd_push_key(rd, "low");
        rc = relok__rd_error(rd, relok__doc_get(n, "low"), RELOK_ERANGE,
                             "low (%g) is greater than high (%g)", *low, *high);
        relok__rd_pop(rd, mark);
    }
    *is_range = true;
    return rc;
}

static relok_status read_fee(loader *L, relok__rd *rd, const relok__node *n, void *out)
{
    static const char *const keys[] = {"what", "amount", "low", "high", "currency", "date",
                                       NULL};
    (void)L;
    relok_fee *x = out;
    relok_status rc = relok__rd_check_keys(rd, n, keys);
    KEEP(rc, relok__rd_text(rd, n, "what", true, &x->what));
    KEEP(rc, read_amount(rd, n, &x->low, &x->high, &x->is_range, 0));
    KEEP(rc, relok__rd_currency(rd, n, "currency", true, x->currency));
    /* Fees are indexed yearly in some countries: the date says which year's. */
    x->date.day = RELOK_DAY_NONE;
    KEEP(rc, relok__rd_pdate(rd, n, "date", false, &x->date));
    return rc;
}

static relok_status read_pathway(loader *L, relok__rd *rd, const relok__node *n, void *out)
{
    static const char *const keys[] = {"id", "kind", "name", "summary", "requires", "documents",
                                       "duration_months", "months_to_residence",
                                       "months_to_first_permit", "months_to_permanent", "fees",
                                       FACT_KEYS, VALIDITY_KEYS, NULL};
    relok_pathway *x = out;
    relok_status rc = relok__rd_check_keys(rd, n, keys);
    KEEP(rc, relok__rd_str(rd, n, "id", true, &x->id));
    int kind = 0;
    KEEP(rc, relok__rd_enum(rd, n, "kind", true, relok__pathway_kind_names,
                            RELOK_PATHWAY_KIND_COUNT_, &kind));
    x->kind = (relok_pathway_kind)kind;
    KEEP(rc, relok__rd_text(rd, n, "name", true, &x->name));
    KEEP(rc, relok__rd_text(rd, n, "summary", true, &x->summary));
    void *reqs = NULL;
    KEEP(rc, read_list(L, rd, n, "requires", sizeof(relok_requirement), read_requirement, &reqs,
                       &x->n_requires, NULL));
    x->requires = reqs;
    KEEP(rc, read_enum_set(rd, n, "documents", false, relok__doc_names, RELOK_DOC_COUNT_,
                           &x->documents));
    x->duration_months = -1;
    x->months_to_residence = -1;
    KEEP(rc, relok__rd_int(rd, n, "duration_months", false, 1, 1200, &x->duration_months));
    KEEP(rc, relok__rd_int(rd, n, "months_to_residence", false, 0, 1200,
                           &x->months_to_residence));
    x->months_to_first_permit = -1;
    x->months_to_permanent = -1;
    KEEP(rc, relok__rd_int(rd, n, "months_to_first_permit", false, 0, 1200,
                           &x->months_to_first_permit));
    KEEP(rc, relok__rd_int(rd, n, "months_to_permanent", false, 0, 1200,
                           &x->months_to_permanent));
    /* The advisor's "residence within N months" reads months_to_residence. */
    if (x->months_to_residence < 0)
        x->months_to_residence = x->months_to_first_permit;
    void *fees = NULL;
    KEEP(rc, read_list(L, rd, n, "fees", sizeof(relok_fee), read_fee, &fees, &x->n_fees, NULL));
    x->fees = fees;
    KEEP(rc, read_fact(L, rd, n, true, RELOK_BASIS_LAW, &x->fact));
    return rc;
}

static relok_status read_cost(loader *L, relok__rd *rd, const relok__node *n, void *out)
{
    static const char *const keys[] = {"item", "place", "area", "amount", "low", "high",
                                       "currency", "date", "undated", "sample_size", FACT_KEYS,
                                       NULL};
    relok_cost *x = out;
    relok_status rc = relok__rd_check_keys(rd, n, keys);
    int item = 0;
    KEEP(rc, relok__rd_enum(rd, n, "item", true, relok__cost_item_names,
                            RELOK_COST_ITEM_COUNT_, &item));
    x->item = (relok_cost_item)item;
    KEEP(rc, relok__rd_text(rd, n, "place", false, &x->place));
    int area = RELOK_AREA_ANY;
    KEEP(rc, relok__rd_enum(rd, n, "area", false, relok__area_names, RELOK_AREA_COUNT_, &area));
    x->area = (relok_area)area;
    KEEP(rc, read_amount(rd, n, &x->low, &x->high, &x->is_range, 0));
    KEEP(rc, relok__rd_currency(rd, n, "currency", true, x->currency));
    KEEP(rc, relok__rd_pdate(rd, n, "date", true, &x->date));
    KEEP(rc, relok__rd_bool(rd, n, "undated", false, &x->is_undated));
    x->sample_size = -1;
    KEEP(rc, relok__rd_int(rd, n, "sample_size", false, 1, 100000000, &x->sample_size));
    KEEP(rc, read_fact(L, rd, n, false, RELOK_BASIS_REPORT, &x->fact));
    return rc;
}

static relok_status read_banking(loader *L, relok__rd *rd, const relok__node *n, void *out)
{
    static const char *const keys[] = {"account", "card", "transfers", "account_needs", "mir",
                                       "unionpay_ru", "transfers_how", "sim", "sim_needs",
                                       FACT_KEYS, VALIDITY_KEYS, NULL};
    relok_banking *x = out;
    relok_status rc = relok__rd_check_keys(rd, n, keys);
    int a = 0, c = 0, t = 0;
    KEEP(rc, relok__rd_enum(rd, n, "account", true, relok__avail_names, RELOK_AVAIL_COUNT_, &a));
    KEEP(rc, relok__rd_enum(rd, n, "card", true, relok__avail_names, RELOK_AVAIL_COUNT_, &c));
    KEEP(rc,
         relok__rd_enum(rd, n, "transfers", true, relok__avail_names, RELOK_AVAIL_COUNT_, &t));
    x->account = (relok_avail)a;
    x->card = (relok_avail)c;
    x->transfers = (relok_avail)t;
    int mir = RELOK_AVAIL_UNKNOWN, up = RELOK_AVAIL_UNKNOWN, sim = RELOK_AVAIL_UNKNOWN;
    KEEP(rc, relok__rd_enum(rd, n, "mir", false, relok__avail_names, RELOK_AVAIL_COUNT_, &mir));
    KEEP(rc, relok__rd_enum(rd, n, "unionpay_ru", false, relok__avail_names, RELOK_AVAIL_COUNT_,
                            &up));
    KEEP(rc, relok__rd_enum(rd, n, "sim", false, relok__avail_names, RELOK_AVAIL_COUNT_, &sim));
    x->mir = (relok_avail)mir;
    x->unionpay_ru = (relok_avail)up;
    x->sim = (relok_avail)sim;
    KEEP(rc, relok__rd_text(rd, n, "account_needs", false, &x->account_needs));
    KEEP(rc, relok__rd_text(rd, n, "transfers_how", false, &x->transfers_how));
    KEEP(rc, relok__rd_text(rd, n, "sim_needs", false, &x->sim_needs));
    KEEP(rc, read_fact(L, rd, n, true, RELOK_BASIS_REPORT, &x->fact));
    return rc;
}

static relok_status read_risk(loader *L, relok__rd *rd, const relok__node *n, void *out)
{
    static const char *const keys[] = {"id", "factors", "documents", "severity", "dimension",
                                       "title", "detail", FACT_KEYS, VALIDITY_KEYS, NULL};
    relok_risk *x = out;
    relok_status rc = relok__rd_check_keys(rd, n, keys);
    KEEP(rc, relok__rd_str(rd, n, "id", true, &x->id));
    KEEP(rc, read_enum_set(rd, n, "factors", false, relok__factor_names, RELOK_FACTOR_COUNT_,
                           &x->factors));
    KEEP(rc, read_enum_set(rd, n, "documents", false, relok__doc_names, RELOK_DOC_COUNT_,
                           &x->documents));
    int sev = 0, dim = RELOK_DIM_SAFETY;
    KEEP(rc, relok__rd_enum(rd, n, "severity", true, relok__severity_names,
                            RELOK_SEVERITY_COUNT_, &sev));
    KEEP(rc, relok__rd_enum(rd, n, "dimension", false, relok__dimension_names, RELOK_DIM_COUNT_,
                            &dim));
    x->severity = (relok_severity)sev;
    x->dimension = (relok_dimension)dim;
    KEEP(rc, relok__rd_text(rd, n, "title", true, &x->title));
    KEEP(rc, relok__rd_text(rd, n, "detail", false, &x->detail));
    KEEP(rc, read_fact(L, rd, n, true, RELOK_BASIS_REPORT, &x->fact));
    return rc;
}

static relok_status read_language(loader *L, relok__rd *rd, const relok__node *n, void *out)
{
    static const char *const keys[] = {"language", "spread", FACT_KEYS, VALIDITY_KEYS, NULL};
    relok_language *x = out;
    relok_status rc = relok__rd_check_keys(rd, n, keys);
    const char *lang = NULL;
    relok_status r = relok__rd_str(rd, n, "language", true, &lang);
    if (r == RELOK_OK) {
        if (strlen(lang) != 2 || lang[0] < 'a' || lang[0] > 'z' || lang[1] < 'a' ||
            lang[1] > 'z') {
            size_t mark = relok__rd_push_key(rd, "language");
            r = relok__rd_error(rd, relok__doc_get(n, "language"), RELOK_ESCHEMA,
                                "'%s' is not an ISO 639-1 language code (two small letters, "
                                "e.g. ru)",
                                lang);
            relok__rd_pop(rd, mark);
        } else {
            memcpy(x->lang, lang, 3);
        }
    }
    KEEP(rc, r);
    int spread = 0;
    KEEP(rc, relok__rd_enum(rd, n, "spread", true, relok__spread_names, RELOK_SPREAD_COUNT_,
                            &spread));
    x->spread = (relok_spread)spread;
    KEEP(rc, read_fact(L, rd, n, true, RELOK_BASIS_REPORT, &x->fact));
    return rc;
}

static relok_status read_point(loader *L, relok__rd *rd, const relok__node *n, void *out)
{
    static const char *const keys[] = {"date", "value", "low", "high", FACT_KEYS, NULL};
    relok_point *x = out;
    relok_status rc = relok__rd_check_keys(rd, n, keys);
    KEEP(rc, relok__rd_pdate(rd, n, "date", true, &x->date));
    KEEP(rc, read_amount(rd, n, &x->low, &x->high, &x->is_range, -1e15));
    KEEP(rc, read_fact(L, rd, n, false, RELOK_BASIS_REPORT, &x->fact));
    return rc;
}

static int cmp_point(const void *a, const void *b)
{
    const relok_point *x = a, *y = b;
    if (x->date.day != y->date.day)
        return x->date.day < y->date.day ? -1 : 1;
    /* Same date from two sources: keep file order (line numbers). */
    return x->fact.line < y->fact.line ? -1 : x->fact.line > y->fact.line;
}

static relok_status read_indicator(loader *L, relok__rd *rd, const relok__node *n, void *out)
{
    static const char *const keys[] = {"id", "label", "unit", "dimension", "points", NULL};
    relok_indicator *x = out;
    relok_status rc = relok__rd_check_keys(rd, n, keys);
    KEEP(rc, relok__rd_str(rd, n, "id", true, &x->id));
    KEEP(rc, relok__rd_text(rd, n, "label", true, &x->label));
    int unit = 0, dim = 0;
    size_t n_units = 0;
    while (relok__unit_names[n_units] != NULL)
        n_units++;
    KEEP(rc, relok__rd_enum(rd, n, "unit", true, relok__unit_names, n_units, &unit));
    x->unit = relok__unit_names[unit];
    KEEP(rc, relok__rd_enum(rd, n, "dimension", true, relok__dimension_names, RELOK_DIM_COUNT_,
                            &dim));
    x->dimension = (relok_dimension)dim;
    void *points = NULL;
    const relok__node *pn = NULL;
    KEEP(rc, read_list(L, rd, n, "points", sizeof(relok_point), read_point, &points,
                       &x->n_points, &pn));
    if (x->n_points == 0) {
        size_t mark = relok__rd_push_key(rd, "points");
        KEEP(rc, relok__rd_error(rd, pn != NULL ? pn : n, RELOK_ESCHEMA,
                                 "an indicator needs at least one point"));
        relok__rd_pop(rd, mark);
    }
    if (rc == RELOK_OK)
        if (x->n_points > 1)
            qsort(points, x->n_points, sizeof(relok_point), cmp_point);
    x->points = points;
    x->file = L->rel;
    x->line = n->line;
    return rc;
}

static relok_status read_change(loader *L, relok__rd *rd, const relok__node *n, void *out)
{
    static const char *const keys[] = {"date", "kind", "what", "rule", FACT_KEYS, NULL};
    relok_change *x = out;
    /* FACT_KEYS includes `note` and `basis`: read_fact checks them. */
    relok_status rc = relok__rd_check_keys(rd, n, keys);
    KEEP(rc, relok__rd_date(rd, n, "date", true, &x->date));
    int kind = 0;
    KEEP(rc, relok__rd_enum(rd, n, "kind", true, relok__change_kind_names,
                            RELOK_CHANGE_KIND_COUNT_, &kind));
    x->kind = (relok_change_kind)kind;
    KEEP(rc, relok__rd_text(rd, n, "what", true, &x->what));
    KEEP(rc, relok__rd_str(rd, n, "rule", false, &x->rule_id));
    relok_fact f = {0};
    KEEP(rc, read_fact(L, rd, n, false, RELOK_BASIS_REPORT, &f));
    x->sources = f.sources;
    x->n_sources = f.n_sources;
    x->note = f.note;
    x->is_verified = f.is_verified;
    x->verified_on = f.verified_on;
    x->to_check = f.to_check;
    x->file = L->rel;
    x->line = n->line;
    return rc;
}

static relok_status read_rate(loader *L, relok__rd *rd, const relok__node *n, void *out)
{
    static const char *const keys[] = {"currency", "per_usd", "date", FACT_KEYS, NULL};
    relok_rate *x = out;
    relok_status rc = relok__rd_check_keys(rd, n, keys);
    KEEP(rc, relok__rd_currency(rd, n, "currency", true, x->currency));
    KEEP(rc, relok__rd_num(rd, n, "per_usd", true, 1e-9, 1e9, &x->per_usd));
    KEEP(rc, relok__rd_pdate(rd, n, "date", true, &x->date));
    KEEP(rc, read_fact(L, rd, n, false, RELOK_BASIS_REPORT, &x->fact));
    return rc;
}

/* ============================================================ cross-checks */

static bool same_citizens_and_docs(const relok_scope *a, const relok_scope *b)
{
    return strcmp(a->citizenship, b->citizenship) == 0 && (a->documents & b->documents) != 0;
}

/* Entry items sharing a document and a mode, stay items sharing a document
 * (DESIGN.md), items with one id, neighbours of one code, ... */
static bool same_entry(const void *a, const void *b)
{
    const relok_entry_rule *x = a, *y = b;
    return same_citizens_and_docs(&x->scope, &y->scope) && (x->modes & y->modes) != 0;
}

static bool same_stay(const void *a, const void *b)
{
    const relok_stay_rule *x = a, *y = b;
    return same_citizens_and_docs(&x->scope, &y->scope);
}

static bool same_id(const char *a, const char *b)
{
    return a != NULL && b != NULL && strcmp(a, b) == 0;
}

static bool same_pathway(const void *a, const void *b)
{
    return same_id(((const relok_pathway *)a)->id, ((const relok_pathway *)b)->id);
}

static bool same_risk(const void *a, const void *b)
{
    return same_id(((const relok_risk *)a)->id, ((const relok_risk *)b)->id);
}

static bool same_indicator(const void *a, const void *b)
{
    return same_id(((const relok_indicator *)a)->id, ((const relok_indicator *)b)->id);
}

static bool same_neighbour(const void *a, const void *b)
{
    return strcmp(((const relok_neighbour *)a)->country, ((const relok_neighbour *)b)->country) ==
           0;
}

static bool same_language(const void *a, const void *b)
{
    return strcmp(((const relok_language *)a)->lang, ((const relok_language *)b)->lang) == 0;
}

static bool same_member(const void *a, const void *b)
{
    return strcmp(((const relok_zone_member *)a)->country,
                  ((const relok_zone_member *)b)->country) == 0;
}

static bool always_same(const void *a, const void *b)
{
    (void)a;
    (void)b;
    return true;
}

/* ================================================================= files */

/* Read and parse one file into a scratch tree; problems become diagnostics. */
static relok__node *parse_file(loader *L, const char *path, const char *rel,
                               relok_arena *scratch)
{
    char *text = NULL;
    size_t len = 0;
    relok_error e = {0};
    relok__node *root = NULL;
    relok_status rc = relok__os_read_file(path, RELOK_MAX_FILE_BYTES, scratch, &text, &len, &e);
    if (rc == RELOK_OK)
        rc = relok__doc_parse_yaml(text, len, rel, scratch, &root, &e);
    if (rc != RELOK_OK) {
        add_diag(L, rel, e.line, e.column, e.path, e.msg, rc);
        return NULL;
    }
    return root;
}

/* Each change that names a stay rule must name one of this file. */
static relok_status check_change_rules(relok__rd *rd, const relok__node *changes_n,
                                       const relok_change *changes, size_t n,
                                       const relok_rules *rules)
{
    relok_status rc = RELOK_OK;
    for (size_t i = 0; i < n; i++) {
        if (changes[i].rule_id == NULL)
            continue;
        bool found = false;
        for (size_t k = 0; k < rules->n_stay && !found; k++)
            found = strcmp(rules->stay[k].id, changes[i].rule_id) == 0;
        if (!found) {
            size_t mark = relok__rd_push_key(rd, "changes");
            size_t m2 = relok__rd_push_index(rd, i);
            size_t m3 = relok__rd_push_key(rd, "rule");
            KEEP(rc, relok__rd_error(rd, relok__doc_get(changes_n->items[i], "rule"),
                                     RELOK_ESCHEMA, "no stay rule with id '%s' in this file",
                                     changes[i].rule_id));
            relok__rd_pop(rd, m3);
            relok__rd_pop(rd, m2);
            relok__rd_pop(rd, mark);
        }
    }
    return rc;
}

/* risks_researched: [general, activist, ...]: whose risks were looked for
 * (the factor names, and "general" for everyone's). */
static void read_risks_researched(relok__rd *rd, const relok__node *root, unsigned *out)
{
    _Static_assert(RELOK_FACTOR_COUNT_ < 31, "RELOK_RISKS_GENERAL needs a bit of its own");
    const char *names[RELOK_FACTOR_COUNT_ + 1];
    for (size_t i = 0; i < RELOK_FACTOR_COUNT_; i++)
        names[i] = relok__factor_names[i];
    names[RELOK_FACTOR_COUNT_] = "general";
    read_enum_set(rd, root, "risks_researched", false, names, RELOK_FACTOR_COUNT_ + 1, out);
}

/* The file name without directory and ".yaml". */
static void file_stem(const char *name, char *out, size_t out_len)
{
    relok__strlcpy(out, name, out_len);
    char *dot = strrchr(out, '.');
    if (dot != NULL)
        *dot = '\0';
}

static relok_status read_member(loader *L, relok__rd *rd, const relok__node *n, void *out)
{
    static const char *const keys[] = {"country", "from", "to", NULL};
    (void)L;
    relok_zone_member *x = out;
    relok_status rc = relok__rd_check_keys(rd, n, keys);
    KEEP(rc, relok__rd_country_code(rd, n, "country", true, x->country));
    bool unknown = false;
    x->to = RELOK_DAY_MAX;
    KEEP(rc, read_from(rd, n, &x->from, &unknown));
    KEEP(rc, relok__rd_date(rd, n, "to", false, &x->to));
    return rc;
}

/* A list section of a country or zone file: where its items go in the owner
 * struct and which versions may not overlap. */
typedef struct section {
    const char *key;
    size_t elem;
    item_fn read;
    size_t items_off, n_off; /* the array and its length in the owner */
    overlap_spec overlap;    /* .same NULL: no check */
} section;

/* The trailing arguments are the overlap_spec: same, from_off, to_off, what. */
#define SECTION(owner, key, type, fn, items, n, ...)                                            \
    {key, sizeof(type), fn, offsetof(owner, items), offsetof(owner, n), {__VA_ARGS__}}
#define RULE_SECTIONS(owner)                                                                    \
    SECTION(owner, "entry", relok_entry_rule, read_entry, rules.entry, rules.n_entry,            \
            same_entry, FACT_SPAN(relok_entry_rule), "entry rule"),                              \
    SECTION(owner, "stay", relok_stay_rule, read_stay, rules.stay, rules.n_stay, same_stay,      \
            FACT_SPAN(relok_stay_rule), "stay rule"),                                            \
    SECTION(owner, "bars", relok_entry_bar, read_bar, rules.bars, rules.n_bars, NULL, 0, 0, NULL)

static const section country_sections[] = {
    SECTION(relok_country, "neighbours", relok_neighbour, read_neighbour, neighbours,
            n_neighbours, same_neighbour, FACT_SPAN(relok_neighbour), "neighbour entry"),
    RULE_SECTIONS(relok_country),
    SECTION(relok_country, "pathways", relok_pathway, read_pathway, pathways, n_pathways,
            same_pathway, FACT_SPAN(relok_pathway), "pathway"),
    SECTION(relok_country, "costs", relok_cost, read_cost, costs, n_costs, NULL, 0, 0, NULL),
    SECTION(relok_country, "banking", relok_banking, read_banking, banking, n_banking,
            always_same, FACT_SPAN(relok_banking), "banking entry"),
    SECTION(relok_country, "risks", relok_risk, read_risk, risks, n_risks, same_risk,
            FACT_SPAN(relok_risk), "risk"),
    SECTION(relok_country, "languages", relok_language, read_language, languages, n_languages,
            same_language, FACT_SPAN(relok_language), "language entry"),
    SECTION(relok_country, "indicators", relok_indicator, read_indicator, indicators,
            n_indicators, same_indicator, NO_SPAN, NO_SPAN, "indicator id"),
    SECTION(relok_country, "changes", relok_change, read_change, changes, n_changes, NULL, 0, 0,
            NULL),
};

static const section zone_sections[] = {
    SECTION(relok_zone, "members", relok_zone_member, read_member, members, n_members,
            same_member, offsetof(relok_zone_member, from), offsetof(relok_zone_member, to),
            "membership"),
    RULE_SECTIONS(relok_zone),
    SECTION(relok_zone, "changes", relok_change, read_change, changes, n_changes, NULL, 0, 0,
            NULL),
};

enum { MAX_SECTIONS = 16 };

/* Read every section of the table into owner; nodes[i] gets section i's
 * list node (NULL when absent). Overlaps are checked in sections that read
 * cleanly (a half-read item has no dates to compare). */
static void read_sections(loader *L, relok__rd *rd, const relok__node *root, void *owner,
                          const section *table, size_t n, const relok__node **nodes)
{
    unsigned char *base = owner;
    for (size_t i = 0; i < n; i++) {
        const section *sec = &table[i];
        void *items = NULL;
        size_t count = 0;
        relok_status rc = read_list(L, rd, root, sec->key, sec->elem, sec->read, &items, &count,
                                    &nodes[i]);
        memcpy(base + sec->items_off, &items, sizeof items);
        memcpy(base + sec->n_off, &count, sizeof count);
        if (rc == RELOK_OK)
            check_overlaps(rd, sec->key, nodes[i], items, count, sec->elem, &sec->overlap);
    }
}

static const relok__node *section_node(const section *table, size_t n,
                                       const relok__node *const *nodes, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(table[i].key, key) == 0)
            return nodes[i];
    return NULL;
}

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))
_Static_assert(N_OF(country_sections) <= MAX_SECTIONS, "raise MAX_SECTIONS");
_Static_assert(N_OF(zone_sections) <= MAX_SECTIONS, "raise MAX_SECTIONS");

/* A cost's place as a key: its English place up to " (", or empty for
 * the whole country (no place, or the country's own name). */
static size_t place_key(const relok_country *c, const relok_cost *k, const char **key)
{
    const char *p = k->place.en;
    *key = "";
    if (p == NULL)
        return 0;
    const char *paren = strstr(p, " (");
    size_t n = paren != NULL ? (size_t)(paren - p) : strlen(p);
    const char *name = c->name.en != NULL ? c->name.en : "";
    if (n == strlen(name) && memcmp(p, name, n) == 0)
        return 0;
    *key = p;
    return n;
}

/* Number the places of the costs (relok_cost.place_group), so the advisor
 * can build a month per city without comparing strings. The loader owns the
 * costs it has just read. */
static void group_cost_places(relok_country *c)
{
    relok_cost *costs = (relok_cost *)(uintptr_t)c->costs;
    uint16_t n = 1;
    for (size_t i = 0; i < c->n_costs; i++) {
        const char *ki;
        size_t ni = place_key(c, &costs[i], &ki);
        costs[i].place_group = 0;
        if (ni == 0)
            continue;
        for (size_t j = 0; j < i && costs[i].place_group == 0; j++) {
            const char *kj;
            size_t nj = place_key(c, &costs[j], &kj);
            if (nj == ni && memcmp(ki, kj, ni) == 0)
                costs[i].place_group = costs[j].place_group;
        }
        if (costs[i].place_group == 0 && n < UINT16_MAX)
            costs[i].place_group = n++;
    }
    c->n_place_groups = n;
}

static void read_country(loader *L, relok__rd *rd, const relok__node *root, const char *stem,
                         relok_country *c)
{
    static const char *const keys[] = {"country", "name", "currency", "origin", "neighbours",
                                       "entry", "stay", "bars", "pathways", "costs", "banking",
                                       "risks", "risks_researched", "languages", "indicators",
                                       "changes", NULL};
    if (relok__rd_expect_map(rd, root, "a country") != RELOK_OK)
        return;
    relok__rd_check_keys(rd, root, keys);
    if (relok__rd_country_code(rd, root, "country", true, c->code) == RELOK_OK &&
        strcmp(c->code, stem) != 0) {
        size_t mark = relok__rd_push_key(rd, "country");
        relok__rd_error(rd, relok__doc_get(root, "country"), RELOK_ESCHEMA,
                        "code '%s' does not match the file name (%s.yaml)", c->code, stem);
        relok__rd_pop(rd, mark);
    }
    relok__rd_text(rd, root, "name", true, &c->name);
    relok__rd_currency(rd, root, "currency", true, c->currency);
    relok__rd_bool(rd, root, "origin", false, &c->is_origin);
    c->file = L->rel;

    const relok__node *nodes[MAX_SECTIONS] = {0};
    read_sections(L, rd, root, c, country_sections, N_OF(country_sections), nodes);
    group_cost_places(c);
    read_risks_researched(rd, root, &c->risks_researched);
    check_change_rules(rd, section_node(country_sections, N_OF(country_sections), nodes,
                                        "changes"),
                       c->changes, c->n_changes, &c->rules);
}

static void read_zone(loader *L, relok__rd *rd, const relok__node *root, const char *stem,
                      relok_zone *z)
{
    static const char *const keys[] = {"zone", "name", "members", "entry", "stay", "bars",
                                       "changes", NULL};
    if (relok__rd_expect_map(rd, root, "a zone") != RELOK_OK)
        return;
    relok__rd_check_keys(rd, root, keys);
    if (relok__rd_str(rd, root, "zone", true, &z->id) == RELOK_OK && strcmp(z->id, stem) != 0) {
        size_t mark = relok__rd_push_key(rd, "zone");
        relok__rd_error(rd, relok__doc_get(root, "zone"), RELOK_ESCHEMA,
                        "zone id '%s' does not match the file name (%s.yaml)", z->id, stem);
        relok__rd_pop(rd, mark);
    }
    relok__rd_text(rd, root, "name", true, &z->name);
    z->file = L->rel;
    const relok__node *nodes[MAX_SECTIONS] = {0};
    read_sections(L, rd, root, z, zone_sections, N_OF(zone_sections), nodes);
    if (z->n_members == 0) {
        size_t mark = relok__rd_push_key(rd, "members");
        relok__rd_error(rd, root, RELOK_ESCHEMA, "a zone needs at least one member");
        relok__rd_pop(rd, mark);
    }
    check_change_rules(rd, section_node(zone_sections, N_OF(zone_sections), nodes, "changes"),
                       z->changes, z->n_changes, &z->rules);
}

static relok_status read_source(loader *L, relok__rd *rd, const relok__node *n, void *out)
{
    static const char *const keys[] = {"id", "title", "publisher", "date", "url", "accessed",
                                       "note", NULL};
    relok_source *x = out;
    relok_status rc = relok__rd_check_keys(rd, n, keys);
    relok_status r = relok__rd_str(rd, n, "id", true, &x->id);
    if (r == RELOK_OK) {
        for (const char *s = x->id; *s != '\0'; s++) {
            char ch = *s;
            bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                      (ch >= '0' && ch <= '9') || ch == ':' || ch == '.' || ch == '_' ||
                      ch == '-' || ch == '/';
            if (!ok) {
                size_t mark = relok__rd_push_key(rd, "id");
                r = relok__rd_error(rd, relok__doc_get(n, "id"), RELOK_ESCHEMA,
                                    "source id '%s' may contain only letters, digits and : . _ - /",
                                    x->id);
                relok__rd_pop(rd, mark);
                break;
            }
        }
    }
    KEEP(rc, r);
    KEEP(rc, relok__rd_str(rd, n, "title", true, &x->title));
    KEEP(rc, relok__rd_str(rd, n, "publisher", false, &x->publisher));
    const relok__node *d = relok__doc_get(n, "date");
    x->has_date = !relok__doc_is_null(d);
    KEEP(rc, relok__rd_pdate(rd, n, "date", false, &x->date));
    KEEP(rc, relok__rd_str(rd, n, "url", false, &x->url));
    x->accessed = RELOK_DAY_NONE;
    KEEP(rc, relok__rd_date(rd, n, "accessed", false, &x->accessed));
    KEEP(rc, relok__rd_str(rd, n, "note", false, &x->note));
    x->file = L->rel;
    x->line = n->line;
    x->column = n->col;
    return rc;
}

/* A practice report (data/reports/): what happened, apart from the law. */
static relok_status read_report(loader *L, relok__rd *rd, const relok__node *n, void *out)
{
    static const char *const keys[] = {"id", "country", "crossing", "date", "until", "factors",
                                       "title", "what", "confidence", FACT_KEYS, NULL};
    relok_report *x = out;
    relok_status rc = relok__rd_check_keys(rd, n, keys);
    KEEP(rc, relok__rd_str(rd, n, "id", true, &x->id));
    KEEP(rc, relok__rd_country_code(rd, n, "country", true, x->country));
    KEEP(rc, relok__rd_text(rd, n, "crossing", false, &x->crossing));
    KEEP(rc, relok__rd_pdate(rd, n, "date", true, &x->date));
    x->until.day = RELOK_DAY_NONE;
    KEEP(rc, relok__rd_pdate(rd, n, "until", false, &x->until));
    if (rc == RELOK_OK && x->until.day != RELOK_DAY_NONE && x->until.day < x->date.day) {
        size_t mark = relok__rd_push_key(rd, "until");
        rc = relok__rd_error(rd, relok__doc_get(n, "until"), RELOK_ERANGE,
                             "'until' is before 'date'");
        relok__rd_pop(rd, mark);
    }
    KEEP(rc, read_enum_set(rd, n, "factors", false, relok__factor_names, RELOK_FACTOR_COUNT_,
                           &x->factors));
    KEEP(rc, relok__rd_text(rd, n, "title", true, &x->title));
    KEEP(rc, relok__rd_text(rd, n, "what", true, &x->what));
    int conf = 0;
    KEEP(rc, relok__rd_enum(rd, n, "confidence", true, relok__confidence_names,
                            RELOK_CONFIDENCE_COUNT_, &conf));
    x->confidence = (relok_confidence)conf;
    KEEP(rc, read_fact(L, rd, n, false, RELOK_BASIS_PRACTICE, &x->fact));
    return rc;
}

/* A growable arena array, used to gather items across several files. */
typedef struct gather {
    unsigned char *items;
    size_t n, cap, elem;
} gather;

static void *gather_add(relok_arena *a, gather *g, size_t count)
{
    /* Nothing to add (an empty list, or one lost to an error): no offset
     * from a NULL array (undefined behaviour, found by fuzzing). */
    if (count == 0)
        return g->items;
    if (g->n + count > g->cap) {
        size_t cap = g->cap == 0 ? 16 : g->cap;
        while (cap < g->n + count)
            cap *= 2;
        unsigned char *bigger = relok_arena_calloc(a, cap, g->elem);
        if (bigger == NULL)
            return NULL;
        if (g->n > 0)
            memcpy(bigger, g->items, g->n * g->elem);
        g->items = bigger;
        g->cap = cap;
    }
    void *p = g->items + g->n * g->elem;
    g->n += count;
    return p;
}

/* By id; equal ids (an error reported later) by file and line, so the
 * report names the same "second" definition on every run. */
/* strcmp for the sort comparators, with NULL before every string: an item
 * whose field was lost to an allocation failure is still sorted (its load
 * fails with ENOMEM later) instead of crashing the sort. */
static int cmp_str0(const char *x, const char *y)
{
    if (x == NULL || y == NULL)
        return (x != NULL) - (y != NULL);
    return strcmp(x, y);
}

static int cmp_source(const void *a, const void *b)
{
    const relok_source *x = a, *y = b;
    int c = cmp_str0(x->id, y->id);
    if (c == 0)
        c = cmp_str0(x->file, y->file);
    if (c == 0)
        c = x->line < y->line ? -1 : x->line > y->line;
    return c;
}

static int cmp_country(const void *a, const void *b)
{
    return cmp_str0(((const relok_country *)a)->code, ((const relok_country *)b)->code);
}

static int cmp_zone(const void *a, const void *b)
{
    return cmp_str0(((const relok_zone *)a)->id, ((const relok_zone *)b)->id);
}

static int cmp_rate(const void *a, const void *b)
{
    const relok_rate *x = a, *y = b;
    int c = cmp_str0(x->currency, y->currency);
    if (c != 0)
        return c;
    return x->date.day < y->date.day ? -1 : x->date.day > y->date.day;
}

/* Run fn over every *.yaml file of dir/sub. */
typedef void (*file_fn)(loader *L, relok__rd *rd, const relok__node *root, const char *stem,
                        void *ud);

static void for_each_file(loader *L, const char *dir, const char *sub, bool required,
                          file_fn fn, void *ud)
{
    char subdir[3072];
    int w = snprintf(subdir, sizeof subdir, "%s/%s", dir, sub);
    if (w < 0 || (size_t)w >= sizeof subdir) {
        add_diag(L, sub, 0, 0, NULL, "KB path is too long", RELOK_ELIMIT);
        return;
    }
    if (!relok__os_is_dir(subdir)) {
        if (required)
            add_diag(L, sub, 0, 0, NULL, "directory is missing", RELOK_EIO);
        return;
    }
    relok_arena *scratch = relok_arena_new(0);
    char **names = NULL;
    size_t n = 0;
    relok_error e = {0};
    if (scratch == NULL) {
        add_diag(L, sub, 0, 0, NULL, "out of memory", RELOK_ENOMEM);
        return;
    }
    if (relok__os_list_dir(subdir, ".yaml", scratch, &names, &n, &e) != RELOK_OK) {
        add_diag(L, sub, 0, 0, NULL, e.msg, e.code);
        n = 0; /* fall through to the one cleanup below */
    }
    if (n > RELOK_MAX_KB_FILES) {
        add_diag(L, sub, 0, 0, NULL, "too many files", RELOK_ELIMIT);
        n = RELOK_MAX_KB_FILES;
    }
    for (size_t i = 0; i < n && !loader_full(L); i++) {
        char path[4096], rel[512], stem[256];
        int w1 = snprintf(path, sizeof path, "%s/%s", subdir, names[i]);
        int w2 = snprintf(rel, sizeof rel, "%s/%s", sub, names[i]);
        if (w1 < 0 || (size_t)w1 >= sizeof path || w2 < 0 || (size_t)w2 >= sizeof rel) {
            add_diag(L, sub, 0, 0, NULL, "file path is too long", RELOK_ELIMIT);
            continue;
        }
        file_stem(names[i], stem, sizeof stem);
        L->rel = relok_arena_strdup(L->arena, rel);
        relok_arena *tree = L->rel != NULL ? relok_arena_new(0) : NULL;
        if (tree == NULL) {
            add_diag(L, rel, 0, 0, NULL, "out of memory", RELOK_ENOMEM);
            break;
        }
        relok__node *root = parse_file(L, path, L->rel, tree);
        if (root != NULL) {
            relok__rd rd;
            relok__rd_init(&rd, L->rel, L->arena, NULL, L->max_diags - L->n_diags);
            rd.diag_arena = L->diag_arena;
            fn(L, &rd, root, stem, ud);
            take_diags(L, &rd);
        }
        relok_arena_free(tree);
    }
    relok_arena_free(scratch);
}

static void source_file(loader *L, relok__rd *rd, const relok__node *root, const char *stem,
                        void *ud)
{
    static const char *const keys[] = {"sources", NULL};
    (void)stem;
    gather *g = ud;
    if (relok__rd_expect_map(rd, root, "the source registry") != RELOK_OK)
        return;
    relok__rd_check_keys(rd, root, keys);
    void *p = NULL;
    size_t n = 0;
    if (relok__doc_get(root, "sources") == NULL) {
        relok__rd_error(rd, root, RELOK_ESCHEMA, "required field 'sources' is missing");
        return;
    }
    read_list(L, rd, root, "sources", sizeof(relok_source), read_source, &p, &n, NULL);
    void *dst = gather_add(L->arena, g, n);
    if (dst == NULL && n > 0)
        relok__rd_error(rd, root, RELOK_ENOMEM, "out of memory");
    else if (n > 0)
        memcpy(dst, p, n * sizeof(relok_source));
}

static void country_file(loader *L, relok__rd *rd, const relok__node *root, const char *stem,
                         void *ud)
{
    gather *g = ud;
    relok_country *c = gather_add(L->arena, g, 1);
    if (c != NULL)
        read_country(L, rd, root, stem, c);
    else
        relok__rd_error(rd, root, RELOK_ENOMEM, "out of memory");
}

static void zone_file(loader *L, relok__rd *rd, const relok__node *root, const char *stem,
                      void *ud)
{
    gather *g = ud;
    relok_zone *z = gather_add(L->arena, g, 1);
    if (z != NULL)
        read_zone(L, rd, root, stem, z);
    else
        relok__rd_error(rd, root, RELOK_ENOMEM, "out of memory");
}

static void rates_file(loader *L, relok__rd *rd, const relok__node *root, void *ud)
{
    static const char *const keys[] = {"rates", NULL};
    gather *g = ud;
    if (relok__rd_expect_map(rd, root, "the rate table") != RELOK_OK)
        return;
    relok__rd_check_keys(rd, root, keys);
    void *p = NULL;
    size_t n = 0;
    read_list(L, rd, root, "rates", sizeof(relok_rate), read_rate, &p, &n, NULL);
    void *dst = gather_add(L->arena, g, n);
    if (dst == NULL && n > 0)
        relok__rd_error(rd, root, RELOK_ENOMEM, "out of memory");
    else if (n > 0)
        memcpy(dst, p, n * sizeof(relok_rate));
}

static void report_file(loader *L, relok__rd *rd, const relok__node *root, const char *stem,
                        void *ud)
{
    static const char *const keys[] = {"reports", NULL};
    (void)stem;
    gather *g = ud;
    if (relok__rd_expect_map(rd, root, "a report file") != RELOK_OK)
        return;
    relok__rd_check_keys(rd, root, keys);
    void *p = NULL;
    size_t n = 0;
    if (relok__doc_get(root, "reports") == NULL) {
        relok__rd_error(rd, root, RELOK_ESCHEMA, "required field 'reports' is missing");
        return;
    }
    read_list(L, rd, root, "reports", sizeof(relok_report), read_report, &p, &n, NULL);
    void *dst = gather_add(L->arena, g, n);
    if (dst == NULL && n > 0)
        relok__rd_error(rd, root, RELOK_ENOMEM, "out of memory");
    else if (n > 0)
        memcpy(dst, p, n * sizeof(relok_report));
}

static int cmp_report(const void *a, const void *b)
{
    const relok_report *x = a, *y = b;
    int c = cmp_str0(x->country, y->country);
    if (c == 0)
        c = x->date.day < y->date.day ? -1 : x->date.day > y->date.day;
    if (c == 0)
        c = cmp_str0(x->fact.file, y->fact.file);
    if (c == 0)
        c = x->fact.line < y->fact.line ? -1 : x->fact.line > y->fact.line;
    return c;
}

/* Reports need a country file to be shown with, and unique ids; then each
 * country gets its run of the sorted array. */
static void link_reports(loader *L)
{
    relok_kb *kb = L->kb;
    for (size_t i = 0; i < kb->n_reports; i++) {
        relok_report *r = &kb->reports[i];
        relok_country *c = NULL;
        for (size_t k = 0; k < kb->n_countries && c == NULL; k++)
            if (strcmp(kb->countries[k].code, r->country) == 0)
                c = &kb->countries[k];
        char msg[RELOK_ERROR_MSG_LEN];
        if (c == NULL) {
            snprintf(msg, sizeof msg, "country '%s' has no file in countries/", r->country);
            add_diag(L, r->fact.file, r->fact.line, 0, "reports.country", msg, RELOK_ESCHEMA);
            continue;
        }
        for (size_t k = 0; k < i; k++)
            if (strcmp(kb->reports[k].id, r->id) == 0) {
                snprintf(msg, sizeof msg, "report id '%s' is used twice (also %s:%u)", r->id,
                         kb->reports[k].fact.file, kb->reports[k].fact.line);
                add_diag(L, r->fact.file, r->fact.line, 0, "reports.id", msg, RELOK_ESCHEMA);
                break;
            }
        if (c->reports == NULL)
            c->reports = r;
        c->n_reports++;
    }
}

/* Link zone memberships into the member countries that have files. */
static void link_zones(loader *L)
{
    relok_kb *kb = L->kb;
    for (size_t c = 0; c < kb->n_countries; c++) {
        relok_country *country = &kb->countries[c];
        size_t n = 0;
        for (size_t z = 0; z < kb->n_zones; z++)
            for (size_t m = 0; m < kb->zones[z].n_members; m++)
                if (strcmp(kb->zones[z].members[m].country, country->code) == 0)
                    n++;
        if (n == 0)
            continue;
        relok_membership *ms = relok_arena_calloc(L->arena, n, sizeof *ms);
        if (ms == NULL) {
            add_diag(L, country->file, 0, 0, NULL, "out of memory", RELOK_ENOMEM);
            return;
        }
        size_t k = 0;
        for (size_t z = 0; z < kb->n_zones; z++)
            for (size_t m = 0; m < kb->zones[z].n_members; m++)
                if (strcmp(kb->zones[z].members[m].country, country->code) == 0) {
                    ms[k].zone = kb->zones[z].id;
                    ms[k].from = kb->zones[z].members[m].from;
                    ms[k].to = kb->zones[z].members[m].to;
                    k++;
                }
        country->zones = ms;
        country->n_zones = n;
    }
}

relok_status relok_kb_load(const char *dir, relok_kb **out, relok_diags *diags,
                           relok_error *err)
{
    *out = NULL;
    if (diags != NULL)
        memset(diags, 0, sizeof *diags);
    if (dir == NULL)
        return relok__fail(err, RELOK_EINVAL, "no KB directory given");
    if (!relok__os_is_dir(dir))
        return relok__fail_at(err, RELOK_EIO, dir, 0, 0, NULL,
                              "not a directory (expected a knowledge base with sources/, "
                              "countries/, zones/)");

    relok_arena *arena = relok_arena_new(RELOK_MAX_KB_BYTES);
    relok_arena *diag_arena = relok_arena_new(0);
    relok_kb *kb = arena != NULL ? relok_arena_calloc(arena, 1, sizeof *kb) : NULL;
    if (kb != NULL)
        kb->dir = relok_arena_strdup(arena, dir);
    if (kb == NULL || kb->dir == NULL || diag_arena == NULL) {
        relok_arena_free(arena);
        relok_arena_free(diag_arena);
        return relok__fail(err, RELOK_ENOMEM, "out of memory");
    }
    kb->arena = arena;
    loader L = {.kb = kb,
                .arena = arena,
                .diag_arena = diag_arena,
                .err = err,
                .max_diags = diags != NULL ? 500 : 1,
                .today = relok_date_today(),
                .strict = diags != NULL};

    /* Sources first: every fact checks its citations against them. */
    gather g_src = {.elem = sizeof(relok_source)};
    for_each_file(&L, dir, "sources", true, source_file, &g_src);
    kb->sources = (relok_source *)(void *)g_src.items;
    kb->n_sources = g_src.n;
    if (kb->n_sources > 1)
        qsort(kb->sources, kb->n_sources, sizeof *kb->sources, cmp_source);
    for (size_t i = 1; i < kb->n_sources; i++)
        if (kb->sources[i].id != NULL && kb->sources[i - 1].id != NULL &&
            strcmp(kb->sources[i].id, kb->sources[i - 1].id) == 0) {
            char msg[RELOK_ERROR_MSG_LEN];
            snprintf(msg, sizeof msg, "source id '%s' is defined twice (also %s:%u)",
                     kb->sources[i].id, kb->sources[i - 1].file, kb->sources[i - 1].line);
            add_diag(&L, kb->sources[i].file, kb->sources[i].line, kb->sources[i].column,
                     "sources", msg, RELOK_ESCHEMA);
        }

    gather g_zone = {.elem = sizeof(relok_zone)};
    for_each_file(&L, dir, "zones", false, zone_file, &g_zone);
    kb->zones = (relok_zone *)(void *)g_zone.items;
    kb->n_zones = g_zone.n;
    if (kb->n_zones > 1)
        qsort(kb->zones, kb->n_zones, sizeof *kb->zones, cmp_zone);

    gather g_country = {.elem = sizeof(relok_country)};
    for_each_file(&L, dir, "countries", true, country_file, &g_country);
    kb->countries = (relok_country *)(void *)g_country.items;
    kb->n_countries = g_country.n;
    if (kb->n_countries > 1)
        qsort(kb->countries, kb->n_countries, sizeof *kb->countries, cmp_country);

    /* rates.yaml is optional: without it, costs in other currencies are
     * reported as unconvertible rather than guessed. */
    char rates_path[4096];
    int w = snprintf(rates_path, sizeof rates_path, "%s/rates.yaml", dir);
    gather g_rate = {.elem = sizeof(relok_rate)};
    /* Only whether the name exists: opening it here could block on a FIFO;
     * parse_file reads it without blocking and refuses what is not a file. */
    struct stat rates_st;
    if (w > 0 && (size_t)w < sizeof rates_path && stat(rates_path, &rates_st) == 0) {
        relok_arena *tree = relok_arena_new(0);
        L.rel = "rates.yaml";
        if (tree == NULL)
            add_diag(&L, L.rel, 0, 0, NULL, "out of memory", RELOK_ENOMEM);
        relok__node *root = tree != NULL ? parse_file(&L, rates_path, L.rel, tree) : NULL;
        if (root != NULL) {
            relok__rd rd;
            relok__rd_init(&rd, L.rel, arena, NULL, L.max_diags);
            rd.diag_arena = diag_arena;
            rates_file(&L, &rd, root, &g_rate);
            take_diags(&L, &rd);
        }
        relok_arena_free(tree);
    }
    kb->rates = (relok_rate *)(void *)g_rate.items;
    kb->n_rates = g_rate.n;
    if (kb->n_rates > 1)
        qsort(kb->rates, kb->n_rates, sizeof *kb->rates, cmp_rate);

    gather g_report = {.elem = sizeof(relok_report)};
    for_each_file(&L, dir, "reports", false, report_file, &g_report);
    kb->reports = (relok_report *)(void *)g_report.items;
    kb->n_reports = g_report.n;
    if (kb->n_reports > 1)
        qsort(kb->reports, kb->n_reports, sizeof *kb->reports, cmp_report);

    if (L.n_problems == 0)
        link_reports(&L);
    if (L.n_problems == 0)
        link_zones(&L);

    relok_status rc = RELOK_OK;
    if (L.n_problems > 0) {
        /* Out of memory wins: a schema error reported after a failed
         * allocation may only be its echo. */
        rc = L.saw_enomem ? RELOK_ENOMEM
             : L.first_code != RELOK_OK ? L.first_code : RELOK_ESCHEMA;
        if (diags != NULL) {
            relok_diag *items = relok_arena_calloc(diag_arena, L.n_diags, sizeof *items);
            if (items != NULL) {
                memcpy(items, L.diags, L.n_diags * sizeof *items);
                diags->items = items;
                diags->n = L.n_diags;
                diags->arena = diag_arena;
                diag_arena = NULL;
            }
        }
        relok_arena_free(arena);
    } else {
        *out = kb;
    }
    relok__free(L.diags);
    relok_arena_free(diag_arena);
    return rc;
}

void relok_kb_free(relok_kb *kb)
{
    if (kb != NULL)
        relok_arena_free(kb->arena);
}

void relok_diags_free(relok_diags *d)
{
    if (d == NULL)
        return;
    relok_arena_free(d->arena);
    memset(d, 0, sizeof *d);
}
