/* SPDX-License-Identifier: MIT */
/* The web UI as static files from the web directory: index.html at "/",
 * content types by extension, ETag revalidation, no directory listing and
 * no way out of the directory (no "..", no dot files, no symlink in any
 * component, only plain file names, only regular files). Faces layer. */
#include "server.h"

#include <microhttpd.h>

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


static bool safe_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '.' || c == '-' || c == '_' || c == '~';
}

bool srv_static_path_ok(const char *path)
{
    size_t n = strlen(path);
    if (n == 0 || n > RELOK_MAX_STATIC_PATH)
        return false;
    const char *seg = path;
    for (size_t i = 0; i <= n; i++) {
        char c = path[i];
        if (c == '/' || c == '\0') {
            size_t len = (size_t)(path + i - seg);
            /* Empty segments ("a//b", a leading "/"), and any segment that
             * starts with a dot: ".", "..", ".git", ".env". */
            if (len == 0 || seg[0] == '.')
                return false;
            seg = path + i + 1;
            continue;
        }
        if (!safe_char(c))
            return false;
    }
    return true;
}

const char *srv_content_type(const char *name)
{
    static const struct {
        const char *ext;
        const char *type;
    } types[] = {
        {".html", "text/html; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".json", "application/json"},
        {".map", "application/json"},
        {".webmanifest", "application/manifest+json"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".jpeg", "image/jpeg"},
        {".gif", "image/gif"},
        {".webp", "image/webp"},
        {".ico", "image/x-icon"},
        {".woff2", "font/woff2"},
        {".woff", "font/woff"},
        {".txt", "text/plain; charset=utf-8"},
        {".md", "text/markdown; charset=utf-8"},
        {".csv", "text/csv; charset=utf-8"},
    };
    const char *dot = strrchr(name, '.');
    const char *slash = strrchr(name, '/');
    if (dot != NULL && (slash == NULL || dot > slash))
        for (size_t i = 0; i < sizeof types / sizeof *types; i++)
            if (strcmp(dot, types[i].ext) == 0)
                return types[i].type;
    return "application/octet-stream";
}

/* Does the If-None-Match header list our tag (or "*")? */
static bool etag_matches(const char *inm, const char *etag)
{
    if (inm == NULL)
        return false;
    size_t tl = strlen(etag);
    const char *p = inm;
    while (*p != '\0') {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        if (*p == '*')
            return true;
        if (strncmp(p, "W/", 2) == 0)
            p += 2; /* weak comparison is what If-None-Match uses */
        if (strncmp(p, etag, tl) == 0 && (p[tl] == '\0' || p[tl] == ',' || p[tl] == ' '))
            return true;
        while (*p != '\0' && *p != ',')
            p++;
    }
    return false;
}

/* Open web/name component by component with O_NOFOLLOW, so that no symlink
 * anywhere below the web root (a directory linked to "/etc" as much as a
 * linked file) leads out of it; a resolved-prefix check would race with
 * renames. O_NONBLOCK: a FIFO is opened without waiting for a writer and
 * then refused as not a regular file. Returns the descriptor or -1. */
static int open_confined(const char *web, const char *name)
{
    int dir = open(web, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0)
        return -1;
    const char *seg = name;
    for (;;) {
        const char *slash = strchr(seg, '/');
        char part[RELOK_MAX_STATIC_PATH + 16];
        size_t len = slash != NULL ? (size_t)(slash - seg) : strlen(seg);
        if (len == 0 || len >= sizeof part) {
            (void)close(dir); /* read-only descriptor: nothing to flush */
            return -1;
        }
        memcpy(part, seg, len);
        part[len] = '\0';
        int flags = O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC |
                    (slash != NULL ? O_DIRECTORY : 0);
        int fd = openat(dir, part, flags);
        (void)close(dir); /* read-only descriptor: nothing to flush */
        if (fd < 0 || slash == NULL)
            return fd;
        dir = fd;
        seg = slash + 1;
    }
}

static void not_found(srv_req *r)
{
    srv_reply_error(r, 404, "ENOTFOUND", NULL, "no such file");
}

void srv_route_static(srv_req *r)
{
    const char *web = relok_server_web_dir(r->srv);
    if (web == NULL) {
        not_found(r);
        return;
    }
    /* "/" and "dir/" serve the directory's index.html; never a listing. */
    const char *rel = r->path[0] == '/' ? r->path + 1 : r->path;
    size_t rl = strlen(rel);
    char name[RELOK_MAX_STATIC_PATH + 16];
    int w = snprintf(name, sizeof name, "%s%s", rel,
                     rl == 0 || rel[rl - 1] == '/' ? "index.html" : "");
    if (w < 0 || (size_t)w >= sizeof name || !srv_static_path_ok(name)) {
        not_found(r);
        return;
    }
    int fd = open_confined(web, name);
    if (fd < 0) {
        not_found(r);
        return;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        (void)close(fd); /* read-only descriptor: nothing to flush */
        not_found(r);
        return;
    }
    char etag[80];
    snprintf(etag, sizeof etag, "\"%llx-%llx-%lx\"", (unsigned long long)st.st_size,
             (unsigned long long)st.st_mtim.tv_sec, (unsigned long)st.st_mtim.tv_nsec);
    struct MHD_Response *resp;
    unsigned status;
    const char *inm = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
                                                  MHD_HTTP_HEADER_IF_NONE_MATCH);
    if (etag_matches(inm, etag)) {
        (void)close(fd); /* read-only descriptor: nothing to flush */
        resp = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
        status = 304;
    } else {
        /* The response owns fd from here (closed when it is destroyed);
         * libmicrohttpd sends it with sendfile where it can. */
        resp = MHD_create_response_from_fd64((uint64_t)st.st_size, fd);
        if (resp == NULL)
            (void)close(fd);
        status = 200;
    }
    bool ok = resp != NULL &&
              MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, etag) == MHD_YES &&
              MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache") ==
                  MHD_YES &&
              (status == 304 || MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
                                                        srv_content_type(name)) == MHD_YES) &&
              srv_add_common_headers(resp, false, atomic_load(&r->srv->stopping));
    if (!ok) {
        if (resp != NULL)
            MHD_destroy_response(resp);
        srv_reply_error(r, 500, "ENOMEM", NULL, relok_strerror(RELOK_ENOMEM));
        return;
    }
    r->resp = resp;
    r->status = status;
}
