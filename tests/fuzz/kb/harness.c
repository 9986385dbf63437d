/* SPDX-License-Identifier: MIT */
/* Fuzz harness for the KB loader with all its meaning checks (the strict
 * ones of `relok kb check`, as diagnostics are asked for): a copy of the
 * test KB gets one file from the input - the first byte picks which: a
 * country ('c', and any other byte), a sources file ('s'), a zone ('z') or
 * rates.yaml ('r') - and is loaded. The copy is made once per process in
 * $TMPDIR. libFuzzer entry point; replayed by tests/fuzz/replay.c. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* mkdtemp, setenv without the build flags of relok_warnings */
#endif
#include "relok/kb.h"

#include "../fuzz_files.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char g_kb[512];

static void remove_kb(void)
{
    static const char *const subs[] = {"countries", "sources", "zones"};
    for (size_t i = 0; i < 3; i++) {
        char dir[700];
        snprintf(dir, sizeof dir, "%s/%s", g_kb, subs[i]);
        fuzz_remove_dir(dir);
    }
    fuzz_remove_dir(g_kb); /* rates.yaml, then the directory */
}

static int setup_once(void)
{
    if (g_kb[0] != '\0')
        return 0;
    const char *src = getenv("RELOK_FUZZ_KB");
#ifdef RELOK_FUZZ_KB
    if (src == NULL)
        src = RELOK_FUZZ_KB;
#endif
    if (src == NULL)
        return -1;
    const char *t = getenv("TMPDIR");
    snprintf(g_kb, sizeof g_kb, "%s/relok-fuzz-kb-XXXXXX", t != NULL ? t : "/tmp");
    if (mkdtemp(g_kb) == NULL)
        return -1;
    atexit(remove_kb);
    static const char *const subs[] = {"countries", "sources", "zones"};
    for (size_t i = 0; i < 3; i++) {
        char from[700], to[700];
        snprintf(from, sizeof from, "%s/%s", src, subs[i]);
        snprintf(to, sizeof to, "%s/%s", g_kb, subs[i]);
        if (mkdir(to, 0700) != 0 || fuzz_copy_dir(from, to) != 0)
            return -1;
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || setup_once() != 0)
        return 0;
    const char *rel = data[0] == 's'   ? "sources/zz-fuzz.yaml"
                      : data[0] == 'z' ? "zones/zz-fuzz.yaml"
                      : data[0] == 'r' ? "rates.yaml"
                                       : "countries/ZZ.yaml";
    char path[700];
    snprintf(path, sizeof path, "%s/%s", g_kb, rel);
    FILE *f = fopen(path, "wb");
    if (f == NULL)
        return 0;
    if (size > 1)
        (void)fwrite(data + 1, 1, size - 1, f);
    if (fclose(f) != 0)
        return 0;
    relok_kb *kb = NULL;
    relok_diags diags = {0};
    relok_error err = {0};
    if (relok_kb_load(g_kb, &kb, &diags, &err) == RELOK_OK)
        (void)relok_kb_n_countries(kb);
    relok_kb_free(kb);
    relok_diags_free(&diags);
    (void)unlink(path);
    return 0;
}
