/* SPDX-License-Identifier: MIT */
/* Responses: JSON bodies, JSON errors, status mapping and the headers every
 * response carries (security headers, no caching of API answers). Faces
 * layer. Error messages echo nothing the client did not send itself, and
 * none of this is logged. */
#include "body.h"

#include <microhttpd.h>

#include <stdio.h>
#include <string.h>

/* "default-src 'self'" is the policy the web UI is written for: no inline
 * script or style, no third-party requests. The other directives do not
 * fall back to default-src, so they are spelled out. */
static const char CSP[] =
    "default-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

bool srv_add_common_headers(struct MHD_Response *resp, bool is_api, bool closing)
{
    bool ok = MHD_add_response_header(resp, "Content-Security-Policy", CSP) == MHD_YES &&
              MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff") == MHD_YES &&
              MHD_add_response_header(resp, "Referrer-Policy", "no-referrer") == MHD_YES &&
              MHD_add_response_header(resp, "X-Frame-Options", "DENY") == MHD_YES &&
              MHD_add_response_header(resp, "Cross-Origin-Resource-Policy", "same-origin") ==
                  MHD_YES;
    if (ok && is_api)
        ok = MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store") == MHD_YES;
    if (ok && closing)
        ok = MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close") == MHD_YES;
    return ok;
}

/* Finish a JSON response: headers, then hand it to the request. */
void srv_finish_json(srv_req *r, unsigned status, struct MHD_Response *resp)
{
    if (resp == NULL ||
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json") !=
            MHD_YES ||
        !srv_add_common_headers(resp, true, atomic_load(&r->srv->stopping))) {
        if (resp != NULL)
            MHD_destroy_response(resp);
        resp = NULL; /* server.c then queues the prebuilt 500 */
    }
    if (r->resp != NULL)
        MHD_destroy_response(r->resp);
    if (resp == NULL) {
        r->resp = NULL;
        r->status = 500;
        return;
    }
    r->resp = resp;
    r->status = status;
}

static void free_json_cb(void *p) { relok_json_free(p); }

void srv_reply_json_take(srv_req *r, unsigned status, char *json)
{
    struct MHD_Response *resp =
        MHD_create_response_from_buffer_with_free_callback(strlen(json), json, free_json_cb);
    if (resp == NULL)
        relok_json_free(json);
    srv_finish_json(r, status, resp);
}

void srv_reply_rendered(srv_req *r, relok_status s, const relok_error *err, char *json)
{
    if (s == RELOK_OK) {
        srv_reply_json_take(r, 200, json);
        return;
    }
    relok_json_free(json);
    srv_reply_lib_error(r, s, err);
}

static void free_ics_cb(void *p) { relok_stay_ics_free(p); }

void srv_reply_ics_take(srv_req *r, char *text, const char *filename)
{
    struct MHD_Response *resp = MHD_create_response_from_buffer_with_free_callback(
        strlen(text), text, free_ics_cb);
    if (resp == NULL) {
        relok_stay_ics_free(text);
        srv_finish_json(r, 500, NULL);
        return;
    }
    char disp[96];
    snprintf(disp, sizeof disp, "attachment; filename=\"%s\"", filename);
    if (MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
                                "text/calendar; charset=utf-8") != MHD_YES ||
        MHD_add_response_header(resp, "Content-Disposition", disp) != MHD_YES ||
        !srv_add_common_headers(resp, true, atomic_load(&r->srv->stopping))) {
        MHD_destroy_response(resp);
        srv_finish_json(r, 500, NULL);
        return;
    }
    if (r->resp != NULL)
        MHD_destroy_response(r->resp);
    r->resp = resp;
    r->status = 200;
}

void srv_reply_json_copy(srv_req *r, unsigned status, const char *buf, size_t len)
{
    srv_finish_json(r, status,
                    MHD_create_response_from_buffer(len, (void *)(uintptr_t)buf,
                                                    MHD_RESPMEM_MUST_COPY));
}

void srv_reply_json_static(srv_req *r, unsigned status, const char *buf, size_t len)
{
    /* PERSISTENT: libmicrohttpd only reads the buffer. */
    srv_finish_json(r, status,
                    MHD_create_response_from_buffer(len, (void *)(uintptr_t)buf,
                                                    MHD_RESPMEM_PERSISTENT));
}

/* ------------------------------------------------------------ JSON text */

size_t srv_utf8_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t len;
    unsigned min;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    unsigned cp = c & (0x7Fu >> len);
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

char *srv_json_quote(relok_arena *a, const char *s)
{
    const unsigned char *p = (const unsigned char *)(s != NULL ? s : "");
    size_t n = strlen((const char *)p);
    /* Worst case: every byte becomes "\ufffd" or "\u00XX" (6 bytes). */
    char *out = relok_arena_alloc(a, n * 6 + 3);
    if (out == NULL)
        return NULL;
    static const char hex[] = "0123456789abcdef";
    size_t o = 0;
    out[o++] = '"';
    for (size_t i = 0; i < n;) {
        unsigned c = p[i];
        if (c == '"' || c == '\\') {
            out[o++] = '\\';
            out[o++] = (char)c;
            i++;
        } else if (c == '\n') {
            out[o++] = '\\';
            out[o++] = 'n';
            i++;
        } else if (c == '\t') {
            out[o++] = '\\';
            out[o++] = 't';
            i++;
        } else if (c < 0x20 || c == 0x7F) {
            memcpy(out + o, "\\u00", 4);
            o += 4;
            out[o++] = hex[c >> 4];
            out[o++] = hex[c & 15];
            i++;
        } else {
            size_t len = srv_utf8_len(p + i, n - i);
            if (len == 0) {
                memcpy(out + o, "\\ufffd", 6);
                o += 6;
                i++;
            } else {
                memcpy(out + o, p + i, len);
                o += len;
                i += len;
            }
        }
    }
    out[o++] = '"';
    out[o] = '\0';
    return out;
}

/* -------------------------------------------------------------- errors */

unsigned srv_http_status(relok_status s)
{
    switch (s) {
    case RELOK_OK:
        return 200;
    case RELOK_EINVAL:
    case RELOK_EPARSE:
    case RELOK_ESCHEMA:
    case RELOK_ERANGE:
    case RELOK_ELIMIT: /* too many items in a body that fits the byte cap */
        return 400;
    case RELOK_ENOTFOUND:
        return 404;
    case RELOK_ENOPLAN:
        return 422;
    case RELOK_ENOMEM:
    case RELOK_EIO:
    case RELOK_EDB:
    case RELOK_EINTERNAL:
    case RELOK_STATUS_COUNT_:
        break;
    }
    return 500;
}

/* The reason of an error whose site gave none: the HTTP-level codes' own,
 * else the library's for the status of that name. */
static const char *reason_of_code(const char *code)
{
    static const struct {
        const char *code, *reason;
    } http[] = {{"EMETHOD", "method_not_allowed"},
                {"EMEDIATYPE", "media_type"},
                {"EBUSY", "busy"},
                {"ENOTIMPL", "not_implemented"}};
    for (size_t i = 0; i < sizeof http / sizeof *http; i++)
        if (strcmp(http[i].code, code) == 0)
            return http[i].reason;
    for (int s = RELOK_OK + 1; s < RELOK_STATUS_COUNT_; s++)
        if (strcmp(relok_status_name((relok_status)s), code) == 0)
            return relok_status_reason((relok_status)s);
    return "internal";
}

void srv_reply_error(srv_req *r, unsigned status, const char *code, const char *field,
                     const char *msg)
{
    srv_reply_error_why(r, status, code, NULL, field, msg);
}

/* The error reply; msg_ru is the detail in Russian (NULL: worded from msg
 * by the catalogue, src/base/errmsg.def). `text` carries both languages,
 * as the KB's texts do, so a face can show the detail to a Russian reader
 * when the reason alone says too little. */
static void reply_error(srv_req *r, unsigned status, const char *code, const char *reason,
                        const char *field, const char *msg, const char *msg_ru)
{
    if (reason == NULL || status >= 500)
        reason = reason_of_code(code);
    char ru[2 * RELOK_ERROR_MSG_LEN];
    if (msg_ru == NULL)
        msg_ru = relok_error_text_lang(msg, RELOK_LANG_RU, ru, sizeof ru);
    const char *qmsg = srv_json_quote(r->arena, msg);
    const char *qru = srv_json_quote(r->arena, msg_ru);
    const char *qfield =
        field != NULL && field[0] != '\0' ? srv_json_quote(r->arena, field) : "null";
    if (qmsg == NULL || qru == NULL || qfield == NULL) {
        srv_finish_json(r, status, NULL);
        return;
    }
    size_t cap = 2 * strlen(qmsg) + strlen(qru) + strlen(qfield) + strlen(code) +
                 strlen(reason) + 144;
    char *buf = relok_arena_alloc(r->arena, cap);
    if (buf == NULL) {
        srv_finish_json(r, status, NULL);
        return;
    }
    int n = snprintf(buf, cap,
                     "{\"error\":{\"status\":%u,\"code\":\"%s\",\"reason\":\"%s\","
                     "\"message\":%s,\"text\":{\"en\":%s,\"ru\":%s},\"field\":%s}}",
                     status, code, reason, qmsg, qmsg, qru, qfield);
    if (n < 0 || (size_t)n >= cap) {
        srv_finish_json(r, status, NULL);
        return;
    }
    /* The arena lives until the completion callback, after the response is
     * sent, but copying a few hundred bytes keeps the lifetime argument out
     * of the picture. */
    srv_reply_json_copy(r, status, buf, (size_t)n);
}

void srv_reply_error_why(srv_req *r, unsigned status, const char *code, const char *reason,
                         const char *field, const char *msg)
{
    reply_error(r, status, code, reason, field, msg, NULL);
}

void srv_reply_lib_error(srv_req *r, relok_status s, const relok_error *err)
{
    unsigned status = srv_http_status(s);
    if (status >= 500) {
        /* Internal failures are logged by kind only and answered with the
         * generic message: details of the library's state stay inside. */
        srv_log(r->srv, "error: %s %s: %s", r->route != NULL ? "API" : "static", r->log_tmpl,
                relok_status_name(s));
        srv_reply_error(r, status, relok_status_name(s), NULL, relok_strerror(s));
        return;
    }
    const char *msg = err != NULL && err->code != RELOK_OK && err->msg[0] != '\0'
                          ? err->msg
                          : relok_strerror(s);
    const char *field = err != NULL && err->code != RELOK_OK ? err->path : NULL;
    /* The recorded detail words better than the finished English text. */
    char ru[2 * RELOK_ERROR_MSG_LEN];
    const char *msg_ru = err != NULL && err->code != RELOK_OK && err->msg[0] != '\0'
                             ? relok_error_detail(err, RELOK_LANG_RU, ru, sizeof ru)
                             : NULL;
    reply_error(r, status, relok_status_name(s),
                err != NULL && err->code != RELOK_OK ? relok_error_reason(err) : NULL, field, msg,
                msg_ru);
}

void srv_reply_405(srv_req *r, unsigned methods)
{
    char allow[32] = "";
    size_t n = 0;
    static const struct {
        unsigned bit;
        const char *name;
    } names[] = {{SRV_GET, "GET"}, {SRV_HEAD, "HEAD"}, {SRV_POST, "POST"}};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        if ((methods & names[i].bit) == 0)
            continue;
        int w = snprintf(allow + n, sizeof allow - n, "%s%s", n != 0 ? ", " : "", names[i].name);
        if (w > 0 && (size_t)w < sizeof allow - n)
            n += (size_t)w;
    }
    char msg[80];
    snprintf(msg, sizeof msg, "method not allowed here; allowed: %s", allow);
    srv_reply_error(r, 405, "EMETHOD", NULL, msg);
    if (r->resp != NULL && r->status == 405 &&
        MHD_add_response_header(r->resp, MHD_HTTP_HEADER_ALLOW, allow) != MHD_YES) {
        MHD_destroy_response(r->resp);
        r->resp = NULL;
        r->status = 500;
    }
}
