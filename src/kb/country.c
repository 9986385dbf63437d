/* SPDX-License-Identifier: MIT */
/* The one country reader (country.h): codes in any case, names and aliases
 * in English and Russian, checked against the KB. */
#include "relok/country.h"

#include "base/error_int.h"

#include <stdint.h>
#include <string.h>

/* Names people use that are not the KB's own name for the country. The KB's
 * English and Russian names are matched too, so they are not repeated here. */
static const struct {
    char code[3];
    const char *name;
} aliases[] = {
    {"TR", "Turkey"},         {"TR", "Türkiye"},     {"TR", "Turkiye"},
    {"TR", "Турция"},         {"TR", "Туркия"},      {"KG", "Kirghizia"},
    {"KG", "Kirgizia"},       {"KG", "Kyrgyz Republic"},
    {"KG", "Киргизия"},       {"KG", "Кыргызстан"},  {"KG", "Киргизстан"},
    {"BY", "Belorussia"},     {"BY", "Byelorussia"}, {"BY", "Белоруссия"},
    {"US", "USA"},            {"US", "United States of America"},
    {"US", "США"},            {"AE", "UAE"},         {"AE", "Emirates"},
    {"AE", "ОАЭ"},            {"AE", "Эмираты"},     {"MK", "Macedonia"},
    {"MK", "Македония"},      {"VN", "Viet Nam"},    {"RU", "Russian Federation"},
    {"RU", "Российская Федерация"},                  {"DE", "Deutschland"},
    {"BA", "Bosnia"},         {"BA", "Босния"},      {"KZ", "Qazaqstan"},
};

/* Next code point of a UTF-8 string, folded to lower case for the scripts
 * our names use (ASCII, Latin-1, Cyrillic; ё as е). Invalid bytes stand for
 * themselves. */
static uint32_t next_folded(const unsigned char **p)
{
    const unsigned char *s = *p;
    uint32_t c = s[0];
    size_t len = 1;
    if (c >= 0xC0 && c < 0xE0 && (s[1] & 0xC0) == 0x80) {
        c = ((c & 0x1Fu) << 6) | (s[1] & 0x3Fu);
        len = 2;
    } else if (c >= 0xE0 && c < 0xF0 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
        c = ((c & 0x0Fu) << 12) | ((uint32_t)(s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
        len = 3;
    }
    *p = s + len;
    if ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7))
        return c + 0x20;
    if (c >= 0x410 && c <= 0x42F) /* А..Я */
        return c + 0x20;
    if (c == 0x401 || c == 0x451) /* Ё ё */
        return 0x435;             /* е */
    return c;
}

/* Names equal, ignoring case (next_folded). */
static bool same_name(const char *a, const char *b)
{
    if (a == NULL || b == NULL)
        return false;
    const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;
    while (*p != '\0' && *q != '\0')
        if (next_folded(&p) != next_folded(&q))
            return false;
    return *p == '\0' && *q == '\0';
}

bool relok_country_known(const relok_kb *kb, const char *code)
{
    if (kb == NULL || code == NULL)
        return false;
    if (relok_kb_country(kb, code) != NULL)
        return true;
    for (size_t z = 0; z < relok_kb_n_zones(kb); z++) {
        const relok_zone *zone = relok_kb_zone_at(kb, z);
        for (size_t m = 0; m < zone->n_members; m++)
            if (strcmp(zone->members[m].country, code) == 0)
                return true;
    }
    return false;
}

static bool is_alpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

relok_status relok_country_parse(const relok_kb *kb, const char *text, char out[3],
                                 relok_error *err)
{
    if (text == NULL || text[0] == '\0')
        return relok__fail(err, RELOK_EINVAL, "no country given");
    if (kb == NULL)
        return relok__fail(err, RELOK_EINVAL, "no knowledge base");
    if (strlen(text) == 2 && is_alpha(text[0]) && is_alpha(text[1])) {
        char up[3] = {(char)(text[0] & ~0x20), (char)(text[1] & ~0x20), '\0'};
        if (!relok_country_known(kb, up))
            return relok__fail(err, RELOK_ENOTFOUND,
                               "no country with code '%s' in the knowledge base", up);
        memcpy(out, up, 3);
        return RELOK_OK;
    }
    for (size_t i = 0; i < relok_kb_n_countries(kb); i++) {
        const relok_country *c = relok_kb_country_at(kb, i);
        if (same_name(text, c->name.en) || same_name(text, c->name.ru)) {
            memcpy(out, c->code, 3);
            return RELOK_OK;
        }
    }
    for (size_t i = 0; i < sizeof aliases / sizeof *aliases; i++)
        if (same_name(text, aliases[i].name) && relok_country_known(kb, aliases[i].code)) {
            memcpy(out, aliases[i].code, 3);
            return RELOK_OK;
        }
    return relok__fail(err, RELOK_ENOTFOUND, "no country named '%.64s' in the knowledge base",
                       text);
}
