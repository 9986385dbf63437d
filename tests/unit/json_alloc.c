/* SPDX-License-Identifier: MIT */
/* Linked into every unit test: install the library's JSON allocator as the
 * faces do (cli/main.c, server/server.c), so the tests run the library the
 * way its faces run it, and the allocation sweeps reach jansson's blocks.
 * test_json_alloc runs without it. */
#include "relok/mem.h"

#include <jansson.h>

__attribute__((constructor)) static void install_json_alloc(void)
{
    json_set_alloc_funcs(relok_json_alloc, relok_json_release);
}
