/* SPDX-License-Identifier: MIT */
/* Simulator internals shared by scenario.c, tables.c, engine.c, output.c:
 * the parameters (docs/sim.md lists each with unit, default and source),
 * the counter-based generator, the per-day tables and the agent record.
 * Engine layer. */
#ifndef RELOK_SIM_INT_H
#define RELOK_SIM_INT_H

#include "relok/sim.h"
#include "relok/stay.h"

#include <math.h>
#include <stdint.h>

extern const char *const relok__sim_group_names[RELOK_SIM_GROUP_COUNT_];

enum {
    SIM_G = RELOK_SIM_GROUP_COUNT_,
    SIM_D = 2,                 /* documents agents hold: internal ID, passport */
    SIM_MAX_HOSTS = 63,        /* visited areas are a 64-bit set */
    SIM_MAX_HOST_CONST = 4,    /* per-host utility constants at most */
    SIM_HOME = 0,              /* place index of Russia */
    SIM_M = RELOK_SIM_METRIC_COUNT_
};

/* Agent status in a host. */
enum { ST_VISITOR = 0, ST_PERMIT = 1, ST_OVERSTAY = 2 };
/* Agent flags. */
enum { FL_BORDER_RUN = 1, FL_RETURNED = 2, FL_PERMIT_ON_ARRIVAL = 4, FL_LEFT = 8 };

/* One agent: 32 bytes (docs/sim.md, "Agents"). `next` links home agents
 * into the departure calendar; `day` is the last lawful day of a visitor's
 * stay, or the arrival day while in transit. */
typedef struct relok__sim_agent {
    int32_t next;
    int32_t day;
    int32_t arrived;           /* first arrival in the current host (kept over border runs) */
    float savings;             /* USD */
    uint64_t visited;          /* areas (hosts, zones as one) ever entered */
    uint8_t place;             /* 0 home, 1..n_hosts host, n_hosts + 1 transit */
    uint8_t target;            /* transit: where to (0 = home) */
    uint8_t doc;               /* 0 internal ID only, 1 passport */
    uint8_t group;             /* relok_sim_group */
    uint8_t tie;               /* host with a network tie (0 = none) */
    uint8_t status;            /* ST_* */
    uint8_t flags;             /* FL_* */
    uint8_t first_host;        /* first destination (0 = never left) */
} relok__sim_agent;
_Static_assert(sizeof(relok__sim_agent) <= 64, "an agent must fit in 64 bytes (issue 9)");

/* ------------------------------------------------------------ parameters */

typedef struct relok__sim_params {
    double group_share[SIM_G];        /* share of the pool, sums to 1 */
    double passport_share[SIM_G];     /* share holding a foreign passport */
    double savings_usd[SIM_G];        /* median savings, USD */
    double savings_sigma;             /* log-normal spread */
    double income_usd[SIM_G];         /* monthly income abroad, USD */
    double tie_share;                 /* share with a network tie to a host */
    double push_base[SIM_G];          /* daily push hazard before any shock */
    double releave_factor;            /* push multiplier after a return */
    double b_stay, b_cost, b_society, b_stability, b_safety, b_opportunity, b_land;
    double b_network, b_tie;
    double network_unit;              /* persons: the network term is log(1 + S/unit) */
    double onward_base, return_base;  /* daily hazards in a host */
    double return_broke;              /* return multiplier when savings < 0 */
    double permit_hazard_factor;      /* onward/return multiplier for permit holders */
    double overstay_return;           /* return multiplier for overstayers */
    double flee_factor;               /* onward multiplier under extradition */
    double u_permit, u_border_run, u_onward, u_return, u_overstay; /* deadline choice */
    double housing_kappa;             /* housing index slope */
    double attitude_lambda;           /* attitude index slope */
    double capacity;                  /* persons: stock at which H = 1 + kappa */
    double onward_housing, onward_attitude; /* onward hazard exponents */
    /* Per-host constants of the destination utility ("alternative-specific
     * constants"): what the KB terms do not capture about a host. All 0 by
     * prior; the calibration frees a few (docs/sim.md, "Calibration"). */
    unsigned n_host_const;
    char host_const_code[SIM_MAX_HOST_CONST][3];
    double host_const[SIM_MAX_HOST_CONST];
} relok__sim_params;

/* The constant of host `code` (0 when none is set). */
double relok__sim_host_const(const relok__sim_params *p, const char *code);
/* Set the constant of host `code` (replacing an earlier value). */
void relok__sim_set_host_const(relok__sim_params *p, const char *code, double v);

void relok__sim_params_default(relok__sim_params *p);

/* ------------------------------------------------------------- generator */

/* SplitMix64 (Steele, Lea, Flood 2014; the seeding generator of xoshiro):
 * state += GAMMA, then mix. The n-th output (1-based) of the stream seeded
 * with s is mix(s + n * GAMMA), so any draw can be computed from a counter:
 * that is how agents get streams independent of thread count. */
#define SIM_GAMMA UINT64_C(0x9e3779b97f4a7c15)
static inline uint64_t relok__sm64_mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}
static inline uint64_t relok__sm64_next(uint64_t *state)
{
    *state += SIM_GAMMA;
    return relok__sm64_mix(*state);
}
/* The draw for (agent, day offset, purpose) of the run keyed by key. */
static inline uint64_t relok__sim_draw(uint64_t key, uint32_t agent, uint32_t day, unsigned purpose)
{
    uint64_t n = ((uint64_t)agent << 20) | ((uint64_t)(day & 0x1ffffu) << 3) | (purpose & 7u);
    return relok__sm64_mix(key + (n + 1) * SIM_GAMMA);
}
/* Uniform in (0, 1), never 0 nor 1: 52 bits plus a half step (with 53
 * bits the largest value would round up to 1.0). */
static inline double relok__sim_u01(uint64_t x)
{
    return ((double)(x >> 12) + 0.5) * (1.0 / 4503599627370496.0);
}

/* ---------------------------------------------------------------- tables */

/* Everything the engine reads per day, precomputed from the KB through the
 * stay engine and the scenario (tables.c). Index [c][d][t] is
 * (c * SIM_D + d) * n_days + t, c a host index 1..n_hosts (0 unused). */
typedef struct relok__sim_tables {
    size_t n_hosts;
    uint32_t n_days;
    relok_day start;
    char (*codes)[3];                 /* [0] "RU", hosts, [n_hosts + 1] "--" */
    uint8_t *area;                    /* area bit index per host */
    uint8_t *admit;                   /* [c][d][t] entry + a known stay rule */
    int32_t *lfresh;                  /* [c][d][t] last lawful day entering on t fresh */
    int8_t *reset_gap;                /* [c][d][t] days abroad that reset, -1: none */
    int32_t *next_nonreset;           /* [c][d][t] first day >= t whose rule does not reset */
    uint8_t *blocked;                 /* [c][g][t] bar, blocker risk or extradition */
    uint8_t *extradition;             /* [c][g][t] */
    uint8_t *pathway_open;            /* [c][g][d][t] scenario pathway admits + permit */
    double *v_kb;                      /* [c][g][month] KB utility terms */
    double *cost_usd;                  /* [c][month] monthly cost, USD */
    double *permit_usd;                /* [c][g][d][month] money needed for a permit; <0 none */
    double *shock;                     /* [c][shock][t] summed host_shock deltas */
    double *push;                     /* [g][t] daily push hazard (shocks, bans) */
    double *push_cum;                 /* [g][t] cumulative, push_cum[g][t] = sum s<=t */
    double *return_mult;               /* [g][t] */
    uint64_t unknown_facts;
    relok_arena *arena;
} relok__sim_tables;

relok_status relok__sim_tables_build(const relok_kb *kb, const relok_sim_scenario *sc,
                                     const relok__sim_params *p, relok_day start,
                                     relok_day until, relok__sim_tables *out, relok_error *err);
void relok__sim_tables_free(relok__sim_tables *t);

static inline size_t relok__sim_cdt(const relok__sim_tables *T, size_t c, unsigned d, uint32_t t)
{
    return ((c * SIM_D) + d) * T->n_days + t;
}
static inline size_t relok__sim_cgt(const relok__sim_tables *T, size_t c, unsigned g, uint32_t t)
{
    return ((c * SIM_G) + g) * T->n_days + t;
}
uint32_t relok__sim_month(const relok__sim_tables *T, uint32_t t);
uint32_t relok__sim_n_months(const relok__sim_tables *T);

/* Daily probabilities of an onward move and of a return in a host with
 * housing index H, attitude A, stability shock stab (docs/sim.md, "Hazards
 * in a host"), for an agent of status ST_* with savings < 0 when broke. */
void relok__sim_hazards(const relok__sim_params *P, double H, double A, double stab,
                        bool extradition, double return_mult, unsigned status, bool broke,
                        double *out_p_onward, double *out_p_return);

/* The same in parts, as the engine computes them each day (results equal
 * the above's): the onward hazard's housing and attitude factor, shared by
 * every group and status of a place; the onward probability of one status;
 * and the return probabilities without and with savings exhausted
 * (out_p_return[broke]), which do not depend on the host. */
double relok__sim_onward_factor(const relok__sim_params *P, double H, double A, double stab);
double relok__sim_p_onward(const relok__sim_params *P, double onward_factor, bool extradition,
                           unsigned status);
void relok__sim_p_return(const relok__sim_params *P, double return_mult, unsigned status,
                         double out_p_return[2]);

/* Agent factors per group (docs/sim.md). */
unsigned relok__sim_group_factors(unsigned g);

/* Deadline choice: the multinomial logit over available options.
 * u[k] utilities, avail[k] flags; returns the index chosen by draw u01, or
 * -1 when none is available. Exposed for the hand-computed test. */
int relok__sim_logit_pick(const double *u, const bool *avail, size_t n, double u01,
                          double *out_probs);

/* Quantiles 5/50/95 % of v[0..n-1] (sorted in place), times scale; linear
 * between order statistics (output.c). */
void relok__sim_quantiles_of(double *v, size_t n, double scale, double out[3]);

/* A report figure [low, high] against the model's 5/50/95 % q (report.c):
 * 0 when the band overlaps it, else the median over its nearer end. */
double relok__sim_miss_ratio(const double q[3], double low, double high);

/* Calibration (fit.c): set the free parameters c names into p (after the
 * defaults); RELOK_EINVAL for an unknown name or a value out of bounds. */
relok_status relok__sim_params_calibrate(relok__sim_params *p, const relok_sim_calib *c,
                                         relok_error *err);
/* Index of a free parameter in the catalogue, or -1. */
int relok__sim_free_index(const char *name);
/* The last day of the period a partial date names. */
relok_day relok__sim_pdate_end(relok_pdate d);
/* Fill c's targets from the KB; with allow_missing, an absent indicator
 * gives a target marked missing instead of RELOK_ENOTFOUND. */
relok_status relok__sim_targets_fill(const relok_kb *kb, relok_sim_calib *c, bool allow_missing,
                                     relok_error *err);
/* Quantiles and losses of c's targets from a result (c->loss: their sum). */
relok_status relok__sim_targets_eval(relok_sim_calib *c, const relok_sim_result *r,
                                     relok_error *err);
/* Observed value of a KB indicator on day d (flee.c): a point holds over
 * its period, linear between periods, 0 outside them. */
double relok__sim_observed(const relok_indicator *ind, relok_day d);
/* The run options of c's ensemble (horizon: the latest target). */
relok_status relok__sim_calib_opts(const relok_sim_calib *c, unsigned n_threads,
                                   relok_sim_opts *o, relok_error *err);

/* A result for n_runs runs with r's settings: r's runs first, the rest
 * zero for the caller to fill through arrays (counts, first, cohort,
 * cohort_n; src/sim/mpi.c gathers an ensemble's runs from the processes
 * into them). OUT: *out, free with relok_sim_result_free. RELOK_EINVAL
 * (fewer runs than r), RELOK_ENOMEM. */
relok_status relok__sim_result_widen(const relok_sim_result *r, uint32_t n_runs,
                                    relok_sim_result **out, int32_t *arrays[4],
                                    relok_error *err);

#endif
