/* SPDX-License-Identifier: MIT */
/* The simulator's day loop. Each day: a serial phase computes the day's
 * destination weights and hazards from yesterday's stocks (host feedback),
 * then every thread steps its own slice of agents, then the counts are
 * summed in a fixed order. Agents draw from counter-based streams keyed by
 * (seed, run, agent, day, purpose), and never read each other within a
 * day, so the output is bit-identical at any thread count. Home agents are
 * not visited daily: their departure day is drawn once by inverting the
 * cumulative push hazard (exactly the distribution of daily Bernoulli
 * draws; tests/unit/test_sim.c compares both). Engine layer; docs/sim.md. */
#include "sim_int.h"

#include "base/alloc_int.h"
#include "base/error_int.h"

#include <pthread.h>
#include <string.h>

double relok__sim_host_const(const relok__sim_params *p, const char *code)
{
    for (unsigned i = 0; i < p->n_host_const; i++)
        if (strcmp(p->host_const_code[i], code) == 0)
            return p->host_const[i];
    return 0;
}

void relok__sim_set_host_const(relok__sim_params *p, const char *code, double v)
{
    unsigned i = 0;
    while (i < p->n_host_const && strcmp(p->host_const_code[i], code) != 0)
        i++;
    if (i == SIM_MAX_HOST_CONST)
        return; /* the catalogue in fit.c is checked against the cap at compile time */
    if (i == p->n_host_const) {
        memcpy(p->host_const_code[i], code, 2); /* ISO 3166 alpha-2 */
        p->host_const_code[i][2] = '\0';
        p->n_host_const++;
    }
    p->host_const[i] = v;
}

void relok__sim_params_default(relok__sim_params *p)
{
    /* Every value: docs/sim.md, "Parameters" (unit, default, source). */
    static const double share[SIM_G] = {0.20, 0.30, 0.20, 0.05, 0.25};
    static const double pass[SIM_G] = {0.90, 0.60, 0.70, 0.80, 0.50};
    static const double sav[SIM_G] = {15000, 4000, 8000, 5000, 3000};
    static const double inc[SIM_G] = {3000, 800, 1500, 1000, 700};
    static const double push[SIM_G] = {0.00012, 0.00008, 0.00006, 0.00020, 0.00004};
    memset(p, 0, sizeof *p);
    memcpy(p->group_share, share, sizeof share);
    memcpy(p->passport_share, pass, sizeof pass);
    memcpy(p->savings_usd, sav, sizeof sav);
    memcpy(p->income_usd, inc, sizeof inc);
    memcpy(p->push_base, push, sizeof push);
    p->savings_sigma = 0.8;
    p->tie_share = 0.3;
    p->releave_factor = 0.3;
    p->b_stay = 1.0;
    p->b_cost = -0.5;
    p->b_society = -0.3;
    p->b_stability = -0.3;
    p->b_safety = -0.5;
    p->b_opportunity = 0.5;
    p->b_land = 1.0;
    p->b_network = 0.4;
    p->b_tie = 2.0;
    p->network_unit = 1000;
    p->onward_base = 1.0 / 730;
    p->return_base = 1.0 / 1095;
    p->return_broke = 4.0;
    p->permit_hazard_factor = 0.5;
    p->overstay_return = 3.0;
    p->flee_factor = 20.0;
    p->u_permit = 1.0;
    p->u_border_run = 0.5;
    p->u_onward = 0.0;
    p->u_return = -0.5;
    p->u_overstay = -3.0;
    p->housing_kappa = 0.5;
    p->attitude_lambda = 0.5;
    p->capacity = 100000;
    p->onward_housing = 0.5;
    p->onward_attitude = 0.5;
}

int relok__sim_logit_pick(const double *u, const bool *avail, size_t n, double u01,
                          double *out_probs)
{
    double mx = -1e300, sum = 0, w[16];
    if (n > 16)
        return -1;
    for (size_t k = 0; k < n; k++)
        if (avail[k] && u[k] > mx)
            mx = u[k];
    for (size_t k = 0; k < n; k++) {
        w[k] = avail[k] ? exp(u[k] - mx) : 0.0;
        sum += w[k];
    }
    if (sum <= 0)
        return -1;
    int pick = -1;
    double acc = 0, target = u01 * sum;
    for (size_t k = 0; k < n; k++) {
        if (out_probs != NULL)
            out_probs[k] = w[k] / sum;
        if (w[k] > 0) {
            acc += w[k];
            if (pick < 0 && target < acc)
                pick = (int)k;
        }
    }
    if (pick < 0)
        for (size_t k = n; k-- > 0;)
            if (w[k] > 0) {
                pick = (int)k;
                break;
            }
    return pick;
}

double relok__sim_onward_factor(const relok__sim_params *P, double H, double A, double stab)
{
    return exp(P->onward_housing * (H - 1.0) - P->onward_attitude * (A + stab));
}

double relok__sim_p_onward(const relok__sim_params *P, double onward_factor, bool extradition,
                           unsigned status)
{
    double on = P->onward_base * onward_factor * (extradition ? P->flee_factor : 1.0);
    if (status == ST_PERMIT)
        on *= P->permit_hazard_factor;
    return 1.0 - exp(-on);
}

void relok__sim_p_return(const relok__sim_params *P, double return_mult, unsigned status,
                         double out_p_return[2])
{
    double ret = P->return_base * return_mult;
    if (status == ST_PERMIT)
        ret *= P->permit_hazard_factor;
    else if (status == ST_OVERSTAY)
        ret *= P->overstay_return;
    out_p_return[0] = 1.0 - exp(-ret);
    out_p_return[1] = 1.0 - exp(-(ret * P->return_broke));
}

void relok__sim_hazards(const relok__sim_params *P, double H, double A, double stab,
                        bool extradition, double return_mult, unsigned status, bool broke,
                        double *out_p_onward, double *out_p_return)
{
    double ret[2];
    *out_p_onward = relok__sim_p_onward(P, relok__sim_onward_factor(P, H, A, stab), extradition,
                                        status);
    relok__sim_p_return(P, return_mult, status, ret);
    *out_p_return = ret[broke];
}

/* Purposes of draws (the low 3 bits of the counter). */
enum { P_SCHEDULE = 0, P_HAZARD = 1, P_DEST = 2, P_DECIDE = 3, P_INIT = 4, P_INIT2 = 5 };

typedef struct sim sim;

typedef struct worker {
    sim *S;
    unsigned id;
    uint32_t a0, a1;              /* agents [a0, a1) */
    uint32_t *active;             /* agents not at home (all in step_daily mode) */
    size_t n_active, cap_active;
    int32_t *cal;                 /* departure calendar heads per day (-1 none) */
    int32_t *cnt;                 /* today's [place][metric] */
    int32_t *first;               /* today's first departures by destination */
    int32_t *cohort;              /* [host][dest] this run */
    int32_t *cohort_n;            /* [host] */
    int64_t n_home;
    bool oom;
    pthread_t thread;
    char pad[64]; /* keeps one thread's counters off the next one's cache line */
} worker;

struct sim {
    const relok__sim_tables *T;
    const relok__sim_params *P;
    const relok_sim_opts *O;
    relok__sim_agent *agents;     /* this process's agents [lo, hi) */
    uint32_t n_agents;            /* all agents, over every process */
    uint32_t lo, hi;
    int32_t *xbuf;                /* partition: the day's counts, packed for part_sum */
    size_t nh, np;
    uint64_t key;                 /* this run's stream key */
    uint32_t t;                   /* today (offset) */
    uint32_t month;
    /* Today's derived values, filled by the serial phase. */
    double *w;                    /* [g][d][c] destination weights (exp utility) */
    double *p_on;                 /* [c][g][status] onward probability */
    double *p_ret;                /* [g][status][broke] return probability (the same in
                                   * every host) */
    float *dsav;                  /* [c][g] savings change per day, USD */
    double *u_ret;                /* [g] return utility at a deadline */
    int32_t *stock;               /* yesterday's stock per place */
    int32_t *counts, *first, *cohort, *cohort_n; /* the result's arrays */
    double tie_w;
    unsigned n_threads;
    worker *workers;
};

/* ----------------------------------------------------------- one agent */

/* Agents keep their global index (their streams are keyed by it); a process
 * of a partitioned run holds only its slice [lo, hi). */
static inline relok__sim_agent *agent_of(const sim *S, uint64_t i)
{
    return &S->agents[i - S->lo];
}

static void trace(worker *W, uint32_t i, char kind, size_t c, relok_sim_move mv)
{
    const sim *S = W->S;
    if (S->O->trace_cb == NULL || S->O->trace_every == 0 || i % S->O->trace_every != 0)
        return;
    const relok__sim_agent *a = agent_of(S, i);
    relok_sim_trace tr = {.agent = i, .day = S->T->start + (relok_day)S->t, .kind = kind,
                          .move = mv, .doc = a->doc ? RELOK_DOC_PASSPORT : RELOK_DOC_INTERNAL_ID,
                          .group = (relok_sim_group)a->group};
    memcpy(tr.host, S->T->codes[c], 3);
    S->O->trace_cb(&tr, S->O->trace_ud);
}

static void push_active(worker *W, uint32_t i)
{
    if (W->n_active == W->cap_active) {
        size_t cap = W->cap_active == 0 ? 1024 : W->cap_active * 2;
        uint32_t *bigger = relok__mallocarray(W->active, cap, sizeof *bigger);
        if (bigger == NULL) {
            W->oom = true;
            return;
        }
        W->active = bigger;
        W->cap_active = cap;
    }
    W->active[W->n_active++] = i;
}

/* Draw the departure day of a home agent from day t0 on: the first day t
 * with cumulative push hazard over [t0, t] >= E, E exponential (scaled by
 * the re-leave factor after a return). Links it into the calendar. */
static void schedule(worker *W, uint32_t i, uint32_t t0)
{
    const sim *S = W->S;
    const relok__sim_tables *T = S->T;
    relok__sim_agent *a = agent_of(S, i);
    if (S->O->step_daily || t0 >= T->n_days)
        return;
    double e = -log(relok__sim_u01(relok__sim_draw(S->key, i, t0, P_SCHEDULE)));
    if ((a->flags & FL_RETURNED) != 0)
        e /= S->P->releave_factor;
    const double *cum = T->push_cum + (size_t)a->group * T->n_days;
    double base = (t0 > 0 ? cum[t0 - 1] : 0.0) + e;
    if (cum[T->n_days - 1] < base)
        return; /* not before the horizon */
    uint32_t lo = t0, hi = T->n_days - 1;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (cum[mid] >= base)
            hi = mid;
        else
            lo = mid + 1;
    }
    a->next = W->cal[lo];
    W->cal[lo] = (int32_t)i;
}

/* Pick a destination for agent a leaving `from` (0 = home) today; 0 when
 * none is open. */
static size_t pick_dest(const sim *S, uint32_t i, const relok__sim_agent *a, size_t from)
{
    const double *w = S->w + ((size_t)a->group * SIM_D + a->doc) * S->np;
    uint64_t skip = a->visited;
    if (from != 0)
        skip |= UINT64_C(1) << S->T->area[from];
    double sum = 0;
    for (size_t c = 1; c <= S->nh; c++)
        if (w[c] > 0 && (skip & (UINT64_C(1) << S->T->area[c])) == 0)
            sum += c == a->tie ? w[c] * S->tie_w : w[c];
    if (sum <= 0)
        return 0;
    double target = relok__sim_u01(relok__sim_draw(S->key, i, S->t, P_DEST)) * sum, acc = 0;
    size_t last = 0;
    for (size_t c = 1; c <= S->nh; c++) {
        if (w[c] <= 0 || (skip & (UINT64_C(1) << S->T->area[c])) != 0)
            continue;
        acc += c == a->tie ? w[c] * S->tie_w : w[c];
        last = c;
        if (target < acc)
            return c;
    }
    return last;
}

static void leave(worker *W, uint32_t i, relok__sim_agent *a, size_t to, uint32_t arrive,
                  relok_sim_move mv)
{
    sim *S = W->S;
    size_t from = a->place;
    int32_t *row = W->cnt + from * SIM_M;
    if (from != SIM_HOME) {
        row[mv == RELOK_SIM_MOVE_ONWARD   ? RELOK_SIM_M_ONWARD
            : mv == RELOK_SIM_MOVE_RETURN ? RELOK_SIM_M_RETURN
                                          : RELOK_SIM_M_BORDER_RUN]++;
        trace(W, i, 'D', from, mv);
        relok_day today = S->T->start + (relok_day)S->t;
        const relok_sim_opts *O = S->O;
        if (mv != RELOK_SIM_MOVE_BORDER_RUN && today <= O->cohort_by) {
            relok_day arrived = S->T->start + a->arrived;
            if (arrived >= O->cohort_from && arrived <= O->cohort_to)
                W->cohort[from * S->np + to]++;
        }
    } else {
        row[RELOK_SIM_M_ONWARD]++;
        W->n_home--;
        if ((a->flags & FL_LEFT) == 0) {
            W->first[to]++;
            a->first_host = (uint8_t)to;
            a->flags |= FL_LEFT;
        }
    }
    if (mv == RELOK_SIM_MOVE_BORDER_RUN)
        a->flags |= FL_BORDER_RUN;
    else
        a->flags &= (uint8_t)~FL_BORDER_RUN;
    a->place = (uint8_t)(S->nh + 1);
    a->target = (uint8_t)to;
    a->day = (int32_t)arrive;
}

static void decide(worker *W, uint32_t i, relok__sim_agent *a, size_t c);

static void arrive(worker *W, uint32_t i, relok__sim_agent *a)
{
    sim *S = W->S;
    const relok__sim_tables *T = S->T;
    size_t c = a->target;
    uint32_t t = S->t;
    if (c == SIM_HOME) {
        a->place = SIM_HOME;
        a->status = ST_VISITOR;
        a->flags |= FL_RETURNED;
        W->cnt[SIM_HOME * SIM_M + RELOK_SIM_M_ARRIVALS]++;
        W->n_home++;
        if (!S->O->step_daily)
            schedule(W, i, t + 1);
        return;
    }
    size_t k = relok__sim_cdt(T, c, a->doc, t);
    int32_t last = T->lfresh[k];
    a->place = (uint8_t)c;
    a->status = ST_VISITOR;
    if ((a->flags & FL_BORDER_RUN) != 0) {
        /* A new stay only while every rule resets: stop before the first
         * day whose rule would count the earlier stays. */
        int32_t nr = T->next_nonreset[k];
        if (nr != RELOK_DAY_MAX && nr - 1 < last)
            last = nr - 1;
    } else {
        a->arrived = (int32_t)t;
        a->visited |= UINT64_C(1) << T->area[c];
        W->cnt[c * SIM_M + RELOK_SIM_M_ARRIVALS]++;
    }
    trace(W, i, 'A', c, RELOK_SIM_MOVE_ONWARD);
    size_t kp = ((c * SIM_G + a->group) * SIM_D + a->doc) * T->n_days + t;
    if (T->pathway_open[kp] && !T->admit[k]) {
        a->status = ST_PERMIT; /* came on the scenario's pathway */
        trace(W, i, 'P', c, RELOK_SIM_MOVE_ONWARD);
        a->day = RELOK_DAY_MAX;
        return;
    }
    a->day = last == RELOK_DAY_MAX ? RELOK_DAY_MAX : last - T->start;
    if (a->day <= (int32_t)t)
        decide(W, i, a, c); /* a one-day stay: choose on the day of arrival */
}

/* Is re-entry after a border run from c on day t lawful and resetting? */
static bool border_run_ok(const sim *S, const relok__sim_agent *a, size_t c, uint32_t *out_back)
{
    const relok__sim_tables *T = S->T;
    int8_t gap = T->reset_gap[relok__sim_cdt(T, c, a->doc, S->t)];
    if (gap < 1)
        return false;
    uint32_t back = S->t + (uint32_t)gap;
    *out_back = back;
    if (back >= T->n_days)
        return true; /* after the horizon: not simulated */
    size_t kb = relok__sim_cdt(T, c, a->doc, back);
    return T->admit[kb] && T->reset_gap[kb] >= 1 && T->reset_gap[kb] <= gap &&
           !T->blocked[relok__sim_cgt(T, c, a->group, back)];
}

static void decide(worker *W, uint32_t i, relok__sim_agent *a, size_t c)
{
    sim *S = W->S;
    const relok__sim_tables *T = S->T;
    const relok__sim_params *P = S->P;
    uint32_t nm = relok__sim_n_months(T);
    double thr = T->permit_usd[((c * SIM_G + a->group) * SIM_D + a->doc) * nm + S->month];
    uint32_t back = 0;
    size_t dest = pick_dest(S, i, a, c);
    double u[5] = {P->u_permit, P->u_border_run, P->u_onward, S->u_ret[a->group], P->u_overstay};
    bool ok[5] = {thr >= 0 && (double)a->savings >= thr, border_run_ok(S, a, c, &back), dest != 0, true,
                  true};
    double x = relok__sim_u01(relok__sim_draw(S->key, i, S->t, P_DECIDE));
    switch (relok__sim_logit_pick(u, ok, 5, x, NULL)) {
    case 0:
        a->status = ST_PERMIT;
        a->day = RELOK_DAY_MAX;
        trace(W, i, 'P', c, RELOK_SIM_MOVE_ONWARD);
        break;
    case 1: leave(W, i, a, c, back, RELOK_SIM_MOVE_BORDER_RUN); break;
    case 2: leave(W, i, a, dest, S->t + 1, RELOK_SIM_MOVE_ONWARD); break;
    case 3: leave(W, i, a, SIM_HOME, S->t + 1, RELOK_SIM_MOVE_RETURN); break;
    default:
        a->status = ST_OVERSTAY;
        a->day = RELOK_DAY_MAX;
        trace(W, i, 'O', c, RELOK_SIM_MOVE_ONWARD);
        break;
    }
}

static void step_host(worker *W, uint32_t i, relok__sim_agent *a)
{
    sim *S = W->S;
    size_t c = a->place;
    a->savings += S->dsav[c * SIM_G + a->group];
    if (a->status == ST_VISITOR && a->day <= (int32_t)S->t) {
        decide(W, i, a, c);
        return;
    }
    size_t k = (c * SIM_G + a->group) * 3 + a->status;
    double p_on = S->p_on[k];
    double p_ret = S->p_ret[((size_t)a->group * 3 + a->status) * 2 + (a->savings < 0)];
    double x = relok__sim_u01(relok__sim_draw(S->key, i, S->t, P_HAZARD));
    if (x < p_on) {
        size_t dest = pick_dest(S, i, a, c);
        if (dest != 0)
            leave(W, i, a, dest, S->t + 1, RELOK_SIM_MOVE_ONWARD);
    } else if (x < p_on + p_ret) {
        leave(W, i, a, SIM_HOME, S->t + 1, RELOK_SIM_MOVE_RETURN);
    }
}

/* A home agent's departure attempt today. */
static void depart(worker *W, uint32_t i, relok__sim_agent *a)
{
    size_t dest = pick_dest(W->S, i, a, SIM_HOME);
    if (dest == 0) {
        schedule(W, i, W->S->t + 1); /* nowhere open: try again later */
        return;
    }
    leave(W, i, a, dest, W->S->t + 1, RELOK_SIM_MOVE_ONWARD);
    if (!W->S->O->step_daily)
        push_active(W, i);
}

static void count(worker *W, const relok__sim_agent *a)
{
    int32_t *row = W->cnt + (size_t)a->place * SIM_M;
    if (a->place == SIM_HOME)
        return; /* home stock comes from n_home */
    row[RELOK_SIM_M_STOCK]++;
    if (a->place == W->S->nh + 1)
        return;
    row[a->doc ? RELOK_SIM_M_DOC_PASSPORT : RELOK_SIM_M_DOC_INTERNAL]++;
    row[RELOK_SIM_M_G_IT + a->group]++;
    if (a->status == ST_OVERSTAY)
        row[RELOK_SIM_M_OVERSTAY]++;
    else if (a->status == ST_PERMIT)
        row[RELOK_SIM_M_PERMIT]++;
}

static void step_worker(worker *W)
{
    sim *S = W->S;
    uint32_t t = S->t;
    memset(W->cnt, 0, S->np * SIM_M * sizeof *W->cnt);
    memset(W->first, 0, S->np * sizeof *W->first);
    size_t keep = 0;
    for (size_t j = 0; j < W->n_active; j++) {
        uint32_t i = W->active[j];
        relok__sim_agent *a = agent_of(S, i);
        if (a->place == S->nh + 1) {
            if (a->day == (int32_t)t)
                arrive(W, i, a);
        } else if (a->place != SIM_HOME) {
            step_host(W, i, a);
        } else if (S->O->step_daily) {
            double p = 1.0 - exp(-S->T->push[(size_t)a->group * S->T->n_days + t] *
                                 ((a->flags & FL_RETURNED) ? S->P->releave_factor : 1.0));
            if (relok__sim_u01(relok__sim_draw(S->key, i, t, P_SCHEDULE)) < p)
                depart(W, i, a);
        }
        if (a->place != SIM_HOME || S->O->step_daily)
            W->active[keep++] = i;
        count(W, a);
    }
    W->n_active = keep;
    if (!S->O->step_daily)
        for (int32_t i = W->cal[t]; i >= 0;) {
            relok__sim_agent *a = agent_of(S, i);
            int32_t next = a->next;
            depart(W, (uint32_t)i, a);
            if (a->place != SIM_HOME)
                count(W, a);
            i = next;
        }
    W->cnt[SIM_HOME * SIM_M + RELOK_SIM_M_STOCK] = (int32_t)W->n_home;
}

static void *worker_main(void *ud)
{
    step_worker(ud);
    return NULL;
}

/* Step every slice for today: threads 1.. start afresh each day (a day is
 * long enough for the cost not to matter) and thread 0 is the caller; a
 * slice whose thread cannot start runs on the caller, so the result never
 * depends on how many threads ran. */
static void step_all(sim *S)
{
    bool started[256] = {false};
    for (unsigned w = 1; w < S->n_threads; w++)
        started[w] = pthread_create(&S->workers[w].thread, NULL, worker_main,
                                    &S->workers[w]) == 0;
    step_worker(&S->workers[0]);
    for (unsigned w = 1; w < S->n_threads; w++) {
        if (started[w])
            pthread_join(S->workers[w].thread, NULL);
        else
            step_worker(&S->workers[w]);
    }
}

/* ------------------------------------------------------- serial phases */

static void init_agents(sim *S, worker *W)
{
    const relok__sim_params *P = S->P;
    for (uint32_t i = W->a0; i < W->a1; i++) {
        relok__sim_agent *a = agent_of(S, i);
        memset(a, 0, sizeof *a);
        a->next = -1;
        uint64_t x = relok__sim_draw(S->key, i, 0, P_INIT);
        double u = relok__sim_u01(x), acc = 0;
        a->group = SIM_G - 1;
        for (unsigned g = 0; g < SIM_G; g++) {
            acc += P->group_share[g];
            if (u < acc) {
                a->group = (uint8_t)g;
                break;
            }
        }
        uint64_t y = relok__sim_draw(S->key, i, 1, P_INIT);
        a->doc = relok__sim_u01(y) < P->passport_share[a->group];
        /* Savings: log-normal around the group's median (Box-Muller). */
        double u1 = relok__sim_u01(relok__sim_draw(S->key, i, 2, P_INIT));
        double u2 = relok__sim_u01(relok__sim_draw(S->key, i, 3, P_INIT));
        double z = sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
        a->savings = (float)(P->savings_usd[a->group] * exp(P->savings_sigma * z));
        double v = relok__sim_u01(relok__sim_draw(S->key, i, 4, P_INIT));
        if (v < P->tie_share && S->nh > 0)
            a->tie = (uint8_t)(1 + (size_t)(v / P->tie_share * (double)S->nh) % S->nh);
        a->place = SIM_HOME;
        W->n_home++;
        if (S->O->step_daily)
            push_active(W, i);
        else
            schedule(W, i, 0);
    }
}

static void serial_phase(sim *S)
{
    const relok__sim_tables *T = S->T;
    const relok__sim_params *P = S->P;
    uint32_t t = S->t, nd = T->n_days, nm = relok__sim_n_months(T);
    uint32_t ta = t + 1 < nd ? t + 1 : t; /* arrival day */
    S->month = relok__sim_month(T, t);
    double scale = S->O->scale;
    for (unsigned g = 0; g < SIM_G; g++)
        for (unsigned st = 0; st < 3; st++)
            relok__sim_p_return(P, T->return_mult[(size_t)g * nd + t], st,
                                &S->p_ret[((size_t)g * 3 + st) * 2]);
    for (size_t c = 1; c <= S->nh; c++) {
        double persons = (double)S->stock[c] * scale;
        double load = persons / P->capacity;
        double H = 1.0 + P->housing_kappa * load;
        double A = -P->attitude_lambda * load +
                   T->shock[(c * RELOK_SIM_SHOCK_COUNT_ + RELOK_SIM_SHOCK_ATTITUDE) * nd + t];
        double stab = T->shock[(c * RELOK_SIM_SHOCK_COUNT_ + RELOK_SIM_SHOCK_STABILITY) * nd + t];
        double econ = T->shock[(c * RELOK_SIM_SHOCK_COUNT_ + RELOK_SIM_SHOCK_ECONOMY) * nd + t];
        double cost = T->cost_usd[c * nm + S->month];
        double net = P->b_network * log(1.0 + persons / P->network_unit);
        /* One exponential per place and day for the onward hazards of
         * every group and status (it was computed six times per group). */
        double onward = relok__sim_onward_factor(P, H, A, stab);
        for (unsigned g = 0; g < SIM_G; g++) {
            size_t kg = relok__sim_cgt(T, c, g, t);
            for (unsigned d = 0; d < SIM_D; d++) {
                size_t k = relok__sim_cdt(T, c, d, ta);
                size_t kp = ((c * SIM_G + g) * SIM_D + d) * nd + ta;
                bool blocked = T->blocked[relok__sim_cgt(T, c, g, ta)] != 0;
                double w = 0;
                if (!blocked && (T->admit[k] || T->pathway_open[kp])) {
                    double stay = 1.0;
                    if (T->admit[k] && T->lfresh[k] != RELOK_DAY_MAX) {
                        double days = (double)(T->lfresh[k] - (T->start + (relok_day)ta) + 1);
                        stay = days >= 365 ? 1.0 : days / 365.0;
                    }
                    double v = T->v_kb[(c * SIM_G + g) * nm + S->month] + P->b_stay * stay +
                               P->b_cost * cost * (H - 1.0) / 1000.0 + net -
                               P->b_society * A - P->b_stability * stab +
                               P->b_opportunity * econ +
                               (T->pathway_open[kp] ? P->u_permit : 0.0);
                    w = exp(v);
                }
                S->w[((size_t)g * SIM_D + d) * S->np + c] = w;
            }
            for (unsigned st = 0; st < 3; st++)
                S->p_on[(c * SIM_G + g) * 3 + st] =
                    relok__sim_p_onward(P, onward, T->extradition[kg] != 0, st);
            S->dsav[c * SIM_G + g] = (float)((P->income_usd[g] - cost * H) / 30.44);
        }
    }
    for (unsigned g = 0; g < SIM_G; g++)
        S->u_ret[g] = P->u_return + log(T->return_mult[(size_t)g * nd + t] + 1e-12);
}

/* ------------------------------------------------------------- the run */

static relok_status run_once(sim *S, uint32_t run, relok_error *err,
                             uint64_t *done, uint64_t total)
{
    const relok__sim_tables *T = S->T;
    uint32_t nd = T->n_days;
    size_t np = S->np;
    /* Keyed by the global run index: a run's streams do not depend on which
     * process of an ensemble runs it. */
    uint64_t global_run = (uint64_t)S->O->run_first + run;
    S->key = relok__sm64_mix(S->O->seed ^ relok__sm64_mix(UINT64_C(0x5eed) + global_run));
    for (unsigned w = 0; w < S->n_threads; w++) {
        worker *W = &S->workers[w];
        W->n_active = 0;
        W->n_home = 0;
        for (uint32_t t = 0; t < nd; t++)
            W->cal[t] = -1;
        memset(W->cohort, 0, np * np * sizeof *W->cohort);
        memset(W->cohort_n, 0, np * sizeof *W->cohort_n);
        init_agents(S, W);
        if (W->oom)
            return relok__fail(err, RELOK_ENOMEM, "out of memory");
    }
    memset(S->stock, 0, np * sizeof *S->stock);
    int32_t *counts = S->counts + (size_t)run * nd * np * SIM_M;
    int32_t *first = S->first + (size_t)run * nd * np;
    for (uint32_t t = 0; t < nd; t++) {
        S->t = t;
        serial_phase(S);
        step_all(S);
        int32_t *day = counts + (size_t)t * np * SIM_M;
        for (unsigned w = 0; w < S->n_threads; w++) {
            const worker *W = &S->workers[w];
            if (W->oom)
                return relok__fail(err, RELOK_ENOMEM, "out of memory");
            for (size_t k = 0; k < np * SIM_M; k++)
                day[k] += W->cnt[k];
            for (size_t c = 0; c < np; c++)
                first[(size_t)t * np + c] += W->first[c];
        }
        if (S->O->part_sum != NULL) {
            /* Partition: the other processes' agents join today's counts, so
             * tomorrow's stocks (network, housing, attitude) are global. */
            int32_t *x = S->xbuf;
            memcpy(x, day, np * SIM_M * sizeof *x);
            memcpy(x + np * SIM_M, first + (size_t)t * np, np * sizeof *x);
            relok_status ps = S->O->part_sum(x, np * (SIM_M + 1), S->O->part_ud, err);
            if (ps != RELOK_OK)
                return ps;
            memcpy(day, x, np * SIM_M * sizeof *x);
            memcpy(first + (size_t)t * np, x + np * SIM_M, np * sizeof *x);
        }
        relok_day today = T->start + (relok_day)t;
        int32_t *cohort_n = S->cohort_n + (size_t)run * np;
        if (today >= S->O->cohort_from && today <= S->O->cohort_to)
            for (size_t c = 1; c <= S->nh; c++)
                cohort_n[c] += day[c * SIM_M + RELOK_SIM_M_ARRIVALS];
        for (size_t c = 0; c < np; c++)
            S->stock[c] = day[c * SIM_M + RELOK_SIM_M_STOCK];
        *done += S->n_agents;
        if (S->O->progress_cb != NULL && !S->O->progress_cb(*done, total, S->O->progress_ud))
            return relok__fail(err, RELOK_EINVAL, "stopped");
    }
    int32_t *cohort = S->cohort + (size_t)run * np * np;
    for (unsigned w = 0; w < S->n_threads; w++)
        for (size_t k = 0; k < np * np; k++)
            cohort[k] += S->workers[w].cohort[k];
    if (S->O->part_sum != NULL)
        return S->O->part_sum(cohort, np * np, S->O->part_ud, err);
    return RELOK_OK;
}

void relok_sim_opts_init(relok_sim_opts *o)
{
    memset(o, 0, sizeof *o);
    o->n_agents = 10000;
    o->scale = 100;
    o->n_runs = 1;
    o->seed = 1;
    relok_date_from_ymd(2022, 1, 1, &o->start, NULL);
    relok_date_from_ymd(2027, 12, 31, &o->until, NULL);
    o->n_threads = 1;
    relok_date_from_ymd(2022, 9, 21, &o->cohort_from, NULL);
    relok_date_from_ymd(2022, 12, 31, &o->cohort_to, NULL);
    o->cohort_by = RELOK_DAY_NONE;
}

#define RALLOC(ptr, n)                                                                   \
    do {                                                                                 \
        void *p_ = relok_arena_calloc(R->arena, (n), sizeof *(ptr));                     \
        if (p_ == NULL)                                                                  \
            goto oom;                                                                    \
        memcpy(&(ptr), &p_, sizeof p_);                                                  \
    } while (0)

relok_status relok_sim_run(const relok_kb *kb, const relok_sim_scenario *sc,
                           const relok_sim_opts *opts, relok_sim_result **out, relok_error *err)
{
    if (kb == NULL || sc == NULL || opts == NULL || out == NULL)
        return relok__fail(err, RELOK_EINVAL, "relok_sim_run: NULL argument");
    *out = NULL;
    relok_sim_opts o = *opts;
    if (o.n_agents == 0 || o.n_agents > RELOK_MAX_ENSEMBLE_AGENTS)
        return relok__fail(err, RELOK_EINVAL, "agents must be 1..%u", RELOK_MAX_ENSEMBLE_AGENTS);
    if (o.n_runs == 0 || o.n_runs > RELOK_MAX_ENSEMBLE_RUNS)
        return relok__fail(err, RELOK_EINVAL, "runs must be 1..%u", RELOK_MAX_ENSEMBLE_RUNS);
    if (o.n_threads == 0 || o.n_threads > RELOK_MAX_SIM_THREADS)
        return relok__fail(err, RELOK_EINVAL, "threads must be 1..%u", RELOK_MAX_SIM_THREADS);
    if (!(o.scale > 0) || o.scale > 1e9)
        return relok__fail(err, RELOK_EINVAL, "scale must be > 0");
    if (o.until < o.start || o.until - o.start > (relok_day)RELOK_MAX_SIM_HORIZON_DAYS)
        return relok__fail(err, RELOK_EINVAL,
                           "the horizon must be after the start (at most %u days)",
                           RELOK_MAX_SIM_HORIZON_DAYS);
    if (o.trace_cb != NULL && o.n_threads != 1)
        return relok__fail(err, RELOK_EINVAL, "tracing needs one thread");
    if (o.cohort_by == RELOK_DAY_NONE)
        o.cohort_by = o.until;
    if (o.part_count == 0) {
        o.part_first = 0;
        o.part_count = o.n_agents;
    }
    if (o.part_first > o.n_agents || o.part_count > o.n_agents - o.part_first)
        return relok__fail(err, RELOK_EINVAL, "the partition's agents are outside 0..agents");
    if (o.part_count < o.n_agents && o.part_sum == NULL)
        return relok__fail(err, RELOK_EINVAL, "a partition needs part_sum");
    if (o.run_first > RELOK_MAX_ENSEMBLE_RUNS - o.n_runs)
        return relok__fail(err, RELOK_EINVAL, "runs must be 1..%u", RELOK_MAX_ENSEMBLE_RUNS);
    if (o.n_threads > o.part_count)
        o.n_threads = o.part_count;
    relok__sim_params P;
    relok__sim_params_default(&P);
    if (o.calib != NULL) {
        relok_status cr = relok__sim_params_calibrate(&P, o.calib, err);
        if (cr != RELOK_OK)
            return cr;
    }
    relok__sim_tables T;
    relok_status rc = relok__sim_tables_build(kb, sc, &P, o.start, o.until, &T, err);
    if (rc != RELOK_OK)
        return rc;
    relok_sim_result *R = relok__calloc(1, sizeof *R);
    sim S;
    memset(&S, 0, sizeof S);
    if (R == NULL || (R->arena = relok_arena_new(0)) == NULL) {
        relok__free(R);
        relok__sim_tables_free(&T);
        return relok__fail(err, RELOK_ENOMEM, "out of memory");
    }
    size_t np = T.n_hosts + 2, nd = T.n_days;
    R->start = o.start;
    R->until = o.until;
    R->n_days = (uint32_t)nd;
    R->n_runs = o.n_runs;
    R->n_agents = o.n_agents;
    R->scale = o.scale;
    R->n_places = np;
    R->cohort_from = o.cohort_from;
    R->cohort_to = o.cohort_to;
    R->cohort_by = o.cohort_by;
    R->unknown_facts = T.unknown_facts;
    R->bytes_per_agent = sizeof(relok__sim_agent);
    char(*codes)[3] = NULL;
    RALLOC(codes, np);
    memcpy(codes, T.codes, np * 3);
    R->codes = (const char(*)[3])codes;
    RALLOC(S.counts, (size_t)o.n_runs * nd * np * SIM_M);
    RALLOC(S.first, (size_t)o.n_runs * nd * np);
    RALLOC(S.cohort, (size_t)o.n_runs * np * np);
    RALLOC(S.cohort_n, (size_t)o.n_runs * np);
    R->counts = S.counts;
    R->first = S.first;
    R->cohort = S.cohort;
    R->cohort_n = S.cohort_n;
    S.T = &T;
    S.P = &P;
    S.O = &o;
    S.n_agents = o.n_agents;
    S.lo = o.part_first;
    S.hi = o.part_first + o.part_count;
    S.nh = T.n_hosts;
    S.np = np;
    S.tie_w = exp(P.b_tie);
    S.n_threads = o.n_threads;
    S.agents = relok__calloc(o.part_count, sizeof *S.agents);
    S.xbuf = relok__calloc(np * (SIM_M + 1), sizeof *S.xbuf);
    S.w = relok__calloc(SIM_G * SIM_D * np, sizeof *S.w);
    S.p_on = relok__calloc(np * SIM_G * 3, sizeof *S.p_on);
    S.p_ret = relok__calloc(SIM_G * 6, sizeof *S.p_ret);
    S.dsav = relok__calloc(np * SIM_G, sizeof *S.dsav);
    S.u_ret = relok__calloc(SIM_G, sizeof *S.u_ret);
    S.stock = relok__calloc(np, sizeof *S.stock);
    S.workers = relok__calloc(o.n_threads, sizeof *S.workers);
    bool ok = S.agents && S.xbuf && S.w && S.p_on && S.p_ret && S.dsav && S.u_ret && S.stock && S.workers;
    for (unsigned w = 0; ok && w < o.n_threads; w++) {
        worker *W = &S.workers[w];
        W->S = &S;
        W->id = w;
        W->a0 = S.lo + (uint32_t)((uint64_t)o.part_count * w / o.n_threads);
        W->a1 = S.lo + (uint32_t)((uint64_t)o.part_count * (w + 1) / o.n_threads);
        W->cal = relok__calloc(nd, sizeof *W->cal);
        W->cnt = relok__calloc(np * SIM_M, sizeof *W->cnt);
        W->first = relok__calloc(np, sizeof *W->first);
        W->cohort = relok__calloc(np * np, sizeof *W->cohort);
        W->cohort_n = relok__calloc(np, sizeof *W->cohort_n);
        ok = W->cal && W->cnt && W->first && W->cohort && W->cohort_n;
    }
    if (!ok) {
        rc = relok__fail(err, RELOK_ENOMEM, "out of memory");
    } else {
        uint64_t done = 0, total = (uint64_t)o.n_runs * nd * o.n_agents;
        for (uint32_t r = 0; r < o.n_runs && rc == RELOK_OK; r++)
            rc = run_once(&S, r, err, &done, total);
    }
    for (unsigned w = 0; S.workers != NULL && w < o.n_threads; w++) {
        relok__free(S.workers[w].active);
        relok__free(S.workers[w].cal);
        relok__free(S.workers[w].cnt);
        relok__free(S.workers[w].first);
        relok__free(S.workers[w].cohort);
        relok__free(S.workers[w].cohort_n);
    }
    relok__free(S.workers);
    relok__free(S.agents);
    relok__free(S.xbuf);
    relok__free(S.w);
    relok__free(S.p_on);
    relok__free(S.p_ret);
    relok__free(S.dsav);
    relok__free(S.u_ret);
    relok__free(S.stock);
    relok__sim_tables_free(&T);
    if (rc != RELOK_OK) {
        relok_sim_result_free(R);
        return rc;
    }
    *out = R;
    return RELOK_OK;
oom:
    relok_sim_result_free(R);
    relok__sim_tables_free(&T);
    return relok__fail(err, RELOK_ENOMEM, "out of memory");
}

relok_status relok__sim_result_widen(const relok_sim_result *r, uint32_t n_runs,
                                    relok_sim_result **out, int32_t *arrays[4], relok_error *err)
{
    *out = NULL;
    if (n_runs < r->n_runs)
        return relok__fail(err, RELOK_EINVAL, "a wider result cannot have fewer runs");
    relok_sim_result *R = relok__calloc(1, sizeof *R);
    if (R == NULL || (R->arena = relok_arena_new(0)) == NULL) {
        relok__free(R);
        return relok__fail(err, RELOK_ENOMEM, "out of memory");
    }
    relok_arena *arena = R->arena;
    *R = *r;
    R->arena = arena;
    R->n_runs = n_runs;
    size_t np = r->n_places, nd = r->n_days;
    int32_t *counts = NULL, *first = NULL, *cohort = NULL, *cohort_n = NULL;
    char(*codes)[3] = NULL;
    RALLOC(codes, np);
    RALLOC(counts, (size_t)n_runs * nd * np * SIM_M);
    RALLOC(first, (size_t)n_runs * nd * np);
    RALLOC(cohort, (size_t)n_runs * np * np);
    RALLOC(cohort_n, (size_t)n_runs * np);
    memcpy(codes, r->codes, np * 3);
    memcpy(counts, r->counts, (size_t)r->n_runs * nd * np * SIM_M * sizeof *counts);
    memcpy(first, r->first, (size_t)r->n_runs * nd * np * sizeof *first);
    memcpy(cohort, r->cohort, (size_t)r->n_runs * np * np * sizeof *cohort);
    memcpy(cohort_n, r->cohort_n, (size_t)r->n_runs * np * sizeof *cohort_n);
    R->codes = (const char(*)[3])codes;
    R->counts = counts;
    R->first = first;
    R->cohort = cohort;
    R->cohort_n = cohort_n;
    arrays[0] = counts;
    arrays[1] = first;
    arrays[2] = cohort;
    arrays[3] = cohort_n;
    *out = R;
    return RELOK_OK;
oom:
    relok_sim_result_free(R);
    return relok__fail(err, RELOK_ENOMEM, "out of memory");
}

void relok_sim_result_free(relok_sim_result *r)
{
    if (r == NULL)
        return;
    relok_arena_free(r->arena);
    relok__free(r);
}

int32_t relok_sim_count(const relok_sim_result *r, uint32_t run, uint32_t day, size_t place,
                        relok_sim_metric m)
{
    if (r == NULL || run >= r->n_runs || day >= r->n_days || place >= r->n_places ||
        (unsigned)m >= SIM_M)
        return 0;
    return r->counts[(((size_t)run * r->n_days + day) * r->n_places + place) * SIM_M + m];
}

int relok_sim_place(const relok_sim_result *r, const char *code)
{
    for (size_t i = 0; i < r->n_places; i++)
        if (strcmp(r->codes[i], code) == 0)
            return (int)i;
    return -1;
}
