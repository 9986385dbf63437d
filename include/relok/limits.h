/* SPDX-License-Identifier: MIT */
/* The limits a user of relok may meet, in one place (as SQLite's
 * sqlite3_limit list): the size of a data file or a trip log, the shape of a
 * stay rule, the reach of a stay search, and the HTTP server's caps. Every
 * reader of outside input enforces these; the engines that rely on them
 * _Static_assert it (src/base/limits.h relates them to each other and holds
 * the internal caps). Base layer, macros only. */
#ifndef RELOK_LIMITS_H
#define RELOK_LIMITS_H

/* ------------------------------------------------------------ input files */

/* A data file larger than this is a mistake, not a country: the largest
 * hand-written country file is a few tens of KB. */
#define RELOK_MAX_FILE_BYTES (4u * 1024u * 1024u)

/* Trips in one log: 10 years of weekly border runs is ~520; a log of 5000
 * rows is far beyond any real life and still cheap to evaluate. */
#define RELOK_MAX_TRIPS 5000u

/* Length of one CSV line in a trip log. */
#define RELOK_MAX_CSV_LINE 1024u

/* ------------------------------------------------------------- stay rules */

/* Parts of one all_of rule (Türkiye needs 2). */
#define RELOK_MAX_RULE_PARTS 8u

/* Simple rules (leaves) in one whole rule, nested all_of flattened: what the
 * stay engine evaluates side by side (RELOK_STAY_MAX_PARTS in stay.h). */
#define RELOK_MAX_RULE_LEAVES 8u

/* How deep a rule may sit inside the top rule (all_of inside all_of): the
 * top rule is at depth 0, its parts at 1. Real rules use 1. */
#define RELOK_MAX_RULE_DEPTH 3u

/* Longest max_days / window_days / min_gap_days: ten years covers every real
 * rule and keeps day arithmetic far from overflow. */
#define RELOK_MAX_RULE_DAYS 3660

/* Longest stay horizon the engine searches forward for a latest exit or an
 * earliest re-entry: 20 years covers every rule we model. */
#define RELOK_MAX_HORIZON_DAYS 7305

/* Buffers for a file path the program builds or the API fills
 * (relok_kb_default_dir, relok_diary_default_path: pass one this big): a KB
 * file, the diary, a static file of the web UI. PATH_MAX is not portable and
 * user paths come whole from the command line, so this only bounds paths
 * we join. */
#define RELOK_PATH_BUF 4096u

/* ------------------------------------------------------------ HTTP server */

/* Request body (a trip log of RELOK_MAX_TRIPS rows or a profile fits in
 * 512 KiB), headers, connections, per-connection timeout. */
#define RELOK_MAX_BODY_BYTES (512u * 1024u)
#define RELOK_MAX_HEADERS 64u
#define RELOK_MAX_CONNECTIONS 512u
#define RELOK_CONNECTION_TIMEOUT_S 10u

/* Memory libmicrohttpd may use per connection for the request line, the
 * headers and its read buffer (MHD_OPTION_CONNECTION_MEMORY_LIMIT); a
 * request whose head does not fit is refused by libmicrohttpd itself. Real
 * browsers send 1-2 KiB of headers. */
#define RELOK_MAX_REQUEST_HEAD_BYTES (32u * 1024u)

/* ------------------------------------------------------------ simulations */

/* One ensemble of relok_sim_run (the CLI, MPI, the fit): agents per run,
 * runs (their quantiles are taken on the stack, RELOK_MAX_ENSEMBLE_RUNS
 * doubles), worker threads, and the horizon in days from the first
 * simulated day (the daily tables index days with 16 bits). */
#define RELOK_MAX_ENSEMBLE_AGENTS 100000000u
#define RELOK_MAX_ENSEMBLE_RUNS 1000u
#define RELOK_MAX_SIM_THREADS 256u
#define RELOK_MAX_SIM_HORIZON_DAYS 65535u

/* ------------------------------------------------ simulations over HTTP */

/* POST /api/sim runs an ensemble in the request's thread, so its size is
 * capped for time and memory (docs/api.md "Scenarios"): agents per run;
 * runs (the 90 % band needs a handful; the CLI and MPI do the big ones);
 * the horizon, as days from the first simulated day (2022-01-01 to
 * 2030-12-31); agents x runs (time: 10 000 x 16 took 0.85 s of CPU in a
 * release build, mostly each run's fixed set-up); runs x days (the daily
 * tables, ~2 KiB per run-day: 40 000 run-days ~ 80 MiB). One such request
 * runs at a time. */
#define RELOK_MAX_SIM_AGENTS 20000u
#define RELOK_MAX_SIM_RUNS 16u
#define RELOK_MAX_SIM_DAYS 3287u
#define RELOK_MAX_SIM_AGENT_RUNS 160000u
#define RELOK_MAX_SIM_RUN_DAYS 40000u
/* relok serve's precomputed scenario ensembles, unless --sim-agents and
 * --sim-runs say otherwise: within the caps above. */
#define RELOK_SERVE_SIM_AGENTS 10000u
#define RELOK_SERVE_SIM_RUNS 16u

#endif
