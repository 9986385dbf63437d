/* SPDX-License-Identifier: MIT */
/* The population simulator: generator test vectors, the logit by hand,
 * scenario events in the tables, conservation on every day, bit-identical
 * output at 1 and 2 threads, event skipping against daily stepping (KS),
 * replay of sampled agents through the stay engine, and broken scenario
 * files with their messages and places. Kept small (agents, horizons) so
 * the whole file runs in seconds under ASan. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "property_scale.h"
#include "relok/relok.h"
#include "relok/sim.h"
#include "base/alloc_int.h"
#include "sim/sim_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static relok_kb *g_kb;

static relok_day D(int y, int m, int d)
{
    relok_day x = 0;
    assert_int_equal(relok_date_from_ymd(y, m, d, &x, NULL), RELOK_OK);
    return x;
}

static const char *scen_dir(void)
{
    static char buf[4096];
    const char *kb = getenv("RELOK_KB");
    snprintf(buf, sizeof buf, "%s/scenarios", kb != NULL ? kb : "../data");
    return buf;
}

static int setup(void **state)
{
    (void)state;
    const char *dir = getenv("RELOK_KB");
    relok_error err = {0};
    return relok_kb_load(dir != NULL ? dir : "../data", &g_kb, NULL, &err) == RELOK_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    relok_kb_free(g_kb);
    return 0;
}

/* ------------------------------------------------------------ generator */

static void test_splitmix_vectors(void **state)
{
    (void)state;
    /* Published outputs for seed 1234567 (Rosetta Code, "Pseudo-random
     * numbers/Splitmix64"; the reference splitmix64.c gives the same). */
    static const uint64_t want[5] = {UINT64_C(6457827717110365317), UINT64_C(3203168211198807973),
                                     UINT64_C(9817491932198370423), UINT64_C(4593380528125082431),
                                     UINT64_C(16408922859458223821)};
    uint64_t s = 1234567;
    for (int i = 0; i < 5; i++)
        assert_true(relok__sm64_next(&s) == want[i]);
    s = 0;
    assert_true(relok__sm64_next(&s) == UINT64_C(0xe220a8397b1dcdaf));
    /* A counter draw is the n-th output of the stream seeded with the key. */
    uint64_t key = 42, seq = 42, nth = 0;
    uint64_t n = ((uint64_t)7 << 20) | ((uint64_t)100 << 3) | 3u;
    seq += n * SIM_GAMMA;
    nth = relok__sm64_next(&seq);
    assert_true(relok__sim_draw(key, 7, 100, 3) == nth);
    double u = relok__sim_u01(0);
    assert_true(u > 0 && u < 1);
    u = relok__sim_u01(UINT64_MAX);
    assert_true(u > 0 && u < 1);
}

/* --------------------------------------------------------------- logit */

static void test_logit_by_hand(void **state)
{
    (void)state;
    /* Utilities 0, ln 2, ln 3: probabilities 1/6, 2/6, 3/6. */
    double u[3] = {0, log(2.0), log(3.0)}, pr[3];
    bool ok[3] = {true, true, true};
    assert_int_equal(relok__sim_logit_pick(u, ok, 3, 0.10, pr), 0);
    assert_true(fabs(pr[0] - 1.0 / 6) < 1e-12);
    assert_true(fabs(pr[1] - 2.0 / 6) < 1e-12);
    assert_true(fabs(pr[2] - 3.0 / 6) < 1e-12);
    assert_int_equal(relok__sim_logit_pick(u, ok, 3, 0.17, pr), 1);   /* 1/6 <= 0.17 < 1/2 */
    assert_int_equal(relok__sim_logit_pick(u, ok, 3, 0.49, pr), 1);
    assert_int_equal(relok__sim_logit_pick(u, ok, 3, 0.51, pr), 2);
    /* An unavailable option takes no share: 1/3 and 2/3 remain... */
    ok[2] = false;
    assert_int_equal(relok__sim_logit_pick(u, ok, 3, 0.34, pr), 1);
    assert_true(fabs(pr[0] - 1.0 / 3) < 1e-12 && fabs(pr[2]) < 1e-12);
    /* ...and none available gives -1. */
    ok[0] = ok[1] = false;
    assert_int_equal(relok__sim_logit_pick(u, ok, 3, 0.5, pr), -1);
    /* Large utilities do not overflow (the maximum is subtracted). */
    double big[2] = {1000, 1000 + log(3.0)};
    bool both[2] = {true, true};
    assert_int_equal(relok__sim_logit_pick(big, both, 2, 0.3, pr), 1);
    assert_true(fabs(pr[0] - 0.25) < 1e-12);
}

/* The worked example of docs/sim.md, "One agent's day by hand". */
static void test_hazards_by_hand(void **state)
{
    (void)state;
    relok__sim_params P;
    relok__sim_params_default(&P);
    double on, ret;
    /* H = 1.25, A = -0.25: onward (1/730) e^0.25, return 1/1095. */
    relok__sim_hazards(&P, 1.25, -0.25, 0, false, 1, ST_VISITOR, false, &on, &ret);
    assert_true(fabs(on - 0.0017573929004833788) < 1e-15);
    assert_true(fabs(ret - 0.0009128251305621227) < 1e-15);
    /* Extradition: onward x20. */
    relok__sim_hazards(&P, 1.25, -0.25, 0, true, 1, ST_VISITOR, false, &on, &ret);
    assert_true(fabs(on - (1 - exp(-20 * 0.0017589389269695088))) < 1e-15);
    /* A permit halves both; an overstayer returns 3x; broke 4x more. */
    relok__sim_hazards(&P, 1.25, -0.25, 0, false, 1, ST_PERMIT, false, &on, &ret);
    assert_true(fabs(on - (1 - exp(-0.5 * 0.0017589389269695088))) < 1e-15);
    assert_true(fabs(ret - (1 - exp(-0.5 / 1095))) < 1e-15);
    relok__sim_hazards(&P, 1.25, -0.25, 0, false, 2, ST_OVERSTAY, true, &on, &ret);
    assert_true(fabs(ret - (1 - exp(-2.0 * 3 * 4 / 1095))) < 1e-15);
    /* No stock, no shock: the base hazards. A stability shock of -0.5 acts
     * like hostility: onward x e^0.25. */
    relok__sim_hazards(&P, 1, 0, 0, false, 1, ST_VISITOR, false, &on, &ret);
    assert_true(fabs(on - (1 - exp(-1.0 / 730))) < 1e-15);
    double on2;
    relok__sim_hazards(&P, 1, 0, -0.5, false, 1, ST_VISITOR, false, &on2, &ret);
    assert_true(fabs(on2 - (1 - exp(-exp(0.25) / 730))) < 1e-15);
}

/* ------------------------------------------------------------ scenarios */

static void test_baseline_loads(void **state)
{
    (void)state;
    relok_arena *a = relok_arena_new(0);
    relok_sim_scenario sc;
    relok_error err = {0};
    assert_int_equal(relok_sim_scenario_load(scen_dir(), "baseline", g_kb, a, &sc, &err), RELOK_OK);
    assert_string_equal(sc.id, "baseline");
    assert_true(sc.n_events >= 4);
    assert_int_equal(sc.events[0].kind, RELOK_SIM_EV_PUSH);
    assert_true(sc.events[0].from == D(2022, 2, 24));
    relok_arena_free(a);
}

/* Tables for a hand-built scenario of one event. */
static void build(const relok_sim_event *ev, size_t n, relok__sim_tables *T)
{
    relok_sim_scenario sc;
    memset(&sc, 0, sizeof sc);
    sc.id = "t";
    sc.events = ev;
    sc.n_events = n;
    relok__sim_params P;
    relok__sim_params_default(&P);
    relok_error err = {0};
    assert_int_equal(relok__sim_tables_build(g_kb, &sc, &P, D(2022, 1, 1), D(2024, 12, 31), T, &err),
                     RELOK_OK);
}

static size_t host(const relok__sim_tables *T, const char *code)
{
    for (size_t c = 1; c <= T->n_hosts; c++)
        if (strcmp(T->codes[c], code) == 0)
            return c;
    fail_msg("no host %s", code);
    return 0;
}

static relok_sim_event event(relok_sim_event_kind k, relok_day from, relok_day to)
{
    relok_sim_event e;
    memset(&e, 0, sizeof e);
    e.kind = k;
    e.from = from;
    e.to = to;
    e.groups = (1u << RELOK_SIM_GROUP_COUNT_) - 1u;
    e.factor = 1;
    e.share = 1;
    return e;
}

static void test_event_push_ban_pull(void **state)
{
    (void)state;
    relok__sim_params P;
    relok__sim_params_default(&P);
    relok_sim_event ev[3] = {event(RELOK_SIM_EV_PUSH, D(2022, 3, 1), D(2022, 3, 10)),
                             event(RELOK_SIM_EV_EXIT_BAN, D(2022, 3, 5), D(2022, 3, 5)),
                             event(RELOK_SIM_EV_RETURN_PULL, D(2023, 1, 1), RELOK_DAY_MAX)};
    ev[0].factor = 10;
    ev[0].groups = 1u << RELOK_SIM_GROUP_MOB;
    ev[1].share = 0.75;
    ev[2].factor = 3;
    relok__sim_tables T;
    build(ev, 3, &T);
    uint32_t nd = T.n_days, t_in = (uint32_t)(D(2022, 3, 2) - T.start),
             t_ban = (uint32_t)(D(2022, 3, 5) - T.start), t_out = (uint32_t)(D(2022, 3, 11) - T.start);
    unsigned mob = RELOK_SIM_GROUP_MOB, it = RELOK_SIM_GROUP_IT;
    /* push: the base hazard times 10 for the group named, only in the period. */
    assert_true(fabs(T.push[mob * nd + t_in] - P.push_base[mob] * 10) < 1e-15);
    assert_true(fabs(T.push[it * nd + t_in] - P.push_base[it]) < 1e-15);
    assert_true(fabs(T.push[mob * nd + t_out] - P.push_base[mob]) < 1e-15);
    /* exit_ban: 75 % of the hazard removed that day, on top of the push. */
    assert_true(fabs(T.push[mob * nd + t_ban] - P.push_base[mob] * 10 * 0.25) < 1e-15);
    assert_true(fabs(T.push[it * nd + t_ban] - P.push_base[it] * 0.25) < 1e-15);
    /* The cumulative hazard is the running sum. */
    double sum = 0;
    for (uint32_t t = 0; t <= t_out; t++)
        sum += T.push[mob * nd + t];
    assert_true(fabs(T.push_cum[mob * nd + t_out] - sum) < 1e-12);
    /* return_pull: multiplier from its day on. */
    uint32_t t23 = (uint32_t)(D(2023, 1, 1) - T.start);
    assert_true(fabs(T.return_mult[it * nd + t23] - 3) < 1e-12);
    assert_true(fabs(T.return_mult[it * nd + t23 - 1] - 1) < 1e-12);
    relok__sim_tables_free(&T);
}

/* A host constant adds exactly its value to that host's KB utility, for
 * every group and month, and to no other host's. */
static void test_host_constant(void **state)
{
    (void)state;
    relok_sim_scenario sc;
    memset(&sc, 0, sizeof sc);
    sc.id = "t";
    relok__sim_params P;
    relok__sim_params_default(&P);
    relok__sim_tables T0, T1;
    relok_error err = {0};
    assert_int_equal(relok__sim_tables_build(g_kb, &sc, &P, D(2022, 1, 1), D(2022, 12, 31), &T0, &err),
                     RELOK_OK);
    relok__sim_set_host_const(&P, "KG", -2.5);
    relok__sim_set_host_const(&P, "KG", -1.25); /* replaces, does not add */
    assert_int_equal(P.n_host_const, 1);
    assert_true(relok__sim_host_const(&P, "KG") == -1.25);
    assert_true(relok__sim_host_const(&P, "KZ") == 0);
    assert_int_equal(relok__sim_tables_build(g_kb, &sc, &P, D(2022, 1, 1), D(2022, 12, 31), &T1, &err),
                     RELOK_OK);
    size_t kg = host(&T0, "KG");
    uint32_t nm = relok__sim_n_months(&T0);
    for (size_t c = 1; c <= T0.n_hosts; c++)
        for (unsigned g = 0; g < SIM_G; g++)
            for (uint32_t m = 0; m < nm; m++) {
                size_t k = (c * SIM_G + g) * nm + m;
                double want = c == kg ? -1.25 : 0;
                assert_true(fabs(T1.v_kb[k] - T0.v_kb[k] - want) < 1e-12);
            }
    relok__sim_tables_free(&T0);
    relok__sim_tables_free(&T1);
}

static void test_event_host_kinds(void **state)
{
    (void)state;
    relok_sim_event ev[3] = {event(RELOK_SIM_EV_HOST_SHOCK, D(2023, 6, 1), D(2023, 6, 30)),
                             event(RELOK_SIM_EV_EXTRADITION, D(2024, 1, 1), RELOK_DAY_MAX),
                             event(RELOK_SIM_EV_PATHWAY, D(2024, 1, 1), RELOK_DAY_MAX)};
    memcpy(ev[0].country, "GE", 3);
    ev[0].shock = RELOK_SIM_SHOCK_STABILITY;
    ev[0].delta = -0.5;
    memcpy(ev[1].country, "KG", 3);
    ev[1].groups = 1u << RELOK_SIM_GROUP_ACTIVIST;
    memcpy(ev[2].country, "DE", 3);
    ev[2].groups = 1u << RELOK_SIM_GROUP_ACTIVIST;
    ev[2].documents = 1u << RELOK_DOC_PASSPORT;
    relok__sim_tables T;
    build(ev, 3, &T);
    size_t ge = host(&T, "GE"), kg = host(&T, "KG"), de = host(&T, "DE");
    uint32_t nd = T.n_days, t = (uint32_t)(D(2023, 6, 15) - T.start);
    assert_true(fabs(T.shock[(ge * RELOK_SIM_SHOCK_COUNT_ + RELOK_SIM_SHOCK_STABILITY) * nd + t] + 0.5) < 1e-12);
    assert_true(T.shock[(ge * RELOK_SIM_SHOCK_COUNT_ + RELOK_SIM_SHOCK_STABILITY) * nd + t + 30] == 0);
    uint32_t t24 = (uint32_t)(D(2024, 2, 1) - T.start);
    assert_int_equal(T.extradition[relok__sim_cgt(&T, kg, RELOK_SIM_GROUP_ACTIVIST, t24)], 1);
    assert_int_equal(T.blocked[relok__sim_cgt(&T, kg, RELOK_SIM_GROUP_ACTIVIST, t24)], 1);
    assert_int_equal(T.extradition[relok__sim_cgt(&T, kg, RELOK_SIM_GROUP_IT, t24)], 0);
    /* Germany needs a visa: closed, until the pathway opens it for activists. */
    assert_int_equal(T.admit[relok__sim_cdt(&T, de, 1, t24)], 0);
    size_t kp = ((de * SIM_G + RELOK_SIM_GROUP_ACTIVIST) * SIM_D + 1) * nd;
    assert_int_equal(T.pathway_open[kp + t24], 1);
    assert_int_equal(T.pathway_open[kp + t24 - 60], 0);
    assert_int_equal(T.pathway_open[((de * SIM_G + RELOK_SIM_GROUP_IT) * SIM_D + 1) * nd + t24], 0);
    relok__sim_tables_free(&T);
}

static void test_event_rule_change(void **state)
{
    (void)state;
    /* Georgia: a visa for passports from 2024 (access), and before that a
     * 90-day per-entry limit in 2023 (stay), both from the scenario. */
    relok_rule r90 = {.kind = RELOK_RULE_PER_ENTRY, .max_days = 90, .window_days = RELOK_RULE_UNSET,
                      .min_gap_days = 1, .counts_from = RELOK_DAY_NONE};
    relok_sim_event ev[2] = {event(RELOK_SIM_EV_RULE_CHANGE, D(2023, 1, 1), D(2023, 12, 31)),
                             event(RELOK_SIM_EV_RULE_CHANGE, D(2024, 1, 1), RELOK_DAY_MAX)};
    for (int i = 0; i < 2; i++) {
        memcpy(ev[i].country, "GE", 3);
        ev[i].documents = 1u << RELOK_DOC_PASSPORT;
    }
    ev[0].stay = &r90;
    ev[1].has_access = true;
    ev[1].access = RELOK_ACCESS_VISA;
    relok__sim_tables T;
    build(ev, 2, &T);
    size_t ge = host(&T, "GE");
    uint32_t t22 = (uint32_t)(D(2022, 6, 1) - T.start), t23 = (uint32_t)(D(2023, 3, 1) - T.start),
             t24 = (uint32_t)(D(2024, 3, 1) - T.start);
    /* KB: a year per entry, but the scenario's 2023 rule judges 2023 days
     * and counts the whole stay (no counts_from): entering on 2022-06-01,
     * the last lawful day is 2022-12-31, not 2023-05-31. */
    assert_int_equal(T.admit[relok__sim_cdt(&T, ge, 1, t22)], 1);
    assert_int_equal(T.lfresh[relok__sim_cdt(&T, ge, 1, t22)], D(2022, 12, 31));
    uint32_t t21 = (uint32_t)(D(2022, 1, 1) - T.start);
    assert_int_equal(T.lfresh[relok__sim_cdt(&T, ge, 1, t21)], D(2022, 12, 31));
    /* 2023: 90 days per entry, asked of the stay engine (entry day counts). */
    assert_int_equal(T.lfresh[relok__sim_cdt(&T, ge, 1, t23)], D(2023, 3, 1) + 89);
    assert_int_equal(T.reset_gap[relok__sim_cdt(&T, ge, 1, t23)], 1);
    /* An entry on 2023-12-01 is judged in 2024 by the KB's year rule again. */
    uint32_t tdec = (uint32_t)(D(2023, 12, 1) - T.start);
    assert_true(T.lfresh[relok__sim_cdt(&T, ge, 1, tdec)] >= D(2023, 12, 31));
    /* 2024: visa, closed. The internal ID was never accepted. */
    assert_int_equal(T.admit[relok__sim_cdt(&T, ge, 1, t24)], 0);
    assert_int_equal(T.admit[relok__sim_cdt(&T, ge, 0, t22)], 0);
    /* Kazakhstan's rolling 90/180 from 2023: no border-run reset. */
    size_t kz = host(&T, "KZ");
    assert_int_equal(T.reset_gap[relok__sim_cdt(&T, kz, 1, t23)], -1);
    assert_int_equal(T.lfresh[relok__sim_cdt(&T, kz, 1, t23)], D(2023, 3, 1) + 89);
    relok__sim_tables_free(&T);
}

/* ----------------------------------------------------------------- runs */

/* Agents: n in the everyday suite, scaled by RELOK_PROPERTY_SCALE
 * (property_scale.h: 10 % is n; valgrind's 1 % is n/10), never below 300. */
static uint32_t scaled(uint32_t n)
{
    return (uint32_t)property_scaled((int64_t)n * 10, 300);
}

static relok_sim_result *run(const char *id, uint32_t agents, relok_day until, unsigned threads,
                             bool daily, relok_sim_trace_cb cb, void *ud)
{
    relok_arena *a = relok_arena_new(0);
    relok_sim_scenario sc;
    relok_error err = {0};
    assert_int_equal(relok_sim_scenario_load(scen_dir(), id, g_kb, a, &sc, &err), RELOK_OK);
    relok_sim_opts o;
    relok_sim_opts_init(&o);
    o.n_agents = agents;
    o.until = until;
    o.n_threads = threads;
    o.step_daily = daily;
    o.seed = 7;
    o.trace_cb = cb;
    o.trace_every = 5;
    o.trace_ud = ud;
    relok_sim_result *r = NULL;
    relok_status s = relok_sim_run(g_kb, &sc, &o, &r, &err);
    if (s != RELOK_OK)
        fail_msg("%s", err.msg);
    relok_arena_free(a);
    return r;
}

static void test_conservation(void **state)
{
    (void)state;
    relok_sim_result *r = run("baseline", scaled(3000), D(2023, 12, 31), 1, false, NULL, NULL);
    int64_t departed = 0;
    for (uint32_t d = 0; d < r->n_days; d++) {
        int64_t sum = 0;
        for (size_t p = 0; p < r->n_places; p++)
            sum += relok_sim_count(r, 0, d, p, RELOK_SIM_M_STOCK);
        assert_int_equal(sum, r->n_agents);
        departed += relok_sim_count(r, 0, d, 0, RELOK_SIM_M_ONWARD);
        /* By document and by group add up to the stock in every host. */
        for (size_t p = 1; p + 1 < r->n_places; p++) {
            int32_t s = relok_sim_count(r, 0, d, p, RELOK_SIM_M_STOCK);
            assert_int_equal(relok_sim_count(r, 0, d, p, RELOK_SIM_M_DOC_INTERNAL) +
                                 relok_sim_count(r, 0, d, p, RELOK_SIM_M_DOC_PASSPORT), s);
            int32_t g = 0;
            for (int k = 0; k < RELOK_SIM_GROUP_COUNT_; k++)
                g += relok_sim_count(r, 0, d, p, (relok_sim_metric)(RELOK_SIM_M_G_IT + k));
            assert_int_equal(g, s);
        }
    }
    assert_true(departed > 20); /* the shocks of 2022 do move people */
    relok_sim_result_free(r);
}

static void test_threads_identical(void **state)
{
    (void)state;
    relok_sim_result *a = run("baseline", scaled(2000), D(2023, 6, 30), 1, false, NULL, NULL);
    relok_sim_result *b = run("baseline", scaled(2000), D(2023, 6, 30), 2, false, NULL, NULL);
    size_t n = (size_t)a->n_days * a->n_places * RELOK_SIM_METRIC_COUNT_;
    assert_memory_equal(a->counts, b->counts, n * sizeof *a->counts);
    assert_memory_equal(a->first, b->first, (size_t)a->n_days * a->n_places * sizeof *a->first);
    assert_memory_equal(a->cohort, b->cohort, a->n_places * a->n_places * sizeof *a->cohort);
    relok_sim_result_free(a);
    relok_sim_result_free(b);
}

/* Event skipping (departure days drawn by inverting the cumulative push
 * hazard) against stepping every day with Bernoulli draws: the first
 * departure days must have the same distribution (two-sample KS at 0.1 %). */
static void test_skip_equals_daily(void **state)
{
    (void)state;
    relok_day until = D(2022, 12, 31);
    relok_sim_result *a = run("baseline", 6000, until, 1, false, NULL, NULL);
    relok_sim_result *b = run("baseline", 6000, until, 1, true, NULL, NULL);
    double na = 0, nb = 0;
    double *ca = calloc(a->n_days, sizeof *ca), *cb = calloc(a->n_days, sizeof *cb);
    for (uint32_t d = 0; d < a->n_days; d++) {
        for (size_t p = 0; p < a->n_places; p++) {
            na += a->first[(size_t)d * a->n_places + p];
            nb += b->first[(size_t)d * b->n_places + p];
        }
        ca[d] = na;
        cb[d] = nb;
    }
    assert_true(na > 300 && nb > 300);
    double dmax = 0;
    for (uint32_t d = 0; d < a->n_days; d++) {
        double x = fabs(ca[d] / na - cb[d] / nb);
        dmax = x > dmax ? x : dmax;
    }
    double crit = 1.95 * sqrt((na + nb) / (na * nb));
    assert_true(dmax < crit);
    /* And the number who left at all agrees within 4 standard errors. */
    double pa = na / 6000, pb = nb / 6000, se = sqrt(pa * (1 - pa) / 6000 + pb * (1 - pb) / 6000);
    assert_true(fabs(pa - pb) < 4 * se);
    free(ca);
    free(cb);
    relok_sim_result_free(a);
    relok_sim_result_free(b);
}

/* ------------------------------------------------------------- replay */

enum { MAX_TR = 200000 };
typedef struct replay {
    relok_sim_trace *t;
    size_t n;
} replay;

static void trace_cb(const relok_sim_trace *t, void *ud)
{
    replay *r = ud;
    if (r->n < MAX_TR)
        r->t[r->n++] = *t;
}

static int cmp_trace(const void *a, const void *b)
{
    const relok_sim_trace *x = a, *y = b;
    if (x->agent != y->agent)
        return x->agent < y->agent ? -1 : 1;
    return 0;
}

/* Every visit of every sampled agent, evaluated by the stay engine over the
 * KB's own rule timeline: never unlawful unless the agent chose to overstay. */
static void test_replay_through_stay_engine(void **state)
{
    (void)state;
    replay rp = {calloc(MAX_TR, sizeof(relok_sim_trace)), 0};
    relok_day until = D(2027, 12, 31);
    uint32_t agents = scaled(3000);
    relok_sim_result *r = run("baseline", agents, until, 1, false, trace_cb, &rp);
    /* Enough events to check: at least one per ten agents (the fixed floor
     * of 100 failed under valgrind's 600 agents once the refit calibration
     * sent fewer abroad: 96 events). */
    assert_true(rp.n > agents / 10 && rp.n < MAX_TR);
    /* Stable sort by agent keeps each agent's events in time order. */
    for (size_t i = 1; i < rp.n; i++)
        for (size_t j = i; j > 0 && cmp_trace(&rp.t[j - 1], &rp.t[j]) > 0; j--) {
            relok_sim_trace x = rp.t[j];
            rp.t[j] = rp.t[j - 1];
            rp.t[j - 1] = x;
        }
    size_t checked = 0, overstayers = 0;
    for (size_t i = 0; i < rp.n;) {
        size_t j = i;
        while (j < rp.n && rp.t[j].agent == rp.t[i].agent)
            j++;
        /* Per host: the visits and permits of this agent. */
        for (size_t k = i; k < j; k++) {
            if (rp.t[k].kind != 'A')
                continue;
            const char *code = rp.t[k].host;
            bool seen = false;
            for (size_t q = i; q < k; q++)
                seen = seen || (rp.t[q].kind == 'A' && strcmp(rp.t[q].host, code) == 0);
            if (seen)
                continue; /* evaluated with the first arrival */
            relok_trip trips[64];
            size_t nt = 0;
            bool chose_overstay = false;
            relok_day open = RELOK_DAY_NONE, last = RELOK_DAY_NONE;
            for (size_t q = k; q < j && nt < 62; q++) {
                if (strcmp(rp.t[q].host, code) != 0)
                    continue;
                const relok_sim_trace *e = &rp.t[q];
                if (e->kind == 'A')
                    open = e->day;
                else if (e->kind == 'O')
                    chose_overstay = true;
                else if (e->kind == 'P') {
                    relok_trip p = {.entry = e->day, .exit = RELOK_DAY_NONE,
                                    .status = RELOK_TRIP_PERMIT};
                    memcpy(p.country, code, 3);
                    trips[nt++] = p;
                } else if (e->kind == 'D' && open != RELOK_DAY_NONE) {
                    relok_trip v = {.entry = open, .exit = e->day, .status = RELOK_TRIP_VISIT};
                    memcpy(v.country, code, 3);
                    trips[nt++] = v;
                    for (size_t z = 0; z < nt; z++)
                        if (trips[z].status == RELOK_TRIP_PERMIT && trips[z].exit == RELOK_DAY_NONE)
                            trips[z].exit = e->day;
                    last = e->day;
                    open = RELOK_DAY_NONE;
                }
            }
            relok_day check = last;
            if (open != RELOK_DAY_NONE) {
                relok_trip v = {.entry = open, .exit = RELOK_DAY_NONE, .status = RELOK_TRIP_VISIT};
                memcpy(v.country, code, 3);
                trips[nt++] = v;
                check = until;
            }
            for (size_t z = 0; z < nt; z++)
                if (trips[z].status == RELOK_TRIP_PERMIT && trips[z].exit == RELOK_DAY_NONE)
                    trips[z].exit = check;
            if (chose_overstay) {
                overstayers++;
                continue;
            }
            const relok_country *c = relok_kb_country(g_kb, code);
            assert_non_null(c);
            const relok_stay_rule *vers[64];
            size_t nv = relok_kb_stay_versions(g_kb, c, "RU", (relok_doc)rp.t[k].doc, vers, 64);
            relok_rule_span spans[64];
            for (size_t z = 0; z < nv; z++) {
                spans[z].from = vers[z]->fact.from;
                spans[z].to = vers[z]->fact.to;
                spans[z].rule = &vers[z]->rule;
            }
            assert_true(nv > 0);
            relok_stay_answer ans;
            relok_error err = {0};
            assert_int_equal(relok_stay_eval(spans, nv, trips, nt, check, &ans, &err), RELOK_OK);
            if (ans.overstay) {
                char b[RELOK_DATE_BUF];
                fail_msg("agent %u unlawful in %s on %s without choosing to overstay",
                         rp.t[k].agent, code, relok_date_format(ans.first_overstay_day, b));
            }
            checked++;
        }
        i = j;
    }
    assert_true(checked > 10);
    (void)overstayers;
    free(rp.t);
    relok_sim_result_free(r);
}

/* ---------------------------------------------------- broken scenarios */

typedef struct broken {
    const char *id;
    unsigned line;       /* expected line (0: not checked) */
    const char *path;    /* expected field path (substring) */
    const char *msg;     /* expected message (substring) */
} broken;

static void test_broken_scenarios(void **state)
{
    (void)state;
    static const broken cases[] = {
        {"missing-title", 1, "title", "required field 'title' is missing"},
        {"bad-kind", 5, "events[0].kind", "'pusj' is not one of"},
        {"unknown-key", 9, "events[0].colour", "unknown key 'colour'"},
        {"to-before-from", 9, "events[0].to", "'to' is before 'from'"},
        {"bad-date", 6, "events[0].from", "has no day 30"},
        {"unknown-source", 8, "events[0].sources[0]", "unknown source id 'brief:NOPE'"},
        {"no-sources", 5, "events[0].sources", "at least one source"},
        {"unknown-country", 8, "events[0].country", "'FR' is not in the knowledge base"},
        {"origin-host", 8, "events[0].country", "the origin, not a host"},
        {"bad-group", 8, "events[0].groups[1]", "'students' is not one of"},
        {"factor-range", 8, "events[0].factor", "out of range 0..1000"},
        {"share-range", 8, "events[0].share", "out of range 0..1"},
        {"rule-change-empty", 5, "events[0]", "needs 'access', 'stay' or both"},
        {"bad-stay-rule", 10, "events[0].stay.window_days", "needs 'window_days'"},
        {"missing-base", 4, "base", "no scenario 'nowhere' to extend"},
        {"self-base", 4, "base", "cannot extend itself"},
        {"cycle-a", 4, "base", "base scenario 'cycle-b' is broken"},
        {"bad-shock", 9, "events[0].shock", "'weather' is not one of"},
        /* Once said "a scenario (a map) (a mapping)". */
        {"not-a-map", 1, "", "expected a scenario (a mapping), found"},
        {"no-events", 1, "", "missing 'events'"},
    };
    const char *td = getenv("RELOK_TEST_DATA");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/scenarios-broken", td != NULL ? td : "data");
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        relok_arena *a = relok_arena_new(0);
        relok_sim_scenario sc;
        relok_error err = {0};
        relok_status s = relok_sim_scenario_load(dir, cases[i].id, g_kb, a, &sc, &err);
        char buf[1024];
        relok_error_format(&err, buf, sizeof buf);
        if (s == RELOK_OK)
            fail_msg("%s: loaded, expected an error", cases[i].id);
        if (strstr(err.source, cases[i].id) == NULL && strcmp(cases[i].id, "cycle-a") != 0)
            fail_msg("%s: error names %s", cases[i].id, buf);
        if (cases[i].line != 0 && err.line != cases[i].line)
            fail_msg("%s: line %u, expected %u (%s)", cases[i].id, err.line, cases[i].line, buf);
        if (strstr(err.path, cases[i].path) == NULL)
            fail_msg("%s: path '%s', expected '%s' (%s)", cases[i].id, err.path, cases[i].path, buf);
        if (strstr(err.msg, cases[i].msg) == NULL)
            fail_msg("%s: message '%s', expected '%s'", cases[i].id, err.msg, cases[i].msg);
        relok_arena_free(a);
    }
    /* The directory check reports every broken file. */
    size_t nfiles = 0;
    relok_error err = {0};
    assert_int_not_equal(relok_sim_scenario_check_dir(dir, g_kb, NULL, NULL, &nfiles, &err),
                         RELOK_OK);
    assert_true(nfiles >= 15);
}

static void test_shipped_scenarios_valid(void **state)
{
    (void)state;
    size_t nfiles = 0;
    relok_error err = {0};
    relok_status s = relok_sim_scenario_check_dir(scen_dir(), g_kb, NULL, NULL, &nfiles, &err);
    if (s != RELOK_OK) {
        char buf[1024];
        fail_msg("%s", relok_error_format(&err, buf, sizeof buf));
    }
    assert_true(nfiles >= 1);
}

/* The quantiles of an ensemble of more than 64 runs (the old stack buffer)
 * allocate nothing, so out of memory cannot turn them into zeros, as it did
 * (relok_sim_quantiles returned a row of zeros when its heap buffer failed).
 * The 70 runs are one short run copied, as MPI gathers runs into a widened
 * result: simulating 70 runs took seconds under valgrind. */
static void test_quantiles_of_many_runs_need_no_memory(void **state)
{
    (void)state;
    relok_sim_result *one = run("baseline", 300, D(2022, 3, 31), 1, false, NULL, NULL);
    relok_sim_result *r = NULL;
    int32_t *arrays[4];
    relok_error err = {0};
    assert_int_equal(relok__sim_result_widen(one, 70, &r, arrays, &err), RELOK_OK);
    size_t block = (size_t)one->n_days * one->n_places * SIM_M;
    for (uint32_t k = 1; k < r->n_runs; k++)
        memcpy(arrays[0] + k * block, one->counts, block * sizeof *arrays[0]);
    uint32_t last = r->n_days - 1;
    double want[3], got[3];
    relok_sim_quantiles(r, last, SIM_HOME, RELOK_SIM_M_STOCK, RELOK_SIM_DAILY, want);
    /* Every run is the same: each quantile is that run's count, in persons. */
    double home = relok_sim_count(one, 0, last, SIM_HOME, RELOK_SIM_M_STOCK) * one->scale;
    assert_true(home > 0);
    for (int k = 0; k < 3; k++)
        assert_true(fabs(want[k] - home) < 1e-6 * home);
    relok__alloc_fail_at(1);
    relok_sim_quantiles(r, last, SIM_HOME, RELOK_SIM_M_STOCK, RELOK_SIM_DAILY, got);
    bool failed = relok__alloc_failed() != 0;
    relok__alloc_fail_at(0);
    assert_false(failed);
    for (int k = 0; k < 3; k++)
        assert_true(got[k] == want[k]);
    /* The same for a flow's total over the run (the summary's and the CLI's
     * totals, which once had a heap buffer and a copy of their own): each
     * quantile is the one run's sum over its days, and needs no memory. */
    double all_arrivals = 0;
    for (size_t p = 0; p < r->n_places; p++) {
        double sum = 0;
        for (uint32_t d = 0; d < one->n_days; d++)
            sum += relok_sim_count(one, 0, d, p, RELOK_SIM_M_ARRIVALS);
        sum *= one->scale;
        all_arrivals += sum;
        relok__alloc_fail_at(1);
        relok_sim_total_quantiles(r, p, RELOK_SIM_M_ARRIVALS, got);
        failed = relok__alloc_failed() != 0;
        relok__alloc_fail_at(0);
        assert_false(failed);
        for (int k = 0; k < 3; k++)
            assert_true(fabs(got[k] - sum) <= 1e-9 * (sum + 1));
    }
    assert_true(all_arrivals > 0);
    relok_sim_result_free(r);
    relok_sim_result_free(one);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_splitmix_vectors),
        cmocka_unit_test(test_logit_by_hand),
        cmocka_unit_test(test_hazards_by_hand),
        cmocka_unit_test(test_baseline_loads),
        cmocka_unit_test(test_event_push_ban_pull),
        cmocka_unit_test(test_event_host_kinds),
        cmocka_unit_test(test_host_constant),
        cmocka_unit_test(test_event_rule_change),
        cmocka_unit_test(test_conservation),
        cmocka_unit_test(test_threads_identical),
        cmocka_unit_test(test_skip_equals_daily),
        cmocka_unit_test(test_replay_through_stay_engine),
        cmocka_unit_test(test_broken_scenarios),
        cmocka_unit_test(test_shipped_scenarios_valid),
        cmocka_unit_test(test_quantiles_of_many_runs_need_no_memory),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
