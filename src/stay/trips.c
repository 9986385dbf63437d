/* SPDX-License-Identifier: MIT */
/* Trip logs: a strict CSV reader, a JSON reader on the shared document tree,
 * whole-log validation with messages that name the line or field, and a CSV
 * writer. Engine layer: relok_trips_load reads one file through os.c; the
 * rest is pure. Limits come from base/limits.h (RELOK_MAX_TRIPS,
 * RELOK_MAX_CSV_LINE, RELOK_MAX_FILE_BYTES). */
#include "relok/trips.h"

#include "base/alloc_int.h"
#include "base/doc_int.h"
#include "base/error_int.h"
#include "base/limits.h"
#include "base/os_int.h"
#include "base/reader_int.h"
#include "stay_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const status_names[] = {"visit", "permit"};

/* ================================================================ places */

/* "line 3", "[2]", "trip 12" or "trip 4 of the log". */
static const char *place_name(const relok_trip *t, size_t index, char *buf, size_t len)
{
    switch (t->origin) {
    case RELOK_TRIP_FROM_CSV:
        snprintf(buf, len, "line %u", t->line);
        break;
    case RELOK_TRIP_FROM_JSON:
        snprintf(buf, len, "[%u]", t->line - 1);
        break;
    case RELOK_TRIP_FROM_DIARY:
        snprintf(buf, len, "trip %u", t->line);
        break;
    case RELOK_TRIP_FROM_ARGV:
        snprintf(buf, len, "the new trip");
        break;
    case RELOK_TRIP_FROM_API:
    default:
        snprintf(buf, len, "trip %zu", index + 1);
        break;
    }
    return buf;
}

/* Fail naming trip t and its field: CSV -> source:line, path = field;
 * JSON -> path "[i].field"; diary -> path "trip N.field". */
#if defined(__GNUC__)
__attribute__((format(printf, 8, 9)))
#endif
static relok_status trip_fail(relok_error *err, relok_status code, const char *reason,
                              const char *source,
                              const relok_trip *t, size_t index, const char *field,
                              const char *fmt, ...)
{
    char path[64], place[32];
    unsigned line = 0;
    if (t->origin == RELOK_TRIP_FROM_CSV) {
        line = t->line;
        snprintf(path, sizeof path, "%s", field);
    } else if (t->origin == RELOK_TRIP_FROM_ARGV) {
        /* The trip typed on the command line: its field says it all. */
        source = NULL;
        snprintf(path, sizeof path, "%s", field);
    } else {
        snprintf(path, sizeof path, "%s.%s", place_name(t, index, place, sizeof place), field);
    }
    va_list ap;
    va_start(ap, fmt);
    relok_status rc = relok__vfail_why(err, code, reason, source, line, 0, path, fmt, ap);
    va_end(ap);
    return rc;
}

/* =================================================================== CSV */

typedef struct csv_field {
    const char *s;
    size_t len;
    unsigned col; /* 1-based byte column */
} csv_field;

static bool field_is(const csv_field *f, const char *word)
{
    return f->len == strlen(word) && memcmp(f->s, word, f->len) == 0;
}

/* Parse a date field; message names the field. */
static relok_status csv_date(const csv_field *f, const char *source, unsigned line,
                             const char *name, relok_day *out, relok_error *err)
{
    relok_error e = {0};
    relok_status rc = relok_date_parse(f->s, f->len, out, &e);
    if (rc == RELOK_OK)
        return RELOK_OK;
    if (rc == RELOK_EPARSE)
        return relok__fail_at(err, rc, source, line, f->col, name,
                              "'%.*s' is not a date (expected YYYY-MM-DD)",
                              (int)(f->len > 40 ? 40 : f->len), f->s);
    return relok__fail_at(err, rc, source, line, f->col, name, "%.*s: %s",
                          (int)(f->len > 40 ? 40 : f->len), f->s, e.msg);
}

static relok_status csv_row(const csv_field *f, size_t nf, const char *source, unsigned line,
                            relok_trip *t, relok_error *err)
{
    memset(t, 0, sizeof *t);
    t->line = line;
    t->origin = RELOK_TRIP_FROM_CSV;
    const csv_field *cc = &f[0];
    bool shape = cc->len == 2 && cc->s[0] >= 'A' && cc->s[0] <= 'Z' && cc->s[1] >= 'A' &&
                 cc->s[1] <= 'Z';
    char code[3] = {0};
    if (shape) {
        code[0] = cc->s[0];
        code[1] = cc->s[1];
    }
    if (!shape || !relok__iso3166_valid(code))
        return relok__fail_at(err, RELOK_ESCHEMA, source, line, cc->col, "country",
                              "'%.*s' is not an ISO 3166-1 alpha-2 country code (two capital "
                              "letters, e.g. GE)",
                              (int)(cc->len > 20 ? 20 : cc->len), cc->s);
    memcpy(t->country, code, 3);
    if (f[1].len == 0)
        return relok__fail_at(err, RELOK_ESCHEMA, source, line, f[1].col, "entry",
                              "the entry date is missing");
    relok_status rc = csv_date(&f[1], source, line, "entry", &t->entry, err);
    if (rc != RELOK_OK)
        return rc;
    t->exit = RELOK_DAY_NONE;
    if (f[2].len > 0) {
        rc = csv_date(&f[2], source, line, "exit", &t->exit, err);
        if (rc != RELOK_OK)
            return rc;
    }
    t->status = RELOK_TRIP_VISIT;
    if (nf == 4 && f[3].len > 0) {
        if (field_is(&f[3], "permit"))
            t->status = RELOK_TRIP_PERMIT;
        else if (!field_is(&f[3], "visit"))
            return relok__fail_at(err, RELOK_ESCHEMA, source, line, f[3].col, "status",
                                  "'%.*s' is not a status (expected visit or permit)",
                                  (int)(f[3].len > 20 ? 20 : f[3].len), f[3].s);
    }
    if (t->exit != RELOK_DAY_NONE && t->exit < t->entry) {
        char b1[RELOK_DATE_BUF], b2[RELOK_DATE_BUF];
        return relok__fail_at(err, RELOK_ERANGE, source, line, f[2].col, "exit",
                              "the exit %s is before the entry %s",
                              relok_date_format(t->exit, b1), relok_date_format(t->entry, b2));
    }
    return RELOK_OK;
}

static relok_status parse_csv(const char *text, size_t len, const char *source,
                              relok_arena *arena, relok_trip **out, size_t *out_n,
                              relok_error *err)
{
    size_t pos = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        pos = 3; /* a UTF-8 byte-order mark, as spreadsheets write */
    /* Upper bound on rows: one per line. */
    size_t n_lines = 1;
    for (size_t i = pos; i < len; i++)
        n_lines += text[i] == '\n';
    size_t cap = n_lines < RELOK_MAX_TRIPS + 1 ? n_lines : RELOK_MAX_TRIPS + 1;
    relok_trip *trips = relok_arena_calloc(arena, cap, sizeof *trips);
    if (trips == NULL)
        return relok__fail_at(err, RELOK_ENOMEM, source, 0, 0, NULL, "out of memory");
    size_t n = 0;
    unsigned line = 0;
    bool seen_row = false;
    while (pos < len) {
        line++;
        const char *start = text + pos;
        const char *nl = memchr(start, '\n', len - pos);
        size_t line_len = nl != NULL ? (size_t)(nl - start) : len - pos;
        pos += line_len + (nl != NULL);
        if (line_len > 0 && start[line_len - 1] == '\r')
            line_len--;
        if (line_len > RELOK_MAX_CSV_LINE)
            return relok__fail_at(err, RELOK_ELIMIT, source, line, 0, NULL,
                                  "the line is longer than %u bytes", RELOK_MAX_CSV_LINE);
        if (line_len == 0)
            continue;
        for (size_t i = 0; i < line_len; i++) {
            unsigned char ch = (unsigned char)start[i];
            if (ch == '"')
                return relok__fail_at(err, RELOK_EPARSE, source, line, (unsigned)i + 1, NULL,
                                      "quoted fields are not supported");
            if (ch == '\r' || ch == '\0' || ch == '\t')
                return relok__fail_at(err, RELOK_EPARSE, source, line, (unsigned)i + 1, NULL,
                                      "unexpected control character 0x%02x", ch);
        }
        csv_field f[5];
        size_t nf = 0, fs = 0;
        for (size_t i = 0; i <= line_len; i++) {
            if (i == line_len || start[i] == ',') {
                if (nf == 5)
                    break;
                f[nf++] = (csv_field){start + fs, i - fs, (unsigned)fs + 1};
                fs = i + 1;
            }
        }
        if (!seen_row && (nf == 3 || nf == 4) && field_is(&f[0], "country") &&
            field_is(&f[1], "entry") && field_is(&f[2], "exit") &&
            (nf == 3 || field_is(&f[3], "status"))) {
            seen_row = true; /* the optional header line */
            continue;
        }
        seen_row = true;
        if (nf < 3 || nf > 4)
            return relok__fail_at(err, RELOK_ESCHEMA, source, line, 0, NULL,
                                  "expected 3 or 4 fields (country,entry,exit[,status]), "
                                  "found %s%zu",
                                  nf > 4 ? "more than " : "", nf > 4 ? (size_t)4 : nf);
        if (n == RELOK_MAX_TRIPS)
            return relok__fail_at(err, RELOK_ELIMIT, source, line, 0, NULL,
                                  "a trip log may have at most %u trips", RELOK_MAX_TRIPS);
        relok_status rc = csv_row(f, nf, source, line, &trips[n], err);
        if (rc != RELOK_OK)
            return rc;
        n++;
    }
    *out = trips;
    *out_n = n;
    return RELOK_OK;
}

/* ================================================================== JSON */

static relok_status parse_json(const char *text, size_t len, const char *source,
                               relok_arena *arena, relok_trip **out, size_t *out_n,
                               relok_error *err)
{
    static const char *const keys[] = {"country", "entry", "exit", "status", NULL};
    relok__node *root = NULL;
    relok_status rc = relok__doc_parse_json(text, len, source, arena, &root, err);
    if (rc != RELOK_OK)
        return rc;
    relok__rd rd;
    relok__rd_init(&rd, source, arena, err, 1);
    relok_trip *trips = NULL;
    size_t n = 0;
    if (relok__rd_expect_seq(&rd, root, "a list of trips") != RELOK_OK)
        goto out;
    if (root->n > RELOK_MAX_TRIPS) {
        relok__rd_error(&rd, root, RELOK_ELIMIT, "a trip log may have at most %u trips",
                        RELOK_MAX_TRIPS);
        goto out;
    }
    trips = relok_arena_calloc(arena, root->n == 0 ? 1 : root->n, sizeof *trips);
    if (trips == NULL) {
        relok__rd_error(&rd, NULL, RELOK_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < root->n && rd.status == RELOK_OK; i++) {
        const relok__node *item = root->items[i];
        relok_trip *t = &trips[n];
        size_t mark = relok__rd_push_index(&rd, i);
        t->line = (unsigned)i + 1;
        t->origin = RELOK_TRIP_FROM_JSON;
        t->exit = RELOK_DAY_NONE;
        int status = 0;
        if (relok__rd_expect_map(&rd, item, "a trip {country, entry, exit, status}") ==
                RELOK_OK &&
            relok__rd_check_keys(&rd, item, keys) == RELOK_OK &&
            relok__rd_country_code(&rd, item, "country", true, t->country) == RELOK_OK &&
            relok__rd_date(&rd, item, "entry", true, &t->entry) == RELOK_OK &&
            relok__rd_date(&rd, item, "exit", false, &t->exit) == RELOK_OK &&
            relok__rd_enum(&rd, item, "status", false, status_names, 2, &status) == RELOK_OK) {
            t->status = status == 1 ? RELOK_TRIP_PERMIT : RELOK_TRIP_VISIT;
            if (t->exit != RELOK_DAY_NONE && t->exit < t->entry) {
                char b1[RELOK_DATE_BUF], b2[RELOK_DATE_BUF];
                size_t m2 = relok__rd_push_key(&rd, "exit");
                relok__rd_error_why(&rd, relok__doc_get(item, "exit"), RELOK_ERANGE,
                                    "exit_before_entry", "the exit %s is before the entry %s",
                                relok_date_format(t->exit, b1), relok_date_format(t->entry, b2));
                relok__rd_pop(&rd, m2);
            }
        }
        relok__rd_pop(&rd, mark);
        n++;
    }
out:
    rc = rd.status;
    relok__rd_done(&rd);
    if (rc == RELOK_OK) {
        *out = trips;
        *out_n = n;
    }
    return rc;
}

/* ================================================================ public */

relok_status relok_trips_parse(const char *text, size_t len, relok_trips_format fmt,
                               const char *source, relok_arena *arena, relok_trip **out,
                               size_t *out_n, relok_error *err)
{
    *out = NULL;
    *out_n = 0;
    if (source == NULL)
        source = "trip log";
    if (text == NULL || arena == NULL)
        return relok__fail(err, RELOK_EINVAL, "no trip log text");
    if (len > RELOK_MAX_FILE_BYTES)
        return relok__fail_at(err, RELOK_ELIMIT, source, 0, 0, NULL,
                              "the trip log is larger than %u bytes", RELOK_MAX_FILE_BYTES);
    if (memchr(text, '\0', len) != NULL)
        return relok__fail_at(err, RELOK_EPARSE, source, 0, 0, NULL,
                              "the trip log contains a NUL byte");
    if (fmt == RELOK_TRIPS_AUTO) {
        size_t i = 0;
        if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
            i = 3;
        while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' ||
                           text[i] == '\n'))
            i++;
        fmt = i < len && (text[i] == '[' || text[i] == '{') ? RELOK_TRIPS_JSON : RELOK_TRIPS_CSV;
    }
    if (fmt == RELOK_TRIPS_JSON)
        return parse_json(text, len, source, arena, out, out_n, err);
    if (fmt == RELOK_TRIPS_CSV)
        return parse_csv(text, len, source, arena, out, out_n, err);
    return relok__fail(err, RELOK_EINVAL, "unknown trip log format %d", (int)fmt);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

relok_status relok_trips_load(const char *path, relok_trips_format fmt, relok_arena *arena,
                              relok_trip **out, size_t *out_n, relok_error *err)
{
    *out = NULL;
    *out_n = 0;
    if (path == NULL || arena == NULL)
        return relok__fail(err, RELOK_EINVAL, "no trip log path");
    char *text = NULL;
    size_t len = 0;
    relok_status rc = relok__os_read_file(path, RELOK_MAX_FILE_BYTES, arena, &text, &len, err);
    if (rc != RELOK_OK)
        return rc;
    if (fmt == RELOK_TRIPS_AUTO && ends_with(path, ".json"))
        fmt = RELOK_TRIPS_JSON;
    else if (fmt == RELOK_TRIPS_AUTO && ends_with(path, ".csv"))
        fmt = RELOK_TRIPS_CSV;
    return relok_trips_parse(text, len, fmt, path, arena, out, out_n, err);
}

/* ============================================================ validation */

static int by_entry_cmp(const void *x, const void *y, const relok_trip *t, relok_day check)
{
    size_t i = *(const size_t *)x, j = *(const size_t *)y;
    if (t[i].entry != t[j].entry)
        return t[i].entry < t[j].entry ? -1 : 1;
    relok_day bi = t[i].exit == RELOK_DAY_NONE ? check : t[i].exit;
    relok_day bj = t[j].exit == RELOK_DAY_NONE ? check : t[j].exit;
    if (bi != bj)
        return bi < bj ? -1 : 1;
    return i < j ? -1 : i > j; /* stable: log order */
}

/* qsort has no context pointer in C17; sort indices with an insertion sort
 * for short logs and a merge sort for long ones. */
static void sort_idx(size_t *idx, size_t *tmp, size_t n, const relok_trip *t, relok_day check)
{
    if (n < 2)
        return;
    if (n <= 16) {
        for (size_t i = 1; i < n; i++) {
            size_t x = idx[i], j = i;
            while (j > 0 && by_entry_cmp(&idx[j - 1], &x, t, check) > 0) {
                idx[j] = idx[j - 1];
                j--;
            }
            idx[j] = x;
        }
        return;
    }
    size_t h = n / 2;
    sort_idx(idx, tmp, h, t, check);
    sort_idx(idx + h, tmp, n - h, t, check);
    size_t a = 0, b = h, k = 0;
    while (a < h && b < n)
        tmp[k++] = by_entry_cmp(&idx[b], &idx[a], t, check) < 0 ? idx[b++] : idx[a++];
    while (a < h)
        tmp[k++] = idx[a++];
    while (b < n)
        tmp[k++] = idx[b++];
    memcpy(idx, tmp, n * sizeof *idx);
}

/* The checks of relok_trips_validate; with plans, visits after the check
 * date (each with an exit) and visits spanning it are accepted. */
static relok_status validate(const relok_trip *trips, size_t n, relok_day check, bool plans,
                             const char *source, relok_error *err)
{
    char b1[RELOK_DATE_BUF], b2[RELOK_DATE_BUF], place[32];
    const relok_day lo = relok__stay_day_lo(), hi = relok__stay_day_hi();
    if (source == NULL)
        source = "trip log";
    if (trips == NULL && n > 0)
        return relok__fail(err, RELOK_EINVAL, "trips is NULL");
    if (n > RELOK_MAX_TRIPS)
        return relok__fail_at(err, RELOK_ELIMIT, source, 0, 0, NULL,
                              "a trip log may have at most %u trips", RELOK_MAX_TRIPS);
    if (check < lo || check > hi)
        return relok__fail(err, RELOK_EINVAL, "the check date is out of range");

    /* Row by row, in log order. */
    size_t ongoing = n;
    for (size_t i = 0; i < n; i++) {
        const relok_trip *t = &trips[i];
        if (t->country[2] != '\0' || !relok__iso3166_valid(t->country))
            return trip_fail(err, RELOK_ESCHEMA, "country_invalid", source, t, i, "country",
                             "'%.2s' is not an ISO 3166-1 alpha-2 country code", t->country);
        if (t->status != RELOK_TRIP_VISIT && t->status != RELOK_TRIP_PERMIT)
            return trip_fail(err, RELOK_ESCHEMA, "value_unknown", source, t, i, "status",
                             "the status must be visit or permit");
        if (t->entry < lo || t->entry > hi)
            return trip_fail(err, RELOK_ERANGE, "date_out_of_range", source, t, i, "entry",
                             "the entry date is outside %d..%d", RELOK_YEAR_MIN, RELOK_YEAR_MAX);
        if (t->exit != RELOK_DAY_NONE && (t->exit < lo || t->exit > hi))
            return trip_fail(err, RELOK_ERANGE, "date_out_of_range", source, t, i, "exit",
                             "the exit date is outside %d..%d", RELOK_YEAR_MIN, RELOK_YEAR_MAX);
        if (t->exit != RELOK_DAY_NONE && t->exit < t->entry)
            return trip_fail(err, RELOK_ERANGE, "exit_before_entry", source, t, i, "exit",
                             "the exit %s is before the entry %s", relok_date_format(t->exit, b1),
                             relok_date_format(t->entry, b2));
        if (plans && t->entry > check && t->status == RELOK_TRIP_VISIT &&
            t->exit == RELOK_DAY_NONE)
            return trip_fail(err, RELOK_ERANGE, "planned_without_exit", source, t, i, "entry",
                             "the entry %s is after the date checked (%s); a planned trip "
                             "needs an exit date",
                             relok_date_format(t->entry, b1), relok_date_format(check, b2));
        if (t->entry > check && !(plans && t->status == RELOK_TRIP_VISIT))
            return trip_fail(err, RELOK_ERANGE, "entry_after_check", source, t, i, "entry",
                             "the entry %s is after the date checked (%s)",
                             relok_date_format(t->entry, b1), relok_date_format(check, b2));
        if (t->status != RELOK_TRIP_VISIT)
            continue;
        if (!plans && t->exit != RELOK_DAY_NONE && t->exit > check)
            return trip_fail(err, RELOK_ERANGE, "exit_after_check", source, t, i, "exit",
                             "the exit %s is after the date checked (%s); leave it empty for "
                             "a trip still in progress",
                             relok_date_format(t->exit, b1), relok_date_format(check, b2));
        if (t->exit == RELOK_DAY_NONE) {
            if (ongoing < n)
                return trip_fail(err, RELOK_ESCHEMA, "ongoing_twice", source, t, i, "exit",
                                 "only one trip can be in progress; %s has no exit either",
                                 place_name(&trips[ongoing], ongoing, place, sizeof place));
            ongoing = i;
        }
    }

    /* Visits in date order: each must start on or after the latest exit
     * before it (the day of a border crossing may be shared). */
    size_t *idx = relok__mallocarray(NULL, n == 0 ? 1 : n, 2 * sizeof *idx);
    if (idx == NULL)
        return relok__fail(err, RELOK_ENOMEM, "out of memory");
    size_t nv = 0;
    for (size_t i = 0; i < n; i++)
        if (trips[i].status == RELOK_TRIP_VISIT)
            idx[nv++] = i;
    sort_idx(idx, idx + n, nv, trips, check);
    relok_status rc = RELOK_OK;
    size_t last = n;
    relok_day maxb = RELOK_DAY_NONE;
    for (size_t k = 0; k < nv; k++) {
        const relok_trip *t = &trips[idx[k]];
        relok_day b = t->exit == RELOK_DAY_NONE ? check : t->exit;
        if (last < n && t->entry < maxb) {
            /* Blame the later visit, unless it is a stored diary trip and
             * the other one is new input: then the input is at fault. */
            size_t bi = idx[k], oi = last;
            if (trips[bi].origin == RELOK_TRIP_FROM_DIARY &&
                trips[oi].origin != RELOK_TRIP_FROM_DIARY) {
                bi = last;
                oi = idx[k];
            }
            const relok_trip *x = &trips[bi], *o = &trips[oi];
            place_name(o, oi, place, sizeof place);
            if (memcmp(o->country, x->country, 2) == 0)
                rc = trip_fail(err, RELOK_ESCHEMA, "trip_overlap", source, x, bi, "entry",
                               "this visit to %s overlaps the one on %s (%s..%s); only the "
                               "day of an exit and re-entry may be shared",
                               x->country, place, relok_date_format(o->entry, b1),
                               relok_date_format(o->exit == RELOK_DAY_NONE ? check : o->exit,
                                                 b2));
            else
                rc = trip_fail(err, RELOK_ESCHEMA, "trip_overlap", source, x, bi, "entry",
                               "this visit to %s overlaps the visit to %s on %s by more than "
                               "the day of the border crossing",
                               x->country, o->country, place);
            break;
        }
        if (maxb == RELOK_DAY_NONE || b > maxb) {
            maxb = b;
            last = idx[k];
        }
    }
    relok__free(idx);
    return rc;
}

relok_status relok_trips_validate(const relok_trip *trips, size_t n, relok_day check,
                                  const char *source, relok_error *err)
{
    return validate(trips, n, check, false, source, err);
}

relok_status relok_trips_validate_plans(const relok_trip *trips, size_t n, relok_day check,
                                        const char *source, relok_error *err)
{
    return validate(trips, n, check, true, source, err);
}

size_t relok_trips_filter(const relok_trip *trips, size_t n, const char *country,
                          bool (*also)(const char *code, void *ud), void *ud, relok_trip *out)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (strcmp(trips[i].country, country) == 0 ||
            (also != NULL && also(trips[i].country, ud)))
            out[m++] = trips[i];
    return m;
}

/* ================================================================ output */

relok_status relok_trips_to_csv(const relok_trip *trips, size_t n, char **out,
                                relok_error *err)
{
    *out = NULL;
    static const char header[] = "country,entry,exit,status\n";
    /* "GE,2023-01-02,2023-02-03,permit\n" is 32 bytes. */
    enum { ROW_MAX = 40 };
    size_t cap = sizeof header + n * ROW_MAX;
    char *buf = relok__malloc(cap);
    if (buf == NULL)
        return relok__fail(err, RELOK_ENOMEM, "out of memory");
    size_t used = sizeof header - 1;
    memcpy(buf, header, used);
    for (size_t i = 0; i < n; i++) {
        char b1[RELOK_DATE_BUF], b2[RELOK_DATE_BUF];
        const relok_trip *t = &trips[i];
        int w = snprintf(buf + used, cap - used, "%.2s,%s,%s,%s\n", t->country,
                         relok_date_format(t->entry, b1),
                         t->exit == RELOK_DAY_NONE ? "" : relok_date_format(t->exit, b2),
                         t->status == RELOK_TRIP_PERMIT ? "permit" : "visit");
        if (w < 0 || (size_t)w >= cap - used) {
            relok__free(buf);
            return relok__fail(err, RELOK_EINTERNAL, "trip row does not fit");
        }
        used += (size_t)w;
    }
    buf[used] = '\0';
    *out = buf;
    return RELOK_OK;
}

void relok_trips_text_free(char *text) { relok__free(text); }
