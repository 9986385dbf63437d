/* SPDX-License-Identifier: MIT */
/* Trip logs: reading CSV and JSON logs into relok_trip arrays, checking a
 * log as a whole, and writing logs back out. Engine layer; relok_trips_load
 * reads one file, everything else is pure.
 *
 * CSV:  country,entry,exit[,status]      one trip per line
 *       GE,2023-01-02,,visit             an empty exit means "ongoing"
 *       optional header line: country,entry,exit[,status]; status is visit
 *       (the default) or permit; no quoting, no spaces around fields, empty
 *       lines are skipped, \n or \r\n line ends, an optional UTF-8 BOM.
 * JSON: [{"country": "GE", "entry": "2023-01-02", "exit": null,
 *         "status": "visit"}]             exit null or absent: ongoing
 * A permit row records a residence or work permit held over [entry, exit]:
 * its days do not count against visitor rules (stay.h). */
#ifndef RELOK_TRIPS_H
#define RELOK_TRIPS_H

#include "arena.h"
#include "stay.h"

typedef enum relok_trips_format {
    RELOK_TRIPS_AUTO = 0, /* JSON when the first non-blank byte is '[', else CSV */
    RELOK_TRIPS_CSV = 1,
    RELOK_TRIPS_JSON = 2
} relok_trips_format;

/* Parse a trip log (len bytes of text; NULs rejected). Each row is checked
 * on its own: syntax, real dates, an assigned ISO 3166-1 country code, a
 * known status, exit not before entry. Rows keep file order; each trip's
 * `line`/`origin` say where it came from. `source` names the input in
 * errors (a path, "stdin", "request body").
 * OUT: *out (arena memory, valid until the arena is freed) and *out_n, set
 * only on success.
 * RELOK_EPARSE (syntax; err has the line or the JSON position),
 * RELOK_ESCHEMA (wrong fields, unknown country or status; err has the line
 * or the field path, e.g. "[3].country"), RELOK_ERANGE (a date that does not
 * exist, an exit before the entry), RELOK_ELIMIT (more than RELOK_MAX_TRIPS
 * rows, a CSV line longer than RELOK_MAX_CSV_LINE bytes), RELOK_ENOMEM. */
RELOK_API relok_status relok_trips_parse(const char *text, size_t len, relok_trips_format fmt,
                                         const char *source, relok_arena *arena,
                                         relok_trip **out, size_t *out_n, relok_error *err);

/* Read the file at path (at most RELOK_MAX_FILE_BYTES) and parse it; fmt
 * AUTO also looks at the name (".json", ".csv"). Same statuses plus
 * RELOK_EIO. */
RELOK_API relok_status relok_trips_load(const char *path, relok_trips_format fmt,
                                        relok_arena *arena, relok_trip **out, size_t *out_n,
                                        relok_error *err);

/* Check a log as a whole as of `check` (the first problem in log order wins):
 *   - entries after the check date, and visit exits after it (a permit may
 *     end after it: that is its expiry)           -> RELOK_ERANGE
 *   - more than one ongoing visit                  -> RELOK_ESCHEMA
 *   - two visits to one country sharing more than the boundary day (an exit
 *     and a same-day re-entry share one day)       -> RELOK_ESCHEMA
 *   - visits to two countries sharing more than the boundary day (one cannot
 *     be in two places at once)                    -> RELOK_ESCHEMA
 *   - anything relok_trips_parse checks per row (for logs built elsewhere)
 * Errors name the row: the CSV line (err->line), the JSON field path
 * (err->path, e.g. "[3].exit") or the diary trip ("trip 12"), with `source`.
 * After success the log meets every precondition of relok_stay_eval. */
RELOK_API relok_status relok_trips_validate(const relok_trip *trips, size_t n, relok_day check,
                                            const char *source, relok_error *err);

/* As relok_trips_validate, but a log may also hold a plan: visits that
 * start after the check date (each needs an exit: RELOK_ERANGE on "entry"
 * otherwise) and visits that span it. Permits still may not start after
 * it. Overlaps are checked over the whole log, plans included. Split the
 * log with relok_trips_split before asking the engine (stay.h). */
RELOK_API relok_status relok_trips_validate_plans(const relok_trip *trips, size_t n,
                                                  relok_day check, const char *source,
                                                  relok_error *err);

/* The trips that count for `country` (and, when `also` is not NULL, for
 * every code for which also(code, ud) is true: members of the same zone),
 * copied into out (room for n entries). Returns how many were copied. */
RELOK_API size_t relok_trips_filter(const relok_trip *trips, size_t n, const char *country,
                                    bool (*also)(const char *code, void *ud), void *ud,
                                    relok_trip *out);

/* Write a log as CSV with a header line (country,entry,exit,status), one
 * trip per line in the given order. OUT: *out, malloc'd, free with
 * relok_trips_text_free. RELOK_ENOMEM. */
RELOK_API relok_status relok_trips_to_csv(const relok_trip *trips, size_t n, char **out,
                                          relok_error *err);
/* relok_trips_to_json flags. */
#define RELOK_TRIPS_JSON_PRETTY 1u /* indented (RELOK_JSON_PRETTY) */
#define RELOK_TRIPS_JSON_IDS 2u    /* add "id" (the trip's `line`) to each object */

/* Write a log as a JSON array (the format relok_trips_parse reads, unless
 * RELOK_TRIPS_JSON_IDS adds ids). Same ownership and statuses. */
RELOK_API relok_status relok_trips_to_json(const relok_trip *trips, size_t n, unsigned flags,
                                           char **out, relok_error *err);
RELOK_API void relok_trips_text_free(char *text);

#endif
