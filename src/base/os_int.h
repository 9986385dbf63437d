/* SPDX-License-Identifier: MIT */
/* OS calls behind one door (as libuv's src/unix). Base layer. */
#ifndef RELOK_OS_INT_H
#define RELOK_OS_INT_H

#include "relok/arena.h"
#include "relok/error.h"

#include <stddef.h>
#include <stdint.h>

/* Seconds since the epoch (UTC). RELOK_NOW environment variable
 * ("YYYY-MM-DD") overrides it, so tests and golden files can pin "today". */
int64_t relok__os_time(void);

/* Read a whole file of at most max_bytes into arena memory (NUL-terminated).
 * RELOK_EIO with the path and strerror text; RELOK_ELIMIT when too large. */
relok_status relok__os_read_file(const char *path, size_t max_bytes, relok_arena *arena,
                                 char **out, size_t *out_len, relok_error *err);

/* Names of the regular files in dir ending in suffix, sorted, copied into
 * arena. RELOK_EIO when dir cannot be read. */
relok_status relok__os_list_dir(const char *dir, const char *suffix, relok_arena *arena,
                                char ***out_names, size_t *out_n, relok_error *err);

/* Directory of the running executable into buf (no trailing slash).
 * RELOK_EIO when it cannot be found. */
relok_status relok__os_exe_dir(char *buf, size_t buf_len, relok_error *err);

/* True when path is a directory. */
int relok__os_is_dir(const char *path);

#endif
