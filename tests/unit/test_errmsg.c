/* SPDX-License-Identifier: MIT */
/* Error details as data (issue 11): the library records each failure's
 * format and the text of its arguments, and relok_error_detail words them
 * in Russian from src/base/errmsg.def. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "base/error_int.h"
#include "relok/date.h"

/* The k-th recorded argument of err (0-based). */
static const char *arg(const relok_error *err, unsigned k)
{
    const char *a = err->args;
    for (unsigned i = 0; i < k; i++)
        a += strlen(a) + 1;
    return a;
}

static void test_errmsg_records_format_and_each_argument(void **state)
{
    (void)state;
    relok_error err = {0};
    relok__fail(&err, RELOK_EPARSE, "%s|%zu|%.*s|%lld|%g|0x%02x|%.2s|%%|%c", "ab", (size_t)7, 3,
                "xyzw", -5LL, 2.5, 13u, "GEO", 'q');
    assert_string_equal(err.msg, "ab|7|xyz|-5|2.5|0x0d|GE|%|q");
    assert_string_equal(err.fmt, "%s|%zu|%.*s|%lld|%g|0x%02x|%.2s|%%|%c");
    assert_int_equal(err.n_args, 8);
    const char *want[] = {"ab", "7", "xyz", "-5", "2.5", "0d", "GE", "q"};
    for (unsigned k = 0; k < 8; k++)
        assert_string_equal(arg(&err, k), want[k]);
}

static void test_errmsg_words_a_date_error_in_russian(void **state)
{
    (void)state;
    relok_error err = {0};
    relok_day d;
    assert_int_equal(relok_date_parse("2023-02-29", 10, &d, &err), RELOK_ERANGE);
    char buf[512];
    assert_string_equal(relok_error_detail(&err, RELOK_LANG_RU, buf, sizeof buf),
                        "в месяце 2023-02 нет 29-го числа");
    assert_string_equal(relok_error_detail(&err, RELOK_LANG_EN, buf, sizeof buf),
                        "2023-02 has no day 29");
}

static void test_errmsg_keeps_quoted_arguments_and_words_the_others(void **state)
{
    (void)state;
    relok_error err = {0};
    /* 'a list' would be worded as a phrase; the key in «» is shown as typed
     * even when it happens to be a phrase ("entry"). */
    relok__fail_at(&err, RELOK_ESCHEMA, "t.yaml", 3, 1, "trips", "expected %s, found %s",
                   "a list", "a mapping");
    char buf[512];
    assert_string_equal(relok_error_format_lang(&err, RELOK_LANG_RU, buf, sizeof buf),
                        "t.yaml:3:1: поле «trips»: нужно: список, а найдено: словарь ключ: значение");
    relok_error_clear(&err);
    relok__fail(&err, RELOK_ESCHEMA, "required field '%s' is missing", "entry");
    assert_string_equal(relok_error_detail(&err, RELOK_LANG_RU, buf, sizeof buf),
                        "нет обязательного поля «entry»");
}

static void test_errmsg_words_a_nested_english_message(void **state)
{
    (void)state;
    /* A site that re-reports another error's text ("%s: %s"): the shape is
     * kept and the inner message is matched against the catalogue. */
    relok_error err = {0};
    relok__fail(&err, RELOK_ENOTFOUND, "no scenario '%s' (%s)", "nope",
                "cannot open: No such file or directory");
    char buf[512];
    assert_string_equal(relok_error_detail(&err, RELOK_LANG_RU, buf, sizeof buf),
                        "нет сценария «nope» (не удалось открыть: нет такого файла или каталога)");
    relok_error_clear(&err);
    relok__fail(&err, RELOK_ERANGE, "%.*s: %s", 10, "2023-02-29", "2023-02 has no day 29");
    assert_string_equal(relok_error_detail(&err, RELOK_LANG_RU, buf, sizeof buf),
                        "2023-02-29: в месяце 2023-02 нет 29-го числа");
    assert_string_equal(relok_error_text_lang("YAML syntax: did not find expected key while "
                                              "parsing a block mapping",
                                              RELOK_LANG_RU, buf, sizeof buf),
                        "синтаксическая ошибка YAML: не найден ожидаемый ключ (при разборе "
                        "блочного словаря)");
}

static void test_errmsg_words_finished_texts_of_the_server(void **state)
{
    (void)state;
    /* Texts the server composes itself (no recorded format): the catalogue
     * still words them, the most specific entry winning. */
    static const char *const cases[][2] = {
        {"agents per run: 5000000 asked, at most 200000 (docs/api.md \"Scenarios\")",
         "агентов на прогон: запрошено 5000000, допустимо не больше 200000 (docs/api.md, "
         "раздел «Scenarios»)"},
        {"JSON syntax: a malformed number (line 1, column 5)",
         "синтаксическая ошибка JSON: неверно записанное число (строка 1, столбец 5)"},
        {"cannot open the diary: database is locked",
         "не удалось открыть дневник: база данных занята другим процессом"},
        {"unknown key (expected trips, on)", "неизвестный ключ (допустимые: «trips, on»)"},
    };
    char buf[512];
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        assert_string_equal(relok_error_text_lang(cases[i][0], RELOK_LANG_RU, buf, sizeof buf),
                            cases[i][1]);
    /* English stays English. */
    assert_string_equal(relok_error_text_lang(cases[0][0], RELOK_LANG_EN, buf, sizeof buf),
                        cases[0][0]);
}

static void test_errmsg_falls_back_to_english_when_unknown(void **state)
{
    (void)state;
    /* A format the catalogue lacks (a test-only one) and an argument list
     * that overflowed both leave the English text. */
    relok_error err = {0};
    relok__fail(&err, RELOK_EINVAL, "zzz %s unheard-of", "qq");
    char buf[512];
    assert_string_equal(relok_error_detail(&err, RELOK_LANG_RU, buf, sizeof buf),
                        "zzz qq unheard-of");
    char big[300];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    relok_error_clear(&err);
    relok__fail(&err, RELOK_ESCHEMA, "unknown key '%s' (expected one of: %s)", big, big);
    assert_int_equal(err.n_args, 0);
    relok_error_detail(&err, RELOK_LANG_RU, buf, sizeof buf);
    assert_non_null(strstr(buf, "xxxx"));
    /* A tiny buffer is cut on a character boundary and stays terminated. */
    relok_error_clear(&err);
    relok__fail(&err, RELOK_EINVAL, "no diary");
    char small[6];
    relok_error_detail(&err, RELOK_LANG_RU, small, sizeof small);
    assert_string_equal(small, "не"); /* 5 bytes of room: "т" would be cut */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_errmsg_records_format_and_each_argument),
        cmocka_unit_test(test_errmsg_words_a_date_error_in_russian),
        cmocka_unit_test(test_errmsg_keeps_quoted_arguments_and_words_the_others),
        cmocka_unit_test(test_errmsg_words_a_nested_english_message),
        cmocka_unit_test(test_errmsg_words_finished_texts_of_the_server),
        cmocka_unit_test(test_errmsg_falls_back_to_english_when_unknown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
