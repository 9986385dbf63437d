/* SPDX-License-Identifier: MIT */
/* The advisor's shared wording and number helpers: document and spread
 * names, language names, money and number formatting, currency conversion.
 * Engine layer, no I/O. */
#include "build.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

const char *const relok__advise_doc_en[RELOK_DOC_COUNT_] = {"internal ID", "passport",
                                                            "birth certificate"};
const char *const relok__advise_doc_ru[RELOK_DOC_COUNT_] = {
    "внутренний паспорт", "загранпаспорт", "свидетельство о рождении"};
const char *const relok__advise_doc_ru_dat[RELOK_DOC_COUNT_] = {
    "внутреннему паспорту", "загранпаспорту", "свидетельству о рождении"};
const char *const relok__advise_spread_en[RELOK_SPREAD_COUNT_] = {"widely", "commonly",
                                                                  "partly", "rarely"};
const char *const relok__advise_spread_ru[RELOK_SPREAD_COUNT_] = {"широко", "часто",
                                                                  "частично", "редко"};

/* Language names for the handful we expect; others print as their code. */
void relok__advise_lang_names(const char *code, const char **en, const char **ru)
{
    static const struct {
        const char *code, *en, *ru;
    } names[] = {{"ru", "Russian", "русский"},   {"en", "English", "английский"},
                 {"de", "German", "немецкий"},    {"tr", "Turkish", "турецкий"},
                 {"ka", "Georgian", "грузинский"}, {"hy", "Armenian", "армянский"},
                 {"kk", "Kazakh", "казахский"},   {"ky", "Kyrgyz", "кыргызский"},
                 {"uz", "Uzbek", "узбекский"},    {"sr", "Serbian", "сербский"},
                 {"es", "Spanish", "испанский"},  {"fr", "French", "французский"},
                 {"he", "Hebrew", "иврит"},       {"ar", "Arabic", "арабский"}};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(names[i].code, code) == 0) {
            *en = names[i].en;
            *ru = names[i].ru;
            return;
        }
    *en = code;
    *ru = code;
}

char *relok__fmt_money(double amount, const char *currency, char *buf, size_t len)
{
    char num[64];
    if (!isfinite(amount) || fabs(amount) >= 1e15) {
        snprintf(buf, len, "%s ?", currency);
        return buf;
    }
    double r = round(amount);
    if (fabs(amount - r) > 0.005 && fabs(amount) < 1000) {
        snprintf(buf, len, "%s %.2f", currency, amount);
        return buf;
    }
    /* Whole units grouped by three with a space, as the KB writes them,
     * by hand: the advisor formats every country's costs, and printf was
     * the largest single cost of POST /api/advise. */
    long long v = (long long)r;
    bool neg = v < 0;
    unsigned long long u = neg ? (unsigned long long)(-v) : (unsigned long long)v;
    char *q = num + sizeof num;
    *--q = '\0';
    int n = 0;
    do {
        if (n > 0 && n % 3 == 0)
            *--q = ' ';
        *--q = (char)('0' + u % 10);
        u /= 10;
        n++;
    } while (u > 0);
    if (neg)
        *--q = '-';
    /* "CUR NUM", cut to len - 1 bytes as snprintf would. */
    size_t o = 0;
    for (const char *s = currency; *s != '\0' && o + 1 < len; s++)
        buf[o++] = *s;
    if (o + 1 < len)
        buf[o++] = ' ';
    for (; *q != '\0' && o + 1 < len; q++)
        buf[o++] = *q;
    if (len > 0)
        buf[o] = '\0';
    return buf;
}

/* A number without trailing zeros ("12.6", "90", "0.5"). */
char *relok__advise_fmt_num(double v, char *buf, size_t len)
{
    if (fabs(v - round(v)) < 1e-9 && fabs(v) < 1e15) {
        char tmp[32];
        relok__fmt_money(v, "", tmp, sizeof tmp);
        snprintf(buf, len, "%s", tmp + 1); /* drop the space after "" */
    } else {
        snprintf(buf, len, "%.1f", v);
    }
    return buf;
}

bool relok__convert(const relok_kb *kb, double amount, const char *from, const char *to,
                    relok_day d, double *out)
{
    if (strcmp(from, to) == 0) {
        *out = amount;
        return true;
    }
    double f = 1.0, t = 1.0;
    if (strcmp(from, "USD") != 0) {
        const relok_rate *r = relok_kb_rate(kb, from, d);
        if (r == NULL || !(r->per_usd > 0))
            return false;
        f = r->per_usd;
    }
    if (strcmp(to, "USD") != 0) {
        const relok_rate *r = relok_kb_rate(kb, to, d);
        if (r == NULL || !(r->per_usd > 0))
            return false;
        t = r->per_usd;
    }
    *out = amount / f * t;
    return true;
}
