/* SPDX-License-Identifier: MIT */
/* The population simulator: agents who may leave Russia live day by day
 * under the knowledge base's entry and stay rules (through the stay engine,
 * never a second reading of the rules), pushed by dated shocks, choosing
 * destinations by a multinomial logit over KB facts, and choosing, in a
 * host, between a permit, a border run, an onward move, a return and an
 * overstay. Scenarios (data/scenarios/NAME.yaml) add dated events.
 * Engine layer: no printing, no global state. The model, every equation
 * and parameter: docs/sim.md; the scenario format: docs/scenarios.md.
 * Designed for ensembles: a run is a pure function of (KB, scenario,
 * parameters, seed, run index), so runs can be spread over processes. */
#ifndef RELOK_SIM_H
#define RELOK_SIM_H

#include "arena.h"
#include "date.h"
#include "error.h"
#include "kb.h"
#include "text.h"

/* ------------------------------------------------------------- groups */

/* Profile groups of agents. Each maps to the KB's risk factors (docs/sim.md). */
#define RELOK_SIM_GROUP_MAP(X)                                               \
    X(IT, "it")             /* remote or IT worker */                        \
    X(MOB, "mob")           /* man of mobilisation age */                    \
    X(FAMILY, "family")     /* family with children */                       \
    X(ACTIVIST, "activist") /* activist or person with a case in Russia */   \
    X(OTHER, "other")
typedef enum relok_sim_group {
#define RELOK_SIM_GROUP_ENUM(n, s) RELOK_SIM_GROUP_##n,
    RELOK_SIM_GROUP_MAP(RELOK_SIM_GROUP_ENUM)
#undef RELOK_SIM_GROUP_ENUM
    RELOK_SIM_GROUP_COUNT_
} relok_sim_group;

/* Scenario event kinds (docs/scenarios.md). */
#define RELOK_SIM_EVENT_MAP(X)                                               \
    X(RULE_CHANGE, "rule_change")                                            \
    X(PUSH, "push")                                                          \
    X(EXIT_BAN, "exit_ban")                                                  \
    X(RETURN_PULL, "return_pull")                                            \
    X(HOST_SHOCK, "host_shock")                                              \
    X(EXTRADITION, "extradition")                                            \
    X(PATHWAY, "pathway")
typedef enum relok_sim_event_kind {
#define RELOK_SIM_EVENT_ENUM(n, s) RELOK_SIM_EV_##n,
    RELOK_SIM_EVENT_MAP(RELOK_SIM_EVENT_ENUM)
#undef RELOK_SIM_EVENT_ENUM
    RELOK_SIM_EVENT_COUNT_
} relok_sim_event_kind;

/* What a host_shock moves. */
#define RELOK_SIM_SHOCK_MAP(X)                                               \
    X(STABILITY, "stability") X(ATTITUDE, "attitude") X(ECONOMY, "economy")
typedef enum relok_sim_shock {
#define RELOK_SIM_SHOCK_ENUM(n, s) RELOK_SIM_SHOCK_##n,
    RELOK_SIM_SHOCK_MAP(RELOK_SIM_SHOCK_ENUM)
#undef RELOK_SIM_SHOCK_ENUM
    RELOK_SIM_SHOCK_COUNT_
} relok_sim_shock;

/* Where an agent's departure from a host took it. */
#define RELOK_SIM_MOVE_MAP(X)                                                \
    X(ONWARD, "onward") X(RETURN, "return") X(BORDER_RUN, "border_run")
typedef enum relok_sim_move {
#define RELOK_SIM_MOVE_ENUM(n, s) RELOK_SIM_MOVE_##n,
    RELOK_SIM_MOVE_MAP(RELOK_SIM_MOVE_ENUM)
#undef RELOK_SIM_MOVE_ENUM
    RELOK_SIM_MOVE_COUNT_
} relok_sim_move;

RELOK_API const char *relok_sim_group_name(relok_sim_group g);
RELOK_API const char *relok_sim_event_kind_name(relok_sim_event_kind k);
RELOK_API const char *relok_sim_shock_name(relok_sim_shock s);
RELOK_API const char *relok_sim_move_name(relok_sim_move m);

/* ---------------------------------------------------------- scenarios */

/* One dated event. Fields that do not apply to the kind are zero/NULL. */
typedef struct relok_sim_event {
    relok_sim_event_kind kind;
    relok_day from;               /* first day in force */
    relok_day to;                 /* last day; RELOK_DAY_MAX when open */
    unsigned groups;              /* bit (1u << relok_sim_group); all when not given */
    unsigned documents;           /* rule_change, pathway: bit (1u << relok_doc) */
    char country[3];              /* rule_change, host_shock, extradition, pathway */
    double factor;                /* push, return_pull: hazard multiplier */
    double share;                 /* exit_ban: share of the push hazard removed (1 = all) */
    relok_sim_shock shock;        /* host_shock: what moves */
    double delta;                 /* host_shock: change of the index, -1..1 */
    bool has_access;              /* rule_change: entry overlaid */
    relok_access access;          /* rule_change: the new entry access */
    const relok_rule *stay;       /* rule_change: the new stay rule, or NULL */
    const char *const *sources;   /* premise: KB source ids (at least one) */
    size_t n_sources;
    relok_text note;              /* optional: what the event stands for */
    const char *file;             /* scenario file (for messages) */
    unsigned line;                /* 1-based line of the event */
} relok_sim_event;

/* A scenario with its base's events merged in (base first). */
typedef struct relok_sim_scenario {
    const char *id;               /* file name without .yaml */
    const char *base;             /* id of the scenario extended, or NULL */
    relok_text title;
    relok_text description;
    const char *const *sources;   /* premise of the whole scenario */
    size_t n_sources;
    relok_text assumptions;       /* magnitudes labelled as assumptions */
    const relok_sim_event *events;/* base's then own, in file order */
    size_t n_events;
    size_t n_own_events;          /* the last n_own_events are the scenario's own */
    const char *file;
} relok_sim_scenario;

/* Load scenario `id` from dir (dir/<id>.yaml, following `base:` up to
 * RELOK_SIM_MAX_BASE_DEPTH levels). Source ids are checked against kb when
 * kb is not NULL. Memory comes from arena. Errors name file:line, the field
 * path and what was expected. RELOK_EIO, RELOK_EPARSE, RELOK_ESCHEMA,
 * RELOK_ERANGE, RELOK_ENOTFOUND (no such scenario), RELOK_ELIMIT, RELOK_ENOMEM. */
enum { RELOK_SIM_MAX_BASE_DEPTH = 8, RELOK_SIM_MAX_EVENTS = 256, RELOK_SIM_MAX_SCENARIOS = 128 };
RELOK_API relok_status relok_sim_scenario_load(const char *dir, const char *id,
                                               const relok_kb *kb, relok_arena *arena,
                                               relok_sim_scenario *out, relok_error *err);

/* Scenario ids in dir (files *.yaml), sorted; arena strings. */
RELOK_API relok_status relok_sim_scenario_list(const char *dir, relok_arena *arena,
                                               const char ***out_ids, size_t *out_n,
                                               relok_error *err);

/* Check every scenario in dir: calls cb once per broken file with its first
 * problem (file:line, field, message). Returns RELOK_OK when all load, else
 * the first failure's status (RELOK_EIO when dir cannot be read). */
typedef void (*relok_sim_check_cb)(const relok_error *problem, void *ud);
RELOK_API relok_status relok_sim_scenario_check_dir(const char *dir, const relok_kb *kb,
                                                    relok_sim_check_cb cb, void *ud,
                                                    size_t *out_n_files, relok_error *err);

/* ------------------------------------------------------------ running */

/* Progress: called from the calling thread after each simulated day of
 * each run (done out of total agent-days). Return false to stop early
 * (RELOK_EINTERNAL is not used; the run ends with RELOK_EINVAL "stopped"). */
typedef bool (*relok_sim_progress_cb)(uint64_t done, uint64_t total, void *ud);

/* A trace record for sampled agents (tests replay them through the stay
 * engine). `host` is a country code; kind: 'A' arrival, 'D' departure
 * (move says how), 'O' overstay begins, 'P' permit granted. */
typedef struct relok_sim_trace {
    uint32_t agent;
    relok_day day;
    char kind;
    char host[3];
    relok_sim_move move;
    unsigned doc;                 /* relok_doc */
    relok_sim_group group;
} relok_sim_trace;
typedef void (*relok_sim_trace_cb)(const relok_sim_trace *t, void *ud);

/* Partition: replace buf[0..n-1] by its sum over all processes, the same on
 * every process (an allreduce); called once a day and once at the end of
 * each run, from the calling thread. Non-OK stops the run. */
typedef relok_status (*relok_sim_sum_fn)(int32_t *buf, size_t n, void *ud, relok_error *err);

typedef struct relok_sim_opts {
    uint32_t n_agents;            /* agents (default 10000) */
    double scale;                 /* persons per agent (default 100) */
    uint32_t n_runs;              /* runs (default 1) */
    uint64_t seed;                /* default 1 */
    relok_day start;              /* default 2022-01-01 */
    relok_day until;              /* horizon, default 2027-12-31 */
    unsigned n_threads;           /* default 1 */
    bool step_daily;              /* no event skipping (reference mode, tests) */
    relok_day cohort_from;        /* derived table 2: arrivals in [from, to] ... */
    relok_day cohort_to;
    relok_day cohort_by;          /* ... moved on by this day (default horizon) */
    relok_sim_progress_cb progress_cb;
    void *progress_ud;
    relok_sim_trace_cb trace_cb;  /* only with n_threads 1 */
    uint32_t trace_every;         /* trace agents whose id % trace_every == 0 */
    void *trace_ud;
    const struct relok_sim_calib *calib; /* fitted values (NULL: the documented priors) */
    /* Spreading over processes (src/sim/mpi.c sets these; docs/sim.md,
     * "Running on a cluster"). A run's streams are keyed by its global index
     * run_first + r, and an agent's by its global index, so a result never
     * depends on which process or thread computed it. */
    uint32_t run_first;           /* global index of this process's first run (default 0) */
    uint32_t part_first;          /* partition: this process steps agents */
    uint32_t part_count;          /* [part_first, part_first + part_count) (0: all) */
    relok_sim_sum_fn part_sum;    /* partition: adds per-place counts over processes */
    void *part_ud;
} relok_sim_opts;

/* Defaults as documented above (cohort: 2022-09-21..2022-12-31 by horizon). */
RELOK_API void relok_sim_opts_init(relok_sim_opts *o);

/* Per-place daily metrics. Places: 0 = Russia (home), 1..n_hosts = hosts,
 * n_hosts + 1 = in transit. */
#define RELOK_SIM_METRIC_MAP(X)                                              \
    X(STOCK, "stock")                 /* present at the end of the day */    \
    X(ARRIVALS, "arrivals")           /* entries (border-run re-entries excluded) */ \
    X(ONWARD, "departures_onward")                                           \
    X(RETURN, "departures_return")                                           \
    X(BORDER_RUN, "departures_border_run")                                   \
    X(OVERSTAY, "overstays")          /* present and unlawful by choice */   \
    X(PERMIT, "permits")              /* present under a permit */          \
    X(DOC_INTERNAL, "stock_internal_id")                                     \
    X(DOC_PASSPORT, "stock_passport")                                        \
    X(G_IT, "stock_it")                                                      \
    X(G_MOB, "stock_mob")                                                    \
    X(G_FAMILY, "stock_family")                                              \
    X(G_ACTIVIST, "stock_activist")                                          \
    X(G_OTHER, "stock_other")
typedef enum relok_sim_metric {
#define RELOK_SIM_METRIC_ENUM(n, s) RELOK_SIM_M_##n,
    RELOK_SIM_METRIC_MAP(RELOK_SIM_METRIC_ENUM)
#undef RELOK_SIM_METRIC_ENUM
    RELOK_SIM_METRIC_COUNT_
} relok_sim_metric;
RELOK_API const char *relok_sim_metric_name(relok_sim_metric m);

/* The result of all runs. Counts are agents (multiply by scale for persons). */
typedef struct relok_sim_result {
    relok_day start, until;
    uint32_t n_days, n_runs, n_agents;
    double scale;
    size_t n_places;              /* n_hosts + 2 */
    const char (*codes)[3];       /* place codes: "RU", hosts..., "--" (transit) */
    /* counts[((run * n_days + day) * n_places + place) * METRIC_COUNT + metric] */
    const int32_t *counts;
    /* first[(run * n_days + day) * n_places + place]: agents leaving Russia
     * for the first time that day whose first destination is place */
    const int32_t *first;
    /* cohort[(run * n_places + host) * n_places + dest]: agents who arrived in
     * host within [cohort_from, cohort_to] and left it for dest (0 = Russia)
     * by cohort_by (border runs excluded); cohort_n[run * n_places + host]:
     * those arrivals */
    const int32_t *cohort;
    const int32_t *cohort_n;
    relok_day cohort_from, cohort_to, cohort_by;
    uint64_t unknown_facts;       /* unknown KB facts entered as cautious values */
    size_t bytes_per_agent;
    relok_arena *arena;           /* owns everything (private) */
} relok_sim_result;

/* Run the scenario on kb. OUT: *out (free with relok_sim_result_free).
 * RELOK_EINVAL for bad options, RELOK_ENOMEM, RELOK_ELIMIT (too many hosts). */
RELOK_API relok_status relok_sim_run(const relok_kb *kb, const relok_sim_scenario *sc,
                                     const relok_sim_opts *opts, relok_sim_result **out,
                                     relok_error *err);
RELOK_API void relok_sim_result_free(relok_sim_result *r);

/* Value of one metric, in agents, for run/day/place. */
RELOK_API int32_t relok_sim_count(const relok_sim_result *r, uint32_t run, uint32_t day,
                                  size_t place, relok_sim_metric m);
/* Place index of a code ("RU", "GE", "--"), or -1. */
RELOK_API int relok_sim_place(const relok_sim_result *r, const char *code);

/* ---------------------------------------------- processes (Open MPI) */

/* src/sim/mpi.c; docs/sim.md, "Running on a cluster". Built with
 * -DRELOK_MPI=ON and started by mpirun or srun, the process is one rank of
 * an MPI job; otherwise it is rank 0 of 1 and the runs below use threads
 * in this process only. The one module with process-wide state: MPI's. */
typedef struct relok_sim_mpi_stats {
    unsigned rank, size;
    uint64_t bytes_sent;          /* payload this rank handed to MPI for the run */
    uint64_t part_days;           /* partition: daily exchanges (days x runs) */
    uint64_t part_day_bytes;      /* partition: payload of one daily exchange */
} relok_sim_mpi_stats;

/* True when relok was built with -DRELOK_MPI=ON. */
RELOK_API bool relok_sim_mpi_built(void);
/* Join the MPI job when launched by mpirun or srun (MPI_Init_thread,
 * funneled: only the calling thread talks to MPI); else rank 0 of 1.
 * RELOK_EINTERNAL when MPI cannot start. */
RELOK_API relok_status relok_sim_mpi_init(unsigned *rank, unsigned *size, relok_error *err);
/* Every rank calls it: true when ok is true on every rank (so a rank that
 * could not load its KB stops the others instead of leaving them waiting). */
RELOK_API bool relok_sim_mpi_all(bool ok);
/* Leave the MPI job (MPI_Finalize) if it was joined. */
RELOK_API void relok_sim_mpi_finalize(void);

/* relok_sim_run over the job's ranks; every rank calls it with the same
 * arguments. Ensemble (partition false): rank k runs a contiguous block of
 * the runs and rank 0 gathers them. Partition: every rank runs every run
 * on its slice of the agents and the ranks add their per-place counts once
 * a day. Either way rank 0's result is byte-identical to relok_sim_run's
 * in one process with the same options; other ranks get *out NULL.
 * stats (may be NULL): this rank's traffic. A rank that fails inside a
 * partitioned run aborts the job (its peers wait for its counts). */
RELOK_API relok_status relok_sim_run_spread(const relok_kb *kb, const relok_sim_scenario *sc,
                                            const relok_sim_opts *opts, bool partition,
                                            relok_sim_result **out,
                                            relok_sim_mpi_stats *stats, relok_error *err);

/* ------------------------------------------------------------- output */

/* Time resolution of tables (monthly: calendar months, for the API's series). */
typedef enum relok_sim_step {
    RELOK_SIM_DAILY = 0,
    RELOK_SIM_WEEKLY = 1,
    RELOK_SIM_MONTHLY = 2
} relok_sim_step;

/* Quantiles over runs (5, 50, 95 %) of a metric at a day, in persons
 * (agents x scale); weekly and monthly values are end-of-period for stocks
 * and sums over the period for flows (callers pass the period's last day and
 * step; a month is summed from its first day, or from the start). */
RELOK_API void relok_sim_quantiles(const relok_sim_result *r, uint32_t day, size_t place,
                                   relok_sim_metric m, relok_sim_step step, double out[3]);

/* Quantiles over runs (5, 50, 95 %) of a flow's total over the whole run,
 * in persons: the arrivals, departures or border runs of a place from the
 * first day to the horizon. */
RELOK_API void relok_sim_total_quantiles(const relok_sim_result *r, size_t place,
                                         relok_sim_metric m, double out[3]);

/* Write the tables as CSV (one row per period x place x metric with q05,
 * q50, q95) and JSON into dir: series.csv, series.json, first.csv,
 * cohort.csv, summary.json. RELOK_EIO naming the file, RELOK_ENOMEM. */
RELOK_API relok_status relok_sim_write(const relok_sim_result *r, const relok_sim_scenario *sc,
                                       relok_sim_step step, const char *dir, relok_error *err);

/* Flee's out.csv into dir (the shape of djgroen/flee's run.py output: a
 * "Day" column, then "<place> sim", "<place> data", "<place> error" per
 * host, then Flee's six total columns; docs/sim.md, "Flee format").
 * Simulated values are medians over runs in persons; observed values come
 * from the KB's dated stock figures (0 = no observation). RELOK_EIO naming
 * the file, RELOK_ENOMEM. */
RELOK_API relok_status relok_sim_write_flee(const relok_sim_result *r, const relok_kb *kb,
                                            const char *dir, relok_error *err);

/* The summary as JSON: scenario, options, per host at the horizon (stock,
 * arrivals, departures by kind, overstays, permits with quantiles) and both
 * derived tables. flags: RELOK_JSON_PRETTY or 0. OUT: malloc'd, free with
 * relok_json_free. */
RELOK_API relok_status relok_sim_summary_json(const relok_sim_result *r,
                                              const relok_sim_scenario *sc, unsigned flags,
                                              char **out, relok_error *err);

/* ------------------------------------------------- renderings for the API */

/* The event as one sentence in lang (what changes, where, for whom; no
 * dates), into buf, always NUL-terminated (cut at n). Country names come
 * from kb (codes when kb is NULL). Returns buf. */
RELOK_API char *relok_sim_event_describe(const relok_kb *kb, const relok_sim_event *e,
                                         relok_lang lang, char *buf, size_t n);

/* The scenario as JSON in both languages: id, title, description,
 * assumptions, base, sources and events (kind, from, to, country, own,
 * text, note, sources), every source as {id, title, url} from kb.
 * OUT: malloc'd, free with relok_json_free. RELOK_ENOMEM. */
RELOK_API relok_status relok_sim_scenario_json(const relok_kb *kb, const relok_sim_scenario *sc,
                                               unsigned flags, char **out, relok_error *err);

/* The result as monthly series: months ("YYYY-MM"), the stock abroad and per
 * host (hosts that never held anyone are left out) the stock at each
 * month's end as {q05, q50, q95} arrays and the month's arrivals and
 * departures by kind as medians, in persons; and `targets`, the
 * calibration targets of relok_sim_targets (place "abroad" for Russia's
 * emigrants) with their sources. RELOK_ENOMEM. */
RELOK_API relok_status relok_sim_series_json(const relok_kb *kb, const relok_sim_result *r,
                                             const relok_sim_scenario *sc, unsigned flags,
                                             char **out, relok_error *err);

/* -------------------------------------------------------- calibration */

/* The fit of the baseline to the brief's stock figures (docs/sim.md,
 * "Calibration"). Targets come from the KB's indicators (range and date);
 * the free parameters are a fixed short list, every other parameter keeps
 * its documented prior. The record ships as data/sim/calibration.yaml. */
enum { RELOK_SIM_MAX_FREE = 8, RELOK_SIM_MAX_TARGETS = 8 };

typedef struct relok_sim_target {
    char country[3];              /* "RU": everyone abroad (left, not back); else a host's stock */
    const char *indicator;        /* KB indicator id ("emigrants", "russian_stock") */
    relok_pdate date;             /* the period the figure is for */
    relok_day day;                /* the model is read at the end of the period's last day */
    double low, high;             /* the range, persons */
    const char *const *sources;   /* the KB point's sources */
    size_t n_sources;
    double q[3];                  /* model: 5/50/95 % over runs, persons (after an evaluation) */
    double loss;                  /* log-ratio distance of the median outside the range */
    bool missing;                 /* report only: the KB has no such indicator */
} relok_sim_target;

typedef struct relok_sim_free_param {
    const char *name;             /* "push_scale", "b_land", "b_network", "const_KG" */
    double value;                 /* fitted (or the prior before a fit) */
    double prior, low, high;      /* documented prior and search bounds */
} relok_sim_free_param;

typedef struct relok_sim_calib {
    const char *method;           /* "nelder-mead" */
    relok_day date;               /* when the fit ran */
    const char *scenario;         /* the scenario fitted (baseline) */
    uint64_t seed;
    uint32_t n_runs, n_agents;    /* the ensemble each evaluation runs */
    uint32_t max_evals, n_evals;  /* evaluation budget and evaluations used */
    double pool;                  /* persons the agents stand for: scale = pool / agents */
    double loss;                  /* sum of the targets' losses at the fitted values */
    size_t n_params;
    relok_sim_free_param params[RELOK_SIM_MAX_FREE];
    size_t n_targets;
    relok_sim_target targets[RELOK_SIM_MAX_TARGETS];
} relok_sim_calib;

/* Defaults: method, seed 1, the default ensemble, every free parameter at
 * its prior, no targets (relok_sim_targets fills them). */
RELOK_API void relok_sim_calib_init(relok_sim_calib *c);

/* Fill c's targets from the KB's indicators (docs/sim.md lists them).
 * RELOK_ENOTFOUND naming the country and indicator the KB lacks. */
RELOK_API relok_status relok_sim_targets(const relok_kb *kb, relok_sim_calib *c,
                                         relok_error *err);

/* Run c's ensemble at c's values on sc and fill each target's quantiles
 * and loss, and c->loss. */
RELOK_API relok_status relok_sim_calib_eval(const relok_kb *kb, const relok_sim_scenario *sc,
                                            relok_sim_calib *c, unsigned n_threads,
                                            relok_error *err);

/* Fit: Nelder-Mead over the free parameters (from their priors, within
 * their bounds) minimising c->loss, at most c->max_evals evaluations;
 * then evaluates the best point. Deterministic for a given c and KB. The
 * progress callback, if any, gets (evaluations done, budget). */
RELOK_API relok_status relok_sim_fit(const relok_kb *kb, const relok_sim_scenario *sc,
                                     relok_sim_calib *c, unsigned n_threads,
                                     relok_sim_progress_cb progress, void *ud,
                                     relok_error *err);

/* Read a calibration file (strict: unknown keys and parameter names, bad
 * numbers are errors naming file:line and the field). Strings in arena.
 * RELOK_EIO, RELOK_EPARSE, RELOK_ESCHEMA, RELOK_ERANGE, RELOK_ENOMEM. */
RELOK_API relok_status relok_sim_calib_load(const char *path, relok_arena *arena,
                                            relok_sim_calib *out, relok_error *err);

/* The KB's own calibration (<KB dir>/sim/calibration.yaml), what the CLI
 * and the server use by default. RELOK_ENOTFOUND when the KB ships none;
 * otherwise as relok_sim_calib_load. */
RELOK_API relok_status relok_sim_calib_load_kb(const relok_kb *kb, relok_arena *arena,
                                               relok_sim_calib *out, relok_error *err);

/* The calibration as YAML (what `relok sim fit` writes; numbers round-trip
 * exactly). OUT: malloc'd, free with relok_json_free. RELOK_ENOMEM. */
RELOK_API relok_status relok_sim_calib_format(const relok_sim_calib *c, char **out,
                                              relok_error *err);

/* ------------------------------------------------------------- report */

/* The out-of-sample check (docs/sim.md, "Report"): the brief's figures that
 * were not fitted, next to the model's median and 5-95 % band, or why the
 * model cannot express them. */
enum { RELOK_SIM_MAX_FIGURES = 12 };
typedef struct relok_sim_figure {
    const char *id;               /* stable id ("kz_entries_2022") */
    char country[3];
    const char *source;           /* KB source id of the figure ("brief:LXVII") */
    relok_text figure;            /* the brief's figure, in words */
    relok_text measure;           /* what the model counts, or why it cannot */
    double low, high;             /* the figure (low == high for one value) */
    bool is_share;                /* a share 0..1, not persons */
    bool expressible;
    double q[3];                  /* model: 5/50/95 % over runs */
    bool hit;                     /* the figure overlaps the model's 5-95 % band */
    double miss_ratio;            /* not a hit: the median over the figure's nearer
                                   * end (0.38: 38 % of its low end); else 0 */
} relok_sim_figure;

typedef struct relok_sim_report {
    relok_sim_calib calib;        /* settings and targets with this run's quantiles */
    bool calibrated;              /* false: every parameter at its prior */
    size_t n_figures;
    relok_sim_figure figures[RELOK_SIM_MAX_FIGURES];
} relok_sim_report;

/* Run the report's ensemble on sc with c's settings and values (c NULL or
 * without parameters: the priors) and fill both tables. Targets the KB
 * lacks are marked missing, not an error. The progress callback, if any,
 * gets agent-days done and in all, as relok_sim_opts' does; returning
 * false stops the run (RELOK_EINVAL "stopped"). */
RELOK_API relok_status relok_sim_report_run(const relok_kb *kb, const relok_sim_scenario *sc,
                                            const relok_sim_calib *c, bool calibrated,
                                            unsigned n_threads, relok_sim_progress_cb progress,
                                            void *ud, relok_sim_report *out, relok_error *err);

/* Both tables as JSON. flags: RELOK_JSON_PRETTY or 0. OUT: malloc'd, free
 * with relok_json_free. RELOK_ENOMEM. */
RELOK_API relok_status relok_sim_report_json(const relok_sim_report *r, unsigned flags,
                                             char **out, relok_error *err);

#endif
