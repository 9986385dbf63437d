/* SPDX-License-Identifier: MIT */
/* Advisor internals shared by profile.c, engine.c, advise_json.c and the
 * tests. Engine layer, no I/O. */
#ifndef RELOK_ADVISE_INT_H
#define RELOK_ADVISE_INT_H

#include "relok/advise.h"

/* Names of enum values, indexable by the value. */
extern const char *const relok__work_names[RELOK_WORK_COUNT_];
extern const char *const relok__block_names[RELOK_BLOCK_COUNT_];
extern const char *const relok__verdict_names[RELOK_VERDICT_COUNT_];
extern const char *const relok__check_names[RELOK_CHECK_COUNT_];
extern const char *const relok__pathway_status_names[RELOK_PATHWAY_STATUS_COUNT_];
extern const char *const relok__cost_status_names[RELOK_COST_STATUS_COUNT_];
extern const char *const relok__must_names[RELOK_MUST_COUNT_];

/* Weights are 0..RELOK__WEIGHT_MAX each. */
#define RELOK__WEIGHT_MAX 10.0
/* Amounts of money in a profile are 0..RELOK__MONEY_MAX. */
#define RELOK__MONEY_MAX 1e12

/* True when the person (not a family member) has a document of type t valid
 * on day d (no expiry given counts as valid). */
bool relok__profile_holds(const relok_profile *p, relok_doc t, relok_day d);

/* persecuted_in_russia as stated, or derived from the factors. */
bool relok__profile_persecuted(const relok_profile *p);

/* Convert amount from currency `from` to `to` with the KB's rates (units per
 * USD) as of day d. False when a rate is missing (the caller reports an
 * unknown, never a guess). Same currency: the amount unchanged, exactly. */
bool relok__convert(const relok_kb *kb, double amount, const char *from, const char *to,
                    relok_day d, double *out);

/* Format an amount as "USD 50 000" / "GEL 416.67" (no locale) into buf. */
char *relok__fmt_money(double amount, const char *currency, char *buf, size_t len);

/* The summary's reasons: the non-base reasons that moved the scores most
 * (largest |points| first; NULL after the last). */
#define RELOK__SUMMARY_REASONS 3
void relok__advise_top_reasons(const relok_advice_country *c,
                               const relok_advice_reason *best[RELOK__SUMMARY_REASONS]);

/* The summary of relok_advise_json (RELOK_ADVISE_SUMMARY, compact) written
 * directly as text (summary_json.c). OUT: *out for relok_json_free. */
relok_status relok__advise_summary_text(const relok_advice *a, const relok_profile *p,
                                        size_t top, char **out, relok_error *err);

#endif
