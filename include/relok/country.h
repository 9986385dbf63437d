/* SPDX-License-Identifier: MIT */
/* The one reader of a country named by a user (command line, API body or
 * path): every face calls it, so `kz`, `KZ`, `Kazakhstan` and `Казахстан`
 * mean the same everywhere and an unknown country is an error everywhere.
 * Model layer (reads the KB; no I/O). */
#ifndef RELOK_COUNTRY_H
#define RELOK_COUNTRY_H

#include "error.h"
#include "kb.h"

/* Read `text` as a country: an ISO 3166-1 alpha-2 code in any case, or the
 * country's English or Russian name in the KB, or a common alias (Turkey,
 * Türkiye, Турция; Kirghizia, Киргизия; ...), letters in any case (Latin,
 * Latin-1 and Cyrillic; ё reads as е). The country must be in `kb`, as a
 * country file or as a member of a zone file. On success writes the
 * upper-case code to out. Errors: RELOK_EINVAL when text is NULL or empty,
 * RELOK_ENOTFOUND when no country of the KB has this code or name (the
 * message names the text). */
RELOK_API relok_status relok_country_parse(const relok_kb *kb, const char *text, char out[3],
                                           relok_error *err);

/* True when code (exactly two capital letters) is in kb as a country file or
 * a zone member. */
RELOK_API bool relok_country_known(const relok_kb *kb, const char *code);

#endif
