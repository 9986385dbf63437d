/* SPDX-License-Identifier: MIT */
/* Bilingual user-facing text (English and Russian) and the language choice.
 * Base layer, no I/O. */
#ifndef RELOK_TEXT_H
#define RELOK_TEXT_H

#include "common.h"

typedef enum relok_lang { RELOK_LANG_EN = 0, RELOK_LANG_RU = 1 } relok_lang;

/* A string in both languages. Pointers are borrowed from whoever owns the
 * text (usually the KB arena); either may be NULL when the text is absent. */
typedef struct relok_text {
    const char *en; /* English, UTF-8 */
    const char *ru; /* Russian, UTF-8 */
} relok_text;

/* The text in `lang`, falling back to the other language, then to "". */
RELOK_API const char *relok_text_get(const relok_text *t, relok_lang lang);
/* True when neither language is present. */
RELOK_API bool relok_text_is_empty(const relok_text *t);
/* Language from a locale name: "ru_RU.UTF-8", "ru" -> RU; anything else -> EN. */
RELOK_API relok_lang relok_lang_from_locale(const char *locale);
/* "en" or "ru". */
RELOK_API const char *relok_lang_code(relok_lang lang);
/* Russian noun form after the number n: `one` for 1, 21, 31...; `few` for
 * 2-4, 22-24...; `many` for 0, 5-20, 25-30... (день / дня / дней). */
RELOK_API const char *relok_ru_plural(int64_t n, const char *one, const char *few,
                                      const char *many);
/* "day"/"days" or "день"/"дня"/"дней" for n days, in lang. */
RELOK_API const char *relok_days_word(int64_t n, relok_lang lang);

/* Number of terminal columns a UTF-8 string takes (code points; no wide
 * characters are expected in our two languages). */
RELOK_API size_t relok_utf8_width(const char *s);

#endif
