/* SPDX-License-Identifier: MIT */
/* Fuzz harness for scenario files (data/scenarios/NAME.yaml, docs/scenarios.md):
 * the input becomes fuzz.yaml in a private copy of the shipped scenarios
 * (so `base: baseline` resolves) and is loaded with every check, its
 * source ids against the shipped KB. A line "#8<" splits the input: what
 * follows is a second scenario, fuzzb.yaml, so base chains and cycles
 * between two fuzzed files are reachable too. A scenario that loads is run
 * for a few hundred days with 40 agents, so the engine meets its events.
 * The KB loads and the copy is made once per process. libFuzzer entry
 * point; replayed by tests/fuzz/replay.c. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* mkdtemp without the build flags of relok_warnings */
#endif
#include "relok/relok.h"
#include "relok/sim.h"

#include "../fuzz_files.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char g_dir[512];
static relok_kb *g_kb;

static int write_file(const char *path, const uint8_t *data, size_t size)
{
    FILE *out = fopen(path, "wb");
    if (out == NULL)
        return -1;
    int rc = size == 0 || fwrite(data, 1, size, out) == size ? 0 : -1;
    return fclose(out) != 0 ? -1 : rc;
}

static void cleanup(void)
{
    fuzz_remove_dir(g_dir);
    relok_kb_free(g_kb);
}

static int setup_once(void)
{
    static int done;
    if (done)
        return done > 0 ? 0 : -1;
    done = -1;
    const char *kb = getenv("RELOK_FUZZ_KB");
#ifdef RELOK_FUZZ_KB
    if (kb == NULL)
        kb = RELOK_FUZZ_KB;
#endif
    if (kb == NULL || relok_kb_load(kb, &g_kb, NULL, NULL) != RELOK_OK) {
        fprintf(stderr, "scenario harness: cannot load the KB %s\n", kb != NULL ? kb : "(none)");
        return -1;
    }
    const char *t = getenv("TMPDIR");
    snprintf(g_dir, sizeof g_dir, "%s/relok-fuzz-scen-XXXXXX", t != NULL ? t : "/tmp");
    if (mkdtemp(g_dir) == NULL)
        return -1;
    atexit(cleanup);
    char from[700];
    snprintf(from, sizeof from, "%s/scenarios", kb);
    if (fuzz_copy_dir(from, g_dir) != 0)
        return -1;
    done = 1;
    return 0;
}

/* A short, small run: the engine must take whatever events loaded. */
static void run_briefly(const relok_sim_scenario *sc)
{
    relok_sim_opts o;
    relok_sim_opts_init(&o);
    o.n_agents = 40;
    o.until = o.start + 400;
    relok_sim_result *r = NULL;
    relok_status s = relok_sim_run(g_kb, sc, &o, &r, NULL);
    if (getenv("RELOK_FUZZ_VERBOSE") != NULL)
        fprintf(stderr, "%s: loaded, %zu events, run %d\n", sc->id, sc->n_events, (int)s);
    if (s == RELOK_OK) {
        char *json = NULL;
        if (relok_sim_summary_json(r, sc, 0, &json, NULL) == RELOK_OK)
            relok_json_free(json);
    }
    relok_sim_result_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (setup_once() != 0)
        return 0;
    static const char cut[] = "\n#8<";
    const uint8_t *second = NULL;
    size_t first = size;
    for (size_t i = 0; i + sizeof cut - 1 <= size; i++)
        if (memcmp(data + i, cut, sizeof cut - 1) == 0) {
            first = i + 1;
            second = data + i + sizeof cut - 1;
            break;
        }
    char a[700], b[700];
    snprintf(a, sizeof a, "%s/fuzz.yaml", g_dir);
    snprintf(b, sizeof b, "%s/fuzzb.yaml", g_dir);
    if (write_file(a, data, first) != 0)
        return 0;
    if (second != NULL && write_file(b, second, (size_t)(data + size - second)) != 0)
        return 0;
    relok_arena *arena = relok_arena_new(0);
    relok_sim_scenario sc;
    relok_error err = {0};
    if (arena != NULL && relok_sim_scenario_load(g_dir, "fuzz", g_kb, arena, &sc, &err) == RELOK_OK)
        run_briefly(&sc);
    else if (arena != NULL) {
        char buf[512];
        const char *why = relok_error_format(&err, buf, sizeof buf);
        if (getenv("RELOK_FUZZ_VERBOSE") != NULL)
            fprintf(stderr, "%s\n", why);
    }
    relok_arena_free(arena);
    (void)unlink(b);
    return 0;
}
