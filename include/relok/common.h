/* SPDX-License-Identifier: MIT */
/* Export macro and small shared definitions for every public header.
 * Base layer. */
#ifndef RELOK_COMMON_H
#define RELOK_COMMON_H

#if defined(__GNUC__) && __GNUC__ >= 4
#define RELOK_API __attribute__((visibility("default")))
#else
#define RELOK_API
#endif

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Flags for every JSON renderer of every layer (json.h, stay.h, advise.h,
 * ...); base code writes the text, so the flag lives here. */
#define RELOK_JSON_PRETTY 1u /* indent by two spaces (CLI); else compact (API) */

/* The library's version, "MAJOR.MINOR.PATCH". */
RELOK_API const char *relok_version(void);

#endif
