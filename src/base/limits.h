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

/* Buffers for a file path built by the program (a KB file, the diary, a
 * static file of the web UI): PATH_MAX is not portable and user paths come
 * whole from the command line, so this only bounds paths we join. */
#define RELOK_PATH_BUF 4096u

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
/* An HTTP ensemble fits the simulator's own bounds. */
_Static_assert(RELOK_MAX_SIM_AGENT_RUNS >= RELOK_MAX_SIM_AGENTS,
               "one run of the most agents is allowed");
_Static_assert(RELOK_MAX_SIM_RUN_DAYS >= RELOK_MAX_SIM_DAYS, "one run to the furthest horizon is allowed");

#endif
