/* SPDX-License-Identifier: MIT */
/* Scenario files (data/scenarios/<id>.yaml): bilingual title and
 * description, premise sources, an optional `base:` to extend, and dated
 * typed events. Strict: unknown keys, wrong types, impossible dates, source
 * ids the KB lacks, countries it lacks and cycles of `base:` are errors
 * naming file:line:column and the field. Engine layer; docs/scenarios.md. */
#include "sim_int.h"

#include "base/alloc_int.h"
#include "base/error_int.h"
#include "base/limits.h"
#include "base/os_int.h"
#include "base/reader_int.h"
#include "kb/notation.h"

#include <stdio.h>
#include <string.h>

const char *const relok__sim_group_names[RELOK_SIM_GROUP_COUNT_] = {
#define X(n, s) s,
    RELOK_SIM_GROUP_MAP(X)
#undef X
};
static const char *const event_names[RELOK_SIM_EVENT_COUNT_] = {
#define X(n, s) s,
    RELOK_SIM_EVENT_MAP(X)
#undef X
};
static const char *const shock_names[RELOK_SIM_SHOCK_COUNT_] = {
#define X(n, s) s,
    RELOK_SIM_SHOCK_MAP(X)
#undef X
};
static const char *const move_names[RELOK_SIM_MOVE_COUNT_] = {
#define X(n, s) s,
    RELOK_SIM_MOVE_MAP(X)
#undef X
};

const char *relok_sim_group_name(relok_sim_group g)
{
    return (unsigned)g < RELOK_SIM_GROUP_COUNT_ ? relok__sim_group_names[g] : NULL;
}
const char *relok_sim_event_kind_name(relok_sim_event_kind k)
{
    return (unsigned)k < RELOK_SIM_EVENT_COUNT_ ? event_names[k] : NULL;
}
const char *relok_sim_shock_name(relok_sim_shock s)
{
    return (unsigned)s < RELOK_SIM_SHOCK_COUNT_ ? shock_names[s] : NULL;
}
const char *relok_sim_move_name(relok_sim_move m)
{
    return (unsigned)m < RELOK_SIM_MOVE_COUNT_ ? move_names[m] : NULL;
}

/* Keys allowed per event kind, besides the common ones. */
static const char *const *kind_keys(relok_sim_event_kind k)
{
    static const char *const rule_change[] = {"kind", "from", "to", "sources", "note",
                                              "country", "documents", "access", "stay", NULL};
    static const char *const push[] = {"kind", "from", "to", "sources", "note",
                                       "groups", "factor", NULL};
    static const char *const exit_ban[] = {"kind", "from", "to", "sources", "note",
                                           "groups", "share", NULL};
    static const char *const host_shock[] = {"kind", "from", "to", "sources", "note",
                                             "country", "shock", "delta", NULL};
    static const char *const extradition[] = {"kind", "from", "to", "sources", "note",
                                              "country", "groups", NULL};
    static const char *const pathway[] = {"kind", "from", "to", "sources", "note",
                                          "country", "groups", "documents", NULL};
    switch (k) {
    case RELOK_SIM_EV_RULE_CHANGE: return rule_change;
    case RELOK_SIM_EV_PUSH: return push;
    case RELOK_SIM_EV_RETURN_PULL: return push;
    case RELOK_SIM_EV_EXIT_BAN: return exit_ban;
    case RELOK_SIM_EV_HOST_SHOCK: return host_shock;
    case RELOK_SIM_EV_EXTRADITION: return extradition;
    case RELOK_SIM_EV_PATHWAY: return pathway;
    default: return push;
    }
}

typedef struct loader {
    const char *dir;
    const relok_kb *kb;
    relok_arena *arena;
    relok_error *err;
    relok_sim_event *events;      /* heap, grows */
    size_t n_events, cap_events;
} loader;

/* A list of names read into a bit set. */
static relok_status read_bits(relok__rd *rd, const relok__node *map, const char *key,
                              const char *const *names, size_t n_names, unsigned *out)
{
    const relok__node *seq = relok__doc_get(map, key);
    if (relok__doc_is_null(seq))
        return RELOK_OK;
    size_t mark = relok__rd_push_key(rd, key);
    relok_status rc = relok__rd_expect_seq(rd, seq, "a list of names");
    unsigned bits = 0;
    if (rc == RELOK_OK && seq->n == 0)
        rc = relok__rd_error(rd, seq, RELOK_ESCHEMA, "the list is empty");
    for (size_t i = 0; rc == RELOK_OK && i < seq->n; i++) {
        size_t m2 = relok__rd_push_index(rd, i);
        int v = 0;
        rc = relok__rd_node_enum(rd, seq->items[i], names, n_names, &v);
        if (rc == RELOK_OK)
            bits |= 1u << v;
        relok__rd_pop(rd, m2);
    }
    relok__rd_pop(rd, mark);
    if (rc == RELOK_OK)
        *out = bits;
    return rc;
}

/* Source ids: a non-empty list, each known to the KB (when given). */
static relok_status read_sources(loader *L, relok__rd *rd, const relok__node *map,
                                 const char *const **out, size_t *out_n)
{
    const relok__node *seq = relok__doc_get(map, "sources");
    size_t mark = relok__rd_push_key(rd, "sources");
    relok_status rc = RELOK_OK;
    if (relok__doc_is_null(seq))
        rc = relok__rd_error(rd, map, RELOK_ESCHEMA,
                             "missing: every scenario and event cites at least one source");
    if (rc == RELOK_OK)
        rc = relok__rd_expect_seq(rd, seq, "a list of source ids");
    if (rc == RELOK_OK && seq->n == 0)
        rc = relok__rd_error(rd, seq, RELOK_ESCHEMA, "the list is empty");
    const char **ids = NULL;
    if (rc == RELOK_OK) {
        ids = relok_arena_calloc(L->arena, seq->n, sizeof *ids);
        if (ids == NULL)
            rc = relok__rd_error(rd, seq, RELOK_ENOMEM, "out of memory");
    }
    for (size_t i = 0; rc == RELOK_OK && i < seq->n; i++) {
        size_t m2 = relok__rd_push_index(rd, i);
        rc = relok__rd_node_str(rd, seq->items[i], &ids[i]);
        if (rc == RELOK_OK && L->kb != NULL && relok_kb_source(L->kb, ids[i]) == NULL)
            rc = relok__rd_error(rd, seq->items[i], RELOK_ESCHEMA,
                                 "unknown source id '%s' (not in the KB's sources)", ids[i]);
        relok__rd_pop(rd, m2);
    }
    relok__rd_pop(rd, mark);
    if (rc == RELOK_OK) {
        *out = ids;
        *out_n = seq->n;
    }
    return rc;
}

/* A host country: a valid code the KB knows, not the origin. */
static relok_status read_host(loader *L, relok__rd *rd, const relok__node *map, char out[3])
{
    relok_status rc = relok__rd_country_code(rd, map, "country", true, out);
    if (rc != RELOK_OK || L->kb == NULL)
        return rc;
    const relok_country *c = relok_kb_country(L->kb, out);
    size_t mark = relok__rd_push_key(rd, "country");
    if (c == NULL)
        rc = relok__rd_error(rd, relok__doc_get(map, "country"), RELOK_ESCHEMA,
                             "country '%s' is not in the knowledge base", out);
    else if (c->is_origin)
        rc = relok__rd_error(rd, relok__doc_get(map, "country"), RELOK_ESCHEMA,
                             "country '%s' is the origin, not a host", out);
    relok__rd_pop(rd, mark);
    return rc;
}

static relok_status read_event(loader *L, relok__rd *rd, const relok__node *n,
                               relok_sim_event *ev)
{
    memset(ev, 0, sizeof *ev);
    relok_status rc = relok__rd_expect_map(rd, n, "an event (a map with kind, from, sources)");
    int kind = 0;
    if (rc == RELOK_OK)
        rc = relok__rd_enum(rd, n, "kind", true, event_names, RELOK_SIM_EVENT_COUNT_, &kind);
    if (rc != RELOK_OK)
        return rc;
    ev->kind = (relok_sim_event_kind)kind;
    ev->to = RELOK_DAY_MAX;
    ev->groups = (1u << RELOK_SIM_GROUP_COUNT_) - 1u;
    ev->factor = 1.0;
    ev->share = 1.0;
    ev->file = rd->source;
    ev->line = n->line;
    rc = relok__rd_check_keys(rd, n, kind_keys(ev->kind));
    if (rc == RELOK_OK)
        rc = relok__rd_date(rd, n, "from", true, &ev->from);
    if (rc == RELOK_OK)
        rc = relok__rd_date(rd, n, "to", false, &ev->to);
    if (rc == RELOK_OK && ev->to < ev->from) {
        size_t mark = relok__rd_push_key(rd, "to");
        rc = relok__rd_error(rd, relok__doc_get(n, "to"), RELOK_ERANGE,
                             "'to' is before 'from'");
        relok__rd_pop(rd, mark);
    }
    if (rc == RELOK_OK)
        rc = read_sources(L, rd, n, &ev->sources, &ev->n_sources);
    if (rc == RELOK_OK && !relok__doc_is_null(relok__doc_get(n, "note")))
        rc = relok__rd_text(rd, n, "note", false, &ev->note);
    if (rc == RELOK_OK)
        rc = read_bits(rd, n, "groups", relok__sim_group_names, RELOK_SIM_GROUP_COUNT_,
                       &ev->groups);
    if (rc != RELOK_OK)
        return rc;
    switch (ev->kind) {
    case RELOK_SIM_EV_RULE_CHANGE: {
        rc = read_host(L, rd, n, ev->country);
        if (rc == RELOK_OK && relok__doc_is_null(relok__doc_get(n, "documents")))
            rc = relok__rd_error(rd, n, RELOK_ESCHEMA, "missing 'documents'");
        if (rc == RELOK_OK)
            rc = read_bits(rd, n, "documents", relok__doc_names, RELOK_DOC_COUNT_,
                           &ev->documents);
        const relok__node *acc = relok__doc_get(n, "access");
        const relok__node *stay = relok__doc_get(n, "stay");
        if (rc == RELOK_OK && relok__doc_is_null(acc) && relok__doc_is_null(stay))
            rc = relok__rd_error(rd, n, RELOK_ESCHEMA,
                                 "a rule_change needs 'access', 'stay' or both");
        if (rc == RELOK_OK && !relok__doc_is_null(acc)) {
            int a = 0;
            rc = relok__rd_enum(rd, n, "access", true, relok__access_names,
                                RELOK_ACCESS_COUNT_, &a);
            ev->has_access = true;
            ev->access = (relok_access)a;
        }
        if (rc == RELOK_OK && !relok__doc_is_null(stay)) {
            relok_rule *r = relok_arena_calloc(L->arena, 1, sizeof *r);
            size_t mark = relok__rd_push_key(rd, "stay");
            if (r == NULL)
                rc = relok__rd_error(rd, stay, RELOK_ENOMEM, "out of memory");
            else
                rc = relok__rule_read(rd, stay, r);
            relok__rd_pop(rd, mark);
            if (rc == RELOK_OK && rd->status != RELOK_OK)
                rc = rd->status;
            ev->stay = r;
        }
        break;
    }
    case RELOK_SIM_EV_PUSH:
    case RELOK_SIM_EV_RETURN_PULL:
        rc = relok__rd_num(rd, n, "factor", true, 0.0, 1000.0, &ev->factor);
        break;
    case RELOK_SIM_EV_EXIT_BAN:
        rc = relok__rd_num(rd, n, "share", false, 0.0, 1.0, &ev->share);
        break;
    case RELOK_SIM_EV_HOST_SHOCK: {
        rc = read_host(L, rd, n, ev->country);
        int s = 0;
        if (rc == RELOK_OK)
            rc = relok__rd_enum(rd, n, "shock", true, shock_names, RELOK_SIM_SHOCK_COUNT_, &s);
        ev->shock = (relok_sim_shock)s;
        if (rc == RELOK_OK)
            rc = relok__rd_num(rd, n, "delta", true, -1.0, 1.0, &ev->delta);
        break;
    }
    case RELOK_SIM_EV_EXTRADITION:
        if (relok__doc_is_null(relok__doc_get(n, "groups")))
            ev->groups = 1u << RELOK_SIM_GROUP_ACTIVIST;
        rc = read_host(L, rd, n, ev->country);
        break;
    case RELOK_SIM_EV_PATHWAY:
        ev->documents = 1u << RELOK_DOC_PASSPORT;
        rc = read_host(L, rd, n, ev->country);
        if (rc == RELOK_OK)
            rc = read_bits(rd, n, "documents", relok__doc_names, RELOK_DOC_COUNT_,
                           &ev->documents);
        break;
    default:
        break;
    }
    return rc != RELOK_OK ? rc : rd->status;
}

static relok_status load_one(loader *L, const char *id, int depth, relok_sim_scenario *out);

static bool valid_id(const char *id)
{
    size_t n = strlen(id);
    if (n == 0 || n > 64)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = id[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return false;
    }
    return true;
}

static relok_status load_one(loader *L, const char *id, int depth, relok_sim_scenario *out)
{
    memset(out, 0, sizeof *out);
    if (!valid_id(id))
        return relok__fail(L->err, RELOK_EINVAL,
                           "scenario name '%s': use lower-case letters, digits, '-' and '_'",
                           id);
    char path[4096];
    int pn = snprintf(path, sizeof path, "%s/%s.yaml", L->dir, id);
    if (pn < 0 || (size_t)pn >= sizeof path)
        return relok__fail(L->err, RELOK_ELIMIT, "scenario path too long");
    char *text = NULL;
    size_t len = 0;
    relok_error ioerr = {0};
    relok_status rc = relok__os_read_file(path, RELOK_MAX_FILE_BYTES, L->arena, &text, &len,
                                          &ioerr);
    if (rc == RELOK_EIO && depth == 0)
        return relok__fail(L->err, RELOK_ENOTFOUND, "no scenario '%s' (%s)", id, ioerr.msg);
    if (rc != RELOK_OK) {
        if (L->err != NULL && L->err->code == RELOK_OK)
            *L->err = ioerr;
        return rc;
    }
    const char *source = relok_arena_strdup(L->arena, path);
    if (source == NULL)
        return relok__fail(L->err, RELOK_ENOMEM, "out of memory");
    relok__node *root = NULL;
    rc = relok__doc_parse_yaml(text, len, source, L->arena, &root, L->err);
    if (rc != RELOK_OK)
        return rc;
    relok__rd rd;
    relok__rd_init(&rd, source, L->arena, L->err, 1);
    static const char *const keys[] = {"title", "description", "base", "sources",
                                       "assumptions", "events", NULL};
    if (root == NULL) {
        rc = relok__fail_at(L->err, RELOK_ESCHEMA, source, 1, 1, "",
                            "empty file: expected a scenario (title, description, sources, "
                            "events)");
        relok__rd_done(&rd);
        return rc;
    }
    rc = relok__rd_expect_map(&rd, root, "a scenario");
    if (rc == RELOK_OK)
        rc = relok__rd_check_keys(&rd, root, keys);
    if (rc == RELOK_OK)
        rc = relok__rd_text(&rd, root, "title", true, &out->title);
    if (rc == RELOK_OK)
        rc = relok__rd_text(&rd, root, "description", true, &out->description);
    if (rc == RELOK_OK)
        rc = read_sources(L, &rd, root, &out->sources, &out->n_sources);
    if (rc == RELOK_OK && !relok__doc_is_null(relok__doc_get(root, "assumptions")))
        rc = relok__rd_text(&rd, root, "assumptions", false, &out->assumptions);
    if (rc == RELOK_OK)
        rc = relok__rd_str(&rd, root, "base", false, &out->base);
    relok_sim_scenario base;
    memset(&base, 0, sizeof base);
    if (rc == RELOK_OK && out->base != NULL) {
        size_t mark = relok__rd_push_key(&rd, "base");
        const relok__node *bn = relok__doc_get(root, "base");
        if (strcmp(out->base, id) == 0)
            rc = relok__rd_error(&rd, bn, RELOK_ESCHEMA, "a scenario cannot extend itself");
        else if (depth + 1 >= RELOK_SIM_MAX_BASE_DEPTH)
            rc = relok__rd_error(&rd, bn, RELOK_ELIMIT,
                                 "'base:' chain deeper than %d (a cycle?)",
                                 RELOK_SIM_MAX_BASE_DEPTH);
        else if (!valid_id(out->base))
            rc = relok__rd_error(&rd, bn, RELOK_ESCHEMA, "not a scenario name");
        else {
            char bpath[4096];
            int bn_len = snprintf(bpath, sizeof bpath, "%s/%s.yaml", L->dir, out->base);
            relok_status brc = bn_len < 0 || (size_t)bn_len >= sizeof bpath
                                   ? RELOK_ELIMIT
                                   : relok__os_read_file(bpath, RELOK_MAX_FILE_BYTES, L->arena,
                                                         &text, &len, NULL);
            /* Out of memory while reading the base is not a missing base
             * (it was reported as one: found by the CLI allocation sweep). */
            if (brc == RELOK_ENOMEM)
                rc = relok__rd_error(&rd, bn, RELOK_ENOMEM, "out of memory");
            else if (brc != RELOK_OK)
                rc = relok__rd_error(&rd, bn, RELOK_ESCHEMA, "no scenario '%s' to extend",
                                     out->base);
            else {
                relok_error berr = {0};
                relok_error *saved = L->err;
                L->err = &berr;
                rc = load_one(L, out->base, depth + 1, &base);
                L->err = saved;
                if (rc != RELOK_OK) {
                    char buf[512];
                    rc = relok__rd_error(&rd, bn, rc, "base scenario '%s' is broken: %s",
                                         out->base,
                                         relok_error_format(&berr, buf, sizeof buf));
                }
            }
        }
        relok__rd_pop(&rd, mark);
    }
    const relok__node *evs = relok__doc_get(root, "events");
    size_t first = L->n_events;
    if (rc == RELOK_OK && relok__doc_is_null(evs) && out->base == NULL)
        rc = relok__rd_error(&rd, root, RELOK_ESCHEMA,
                             "missing 'events' (a scenario without a base needs events)");
    if (rc == RELOK_OK && !relok__doc_is_null(evs)) {
        size_t mark = relok__rd_push_key(&rd, "events");
        rc = relok__rd_expect_seq(&rd, evs, "a list of events");
        for (size_t i = 0; rc == RELOK_OK && i < evs->n; i++) {
            if (L->n_events >= RELOK_SIM_MAX_EVENTS) {
                rc = relok__rd_error(&rd, evs->items[i], RELOK_ELIMIT,
                                     "more than %d events", RELOK_SIM_MAX_EVENTS);
                break;
            }
            if (L->n_events == L->cap_events) {
                size_t cap = L->cap_events == 0 ? 32 : L->cap_events * 2;
                relok_sim_event *bigger = relok__mallocarray(L->events, cap, sizeof *bigger);
                if (bigger == NULL) {
                    rc = relok__rd_error(&rd, evs, RELOK_ENOMEM, "out of memory");
                    break;
                }
                L->events = bigger;
                L->cap_events = cap;
            }
            size_t m2 = relok__rd_push_index(&rd, i);
            rc = read_event(L, &rd, evs->items[i], &L->events[L->n_events]);
            relok__rd_pop(&rd, m2);
            if (rc == RELOK_OK)
                L->n_events++;
        }
        relok__rd_pop(&rd, mark);
    }
    relok__rd_done(&rd);
    if (rc != RELOK_OK)
        return rc;
    out->id = relok_arena_strdup(L->arena, id);
    out->file = source;
    out->n_own_events = L->n_events - first;
    return out->id != NULL ? RELOK_OK : relok__fail(L->err, RELOK_ENOMEM, "out of memory");
}

relok_status relok_sim_scenario_load(const char *dir, const char *id, const relok_kb *kb,
                                     relok_arena *arena, relok_sim_scenario *out,
                                     relok_error *err)
{
    if (dir == NULL || id == NULL || arena == NULL || out == NULL)
        return relok__fail(err, RELOK_EINVAL, "relok_sim_scenario_load: NULL argument");
    loader L = {.dir = dir, .kb = kb, .arena = arena, .err = err};
    relok_sim_scenario sc;
    relok_status rc = load_one(&L, id, 0, &sc);
    if (rc == RELOK_OK) {
        /* Base events were appended first (recursion), so the list is in
         * base-then-own order already. */
        relok_sim_event *evs = relok_arena_calloc(arena, L.n_events + 1, sizeof *evs);
        if (evs == NULL) {
            rc = relok__fail(err, RELOK_ENOMEM, "out of memory");
        } else {
            if (L.n_events > 0)
                memcpy(evs, L.events, L.n_events * sizeof *evs);
            sc.events = evs;
            sc.n_events = L.n_events;
            *out = sc;
        }
    }
    relok__free(L.events);
    return rc;
}

relok_status relok_sim_scenario_list(const char *dir, relok_arena *arena,
                                     const char ***out_ids, size_t *out_n, relok_error *err)
{
    char **names = NULL;
    size_t n = 0;
    relok_status rc = relok__os_list_dir(dir, ".yaml", arena, &names, &n, err);
    if (rc != RELOK_OK)
        return rc;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(names[i]);
        names[i][len - 5] = '\0'; /* drop ".yaml" */
    }
    memcpy(out_ids, &names, sizeof names); /* char ** to const char **, same layout */
    *out_n = n;
    return RELOK_OK;
}

relok_status relok_sim_scenario_check_dir(const char *dir, const relok_kb *kb,
                                          relok_sim_check_cb cb, void *ud, size_t *out_n_files,
                                          relok_error *err)
{
    relok_arena *a = relok_arena_new(0);
    if (a == NULL)
        return relok__fail(err, RELOK_ENOMEM, "out of memory");
    const char **ids = NULL;
    size_t n = 0;
    relok_status first = relok_sim_scenario_list(dir, a, &ids, &n, err);
    if (first != RELOK_OK) {
        relok_arena_free(a);
        return first;
    }
    for (size_t i = 0; i < n; i++) {
        relok_arena *one = relok_arena_new(0);
        relok_error e = {0};
        relok_sim_scenario sc;
        relok_status rc = one == NULL ? RELOK_ENOMEM
                                      : relok_sim_scenario_load(dir, ids[i], kb, one, &sc, &e);
        if (rc != RELOK_OK) {
            if (cb != NULL)
                cb(&e, ud);
            if (err != NULL && err->code == RELOK_OK)
                *err = e;
        }
        relok_arena_free(one);
        if (rc != RELOK_OK && first == RELOK_OK)
            first = rc;
    }
    if (out_n_files != NULL)
        *out_n_files = n;
    relok_arena_free(a);
    return first;
}
