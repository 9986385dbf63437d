/* SPDX-License-Identifier: MIT */
/* Export macro and small shared definitions for every public header.
 * Base layer: no behaviour here. */
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

#endif
