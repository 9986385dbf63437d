/* SPDX-License-Identifier: MIT */
/* The shipped knowledge base as a cmocka group fixture, for the test
 * binaries that share it (test_sim_api, test_sim_fit): g_kb is loaded once
 * in setup and freed in teardown. The directory is ../data (the tests run
 * in build/tests) unless RELOK_KB names another. Header-only: each binary
 * gets its own copy. */
#ifndef RELOK_TEST_KB_FIXTURE_H
#define RELOK_TEST_KB_FIXTURE_H

#include "relok/relok.h"

#include <stdio.h>
#include <stdlib.h>

static relok_kb *g_kb;

static const char *kb_dir(void)
{
    const char *kb = getenv("RELOK_KB");
    return kb != NULL ? kb : "../data";
}

/* The shipped scenarios' directory. */
static const char *scen_dir(void)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s/scenarios", kb_dir());
    return buf;
}

static int setup(void **state)
{
    (void)state;
    relok_error err = {0};
    return relok_kb_load(kb_dir(), &g_kb, NULL, &err) == RELOK_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    relok_kb_free(g_kb);
    return 0;
}

#endif
