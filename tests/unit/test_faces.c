/* SPDX-License-Identifier: MIT */
/* What the faces set up and the library leaves alone (issue 14): the library
 * reads no environment variable and installs no JSON allocator; a face pins
 * today and installs the allocator, and the answers do not change. Built
 * without unit/json_alloc.c, so jansson starts on its own allocator. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <jansson.h>

#include "relok/relok.h"

static relok_day D(const char *s)
{
    relok_day d = 0;
    assert_int_equal(relok_date_parse(s, strlen(s), &d, NULL), RELOK_OK);
    return d;
}

static void test_library_ignores_relok_kb(void **state)
{
    (void)state;
    setenv("RELOK_KB", "/nonexistent/relok-kb", 1);
    char dir[4096] = "";
    (void)relok_kb_default_dir(dir, sizeof dir);
    assert_string_not_equal(dir, "/nonexistent/relok-kb");
}

static void test_library_ignores_relok_now_and_a_face_pins_today(void **state)
{
    (void)state;
    setenv("RELOK_NOW", "2001-02-03", 1);
    assert_int_not_equal(relok_date_today(), D("2001-02-03"));
    relok_date_pin_today(D("2024-06-01"));
    assert_int_equal(relok_date_today(), D("2024-06-01"));
    relok_date_pin_today(RELOK_DAY_NONE);
    assert_int_not_equal(relok_date_today(), D("2024-06-01"));
}

static char *render_ge(const relok_kb *kb)
{
    char *text = NULL;
    assert_int_equal(relok_json_country(kb, relok_kb_country(kb, "GE"), D("2024-06-01"), 0,
                                        &text, NULL),
                     RELOK_OK);
    return text;
}

static void test_json_same_on_either_allocator(void **state)
{
    (void)state;
    relok_kb *kb = NULL;
    assert_int_equal(relok_kb_load(getenv("RELOK_TEST_KB"), &kb, NULL, NULL), RELOK_OK);
    char *plain = render_ge(kb);

    /* The library did not touch jansson's allocator. */
    json_malloc_t alloc_fn;
    json_free_t free_fn;
    json_get_alloc_funcs(&alloc_fn, &free_fn);
    assert_ptr_not_equal(alloc_fn, relok_json_alloc);

    json_set_alloc_funcs(relok_json_alloc, relok_json_release);
    char *arena = render_ge(kb);
    assert_string_equal(plain, arena);
    json_set_alloc_funcs(alloc_fn, free_fn);

    relok_json_free(plain);
    relok_json_free(arena);
    relok_kb_free(kb);
}

int main(void)
{
    /* ctest gives RELOK_KB; keep it before the first test overwrites it. */
    const char *kb = getenv("RELOK_KB");
    if (kb == NULL || setenv("RELOK_TEST_KB", kb, 1) != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_library_ignores_relok_kb),
        cmocka_unit_test(test_library_ignores_relok_now_and_a_face_pins_today),
        cmocka_unit_test(test_json_same_on_either_allocator),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
