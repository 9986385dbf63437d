/* SPDX-License-Identifier: MIT */
/* Fuzz harness for the HTTP face: each input is raw bytes sent to an
 * in-process `relok serve` (libmicrohttpd plus our routing, query, body,
 * content-type and static-path handling) over loopback; the harness reads
 * until the server closes. Inputs starting with "P:" are instead fed to the
 * pure checks (static path, JSON content type, JSON quoting, the body
 * scanner). The server
 * starts once, on the example KB ($RELOK_TEST_DATA/kb-example) and an empty
 * web directory, and stops at exit. libFuzzer entry point; replayed by
 * tests/fuzz/replay.c under the sanitizers on every test run. */
#include "body.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

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
    if (relok_server_start(&o, &g_srv, NULL) != RELOK_OK)
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
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return 0;
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(relok_server_port(g_srv));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) == 0) {
        size_t off = 0;
        while (off < size) {
            ssize_t n = send(fd, data + off, size - off, MSG_NOSIGNAL);
            if (n <= 0)
                break;
            off += (size_t)n;
        }
        /* End of input. libmicrohttpd keeps a half-closed keep-alive
         * connection open until its timeout, so the answer is taken as
         * complete after a short silence once something came back (or a
         * longer one when nothing did: an incomplete request). */
        (void)shutdown(fd, SHUT_WR);
        char buf[65536];
        bool got = false;
        for (;;) {
            struct pollfd p = {.fd = fd, .events = POLLIN};
            int n = poll(&p, 1, got ? 50 : 2000);
            if (n <= 0)
                break;
            ssize_t k = recv(fd, buf, sizeof buf, 0);
            if (k <= 0)
                break;
            got = true;
        }
    }
    (void)close(fd); /* nothing buffered to lose */
    return 0;
}
