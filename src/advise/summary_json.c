/* SPDX-License-Identifier: MIT */
/* The API's default advisor answer (a summary per country) written straight
 * into a text buffer: building it as jansson objects and dumping them took
 * four times as long as the advice itself (bench/advise). The same values
 * and keys, in the same order, as relok_advise_json with
 * RELOK_ADVISE_SUMMARY renders through jansson for the pretty CLI output;
 * test_server checks that both parse to the same JSON. Engine layer
 * (rendering only). */
#include "advise_int.h"

#include "base/alloc_int.h"
#include "base/error_int.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef struct wbuf {
    char *s;
    size_t n, cap;
    bool oom;
} wbuf;

static void put(wbuf *w, const char *s, size_t len)
{
    if (w->oom)
        return;
    if (w->n + len + 1 > w->cap) {
        size_t cap = w->cap == 0 ? 65536 : w->cap;
        while (w->n + len + 1 > cap)
            cap *= 2;
        char *bigger = relok__realloc(w->s, cap);
        if (bigger == NULL) {
            w->oom = true;
            return;
        }
        w->s = bigger;
        w->cap = cap;
    }
    memcpy(w->s + w->n, s, len);
    w->n += len;
    w->s[w->n] = '\0';
}

static void lit(wbuf *w, const char *s) { put(w, s, strlen(s)); }
/* A string literal: its length is known at compile time (strlen was 6 % of
 * a profile of POST /api/advise; this takes the literals' share away). */
#define LIT(w, s) put((w), "" s, sizeof(s) - 1)

/* An unsigned integer in decimal. */
static void uint_(wbuf *w, size_t v)
{
    char b[24];
    char *q = b + sizeof b;
    do {
        *--q = (char)('0' + v % 10);
        v /= 10;
    } while (v > 0);
    put(w, q, (size_t)(b + sizeof b - q));
}

/* Whether any of 8 bytes needs escaping in JSON: a control character
 * (< 0x20), '"' or '\\'. Bitwise on a 64-bit word (the "has a byte less than
 * n" and "has a zero byte" tests of Sean Anderson's Bit Twiddling Hacks):
 * the byte-by-byte test was 11 % of POST /api/advise, as the summary is
 * about 40 KB of text. */
static bool needs_escape8(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    uint64_t q = x ^ (ones * '"'), b = x ^ (ones * '\\');
    return (((x - ones * 0x20) & ~x) | ((q - ones) & ~q) | ((b - ones) & ~b)) & high;
}

/* A JSON string (UTF-8 passes through; quotes, backslashes and control
 * characters are escaped), or null. */
static void str(wbuf *w, const char *s)
{
    if (s == NULL) {
        LIT(w, "null");
        return;
    }
    put(w, "\"", 1);
    size_t len = strlen(s), i = 0, run = 0;
    while (i < len) {
        if (len - i >= 8) {
            uint64_t x;
            memcpy(&x, s + i, 8);
            if (!needs_escape8(x)) {
                i += 8;
                continue;
            }
        }
        unsigned char ch = (unsigned char)s[i];
        if (ch >= 0x20 && ch != '"' && ch != '\\') {
            i++;
            continue;
        }
        put(w, s + run, i - run);
        char esc[8];
        if (ch == '"' || ch == '\\')
            snprintf(esc, sizeof esc, "\\%c", ch);
        else
            snprintf(esc, sizeof esc, "\\u%04x", ch);
        lit(w, esc);
        run = ++i;
    }
    put(w, s + run, len - run);
    put(w, "\"", 1);
}

static void key(wbuf *w, const char *k)
{
    str(w, k);
    put(w, ":", 1);
}

/* A number rounded to `scale` (10: one decimal, 100: two; 0: as it is),
 * written as relok__json_num would (whole numbers without a point). */
static void num(wbuf *w, double v, double scale)
{
    char b[48];
    if (scale > 0 && isfinite(v) && fabs(v) < 1e12) {
        /* Whole units and up to two decimals by hand: printf's float
         * formatting was the largest cost left in a profile of the API. */
        long long u = llround(fabs(v) * scale), s = (long long)scale;
        long long whole = u / s, frac = u % s;
        char *q = b + sizeof b;
        *--q = '\0';
        if (frac != 0) {
            int digits = s == 10 ? 1 : 2;
            for (int i = 0; i < digits; i++, frac /= 10)
                if (!(q[0] == '\0' && frac % 10 == 0))
                    *--q = (char)('0' + frac % 10);
            *--q = '.';
        }
        do {
            *--q = (char)('0' + whole % 10);
            whole /= 10;
        } while (whole > 0);
        if (v < 0 && u != 0)
            *--q = '-';
        lit(w, q);
        return;
    }
    if (scale > 0)
        v = round(v * scale) / scale;
    if (!isfinite(v))
        snprintf(b, sizeof b, "null");
    else if (v == floor(v) && fabs(v) < 9e15)
        snprintf(b, sizeof b, "%lld", (long long)v);
    else
        snprintf(b, sizeof b, "%.15g", v);
    lit(w, b);
}

static void text(wbuf *w, const relok_text *t)
{
    if (relok_text_is_empty(t)) {
        LIT(w, "null");
        return;
    }
    LIT(w, "{\"en\":");
    str(w, t->en);
    LIT(w, ",\"ru\":");
    str(w, t->ru);
    put(w, "}", 1);
}

/* The names of the bits set in `bits`, as a list (plus "general"). */
static void names(wbuf *w, unsigned bits, size_t count, const char *(*name)(int), bool general)
{
    put(w, "[", 1);
    bool first = true;
    for (size_t i = 0; i < count; i++)
        if (bits & (1u << i)) {
            if (!first)
                put(w, ",", 1);
            str(w, name((int)i));
            first = false;
        }
    if (general) {
        if (!first)
            put(w, ",", 1);
        str(w, "general");
    }
    put(w, "]", 1);
}

static const char *doc_name_i(int i) { return relok_doc_name((relok_doc)i); }
static const char *factor_name_i(int i) { return relok_factor_name((relok_factor)i); }

/* "sources" (each id once, in order) and "verified" of one fact. */
static void sources(wbuf *w, const relok_fact *f)
{
    LIT(w, "\"sources\":[");
    for (size_t k = 0; f != NULL && k < f->n_sources; k++) {
        bool seen = false;
        for (size_t m = 0; m < k && !seen; m++)
            seen = strcmp(f->sources[m], f->sources[k]) == 0;
        if (seen)
            continue;
        if (k > 0)
            put(w, ",", 1);
        str(w, f->sources[k]);
    }
    LIT(w, "],\"verified\":");
    lit(w, f == NULL ? "null" : f->is_verified ? "true" : "false");
}

static void country(wbuf *w, const relok_advice_country *c)
{
    LIT(w, "{\"rank\":");
    uint_(w, c->rank);
    LIT(w, ",\"code\":");
    str(w, c->country->code);
    LIT(w, ",\"name\":");
    text(w, &c->country->name);
    lit(w, c->blocked ? ",\"blocked\":true,\"total\":" : ",\"blocked\":false,\"total\":");
    num(w, c->total, 10);
    LIT(w, ",\"confidence\":");
    num(w, c->confidence, 100);
    const char *part[2] = {",\"scores\":{", "},\"score_confidence\":{"};
    for (int k = 0; k < 2; k++) {
        lit(w, part[k]);
        for (int d = 0; d < RELOK_DIM_COUNT_; d++) {
            if (d > 0)
                put(w, ",", 1);
            key(w, relok_dimension_name((relok_dimension)d));
            num(w, k == 0 ? c->scores[d] : c->dim_confidence[d], k == 0 ? 10 : 100);
        }
    }
    LIT(w, "},\"risks_researched\":");
    names(w, c->risks_researched, RELOK_FACTOR_COUNT_, factor_name_i,
          (c->risks_researched & RELOK_RISKS_GENERAL) != 0);
    LIT(w, ",\"blockers\":[");
    for (size_t i = 0; i < c->n_blockers; i++) {
        const relok_advice_blocker *x = &c->blockers[i];
        lit(w, i > 0 ? ",{\"kind\":" : "{\"kind\":");
        str(w, relok_block_kind_name(x->kind));
        LIT(w, ",\"text\":");
        text(w, &x->text);
        LIT(w, ",\"risk\":");
        str(w, x->risk != NULL ? x->risk->id : NULL);
        put(w, ",", 1);
        sources(w, x->fact);
        put(w, "}", 1);
    }
    LIT(w, "],\"must_haves\":[");
    for (size_t i = 0; i < c->n_musts; i++) {
        lit(w, i > 0 ? ",{\"kind\":" : "{\"kind\":");
        str(w, relok_must_kind_name(c->musts[i].kind));
        LIT(w, ",\"status\":");
        str(w, relok_check_name(c->musts[i].status));
        LIT(w, ",\"text\":");
        text(w, &c->musts[i].text);
        put(w, "}", 1);
    }
    LIT(w, "],\"top_reasons\":[");
    const relok_advice_reason *best[RELOK__SUMMARY_REASONS];
    relok__advise_top_reasons(c, best);
    for (size_t k = 0; k < RELOK__SUMMARY_REASONS && best[k] != NULL; k++) {
        lit(w, k > 0 ? ",{\"dimension\":" : "{\"dimension\":");
        str(w, relok_dimension_name(best[k]->dimension));
        LIT(w, ",\"points\":");
        num(w, best[k]->points, 10);
        LIT(w, ",\"text\":");
        text(w, &best[k]->text);
        put(w, "}", 1);
    }
    LIT(w, "],\"n_unknowns\":");
    uint_(w, c->n_unknowns);
    put(w, "}", 1);
}

relok_status relok__advise_summary_text(const relok_advice *a, const relok_profile *p,
                                        size_t top, char **out, relok_error *err)
{
    wbuf w = {0};
    char date[RELOK_DATE_BUF];
    LIT(&w, "{\"as_of\":");
    str(&w, relok_date_format(a->asof, date));
    LIT(&w, ",\"profile\":");
    if (p == NULL) {
        LIT(&w, "null");
    } else {
        LIT(&w, "{\"name\":");
        str(&w, p->name);
        unsigned docs = 0;
        for (size_t i = 0; i < p->n_docs; i++)
            docs |= 1u << p->docs[i].type;
        LIT(&w, ",\"documents\":");
        names(&w, docs, RELOK_DOC_COUNT_, doc_name_i, false);
        LIT(&w, ",\"work\":");
        str(&w, relok_work_name(p->work));
        LIT(&w, ",\"risk_factors\":");
        names(&w, p->factors, RELOK_FACTOR_COUNT_, factor_name_i, false);
        put(&w, "}", 1);
    }
    LIT(&w, ",\"weights\":{");
    for (int d = 0; d < RELOK_DIM_COUNT_; d++) {
        if (d > 0)
            put(&w, ",", 1);
        key(&w, relok_dimension_name((relok_dimension)d));
        num(&w, a->weights[d], 0);
    }
    LIT(&w, "},\"countries\":[");
    size_t n_ok = 0;
    for (size_t i = 0; i < a->n_countries; i++) {
        const relok_advice_country *c = &a->countries[i];
        if (c->blocked || (top != 0 && n_ok >= top))
            continue;
        if (n_ok++ > 0)
            put(&w, ",", 1);
        country(&w, c);
    }
    LIT(&w, "],\"blocked\":[");
    bool first = true;
    for (size_t i = 0; i < a->n_countries; i++) {
        if (!a->countries[i].blocked)
            continue;
        if (!first)
            put(&w, ",", 1);
        country(&w, &a->countries[i]);
        first = false;
    }
    LIT(&w, "]}");
    if (w.oom) {
        relok__free(w.s);
        return relok__fail(err, RELOK_ENOMEM, "out of memory while writing JSON");
    }
    *out = w.s;
    return RELOK_OK;
}
