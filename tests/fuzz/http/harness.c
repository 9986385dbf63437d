/* SPDX-License-Identifier: MIT */
/* Fuzz harness for the HTTP face: each input is raw bytes sent to an
 * in-process `relok serve` (libmicrohttpd plus our routing, query, body,
 * content-type and static-path handling) through a socket pair, with the
 * daemon run from this thread (server/feed.c), until the server closes. Inputs starting with "P:" are instead fed to the
 * pure checks (static path, JSON content type, JSON quoting, the body
 * scanner). The server
 * starts once, on the example KB ($RELOK_TEST_DATA/kb-example) and an empty
 * web directory, and stops at exit. libFuzzer entry point; replayed by
 * tests/fuzz/replay.c under the sanitizers on every test run. */
#include "body.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static relok_server *g_srv;

static void quiet_log(void *ud, const char *line)
{
    (void)ud;
    (void)line;
}

static void stop_server(void) { relok_server_stop(g_srv); }

static int start_once(void)
{
    if (g_srv != NULL)
        return 0;
    const char *d = getenv("RELOK_TEST_DATA");
    char kb[1024];
    snprintf(kb, sizeof kb, "%s/kb-example", d != NULL ? d : "tests/data");
    relok_server_opts o = {.bind = "127.0.0.1",
                           .kb_dir = kb,
                           .web_dir = d != NULL ? d : "tests/data",
                           .threads = 1,
                           .access_log = true,
                           .log_cb = getenv("RELOK_FUZZ_LOG") != NULL ? NULL : quiet_log};
    if (srv_start(&o, true, &g_srv, NULL) != RELOK_OK)
        return -1;
    atexit(stop_server);
    return 0;
}

static void pure_checks(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (s == NULL)
        return;
    memcpy(s, data, size);
    s[size] = '\0';
    (void)srv_static_path_ok(s);
    (void)srv_is_json_type(s);
    (void)srv_content_type(s);
    relok_arena *a = relok_arena_new(0);
    if (a != NULL) {
        (void)srv_json_quote(a, s);
        /* The body scanner: every member it lists must be readable. */
        srv_members ms;
        if (srv_scan_object(a, (const char *)data, size, &ms, NULL) == RELOK_OK)
            for (size_t i = 0; i < ms.n; i++)
                if (srv_member_is_string(&ms.m[i])) {
                    size_t len;
                    (void)srv_member_string(a, &ms.m[i], &len);
                }
    }
    relok_arena_free(a);
    free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size >= 2 && data[0] == 'P' && data[1] == ':') {
        pure_checks(data + 2, size - 2);
        return 0;
    }
    if (start_once() != 0)
        return 0;
    size_t answered = srv_feed(g_srv, data, size);
    if (getenv("RELOK_FUZZ_VERBOSE") != NULL)
        fprintf(stderr, "%zu bytes in, %zu answered\n", size, answered);
    return 0;
}
