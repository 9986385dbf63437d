/* SPDX-License-Identifier: MIT */
/* Every cap on outside input, in one place, each with its reason
 * (as SQLite's sqliteLimit.h). Base layer. */
#ifndef RELOK_LIMITS_H
#define RELOK_LIMITS_H

/* A data file larger than this is a mistake, not a country: the largest
 * hand-written country file is a few tens of KB. */
#define RELOK_MAX_FILE_BYTES (4u * 1024u * 1024u)

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

/* Trips in one log: 10 years of weekly border runs is ~520; a log of 5000
 * rows is far beyond any real life and still cheap to evaluate. */
#define RELOK_MAX_TRIPS 5000u

/* Length of one CSV line in a trip log. */
#define RELOK_MAX_CSV_LINE 1024u

/* Parts of an all_of rule (Türkiye needs 2). */
#define RELOK_MAX_RULE_PARTS 8u

/* Longest stay horizon the engine searches forward for a latest exit or an
 * earliest re-entry: 20 years covers every rule we model. */
#define RELOK_MAX_HORIZON_DAYS 7305

/* HTTP: request body (a trip log of RELOK_MAX_TRIPS rows or a profile fits
 * in 512 KiB), headers, connections, per-connection timeout. */
#define RELOK_MAX_BODY_BYTES (512u * 1024u)
#define RELOK_MAX_HEADERS 64u
#define RELOK_MAX_CONNECTIONS 512u
#define RELOK_CONNECTION_TIMEOUT_S 10u

/* HTTP: memory libmicrohttpd may use per connection for the request line,
 * the headers and its read buffer (its MHD_OPTION_CONNECTION_MEMORY_LIMIT);
 * a request whose head does not fit is refused by libmicrohttpd itself.
 * Real browsers send 1-2 KiB of headers. */
#define RELOK_MAX_REQUEST_HEAD_BYTES (32u * 1024u)

/* HTTP: one request's arena (its state, the body, the parsed document and
 * the answer): a body of RELOK_MAX_BODY_BYTES parses into at most a few MiB
 * of nodes, so 64 MiB is never reached by honest input and bounds hostile
 * input per request. */
#define RELOK_MAX_REQUEST_ARENA_BYTES (64u * 1024u * 1024u)

#endif
