/* SPDX-License-Identifier: MIT */
/* The trip diary: private file creation, WAL, schema migrations, add / end /
 * list / rm / import / export, and that every rejected input - each log of
 * the malformed-log catalogue, conflicts with stored trips, allocation
 * failures - leaves the stored rows exactly as they were (checksummed).
 * Also the I/O and SQLite error paths: missing, read-only, damaged, foreign
 * and newer files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc_int.h"
#include "copy_file.h"
#include "relok/diary.h"
#include "relok/json.h"
#include "stay_test_util.h"
#include "trips_catalogue.h"

static char tmpdir[512];

static int setup_dir(void **state)
{
    (void)state;
    const char *base = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/relok-diary-XXXXXX", base != NULL ? base : "/tmp");
    return mkdtemp(tmpdir) != NULL ? 0 : -1;
}

/* Remove the files this test creates (no shell: system() is banned). */
static int teardown_dir(void **state)
{
    (void)state;
    const char *names[] = {"d.db",   "d.db-wal",   "d.db-shm",   "v1.db", "v1.db-wal",
                           "v1.db-shm", "new.db", "bad.db", "foreign.db", "ro.db",
                           "ro.db-wal", "ro.db-shm", "sweep.db", "sweep.db-wal",
                           "sweep.db-shm", "a/b/c/diary.db", "a/b/c/diary.db-wal",
                           "a/b/c/diary.db-shm", "crashed.db", "crashed.db-journal",
                           "crashed.db-wal", "crashed.db-shm"};
    char p[1024];
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        snprintf(p, sizeof p, "%s/%s", tmpdir, names[i]);
        remove(p);
    }
    const char *dirs[] = {"a/b/c", "a/b", "a"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s/%s", tmpdir, dirs[i]);
        rmdir(p);
    }
    rmdir(tmpdir);
    return 0;
}

static void tmp_path(char *buf, size_t len, const char *name)
{
    snprintf(buf, len, "%s/%s", tmpdir, name);
}

static void data_path(char *buf, size_t len, const char *dir, const char *file)
{
    const char *root = getenv("RELOK_TEST_DATA");
    snprintf(buf, len, "%s/trips/%s/%s", root != NULL ? root : "tests/data", dir, file);
}

/* FNV-1a over every stored row (ids included) and the id sequence, read
 * with the sqlite3 API directly, not through the diary. */
static uint64_t checksum(const char *path)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT id, country, entry, ifnull(exit, '-'), status "
                                        "FROM trips UNION ALL SELECT seq, name, '', '', '' "
                                        "FROM sqlite_sequence ORDER BY 1, 2",
                                        -1, &st, NULL),
                     SQLITE_OK);
    uint64_t h = 1469598103934665603ull;
    while (sqlite3_step(st) == SQLITE_ROW)
        for (int c = 0; c < 5; c++) {
            const unsigned char *s = sqlite3_column_text(st, c);
            for (; s != NULL && *s; s++)
                h = (h ^ *s) * 1099511628211ull;
            h = (h ^ '|') * 1099511628211ull;
        }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return h;
}

static relok_diary *open_new(const char *name, char *path, size_t len)
{
    tmp_path(path, len, name);
    remove(path);
    relok_diary *d = NULL;
    relok_error err = {0};
    relok_status rc = relok_diary_open(path, RELOK_DIARY_CREATE, &d, &err);
    if (rc != RELOK_OK)
        print_error("%s\n", err.msg);
    assert_int_equal(rc, RELOK_OK);
    return d;
}

static void test_diary_creates_private_file_with_wal_and_schema(void **state)
{
    (void)state;
    char path[1024];
    tmp_path(path, sizeof path, "a/b/c/diary.db");
    relok_diary *d = NULL;
    assert_int_equal(relok_diary_open(path, 0, &d, NULL), RELOK_ENOTFOUND);
    assert_null(d);
    assert_int_equal(relok_diary_open(path, RELOK_DIARY_CREATE, &d, NULL), RELOK_OK);
    assert_int_equal(relok_diary_schema(d), RELOK_DIARY_SCHEMA);
    relok_diary_close(d);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    char dir[1024];
    tmp_path(dir, sizeof dir, "a/b/c");
    assert_int_equal(stat(dir, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0700);
    tmp_path(dir, sizeof dir, "a");
    assert_int_equal(stat(dir, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0700);
    /* WAL and the schema version, read back with sqlite3 itself. */
    sqlite3 *db;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *q;
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &q, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(q, 0), "wal");
    sqlite3_finalize(q);
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &q, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(q, 0), RELOK_DIARY_SCHEMA);
    sqlite3_finalize(q);
    sqlite3_close(db);
}

static void test_diary_add_end_list_remove_export(void **state)
{
    (void)state;
    char path[1024];
    relok_diary *d = open_new("d.db", path, sizeof path);
    relok_day today = sd("2024-06-30");
    int64_t id1 = 0, id2 = 0, id3 = 0;
    relok_trip t = visit("GE", "2024-01-01", "2024-03-01");
    assert_int_equal(relok_diary_add(d, &t, today, &id1, NULL), RELOK_OK);
    t = visit("AM", "2024-03-01", "2024-03-05");
    assert_int_equal(relok_diary_add(d, &t, today, &id2, NULL), RELOK_OK);
    t = visit("GE", "2024-03-05", NULL);
    assert_int_equal(relok_diary_add(d, &t, today, &id3, NULL), RELOK_OK);
    assert_true(id1 < id2 && id2 < id3);

    /* A second trip in progress is refused and changes nothing. */
    uint64_t before = checksum(path);
    relok_error err = {0};
    t = visit("TR", "2024-06-01", NULL);
    assert_int_equal(relok_diary_add(d, &t, today, NULL, &err), RELOK_ESCHEMA);
    assert_string_equal(err.path, "exit");
    assert_string_equal(err.source, "");
    assert_non_null(strstr(err.msg, "only one trip can be in progress"));
    assert_int_equal(checksum(path), before);
    /* An overlap with a stored trip names it by id. */
    relok_error_clear(&err);
    t = visit("KZ", "2024-02-01", "2024-02-10");
    assert_int_equal(relok_diary_add(d, &t, today, NULL, &err), RELOK_ESCHEMA);
    char want[64];
    snprintf(want, sizeof want, "trip %lld", (long long)id1);
    assert_non_null(strstr(err.msg, want));
    assert_int_equal(checksum(path), before);

    /* End the trip in progress; ending it again finds nothing. */
    int64_t ended = 0;
    assert_int_equal(relok_diary_end(d, "GE", sd("2024-06-20"), today, &ended, NULL), RELOK_OK);
    assert_int_equal(ended, id3);
    relok_error_clear(&err);
    assert_int_equal(relok_diary_end(d, "GE", sd("2024-06-21"), today, NULL, &err),
                     RELOK_ENOTFOUND);
    /* An exit before the entry or after today is refused. */
    t = visit("AM", "2024-06-25", NULL);
    assert_int_equal(relok_diary_add(d, &t, today, NULL, NULL), RELOK_OK);
    before = checksum(path);
    assert_int_equal(relok_diary_end(d, "AM", sd("2024-06-24"), today, NULL, NULL), RELOK_ERANGE);
    assert_int_equal(relok_diary_end(d, "AM", sd("2024-07-01"), today, NULL, NULL), RELOK_ERANGE);
    assert_int_equal(checksum(path), before);

    relok_arena *a = relok_arena_new(0);
    relok_trip *list;
    size_t n;
    assert_int_equal(relok_diary_list(d, a, &list, &n, NULL), RELOK_OK);
    assert_int_equal(n, 4);
    assert_int_equal(list[2].exit, sd("2024-06-20"));
    assert_int_equal(list[2].line, (unsigned)id3);
    assert_int_equal(list[2].origin, RELOK_TRIP_FROM_DIARY);
    relok_arena_free(a);

    char *csv = NULL, *json = NULL;
    assert_int_equal(relok_diary_export(d, RELOK_TRIPS_CSV, &csv, NULL), RELOK_OK);
    assert_string_equal(csv, "country,entry,exit,status\n"
                             "GE,2024-01-01,2024-03-01,visit\n"
                             "AM,2024-03-01,2024-03-05,visit\n"
                             "GE,2024-03-05,2024-06-20,visit\n"
                             "AM,2024-06-25,,visit\n");
    assert_int_equal(relok_diary_export(d, RELOK_TRIPS_JSON, &json, NULL), RELOK_OK);
    assert_non_null(strstr(json, "\"exit\": null"));
    char *none = json;
    assert_int_equal(relok_diary_export(d, RELOK_TRIPS_AUTO, &none, NULL), RELOK_EINVAL);
    assert_null(none);
    relok_trips_text_free(json);

    assert_int_equal(relok_diary_remove(d, id2, NULL), RELOK_OK);
    assert_int_equal(relok_diary_remove(d, id2, NULL), RELOK_ENOTFOUND);
    relok_trips_text_free(csv);
    assert_int_equal(relok_diary_export(d, RELOK_TRIPS_CSV, &csv, NULL), RELOK_OK);
    assert_null(strstr(csv, "2024-03-05,visit\nGE"));
    relok_trips_text_free(csv);
    relok_diary_close(d);
}

static void test_diary_rejected_imports_leave_it_unchanged(void **state)
{
    (void)state;
    char path[1024], file[1024];
    relok_diary *d = open_new("d.db", path, sizeof path);
    relok_day today = sd(CATALOGUE_CHECK);
    data_path(file, sizeof file, "good", "no-header.csv");
    size_t added = 0;
    assert_int_equal(relok_diary_import_file(d, file, RELOK_TRIPS_AUTO, today, &added, NULL),
                     RELOK_OK);
    assert_int_equal(added, 2);
    uint64_t before = checksum(path);
    for (size_t i = 0; i < N_BAD_LOGS; i++) {
        /* A visit ending after today is a plan to the diary (it holds
         * planned trips; golden trip/add-planned). */
        if (strcmp(bad_logs[i].file, "exit-after-check.csv") == 0)
            continue;
        data_path(file, sizeof file, "bad", bad_logs[i].file);
        relok_error err = {0};
        relok_status rc = relok_diary_import_file(d, file, RELOK_TRIPS_AUTO, today, &added, &err);
        if (rc != bad_logs[i].status)
            print_error("%s: %s %s\n", bad_logs[i].file, relok_status_name(rc), err.msg);
        assert_int_equal(rc, bad_logs[i].status);
        assert_int_equal(added, 0);
        assert_int_equal(checksum(path), before);
    }
    /* A log that is valid alone but overlaps the stored trips: refused as a
     * whole, even though its first rows would fit. */
    data_path(file, sizeof file, "good", "basic.csv");
    relok_error err = {0};
    assert_int_equal(relok_diary_import_file(d, file, RELOK_TRIPS_AUTO, today, &added, &err),
                     RELOK_ESCHEMA);
    assert_int_equal(checksum(path), before);
    /* A missing file is an I/O error. */
    data_path(file, sizeof file, "good", "no-such-file.csv");
    assert_int_equal(relok_diary_import_file(d, file, RELOK_TRIPS_AUTO, today, NULL, NULL),
                     RELOK_EIO);
    assert_int_equal(checksum(path), before);
    relok_diary_close(d);
}

static void test_diary_import_survives_allocation_failures(void **state)
{
    (void)state;
    char path[1024], file[1024];
    relok_diary *d = open_new("sweep.db", path, sizeof path);
    relok_trip t = visit("KZ", "2020-01-01", "2020-01-05");
    assert_int_equal(relok_diary_add(d, &t, sd(CATALOGUE_CHECK), NULL, NULL), RELOK_OK);
    uint64_t before = checksum(path);
    data_path(file, sizeof file, "good", "basic.json");
    for (unsigned long k = 1; k < 500; k++) {
        relok__alloc_fail_at(k);
        relok_status rc =
            relok_diary_import_file(d, file, RELOK_TRIPS_AUTO, sd(CATALOGUE_CHECK), NULL, NULL);
        int failed = relok__alloc_failed();
        relok__alloc_fail_at(0);
        if (!failed) {
            assert_int_equal(rc, RELOK_OK);
            break;
        }
        assert_int_equal(rc, RELOK_ENOMEM);
        assert_int_equal(checksum(path), before);
    }
    assert_int_not_equal(checksum(path), before);
    relok_diary_close(d);
}

static void write_file(const char *path, const void *bytes, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, len, f), len);
    fclose(f);
}

static void test_diary_migrates_version_1_files(void **state)
{
    (void)state;
    char path[1024];
    tmp_path(path, sizeof path, "v1.db");
    remove(path);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "CREATE TABLE trips (id INTEGER PRIMARY KEY AUTOINCREMENT,"
                                  " country TEXT NOT NULL CHECK (length(country) = 2),"
                                  " entry TEXT NOT NULL, exit TEXT,"
                                  " status TEXT NOT NULL DEFAULT 'visit'"
                                  " CHECK (status IN ('visit', 'permit')));"
                                  "INSERT INTO trips (country, entry, exit) VALUES"
                                  " ('GE', '2023-01-02', NULL);"
                                  "PRAGMA user_version = 1;",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    relok_diary *d = NULL;
    assert_int_equal(relok_diary_open(path, 0, &d, NULL), RELOK_OK);
    assert_int_equal(relok_diary_schema(d), RELOK_DIARY_SCHEMA);
    char *csv = NULL;
    assert_int_equal(relok_diary_export(d, RELOK_TRIPS_CSV, &csv, NULL), RELOK_OK);
    assert_string_equal(csv, "country,entry,exit,status\nGE,2023-01-02,,visit\n");
    relok_trips_text_free(csv);
    relok_diary_close(d);

    /* A file from a newer relok is refused, not rewritten. */
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    relok_error err = {0};
    assert_int_equal(relok_diary_open(path, 0, &d, &err), RELOK_EDB);
    assert_null(d);
    assert_non_null(strstr(err.msg, "newer relok"));
}

static void test_diary_error_paths(void **state)
{
    (void)state;
    char path[1024];
    relok_diary *d = NULL;
    relok_error err = {0};
    /* Damaged: not an SQLite file at all. */
    tmp_path(path, sizeof path, "bad.db");
    const char junk[] = "this is not a database, it is 64 bytes of text for the test....";
    write_file(path, junk, sizeof junk - 1);
    assert_int_equal(relok_diary_open(path, RELOK_DIARY_CREATE, &d, &err), RELOK_EDB);
    assert_null(d);
    assert_string_equal(err.source, path);
    /* Someone else's SQLite database is left alone. */
    tmp_path(path, sizeof path, "foreign.db");
    remove(path);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE notes (x TEXT)", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    relok_error_clear(&err);
    assert_int_equal(relok_diary_open(path, 0, &d, &err), RELOK_EDB);
    assert_non_null(strstr(err.msg, "not a relok diary"));
    /* A directory is not a diary. */
    assert_int_equal(relok_diary_open(tmpdir, 0, &d, NULL), RELOK_EIO);
    /* Read-only: reading works, writing is refused and changes nothing. */
    relok_diary *w = open_new("ro.db", path, sizeof path);
    relok_trip t = visit("GE", "2024-01-01", "2024-01-05");
    assert_int_equal(relok_diary_add(w, &t, sd("2024-06-30"), NULL, NULL), RELOK_OK);
    relok_diary_close(w);
    uint64_t before = checksum(path);
    assert_int_equal(relok_diary_open(path, RELOK_DIARY_READONLY, &d, NULL), RELOK_OK);
    t = visit("GE", "2024-02-01", "2024-02-05");
    relok_error_clear(&err);
    assert_int_equal(relok_diary_add(d, &t, sd("2024-06-30"), NULL, &err), RELOK_EDB);
    assert_non_null(strstr(err.msg, "read-only"));
    relok_arena *a = relok_arena_new(0);
    relok_trip *list;
    size_t n;
    assert_int_equal(relok_diary_list(d, a, &list, &n, NULL), RELOK_OK);
    assert_int_equal(n, 1);
    relok_arena_free(a);
    relok_diary_close(d);
    assert_int_equal(checksum(path), before);
    /* A file the OS will not let us write (not testable as root). */
    if (geteuid() != 0) {
        assert_int_equal(chmod(path, 0400), 0);
        relok_error_clear(&err);
        relok_status rc = relok_diary_open(path, 0, &d, &err);
        if (rc == RELOK_OK) {
            relok_status rc2 = relok_diary_add(d, &t, sd("2024-06-30"), NULL, &err);
            assert_int_equal(rc2, RELOK_EDB);
            relok_diary_close(d);
        } else {
            assert_true(rc == RELOK_EDB || rc == RELOK_EIO);
        }
        assert_int_equal(chmod(path, 0600), 0);
        assert_int_equal(checksum(path), before);
    }
}

/* A first import killed while SQLite switched the new file to WAL leaves
 * a hot rollback journal (the files here are from such a crash, found by
 * harden_kill9). A read-only open (trip list, export, stay) could not roll
 * it back and failed with "attempt to write a readonly database"; it now
 * lets a writer replay it first, and sees an empty diary. */
static void test_diary_readonly_open_after_crashed_first_write(void **state)
{
    (void)state;
    char src[1024], path[1024], jsrc[1100], jdst[1100];
    const char *root = getenv("RELOK_TEST_DATA");
    snprintf(src, sizeof src, "%s/diary-crashed/first-import.db", root != NULL ? root : "tests/data");
    snprintf(jsrc, sizeof jsrc, "%s-journal", src);
    tmp_path(path, sizeof path, "crashed.db");
    snprintf(jdst, sizeof jdst, "%s-journal", path);
    copy_file(src, path);
    copy_file(jsrc, jdst);
    relok_diary *d = NULL;
    relok_error err = {0};
    assert_int_equal(relok_diary_open(path, RELOK_DIARY_READONLY, &d, &err), RELOK_OK);
    relok_arena *a = relok_arena_new(0);
    relok_trip *list;
    size_t n = 99;
    assert_int_equal(relok_diary_list(d, a, &list, &n, NULL), RELOK_OK);
    assert_int_equal(n, 0);
    relok_arena_free(a);
    relok_diary_close(d);
    /* The journal was replayed, and a writer can now use the file. */
    struct stat st;
    assert_true(stat(jdst, &st) != 0 || st.st_size == 0);
    assert_int_equal(relok_diary_open(path, 0, &d, &err), RELOK_OK);
    relok_trip t = visit("GE", "2024-01-01", "2024-01-05");
    assert_int_equal(relok_diary_add(d, &t, sd("2024-06-30"), NULL, NULL), RELOK_OK);
    relok_diary_close(d);
}

static void test_diary_default_path(void **state)
{
    (void)state;
    char buf[256];
    const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
    char *old_xdg = xdg != NULL ? strdup(xdg) : NULL, *old_home = home != NULL ? strdup(home) : NULL;
    setenv("XDG_DATA_HOME", "/x/data", 1);
    assert_int_equal(relok_diary_default_path(buf, sizeof buf, NULL), RELOK_OK);
    assert_string_equal(buf, "/x/data/relok/diary.db");
    setenv("XDG_DATA_HOME", "relative/ignored", 1);
    setenv("HOME", "/home/u", 1);
    assert_int_equal(relok_diary_default_path(buf, sizeof buf, NULL), RELOK_OK);
    assert_string_equal(buf, "/home/u/.local/share/relok/diary.db");
    unsetenv("XDG_DATA_HOME");
    unsetenv("HOME");
    assert_int_equal(relok_diary_default_path(buf, sizeof buf, NULL), RELOK_ENOTFOUND);
    setenv("HOME", "/home/u", 1);
    assert_int_equal(relok_diary_default_path(buf, 8, NULL), RELOK_ELIMIT);
    if (old_xdg != NULL)
        setenv("XDG_DATA_HOME", old_xdg, 1);
    if (old_home != NULL)
        setenv("HOME", old_home, 1);
    else
        unsetenv("HOME");
    free(old_xdg);
    free(old_home);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_diary_creates_private_file_with_wal_and_schema),
        cmocka_unit_test(test_diary_add_end_list_remove_export),
        cmocka_unit_test(test_diary_rejected_imports_leave_it_unchanged),
        cmocka_unit_test(test_diary_import_survives_allocation_failures),
        cmocka_unit_test(test_diary_migrates_version_1_files),
        cmocka_unit_test(test_diary_error_paths),
        cmocka_unit_test(test_diary_readonly_open_after_crashed_first_write),
        cmocka_unit_test(test_diary_default_path),
    };
    return cmocka_run_group_tests(tests, setup_dir, teardown_dir);
}
