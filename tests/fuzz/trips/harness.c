/* SPDX-License-Identifier: MIT */
/* Fuzz harness for the trip-log readers (CSV and JSON) and, for logs that
 * parse and validate, the stay engine under three rules and the JSON of its
 * answer. libFuzzer entry point; also linked into tests/fuzz/replay.c, which
 * replays the corpus under the sanitizers on every test run. The first byte
 * picks the format: 'c' CSV, 'j' JSON, anything else automatic. */
#include "relok/json.h"
#include "relok/stay.h"
#include "relok/trips.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    relok_arena *a = relok_arena_new(64u * 1024u * 1024u);
    if (a == NULL)
        return 0;
    relok_trips_format fmt = data[0] == 'c'   ? RELOK_TRIPS_CSV
                             : data[0] == 'j' ? RELOK_TRIPS_JSON
                                              : RELOK_TRIPS_AUTO;
    relok_trip *t = NULL;
    size_t n = 0;
    relok_error err = {0};
    /* 2024-06-30: a fixed check date inside every supported range. */
    const relok_day check = 19904;
    if (relok_trips_parse((const char *)(data + 1), size - 1, fmt, "fuzz", a, &t, &n, &err) ==
            RELOK_OK &&
        relok_trips_validate(t, n, check, "fuzz", &err) == RELOK_OK) {
        relok_rule parts[2] = {
            {RELOK_RULE_PER_ENTRY, 60, RELOK_RULE_UNSET, RELOK_RULE_UNSET, RELOK_DAY_NONE, NULL, 0},
            {RELOK_RULE_ROLLING, 90, 180, RELOK_RULE_UNSET, 19384, NULL, 0}};
        relok_rule rules[3] = {
            {RELOK_RULE_ROLLING, 90, 180, RELOK_RULE_UNSET, RELOK_DAY_NONE, NULL, 0},
            {RELOK_RULE_ANCHORED, 30, 60, RELOK_RULE_UNSET, RELOK_DAY_NONE, NULL, 0},
            {RELOK_RULE_ALL_OF, RELOK_RULE_UNSET, RELOK_RULE_UNSET, RELOK_RULE_UNSET,
             RELOK_DAY_NONE, parts, 2}};
        for (size_t r = 0; r < 3; r++) {
            relok_rule_span span = {RELOK_DAY_MIN, RELOK_DAY_MAX, &rules[r]};
            relok_stay_answer ans;
            if (relok_stay_eval(&span, 1, t, n, check, &ans, NULL) == RELOK_OK) {
                char *json = NULL;
                if (relok_stay_answer_json(&ans, 0, &json, NULL) == RELOK_OK)
                    relok_json_free(json);
            } else {
                abort(); /* a validated log must always evaluate */
            }
        }
        char *csv = NULL;
        if (relok_trips_to_csv(t, n, &csv, NULL) == RELOK_OK)
            relok_trips_text_free(csv);
    }
    relok_arena_free(a);
    return 0;
}
