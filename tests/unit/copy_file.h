/* SPDX-License-Identifier: MIT */
/* Copy a file byte for byte (fixtures, KB trees, SQLite files), asserting
 * every step: a shared helper of the unit tests. Include after cmocka.h. */
#ifndef RELOK_TEST_COPY_FILE_H
#define RELOK_TEST_COPY_FILE_H

#include <stdio.h>

static inline void copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb");
    FILE *out = fopen(to, "wb");
    assert_non_null(in);
    assert_non_null(out);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        assert_int_equal(fwrite(buf, 1, n, out), n);
    fclose(in);
    assert_int_equal(fclose(out), 0);
}

#endif
