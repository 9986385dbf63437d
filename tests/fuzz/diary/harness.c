/* SPDX-License-Identifier: MIT */
/* Fuzz harness for diary files: the input is the bytes of the file (an
 * SQLite database or anything else). It is opened read-only (list, export)
 * and read-write (which may migrate it, then list and add a trip): the
 * diary must refuse what is not its own with an error, never crash, and
 * read back only valid trips. libFuzzer entry point; replayed by
 * tests/fuzz/replay.c. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* mkdtemp, setenv without the build flags of relok_warnings */
#endif
#include "relok/arena.h"
#include "relok/diary.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char g_path[512];

static void remove_file(void) { (void)unlink(g_path); }

static void read_all(relok_diary *d)
{
    relok_arena *a = relok_arena_new(0);
    relok_trip *trips = NULL;
    size_t n = 0;
    if (a != NULL)
        (void)relok_diary_list(d, a, &trips, &n, NULL);
    relok_arena_free(a);
    char *text = NULL;
    if (relok_diary_export(d, RELOK_TRIPS_JSON, &text, NULL) == RELOK_OK)
        relok_trips_text_free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (g_path[0] == '\0') {
        const char *t = getenv("TMPDIR");
        snprintf(g_path, sizeof g_path, "%s/relok-fuzz-diary-%ld.db", t != NULL ? t : "/tmp",
                 (long)getpid());
        atexit(remove_file);
    }
    for (int pass = 0; pass < 2; pass++) {
        FILE *f = fopen(g_path, "wb");
        if (f == NULL)
            return 0;
        if (size > 0)
            (void)fwrite(data, 1, size, f);
        if (fclose(f) != 0)
            return 0;
        relok_diary *d = NULL;
        unsigned flags = pass == 0 ? RELOK_DIARY_READONLY : 0;
        if (relok_diary_open(g_path, flags, &d, NULL) != RELOK_OK)
            continue;
        read_all(d);
        if (pass == 1) {
            relok_trip t = {.country = "GE", .entry = 20000, .exit = 20010};
            (void)relok_diary_add(d, &t, 20100, NULL, NULL);
            read_all(d);
        }
        relok_diary_close(d);
    }
    /* SQLite's side files of a journal, if one was left. */
    char side[600];
    snprintf(side, sizeof side, "%s-journal", g_path);
    (void)unlink(side);
    snprintf(side, sizeof side, "%s-wal", g_path);
    (void)unlink(side);
    snprintf(side, sizeof side, "%s-shm", g_path);
    (void)unlink(side);
    return 0;
}
