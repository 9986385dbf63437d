/* SPDX-License-Identifier: MIT */
/* The document tree and the strict field readers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "base/doc_int.h"
#include "base/reader_int.h"
#include "relok/arena.h"

static relok__node *yaml(relok_arena *a, const char *text, relok_status want,
                         relok_error *err)
{
    relok__node *root = NULL;
    relok_error_clear(err);
    assert_int_equal(relok__doc_parse_yaml(text, strlen(text), "t.yaml", a, &root, err), want);
    return root;
}

static void test_doc_yaml_keeps_positions_and_quoting(void **state)
{
    (void)state;
    relok_arena *a = relok_arena_new(0);
    relok_error err;
    relok__node *root = yaml(a, "a: 1\nb:\n  - 'x'\n  - ~\nc:\n", RELOK_OK, &err);
    assert_int_equal(root->kind, RELOK__NODE_MAP);
    assert_int_equal(root->n, 3);
    const relok__node *b = relok__doc_get(root, "b");
    assert_int_equal(b->kind, RELOK__NODE_SEQ);
    assert_int_equal(b->items[0]->line, 3);
    assert_int_equal(b->items[0]->col, 5);
    assert_true(b->items[0]->is_quoted);
    assert_int_equal(b->items[1]->kind, RELOK__NODE_NULL);
    assert_true(relok__doc_is_null(relok__doc_get(root, "c")));
    assert_null(relok__doc_get(root, "zz"));
    relok_arena_free(a);
}

static void test_doc_yaml_rejects_duplicates_aliases_and_syntax(void **state)
{
    (void)state;
    relok_arena *a = relok_arena_new(0);
    relok_error err;
    yaml(a, "a: 1\nb: 2\na: 3\n", RELOK_EPARSE, &err);
    assert_int_equal(err.line, 3);
    assert_non_null(strstr(err.msg, "duplicate key 'a'"));
    yaml(a, "a: &x 1\nb: *x\n", RELOK_EPARSE, &err);
    assert_non_null(strstr(err.msg, "not allowed"));
    yaml(a, "a: [1, 2\n", RELOK_EPARSE, &err);
    assert_string_equal(err.source, "t.yaml");
    assert_true(err.line >= 1);
    yaml(a, "a: 1\n---\nb: 2\n", RELOK_EPARSE, &err);
    relok_arena_free(a);
}

static void test_doc_yaml_caps_depth(void **state)
{
    (void)state;
    relok_arena *a = relok_arena_new(0);
    relok_error err;
    char deep[400];
    size_t n = 0;
    for (int i = 0; i < 100; i++)
        deep[n++] = '[';
    for (int i = 0; i < 100; i++)
        deep[n++] = ']';
    deep[n] = '\0';
    yaml(a, deep, RELOK_ELIMIT, &err);
    relok_arena_free(a);
}

static void test_doc_json_types_and_errors(void **state)
{
    (void)state;
    relok_arena *a = relok_arena_new(0);
    relok_error err = {0};
    relok__node *root = NULL;
    const char *j = "{\"n\": 90, \"s\": \"90\", \"t\": true, \"z\": null, \"f\": 1.5}";
    assert_int_equal(relok__doc_parse_json(j, strlen(j), "body", a, &root, &err), RELOK_OK);
    const relok__node *n = relok__doc_get(root, "n");
    assert_false(n->is_quoted);
    assert_string_equal(n->str, "90");
    assert_true(relok__doc_get(root, "s")->is_quoted);
    assert_int_equal(relok__doc_get(root, "z")->kind, RELOK__NODE_NULL);
    const char *bad = "{\"a\": 1, \"a\": 2}";
    assert_int_equal(relok__doc_parse_json(bad, strlen(bad), "body", a, &root, &err),
                     RELOK_EPARSE);
    relok_error_clear(&err);
    const char *bad2 = "{\"a\": 1,,}";
    assert_int_equal(relok__doc_parse_json(bad2, strlen(bad2), "body", a, &root, &err),
                     RELOK_EPARSE);
    assert_int_equal(err.line, 1);
    relok_arena_free(a);
}

static void test_reader_typed_fields_are_strict(void **state)
{
    (void)state;
    relok_arena *a = relok_arena_new(0);
    relok_error err;
    relok__node *root = yaml(a,
                             "days: 90\nquoted: '90'\nneg: -5\nbig: 99999999999\n"
                             "lead: 007\nd: 2023-02-29\nok: 2024-02-29\n"
                             "t: {en: Hi, ru: Привет}\nt1: {en: Hi}\ncc: GE\nbadcc: XX\n"
                             "x: 1.5e3\nnan: .nan\n",
                             RELOK_OK, &err);
    relok__rd rd;
    relok__rd_init(&rd, "t.yaml", a, NULL, 100);
    int32_t v = 0;
    assert_int_equal(relok__rd_int(&rd, root, "days", true, 0, 1000, &v), RELOK_OK);
    assert_int_equal(v, 90);
    assert_int_equal(relok__rd_int(&rd, root, "quoted", true, 0, 1000, &v), RELOK_ESCHEMA);
    assert_int_equal(relok__rd_int(&rd, root, "neg", true, 0, 1000, &v), RELOK_ERANGE);
    assert_int_equal(relok__rd_int(&rd, root, "big", true, 0, 1000, &v), RELOK_ERANGE);
    assert_int_equal(relok__rd_int(&rd, root, "lead", true, 0, 1000, &v), RELOK_ESCHEMA);
    assert_int_equal(relok__rd_int(&rd, root, "missing", true, 0, 1000, &v), RELOK_ESCHEMA);
    assert_int_equal(relok__rd_int(&rd, root, "missing", false, 0, 1000, &v), RELOK_OK);
    relok_day d;
    assert_int_equal(relok__rd_date(&rd, root, "d", true, &d), RELOK_ERANGE);
    assert_int_equal(relok__rd_date(&rd, root, "ok", true, &d), RELOK_OK);
    relok_text t;
    assert_int_equal(relok__rd_text(&rd, root, "t", true, &t), RELOK_OK);
    assert_string_equal(t.ru, "Привет");
    assert_int_equal(relok__rd_text(&rd, root, "t1", true, &t), RELOK_ESCHEMA);
    char cc[3];
    assert_int_equal(relok__rd_country_code(&rd, root, "cc", true, cc), RELOK_OK);
    assert_string_equal(cc, "GE");
    assert_int_equal(relok__rd_country_code(&rd, root, "badcc", true, cc), RELOK_ESCHEMA);
    double x;
    assert_int_equal(relok__rd_num(&rd, root, "x", true, 0, 1e9, &x), RELOK_OK);
    assert_true(x == 1500.0);
    assert_int_equal(relok__rd_num(&rd, root, "nan", true, 0, 1e9, &x), RELOK_ESCHEMA);
    /* Every failure above was collected with its place. */
    assert_true(rd.n_diags >= 9);
    assert_string_equal(rd.diags[0].path, "quoted");
    assert_int_equal(rd.diags[0].line, 2);
    relok__rd_done(&rd);
    relok_arena_free(a);
}

static void test_reader_rejects_unknown_keys_with_expected_list(void **state)
{
    (void)state;
    relok_arena *a = relok_arena_new(0);
    relok_error err = {0};
    relok__node *root = yaml(a, "kind: rolling\nmax_dayz: 90\n", RELOK_OK, &err);
    relok__rd rd;
    relok__rd_init(&rd, "t.yaml", a, &err, 10);
    static const char *const keys[] = {"kind", "max_days", NULL};
    relok__rd_push_key(&rd, "rule");
    assert_int_equal(relok__rd_check_keys(&rd, root, keys), RELOK_ESCHEMA);
    assert_int_equal(err.line, 2);
    assert_string_equal(err.path, "rule.max_dayz");
    assert_non_null(strstr(err.msg, "expected one of: kind, max_days"));
    relok__rd_done(&rd);
    relok_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_doc_yaml_keeps_positions_and_quoting),
        cmocka_unit_test(test_doc_yaml_rejects_duplicates_aliases_and_syntax),
        cmocka_unit_test(test_doc_yaml_caps_depth),
        cmocka_unit_test(test_doc_json_types_and_errors),
        cmocka_unit_test(test_reader_typed_fields_are_strict),
        cmocka_unit_test(test_reader_rejects_unknown_keys_with_expected_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
