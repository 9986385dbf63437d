/* SPDX-License-Identifier: MIT */
/* The catalogue of malformed trip logs in tests/data/trips/bad/, each with
 * the error it must produce when read and validated as of CATALOGUE_CHECK.
 * Shared by test_trips.c (the messages) and test_diary.c (an import of each
 * must leave the diary unchanged). Test-only, header-only. */
#ifndef RELOK_TEST_TRIPS_CATALOGUE_H
#define RELOK_TEST_TRIPS_CATALOGUE_H

#include "relok/error.h"

#define CATALOGUE_CHECK "2024-06-30"

typedef struct bad_log {
    const char *file;    /* under tests/data/trips/bad/ */
    relok_status status; /* expected status */
    unsigned line;       /* expected err.line (CSV), 0 for JSON */
    const char *path;    /* expected err.path ("" for none) */
    const char *msg;     /* a substring of err.msg */
} bad_log;

static const bad_log bad_logs[] = {
    /* overlaps, ongoing trips, dates after the check date */
    {"overlap-same-country.csv", RELOK_ESCHEMA, 3, "entry", "overlaps the one on line 2"},
    {"cross-country-overlap.csv", RELOK_ESCHEMA, 3, "entry",
     "overlaps the visit to GE on line 2 by more than the day of the border crossing"},
    {"ongoing-overlap.csv", RELOK_ESCHEMA, 3, "entry", "overlaps the visit to GE on line 2"},
    {"json-overlap.json", RELOK_ESCHEMA, 0, "[1].entry", "overlaps the one on [0]"},
    {"two-ongoing.csv", RELOK_ESCHEMA, 2, "exit", "only one trip can be in progress"},
    {"exit-after-check.csv", RELOK_ERANGE, 1, "exit", "is after the date checked (2024-06-30)"},
    {"entry-after-check.json", RELOK_ERANGE, 0, "[0].entry", "is after the date checked"},
    {"permit-after-check.csv", RELOK_ERANGE, 3, "entry", "2024-08-01 is after the date checked"},
    /* impossible or malformed dates */
    {"exit-before-entry.csv", RELOK_ERANGE, 1, "exit",
     "the exit 2024-03-01 is before the entry 2024-03-10"},
    {"json-exit-before-entry.json", RELOK_ERANGE, 0, "[2].exit", "is before the entry"},
    {"impossible-date.csv", RELOK_ERANGE, 2, "entry", "2023-02-29"},
    {"impossible-month.json", RELOK_ERANGE, 0, "[0].entry", "month 13"},
    {"bad-date-syntax.csv", RELOK_EPARSE, 1, "entry", "'01.02.2024' is not a date"},
    {"trailing-junk.csv", RELOK_EPARSE, 1, "exit", "'2024-01-05x' is not a date"},
    {"spaces.csv", RELOK_EPARSE, 1, "entry", "' 2024-01-01' is not a date"},
    {"json-date-number.json", RELOK_EPARSE, 0, "[0].entry", ""},
    {"missing-entry.csv", RELOK_ESCHEMA, 1, "entry", "the entry date is missing"},
    {"json-missing-entry.json", RELOK_ESCHEMA, 0, "[0].entry", "required field 'entry'"},
    /* countries and statuses */
    {"unknown-country.csv", RELOK_ESCHEMA, 1, "country", "'XX' is not an ISO 3166-1 alpha-2"},
    {"lowercase-country.csv", RELOK_ESCHEMA, 1, "country", "'ge' is not an ISO 3166-1 alpha-2"},
    {"unknown-country.json", RELOK_ESCHEMA, 0, "[1].country", "'SU' is not an ISO 3166-1"},
    {"bad-status.csv", RELOK_ESCHEMA, 1, "status", "'tourist' is not a status"},
    {"json-bad-status.json", RELOK_ESCHEMA, 0, "[0].status", "'tourist' is not one of"},
    /* CSV shape */
    {"too-many-fields.csv", RELOK_ESCHEMA, 1, "", "expected 3 or 4 fields"},
    {"too-few-fields.csv", RELOK_ESCHEMA, 1, "", "expected 3 or 4 fields"},
    {"quoted.csv", RELOK_EPARSE, 1, "", "quoted fields are not supported"},
    {"stray-cr.csv", RELOK_EPARSE, 1, "", "control character 0x0d"},
    {"header-late.csv", RELOK_ESCHEMA, 2, "country", "'country' is not an ISO"},
    {"nul-byte.csv", RELOK_EPARSE, 0, "", "NUL byte"},
    {"long-line.csv", RELOK_ELIMIT, 1, "", "longer than 1024 bytes"},
    /* JSON shape */
    {"json-syntax.json", RELOK_EPARSE, 1, "", "JSON syntax"},
    {"json-not-list.json", RELOK_ESCHEMA, 0, "", "expected a list of trips"},
    {"json-unknown-key.json", RELOK_ESCHEMA, 0, "[0].days", "unknown key 'days'"},
    {"json-duplicate-key.json", RELOK_EPARSE, 1, "", "duplicate"},
};

#define N_BAD_LOGS (sizeof bad_logs / sizeof *bad_logs)

#endif
