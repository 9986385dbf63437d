/* SPDX-License-Identifier: MIT */
/* Dates: parsing, impossible dates, leap years, day arithmetic. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "relok/date.h"

static relok_day D(const char *s)
{
    relok_day d = 0;
    assert_int_equal(relok_date_parse(s, strlen(s), &d, NULL), RELOK_OK);
    return d;
}

static void test_date_epoch_is_day_zero(void **state)
{
    (void)state;
    assert_int_equal(D("1970-01-01"), 0);
    assert_int_equal(D("1970-01-02"), 1);
    assert_int_equal(D("1969-12-31"), -1);
    assert_int_equal(D("2000-03-01"), 11017);
}

static void test_date_leap_years_follow_gregorian_rules(void **state)
{
    (void)state;
    assert_true(relok_date_is_leap(2000));   /* divisible by 400 */
    assert_false(relok_date_is_leap(1900));  /* divisible by 100 only */
    assert_true(relok_date_is_leap(2024));
    assert_false(relok_date_is_leap(2023));
    assert_false(relok_date_is_leap(2100));
    assert_int_equal(relok_date_days_in_month(2000, 2), 29);
    assert_int_equal(relok_date_days_in_month(1900, 2), 28);
    assert_int_equal(relok_date_days_in_month(2024, 2), 29);
    assert_int_equal(relok_date_days_in_month(2023, 2), 28);
    assert_int_equal(relok_date_days_in_month(2023, 13), 0);
}

static void test_date_rejects_impossible_dates(void **state)
{
    (void)state;
    static const char *bad[] = {"2023-02-29", "1900-02-29", "2023-04-31", "2023-13-01",
                                "2023-00-10", "2023-01-00", "2023-01-32", "2100-02-29"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        relok_day d = 42;
        relok_error err = {0};
        assert_int_equal(relok_date_parse(bad[i], strlen(bad[i]), &d, &err), RELOK_ERANGE);
        assert_int_equal(d, 42); /* untouched on failure */
        assert_true(err.msg[0] != '\0');
    }
    relok_day d;
    assert_int_equal(relok_date_parse("2000-02-29", 10, &d, NULL), RELOK_OK);
    assert_int_equal(relok_date_parse("2024-02-29", 10, &d, NULL), RELOK_OK);
}

static void test_date_rejects_bad_syntax(void **state)
{
    (void)state;
    static const char *bad[] = {"2023-1-01", "2023/01/01", "23-01-01", "2023-01-01x",
                                " 2023-01-01", "2023-01-0a", "", "2023-01", "+023-01-01",
                                "2023-01-01T00:00"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        relok_day d;
        assert_int_equal(relok_date_parse(bad[i], strlen(bad[i]), &d, NULL), RELOK_EPARSE);
    }
}

static void test_date_round_trips_every_day_of_three_centuries(void **state)
{
    (void)state;
    relok_day start = D("1900-01-01");
    int32_t y = 1900;
    int m = 1, dd = 1;
    for (relok_day d = start; d < D("2199-12-31"); d++) {
        int32_t yy;
        int mm, ddd;
        relok_date_to_ymd(d, &yy, &mm, &ddd);
        assert_int_equal(yy, y);
        assert_int_equal(mm, m);
        assert_int_equal(ddd, dd);
        relok_day back;
        assert_int_equal(relok_date_from_ymd(yy, mm, ddd, &back, NULL), RELOK_OK);
        assert_int_equal(back, d);
        /* advance the civil counter independently */
        if (++dd > relok_date_days_in_month(y, m)) {
            dd = 1;
            if (++m > 12) {
                m = 1;
                y++;
            }
        }
    }
}

static void test_date_arithmetic_across_leap_day(void **state)
{
    (void)state;
    assert_int_equal(D("2024-03-01") - D("2024-02-28"), 2);
    assert_int_equal(D("2023-03-01") - D("2023-02-28"), 1);
    assert_int_equal(D("2001-01-01") - D("2000-01-01"), 366);
    assert_int_equal(D("1901-01-01") - D("1900-01-01"), 365);
    /* 180-day window ending 2024-06-27 starts on 2023-12-31 (inclusive). */
    assert_int_equal(D("2024-06-27") - 180 + 1, D("2023-12-31"));
}

static void test_date_format_and_partial_dates(void **state)
{
    (void)state;
    char buf[RELOK_DATE_BUF];
    assert_string_equal(relok_date_format(D("2023-01-27"), buf), "2023-01-27");
    assert_string_equal(relok_date_format(RELOK_DAY_NONE, buf), "-");
    relok_pdate p;
    assert_int_equal(relok_pdate_parse("2023", 4, &p, NULL), RELOK_OK);
    assert_int_equal(p.precision, RELOK_PREC_YEAR);
    assert_int_equal(p.day, D("2023-01-01"));
    assert_string_equal(relok_pdate_format(p, buf), "2023");
    assert_int_equal(relok_pdate_parse("2023-10", 7, &p, NULL), RELOK_OK);
    assert_int_equal(p.precision, RELOK_PREC_MONTH);
    assert_string_equal(relok_pdate_format(p, buf), "2023-10");
    assert_int_equal(relok_pdate_parse("2023-13", 7, &p, NULL), RELOK_ERANGE);
    assert_int_equal(relok_pdate_parse("2023-1", 6, &p, NULL), RELOK_EPARSE);
}

static void test_date_add_months_clamps_to_month_end(void **state)
{
    (void)state;
    assert_int_equal(relok_date_add_months(D("2024-01-31"), 1), D("2024-02-29"));
    assert_int_equal(relok_date_add_months(D("2023-01-31"), 1), D("2023-02-28"));
    assert_int_equal(relok_date_add_months(D("2023-11-15"), 3), D("2024-02-15"));
    assert_int_equal(relok_date_add_months(D("2024-03-31"), -1), D("2024-02-29"));
    assert_int_equal(relok_date_add_months(D("2024-01-15"), -13), D("2022-12-15"));
}

static void test_date_weekday_and_year_range(void **state)
{
    (void)state;
    assert_int_equal(relok_date_weekday(D("1970-01-01")), 3); /* Thursday */
    assert_int_equal(relok_date_weekday(D("2024-02-24")), 5); /* Saturday */
    assert_int_equal(relok_date_weekday(D("1969-12-29")), 0); /* Monday */
    relok_day d;
    assert_int_equal(relok_date_from_ymd(1799, 12, 31, &d, NULL), RELOK_ERANGE);
    assert_int_equal(relok_date_from_ymd(2201, 1, 1, &d, NULL), RELOK_ERANGE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_date_epoch_is_day_zero),
        cmocka_unit_test(test_date_leap_years_follow_gregorian_rules),
        cmocka_unit_test(test_date_rejects_impossible_dates),
        cmocka_unit_test(test_date_rejects_bad_syntax),
        cmocka_unit_test(test_date_round_trips_every_day_of_three_centuries),
        cmocka_unit_test(test_date_arithmetic_across_leap_day),
        cmocka_unit_test(test_date_format_and_partial_dates),
        cmocka_unit_test(test_date_add_months_clamps_to_month_end),
        cmocka_unit_test(test_date_weekday_and_year_range),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
