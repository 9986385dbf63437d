/* SPDX-License-Identifier: MIT */
/* The trip diary: the person's own trip log in a local SQLite file (DESIGN.md,
 * "Privacy and safety": personal data stays on the person's machine).
 * Engine layer, with file I/O. The file is created with mode 0600 in a
 * directory created with mode 0700, uses WAL, carries its schema version in
 * PRAGMA user_version and is migrated forward on open. Every change is one
 * transaction and is validated together with the stored trips first, so a
 * rejected input leaves the diary exactly as it was. SQL uses bound
 * parameters only. sqlite3 objects never leave diary.c. */
#ifndef RELOK_DIARY_H
#define RELOK_DIARY_H

#include "arena.h"
#include "stay.h"
#include "trips.h"

typedef struct relok_diary relok_diary;

/* The schema version this library writes. */
#define RELOK_DIARY_SCHEMA 2

/* relok_diary_open flags. */
#define RELOK_DIARY_CREATE 1u   /* create the file (and its directory) if missing */
#define RELOK_DIARY_READONLY 2u /* open for reading only (list, export) */

/* The default diary path: $XDG_DATA_HOME/relok/diary.db when XDG_DATA_HOME is
 * an absolute path, else $HOME/.local/share/relok/diary.db. Written into buf
 * (always NUL-terminated). RELOK_ENOTFOUND when neither variable is usable,
 * RELOK_ELIMIT when the path does not fit. */
RELOK_API relok_status relok_diary_default_path(char *buf, size_t buf_len, relok_error *err);

/* Open the diary at path. With RELOK_DIARY_CREATE a missing file is created
 * (mode 0600; missing directories 0700); an existing file keeps its mode.
 * OUT: *out, a new handle to close with relok_diary_close; NULL on failure.
 * RELOK_ENOTFOUND (no such file and no CREATE), RELOK_EIO (cannot create or
 * open), RELOK_EDB (not a diary, damaged, or written by a newer relok). */
RELOK_API relok_status relok_diary_open(const char *path, unsigned flags, relok_diary **out,
                                        relok_error *err);
/* Close; accepts NULL. */
RELOK_API void relok_diary_close(relok_diary *d);

/* The schema version stored in the open file. */
RELOK_API int relok_diary_schema(const relok_diary *d);

/* Every stored trip ordered by entry date, then id. Each trip has origin
 * RELOK_TRIP_FROM_DIARY and its id in `line`.
 * OUT: *out (arena memory) and *out_n, set only on success. RELOK_EDB
 * (including a stored row that does not read back as a valid trip),
 * RELOK_ENOMEM. */
RELOK_API relok_status relok_diary_list(relok_diary *d, relok_arena *arena, relok_trip **out,
                                        size_t *out_n, relok_error *err);

/* Add one trip after checking it against the stored trips as of `today`
 * (relok_trips_validate_plans: a visit after today, with an exit, is a plan)
 * (relok_trips_validate). OUT: *out_id, the new trip's id (may be NULL).
 * Validation statuses (RELOK_ESCHEMA, RELOK_ERANGE), RELOK_EDB. */
RELOK_API relok_status relok_diary_add(relok_diary *d, const relok_trip *trip, relok_day today,
                                       int64_t *out_id, relok_error *err);

/* Close the visit in progress in `country` on `exit` (validated as above).
 * OUT: *out_id, that trip's id (may be NULL). RELOK_ENOTFOUND when no visit
 * to that country is in progress; validation statuses; RELOK_EDB. */
RELOK_API relok_status relok_diary_end(relok_diary *d, const char *country, relok_day exit,
                                       relok_day today, int64_t *out_id, relok_error *err);

/* Remove trip `id`. RELOK_ENOTFOUND when there is none; RELOK_EDB. */
RELOK_API relok_status relok_diary_remove(relok_diary *d, int64_t id, relok_error *err);

/* Add every trip of a log in one transaction: all of them after validating
 * them together with the stored trips as of `today`, or none (errors name
 * the log's line or field, with `source`). OUT: *out_added (may be NULL).
 * Validation statuses, RELOK_ELIMIT (the diary would exceed
 * RELOK_MAX_TRIPS), RELOK_EDB. */
RELOK_API relok_status relok_diary_import(relok_diary *d, const relok_trip *trips, size_t n,
                                          relok_day today, const char *source,
                                          size_t *out_added, relok_error *err);

/* Read a CSV or JSON log file and import it (relok_trips_load + import).
 * Adds RELOK_EIO and the parse statuses of relok_trips_parse. */
RELOK_API relok_status relok_diary_import_file(relok_diary *d, const char *path,
                                               relok_trips_format fmt, relok_day today,
                                               size_t *out_added, relok_error *err);

/* The stored log as text: CSV (relok_trips_to_csv) or JSON
 * (relok_trips_to_json, pretty), in the order of relok_diary_list.
 * OUT: *out, malloc'd, free with relok_trips_text_free. RELOK_EINVAL for
 * RELOK_TRIPS_AUTO, RELOK_EDB, RELOK_ENOMEM. */
RELOK_API relok_status relok_diary_export(relok_diary *d, relok_trips_format fmt, char **out,
                                          relok_error *err);

#endif
