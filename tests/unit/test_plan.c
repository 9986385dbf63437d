/* SPDX-License-Identifier: MIT */
/* The planner: synthetic rules first (border runs, hops between absence
 * countries, entry windows, land links, no-plan reasons, history), the
 * greedy's home days against exhaustive search over every itinerary of
 * short horizons, then the shipped knowledge base (Kazakhstan with an
 * internal ID, Georgia with a passport). Every plan is also re-checked here
 * with the stay engine, independently of the planner's own check. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "relok/json.h"
#include "relok/plan.h"
#include "property_scale.h"
#include "stay_test_util.h"

/* ------------------------------------------------------------- helpers */

static const relok_day_range always[] = {{RELOK_DAY_MIN, RELOK_DAY_MAX}};

typedef struct syn {
    relok_rule rule[4];
    relok_rule_span span[4];
    relok_plan_place place[4];
    size_t n;
} syn;

static void syn_add(syn *s, const char *cc, relok_rule r)
{
    size_t i = s->n++;
    s->rule[i] = r;
    s->span[i] = (relok_rule_span){RELOK_DAY_MIN, RELOK_DAY_MAX, NULL};
    memset(&s->place[i], 0, sizeof s->place[i]);
    memcpy(s->place[i].code, cc, 3);
    s->place[i].entry = always;
    s->place[i].n_entry = 1;
    s->place[i].n_spans = 1;
}

/* Fix the self-pointers after the struct has its final address. */
static void syn_link(syn *s)
{
    for (size_t i = 0; i < s->n; i++) {
        s->span[i].rule = &s->rule[i];
        s->place[i].spans = &s->span[i];
    }
}

static relok_status plan_syn(syn *s, const char *from, const char *until, relok_arena *a,
                             relok_plan *out, relok_error *err)
{
    syn_link(s);
    relok_plan_input in = {s->place, s->n, sd(from), sd(until), NULL, 0};
    return relok_plan_make(&in, a, out, err);
}

/* Our own check of a plan, with the engine: contiguous legs from `from` to
 * `until`, and every country's trips lawful over the plan. */
static void expect_lawful(const relok_plan *p, const relok_plan_place *places, size_t n_places,
                          relok_day from, relok_day until)
{
    assert_true(p->n_legs >= 1);
    assert_int_equal(p->legs[0].entry, from);
    assert_int_equal(p->legs[p->n_legs - 1].exit, until);
    for (size_t i = 1; i < p->n_legs; i++) {
        assert_int_equal(p->legs[i].entry, p->legs[i - 1].exit);
        assert_true(strcmp(p->legs[i].country, p->legs[i - 1].country) != 0);
    }
    for (size_t k = 0; k < n_places; k++) {
        relok_trip t[256];
        size_t n = 0;
        for (size_t i = 0; i < p->n_legs && n < 256; i++)
            if (strcmp(p->legs[i].country, places[k].code) == 0) {
                t[n] = visit(places[k].code, "2000-01-01", "2000-01-01");
                t[n].entry = p->legs[i].entry;
                t[n].exit = p->legs[i].exit;
                n++;
            }
        if (n == 0)
            continue;
        relok_stay_answer a;
        assert_int_equal(relok_stay_eval(places[k].spans, places[k].n_spans, t, n, until, &a, NULL),
                         RELOK_OK);
        if (a.overstay) {
            char b[RELOK_DATE_BUF];
            print_error("%s: overstay on %s\n", places[k].code,
                        relok_date_format(a.first_overstay_day, b));
        }
        assert_false(a.overstay);
    }
}

/* ------------------------------------------------------------- synthetic */

static void test_plan_georgia_like_year_needs_one_border_run(void **state)
{
    (void)state;
    /* 365 days per entry, a re-entry must be at least a day later
     * (Georgia's rule in the KB); 2024 has 366 days. */
    syn s = {0};
    syn_add(&s, "GE", rule_of(RELOK_RULE_PER_ENTRY, 365, RULE_UNSET, 1));
    syn_add(&s, "AM", rule_of(RELOK_RULE_ROLLING, 180, 365, RULE_UNSET));
    relok_arena *a = relok_arena_new(0);
    relok_plan p;
    assert_int_equal(plan_syn(&s, "2024-01-01", "2024-12-31", a, &p, NULL), RELOK_OK);
    expect_lawful(&p, s.place, s.n, sd("2024-01-01"), sd("2024-12-31"));
    assert_int_equal(p.days_total, 366);
    assert_int_equal(p.days_home, 366);
    assert_int_equal(p.n_absences, 1);
    assert_int_equal(p.n_crossings, 2);
    assert_int_equal(p.legs[0].exit, sd("2024-12-30"));  /* the 365th day */
    assert_string_equal(p.legs[1].country, "AM");
    assert_int_equal(p.legs[2].entry, sd("2024-12-31")); /* one day later: a new stay */
    relok_arena_free(a);
}

static void test_plan_per_entry_resets_with_same_day_runs(void **state)
{
    (void)state;
    syn s = {0};
    syn_add(&s, "KZ", rule_of(RELOK_RULE_PER_ENTRY, 90, RULE_UNSET, RULE_UNSET));
    syn_add(&s, "KG", rule_of(RELOK_RULE_PER_ENTRY, 30, RULE_UNSET, RULE_UNSET));
    relok_arena *a = relok_arena_new(0);
    relok_plan p;
    assert_int_equal(plan_syn(&s, "2022-01-01", "2022-12-31", a, &p, NULL), RELOK_OK);
    expect_lawful(&p, s.place, s.n, sd("2022-01-01"), sd("2022-12-31"));
    assert_int_equal(p.days_home, 365);
    /* 365 days in stays of 90 (the run day opens the next one): 4 runs. */
    assert_int_equal(p.n_absences, 4);
    for (size_t i = 1; i < p.n_legs; i += 2)
        assert_int_equal(p.legs[i].entry, p.legs[i].exit); /* same-day runs */
    relok_arena_free(a);
}

static void test_plan_rolling_home_with_hops_abroad(void **state)
{
    (void)state;
    /* Home 90/180. Absence countries: AM allows 30 per entry, KG 64 per
     * entry: the 92 days abroad (both crossing days included) need KG then
     * AM (64 + 30 days sharing the day of the hop). */
    syn s = {0};
    syn_add(&s, "KZ", rule_of(RELOK_RULE_ROLLING, 90, 180, RULE_UNSET));
    syn_add(&s, "AA", rule_of(RELOK_RULE_PER_ENTRY, 30, RULE_UNSET, 5));
    syn_add(&s, "BB", rule_of(RELOK_RULE_PER_ENTRY, 64, RULE_UNSET, 5));
    memcpy(s.place[1].code, "AM", 3);
    memcpy(s.place[2].code, "KG", 3);
    relok_arena *a = relok_arena_new(0);
    relok_plan p;
    assert_int_equal(plan_syn(&s, "2024-01-01", "2024-09-26", a, &p, NULL), RELOK_OK);
    expect_lawful(&p, s.place, s.n, sd("2024-01-01"), sd("2024-09-26"));
    assert_int_equal(p.days_home, 180);
    assert_int_equal(p.legs[0].exit, sd("2024-03-30"));
    assert_string_equal(p.legs[1].country, "KG"); /* reaches farthest: 64 days */
    assert_int_equal(p.legs[1].exit, sd("2024-06-01"));
    assert_string_equal(p.legs[2].country, "AM");
    assert_int_equal(p.legs[3].entry, sd("2024-06-29"));
    assert_int_equal(p.n_crossings, 3);
    relok_arena_free(a);
}

static void test_plan_entry_windows_and_land_links(void **state)
{
    (void)state;
    syn s = {0};
    syn_add(&s, "KZ", rule_of(RELOK_RULE_PER_ENTRY, 30, RULE_UNSET, 10));
    syn_add(&s, "CN", rule_of(RELOK_RULE_PER_ENTRY, 400, RULE_UNSET, RULE_UNSET));
    syn_add(&s, "KG", rule_of(RELOK_RULE_PER_ENTRY, 400, RULE_UNSET, RULE_UNSET));
    /* Home admits only from 2024-03-10: the plan starts abroad. */
    relok_day_range home_entry = {sd("2024-03-10"), RELOK_DAY_MAX};
    s.place[0].entry = &home_entry;
    /* Land only: home links to KG only; CN is not reachable. */
    static const char home_links[][3] = {"KG"};
    static const char kg_links[][3] = {"KZ"};
    static const char no_links[][3] = {""};
    s.place[0].links = home_links;
    s.place[0].n_links = 1;
    s.place[1].links = no_links;
    s.place[1].n_links = 0;
    s.place[2].links = kg_links;
    s.place[2].n_links = 1;
    relok_arena *a = relok_arena_new(0);
    relok_plan p;
    relok_error err = {0};
    relok_status rc = plan_syn(&s, "2024-03-01", "2024-05-31", a, &p, &err);
    if (rc != RELOK_OK)
        print_error("%s\n", err.msg);
    assert_int_equal(rc, RELOK_OK);
    expect_lawful(&p, s.place, s.n, sd("2024-03-01"), sd("2024-05-31"));
    assert_false(p.legs[0].is_home);
    assert_int_equal(p.legs[1].entry, sd("2024-03-10"));
    for (size_t i = 0; i < p.n_legs; i++)
        assert_string_not_equal(p.legs[i].country, "CN");
    relok_arena_free(a);
}

static void test_plan_says_why_when_no_plan_exists(void **state)
{
    (void)state;
    relok_arena *a = relok_arena_new(0);
    relok_plan p;
    relok_error err = {0};
    /* No visa-free stay at home at all. */
    syn s = {0};
    syn_add(&s, "US", rule_of(RELOK_RULE_NONE, RULE_UNSET, RULE_UNSET, RULE_UNSET));
    syn_add(&s, "MX", rule_of(RELOK_RULE_ROLLING, 180, 180, RULE_UNSET));
    assert_int_equal(plan_syn(&s, "2024-01-01", "2024-02-01", a, &p, &err), RELOK_ENOPLAN);
    assert_non_null(strstr(err.msg, "admits no lawful stay"));
    /* Nowhere to spend the absence: the only other country admits no one. */
    syn t = {0};
    syn_add(&t, "KZ", rule_of(RELOK_RULE_ROLLING, 90, 180, RULE_UNSET));
    syn_add(&t, "KG", rule_of(RELOK_RULE_ROLLING, 90, 180, RULE_UNSET));
    t.place[1].n_entry = 0;
    relok_error_clear(&err);
    assert_int_equal(plan_syn(&t, "2024-01-01", "2024-12-31", a, &p, &err), RELOK_ENOPLAN);
    assert_non_null(strstr(err.msg, "no country that admits this document can host"));
    assert_non_null(strstr(err.msg, "2024-03-30"));
    /* Bad input. */
    relok_plan_input in = {t.place, t.n, sd("2024-02-01"), sd("2024-01-01"), NULL, 0};
    assert_int_equal(relok_plan_make(&in, a, &p, NULL), RELOK_EINVAL);
    relok_arena_free(a);
}

static void test_plan_continues_a_stay_in_progress(void **state)
{
    (void)state;
    syn s = {0};
    syn_add(&s, "GE", rule_of(RELOK_RULE_PER_ENTRY, 365, RULE_UNSET, 1));
    syn_add(&s, "AM", rule_of(RELOK_RULE_ROLLING, 180, 365, RULE_UNSET));
    syn_link(&s);
    relok_trip h[] = {visit("AM", "2023-01-01", "2023-02-01"), visit("GE", "2023-02-01", NULL)};
    relok_plan_input in = {s.place, s.n, sd("2024-01-01"), sd("2024-12-31"), h, 2};
    relok_arena *a = relok_arena_new(0);
    relok_plan p;
    relok_error err = {0};
    relok_status rc = relok_plan_make(&in, a, &p, &err);
    if (rc != RELOK_OK)
        print_error("%s\n", err.msg);
    assert_int_equal(rc, RELOK_OK);
    /* The stay from 2023-02-01 reaches its 365th day on 2024-01-31. */
    assert_int_equal(p.legs[0].exit, sd("2024-01-31"));
    assert_int_equal(p.legs[2].entry, sd("2024-02-01"));
    assert_int_equal(p.days_home, 366);
    /* A history that runs into the plan elsewhere is refused. */
    relok_trip bad[] = {visit("AM", "2023-12-01", NULL)};
    relok_plan_input in2 = {s.place, s.n, sd("2024-01-01"), sd("2024-12-31"), bad, 1};
    assert_int_equal(relok_plan_make(&in2, a, &p, NULL), RELOK_EINVAL);
    relok_arena_free(a);
}

/* ------------------------------------------- greedy vs exhaustive search */

/* The most home days any itinerary of `days` days from `from` can have
 * under rule r (absences unlimited), by trying every itinerary: each day is
 * abroad, at home continuing the visit, or at home on a new visit (the
 * person left the evening before and came back: exit on d-1, entry on d).
 * Same-day re-entries are not enumerated; they only matter for per_entry
 * with min_gap 0, which is not used here. Without per_entry the split
 * between visits cannot matter, so plain sets of days suffice. */
static int32_t best_home_days(const relok_rule *r, relok_day from, int days)
{
    relok_rule_span span = {RELOK_DAY_MIN, RELOK_DAY_MAX, r};
    bool splits = r->kind == RELOK_RULE_PER_ENTRY;
    uint32_t total = 1;
    for (int d = 0; d < days; d++)
        total *= splits ? 3u : 2u;
    int32_t best = 0;
    for (uint32_t code = 0; code < total; code++) {
        int state[16];
        uint32_t c = code;
        int32_t count = 0;
        for (int d = 0; d < days; d++) {
            state[d] = (int)(c % (splits ? 3u : 2u));
            c /= splits ? 3u : 2u;
            count += state[d] != 0;
        }
        if (count <= best)
            continue;
        relok_trip t[16];
        size_t n = 0;
        for (int d = 0; d < days; d++) {
            if (state[d] == 0)
                continue;
            if (d > 0 && state[d - 1] != 0 && state[d] == 1 && n > 0) {
                t[n - 1].exit = from + d;
                continue;
            }
            if (state[d] == 2 && (d == 0 || state[d - 1] == 0)) {
                count = -1; /* a "new visit" after a day abroad is just a visit */
                break;
            }
            t[n] = visit("KZ", "2000-01-01", "2000-01-01");
            t[n].entry = t[n].exit = from + d;
            n++;
        }
        if (count < 0)
            continue;
        relok_stay_answer a;
        assert_int_equal(relok_stay_eval(&span, 1, t, n, from + days - 1, &a, NULL), RELOK_OK);
        if (!a.overstay)
            best = count;
    }
    return best;
}

static void test_plan_greedy_home_days_match_exhaustive_search(void **state)
{
    (void)state;
    uint64_t seed = 12345;
    int days = 14;
    relok_day from = sd("2023-12-20"); /* crosses a year and a half-year edge */
    /* 60 random rules in make test, 6 under valgrind (each rule is up to
     * 3^10 stay evaluations), 600 under RELOK_PROPERTY_SCALE=100. */
    int64_t rules = property_scaled(600, 6);
    for (int64_t it = 0; it < rules; it++) {
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        int kind = (int)((seed >> 33) % 6);
        int32_t max = 1 + (int32_t)((seed >> 40) % 5);
        int32_t win = max + 1 + (int32_t)((seed >> 45) % 6);
        int32_t gap = 1 + (int32_t)((seed >> 50) % 4);
        relok_rule r;
        switch (kind) {
        case 0: r = rule_of(RELOK_RULE_ROLLING, max, win, RULE_UNSET); break;
        case 1: r = rule_of(RELOK_RULE_ANCHORED, max, win, RULE_UNSET); break;
        case 2: r = rule_of(RELOK_RULE_CALENDAR_YEAR, max, RULE_UNSET, RULE_UNSET); break;
        case 3: r = rule_of(RELOK_RULE_HALF_YEAR, max, RULE_UNSET, RULE_UNSET); break;
        case 4: r = rule_of(RELOK_RULE_PER_ENTRY, max, RULE_UNSET, gap); break;
        default: r = rule_of(RELOK_RULE_UNKNOWN, max, win, RULE_UNSET); break;
        }
        days = kind == 4 ? 10 : 14; /* 3^10 itineraries with visit splits */
        syn s = {0};
        syn_add(&s, "KZ", r);
        syn_add(&s, "KG", rule_of(RELOK_RULE_ROLLING, 1000, 1000, RULE_UNSET));
        relok_arena *a = relok_arena_new(0);
        relok_plan p;
        char until[RELOK_DATE_BUF];
        relok_date_format(from + days - 1, until);
        char fromb[RELOK_DATE_BUF];
        relok_date_format(from, fromb);
        relok_error err = {0};
        relok_status rc = plan_syn(&s, fromb, until, a, &p, &err);
        if (rc != RELOK_OK)
            print_error("kind %d max %d win %d gap %d: %s\n", kind, max, win, gap, err.msg);
        assert_int_equal(rc, RELOK_OK);
        expect_lawful(&p, s.place, s.n, from, from + days - 1);
        int32_t best = best_home_days(&s.rule[0], from, days);
        if (p.days_home != best)
            print_error("kind %d max %d win %d gap %d: plan %d days, best %d\n", kind, max, win,
                        gap, p.days_home, best);
        assert_int_equal(p.days_home, best);
        relok_arena_free(a);
    }
}

/* --------------------------------------------------------------- the KB */

/* A reset that no source confirms is not assumed (issue 12): when home's
 * rule is of kind unknown, no border run is planned - every return home
 * waits for the cautious count - and the plan says so. The same places
 * with a confirmed per-entry rule do get same-day runs. */
static void test_plan_no_border_run_on_an_unknown_reset(void **state)
{
    (void)state;
    relok_arena *a = relok_arena_new(0);
    relok_plan p;
    syn s = {0};
    syn_add(&s, "ME", rule_of(RELOK_RULE_UNKNOWN, 30, 90, RULE_UNSET));
    syn_add(&s, "RS", rule_of(RELOK_RULE_PER_ENTRY, 90, RULE_UNSET, RULE_UNSET));
    assert_int_equal(plan_syn(&s, "2026-01-01", "2026-12-31", a, &p, NULL), RELOK_OK);
    expect_lawful(&p, s.place, s.n, sd("2026-01-01"), sd("2026-12-31"));
    assert_true(p.home_reset_unknown);
    assert_true(p.uses_unknown_rule);
    relok_day last_exit = RELOK_DAY_NONE;
    int32_t home_legs = 0;
    for (size_t i = 0; i < p.n_legs; i++) {
        if (!p.legs[i].is_home)
            continue;
        home_legs++;
        /* 30 days in any 90 read cautiously: away at least 90 - 30 days. */
        if (last_exit != RELOK_DAY_NONE)
            assert_true(p.legs[i].entry - last_exit >= 60);
        last_exit = p.legs[i].exit;
    }
    assert_true(home_legs >= 2);
    assert_true(p.days_home <= 30 * ((365 + 89) / 90));
    char *json = NULL;
    assert_int_equal(relok_plan_json(&p, "ME", sd("2026-01-01"), sd("2026-12-31"), 0, &json, NULL),
                     RELOK_OK);
    assert_non_null(strstr(json, "\"home_reset_unknown\":true"));
    relok_json_free(json);

    /* Confirmed per-entry reset: same-day runs, and nothing to explain. */
    syn k = {0};
    syn_add(&k, "ME", rule_of(RELOK_RULE_PER_ENTRY, 30, RULE_UNSET, RULE_UNSET));
    syn_add(&k, "RS", rule_of(RELOK_RULE_PER_ENTRY, 90, RULE_UNSET, RULE_UNSET));
    assert_int_equal(plan_syn(&k, "2026-01-01", "2026-12-31", a, &p, NULL), RELOK_OK);
    assert_false(p.home_reset_unknown);
    assert_int_equal(p.days_home, 365);
    for (size_t i = 1; i < p.n_legs; i += 2)
        assert_int_equal(p.legs[i].entry, p.legs[i].exit);
    relok_arena_free(a);
}

static relok_kb *load_kb(void)
{
    const char *dir = getenv("RELOK_KB");
    relok_kb *kb = NULL;
    relok_error err = {0};
    if (relok_kb_load(dir != NULL ? dir : "data", &kb, NULL, &err) != RELOK_OK) {
        print_error("KB: %s\n", err.msg);
        return NULL;
    }
    return kb;
}

static void expect_kb_plan_lawful(const relok_kb *kb, const relok_plan *p, relok_doc doc,
                                  relok_day from, relok_day until)
{
    assert_int_equal(p->legs[0].entry, from);
    assert_int_equal(p->legs[p->n_legs - 1].exit, until);
    for (size_t i = 0; i < p->n_legs; i++) {
        const relok_plan_leg *l = &p->legs[i];
        const relok_country *c = relok_kb_country(kb, l->country);
        assert_non_null(c);
        assert_false(c->is_origin);
        const relok_entry_rule *e = relok_kb_entry(kb, c, "RU", doc, RELOK_MODE_COUNT_, l->entry);
        assert_non_null(e);
        assert_int_equal(e->access, RELOK_ACCESS_VISA_FREE);
        /* Every country's stays, checked against its own rule timeline. */
        const relok_stay_rule *v[16];
        size_t nv = relok_kb_stay_versions(kb, c, "RU", doc, v, 16);
        relok_rule_span spans[16];
        for (size_t k = 0; k < nv; k++)
            spans[k] = (relok_rule_span){v[k]->fact.from, v[k]->fact.to, &v[k]->rule};
        relok_trip t[64];
        size_t n = 0;
        for (size_t k = 0; k < p->n_legs && n < 64; k++)
            if (strcmp(p->legs[k].country, l->country) == 0) {
                t[n] = visit(l->country, "2000-01-01", "2000-01-01");
                t[n].entry = p->legs[k].entry;
                t[n].exit = p->legs[k].exit;
                n++;
            }
        relok_stay_answer a;
        assert_int_equal(relok_stay_eval(spans, nv, t, n, until, &a, NULL), RELOK_OK);
        assert_false(a.overstay);
    }
}

/* Plan from the KB, which must succeed, and re-check it with the engine. */
static void plan_kb_lawful(const relok_kb *kb, const relok_plan_request *req, relok_arena *a,
                           relok_plan *p)
{
    relok_error err = {0};
    relok_status rc = relok_plan_from_kb(kb, req, a, p, &err);
    if (rc != RELOK_OK)
        print_error("%s\n", err.msg);
    assert_int_equal(rc, RELOK_OK);
    expect_kb_plan_lawful(kb, p, req->doc, req->from, req->until);
}

static void test_plan_kazakhstan_with_internal_id_2024(void **state)
{
    (void)state;
    relok_kb *kb = load_kb();
    assert_non_null(kb);
    relok_arena *a = relok_arena_new(0);
    relok_plan_request req = {"KZ", RELOK_DOC_INTERNAL_ID, NULL, sd("2024-01-01"),
                              sd("2024-12-31"), false, NULL, 0};
    relok_plan p;
    plan_kb_lawful(kb, &req, a, &p);
    /* 90 in any 180 over 366 days: at most 90 + 90 + 6 (the windows
     * [1 Jan, 28 Jun] and [29 Jun, 25 Dec] hold 90 each). */
    assert_int_equal(p.days_home, 186);
    assert_int_equal(p.legs[0].exit, sd("2024-03-30"));
    char *json = NULL;
    assert_int_equal(relok_plan_json(&p, "KZ", req.from, req.until, 0, &json, NULL), RELOK_OK);
    assert_non_null(strstr(json, "\"days_home\":186"));
    relok_json_free(json);
    relok_arena_free(a);
    relok_kb_free(kb);
}

static void test_plan_georgia_with_passport_fewest_border_runs(void **state)
{
    (void)state;
    relok_kb *kb = load_kb();
    assert_non_null(kb);
    relok_arena *a = relok_arena_new(0);
    relok_plan_request req = {"GE", RELOK_DOC_PASSPORT, NULL, sd("2024-01-01"),
                              sd("2024-12-31"), false, NULL, 0};
    relok_plan p;
    relok_error err = {0};
    plan_kb_lawful(kb, &req, a, &p);
    assert_int_equal(p.days_home, 366);
    assert_int_equal(p.n_absences, 1); /* 366 days > 365 per entry: one run is the minimum */
    assert_int_equal(p.n_crossings, 2);
    /* By land too. */
    req.land_only = true;
    assert_int_equal(relok_plan_from_kb(kb, &req, a, &p, &err), RELOK_OK);
    assert_int_equal(p.n_crossings, 2);
    const relok_country *ge = relok_kb_country(kb, "GE");
    bool neighbour = false;
    for (size_t i = 0; i < ge->n_neighbours; i++)
        if (strcmp(ge->neighbours[i].country, p.legs[1].country) == 0 &&
            ge->neighbours[i].land_border && ge->neighbours[i].crossing != RELOK_AVAIL_NO)
            neighbour = true;
    assert_true(neighbour);
    /* Georgia does not accept the internal ID. */
    req.doc = RELOK_DOC_INTERNAL_ID;
    req.land_only = false;
    relok_error_clear(&err);
    assert_int_equal(relok_plan_from_kb(kb, &req, a, &p, &err), RELOK_ENOPLAN);
    assert_non_null(strstr(err.msg, "does not admit"));
    req.home = "XX";
    assert_int_equal(relok_plan_from_kb(kb, &req, a, &p, NULL), RELOK_ENOTFOUND);
    relok_arena_free(a);
    relok_kb_free(kb);
}

/* Montenegro in the KB: its 30 days have no confirmed reset (the only
 * source for one was a community wiki), so a year's plan stays once and
 * never comes back on a border run, and says why. */
static void test_plan_montenegro_unknown_reset_from_kb(void **state)
{
    (void)state;
    relok_kb *kb = load_kb();
    assert_non_null(kb);
    relok_arena *a = relok_arena_new(0);
    relok_plan_request req = {"ME", RELOK_DOC_PASSPORT, NULL, sd("2026-01-01"),
                              sd("2026-12-31"), false, NULL, 0};
    relok_plan p;
    relok_error err = {0};
    plan_kb_lawful(kb, &req, a, &p);
    assert_true(p.home_reset_unknown);
    int32_t home_legs = 0;
    for (size_t i = 0; i < p.n_legs; i++)
        home_legs += p.legs[i].is_home;
    assert_int_equal(home_legs, 1);
    assert_int_equal(p.days_home, 30);
    /* Georgia's reset is confirmed: nothing to explain there. */
    req.home = "GE";
    assert_int_equal(relok_plan_from_kb(kb, &req, a, &p, &err), RELOK_OK);
    assert_false(p.home_reset_unknown);
    relok_arena_free(a);
    relok_kb_free(kb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plan_georgia_like_year_needs_one_border_run),
        cmocka_unit_test(test_plan_per_entry_resets_with_same_day_runs),
        cmocka_unit_test(test_plan_rolling_home_with_hops_abroad),
        cmocka_unit_test(test_plan_entry_windows_and_land_links),
        cmocka_unit_test(test_plan_says_why_when_no_plan_exists),
        cmocka_unit_test(test_plan_continues_a_stay_in_progress),
        cmocka_unit_test(test_plan_greedy_home_days_match_exhaustive_search),
        cmocka_unit_test(test_plan_kazakhstan_with_internal_id_2024),
        cmocka_unit_test(test_plan_georgia_with_passport_fewest_border_runs),
        cmocka_unit_test(test_plan_no_border_run_on_an_unknown_reset),
        cmocka_unit_test(test_plan_montenegro_unknown_reset_from_kb),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
