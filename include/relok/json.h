/* SPDX-License-Identifier: MIT */
/* JSON renderings of KB answers, shared by every `--json` of the CLI and by
 * the HTTP API, so the two faces cannot disagree. Model layer (rendering
 * only). Every function returns malloc'd NUL-terminated text in *out, to be
 * released with relok_json_free. */
#ifndef RELOK_JSON_H
#define RELOK_JSON_H

#include "kb.h"

/* Flags: RELOK_JSON_PRETTY (common.h). */

RELOK_API void relok_json_free(char *s);

/* One row per country: entry and stay for `doc` as of `asof`.
 * RELOK_ENOMEM. */
RELOK_API relok_status relok_json_countries(const relok_kb *kb, relok_doc doc, relok_day asof,
                                            unsigned flags, char **out, relok_error *err);
/* Everything known about country c in force on `asof`. */
RELOK_API relok_status relok_json_country(const relok_kb *kb, const relok_country *c,
                                          relok_day asof, unsigned flags, char **out,
                                          relok_error *err);
/* The dated timeline of rule versions, rule changes and data corrections. */
RELOK_API relok_status relok_json_history(const relok_kb *kb, const relok_country *c,
                                          unsigned flags, char **out, relok_error *err);
/* The sources registry, or one source when id is not NULL (RELOK_ENOTFOUND
 * when there is no such source). */
RELOK_API relok_status relok_json_sources(const relok_kb *kb, const char *id, unsigned flags,
                                          char **out, relok_error *err);
/* KB statistics (see relok_kb_stats in kb_stats.h). */
RELOK_API relok_status relok_json_kb_stats(const relok_kb *kb, unsigned flags, char **out,
                                           relok_error *err);
/* A validation report: {"ok": bool, "errors": [{file, line, column, path,
 * message}]}. */
RELOK_API relok_status relok_json_diags(const relok_diags *d, unsigned flags, char **out,
                                        relok_error *err);

#endif
