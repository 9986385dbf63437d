/* SPDX-License-Identifier: MIT */
/* relok_country_parse, the one reader of a country named by a user: codes in
 * any case, English and Russian names and aliases, zone members without a
 * file, and unknown countries refused. Runs on the shipped KB (RELOK_KB). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "relok/relok.h"

static int setup(void **state)
{
    relok_kb *kb = NULL;
    if (relok_kb_load(getenv("RELOK_KB"), &kb, NULL, NULL) != RELOK_OK)
        return -1;
    *state = kb;
    return 0;
}

static int teardown(void **state)
{
    relok_kb_free(*state);
    return 0;
}

static void expect(const relok_kb *kb, const char *text, const char *code)
{
    char out[3] = "";
    relok_error err = {0};
    relok_status s = relok_country_parse(kb, text, out, &err);
    if (s != RELOK_OK || strcmp(out, code) != 0)
        fail_msg("'%s': %s %s (%s), expected %s", text, relok_status_name(s), out, err.msg, code);
}

static void codes_names_and_aliases(void **state)
{
    const relok_kb *kb = *state;
    static const char *const tr[] = {"TR", "tr", "Tr", "Türkiye", "TÜRKIYE", "Turkey",
                                     "turkiye", "Турция", "ТУРЦИЯ"};
    for (size_t i = 0; i < sizeof tr / sizeof *tr; i++)
        expect(kb, tr[i], "TR");
    static const char *const kg[] = {"kg", "Kyrgyzstan", "Kirghizia", "Киргизия", "Кыргызстан",
                                     "кыргызстан"};
    for (size_t i = 0; i < sizeof kg / sizeof *kg; i++)
        expect(kb, kg[i], "KG");
    expect(kb, "kz", "KZ");
    expect(kb, "Kazakhstan", "KZ");
    expect(kb, "Казахстан", "KZ");
    /* ё reads as е; the KB writes Объединённые. */
    expect(kb, "Объединенные Арабские Эмираты", "AE");
    expect(kb, "uae", "AE");
}

static void unknown_is_an_error(void **state)
{
    const relok_kb *kb = *state;
    static const char *const bad[] = {"ZZ", "zz", "Atlantis", "K", "KAZ", "Kazakhstan "};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char out[3] = "";
        relok_error err = {0};
        assert_int_equal(relok_country_parse(kb, bad[i], out, &err), RELOK_ENOTFOUND);
        assert_non_null(strstr(err.msg, "knowledge base"));
    }
    char out[3];
    assert_int_equal(relok_country_parse(kb, "", out, NULL), RELOK_EINVAL);
    assert_int_equal(relok_country_parse(kb, NULL, out, NULL), RELOK_EINVAL);
    assert_int_equal(relok_country_parse(NULL, "KZ", out, NULL), RELOK_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(codes_names_and_aliases),
        cmocka_unit_test(unknown_is_an_error),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
