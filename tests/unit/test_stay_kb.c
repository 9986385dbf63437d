/* SPDX-License-Identifier: MIT */
/* Stay rows from the knowledge base (relok_stay_rows_from_kb), the
 * composition `relok stay` and `POST /api/stay` share. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "relok/relok.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static relok_day D(const char *s)
{
    relok_day d = 0;
    assert_int_equal(relok_date_parse(s, strlen(s), &d, NULL), RELOK_OK);
    return d;
}

static relok_kb *example(void)
{
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/kb-example", getenv("RELOK_TEST_DATA"));
    relok_kb *kb = NULL;
    assert_int_equal(relok_kb_load(dir, &kb, NULL, NULL), RELOK_OK);
    return kb;
}

static relok_trip trip(const char *cc, const char *entry, const char *exit)
{
    relok_trip t = {.entry = D(entry), .exit = exit != NULL ? D(exit) : RELOK_DAY_NONE};
    memcpy(t.country, cc, 3);
    return t;
}

/* A trip to a zone member without a country file (France in the test KB)
 * counts towards the zone's rule, and the zone gets one row. Found in
 * review: the first version looked members up through their country files
 * and silently dropped such trips. */
static void test_stay_rows_count_zone_members_without_a_file(void **state)
{
    (void)state;
    relok_kb *kb = example();
    relok_arena *a = relok_arena_new(0);
    relok_trip t[] = {trip("FR", "2024-01-01", "2024-02-29"), trip("DE", "2024-03-01", NULL)};
    relok_stay_row *rows = NULL;
    size_t n = 0;
    relok_error err = {0};
    assert_int_equal(relok_stay_rows_from_kb(kb, t, 2, NULL, RELOK_DOC_PASSPORT, D("2024-03-20"),
                                             a, &rows, &n, &err),
                     RELOK_OK);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].country, "FR");
    assert_string_equal(rows[0].zone, "schengen");
    assert_true(rows[0].has_answer);
    /* 60 days in France + 20 in Germany in the 180 days to 2024-03-20. */
    assert_int_equal(rows[0].answer.days_used, 80);
    assert_int_equal(rows[0].answer.days_left, 10);
    assert_true(rows[0].answer.inside);
    assert_int_equal(rows[0].answer.latest_exit, D("2024-03-30"));

    /* Asked for Germany only: the same zone count. */
    assert_int_equal(relok_stay_rows_from_kb(kb, t, 2, "DE", RELOK_DOC_PASSPORT, D("2024-03-20"),
                                             a, &rows, &n, &err),
                     RELOK_OK);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].answer.days_used, 80);
    relok_arena_free(a);
    relok_kb_free(kb);
}

/* Countries apart keep apart: Kazakhstan's count ignores Georgia. */
static void test_stay_rows_one_per_country_outside_zones(void **state)
{
    (void)state;
    relok_kb *kb = example();
    relok_arena *a = relok_arena_new(0);
    relok_trip t[] = {trip("KZ", "2024-01-01", "2024-01-30"), trip("GE", "2024-01-31", NULL)};
    relok_stay_row *rows = NULL;
    size_t n = 0;
    assert_int_equal(relok_stay_rows_from_kb(kb, t, 2, NULL, RELOK_DOC_PASSPORT, D("2024-02-09"),
                                             a, &rows, &n, NULL),
                     RELOK_OK);
    assert_int_equal(n, 2);
    assert_string_equal(rows[0].country, "KZ");
    assert_int_equal(rows[0].answer.days_used, 30);
    assert_false(rows[0].answer.inside);
    assert_string_equal(rows[1].country, "GE");
    assert_int_equal(rows[1].answer.days_used, 10);
    assert_true(rows[1].answer.inside);
    /* A country with no rule for the document gets a row without answer. */
    relok_trip u[] = {trip("DE", "2024-01-01", "2024-01-05")};
    assert_int_equal(relok_stay_rows_from_kb(kb, u, 1, NULL, RELOK_DOC_INTERNAL_ID,
                                             D("2024-02-09"), a, &rows, &n, NULL),
                     RELOK_OK);
    assert_int_equal(n, 1);
    assert_false(rows[0].has_answer);
    relok_arena_free(a);
    relok_kb_free(kb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stay_rows_count_zone_members_without_a_file),
        cmocka_unit_test(test_stay_rows_one_per_country_outside_zones),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
