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
