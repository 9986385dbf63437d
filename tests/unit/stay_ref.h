/* SPDX-License-Identifier: MIT */
/* A plain day-by-day reference for the stay engine, written from the
 * definitions in include/relok/stay.h without looking at engine.c: it keeps
 * one flag per calendar day, counts by walking the days, and answers the
 * forward questions by trying every candidate day. Slow on purpose; used by
 * the property test and by bench/stay for the speed ratio. Test-only code. */
#ifndef RELOK_TEST_STAY_REF_H
#define RELOK_TEST_STAY_REF_H

#include "relok/stay.h"

/* Same contract and answer as relok__stay_eval_h for valid input (the
 * caller guarantees the engine's preconditions). Returns 0, or -1 when out of
 * memory. */
int ref_stay_eval(const relok_rule_span *spans, size_t n_spans, const relok_trip *trips,
                  size_t n_trips, relok_day check, int32_t horizon_days,
                  relok_stay_answer *out);

#endif
