/* SPDX-License-Identifier: MIT */
/* In-process HTTP input for fuzzing: the bytes go through libmicrohttpd's
 * parser and our request handler exactly as from a client, but over a
 * socket pair and with the daemon run from the caller's thread, so there is
 * no TCP, no thread hand-off and no waiting for timeouts (the loopback
 * harness this replaces ran ~2 inputs a second). Faces layer. */
#include "server.h"

#include <microhttpd.h>

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Daemon turns before giving up on a connection that neither answers nor
 * closes (it cannot happen: the client's half is shut for writing). */
#define FEED_MAX_TURNS 100000

size_t srv_feed(relok_server *srv, const uint8_t *data, size_t len)
{
    return srv_feed_reply(srv, data, len, NULL, 0);
}

size_t srv_feed_reply(relok_server *srv, const uint8_t *data, size_t len, char *out,
                      size_t cap)
{
    if (out != NULL && cap > 0)
        out[0] = '\0';
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
        return 0;
    (void)fcntl(sv[0], F_SETFL, O_NONBLOCK);
    struct sockaddr_in peer;
    memset(&peer, 0, sizeof peer);
    peer.sin_family = AF_INET;
    peer.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    /* libmicrohttpd owns sv[1] from here, also on failure. */
    if (MHD_add_connection(srv->daemon, sv[1], (const struct sockaddr *)&peer, sizeof peer) !=
        MHD_YES) {
        (void)close(sv[0]); /* socket: nothing to flush */
        return 0;
    }
    size_t off = 0, answered = 0;
    bool shut = false;
    char buf[65536];
    for (int turn = 0; turn < FEED_MAX_TURNS; turn++) {
        /* The socket buffer takes ~200 KB at once; a larger input goes in
         * pieces between daemon turns. */
        while (off < len) {
            ssize_t n = send(sv[0], data + off, len - off, MSG_NOSIGNAL | MSG_DONTWAIT);
            if (n <= 0)
                break;
            off += (size_t)n;
        }
        if (off == len && !shut) {
            (void)shutdown(sv[0], SHUT_WR);
            shut = true;
        }
        (void)MHD_run(srv->daemon);
        ssize_t k;
        while ((k = recv(sv[0], buf, sizeof buf, MSG_DONTWAIT)) > 0) {
            /* Keep what fits of the answer, NUL-terminated (tests read it). */
            if (out != NULL && answered + 1 < cap) {
                size_t room = cap - 1 - answered, n = (size_t)k < room ? (size_t)k : room;
                memcpy(out + answered, buf, n);
                out[answered + n] = '\0';
            }
            answered += (size_t)k;
        }
        if (k == 0 || (k < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
            break; /* the server closed the connection */
    }
    (void)close(sv[0]); /* socket: nothing to flush */
    /* Let the daemon clean up the closed connection now, so that no state
     * carries over to the next input. */
    (void)MHD_run(srv->daemon);
    return answered;
}
