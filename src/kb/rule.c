/* SPDX-License-Identifier: MIT */
/* The stay-rule notation: read from a node (data files, API bodies) or from
 * flow text (the command line), check, format and describe in words.
 * Model layer: no evaluation here (that is src/stay/). */
#include "kb_int.h"

#include "base/error_int.h"
#include "base/limits.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define RULE_MAX_DAYS RELOK_MAX_RULE_DAYS

/* Simple rules in r, nested all_of flattened (what the stay engine counts
 * against RELOK_STAY_MAX_PARTS). */
static size_t leaves_of(const relok_rule *r)
{
    if (r->kind != RELOK_RULE_ALL_OF)
        return 1;
    size_t n = 0;
    for (size_t i = 0; i < r->n_rules; i++)
        n += leaves_of(&r->rules[i]);
    return n;
}

static const char *const rule_keys[] = {"kind",        "max_days",  "window_days", "min_gap_days",
                                        "counts_from", "rules",     NULL};

/* Which parameters a kind takes: required (R), optional (O) or forbidden (-). */
typedef struct kind_params {
    char max_days, window_days, min_gap_days, rules;
} kind_params;

static const kind_params params_of[RELOK_RULE_KIND_COUNT_] = {
    [RELOK_RULE_PER_ENTRY] = {'R', '-', 'O', '-'},
    [RELOK_RULE_ROLLING] = {'R', 'R', '-', '-'},
    [RELOK_RULE_ANCHORED] = {'R', 'R', '-', '-'},
    [RELOK_RULE_CALENDAR_YEAR] = {'R', '-', '-', '-'},
    [RELOK_RULE_HALF_YEAR] = {'R', '-', '-', '-'},
    [RELOK_RULE_UNKNOWN] = {'R', 'O', '-', '-'},
    [RELOK_RULE_NONE] = {'-', '-', '-', '-'},
    [RELOK_RULE_ALL_OF] = {'-', '-', '-', 'R'},
    [RELOK_RULE_NO_LIMIT] = {'-', '-', '-', '-'},
};

static relok_status check_param(relok__rd *rd, const relok__node *n, const char *key,
                                char want, relok_rule_kind kind, int32_t *out,
                                int32_t min)
{
    const relok__node *v = relok__doc_get(n, key);
    if (relok__doc_is_null(v)) {
        if (want == 'R') {
            size_t mark = relok__rd_push_key(rd, key);
            relok_status rc = relok__rd_error(rd, n, RELOK_ESCHEMA,
                                              "kind '%s' needs '%s'",
                                              relok__rule_kind_names[kind], key);
            relok__rd_pop(rd, mark);
            return rc;
        }
        return RELOK_OK;
    }
    if (want == '-') {
        size_t mark = relok__rd_push_key(rd, key);
        relok_status rc = relok__rd_error(rd, v, RELOK_ESCHEMA, "'%s' does not apply to kind '%s'",
                                          key, relok__rule_kind_names[kind]);
        relok__rd_pop(rd, mark);
        return rc;
    }
    return relok__rd_int(rd, n, key, true, min, RULE_MAX_DAYS, out);
}

static relok_status read_rule(relok__rd *rd, const relok__node *n, unsigned depth,
                              relok_rule *out)
{
    relok_status rc = relok__rd_expect_map(rd, n, "a stay rule {kind: ..., ...}");
    if (rc != RELOK_OK)
        return rc;
    if (depth > RELOK_MAX_RULE_DEPTH)
        return relok__rd_error(rd, n, RELOK_ELIMIT, "all_of rules nest more than %u deep",
                               RELOK_MAX_RULE_DEPTH);
    rc = relok__rd_check_keys(rd, n, rule_keys);
    int kind_i = 0;
    relok_status krc = relok__rd_enum(rd, n, "kind", true, relok__rule_kind_names,
                                      RELOK_RULE_KIND_COUNT_, &kind_i);
    if (krc != RELOK_OK)
        return krc;
    relok_rule r = {.kind = (relok_rule_kind)kind_i,
                    .max_days = RELOK_RULE_UNSET,
                    .window_days = RELOK_RULE_UNSET,
                    .min_gap_days = RELOK_RULE_UNSET,
                    .counts_from = RELOK_DAY_NONE};
    const kind_params *p = &params_of[r.kind];
    relok_status a = check_param(rd, n, "max_days", p->max_days, r.kind, &r.max_days, 1);
    relok_status b = check_param(rd, n, "window_days", p->window_days, r.kind, &r.window_days, 1);
    relok_status c = check_param(rd, n, "min_gap_days", p->min_gap_days, r.kind,
                                 &r.min_gap_days, 0);
    if (rc == RELOK_OK)
        rc = a != RELOK_OK ? a : b != RELOK_OK ? b : c;
    relok_status d = relok__rd_date(rd, n, "counts_from", false, &r.counts_from);
    if (rc == RELOK_OK)
        rc = d;
    if (r.kind == RELOK_RULE_PER_ENTRY && r.min_gap_days == RELOK_RULE_UNSET && rc == RELOK_OK)
        r.min_gap_days = 0;

    const relok__node *parts = relok__doc_get(n, "rules");
    if (p->rules == '-' && !relok__doc_is_null(parts)) {
        size_t mark = relok__rd_push_key(rd, "rules");
        relok__rd_error(rd, parts, RELOK_ESCHEMA, "'rules' applies only to kind 'all_of'");
        relok__rd_pop(rd, mark);
        return RELOK_ESCHEMA;
    }
    if (p->rules == 'R') {
        size_t mark = relok__rd_push_key(rd, "rules");
        relok_status prc = relok__doc_is_null(parts)
                               ? relok__rd_error(rd, n, RELOK_ESCHEMA, "kind 'all_of' needs 'rules'")
                               : relok__rd_expect_seq(rd, parts, "a list of rules");
        if (prc == RELOK_OK && (parts->n < 1 || parts->n > RELOK_MAX_RULE_PARTS))
            prc = relok__rd_error(rd, parts, RELOK_ERANGE, "all_of needs 1 to %u rules",
                                  RELOK_MAX_RULE_PARTS);
        relok_rule *sub = NULL;
        if (prc == RELOK_OK) {
            sub = relok_arena_calloc(rd->arena, parts->n, sizeof *sub);
            if (sub == NULL)
                prc = relok__rd_error(rd, parts, RELOK_ENOMEM, "out of memory");
        }
        for (size_t i = 0; prc == RELOK_OK && i < parts->n; i++) {
            size_t m2 = relok__rd_push_index(rd, i);
            prc = read_rule(rd, parts->items[i], depth + 1, &sub[i]);
            /* The whole rule's counts_from also governs its parts. */
            if (prc == RELOK_OK && sub[i].counts_from == RELOK_DAY_NONE)
                sub[i].counts_from = r.counts_from;
            relok__rd_pop(rd, m2);
        }
        r.rules = sub;
        /* parts is NULL when 'rules' is missing (an error already). */
        r.n_rules = sub != NULL ? parts->n : 0;
        if (prc == RELOK_OK && depth == 0 && leaves_of(&r) > RELOK_MAX_RULE_LEAVES)
            prc = relok__rd_error(rd, parts, RELOK_ELIMIT,
                                  "a rule may have at most %u simple parts in all", RELOK_MAX_RULE_LEAVES);
        relok__rd_pop(rd, mark);
        if (prc != RELOK_OK)
            return prc;
    }
    if (rc != RELOK_OK)
        return rc;
    /* A limit larger than its own window can never be reached: almost
     * certainly a typo (180/90 for 90/180). */
    if ((r.kind == RELOK_RULE_ROLLING || r.kind == RELOK_RULE_ANCHORED ||
         (r.kind == RELOK_RULE_UNKNOWN && r.window_days != RELOK_RULE_UNSET)) &&
        r.max_days > r.window_days) {
        size_t mark = relok__rd_push_key(rd, "max_days");
        rc = relok__rd_error(rd, relok__doc_get(n, "max_days"), RELOK_ERANGE,
                             "max_days (%d) cannot exceed window_days (%d)", (int)r.max_days,
                             (int)r.window_days);
        relok__rd_pop(rd, mark);
        return rc;
    }
    if ((r.kind == RELOK_RULE_CALENDAR_YEAR && r.max_days > 366) ||
        (r.kind == RELOK_RULE_HALF_YEAR && r.max_days > 184)) {
        size_t mark = relok__rd_push_key(rd, "max_days");
        rc = relok__rd_error(rd, relok__doc_get(n, "max_days"), RELOK_ERANGE,
                             "max_days (%d) is longer than the period", (int)r.max_days);
        relok__rd_pop(rd, mark);
        return rc;
    }
    *out = r;
    return RELOK_OK;
}

relok_status relok__rule_read(relok__rd *rd, const relok__node *n, relok_rule *out)
{
    return read_rule(rd, n, 0, out);
}

relok_status relok_rule_parse(const char *text, size_t len, const char *source,
                              relok_arena *arena, relok_rule *out, relok_error *err)
{
    relok_arena *scratch = relok_arena_new(0);
    if (scratch == NULL)
        return relok__fail(err, RELOK_ENOMEM, "out of memory");
    relok__node *root = NULL;
    relok_status rc = relok__doc_parse_yaml(text, len, source, scratch, &root, err);
    if (rc == RELOK_OK) {
        relok__rd rd;
        relok__rd_init(&rd, source, arena, err, 1);
        rd.diag_arena = scratch;
        relok_rule r;
        rc = read_rule(&rd, root, 0, &r);
        relok__rd_done(&rd);
        if (rc == RELOK_OK)
            *out = r;
    }
    relok_arena_free(scratch);
    return rc;
}

static relok_status validate(const relok_rule *r, unsigned depth, char *path, size_t path_len,
                             relok_error *err)
{
    if ((unsigned)r->kind >= RELOK_RULE_KIND_COUNT_)
        return relok__fail_at(err, RELOK_ESCHEMA, NULL, 0, 0, path, "invalid kind");
    if (depth > RELOK_MAX_RULE_DEPTH)
        return relok__fail_at(err, RELOK_ELIMIT, NULL, 0, 0, path, "all_of nests too deeply");
    const kind_params *p = &params_of[r->kind];
    struct {
        const char *name;
        char want;
        int32_t v;
    } ps[] = {{"max_days", p->max_days, r->max_days},
              {"window_days", p->window_days, r->window_days}};
    for (size_t i = 0; i < 2; i++) {
        if (ps[i].want == 'R' && ps[i].v == RELOK_RULE_UNSET)
            return relok__fail_at(err, RELOK_ESCHEMA, NULL, 0, 0, path, "kind '%s' needs '%s'",
                                  relok__rule_kind_names[r->kind], ps[i].name);
        if (ps[i].v != RELOK_RULE_UNSET && (ps[i].v < 1 || ps[i].v > RULE_MAX_DAYS))
            return relok__fail_at(err, RELOK_ERANGE, NULL, 0, 0, path, "%s out of range",
                                  ps[i].name);
    }
    if (r->kind == RELOK_RULE_ALL_OF) {
        if (r->n_rules < 1 || r->n_rules > RELOK_MAX_RULE_PARTS || r->rules == NULL)
            return relok__fail_at(err, RELOK_ESCHEMA, NULL, 0, 0, path,
                                  "all_of needs 1 to %u rules", RELOK_MAX_RULE_PARTS);
        for (size_t i = 0; i < r->n_rules; i++) {
            size_t used = strlen(path);
            snprintf(path + used, path_len - used, ".rules[%zu]", i);
            relok_status rc = validate(&r->rules[i], depth + 1, path, path_len, err);
            path[used] = '\0';
            if (rc != RELOK_OK)
                return rc;
        }
        if (depth == 0 && leaves_of(r) > RELOK_MAX_RULE_LEAVES)
            return relok__fail_at(err, RELOK_ELIMIT, NULL, 0, 0, path,
                                  "a rule may have at most %u simple parts in all",
                                  RELOK_MAX_RULE_LEAVES);
    }
    return RELOK_OK;
}

relok_status relok_rule_validate(const relok_rule *rule, relok_error *err)
{
    char path[RELOK_ERROR_PATH_LEN] = "rule";
    if (rule == NULL)
        return relok__fail(err, RELOK_EINVAL, "no rule");
    return validate(rule, 0, path, sizeof path, err);
}

/* ------------------------------------------------------------- rendering */

typedef struct out_buf {
    char *p;
    size_t len, used;
} out_buf;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void put(out_buf *o, const char *fmt, ...)
{
    if (o->len == 0 || o->used >= o->len - 1)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(o->p + o->used, o->len - o->used, fmt, ap);
    va_end(ap);
    if (n > 0)
        o->used += (size_t)n < o->len - o->used ? (size_t)n : o->len - o->used - 1;
}

/* Append a string or a number without printf: the notation is rendered in
 * every stay answer of the API. */
static void put_str(out_buf *o, const char *str)
{
    if (o->len == 0)
        return;
    size_t n = strlen(str), room = o->len - 1 - o->used;
    if (n > room)
        n = room;
    memcpy(o->p + o->used, str, n);
    o->used += n;
    o->p[o->used] = '\0';
}

static void put_int(out_buf *o, int32_t v)
{
    char digits[16];
    size_t n = sizeof digits;
    uint32_t u = v < 0 ? (uint32_t)0 - (uint32_t)v : (uint32_t)v;
    digits[--n] = '\0';
    do {
        digits[--n] = (char)('0' + u % 10);
        u /= 10;
    } while (u > 0);
    if (v < 0)
        digits[--n] = '-';
    put_str(o, digits + n);
}

static void format_rule(const relok_rule *r, out_buf *o)
{
    put_str(o, "{kind: ");
    put_str(o, relok__rule_kind_names[r->kind]);
    if (r->max_days != RELOK_RULE_UNSET) {
        put_str(o, ", max_days: ");
        put_int(o, r->max_days);
    }
    if (r->window_days != RELOK_RULE_UNSET) {
        put_str(o, ", window_days: ");
        put_int(o, r->window_days);
    }
    if (r->kind == RELOK_RULE_PER_ENTRY && r->min_gap_days > 0) {
        put_str(o, ", min_gap_days: ");
        put_int(o, r->min_gap_days);
    }
    if (r->counts_from != RELOK_DAY_NONE) {
        char d[RELOK_DATE_BUF];
        put_str(o, ", counts_from: ");
        put_str(o, relok_date_format(r->counts_from, d));
    }
    if (r->kind == RELOK_RULE_ALL_OF) {
        put_str(o, ", rules: [");
        for (size_t i = 0; i < r->n_rules; i++) {
            if (i > 0)
                put_str(o, ", ");
            format_rule(&r->rules[i], o);
        }
        put_str(o, "]");
    }
    put_str(o, "}");
}

char *relok_rule_format(const relok_rule *rule, char *buf, size_t buf_len)
{
    out_buf o = {buf, buf_len, 0};
    if (buf_len > 0)
        buf[0] = '\0';
    if (rule != NULL)
        format_rule(rule, &o);
    return buf;
}

static const char *ru_days(int32_t n) { return relok_days_word(n, RELOK_LANG_RU); }

/* Genitive after a preposition ("после 1 дня", "после 5 дней"). */
static const char *ru_days_gen(int32_t n) { return relok_ru_plural(n, "дня", "дней", "дней"); }

static const char *en_days(int32_t n) { return relok_days_word(n, RELOK_LANG_EN); }

static void describe(const relok_rule *r, int ru, out_buf *o)
{
    int32_t n = r->max_days, w = r->window_days;
    switch (r->kind) {
    case RELOK_RULE_PER_ENTRY:
        if (ru)
            put(o, "%d %s за один въезд", (int)n, ru_days(n));
        else
            put(o, "%d %s per entry", (int)n, en_days(n));
        if (r->min_gap_days > 0) {
            if (ru)
                put(o, " (отсчёт обнуляется после %d %s вне страны)", (int)r->min_gap_days,
                    ru_days_gen(r->min_gap_days));
            else
                put(o, " (resets after %d %s out)", (int)r->min_gap_days,
                    en_days(r->min_gap_days));
        }
        break;
    case RELOK_RULE_ROLLING:
        if (ru)
            put(o, "%d %s в любые %d %s", (int)n, ru_days(n), (int)w, ru_days(w));
        else
            put(o, "%d %s in any %d", (int)n, en_days(n), (int)w);
        break;
    case RELOK_RULE_ANCHORED:
        if (ru)
            put(o, "%d %s в течение %d %s с первого въезда", (int)n, ru_days(n), (int)w,
                ru_days(w));
        else
            put(o, "%d %s within %d from the first entry", (int)n, en_days(n), (int)w);
        break;
    case RELOK_RULE_CALENDAR_YEAR:
        if (ru)
            put(o, "%d %s в календарный год", (int)n, ru_days(n));
        else
            put(o, "%d %s per calendar year", (int)n, en_days(n));
        break;
    case RELOK_RULE_HALF_YEAR:
        if (ru)
            put(o, "%d %s за полугодие", (int)n, ru_days(n));
        else
            put(o, "%d %s per half-year", (int)n, en_days(n));
        break;
    case RELOK_RULE_UNKNOWN:
        if (ru)
            put(o, "%d %s, порядок подсчёта неизвестен — проверьте", (int)n, ru_days(n));
        else
            put(o, "%d %s, counting unknown — verify", (int)n, en_days(n));
        break;
    case RELOK_RULE_NONE:
        put(o, "%s", ru ? "безвизовое пребывание не предусмотрено" : "no visa-free stay");
        break;
    case RELOK_RULE_NO_LIMIT:
        put(o, "%s", ru ? "без ограничения срока" : "no limit");
        break;
    case RELOK_RULE_ALL_OF:
        for (size_t i = 0; i < r->n_rules; i++) {
            if (i > 0)
                put(o, "%s", ru ? " и " : " and ");
            /* Parts inherit counts_from; say it once, below. */
            relok_rule part = r->rules[i];
            if (part.counts_from == r->counts_from)
                part.counts_from = RELOK_DAY_NONE;
            describe(&part, ru, o);
        }
        break;
    case RELOK_RULE_KIND_COUNT_:
        break;
    }
    if (r->counts_from != RELOK_DAY_NONE) {
        char d[RELOK_DATE_BUF];
        relok_date_format(r->counts_from, d);
        put(o, ru ? ", дни считаются с %s" : ", days counted from %s", d);
    }
}

char *relok_rule_describe(const relok_rule *rule, int lang, char *buf, size_t buf_len)
{
    out_buf o = {buf, buf_len, 0};
    if (buf_len > 0)
        buf[0] = '\0';
    if (rule != NULL)
        describe(rule, lang == RELOK_LANG_RU, &o);
    return buf;
}
