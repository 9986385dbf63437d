/* SPDX-License-Identifier: MIT */
/* Bilingual text helpers. Base layer, no I/O. */
#include "relok/text.h"

#include <string.h>

const char *relok_text_get(const relok_text *t, relok_lang lang)
{
    if (t == NULL)
        return "";
    const char *first = lang == RELOK_LANG_RU ? t->ru : t->en;
    const char *second = lang == RELOK_LANG_RU ? t->en : t->ru;
    if (first != NULL && first[0] != '\0')
        return first;
    if (second != NULL)
        return second;
    return "";
}

bool relok_text_is_empty(const relok_text *t)
{
    return t == NULL || ((t->en == NULL || t->en[0] == '\0') &&
                         (t->ru == NULL || t->ru[0] == '\0'));
}

relok_lang relok_lang_from_locale(const char *locale)
{
    if (locale != NULL && (locale[0] == 'r' || locale[0] == 'R') &&
        (locale[1] == 'u' || locale[1] == 'U') &&
        (locale[2] == '\0' || locale[2] == '_' || locale[2] == '-' || locale[2] == '.'))
        return RELOK_LANG_RU;
    return RELOK_LANG_EN;
}

const char *relok_lang_code(relok_lang lang) { return lang == RELOK_LANG_RU ? "ru" : "en"; }

size_t relok_utf8_width(const char *s)
{
    size_t w = 0;
    for (; *s != '\0'; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            w++;
    return w;
}

const char *relok_ru_plural(int64_t n, const char *one, const char *few, const char *many)
{
    if (n < 0)
        n = -n;
    int64_t m100 = n % 100, m10 = n % 10;
    if (m100 >= 11 && m100 <= 14)
        return many;
    if (m10 == 1)
        return one;
    if (m10 >= 2 && m10 <= 4)
        return few;
    return many;
}

const char *relok_days_word(int64_t n, relok_lang lang)
{
    if (lang == RELOK_LANG_RU)
        return relok_ru_plural(n, "день", "дня", "дней");
    return n == 1 || n == -1 ? "day" : "days";
}
