/* SPDX-License-Identifier: MIT */
/* The stay-rule notation shared by data files, the command line and the API:
 *   {kind: rolling, max_days: 90, window_days: 180}
 *   {kind: all_of, rules: [{kind: per_entry, max_days: 60}, {...}]}
 * Model layer: parsing and formatting only, no evaluation (see stay.h). */
#ifndef RELOK_RULE_H
#define RELOK_RULE_H

#include "arena.h"
#include "date.h"
#include "error.h"

#define RELOK_RULE_KIND_MAP(X)                                               \
    X(PER_ENTRY, "per_entry")                                                \
    X(ROLLING, "rolling")                                                    \
    X(ANCHORED, "anchored")                                                  \
    X(CALENDAR_YEAR, "calendar_year")                                        \
    X(HALF_YEAR, "half_year")                                                \
    X(UNKNOWN, "unknown")                                                    \
    X(NONE, "none")                                                          \
    X(ALL_OF, "all_of")                                                      \
    X(NO_LIMIT, "no_limit")

typedef enum relok_rule_kind {
#define RELOK_RULE_KIND_ENUM(name, str) RELOK_RULE_##name,
    RELOK_RULE_KIND_MAP(RELOK_RULE_KIND_ENUM)
#undef RELOK_RULE_KIND_ENUM
    RELOK_RULE_KIND_COUNT_
} relok_rule_kind;

/* Parameter absent. */
#define RELOK_RULE_UNSET (-1)

/* One stay rule. Parameters that do not apply to the kind are RELOK_RULE_UNSET.
 *   per_entry:      max_days, min_gap_days (default 0: every re-entry resets)
 *   rolling:        max_days within any window_days ending on the day checked
 *   anchored:       max_days within window_days from the first entry of the period
 *   calendar_year:  max_days per calendar year
 *   half_year:      max_days per half-year (Jan-Jun, Jul-Dec)
 *   unknown:        max_days, counting unclear: the most cautious reading
 *                   (no reset on exit; window_days optional)
 *   none:           no visa-free stay at all
 *   no_limit:       the law sets no limit (a citizen of a union partner)
 *   all_of:         every rule in `rules` must hold
 * Any kind may carry counts_from: presence before it is not counted
 * (a rule change that is not retroactive). */
typedef struct relok_rule {
    relok_rule_kind kind;
    int32_t max_days;              /* days; RELOK_RULE_UNSET when absent */
    int32_t window_days;           /* days; RELOK_RULE_UNSET when absent */
    int32_t min_gap_days;          /* days; RELOK_RULE_UNSET when absent */
    relok_day counts_from;         /* RELOK_DAY_NONE when absent */
    const struct relok_rule *rules;/* all_of parts; NULL otherwise */
    size_t n_rules;                /* number of parts */
} relok_rule;

/* "rolling" for RELOK_RULE_ROLLING; NULL for an invalid kind. */
RELOK_API const char *relok_rule_kind_name(relok_rule_kind kind);
/* Kind from its name; RELOK_ENOTFOUND when the name is not a kind. */
RELOK_API relok_status relok_rule_kind_parse(const char *name, relok_rule_kind *out);

/* Parse a rule written as YAML or JSON flow text (len bytes of text), e.g.
 * "{kind: rolling, max_days: 90, window_days: 180}". Memory comes from arena
 * and lives as long as it. `source` names the input in errors ("--rule").
 * RELOK_EPARSE for bad syntax, RELOK_ESCHEMA for a wrong key, kind or missing
 * parameter, RELOK_ERANGE for a value out of range. */
RELOK_API relok_status relok_rule_parse(const char *text, size_t len, const char *source,
                                        relok_arena *arena, relok_rule *out,
                                        relok_error *err);

/* Check the parameters of an already built rule (required ones present,
 * ranges sane, nested all_of parts valid). RELOK_ESCHEMA/RELOK_ERANGE with the
 * field path in err. */
RELOK_API relok_status relok_rule_validate(const relok_rule *rule, relok_error *err);

/* Render the rule in the notation's flow form into buf (always NUL-terminated;
 * truncated to buf_len). Returns buf. */
RELOK_API char *relok_rule_format(const relok_rule *rule, char *buf, size_t buf_len);

/* Plain-words description ("90 days in any 180") in lang into buf. */
RELOK_API char *relok_rule_describe(const relok_rule *rule, int lang, char *buf,
                                    size_t buf_len);

#endif
