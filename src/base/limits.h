/* SPDX-License-Identifier: MIT */
/* Every cap on outside input, in one place, each with its reason (as
 * SQLite's sqliteLimit.h). The ones a user may meet are public
 * (relok/limits.h); these are internal. Related limits are checked against
 * each other here, at compile time. Base layer. */
#ifndef RELOK_BASE_LIMITS_H
#define RELOK_BASE_LIMITS_H

#include "relok/limits.h"

/* Nesting depth of YAML/JSON input. Our formats need at most ~8 levels
 * (country > stay > versions > rule > all_of > rule); the cap stops stack
 * exhaustion on hostile input (jq's MAX_PARSING_DEPTH). */
#define RELOK_MAX_DEPTH 32

/* Length of any single scalar (a note, a title). Longer text belongs in a
 * source, not in the KB. */
#define RELOK_MAX_SCALAR_BYTES (16u * 1024u)

/* Nodes in one parsed document: bounds memory for one request or file. */
#define RELOK_MAX_NODES 200000u

/* Items in any one list (facts of a kind in a country, trips in a log...). */
#define RELOK_MAX_LIST 20000u

/* Files per KB directory and memory for one loaded KB. */
#define RELOK_MAX_KB_FILES 1000u
#define RELOK_MAX_KB_BYTES (256u * 1024u * 1024u)

/* HTTP: one request's arena (its state, the body, the parsed document and
 * the answer): a body of RELOK_MAX_BODY_BYTES parses into at most a few MiB
 * of nodes, so 64 MiB is never reached by honest input and bounds hostile
 * input per request. */
#define RELOK_MAX_REQUEST_ARENA_BYTES (64u * 1024u * 1024u)

/* Stay-rule versions one country (or zone) timeline may have for a
 * document; the engine and the advisor hold them on the stack. */
#define RELOK_MAX_STAY_VERSIONS 32

/* The most countries the advisor's `top` may ask for: more than any KB
 * holds (one file per country). */
#define RELOK_MAX_ADVISE_TOP 10000ul

/* ------------------------------------------- relok serve (docs/api.md) */

/* The most worker threads --threads may ask for: beyond this, threads only
 * add contention on a host that serves a community. */
#define RELOK_MAX_SERVER_THREADS 64u
/* A request head (request line and headers) must be complete this long
 * after the connection opens or the previous answer was sent; bytes that
 * trickle in do not extend it (slowloris). Browsers send a head at once. */
#define RELOK_HEAD_TIMEOUT_S 10u
/* A body must be complete this long after its head: 512 KiB at a slow
 * 20 KiB/s mobile uplink takes ~26 s. */
#define RELOK_BODY_TIMEOUT_S 30u
/* Connections from one client address: a browser opens at most 6 per host;
 * a household behind one NAT a few browsers. (All connections:
 * RELOK_MAX_CONNECTIONS, relok/limits.h.) */
#define RELOK_MAX_CONNS_PER_IP 32u
/* Body bytes held in memory across all requests at once; beyond it new
 * bodies get 503 with Retry-After. 32 MiB = 64 bodies at the 512 KiB cap. */
#define RELOK_BODY_BUDGET_BYTES (32u * 1024u * 1024u)
/* libmicrohttpd's own connection limit is set this much above ours, so
 * that it accepts and the guard chooses whom to drop at the limit (the
 * connection idle longest, not the newcomer); the slot table has twice the
 * spare, as libmicrohttpd counts a closing connection out before its CLOSED
 * notification comes. */
#define RELOK_GUARD_SPARE_CONNS 64u
/* Seconds a client refused by the budget is asked to wait. */
#define RELOK_RETRY_AFTER_S 1u
/* Longest URL path the static files are looked up by: far beyond any
 * asset name. */
#define RELOK_MAX_STATIC_PATH 512u

/* ---------------------------------------------- limits against each other */

/* A deepest rule (each all_of level is a map and a list) inside a country
 * file (country > stay > versions > item, 8 levels) must fit the parser. */
_Static_assert(8 + 2 * (RELOK_MAX_RULE_DEPTH + 1) <= RELOK_MAX_DEPTH,
               "the deepest rule fits the document depth cap");
/* One all_of's parts are leaves of the whole rule. */
_Static_assert(RELOK_MAX_RULE_PARTS <= RELOK_MAX_RULE_LEAVES,
               "an all_of's parts fit the whole rule's leaves");
/* The search horizon covers every window and stay a rule can name. */
_Static_assert(RELOK_MAX_RULE_DAYS <= RELOK_MAX_HORIZON_DAYS,
               "the stay search reaches past the longest rule window");
/* A trip log, a file and a list: every row must be readable. */
_Static_assert(RELOK_MAX_TRIPS <= RELOK_MAX_LIST, "a full trip log is one list");
_Static_assert(RELOK_MAX_BODY_BYTES <= RELOK_MAX_FILE_BYTES,
               "a request body is no bigger than a data file");
_Static_assert(RELOK_MAX_CSV_LINE <= RELOK_MAX_SCALAR_BYTES, "a CSV line fits one scalar");
_Static_assert(RELOK_MAX_REQUEST_ARENA_BYTES >= 16u * RELOK_MAX_BODY_BYTES,
               "a request arena holds the body, its parse and the answer");
_Static_assert(RELOK_MAX_FILE_BYTES <= RELOK_MAX_KB_BYTES, "one file fits a KB");
/* Every country of a KB can be asked for. */
_Static_assert(RELOK_MAX_ADVISE_TOP >= RELOK_MAX_KB_FILES, "top reaches every country");
/* The server's caps against each other. */
_Static_assert(RELOK_MAX_CONNS_PER_IP <= RELOK_MAX_CONNECTIONS,
               "one address gets no more than all connections");
_Static_assert(RELOK_MAX_SERVER_THREADS <= RELOK_MAX_CONNECTIONS,
               "every worker thread can hold a connection");
_Static_assert(RELOK_BODY_BUDGET_BYTES >= 2u * RELOK_MAX_BODY_BYTES,
               "the body budget admits more than one largest body");
/* Head buffers of every connection stay under 20 MiB (with the spare). */
_Static_assert((unsigned long long)RELOK_MAX_REQUEST_HEAD_BYTES *
                       (RELOK_MAX_CONNECTIONS + 2u * RELOK_GUARD_SPARE_CONNS) <=
                   20ull * 1024u * 1024u,
               "connection head buffers stay bounded");
_Static_assert(RELOK_HEAD_TIMEOUT_S <= RELOK_BODY_TIMEOUT_S,
               "a head is due no later than a body");
_Static_assert(RELOK_RETRY_AFTER_S < RELOK_HEAD_TIMEOUT_S,
               "a refused client may retry before a head deadline");
/* A static path plus a web root suffix fits a path buffer. */
_Static_assert(RELOK_MAX_STATIC_PATH + 16u < RELOK_PATH_BUF, "a static file path fits");
/* An HTTP ensemble fits the simulator's own bounds. */
_Static_assert(RELOK_SERVE_SIM_AGENTS <= RELOK_MAX_SIM_AGENTS &&
                   RELOK_SERVE_SIM_RUNS <= RELOK_MAX_SIM_RUNS &&
                   RELOK_SERVE_SIM_AGENTS * RELOK_SERVE_SIM_RUNS <= RELOK_MAX_SIM_AGENT_RUNS,
               "relok serve's default ensemble must be within the API's caps");
_Static_assert(RELOK_MAX_SIM_AGENTS <= RELOK_MAX_ENSEMBLE_AGENTS &&
                   RELOK_MAX_SIM_RUNS <= RELOK_MAX_ENSEMBLE_RUNS &&
                   RELOK_MAX_SIM_DAYS <= RELOK_MAX_SIM_HORIZON_DAYS,
               "an HTTP ensemble is an ensemble the library runs");
_Static_assert(RELOK_MAX_SIM_AGENT_RUNS >= RELOK_MAX_SIM_AGENTS,
               "one run of the most agents is allowed");
_Static_assert(RELOK_MAX_SIM_RUN_DAYS >= RELOK_MAX_SIM_DAYS, "one run to the furthest horizon is allowed");

#endif
