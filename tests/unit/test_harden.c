/* SPDX-License-Identifier: MIT */
/* Odd files and hostile inputs found when relok was attacked (issue 13):
 * FIFOs where data files belong, and the crashes fuzzing found. Each test
 * failed before its fix. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "relok/relok.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char g_tmp[512];

static void make_tmp(void)
{
    const char *t = getenv("TMPDIR");
    snprintf(g_tmp, sizeof g_tmp, "%s/relok-harden-XXXXXX", t != NULL ? t : "/tmp");
    assert_non_null(mkdtemp(g_tmp));
}

static void copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb");
    assert_non_null(in);
    FILE *out = fopen(to, "wb");
    assert_non_null(out);
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        assert_int_equal(fwrite(buf, 1, n, out), n);
    fclose(in);
    assert_int_equal(fclose(out), 0);
}

/* Copy the test KB (one level of subdirectories) into g_tmp/kb. */
static void copy_kb(char *kb, size_t len)
{
    const char *data = getenv("RELOK_TEST_DATA");
    assert_non_null(data);
    snprintf(kb, len, "%s/kb", g_tmp);
    assert_int_equal(mkdir(kb, 0700), 0);
    static const char *const subs[] = {"countries", "sources", "zones"};
    for (size_t i = 0; i < 3; i++) {
        char from[1024], to[1024];
        snprintf(from, sizeof from, "%s/kb-example/%s", data, subs[i]);
        snprintf(to, sizeof to, "%s/%s", kb, subs[i]);
        assert_int_equal(mkdir(to, 0700), 0);
        DIR *d = opendir(from);
        assert_non_null(d);
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (e->d_name[0] == '.')
                continue;
            char f[1400], t[1400];
            snprintf(f, sizeof f, "%s/%s", from, e->d_name);
            snprintf(t, sizeof t, "%s/%s", to, e->d_name);
            copy_file(f, t);
        }
        closedir(d);
    }
}

static void remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char p[1400];
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
            remove_tree(p);
        else
            (void)unlink(p);
    }
    closedir(d);
    (void)rmdir(dir);
}

/* A FIFO named like a country file, or as rates.yaml: the load fails with
 * an error naming the file instead of blocking for a writer (alarm turns a
 * hang into a failure). */
static void test_harden_kb_fifo_is_an_error_not_a_hang(void **state)
{
    (void)state;
    static const char *const fifos[] = {"countries/ZZ.yaml", "rates.yaml"};
    for (size_t i = 0; i < 2; i++) {
        make_tmp();
        char kb[600], fifo[700];
        copy_kb(kb, sizeof kb);
        snprintf(fifo, sizeof fifo, "%s/%s", kb, fifos[i]);
        assert_int_equal(mkfifo(fifo, 0600), 0);
        alarm(20);
        relok_kb *k = NULL;
        relok_error err = {0};
        relok_status s = relok_kb_load(kb, &k, NULL, &err);
        alarm(0);
        assert_int_not_equal(s, RELOK_OK);
        assert_null(k);
        char buf[1024];
        const char *text = relok_error_format(&err, buf, sizeof buf);
        if (strstr(text, "not a regular file") == NULL)
            fprintf(stderr, "error: %s\n", text);
        assert_non_null(strstr(text, "not a regular file"));
        remove_tree(g_tmp);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_harden_kb_fifo_is_an_error_not_a_hang),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
