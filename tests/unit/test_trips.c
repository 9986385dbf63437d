/* SPDX-License-Identifier: MIT */
/* Trip logs: CSV and JSON readers, whole-log validation with errors that
 * name the line or field (the catalogue of malformed logs in
 * tests/data/trips/bad/), writers that round-trip, limits and allocation
 * failures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/alloc_int.h"
#include "base/limits.h"
#include "relok/json.h"
#include "relok/trips.h"
#include "stay_test_util.h"
#include "trips_catalogue.h"

static void data_path(char *buf, size_t len, const char *dir, const char *file)
{
    const char *root = getenv("RELOK_TEST_DATA");
    snprintf(buf, len, "%s/trips/%s/%s", root != NULL ? root : "tests/data", dir, file);
}

/* Load and validate one file as of the catalogue's check date. */
static relok_status load_and_check(const char *path, relok_arena *a, relok_trip **t,
                                   size_t *n, relok_error *err)
{
    relok_error_clear(err);
    relok_status rc = relok_trips_load(path, RELOK_TRIPS_AUTO, a, t, n, err);
    if (rc == RELOK_OK)
        rc = relok_trips_validate(*t, *n, sd(CATALOGUE_CHECK), path, err);
    return rc;
}

static void test_trips_catalogue_of_malformed_logs_names_the_place(void **state)
{
    (void)state;
    assert_true(N_BAD_LOGS >= 20);
    for (size_t i = 0; i < N_BAD_LOGS; i++) {
        const bad_log *b = &bad_logs[i];
        char path[1024];
        data_path(path, sizeof path, "bad", b->file);
        relok_arena *a = relok_arena_new(0);
        relok_trip *t = NULL;
        size_t n = 0;
        relok_error err;
        relok_status rc = load_and_check(path, a, &t, &n, &err);
        char shown[1024];
        relok_error_format(&err, shown, sizeof shown);
        bool ok = rc == b->status && err.line == b->line && strcmp(err.path, b->path) == 0 &&
                  strstr(err.msg, b->msg) != NULL && strcmp(err.source, path) == 0;
        if (!ok)
            print_error("%s: got %s line=%u path='%s' msg='%s'\n  want %s line=%u path='%s' "
                        "msg~'%s'\n",
                        b->file, relok_status_name(rc), err.line, err.path, err.msg,
                        relok_status_name(b->status), b->line, b->path, b->msg);
        assert_true(ok);
        /* What a user sees: file:line: field: message. */
        assert_non_null(strstr(shown, b->file));
        relok_arena_free(a);
    }
}

static void test_trips_good_logs_parse_in_both_formats(void **state)
{
    (void)state;
    const char *files[] = {"basic.csv", "basic.json", "bom-crlf.csv"};
    for (size_t f = 0; f < 3; f++) {
        char path[1024];
        data_path(path, sizeof path, "good", files[f]);
        relok_arena *a = relok_arena_new(0);
        relok_trip *t;
        size_t n;
        relok_error err;
        relok_status rc = load_and_check(path, a, &t, &n, &err);
        if (rc != RELOK_OK)
            print_error("%s: %s\n", files[f], err.msg);
        assert_int_equal(rc, RELOK_OK);
        assert_true(n == 4 || n == 3);
        assert_string_equal(t[0].country, "GE");
        assert_int_equal(t[0].entry, sd("2023-01-02"));
        assert_int_equal(t[0].exit, sd("2023-03-30"));
        assert_int_equal(t[0].status, RELOK_TRIP_VISIT);
        /* An exit and a re-entry elsewhere on the same day is fine. */
        assert_string_equal(t[1].country, "AM");
        assert_int_equal(t[1].entry, sd("2023-03-30"));
        assert_int_equal(t[2].exit, RELOK_DAY_NONE);
        if (n == 4) {
            assert_int_equal(t[3].status, RELOK_TRIP_PERMIT);
            assert_int_equal(t[3].exit, sd("2024-05-31"));
        }
        if (f == 0) {
            assert_int_equal(t[0].origin, RELOK_TRIP_FROM_CSV);
            assert_int_equal(t[0].line, 2); /* after the header */
        } else if (f == 1) {
            assert_int_equal(t[0].origin, RELOK_TRIP_FROM_JSON);
            assert_int_equal(t[2].line, 3);
        } else {
            assert_int_equal(t[1].line, 4); /* the empty line counts */
        }
        relok_arena_free(a);
    }
}

static void test_trips_writers_round_trip(void **state)
{
    (void)state;
    relok_trip in[] = {visit("GE", "2023-01-02", "2023-03-30"), visit("AM", "2023-03-30", NULL),
                       permit("GE", "2023-06-01", "2024-05-31")};
    char *csv = NULL, *json = NULL;
    assert_int_equal(relok_trips_to_csv(in, 3, &csv, NULL), RELOK_OK);
    assert_string_equal(csv, "country,entry,exit,status\n"
                             "GE,2023-01-02,2023-03-30,visit\n"
                             "AM,2023-03-30,,visit\n"
                             "GE,2023-06-01,2024-05-31,permit\n");
    assert_int_equal(relok_trips_to_json(in, 3, 0, &json, NULL), RELOK_OK);
    assert_string_equal(json, "[{\"country\":\"GE\",\"entry\":\"2023-01-02\",\"exit\":\"2023-03-30\","
                              "\"status\":\"visit\"},{\"country\":\"AM\",\"entry\":\"2023-03-30\","
                              "\"exit\":null,\"status\":\"visit\"},{\"country\":\"GE\",\"entry\":"
                              "\"2023-06-01\",\"exit\":\"2024-05-31\",\"status\":\"permit\"}]");
    const char *texts[] = {csv, json};
    for (size_t k = 0; k < 2; k++) {
        relok_arena *a = relok_arena_new(0);
        relok_trip *t;
        size_t n;
        assert_int_equal(relok_trips_parse(texts[k], strlen(texts[k]), RELOK_TRIPS_AUTO, "x", a,
                                           &t, &n, NULL),
                         RELOK_OK);
        assert_int_equal(n, 3);
        for (size_t i = 0; i < 3; i++) {
            assert_string_equal(t[i].country, in[i].country);
            assert_int_equal(t[i].entry, in[i].entry);
            assert_int_equal(t[i].exit, in[i].exit);
            assert_int_equal(t[i].status, in[i].status);
        }
        relok_arena_free(a);
    }
    relok_trips_text_free(csv);
    relok_json_free(json);
}

static void test_trips_limits(void **state)
{
    (void)state;
    /* One row more than RELOK_MAX_TRIPS. */
    size_t rows = RELOK_MAX_TRIPS + 1;
    char *text = malloc(rows * 32 + 1);
    assert_non_null(text);
    size_t used = 0, before_last = 0;
    relok_day d = sd("2000-01-01");
    for (size_t i = 0; i < rows; i++) {
        char b1[RELOK_DATE_BUF];
        before_last = used;
        used += (size_t)snprintf(text + used, 32, "GE,%s,\n", relok_date_format(d + (int)i, b1));
    }
    relok_arena *a = relok_arena_new(0);
    relok_trip *t = NULL;
    size_t n = 0;
    relok_error err = {0};
    assert_int_equal(relok_trips_parse(text, used, RELOK_TRIPS_CSV, "big.csv", a, &t, &n, &err),
                     RELOK_ELIMIT);
    assert_int_equal(err.line, RELOK_MAX_TRIPS + 1);
    assert_null(t);
    assert_int_equal(n, 0);
    /* Exactly the limit is fine. */
    assert_int_equal(relok_trips_parse(text, before_last, RELOK_TRIPS_CSV, "big.csv", a, &t, &n, NULL),
                     RELOK_OK);
    assert_int_equal(n, RELOK_MAX_TRIPS);
    relok_arena_free(a);
    free(text);
    /* Empty input is an empty log. */
    a = relok_arena_new(0);
    assert_int_equal(relok_trips_parse("", 0, RELOK_TRIPS_AUTO, "e", a, &t, &n, NULL), RELOK_OK);
    assert_int_equal(n, 0);
    assert_int_equal(relok_trips_parse("[]", 2, RELOK_TRIPS_AUTO, "e", a, &t, &n, NULL), RELOK_OK);
    assert_int_equal(n, 0);
    assert_int_equal(relok_trips_parse("country,entry,exit,status\n", 26, RELOK_TRIPS_AUTO, "e", a,
                                       &t, &n, NULL),
                     RELOK_OK);
    assert_int_equal(n, 0);
    relok_arena_free(a);
}

static void test_trips_validate_names_api_and_diary_rows(void **state)
{
    (void)state;
    relok_trip t[] = {visit("GE", "2024-01-01", "2024-01-20"), visit("GE", "2024-01-15", NULL)};
    relok_error err = {0};
    assert_int_equal(relok_trips_validate(t, 2, sd("2024-02-01"), "argv", &err), RELOK_ESCHEMA);
    assert_string_equal(err.path, "trip 2.entry");
    assert_non_null(strstr(err.msg, "overlaps the one on trip 1"));
    t[0].origin = t[1].origin = RELOK_TRIP_FROM_DIARY;
    t[0].line = 17;
    t[1].line = 18;
    relok_error_clear(&err);
    assert_int_equal(relok_trips_validate(t, 2, sd("2024-02-01"), "diary.db", &err),
                     RELOK_ESCHEMA);
    assert_string_equal(err.path, "trip 18.entry");
    assert_non_null(strstr(err.msg, "trip 17"));
    /* Sharing only the boundary day is allowed, even twice on one day. */
    relok_trip ok[] = {visit("GE", "2024-01-01", "2024-01-10"), visit("AM", "2024-01-10", "2024-01-10"),
                       visit("GE", "2024-01-10", NULL), permit("GE", "2024-01-05", "2025-01-01")};
    assert_int_equal(relok_trips_validate(ok, 4, sd("2024-02-01"), "x", NULL), RELOK_OK);
    /* After validation the engine accepts the log. */
    relok_rule r = rule_of(RELOK_RULE_PER_ENTRY, 365, RULE_UNSET, RULE_UNSET);
    relok_rule_span s = {RELOK_DAY_MIN, RELOK_DAY_MAX, &r};
    relok_trip ge[4];
    size_t m = relok_trips_filter(ok, 4, "GE", NULL, NULL, ge);
    assert_int_equal(m, 3);
    relok_stay_answer ans;
    assert_int_equal(relok_stay_eval(&s, 1, ge, m, sd("2024-02-01"), &ans, NULL), RELOK_OK);
    assert_int_equal(ans.days_used, 0); /* the stay from 10 Jan is all under the permit */
}

static bool is_am(const char *code, void *ud)
{
    (void)ud;
    return strcmp(code, "AM") == 0;
}

static void test_trips_filter_keeps_area_members(void **state)
{
    (void)state;
    relok_trip t[] = {visit("GE", "2024-01-01", "2024-01-10"), visit("AM", "2024-01-10", "2024-01-12"),
                      visit("TR", "2024-01-12", "2024-01-14")};
    relok_trip out[3];
    assert_int_equal(relok_trips_filter(t, 3, "GE", is_am, NULL, out), 2);
    assert_string_equal(out[1].country, "AM");
}

static void test_trips_parse_survives_allocation_failures(void **state)
{
    (void)state;
    char path[1024];
    data_path(path, sizeof path, "good", "basic.json");
    for (unsigned long k = 1; k < 200; k++) {
        relok_arena *a = relok_arena_new(0);
        if (a == NULL)
            continue;
        relok_trip *t = NULL;
        size_t n = 0;
        relok__alloc_fail_at(k);
        relok_status rc = relok_trips_load(path, RELOK_TRIPS_AUTO, a, &t, &n, NULL);
        int failed = relok__alloc_failed();
        relok__alloc_fail_at(0);
        relok_arena_free(a);
        if (!failed) {
            assert_int_equal(rc, RELOK_OK);
            break;
        }
        assert_int_not_equal(rc, RELOK_OK);
        assert_null(t);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trips_catalogue_of_malformed_logs_names_the_place),
        cmocka_unit_test(test_trips_good_logs_parse_in_both_formats),
        cmocka_unit_test(test_trips_writers_round_trip),
        cmocka_unit_test(test_trips_limits),
        cmocka_unit_test(test_trips_validate_names_api_and_diary_rows),
        cmocka_unit_test(test_trips_filter_keeps_area_members),
        cmocka_unit_test(test_trips_parse_survives_allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
