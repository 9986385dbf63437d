/* SPDX-License-Identifier: MIT */
/* Fuzz harness for the profile parser (YAML and JSON) and, for profiles
 * that parse, one advise call and its JSON rendering on the small test KB.
 * libFuzzer entry point; also linked into tests/fuzz/replay.c, which replays
 * the corpus under ASan on every test run. The first byte picks the format:
 * 'j' for JSON, anything else for YAML. */
#include "relok/advise.h"
#include "relok/arena.h"
#include "relok/json.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Loaded once per process and kept (still reachable, so leak checkers do not
 * count it). */
static relok_kb *fuzz_kb(void)
{
    static relok_kb *kb;
    static int tried;
#ifdef RELOK_FUZZ_KB
    if (!tried) {
        tried = 1;
        const char *dir = getenv("RELOK_FUZZ_KB");
        (void)relok_kb_load(dir != NULL ? dir : RELOK_FUZZ_KB, &kb, NULL, NULL);
    }
#else
    (void)tried;
#endif
    return kb;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    relok_arena *a = relok_arena_new(64u * 1024u * 1024u);
    if (a == NULL)
        return 0;
    const char *text = (const char *)(data + 1);
    relok_profile p;
    relok_error err = {0};
    relok_profile_format fmt = data[0] == 'j' ? RELOK_PROFILE_JSON : RELOK_PROFILE_YAML;
    if (relok_profile_parse(text, size - 1, "fuzz", fmt, a, &p, &err) == RELOK_OK) {
        relok_kb *kb = fuzz_kb();
        relok_advice *adv = NULL;
        /* A fixed date inside every supported range. */
        relok_advise_opts o = {.asof = 20785};
        if (kb != NULL && relok_advise_run(kb, &p, &o, &adv, NULL) == RELOK_OK) {
            char *json = NULL;
            (void)relok_advise_json(adv, &p, 2, NULL, 0, &json, NULL);
            relok_json_free(json);
        }
        relok_advise_free(adv);
    }
    relok_arena_free(a);
    return 0;
}
