/* SPDX-License-Identifier: MIT */
/* bench_stay [KB_DIR] [RUNS]: median time for the stay engine to evaluate a
 * 10-year trip log of 500 trips against every country of the knowledge base
 * (bucket the trips by area, take each country's rule timeline for a Russian
 * passport holder, answer for the last day of the log), and the same work
 * done by the day-by-day reference of the tests, with the ratio. The two
 * must agree on every answer; the bench says so. Prints figures only. */
#include "bench.h"
#include "relok/relok.h"
#include "stay_ref.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { N_TRIPS = 500, MAX_COUNTRIES = 256, MAX_VERSIONS = 16 };

/* splitmix64, as in the tests (rand is banned). */
static uint64_t rng_state = 20240101;

static uint64_t next64(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static int32_t pick(int32_t lo, int32_t hi)
{
    return lo + (int32_t)(next64() % (uint64_t)(hi - lo + 1));
}

/* A relokant's decade: a home country per year or so, border runs and
 * trips to the other KB countries, one trip after another (a same-day
 * change of country shares the day); a few permits at home. */
static size_t make_log(const relok_kb *kb, relok_day start, relok_day check, relok_trip *t)
{
    size_t nc = relok_kb_n_countries(kb), n = 0;
    relok_day cur = start;
    const relok_country *home = relok_kb_country_at(kb, (size_t)pick(0, (int32_t)nc - 1));
    while (n < N_TRIPS - 3 && cur <= check) {
        if (pick(0, 99) < 8)
            home = relok_kb_country_at(kb, (size_t)pick(0, (int32_t)nc - 1));
        const relok_country *c =
            pick(0, 99) < 55 ? home : relok_kb_country_at(kb, (size_t)pick(0, (int32_t)nc - 1));
        relok_trip *x = &t[n++];
        memset(x, 0, sizeof *x);
        memcpy(x->country, c->code, 3);
        x->entry = cur;
        x->exit = cur + pick(0, 11);
        x->status = RELOK_TRIP_VISIT;
        x->line = (unsigned)n;
        if (x->exit >= check) {
            x->exit = RELOK_DAY_NONE;
            break;
        }
        cur = x->exit + pick(0, 2);
    }
    for (int k = 0; k < 3 && n < N_TRIPS; k++) {
        relok_trip *x = &t[n++];
        memset(x, 0, sizeof *x);
        memcpy(x->country, home->code, 3);
        x->entry = start + pick(0, check - start);
        x->exit = x->entry + pick(30, 200);
        x->status = RELOK_TRIP_PERMIT;
        x->line = (unsigned)n;
    }
    return n;
}

typedef struct plan_item {
    const relok_country *c;
    relok_rule_span spans[MAX_VERSIONS];
    size_t n_spans;
    size_t members[MAX_COUNTRIES]; /* country indexes in the same area */
    size_t n_members;
} plan_item;

typedef struct bench_ctx {
    const relok_kb *kb;
    size_t nc;
    plan_item *items;
    const relok_trip *log;
    size_t n_log;
    relok_day check;
    /* scratch */
    relok_trip *bucket[MAX_COUNTRIES];
    size_t n_bucket[MAX_COUNTRIES];
    relok_trip *subset;
    relok_stay_answer *answers;
} bench_ctx;

/* Untimed: each country's timeline and the members of its area. */
static int prepare(bench_ctx *b)
{
    for (size_t i = 0; i < b->nc; i++) {
        plan_item *it = &b->items[i];
        it->c = relok_kb_country_at(b->kb, i);
        const relok_stay_rule *v[MAX_VERSIONS];
        size_t nv = relok_kb_stay_versions(b->kb, it->c, "RU", RELOK_DOC_PASSPORT, v, MAX_VERSIONS);
        it->n_spans = 0;
        for (size_t k = 0; k < nv && k < MAX_VERSIONS; k++)
            it->spans[it->n_spans++] =
                (relok_rule_span){v[k]->fact.from, v[k]->fact.to, &v[k]->rule};
        it->n_members = 0;
        for (size_t j = 0; j < b->nc; j++)
            if (relok_kb_same_area(b->kb, it->c, relok_kb_country_at(b->kb, j), b->check))
                it->members[it->n_members++] = j;
    }
    return 0;
}

/* Timed: bucket the log by country, gather each area's trips, evaluate. */
static int run_engine(bench_ctx *b, size_t *n_eval)
{
    size_t idx[26 * 26];
    for (size_t i = 0; i < 26 * 26; i++)
        idx[i] = b->nc;
    for (size_t i = 0; i < b->nc; i++) {
        const char *cc = b->items[i].c->code;
        idx[(cc[0] - 'A') * 26 + (cc[1] - 'A')] = i;
        b->n_bucket[i] = 0;
    }
    for (size_t k = 0; k < b->n_log; k++) {
        const char *cc = b->log[k].country;
        size_t i = idx[(cc[0] - 'A') * 26 + (cc[1] - 'A')];
        if (i < b->nc)
            b->bucket[i][b->n_bucket[i]++] = b->log[k];
    }
    *n_eval = 0;
    for (size_t i = 0; i < b->nc; i++) {
        const plan_item *it = &b->items[i];
        if (it->n_spans == 0)
            continue;
        size_t n = 0;
        for (size_t m = 0; m < it->n_members; m++) {
            size_t j = it->members[m];
            memcpy(b->subset + n, b->bucket[j], b->n_bucket[j] * sizeof *b->subset);
            n += b->n_bucket[j];
        }
        relok_error err = {0};
        if (relok_stay_eval(it->spans, it->n_spans, b->subset, n, b->check, &b->answers[i],
                            &err) != RELOK_OK) {
            fprintf(stderr, "bench_stay: %s: %s\n", it->c->code, err.msg);
            return -1;
        }
        (*n_eval)++;
    }
    return 0;
}

static int run_reference(bench_ctx *b, relok_stay_answer *ref, int *mismatch)
{
    *mismatch = 0;
    for (size_t i = 0; i < b->nc; i++) {
        const plan_item *it = &b->items[i];
        if (it->n_spans == 0)
            continue;
        size_t n = 0;
        for (size_t k = 0; k < b->n_log; k++)
            for (size_t m = 0; m < it->n_members; m++)
                if (memcmp(b->log[k].country, relok_kb_country_at(b->kb, it->members[m])->code,
                           2) == 0)
                    b->subset[n++] = b->log[k];
        if (ref_stay_eval(it->spans, it->n_spans, b->subset, n, b->check, 7305, &ref[i]) != 0)
            return -1;
        const relok_stay_answer *a = &b->answers[i], *r = &ref[i];
        if (a->days_used != r->days_used || a->days_left != r->days_left ||
            a->first_overstay_day != r->first_overstay_day || a->latest_exit != r->latest_exit ||
            a->earliest_reentry != r->earliest_reentry ||
            a->max_stay_if_entering != r->max_stay_if_entering ||
            a->latest_exit_unbounded != r->latest_exit_unbounded ||
            a->max_stay_unbounded != r->max_stay_unbounded) {
            fprintf(stderr, "bench_stay: engine and reference disagree for %s\n", it->c->code);
            (*mismatch)++;
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    char def[4096];
    const char *dir = argc > 1 ? argv[1] : NULL;
    if (dir == NULL) {
        if (relok_kb_default_dir(def, sizeof def) != RELOK_OK) {
            fprintf(stderr, "bench_stay: no knowledge base found; pass a directory\n");
            return 2;
        }
        dir = def;
    }
    int runs = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 2001;
    if (runs < 1)
        runs = 1;
    relok_kb *kb = NULL;
    relok_error err = {0};
    if (relok_kb_load(dir, &kb, NULL, &err) != RELOK_OK) {
        char buf[1024];
        fprintf(stderr, "bench_stay: %s\n", relok_error_format(&err, buf, sizeof buf));
        return 3;
    }
    bench_ctx b;
    memset(&b, 0, sizeof b);
    b.kb = kb;
    b.nc = relok_kb_n_countries(kb);
    if (b.nc > MAX_COUNTRIES)
        b.nc = MAX_COUNTRIES;
    relok_day start, check;
    relok_date_from_ymd(2015, 1, 1, &start, NULL);
    relok_date_from_ymd(2024, 12, 31, &check, NULL);
    b.check = check;
    relok_trip *log = calloc(N_TRIPS, sizeof *log);
    b.items = calloc(b.nc, sizeof *b.items);
    b.subset = calloc(N_TRIPS, sizeof *b.subset);
    b.answers = calloc(b.nc, sizeof *b.answers);
    relok_stay_answer *ref = calloc(b.nc, sizeof *ref);
    double *t = calloc((size_t)runs, sizeof *t);
    int rc = 5;
    if (log == NULL || b.items == NULL || b.subset == NULL || b.answers == NULL || ref == NULL ||
        t == NULL)
        goto out;
    for (size_t i = 0; i < b.nc; i++) {
        b.bucket[i] = calloc(N_TRIPS, sizeof *b.bucket[i]);
        if (b.bucket[i] == NULL)
            goto out;
    }
    b.n_log = make_log(kb, start, check, log);
    b.log = log;
    prepare(&b);

    size_t n_eval = 0, with_trips = 0;
    for (int i = 0; i < runs; i++) {
        double t0 = bench_now_us();
        if (run_engine(&b, &n_eval) != 0) {
            rc = 3;
            goto out;
        }
        t[i] = bench_now_us() - t0;
    }
    double med = bench_median(t, (size_t)runs); /* sorts t: t[0] is the minimum */
    double min = t[0];
    for (size_t i = 0; i < b.nc; i++)
        with_trips += b.items[i].n_spans > 0 && b.n_bucket[i] > 0;

    int ref_runs = 5, mismatch = 0;
    double rt[5];
    for (int i = 0; i < ref_runs; i++) {
        double t0 = bench_now_us();
        if (run_reference(&b, ref, &mismatch) != 0) {
            rc = 5;
            goto out;
        }
        rt[i] = bench_now_us() - t0;
    }
    double rmed = bench_median(rt, (size_t)ref_runs);
    printf("stay: KB %s: %zu countries, %zu with a stay rule evaluated, %zu visited\n", dir,
           b.nc, n_eval, with_trips);
    printf("stay: log of %zu trips over 10 years (2015-01-01..2024-12-31), check 2024-12-31\n",
           b.n_log);
    printf("stay: engine    median %8.2f us, min %.2f us over %d runs (bucket + %zu "
           "evaluations)\n",
           med, min, runs, n_eval);
    printf("stay: reference median %8.2f us over %d runs (day by day)\n", rmed, ref_runs);
    printf("stay: ratio %.0fx; engine and reference %s\n", rmed / med,
           mismatch == 0 ? "agree on every country" : "DISAGREE");
    rc = mismatch == 0 ? 0 : 1;
out:
    for (size_t i = 0; i < b.nc; i++)
        free(b.bucket[i]);
    free(log);
    free(b.items);
    free(b.subset);
    free(b.answers);
    free(ref);
    free(t);
    relok_kb_free(kb);
    return rc;
}
