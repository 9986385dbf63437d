/* SPDX-License-Identifier: MIT */
/* The stay engine: table-driven cases for every rule kind (window edges,
 * leap days, same-day exit and re-entry, ongoing stays, past overstays, rule
 * changes, permits, counts_from, all_of, none, unknown), the published
 * worked examples of the EU short-stay calculator, and argument checks.
 * Every expected value below was computed by hand from the definitions in
 * include/relok/stay.h; the property test (test_stay_prop.c) checks the same
 * engine against a day-by-day reference on random logs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "relok/stay.h"
#include "relok/json.h"
#include "relok/tax.h"
#include "base/limits.h"
#include "stay/stay_int.h"
#include "stay_ref.h"
#include "stay_test_util.h"

/* ------------------------------------------------------------------ rules */

enum {
    R_ROLL_90_180,
    R_PE_365,
    R_PE_90,
    R_PE_90_GAP1,
    R_PE_90_GAP30,
    R_ANCH_30_60,
    R_CAL_183,
    R_HALF_90,
    R_UNK_90,
    R_UNK_90_180,
    R_NONE,
    R_ROLL_KZ_2023,  /* 90/180 counting from 2023-01-27 */
    R_TR,            /* Türkiye: all_of per_entry 60 + rolling 90/180 */
    R_ROLL_180_180,  /* never binds */
    TL_KZ,           /* per_entry 90 until 2023-01-26, then R_ROLL_KZ_2023 */
    TL_CHANGE_RETRO, /* per_entry 365 until 2023-06-30, rolling 90/180 after */
    TL_FROM_2025,    /* rolling 90/180 only from 2025-01-01 */
    R_COUNT_
};

static relok_rule rules[R_COUNT_];
static relok_rule tr_parts[2];
static relok_rule_span timelines[R_COUNT_][3];
static size_t n_spans[R_COUNT_];

static void single(int id, relok_rule r)
{
    rules[id] = r;
    timelines[id][0] = (relok_rule_span){RELOK_DAY_MIN, RELOK_DAY_MAX, &rules[id]};
    n_spans[id] = 1;
}

static int setup_rules(void **state)
{
    (void)state;
    single(R_ROLL_90_180, rule_of(RELOK_RULE_ROLLING, 90, 180, RULE_UNSET));
    single(R_PE_365, rule_of(RELOK_RULE_PER_ENTRY, 365, RULE_UNSET, RULE_UNSET));
    single(R_PE_90, rule_of(RELOK_RULE_PER_ENTRY, 90, RULE_UNSET, RULE_UNSET));
    single(R_PE_90_GAP1, rule_of(RELOK_RULE_PER_ENTRY, 90, RULE_UNSET, 1));
    single(R_PE_90_GAP30, rule_of(RELOK_RULE_PER_ENTRY, 90, RULE_UNSET, 30));
    single(R_ANCH_30_60, rule_of(RELOK_RULE_ANCHORED, 30, 60, RULE_UNSET));
    single(R_CAL_183, rule_of(RELOK_RULE_CALENDAR_YEAR, 183, RULE_UNSET, RULE_UNSET));
    single(R_HALF_90, rule_of(RELOK_RULE_HALF_YEAR, 90, RULE_UNSET, RULE_UNSET));
    single(R_UNK_90, rule_of(RELOK_RULE_UNKNOWN, 90, RULE_UNSET, RULE_UNSET));
    single(R_UNK_90_180, rule_of(RELOK_RULE_UNKNOWN, 90, 180, RULE_UNSET));
    single(R_NONE, rule_of(RELOK_RULE_NONE, RULE_UNSET, RULE_UNSET, RULE_UNSET));
    relok_rule kz = rule_of(RELOK_RULE_ROLLING, 90, 180, RULE_UNSET);
    kz.counts_from = sd("2023-01-27");
    single(R_ROLL_KZ_2023, kz);
    tr_parts[0] = rule_of(RELOK_RULE_PER_ENTRY, 60, RULE_UNSET, RULE_UNSET);
    tr_parts[1] = rule_of(RELOK_RULE_ROLLING, 90, 180, RULE_UNSET);
    relok_rule tr = rule_of(RELOK_RULE_ALL_OF, RULE_UNSET, RULE_UNSET, RULE_UNSET);
    tr.rules = tr_parts;
    tr.n_rules = 2;
    single(R_TR, tr);
    single(R_ROLL_180_180, rule_of(RELOK_RULE_ROLLING, 180, 180, RULE_UNSET));

    /* Kazakhstan for Russian visitors: 90 days per entry until the 2023
     * change, then 90 in any 180 counting only days from 27 January 2023
     * (DESIGN.md: the change is not retroactive; brief:VIII). */
    timelines[TL_KZ][0] = (relok_rule_span){RELOK_DAY_MIN, sd("2023-01-26"), &rules[R_PE_90]};
    timelines[TL_KZ][1] =
        (relok_rule_span){sd("2023-01-27"), RELOK_DAY_MAX, &rules[R_ROLL_KZ_2023]};
    n_spans[TL_KZ] = 2;
    timelines[TL_CHANGE_RETRO][0] =
        (relok_rule_span){RELOK_DAY_MIN, sd("2023-06-30"), &rules[R_PE_365]};
    timelines[TL_CHANGE_RETRO][1] =
        (relok_rule_span){sd("2023-07-01"), RELOK_DAY_MAX, &rules[R_ROLL_90_180]};
    n_spans[TL_CHANGE_RETRO] = 2;
    timelines[TL_FROM_2025][0] =
        (relok_rule_span){sd("2025-01-01"), RELOK_DAY_MAX, &rules[R_ROLL_90_180]};
    n_spans[TL_FROM_2025] = 1;
    return 0;
}

/* ------------------------------------------------------------------ cases */

typedef struct trip_lit {
    const char *cc, *entry, *exit; /* exit NULL: ongoing */
    int is_permit;
} trip_lit;

typedef struct expect {
    int32_t used, left;
    const char *first_over;  /* NULL: no overstay */
    int inside;
    const char *latest_exit; /* NULL: none */
    int unbounded;           /* latest_exit_unbounded or max_stay_unbounded */
    const char *reentry;     /* NULL: none */
    int32_t max_stay;        /* -1: none */
} expect;

typedef struct stay_case {
    const char *name;
    int rule;
    const char *check;
    trip_lit trips[6];
    expect want;
} stay_case;

#define NO NULL

static const stay_case cases[] = {
    /* rolling 90/180 ------------------------------------------------- */
    {"rolling counts the entry and the exit day", R_ROLL_90_180, "2024-01-10",
     {{"KZ", "2024-01-01", "2024-01-10", 0}},
     {10, 80, NO, 1, "2024-03-30", 0, "2024-01-11", 80}}, /* a departure: back next day */
    {"rolling window of day D starts on D-179", R_ROLL_90_180, "2023-06-29",
     {{"KZ", "2023-01-01", "2023-03-31", 0}},
     {90, 0, NO, 0, NO, 0, "2023-06-30", 90}},
    {"rolling window one day later drops the first day", R_ROLL_90_180, "2023-06-30",
     {{"KZ", "2023-01-01", "2023-03-31", 0}},
     {89, 1, NO, 0, NO, 0, "2023-06-30", 90}},
    {"rolling counts 29 February in a leap year", R_ROLL_90_180, "2024-03-01",
     {{"KZ", "2024-02-01", "2024-03-01", 0}},
     {30, 60, NO, 1, "2024-04-30", 0, "2024-03-02", 60}},
    {"rolling without a leap day", R_ROLL_90_180, "2023-03-01",
     {{"KZ", "2023-02-01", "2023-03-01", 0}},
     {29, 61, NO, 1, "2023-05-01", 0, "2023-03-02", 61}},
    {"rolling counts a same-day exit and re-entry once", R_ROLL_90_180, "2024-01-20",
     {{"KZ", "2024-01-01", "2024-01-10", 0}, {"KZ", "2024-01-10", NULL, 0}},
     {20, 70, NO, 1, "2024-03-30", 0, NO, -1}},
    {"rolling ongoing stay over the limit", R_ROLL_90_180, "2024-04-05",
     {{"KZ", "2024-01-01", NULL, 0}},
     {96, 0, "2024-03-31", 1, NO, 0, NO, -1}},
    {"rolling past overstay stays an overstay", R_ROLL_90_180, "2024-12-31",
     {{"KZ", "2024-01-01", "2024-04-05", 0}},
     {0, 90, "2024-03-31", 0, NO, 0, "2024-12-31", 90}},
    {"rolling with an empty log", R_ROLL_90_180, "2024-05-05", {{NULL, NULL, NULL, 0}},
     {0, 90, NO, 0, NO, 0, "2024-05-05", 90}},
    {"rolling limit never reached", R_ROLL_180_180, "2024-02-01",
     {{"KZ", "2024-01-01", NULL, 0}},
     {32, 148, NO, 1, NO, 1, NO, -1}},

    /* per_entry ------------------------------------------------------ */
    {"per_entry a year per entry (Georgia)", R_PE_365, "2023-12-31",
     {{"GE", "2023-01-01", NULL, 0}},
     {365, 0, NO, 1, "2023-12-31", 0, NO, -1}},
    {"per_entry a border run starts a new stay", R_PE_365, "2024-03-01",
     {{"GE", "2023-01-01", "2023-12-30", 0}, {"GE", "2023-12-31", NULL, 0}},
     {62, 303, NO, 1, "2024-12-29", 0, NO, -1}},
    {"per_entry same-day re-entry day belongs to the new stay", R_PE_90, "2023-03-20",
     {{"GE", "2023-01-01", "2023-03-01", 0}, {"GE", "2023-03-01", NULL, 0}},
     {20, 70, NO, 1, "2023-05-29", 0, NO, -1}},
    {"per_entry min_gap 1: a same-day re-entry continues the stay", R_PE_90_GAP1,
     "2023-03-20",
     {{"GE", "2023-01-01", "2023-03-01", 0}, {"GE", "2023-03-01", NULL, 0}},
     {79, 11, NO, 1, "2023-03-31", 0, NO, -1}},
    {"per_entry min_gap 1: next-day re-entry resets", R_PE_90_GAP1, "2023-03-20",
     {{"GE", "2023-01-01", "2023-03-01", 0}, {"GE", "2023-03-02", NULL, 0}},
     {19, 71, NO, 1, "2023-05-30", 0, NO, -1}},
    {"per_entry outside reports the last stay", R_PE_90, "2023-04-05",
     {{"GE", "2023-01-01", "2023-03-31", 0}},
     {90, 0, NO, 0, NO, 0, "2023-04-05", 90}},
    {"per_entry min_gap delays the re-entry", R_PE_90_GAP30, "2023-04-05",
     {{"GE", "2023-01-01", "2023-03-31", 0}},
     {90, 0, NO, 0, NO, 0, "2023-04-30", 90}},

    /* anchored 30 in 60 ------------------------------------------------ */
    {"anchored period runs from the first entry", R_ANCH_30_60, "2024-02-08",
     {{"BA", "2024-01-01", "2024-01-10", 0}, {"BA", "2024-01-20", "2024-02-08", 0}},
     {30, 0, NO, 1, "2024-02-08", 0, "2024-03-01", 30}}, /* next period from 1 March */
    {"anchored next period starts after the period ends", R_ANCH_30_60, "2024-02-10",
     {{"BA", "2024-01-01", "2024-01-10", 0}, {"BA", "2024-01-20", "2024-02-08", 0}},
     {30, 0, NO, 0, NO, 0, "2024-03-01", 30}},
    {"anchored overstay", R_ANCH_30_60, "2024-02-05", {{"BA", "2024-01-01", NULL, 0}},
     {36, 0, "2024-01-31", 1, NO, 0, NO, -1}},

    /* calendar periods --------------------------------------------------- */
    {"calendar_year resets on 1 January", R_CAL_183, "2023-12-31",
     {{"AE", "2023-07-02", NULL, 0}},
     {183, 0, NO, 1, "2024-07-01", 0, NO, -1}},
    {"half_year counts from 1 July", R_HALF_90, "2024-07-31",
     {{"AE", "2024-05-01", NULL, 0}},
     {31, 59, NO, 1, "2024-09-28", 0, NO, -1}},

    /* unknown and none -------------------------------------------------- */
    {"unknown without a window never resets", R_UNK_90, "2023-07-27",
     {{"UZ", "2023-01-01", "2023-02-01", 0}, {"UZ", "2023-06-01", NULL, 0}},
     {89, 1, NO, 1, "2023-07-28", 0, NO, -1}},
    {"unknown outside: one day left, ever", R_UNK_90, "2023-09-01",
     {{"UZ", "2023-01-01", "2023-02-01", 0}, {"UZ", "2023-06-01", "2023-07-27", 0}},
     {89, 1, NO, 0, NO, 0, "2023-09-01", 1}},
    {"unknown with a window counts as rolling", R_UNK_90_180, "2023-07-27",
     {{"UZ", "2023-01-01", "2023-02-01", 0}, {"UZ", "2023-06-01", NULL, 0}},
     {61, 29, NO, 1, "2023-08-29", 0, NO, -1}},
    {"none: every day is over the limit", R_NONE, "2024-03-05",
     {{"US", "2024-03-01", "2024-03-05", 0}},
     {5, 0, "2024-03-01", 1, NO, 0, NO, -1}},
    {"none: no lawful re-entry", R_NONE, "2024-04-01", {{"US", "2024-03-01", "2024-03-05", 0}},
     {5, 0, "2024-03-01", 0, NO, 0, NO, -1}},

    /* permits and counts_from ----------------------------------------- */
    {"permit days do not count", R_ROLL_90_180, "2024-06-30",
     {{"KZ", "2024-01-01", NULL, 0}, {"KZ", "2024-02-01", "2024-05-31", 1}},
     {59, 31, NO, 1, "2024-08-29", 0, NO, -1}},
    {"a permit valid past the check date extends the stay", R_PE_365, "2024-06-15",
     {{"GE", "2024-01-01", NULL, 0}, {"GE", "2024-03-01", "2024-12-31", 1}},
     {60, 305, NO, 1, "2025-11-01", 0, NO, -1}},
    {"counts_from ignores earlier days", R_ROLL_KZ_2023, "2023-04-26",
     {{"KZ", "2022-12-01", NULL, 0}},
     {90, 0, NO, 1, "2023-04-26", 0, NO, -1}},

    /* rule changes mid-history ------------------------------------------ */
    {"Kazakhstan: a border run before the change, 90/180 after", TL_KZ, "2023-04-25",
     {{"KZ", "2022-11-01", "2023-01-26", 0}, {"KZ", "2023-01-26", NULL, 0}},
     {89, 1, NO, 1, "2023-04-26", 0, NO, -1}},
    {"Kazakhstan: one stay across the change", TL_KZ, "2023-04-26",
     {{"KZ", "2022-11-01", NULL, 0}},
     {90, 0, NO, 1, "2023-04-26", 0, NO, -1}},
    {"Kazakhstan: overstay under the old rule stays", TL_KZ, "2023-02-15",
     {{"KZ", "2022-10-01", NULL, 0}},
     {20, 70, "2022-12-30", 1, "2023-04-26", 0, NO, -1}},
    {"a new rule without counts_from counts earlier days", TL_CHANGE_RETRO, "2023-07-01",
     {{"XK", "2023-03-01", NULL, 0}},
     {123, 0, "2023-07-01", 1, NO, 0, NO, -1}},
    {"days no rule covers are not judged", TL_FROM_2025, "2024-07-01",
     {{"RS", "2024-06-01", "2024-06-30", 0}},
     {-1, -1, NO, 0, NO, 0, "2024-07-01", 184}},

    /* all_of: Türkiye ----------------------------------------------------- */
    {"Türkiye: rolling part binds after a short break", R_TR, "2024-03-31",
     {{"TR", "2024-01-01", "2024-02-29", 0}, {"TR", "2024-03-02", NULL, 0}},
     {90, 0, NO, 1, "2024-03-31", 0, NO, -1}},
    {"Türkiye: per_entry part binds in a first stay", R_TR, "2024-01-20",
     {{"TR", "2024-01-01", NULL, 0}},
     {20, 40, NO, 1, "2024-02-29", 0, NO, -1}},
};

static void build_trips(const stay_case *c, relok_trip *out, size_t *n)
{
    *n = 0;
    for (size_t i = 0; i < sizeof c->trips / sizeof *c->trips && c->trips[i].cc != NULL; i++) {
        const trip_lit *t = &c->trips[i];
        out[(*n)++] = t->is_permit ? permit(t->cc, t->entry, t->exit)
                                   : visit(t->cc, t->entry, t->exit);
    }
}

static void expect_answer(const char *name, const relok_stay_answer *a, const expect *e)
{
    char b1[RELOK_DATE_BUF], b2[RELOK_DATE_BUF], b3[RELOK_DATE_BUF];
    bool ok = a->days_used == e->used && a->days_left == e->left &&
              a->overstay == (e->first_over != NULL) && a->first_overstay_day == sd(e->first_over) &&
              a->inside == (e->inside != 0) && a->latest_exit == sd(e->latest_exit) &&
              a->earliest_reentry == sd(e->reentry) &&
              a->max_stay_if_entering == e->max_stay &&
              (a->latest_exit_unbounded || a->max_stay_unbounded) == (e->unbounded != 0);
    if (!ok) {
        print_error("case '%s':\n  got  used=%d left=%d over=%s inside=%d latest=%s "
                    "unb=%d/%d reentry=%s max=%d\n",
                    name, a->days_used, a->days_left,
                    relok_date_format(a->first_overstay_day, b1), a->inside,
                    relok_date_format(a->latest_exit, b2), a->latest_exit_unbounded,
                    a->max_stay_unbounded, relok_date_format(a->earliest_reentry, b3),
                    a->max_stay_if_entering);
        print_error("  want used=%d left=%d over=%s inside=%d latest=%s unb=%d reentry=%s "
                    "max=%d\n",
                    e->used, e->left, e->first_over ? e->first_over : "-", e->inside,
                    e->latest_exit ? e->latest_exit : "-", e->unbounded,
                    e->reentry ? e->reentry : "-", e->max_stay);
    }
    assert_true(ok);
}

/* Evaluate with the engine and with the reference; both must agree with the
 * hand-computed answer. */
static void run_case(const stay_case *c, relok_stay_answer *out)
{
    relok_trip trips[6];
    size_t n;
    build_trips(c, trips, &n);
    relok_error err = {0};
    relok_stay_answer a;
    relok_status rc = relok_stay_eval(timelines[c->rule], n_spans[c->rule], trips, n,
                                      sd(c->check), &a, &err);
    if (rc != RELOK_OK)
        print_error("case '%s': %s\n", c->name, err.msg);
    assert_int_equal(rc, RELOK_OK);
    expect_answer(c->name, &a, &c->want);
    relok_stay_answer r;
    assert_int_equal(ref_stay_eval(timelines[c->rule], n_spans[c->rule], trips, n,
                                   sd(c->check), RELOK_MAX_HORIZON_DAYS, &r),
                     0);
    expect_answer(c->name, &r, &c->want);
    if (out != NULL)
        *out = a;
}

static void test_stay_table_of_hand_computed_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        run_case(&cases[i], NULL);
}

static const stay_case *find_case(const char *name)
{
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        if (strcmp(cases[i].name, name) == 0)
            return &cases[i];
    fail_msg("no case '%s'", name);
    return NULL;
}

static void test_stay_flags_unknown_none_and_all_of_parts(void **state)
{
    (void)state;
    relok_stay_answer a;
    run_case(find_case("unknown without a window never resets"), &a);
    assert_true(a.is_unknown_rule);
    assert_false(a.no_stay_allowed);
    run_case(find_case("none: every day is over the limit"), &a);
    assert_true(a.no_stay_allowed);
    assert_false(a.is_unknown_rule);
    assert_int_equal(a.n_parts, 0);

    run_case(find_case("Türkiye: rolling part binds after a short break"), &a);
    assert_true(a.is_all_of);
    assert_int_equal(a.n_parts, 2);
    assert_int_equal(a.parts[0].kind, RELOK_RULE_PER_ENTRY);
    assert_int_equal(a.parts[0].max_days, 60);
    assert_int_equal(a.parts[0].days_used, 30);
    assert_int_equal(a.parts[0].days_left, 30);
    assert_int_equal(a.parts[1].kind, RELOK_RULE_ROLLING);
    assert_int_equal(a.parts[1].days_used, 90);
    assert_int_equal(a.parts[1].days_left, 0);

    run_case(find_case("Türkiye: per_entry part binds in a first stay"), &a);
    assert_int_equal(a.parts[0].days_used, 20);
    assert_int_equal(a.parts[0].days_left, 40);
    assert_int_equal(a.parts[1].days_used, 20);
    assert_int_equal(a.parts[1].days_left, 70);
}

/* --------------------------------------------- published worked examples */

/* Examples published by the Swiss State Secretariat for Migration (SEM) for
 * the European Commission's short-stay calculator ("Aufenthaltsrechner"),
 * pages last modified 01.12.2014:
 *   https://www.sem.admin.ch/sem/en/home/themen/einreise/aufenthaltsrechner/bsp-N.html
 *   (German: .../sem/de/home/themen/einreise/aufenthaltsrechner/bsp-N.html)
 * The figures asserted are the ones the pages state; the other fields follow
 * from the same rule and are asserted as hand-computed (marked "ours").
 * Example 3 is not reproduced: the stored copy of its table is garbled
 * (entry dates missing or in the wrong year) and its stated result cannot be
 * reconstructed without guessing. */
static void sem_eval(const relok_trip *t, size_t n, const char *check, relok_stay_answer *a)
{
    relok_error err = {0};
    relok_status rc = relok_stay_eval(timelines[R_ROLL_90_180], 1, t, n, sd(check), a, &err);
    if (rc != RELOK_OK)
        print_error("%s\n", err.msg);
    assert_int_equal(rc, RELOK_OK);
}

static void test_stay_sem_example_1_legal_stay(void **state)
{
    (void)state;
    /* SEM example 1 (bsp-1): entry 15.08.2014, checked at departure on
     * 30.09.2014: 47 days used; returning on 01.01.2015 the person may stay
     * up to 90 days. */
    relok_trip t[] = {visit("CH", "2014-08-15", "2014-09-30")};
    relok_stay_answer a;
    sem_eval(t, 1, "2014-09-30", &a);
    assert_int_equal(a.days_used, 47);
    assert_false(a.overstay);
    assert_int_equal(a.days_left, 43);                   /* ours */
    assert_int_equal(a.latest_exit, sd("2014-11-12"));   /* ours */
    sem_eval(t, 1, "2015-01-01", &a);
    assert_false(a.inside);
    assert_int_equal(a.earliest_reentry, sd("2015-01-01"));
    assert_int_equal(a.max_stay_if_entering, 90);
}

static void test_stay_sem_example_2_legal_stay(void **state)
{
    (void)state;
    /* SEM example 2 (bsp-2): 15.08.2014-30.09.2014 and 01.11.2014-30.11.2014,
     * checked at departure on 30.11.2014: both stays legal; a stay would
     * have been possible until 13.12.2014. */
    relok_trip t[] = {visit("CH", "2014-08-15", "2014-09-30"),
                      visit("CH", "2014-11-01", "2014-11-30")};
    relok_stay_answer a;
    sem_eval(t, 2, "2014-11-30", &a);
    assert_false(a.overstay);
    assert_int_equal(a.latest_exit, sd("2014-12-13"));
    assert_int_equal(a.days_used, 77); /* ours: 47 + 30 */
    assert_int_equal(a.days_left, 13); /* ours */
}

static void test_stay_sem_example_4_multiple_entries(void **state)
{
    (void)state;
    /* SEM example 4 (bsp-4): 01.06.2013-13.07.2013, 15.08.2013-30.09.2013,
     * 01.01.2014-30.01.2014, checked at departure on 30.01.2014: legal; the
     * person could have stayed until 31.03.2014. (The page drops the June
     * stay because it lies outside the 180-day period; the engine keeps the
     * whole log and must still agree.) */
    relok_trip t[] = {visit("CH", "2013-06-01", "2013-07-13"),
                      visit("CH", "2013-08-15", "2013-09-30"),
                      visit("CH", "2014-01-01", "2014-01-30")};
    relok_stay_answer a;
    sem_eval(t, 3, "2014-01-30", &a);
    assert_false(a.overstay);
    assert_int_equal(a.latest_exit, sd("2014-03-31"));
    assert_int_equal(a.days_used, 77); /* ours: 47 + 30 in [04.08.2013, 30.01.2014] */
}

static void test_stay_sem_example_5_short_overstay_and_return(void **state)
{
    (void)state;
    /* SEM example 5 (bsp-5): 01.09.2013-30.09.2013, 21.02.2014-20.04.2014,
     * 01.05.2014-09.06.2014: at departure on 09.06.2014 the person has
     * overstayed by 9 days; returning on 30.08.2014 they may stay up to 50
     * days. */
    relok_trip t[] = {visit("CH", "2013-09-01", "2013-09-30"),
                      visit("CH", "2014-02-21", "2014-04-20"),
                      visit("CH", "2014-05-01", "2014-06-09")};
    relok_stay_answer a;
    sem_eval(t, 3, "2014-06-09", &a);
    assert_true(a.overstay);
    assert_int_equal(a.days_used - 90, 9);
    assert_int_equal(a.first_overstay_day, sd("2014-06-01")); /* ours: 9 days, 1-9 June */
    assert_int_equal(a.latest_exit, RELOK_DAY_NONE);
    sem_eval(t, 3, "2014-08-30", &a);
    assert_true(a.overstay); /* the past overstay is not forgotten */
    assert_int_equal(a.earliest_reentry, sd("2014-08-30"));
    assert_int_equal(a.max_stay_if_entering, 50);
}

static void test_stay_sem_example_6_long_overstay(void **state)
{
    (void)state;
    /* SEM example 6 (bsp-6): 28.06.2013-09.08.2013 and an entry on
     * 19.09.2013, checked at departure on 01.03.2014: an overstay of 74 days
     * within the 180-day period 03.09.2013-01.03.2014. */
    relok_trip t[] = {visit("CH", "2013-06-28", "2013-08-09"), visit("CH", "2013-09-19", NULL)};
    relok_stay_answer a;
    sem_eval(t, 2, "2014-03-01", &a);
    assert_true(a.overstay);
    assert_int_equal(a.days_used - 90, 74);
    assert_int_equal(a.days_left, 0);
    assert_int_equal(a.first_overstay_day, sd("2013-11-05")); /* ours */
    assert_int_equal(a.latest_exit, RELOK_DAY_NONE);
}

static void test_stay_eu_decision_example_via_why180(void **state)
{
    (void)state;
    /* Secondary source: "An entry day count is not a whole trip answer"
     * (dev.to/nekoautomata, on the why180 tool) quotes this example from an
     * official EU decision, which we could not read in the stored corpus:
     * 19-21 April 2014 (3 days) and 18 June-11 September 2014 (86 days):
     * 89 days on 11 September. */
    relok_trip t[] = {visit("FR", "2014-04-19", "2014-04-21"),
                      visit("FR", "2014-06-18", "2014-09-11")};
    relok_stay_answer a;
    sem_eval(t, 2, "2014-09-11", &a);
    assert_int_equal(a.days_used, 89);
    assert_false(a.overstay);
}

/* ------------------------------------------------------------ arguments */

static void test_stay_rejects_broken_preconditions(void **state)
{
    (void)state;
    const relok_rule_span *tl = timelines[R_ROLL_90_180];
    relok_stay_answer a;
    memset(&a, 0x5a, sizeof a);
    relok_stay_answer before = a;
    relok_error err = {0};
    relok_trip overlap[] = {visit("GE", "2024-01-01", "2024-01-10"),
                            visit("GE", "2024-01-09", "2024-01-20")};
    assert_int_equal(relok_stay_eval(tl, 1, overlap, 2, sd("2024-02-01"), &a, &err),
                     RELOK_EINVAL);
    assert_non_null(strstr(err.msg, "overlap"));
    assert_memory_equal(&a, &before, sizeof a); /* untouched on failure */

    relok_trip late_exit[] = {visit("GE", "2024-01-01", "2024-03-01")};
    assert_int_equal(relok_stay_eval(tl, 1, late_exit, 1, sd("2024-02-01"), &a, NULL),
                     RELOK_EINVAL);
    relok_trip late_entry[] = {visit("GE", "2024-03-01", NULL)};
    assert_int_equal(relok_stay_eval(tl, 1, late_entry, 1, sd("2024-02-01"), &a, NULL),
                     RELOK_EINVAL);
    relok_trip backwards[] = {visit("GE", "2024-01-10", "2024-01-01")};
    assert_int_equal(relok_stay_eval(tl, 1, backwards, 1, sd("2024-02-01"), &a, NULL),
                     RELOK_EINVAL);
    relok_trip bad_status[] = {visit("GE", "2024-01-01", "2024-01-02")};
    bad_status[0].status = (relok_trip_status)7;
    assert_int_equal(relok_stay_eval(tl, 1, bad_status, 1, sd("2024-02-01"), &a, NULL),
                     RELOK_EINVAL);
    assert_int_equal(relok_stay_eval(tl, 0, NULL, 0, sd("2024-02-01"), &a, NULL), RELOK_EINVAL);
    assert_int_equal(relok_stay_eval(tl, 1, NULL, 1, sd("2024-02-01"), &a, NULL), RELOK_EINVAL);

    relok_rule no_window = rule_of(RELOK_RULE_ROLLING, 90, RULE_UNSET, RULE_UNSET);
    relok_rule_span s1 = {RELOK_DAY_MIN, RELOK_DAY_MAX, &no_window};
    relok_error_clear(&err);
    assert_int_equal(relok_stay_eval(&s1, 1, NULL, 0, sd("2024-02-01"), &a, &err), RELOK_EINVAL);
    assert_non_null(strstr(err.msg, "window_days"));
    relok_rule_span two[2] = {{RELOK_DAY_MIN, sd("2024-01-10"), &rules[R_PE_90]},
                              {sd("2024-01-10"), RELOK_DAY_MAX, &rules[R_PE_90]}};
    assert_int_equal(relok_stay_eval(two, 2, NULL, 0, sd("2024-02-01"), &a, NULL),
                     RELOK_EINVAL);
    relok_rule empty_all = rule_of(RELOK_RULE_ALL_OF, RULE_UNSET, RULE_UNSET, RULE_UNSET);
    relok_rule_span s2 = {RELOK_DAY_MIN, RELOK_DAY_MAX, &empty_all};
    assert_int_equal(relok_stay_eval(&s2, 1, NULL, 0, sd("2024-02-01"), &a, NULL), RELOK_EINVAL);
    assert_memory_equal(&a, &before, sizeof a);
}

static void test_stay_accepts_shared_boundary_and_zone_overlaps(void **state)
{
    (void)state;
    const relok_rule_span *tl = timelines[R_ROLL_90_180];
    relok_stay_answer a;
    relok_trip touch[] = {visit("GE", "2024-01-01", "2024-01-10"),
                          visit("GE", "2024-01-10", "2024-01-20")};
    assert_int_equal(relok_stay_eval(tl, 1, touch, 2, sd("2024-01-20"), &a, NULL), RELOK_OK);
    assert_int_equal(a.days_used, 20);
    /* Two members of one zone: France then Germany, overlapping; the union
     * counts (DESIGN.md: presence is the union of trips). */
    relok_trip zone[] = {visit("FR", "2024-01-01", "2024-01-10"),
                         visit("DE", "2024-01-05", "2024-01-20")};
    assert_int_equal(relok_stay_eval(tl, 1, zone, 2, sd("2024-01-25"), &a, NULL), RELOK_OK);
    assert_int_equal(a.days_used, 20);
    assert_false(a.inside);
    /* Permits may be recorded with an expiry after the check date. */
    relok_trip p[] = {visit("GE", "2024-01-01", NULL), permit("GE", "2024-01-05", "2026-01-01")};
    assert_int_equal(relok_stay_eval(tl, 1, p, 2, sd("2024-01-25"), &a, NULL), RELOK_OK);
    assert_int_equal(a.days_used, 4);
}

static void test_stay_many_trips_use_the_heap_path(void **state)
{
    (void)state;
    /* 2000 one-day visits every other day: past the engine's stack buffer. */
    enum { N = 2000 };
    static relok_trip t[N];
    relok_day d = sd("2015-01-01");
    for (size_t i = 0; i < N; i++) {
        t[i] = visit("KZ", "2015-01-01", "2015-01-01");
        t[i].entry = t[i].exit = d + (relok_day)(2 * i);
    }
    relok_day check = d + 2 * N;
    relok_stay_answer a, r;
    assert_int_equal(relok_stay_eval(timelines[R_ROLL_90_180], 1, t, N, check, &a, NULL),
                     RELOK_OK);
    assert_int_equal(a.days_used, 89); /* every other day of the 179 before the check */
    assert_int_equal(ref_stay_eval(timelines[R_ROLL_90_180], 1, t, N, check,
                                   RELOK_MAX_HORIZON_DAYS, &r),
                     0);
    assert_int_equal(a.days_used, r.days_used);
    assert_int_equal(a.earliest_reentry, r.earliest_reentry);
    assert_int_equal(a.max_stay_if_entering, r.max_stay_if_entering);
}

/* ------------------------------------------------------------ iCalendar */

/* A strict RFC 5545 check of what relok_stay_ics writes: CRLF only, physical
 * lines of at most 75 octets, folds that never split a UTF-8 sequence,
 * balanced BEGIN/END with VCALENDAR outermost, VERSION and PRODID, and in
 * every VEVENT one UID, one DTSTAMP (UTC date-time) and one all-day
 * DTSTART; in every VALARM an ACTION, a TRIGGER and a DESCRIPTION. Returns
 * the number of VEVENTs, or -1 (with a message) when invalid. */
static int ics_validate(const char *ics, char *first_start, size_t cap)
{
    char un[16384];
    size_t k = 0;
    for (const char *p = ics; *p != '\0';) {
        const char *e = strstr(p, "\r\n");
        if (e == NULL || memchr(p, '\n', (size_t)(e - p)) != NULL) {
            print_error("ics: a line does not end in CRLF\n");
            return -1;
        }
        if (e - p > 75) {
            print_error("ics: a physical line of %d octets\n", (int)(e - p));
            return -1;
        }
        if (*p == ' ') {
            if (k == 0 || ((unsigned char)p[1] & 0xC0) == 0x80) {
                print_error("ics: a fold splits a UTF-8 sequence or starts the file\n");
                return -1;
            }
            k--; /* undo the '\n' of the folded line */
            p++;
        }
        if (k + (size_t)(e - p) + 2 > sizeof un)
            return -1;
        memcpy(un + k, p, (size_t)(e - p));
        k += (size_t)(e - p);
        un[k++] = '\n';
        p = e + 2;
    }
    un[k] = '\0';
    char stack[8][16];
    int depth = 0, events = 0, uid = 0, stamp = 0, start = 0, action = 0, trigger = 0, desc = 0;
    bool version = false, prodid = false;
    first_start[0] = '\0';
    char *next = un;
    for (char *line = un; *next != '\0'; line = next) {
        char *nl = strchr(line, '\n');
        *nl = '\0'; /* every unfolded line ends in '\n' */
        next = nl + 1;
        if (strncmp(line, "BEGIN:", 6) == 0) {
            if (depth == 8 || (depth == 0 && strcmp(line + 6, "VCALENDAR") != 0))
                return -1;
            snprintf(stack[depth++], sizeof stack[0], "%s", line + 6);
            if (strcmp(line + 6, "VEVENT") == 0)
                uid = stamp = start = 0;
            if (strcmp(line + 6, "VALARM") == 0)
                action = trigger = desc = 0;
        } else if (strncmp(line, "END:", 4) == 0) {
            if (depth == 0 || strcmp(stack[depth - 1], line + 4) != 0) {
                print_error("ics: END:%s does not close BEGIN\n", line + 4);
                return -1;
            }
            depth--;
            if (strcmp(line + 4, "VEVENT") == 0) {
                if (uid != 1 || stamp != 1 || start != 1) {
                    print_error("ics: VEVENT needs one UID, DTSTAMP and DTSTART\n");
                    return -1;
                }
                events++;
            }
            if (strcmp(line + 4, "VALARM") == 0 && (action != 1 || trigger != 1 || desc != 1)) {
                print_error("ics: VALARM needs ACTION, TRIGGER and DESCRIPTION\n");
                return -1;
            }
        } else if (depth == 1 && strcmp(line, "VERSION:2.0") == 0) {
            version = true;
        } else if (depth == 1 && strncmp(line, "PRODID:", 7) == 0) {
            prodid = true;
        } else if (strncmp(line, "UID:", 4) == 0) {
            uid++;
        } else if (strncmp(line, "DTSTAMP:", 8) == 0) {
            const char *v = line + 8;
            bool ok = strlen(v) == 16 && v[8] == 'T' && v[15] == 'Z';
            for (int j = 0; ok && j < 15; j++)
                ok = j == 8 || (v[j] >= '0' && v[j] <= '9');
            if (!ok)
                return -1;
            stamp++;
        } else if (strncmp(line, "DTSTART;VALUE=DATE:", 19) == 0) {
            if (strlen(line + 19) != 8)
                return -1;
            if (first_start[0] == '\0')
                snprintf(first_start, cap, "%s", line + 19);
            start++;
        } else if (strncmp(line, "ACTION:", 7) == 0) {
            action++;
        } else if (strncmp(line, "TRIGGER:", 8) == 0) {
            trigger++;
        } else if (strncmp(line, "DESCRIPTION:", 12) == 0) {
            desc++;
        }
    }
    if (depth != 0 || !version || !prodid) {
        print_error("ics: unbalanced, or no VERSION/PRODID\n");
        return -1;
    }
    return events;
}

/* Inside Kazakhstan on 2024-03-15 under 90/180 since 1 January: the last
 * lawful day is 30 March; a second row outside with re-entry 1 June; in
 * Russian the summaries are long enough to fold. */
static void test_stay_ics_is_valid_icalendar(void **state)
{
    (void)state;
    relok_stay_row rows[2];
    memset(rows, 0, sizeof rows);
    memcpy(rows[0].country, "KZ", 3);
    rows[0].has_answer = true;
    rows[0].answer.inside = true;
    rows[0].answer.latest_exit = sd("2024-03-30");
    rows[0].answer.earliest_reentry = RELOK_DAY_NONE;
    memcpy(rows[1].country, "GE", 3);
    rows[1].has_answer = true;
    rows[1].answer.latest_exit = RELOK_DAY_NONE;
    rows[1].answer.earliest_reentry = sd("2024-06-01");
    for (int lang = 0; lang < 2; lang++) {
        char *ics = NULL, first[16];
        assert_int_equal(relok_stay_ics(rows, 2, NULL, 0, sd("2024-03-15"), 3, (relok_lang)lang,
                                        &ics, NULL),
                         RELOK_OK);
        assert_int_equal(ics_validate(ics, first, sizeof first), 2);
        assert_string_equal(first, "20240330");
        assert_non_null(strstr(ics, "TRIGGER:-P3D\r\n"));
        assert_non_null(strstr(ics, "DTSTAMP:20240315T000000Z\r\n"));
        if (lang == 1)
            assert_non_null(strstr(ics, "\r\n ")); /* folded */
        relok_stay_ics_free(ics);
    }
    /* The validator itself refuses a bare LF and an over-long line. */
    char first[16];
    assert_int_equal(ics_validate("BEGIN:VCALENDAR\nEND:VCALENDAR\r\n", first, sizeof first), -1);
    char long_line[200];
    memset(long_line, 'x', sizeof long_line);
    memcpy(long_line + 100, "\r\n", 3);
    assert_int_equal(ics_validate(long_line, first, sizeof first), -1);
}

/* ------------------------------------------------------------ tax counter */

/* Hand-computed: the 12 months ending on a day start the day after the
 * same date a year before, clamped to the month's end. */
static void test_tax_window_start(void **state)
{
    (void)state;
    assert_int_equal(relok_tax_window_start(sd("2024-12-31")), sd("2024-01-01"));
    assert_int_equal(relok_tax_window_start(sd("2024-03-01")), sd("2023-03-02"));
    assert_int_equal(relok_tax_window_start(sd("2024-02-29")), sd("2023-03-01"));
    assert_int_equal(relok_tax_window_start(sd("2025-02-28")), sd("2024-02-29"));
    assert_int_equal(relok_tax_window_start(sd("2024-01-15")), sd("2023-01-16"));
}

/* A window across a year end with a leap day: in Russia 1 Sep 2023 .. 1 Mar
 * 2024 = 30 + 31 + 30 + 31 (122, 2023) + 31 + 29 + 1 (61, 2024) = 183 days,
 * all in the 12 months 2023-03-02 .. 2024-03-01: resident from 1 March,
 * and only thanks to 29 February (a day earlier the count was 182). */
static void test_tax_year_end_and_leap_day(void **state)
{
    (void)state;
    relok_trip t[1] = {visit("RU", "2023-09-01", "2024-03-01")};
    relok_arena *a = relok_arena_new(0);
    relok_tax_report r;
    assert_int_equal(relok_tax_count(t, 1, sd("2024-03-01"), a, &r, NULL), RELOK_OK);
    assert_int_equal(r.window_from, sd("2023-03-02"));
    assert_string_equal(r.rows[0].country, "RU");
    assert_int_equal(r.rows[0].days_12m, 183);
    assert_int_equal(r.rows[0].days_year, 61);
    assert_true(r.ru_resident);
    assert_int_equal(r.unrecorded_12m, 366 - 183);
    assert_int_equal(r.n_changes, 1);
    assert_int_equal(r.changes[0].day, sd("2024-03-01"));
    assert_true(r.changes[0].resident);
    /* Without the leap day (the same dates a year later): 182, not met. */
    relok_trip u[1] = {visit("RU", "2024-09-01", "2025-03-01")};
    assert_int_equal(relok_tax_count(u, 1, sd("2025-03-01"), a, &r, NULL), RELOK_OK);
    assert_int_equal(r.rows[0].days_12m, 122 + 31 + 28 + 1);
    assert_false(r.ru_resident);
    relok_arena_free(a);
}

/* Leaving Russia: 1 Jan .. 2 Jul 2023 is 181 + 2 = 183 days (met on 2 July);
 * on 1 January 2024 the 12 months start on 2 January 2023, so 182 (no longer
 * met). By 2 July 2024 the 12 months (2023-07-03 ..) hold 366 days, all in
 * Georgia. */
static void test_tax_status_changes(void **state)
{
    (void)state;
    relok_trip t[2] = {visit("RU", "2023-01-01", "2023-07-02"), visit("GE", "2023-07-03", NULL)};
    relok_arena *a = relok_arena_new(0);
    relok_tax_report r;
    assert_int_equal(relok_tax_count(t, 2, sd("2024-07-02"), a, &r, NULL), RELOK_OK);
    assert_int_equal(r.n_changes, 2);
    assert_int_equal(r.changes[0].day, sd("2023-07-02"));
    assert_int_equal(r.changes[0].days, 183);
    assert_true(r.changes[0].resident);
    assert_int_equal(r.changes[1].day, sd("2024-01-01"));
    assert_int_equal(r.changes[1].days, 182);
    assert_false(r.changes[1].resident);
    assert_int_equal(r.n_rows, 2);
    assert_int_equal(r.rows[0].days_12m, 0);
    assert_string_equal(r.rows[1].country, "GE");
    assert_int_equal(r.rows[1].days_12m, 366);
    assert_int_equal(r.rows[1].days_year, 184);
    assert_int_equal(r.unrecorded_12m, 0);
    relok_arena_free(a);
}

/* Hosts' rules (tax_rules.c). Kazakhstan counts any 12 months: 1 Oct 2023
 * .. 31 Mar 2024 = 31 + 30 + 31 (92, 2023) + 31 + 29 + 31 (91, 2024) = 183,
 * met on 31 March across the year end and only with 29 February. Armenia
 * counts the calendar year: the same trip gives 91 days of 2024, not met. */
static void test_tax_host_rules_year_end_and_leap_day(void **state)
{
    (void)state;
    relok_trip t[1] = {visit("KZ", "2023-10-01", "2024-03-31")};
    relok_arena *a = relok_arena_new(0);
    relok_tax_report r;
    assert_int_equal(relok_tax_count(t, 1, sd("2024-03-31"), a, &r, NULL), RELOK_OK);
    assert_int_equal(r.n_rows, 2); /* RU always, then KZ */
    const relok_tax_row *kz = &r.rows[1];
    assert_string_equal(kz->country, "KZ");
    assert_non_null(kz->rule);
    assert_int_equal(kz->rule->period, RELOK_TAX_MONTHS_12);
    assert_int_equal(kz->days_counted, 183);
    assert_true(kz->resident);
    assert_int_equal(kz->met_in_year, sd("2024-03-31"));
    assert_int_equal(kz->n_changes, 1);
    assert_int_equal(kz->changes[0].day, sd("2024-03-31"));
    assert_false(r.rows[0].resident); /* no day in Russia */
    assert_non_null(r.rows[0].rule);

    relok_trip u[1] = {visit("AM", "2023-10-01", "2024-03-31")};
    assert_int_equal(relok_tax_count(u, 1, sd("2024-03-31"), a, &r, NULL), RELOK_OK);
    const relok_tax_row *am = &r.rows[1];
    assert_int_equal(am->rule->period, RELOK_TAX_CALENDAR_YEAR);
    assert_int_equal(am->days_counted, 91);
    assert_int_equal(am->days_12m, 183);
    assert_false(am->resident);
    assert_int_equal(am->met_in_year, RELOK_DAY_NONE);
    assert_int_equal(am->n_changes, 0);
    relok_arena_free(a);
}

/* Armenia's calendar year: from 1 January 2024 the 183rd day is 1 July
 * (31 + 29 + 31 + 30 + 31 + 30 = 182, + 1); on 1 January 2025 the count
 * starts again (1 day). Over the 12 months ending 10 January 2025
 * (2024-01-11 ..) all 366 days were in Armenia. A country with no
 * recorded rule gets days only. */
static void test_tax_calendar_year_restarts_and_unruled_host(void **state)
{
    (void)state;
    relok_trip t[2] = {visit("AM", "2024-01-01", "2025-01-10"),
                       visit("TR", "2025-01-11", "2025-01-12")};
    relok_arena *a = relok_arena_new(0);
    relok_tax_report r;
    assert_int_equal(relok_tax_count(t, 2, sd("2025-01-12"), a, &r, NULL), RELOK_OK);
    const relok_tax_row *am = &r.rows[1];
    assert_int_equal(am->n_changes, 2);
    assert_int_equal(am->changes[0].day, sd("2024-07-01"));
    assert_int_equal(am->changes[0].days, 183);
    assert_true(am->changes[0].resident);
    assert_int_equal(am->changes[1].day, sd("2025-01-01"));
    assert_int_equal(am->changes[1].days, 1);
    assert_false(am->changes[1].resident);
    assert_int_equal(am->days_counted, 10);
    assert_int_equal(am->days_12m, 366 - 12 + 10);
    const relok_tax_row *tr = &r.rows[2];
    assert_string_equal(tr->country, "TR");
    assert_null(tr->rule);
    assert_int_equal(tr->days_counted, -1);
    assert_int_equal(tr->n_changes, 0);
    assert_int_equal(tr->days_year, 2);
    /* Every rule names its law and a source we read. */
    size_t n = 0;
    const relok_tax_rule *rs = relok_tax_rules(&n);
    assert_true(n >= 5);
    for (size_t i = 0; i < n; i++) {
        assert_non_null(strstr(rs[i].url, "http"));
        assert_string_equal(rs[i].read, "2026-12-06");
        assert_int_equal(rs[i].min_days, 183);
        assert_true(rs[i].law_en[0] != '\0' && rs[i].law_ru[0] != '\0');
    }
    assert_null(relok_tax_rule_of("TR"));
    /* The JSON carries the notice and each test. */
    char *json = NULL;
    assert_int_equal(relok_tax_json(&r, 0, &json, NULL), RELOK_OK);
    assert_non_null(strstr(json, "\"notice\":{\"en\":\"This is a counter"));
    assert_non_null(strstr(json, "\"period\":\"calendar_year\""));
    assert_non_null(strstr(json, "{\"date\":\"2024-07-01\",\"resident\":true,\"days\":183}"));
    relok_json_free(json);
    relok_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stay_table_of_hand_computed_cases),
        cmocka_unit_test(test_stay_flags_unknown_none_and_all_of_parts),
        cmocka_unit_test(test_stay_sem_example_1_legal_stay),
        cmocka_unit_test(test_stay_sem_example_2_legal_stay),
        cmocka_unit_test(test_stay_sem_example_4_multiple_entries),
        cmocka_unit_test(test_stay_sem_example_5_short_overstay_and_return),
        cmocka_unit_test(test_stay_sem_example_6_long_overstay),
        cmocka_unit_test(test_stay_eu_decision_example_via_why180),
        cmocka_unit_test(test_stay_rejects_broken_preconditions),
        cmocka_unit_test(test_stay_accepts_shared_boundary_and_zone_overlaps),
        cmocka_unit_test(test_stay_many_trips_use_the_heap_path),
        cmocka_unit_test(test_stay_ics_is_valid_icalendar),
        cmocka_unit_test(test_tax_window_start),
        cmocka_unit_test(test_tax_year_end_and_leap_day),
        cmocka_unit_test(test_tax_status_changes),
        cmocka_unit_test(test_tax_host_rules_year_end_and_leap_day),
        cmocka_unit_test(test_tax_calendar_year_restarts_and_unruled_host),
    };
    return cmocka_run_group_tests(tests, setup_rules, NULL);
}
