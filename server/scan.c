/* SPDX-License-Identifier: MIT */
/* A strict JSON scanner for request bodies: it checks the syntax of the
 * whole body (RFC 8259: no comments, no trailing commas, no leading zeros,
 * valid escapes, no raw control characters, valid UTF-8, nesting at most
 * RELOK_MAX_DEPTH) and lists the members of the top-level object as spans of
 * the original text, without building a tree. Each span then goes to the
 * library reader made for it (relok_trips_parse, relok_rule_parse,
 * relok_advise_json_request), so the body is parsed into objects once, not
 * twice (body.h). Faces layer; this is a parser of outside input and has a
 * fuzz harness (tests/fuzz/http). */
#include "body.h"

#include "base/limits.h"

#include <stdio.h>
#include <string.h>

typedef struct scanner {
    const char *s;      /* the text */
    size_t len;         /* its length */
    size_t pos;         /* next byte */
    const char *what;   /* first error, or NULL */
    size_t err_pos;     /* where */
} scanner;

static bool fail_at(scanner *sc, const char *what)
{
    if (sc->what == NULL) {
        sc->what = what;
        sc->err_pos = sc->pos;
    }
    return false;
}

static void skip_ws(scanner *sc)
{
    while (sc->pos < sc->len) {
        char c = sc->s[sc->pos];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            break;
        sc->pos++;
    }
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Four hex digits at s into *out. */
static bool hex4(const char *s, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        int h = hexval(s[i]);
        if (h < 0)
            return false;
        v = v * 16 + (unsigned)h;
    }
    *out = v;
    return true;
}

/* A string token starting at the opening quote; a key (is_key) may not
 * hold a NUL character (jansson's rule too: keys are C strings). */
static bool scan_string(scanner *sc, bool is_key)
{
    sc->pos++; /* the opening quote */
    while (sc->pos < sc->len) {
        unsigned char c = (unsigned char)sc->s[sc->pos];
        if (c == '"') {
            sc->pos++;
            return true;
        }
        if (c < 0x20)
            return fail_at(sc, "a control character inside a string");
        if (c == '\\') {
            if (sc->pos + 1 >= sc->len)
                break;
            char e = sc->s[sc->pos + 1];
            if (e == 'u') {
                unsigned cp;
                if (sc->pos + 6 > sc->len || !hex4(sc->s + sc->pos + 2, &cp))
                    return fail_at(sc, "a bad \\u escape");
                sc->pos += 6;
                if (cp == 0 && is_key)
                    return fail_at(sc, "a key with a NUL character (\\u0000)");
                /* A lone surrogate is not a character (jansson agrees). */
                if (cp >= 0xDC00 && cp <= 0xDFFF)
                    return fail_at(sc, "a lone low surrogate in a \\u escape");
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    unsigned lo;
                    if (sc->pos + 6 > sc->len || sc->s[sc->pos] != '\\' ||
                        sc->s[sc->pos + 1] != 'u' || !hex4(sc->s + sc->pos + 2, &lo) ||
                        lo < 0xDC00 || lo > 0xDFFF)
                        return fail_at(sc, "a lone high surrogate in a \\u escape");
                    sc->pos += 6;
                }
                continue;
            }
            if (strchr("\"\\/bfnrt", e) == NULL || e == '\0')
                return fail_at(sc, "a bad escape in a string");
            sc->pos += 2;
            continue;
        }
        if (c < 0x80) {
            sc->pos++;
            continue;
        }
        size_t n = srv_utf8_len((const unsigned char *)sc->s + sc->pos, sc->len - sc->pos);
        if (n == 0)
            return fail_at(sc, "invalid UTF-8 in a string");
        sc->pos += n;
    }
    return fail_at(sc, "a string that does not end");
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static bool scan_number(scanner *sc)
{
    const char *s = sc->s;
    size_t p = sc->pos;
    if (p < sc->len && s[p] == '-')
        p++;
    if (p >= sc->len || !is_digit(s[p]))
        return fail_at(sc, "a malformed number");
    if (s[p] == '0') {
        p++;
        if (p < sc->len && is_digit(s[p]))
            return fail_at(sc, "a number with a leading zero");
    } else {
        while (p < sc->len && is_digit(s[p]))
            p++;
    }
    if (p < sc->len && s[p] == '.') {
        p++;
        if (p >= sc->len || !is_digit(s[p]))
            return fail_at(sc, "a malformed number");
        while (p < sc->len && is_digit(s[p]))
            p++;
    }
    if (p < sc->len && (s[p] == 'e' || s[p] == 'E')) {
        p++;
        if (p < sc->len && (s[p] == '+' || s[p] == '-'))
            p++;
        if (p >= sc->len || !is_digit(s[p]))
            return fail_at(sc, "a malformed number");
        while (p < sc->len && is_digit(s[p]))
            p++;
    }
    sc->pos = p;
    return true;
}

static bool scan_literal(scanner *sc, const char *word)
{
    size_t n = strlen(word);
    if (sc->len - sc->pos < n || memcmp(sc->s + sc->pos, word, n) != 0)
        return fail_at(sc, "an unexpected character");
    sc->pos += n;
    return true;
}

static bool scan_value(scanner *sc, unsigned depth);

/* An array or object at its opening bracket. */
static bool scan_container(scanner *sc, unsigned depth, bool is_object)
{
    if (depth >= RELOK_MAX_DEPTH)
        return fail_at(sc, "nesting deeper than the limit");
    char close = is_object ? '}' : ']';
    sc->pos++;
    skip_ws(sc);
    if (sc->pos < sc->len && sc->s[sc->pos] == close) {
        sc->pos++;
        return true;
    }
    for (;;) {
        skip_ws(sc);
        if (is_object) {
            if (sc->pos >= sc->len || sc->s[sc->pos] != '"')
                return fail_at(sc, "expected a key in quotes");
            if (!scan_string(sc, true))
                return false;
            skip_ws(sc);
            if (sc->pos >= sc->len || sc->s[sc->pos] != ':')
                return fail_at(sc, "expected ':' after a key");
            sc->pos++;
        }
        if (!scan_value(sc, depth + 1))
            return false;
        skip_ws(sc);
        if (sc->pos >= sc->len)
            return fail_at(sc, is_object ? "an object that does not end"
                                         : "an array that does not end");
        char c = sc->s[sc->pos];
        if (c == close) {
            sc->pos++;
            return true;
        }
        if (c != ',')
            return fail_at(sc, is_object ? "expected ',' or '}'" : "expected ',' or ']'");
        sc->pos++;
    }
}

static bool scan_value(scanner *sc, unsigned depth)
{
    skip_ws(sc);
    if (sc->pos >= sc->len)
        return fail_at(sc, "expected a value");
    switch (sc->s[sc->pos]) {
    case '{':
        return scan_container(sc, depth, true);
    case '[':
        return scan_container(sc, depth, false);
    case '"':
        return scan_string(sc, false);
    case 't':
        return scan_literal(sc, "true");
    case 'f':
        return scan_literal(sc, "false");
    case 'n':
        return scan_literal(sc, "null");
    default:
        return scan_number(sc);
    }
}

/* Decode the string token tok (with its quotes, already checked by
 * scan_string) into out (arena); NULL when out of memory. */
static char *decode_string(relok_arena *a, const char *tok, size_t tok_len, size_t *out_len)
{
    /* Decoding never lengthens the text. */
    char *out = relok_arena_alloc(a, tok_len);
    if (out == NULL)
        return NULL;
    size_t o = 0;
    for (size_t i = 1; i + 1 < tok_len;) {
        char c = tok[i];
        if (c != '\\') {
            out[o++] = c;
            i++;
            continue;
        }
        char e = tok[i + 1];
        i += 2;
        switch (e) {
        case 'b': out[o++] = '\b'; break;
        case 'f': out[o++] = '\f'; break;
        case 'n': out[o++] = '\n'; break;
        case 'r': out[o++] = '\r'; break;
        case 't': out[o++] = '\t'; break;
        case 'u': {
            unsigned cp = 0, lo = 0;
            (void)hex4(tok + i, &cp); /* checked by scan_string */
            i += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                (void)hex4(tok + i + 2, &lo);
                i += 6;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            }
            if (cp < 0x80) {
                out[o++] = (char)cp;
            } else if (cp < 0x800) {
                out[o++] = (char)(0xC0 | (cp >> 6));
                out[o++] = (char)(0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) {
                out[o++] = (char)(0xE0 | (cp >> 12));
                out[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                out[o++] = (char)(0x80 | (cp & 0x3F));
            } else {
                out[o++] = (char)(0xF0 | (cp >> 18));
                out[o++] = (char)(0x80 | ((cp >> 12) & 0x3F));
                out[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                out[o++] = (char)(0x80 | (cp & 0x3F));
            }
            break;
        }
        default: /* '"', '\\', '/' */
            out[o++] = e;
            break;
        }
    }
    out[o] = '\0';
    *out_len = o;
    return out;
}

relok_status srv_scan_object(relok_arena *a, const char *text, size_t len, srv_members *out,
                             relok_error *err)
{
    memset(out, 0, sizeof *out);
    scanner sc = {.s = text, .len = len};
    skip_ws(&sc);
    bool is_object = sc.pos < len && text[sc.pos] == '{';
    bool ok = scan_value(&sc, 0);
    if (ok) {
        skip_ws(&sc);
        if (sc.pos != len)
            ok = fail_at(&sc, "text after the end of the JSON value");
    }
    if (!ok) {
        /* Line and column of the error, for the message. */
        unsigned line = 1, col = 1;
        for (size_t i = 0; i < sc.err_pos && i < len; i++) {
            if (text[i] == '\n') {
                line++;
                col = 1;
            } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
                col++;
            }
        }
        if (err != NULL && err->code == RELOK_OK) {
            err->code = RELOK_EPARSE;
            snprintf(err->msg, sizeof err->msg, "JSON syntax: %s (line %u, column %u)", sc.what,
                     line, col);
        }
        return RELOK_EPARSE;
    }
    out->is_object = is_object;
    if (!is_object)
        return RELOK_OK;
    /* The syntax is right: walk the top level again to list the members. */
    size_t p = 0;
    while (text[p] != '{')
        p++;
    scanner w = {.s = text, .len = len, .pos = p + 1};
    for (;;) {
        skip_ws(&w);
        if (text[w.pos] == '}')
            break;
        if (out->n == SRV_MAX_MEMBERS) {
            if (err != NULL && err->code == RELOK_OK) {
                err->code = RELOK_ELIMIT;
                snprintf(err->msg, sizeof err->msg, "more than %d keys in the body",
                         SRV_MAX_MEMBERS);
            }
            return RELOK_ELIMIT;
        }
        srv_member *m = &out->m[out->n];
        size_t k0 = w.pos;
        (void)scan_string(&w, true); /* valid: checked above */
        m->key = decode_string(a, text + k0, w.pos - k0, &m->key_len);
        skip_ws(&w);
        w.pos++; /* ':' */
        skip_ws(&w);
        size_t v0 = w.pos;
        (void)scan_value(&w, 1);
        m->val = text + v0;
        m->val_len = w.pos - v0;
        if (m->key == NULL) {
            if (err != NULL && err->code == RELOK_OK)
                err->code = RELOK_ENOMEM;
            return RELOK_ENOMEM;
        }
        /* Duplicate keys are an error, as everywhere in relok. */
        for (size_t i = 0; i < out->n; i++) {
            if (out->m[i].key_len == m->key_len &&
                memcmp(out->m[i].key, m->key, m->key_len) == 0) {
                if (err != NULL && err->code == RELOK_OK) {
                    err->code = RELOK_EPARSE;
                    snprintf(err->msg, sizeof err->msg, "JSON: duplicate key");
                    snprintf(err->path, sizeof err->path, "%.*s", (int)m->key_len, m->key);
                }
                return RELOK_EPARSE;
            }
        }
        out->n++;
        skip_ws(&w);
        if (text[w.pos] == ',')
            w.pos++;
    }
    return RELOK_OK;
}

const srv_member *srv_member_get(const srv_members *ms, const char *key)
{
    size_t kl = strlen(key);
    for (size_t i = 0; i < ms->n; i++)
        if (ms->m[i].key_len == kl && memcmp(ms->m[i].key, key, kl) == 0)
            return &ms->m[i];
    return NULL;
}

bool srv_member_is_null(const srv_member *m)
{
    return m == NULL || (m->val_len == 4 && memcmp(m->val, "null", 4) == 0);
}

bool srv_member_is_string(const srv_member *m)
{
    return m != NULL && m->val_len >= 2 && m->val[0] == '"';
}

char *srv_member_string(relok_arena *a, const srv_member *m, size_t *out_len)
{
    return decode_string(a, m->val, m->val_len, out_len);
}
