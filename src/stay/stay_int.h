/* SPDX-License-Identifier: MIT */
/* Stay layer internals shared by engine.c, trips.c, plan.c and the tests.
 * Engine layer, no I/O. */
#ifndef RELOK_STAY_INT_H
#define RELOK_STAY_INT_H

#include "relok/stay.h"

/* relok_stay_eval with the forward search horizon as a parameter
 * (relok_stay_eval passes RELOK_MAX_HORIZON_DAYS). The property test uses a
 * short horizon so that its day-by-day reference stays fast; the code path is
 * the same. horizon_days must be in 1..RELOK_MAX_HORIZON_DAYS * 4. */
relok_status relok__stay_eval_h(const relok_rule_span *spans, size_t n_spans,
                                const relok_trip *trips, size_t n_trips, relok_day check,
                                int32_t horizon_days, relok_stay_answer *out,
                                relok_error *err);

/* First and last day the engine accepts in a trip (1 Jan RELOK_YEAR_MIN,
 * 31 Dec RELOK_YEAR_MAX). */
relok_day relok__stay_day_lo(void);
relok_day relok__stay_day_hi(void);

#endif
