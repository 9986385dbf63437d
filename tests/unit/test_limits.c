/* SPDX-License-Identifier: MIT */
/* The limits of relok/limits.h hold on both sides: every stay rule the rule
 * reader accepts (the reader of `relok kb check`, the CLI and the API), the
 * stay engine evaluates. Seeded random rules up to the limits (depth,
 * leaves, parts, day counts) go through relok_rule_parse, then
 * relok_stay_eval on a random trip log; rules one step past a limit are
 * refused by the reader with ELIMIT/ERANGE. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/limits.h"
#include "property_scale.h"
#include "relok/relok.h"
#include "stay_test_util.h"

/* ---------------------------------------------------------------- the PRNG */

typedef struct prng {
    uint64_t s;
} prng;

static uint64_t next64(prng *p)
{
    uint64_t z = (p->s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static int32_t pick(prng *p, int32_t lo, int32_t hi)
{
    return lo + (int32_t)(next64(p) % (uint64_t)(hi - lo + 1));
}

/* ------------------------------------------------------ rules as flow text */

typedef struct text {
    char s[8192];
    size_t n;
} text;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void put(text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(t->s + t->n, sizeof t->s - t->n, fmt, ap);
    va_end(ap);
    assert_true(n > 0 && (size_t)n < sizeof t->s - t->n);
    t->n += (size_t)n;
}

/* Day counts: often at the extremes (1, RELOK_MAX_RULE_DAYS). */
static int32_t days(prng *p, int32_t hi)
{
    switch (pick(p, 0, 3)) {
    case 0: return 1;
    case 1: return hi;
    default: return pick(p, 1, hi);
    }
}

/* A simple (non all_of) rule. */
static void leaf_rule(prng *p, text *t)
{
    switch (pick(p, 0, 6)) {
    case 0:
        put(t, "{kind: per_entry, max_days: %d, min_gap_days: %d}",
            (int)days(p, RELOK_MAX_RULE_DAYS), (int)(days(p, RELOK_MAX_RULE_DAYS + 1) - 1));
        break;
    case 1:
    case 2: {
        int32_t w = days(p, RELOK_MAX_RULE_DAYS), m = days(p, w);
        put(t, "{kind: %s, max_days: %d, window_days: %d}",
            pick(p, 0, 1) ? "rolling" : "anchored", (int)m, (int)w);
        break;
    }
    case 3: put(t, "{kind: calendar_year, max_days: %d}", (int)days(p, 366)); break;
    case 4: put(t, "{kind: half_year, max_days: %d}", (int)days(p, 184)); break;
    case 5: {
        int32_t w = days(p, RELOK_MAX_RULE_DAYS);
        if (pick(p, 0, 1))
            put(t, "{kind: unknown, max_days: %d, window_days: %d}", (int)days(p, w), (int)w);
        else
            put(t, "{kind: unknown, max_days: %d}", (int)days(p, RELOK_MAX_RULE_DAYS));
        break;
    }
    default: put(t, "{kind: none}"); break;
    }
}

/* A rule with at most `budget` leaves whose leaves sit at most `depth`
 * levels below it; returns the leaves used. Prefers the limits themselves. */
static unsigned gen_rule(prng *p, text *t, unsigned budget, unsigned depth)
{
    if (budget < 2 || depth == 0 || pick(p, 0, 3) == 0) {
        leaf_rule(p, t);
        return 1;
    }
    unsigned parts = (unsigned)pick(p, 1, (int32_t)(budget < RELOK_MAX_RULE_PARTS
                                                       ? budget : RELOK_MAX_RULE_PARTS));
    unsigned used = 0;
    put(t, "{kind: all_of, rules: [");
    for (unsigned i = 0; i < parts; i++) {
        if (i > 0)
            put(t, ", ");
        /* Leave one leaf for each remaining part. */
        used += gen_rule(p, t, budget - used - (parts - 1 - i), depth - 1);
    }
    put(t, "]}");
    return used;
}

/* A random trip log in one country. */
static size_t gen_trips(prng *p, relok_trip *t, size_t max, relok_day *check)
{
    size_t n = (size_t)pick(p, 0, (int32_t)max);
    relok_day d = sd("2015-01-01");
    for (size_t i = 0; i < n; i++) {
        d += pick(p, 0, 400);
        memset(&t[i], 0, sizeof t[i]);
        memcpy(t[i].country, "KZ", 3);
        t[i].entry = d;
        d += pick(p, 0, 200);
        t[i].exit = d;
        t[i].status = RELOK_TRIP_VISIT;
        d += 1;
    }
    *check = d + pick(p, -300, 300);
    if (n > 0 && *check < t[n - 1].exit)
        *check = t[n - 1].exit;
    return n;
}


/* Every accepted rule evaluates. */
static void accepted_rules_evaluate(void **state)
{
    (void)state;
    prng p = {20261206};
    unsigned rounds = (unsigned)property_scaled(2000, 50);
    relok_arena *a = relok_arena_new(0);
    assert_non_null(a);
    for (unsigned k = 0; k < rounds; k++) {
        text t = {.n = 0};
        gen_rule(&p, &t, RELOK_MAX_RULE_LEAVES, RELOK_MAX_RULE_DEPTH);
        relok_rule rule;
        relok_error err = {0};
        relok_status s = relok_rule_parse(t.s, t.n, "generated", a, &rule, &err);
        if (s != RELOK_OK)
            fail_msg("reader refused %s: %s", t.s, err.msg);
        assert_int_equal(relok_rule_validate(&rule, &err), RELOK_OK);
        relok_trip trips[12];
        relok_day check;
        size_t n = gen_trips(&p, trips, 12, &check);
        relok_rule_span span = {RELOK_DAY_MIN, RELOK_DAY_MAX, &rule};
        relok_stay_answer ans;
        s = relok_stay_eval(&span, 1, trips, n, check, &ans, &err);
        if (s != RELOK_OK)
            fail_msg("engine refused %s: %s", t.s, err.msg);
    }
    relok_arena_free(a);
}

/* The widest and deepest rules allowed evaluate; one step further is refused. */
static void limits_are_exact(void **state)
{
    (void)state;
    relok_arena *a = relok_arena_new(0);
    assert_non_null(a);
    const char *leaf = "{kind: rolling, max_days: 90, window_days: 180}";
    for (unsigned extra = 0; extra < 2; extra++) {
        /* RELOK_MAX_RULE_LEAVES (+1) leaves, RELOK_MAX_RULE_PARTS per all_of. */
        text t = {.n = 0};
        unsigned leaves = RELOK_MAX_RULE_LEAVES + extra;
        put(&t, "{kind: all_of, rules: [{kind: all_of, rules: [");
        for (unsigned i = 0; i < leaves; i++)
            put(&t, "%s%s", i > 0 ? (i == RELOK_MAX_RULE_PARTS / 2 ? "]}, {kind: all_of, rules: [" : ", ") : "", leaf);
        put(&t, "]}]}");
        relok_rule rule;
        relok_error err = {0};
        relok_status s = relok_rule_parse(t.s, t.n, "generated", a, &rule, &err);
        if (extra == 0) {
            assert_int_equal(s, RELOK_OK);
            relok_rule_span span = {RELOK_DAY_MIN, RELOK_DAY_MAX, &rule};
            relok_stay_answer ans;
            relok_trip v = visit("KZ", "2024-01-01", "2024-02-01");
            assert_int_equal(relok_stay_eval(&span, 1, &v, 1, sd("2024-02-01"), &ans, &err),
                             RELOK_OK);
            assert_int_equal(ans.n_parts, RELOK_MAX_RULE_LEAVES);
        } else {
            assert_int_equal(s, RELOK_ELIMIT);
            assert_non_null(strstr(err.msg, "simple parts"));
        }
        /* Depth: a leaf at depth RELOK_MAX_RULE_DEPTH (+1). */
        t.n = 0;
        for (unsigned i = 0; i < RELOK_MAX_RULE_DEPTH + extra; i++)
            put(&t, "{kind: all_of, rules: [");
        put(&t, "%s", leaf);
        for (unsigned i = 0; i < RELOK_MAX_RULE_DEPTH + extra; i++)
            put(&t, "]}");
        s = relok_rule_parse(t.s, t.n, "generated", a, &rule, &err);
        assert_int_equal(s, extra == 0 ? RELOK_OK : RELOK_ELIMIT);
        if (extra == 0) {
            relok_rule_span span = {RELOK_DAY_MIN, RELOK_DAY_MAX, &rule};
            relok_stay_answer ans;
            assert_int_equal(relok_stay_eval(&span, 1, NULL, 0, sd("2024-02-01"), &ans, &err),
                             RELOK_OK);
        }
        /* Days. */
        t.n = 0;
        put(&t, "{kind: per_entry, max_days: %d}", RELOK_MAX_RULE_DAYS + (int)extra);
        s = relok_rule_parse(t.s, t.n, "generated", a, &rule, &err);
        assert_int_equal(s, extra == 0 ? RELOK_OK : RELOK_ERANGE);
    }
    relok_arena_free(a);
}

/* The case of issue 14: ten leaves in nested all_of passed the reader and
 * failed in the engine. */
static void ten_nested_leaves_refused(void **state)
{
    (void)state;
    relok_arena *a = relok_arena_new(0);
    const char *r = "{kind: all_of, rules: ["
                    "{kind: all_of, rules: [{kind: none}, {kind: none}, {kind: none}, {kind: none}, {kind: none}]},"
                    "{kind: all_of, rules: [{kind: none}, {kind: none}, {kind: none}, {kind: none}, {kind: none}]}]}";
    relok_rule rule;
    relok_error err = {0};
    assert_int_equal(relok_rule_parse(r, strlen(r), "--rule", a, &rule, &err), RELOK_ELIMIT);
    assert_string_equal(err.path, "rules");
    relok_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(accepted_rules_evaluate),
        cmocka_unit_test(limits_are_exact),
        cmocka_unit_test(ten_nested_leaves_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
