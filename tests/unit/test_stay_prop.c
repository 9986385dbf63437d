/* SPDX-License-Identifier: MIT */
/* Property test: the stay engine against the day-by-day reference
 * (stay_ref.c) on seeded random trip logs - at least 10 000 logs per rule
 * kind, plus random rule timelines - comparing every field of the answer.
 * The forward search horizon is shortened (relok__stay_eval_h) so that the
 * reference stays fast; a smaller batch runs with the real horizon. Logs
 * cover same-day re-entries, ongoing visits, overlapping visits in two
 * countries of one zone, permits (some running past the check date or
 * ongoing), counts_from, leap years and short and long windows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/limits.h"
#include "stay/stay_int.h"
#include "property_scale.h"
#include "stay_ref.h"
#include "stay_test_util.h"

/* Logs per rule kind in the full (soak) run; RELOK_PROPERTY_SCALE takes a
 * percentage of it. */
#define LOGS_PER_KIND 10000
#define PROP_HORIZON 250

/* ---------------------------------------------------------------- the PRNG */

/* splitmix64: tiny, seedable, good enough for test data (rand is banned). */
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

/* Uniform in [lo, hi]. */
static int32_t pick(prng *p, int32_t lo, int32_t hi)
{
    return lo + (int32_t)(next64(p) % (uint64_t)(hi - lo + 1));
}

static bool chance(prng *p, int percent) { return pick(p, 0, 99) < percent; }

/* ------------------------------------------------------------- generators */

enum { MAX_T = 24 };

typedef struct gen_log {
    relok_trip t[MAX_T];
    size_t n;
    relok_day check;
    relok_day start; /* first day the log may use */
} gen_log;

/* A sequence of non-overlapping visits in one country (sharing a boundary
 * day is allowed), from `from` up to the check date. */
static void gen_country(prng *p, gen_log *g, const char *cc, relok_day from, int max_visits)
{
    relok_day cur = from;
    int n = pick(p, 0, max_visits);
    int long_stays = chance(p, 40);
    for (int k = 0; k < n && g->n < MAX_T - 3 && cur <= g->check; k++) {
        int32_t len = long_stays ? pick(p, 1, 200) : pick(p, 1, 40);
        relok_day exit = cur + len - 1;
        relok_trip t = visit(cc, "2000-01-01", "2000-01-01");
        t.entry = cur;
        if (exit >= g->check) {
            t.exit = chance(p, 50) ? RELOK_DAY_NONE : g->check;
            g->t[g->n++] = t;
            return;
        }
        t.exit = exit;
        g->t[g->n++] = t;
        int r = pick(p, 0, 99);
        int32_t gap = r < 20 ? 0 : r < 30 ? 1 : r < 70 ? pick(p, 2, 30) : pick(p, 31, 200);
        cur = exit + gap;
    }
}

static void gen_trips(prng *p, gen_log *g)
{
    g->n = 0;
    g->check = sd("2023-01-01") + pick(p, 0, 3 * 365);
    int32_t history = chance(p, 30) ? pick(p, 5, 90) : pick(p, 90, 420);
    g->start = g->check - history;
    gen_country(p, g, "GE", g->start + pick(p, 0, 20), chance(p, 20) ? 12 : 6);
    if (chance(p, 15)) /* a second member of the same zone */
        gen_country(p, g, "AM", g->start + pick(p, 0, history), 4);
    int n_permits = chance(p, 70) ? 0 : pick(p, 1, 3);
    for (int k = 0; k < n_permits && g->n < MAX_T; k++) {
        relok_trip t = permit("GE", "2000-01-01", NULL);
        t.entry = g->start + pick(p, 0, history);
        int r = pick(p, 0, 99);
        if (r < 10)
            t.exit = RELOK_DAY_NONE;
        else if (r < 30)
            t.exit = g->check + pick(p, 0, 300);
        else
            t.exit = t.entry + pick(p, 0, 150);
        if (t.exit != RELOK_DAY_NONE && t.exit < t.entry)
            t.exit = t.entry;
        g->t[g->n++] = t;
    }
    /* The engine accepts trips in any order; shuffle to prove it. */
    for (size_t i = g->n; i > 1; i--) {
        size_t j = (size_t)pick(p, 0, (int32_t)i - 1);
        relok_trip tmp = g->t[i - 1];
        g->t[i - 1] = g->t[j];
        g->t[j] = tmp;
    }
}

/* Rules live in a pool rebuilt for every log. */
typedef struct rule_pool {
    relok_rule r[96];
    size_t n;
} rule_pool;

static relok_rule *pool_new(rule_pool *pl)
{
    assert_true(pl->n < sizeof pl->r / sizeof *pl->r);
    relok_rule *r = &pl->r[pl->n++];
    *r = rule_of(RELOK_RULE_ROLLING, RULE_UNSET, RULE_UNSET, RULE_UNSET);
    return r;
}

static int32_t gen_max(prng *p)
{
    int r = pick(p, 0, 99);
    if (r < 5)
        return 0;
    if (r < 60)
        return pick(p, 1, 40);
    if (r < 90)
        return pick(p, 41, 120);
    return pick(p, 121, 400);
}

static int32_t gen_window(prng *p)
{
    int r = pick(p, 0, 99);
    if (r < 10)
        return pick(p, 1, 5);
    if (r < 30)
        return 180;
    return pick(p, 6, 200);
}

static relok_rule *gen_rule(prng *p, rule_pool *pl, relok_rule_kind kind, const gen_log *g,
                            int depth)
{
    relok_rule *r = pool_new(pl);
    r->kind = kind;
    switch (kind) {
    case RELOK_RULE_PER_ENTRY:
        r->max_days = gen_max(p);
        if (chance(p, 50))
            r->min_gap_days = chance(p, 30) ? 0 : pick(p, 1, 60);
        break;
    case RELOK_RULE_ROLLING:
    case RELOK_RULE_ANCHORED:
        r->max_days = gen_max(p);
        r->window_days = gen_window(p);
        break;
    case RELOK_RULE_CALENDAR_YEAR:
    case RELOK_RULE_HALF_YEAR:
        r->max_days = gen_max(p);
        break;
    case RELOK_RULE_UNKNOWN:
        r->max_days = gen_max(p);
        if (chance(p, 50))
            r->window_days = gen_window(p);
        break;
    case RELOK_RULE_NONE:
    case RELOK_RULE_NO_LIMIT:
        break;
    case RELOK_RULE_ALL_OF: {
        size_t n = depth == 0 ? (size_t)pick(p, 2, 3) : 2;
        relok_rule *parts = &pl->r[pl->n];
        relok_rule_kind kinds[3];
        for (size_t i = 0; i < n; i++) {
            /* Nested all_of only one level down, to stay within 8 parts. */
            relok_rule_kind k = (relok_rule_kind)pick(p, 0, depth == 0 ? 7 : 6);
            if (k == RELOK_RULE_ALL_OF && chance(p, 60))
                k = RELOK_RULE_ROLLING;
            kinds[i] = k;
            pool_new(pl); /* reserve contiguous slots for the parts */
        }
        for (size_t i = 0; i < n; i++) {
            /* Fill the reserved slot with a generated part; nested parts
             * land after it in the pool. */
            relok_rule *tmp = gen_rule(p, pl, kinds[i], g, depth + 1);
            parts[i] = *tmp;
        }
        r->rules = parts;
        r->n_rules = n;
        break;
    }
    case RELOK_RULE_KIND_COUNT_:
        break;
    }
    if (chance(p, 20))
        r->counts_from = g->start + pick(p, -30, (int32_t)(g->check - g->start) + 30);
    return r;
}

typedef struct gen_tl {
    relok_rule_span s[3];
    size_t n;
} gen_tl;

/* One span covering everything (most logs), or two or three spans with
 * random boundaries and sometimes gaps; `kind` < 0 picks kinds at random. */
static void gen_timeline(prng *p, rule_pool *pl, int kind, const gen_log *g, gen_tl *tl)
{
    pl->n = 0;
    if (chance(p, 70)) {
        relok_rule_kind k = kind >= 0 ? (relok_rule_kind)kind : (relok_rule_kind)pick(p, 0, 7);
        tl->s[0] = (relok_rule_span){RELOK_DAY_MIN, RELOK_DAY_MAX, gen_rule(p, pl, k, g, 0)};
        tl->n = 1;
        return;
    }
    size_t n = (size_t)pick(p, 2, 3);
    relok_day lo = g->start - 10, hi = g->check + PROP_HORIZON;
    relok_day cut[4];
    for (size_t i = 0; i < n - 1; i++)
        cut[i] = pick(p, lo, hi);
    for (size_t i = 1; i < n - 1; i++) /* sort the cuts */
        for (size_t j = i; j > 0 && cut[j] < cut[j - 1]; j--) {
            relok_day tmp = cut[j];
            cut[j] = cut[j - 1];
            cut[j - 1] = tmp;
        }
    relok_day from = chance(p, 80) ? RELOK_DAY_MIN : lo + pick(p, 0, 60);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        relok_day to = i + 1 < n ? cut[i] : (chance(p, 80) ? RELOK_DAY_MAX : hi - pick(p, 0, 60));
        if (to < from)
            continue;
        relok_rule_kind k = kind >= 0 && (i == n - 1 || chance(p, 50))
                                ? (relok_rule_kind)kind
                                : (relok_rule_kind)pick(p, 0, 7);
        tl->s[m++] = (relok_rule_span){from, to, gen_rule(p, pl, k, g, 0)};
        if (to == RELOK_DAY_MAX)
            break;
        from = to + 1 + (chance(p, 25) ? pick(p, 0, 40) : 0); /* sometimes a gap */
    }
    if (m == 0)
        tl->s[m++] = (relok_rule_span){RELOK_DAY_MIN, RELOK_DAY_MAX,
                                       gen_rule(p, pl, RELOK_RULE_ROLLING, g, 0)};
    tl->n = m;
}

/* ------------------------------------------------------------- comparison */

static void dump(const gen_log *g, const gen_tl *tl, uint64_t seed, int64_t iter)
{
    char b1[RELOK_DATE_BUF], b2[RELOK_DATE_BUF];
    print_error("seed=%llu iter=%lld check=%s\n", (unsigned long long)seed, (long long)iter,
                relok_date_format(g->check, b1));
    for (size_t i = 0; i < g->n; i++)
        print_error("  %s %s..%s %s\n", g->t[i].country, relok_date_format(g->t[i].entry, b1),
                    relok_date_format(g->t[i].exit, b2),
                    g->t[i].status == RELOK_TRIP_PERMIT ? "permit" : "visit");
    for (size_t i = 0; i < tl->n; i++) {
        const relok_rule *r = tl->s[i].rule;
        print_error("  span %s..%s kind=%d max=%d win=%d gap=%d cf=%s parts=%zu\n",
                    relok_date_format(tl->s[i].from, b1), relok_date_format(tl->s[i].to, b2),
                    (int)r->kind, r->max_days, r->window_days, r->min_gap_days,
                    relok_date_format(r->counts_from, b1), r->n_rules);
        for (size_t k = 0; k < r->n_rules; k++)
            print_error("    part kind=%d max=%d win=%d gap=%d cf=%s parts=%zu\n",
                        (int)r->rules[k].kind, r->rules[k].max_days, r->rules[k].window_days,
                        r->rules[k].min_gap_days,
                        relok_date_format(r->rules[k].counts_from, b1), r->rules[k].n_rules);
    }
}

static bool same(const relok_stay_answer *a, const relok_stay_answer *b)
{
    if (a->days_used != b->days_used || a->days_left != b->days_left ||
        a->overstay != b->overstay || a->first_overstay_day != b->first_overstay_day ||
        a->inside != b->inside || a->departing != b->departing ||
        a->latest_exit != b->latest_exit ||
        a->latest_exit_unbounded != b->latest_exit_unbounded ||
        a->earliest_reentry != b->earliest_reentry ||
        a->max_stay_if_entering != b->max_stay_if_entering ||
        a->max_stay_unbounded != b->max_stay_unbounded ||
        a->is_unknown_rule != b->is_unknown_rule || a->no_stay_allowed != b->no_stay_allowed ||
        a->is_all_of != b->is_all_of || a->n_parts != b->n_parts)
        return false;
    for (size_t i = 0; i < a->n_parts; i++)
        if (a->parts[i].kind != b->parts[i].kind || a->parts[i].max_days != b->parts[i].max_days ||
            a->parts[i].days_used != b->parts[i].days_used ||
            a->parts[i].days_left != b->parts[i].days_left)
            return false;
    return true;
}

static void show(const char *who, const relok_stay_answer *a)
{
    char b1[RELOK_DATE_BUF], b2[RELOK_DATE_BUF], b3[RELOK_DATE_BUF];
    print_error("  %s: used=%d left=%d over=%d/%s inside=%d latest=%s unb=%d reentry=%s "
                "max=%d unb=%d unk=%d none=%d allof=%d parts=%zu",
                who, a->days_used, a->days_left, a->overstay,
                relok_date_format(a->first_overstay_day, b1), a->inside,
                relok_date_format(a->latest_exit, b2), a->latest_exit_unbounded,
                relok_date_format(a->earliest_reentry, b3), a->max_stay_if_entering,
                a->max_stay_unbounded, a->is_unknown_rule, a->no_stay_allowed, a->is_all_of,
                a->n_parts);
    for (size_t i = 0; i < a->n_parts; i++)
        print_error(" [%d %d/%d]", (int)a->parts[i].kind, a->parts[i].days_used,
                    a->parts[i].days_left);
    print_error("\n");
}

/* Run n random logs; kind < 0 mixes kinds and timelines. */
static void run_batch(uint64_t seed, int kind, int64_t n, int32_t horizon)
{
    prng p = {seed};
    static gen_log g;
    static rule_pool pool;
    gen_tl tl;
    for (int64_t it = 0; it < n; it++) {
        gen_trips(&p, &g);
        gen_timeline(&p, &pool, kind, &g, &tl);
        relok_stay_answer a, r;
        relok_error err = {0};
        relok_status rc = relok__stay_eval_h(tl.s, tl.n, g.t, g.n, g.check, horizon, &a, &err);
        if (rc != RELOK_OK) {
            dump(&g, &tl, seed, it);
            print_error("engine failed: %s\n", err.msg);
            fail();
        }
        assert_int_equal(ref_stay_eval(tl.s, tl.n, g.t, g.n, g.check, horizon, &r), 0);
        if (!same(&a, &r)) {
            dump(&g, &tl, seed, it);
            show("engine", &a);
            show("reference", &r);
            fail();
        }
    }
}

/* The full counts scaled by RELOK_PROPERTY_SCALE (property_scale.h): 10 %
 * in the everyday suite, 1 % under valgrind, 100 % under `make soak`. */
static int64_t scaled(int64_t n)
{
    return property_scaled(n, 1);
}

#define KIND_TEST(fn, kind, seed)                                                          \
    static void fn(void **state)                                                           \
    {                                                                                      \
        (void)state;                                                                       \
        run_batch(seed, kind, scaled(LOGS_PER_KIND), PROP_HORIZON);                        \
    }

KIND_TEST(test_stay_prop_per_entry_matches_reference, RELOK_RULE_PER_ENTRY, 101)
KIND_TEST(test_stay_prop_rolling_matches_reference, RELOK_RULE_ROLLING, 202)
KIND_TEST(test_stay_prop_anchored_matches_reference, RELOK_RULE_ANCHORED, 303)
KIND_TEST(test_stay_prop_calendar_year_matches_reference, RELOK_RULE_CALENDAR_YEAR, 404)
KIND_TEST(test_stay_prop_half_year_matches_reference, RELOK_RULE_HALF_YEAR, 505)
KIND_TEST(test_stay_prop_unknown_matches_reference, RELOK_RULE_UNKNOWN, 606)
KIND_TEST(test_stay_prop_none_matches_reference, RELOK_RULE_NONE, 707)
KIND_TEST(test_stay_prop_all_of_matches_reference, RELOK_RULE_ALL_OF, 808)
KIND_TEST(test_stay_prop_mixed_timelines_match_reference, -1, 909)

static void test_stay_prop_full_horizon_matches_reference(void **state)
{
    (void)state;
    run_batch(1001, -1, scaled(100), RELOK_MAX_HORIZON_DAYS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stay_prop_per_entry_matches_reference),
        cmocka_unit_test(test_stay_prop_rolling_matches_reference),
        cmocka_unit_test(test_stay_prop_anchored_matches_reference),
        cmocka_unit_test(test_stay_prop_calendar_year_matches_reference),
        cmocka_unit_test(test_stay_prop_half_year_matches_reference),
        cmocka_unit_test(test_stay_prop_unknown_matches_reference),
        cmocka_unit_test(test_stay_prop_none_matches_reference),
        cmocka_unit_test(test_stay_prop_all_of_matches_reference),
        cmocka_unit_test(test_stay_prop_mixed_timelines_match_reference),
        cmocka_unit_test(test_stay_prop_full_horizon_matches_reference),
    };
    /* STAY_PROP_FILTER=<glob> runs only the matching tests. */
    const char *filter = getenv("STAY_PROP_FILTER");
    if (filter != NULL)
        cmocka_set_test_filter(filter);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
