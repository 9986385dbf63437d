/* SPDX-License-Identifier: MIT */
/* Fuzz harness for the document parsers (YAML and JSON) and the strict rule
 * reader on top of them. libFuzzer entry point; also linked into
 * tests/fuzz/replay.c, which replays the corpus under ASan on every test
 * run. The first byte picks the parser. */
#include "base/doc_int.h"
#include "relok/arena.h"
#include "relok/rule.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    relok_arena *a = relok_arena_new(64u * 1024u * 1024u);
    if (a == NULL)
        return 0;
    const char *text = (const char *)(data + 1);
    relok__node *root = NULL;
    relok_error err = {0};
    switch (data[0] % 3) {
    case 0:
        (void)relok__doc_parse_yaml(text, size - 1, "fuzz", a, &root, &err);
        break;
    case 1:
        (void)relok__doc_parse_json(text, size - 1, "fuzz", a, &root, &err);
        break;
    default: {
        relok_rule r;
        (void)relok_rule_parse(text, size - 1, "fuzz", a, &r, &err);
        break;
    }
    }
    relok_arena_free(a);
    return 0;
}
