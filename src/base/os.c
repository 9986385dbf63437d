/* SPDX-License-Identifier: MIT */
/* POSIX calls used by the library: clock, whole-file reads, directory
 * listings. Base layer; converts errno into RELOK_EIO with text. */
#include "os_int.h"

#include "error_int.h"
#include "relok/date.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The pinned day (relok_date_pin_today); RELOK_DAY_NONE: the clock. Atomic
 * because server threads read it while a test may pin it. */
static atomic_int pinned_day = RELOK_DAY_NONE;

void relok_date_pin_today(relok_day day)
{
    atomic_store_explicit(&pinned_day, day, memory_order_relaxed);
}

int64_t relok__os_time(void)
{
    relok_day pin = atomic_load_explicit(&pinned_day, memory_order_relaxed);
    if (pin != RELOK_DAY_NONE)
        return (int64_t)pin * 86400;
    return (int64_t)time(NULL);
}

static relok_status io_fail(relok_error *err, const char *what, const char *path, int e)
{
    char text[128];
    if (strerror_r(e, text, sizeof text) != 0)
        relok__strlcpy(text, "unknown error", sizeof text);
    return relok__fail_at(err, RELOK_EIO, path, 0, 0, NULL, "cannot %s: %s", what, text);
}

relok_status relok__os_read_file(const char *path, size_t max_bytes, relok_arena *arena,
                                 char **out, size_t *out_len, relok_error *err)
{
    *out = NULL;
    *out_len = 0;
    /* O_NONBLOCK: a FIFO (or a device) named like a data file must give an
     * error, not block the reader forever waiting for a writer. Reads of a
     * regular file ignore the flag. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return io_fail(err, "open", path, errno);
    FILE *f = fdopen(fd, "rb");
    if (f == NULL) {
        relok_status r = io_fail(err, "open", path, errno);
        (void)close(fd); /* read-only descriptor: nothing to flush */
        return r;
    }
    relok_status rc = RELOK_OK;
    struct stat st;
    if (fstat(fileno(f), &st) != 0) {
        rc = io_fail(err, "stat", path, errno);
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        rc = relok__fail_at(err, RELOK_EIO, path, 0, 0, NULL,
                            "not a regular file (a directory, FIFO or device)");
        goto out;
    }
    if ((uint64_t)st.st_size > max_bytes) {
        rc = relok__fail_at(err, RELOK_ELIMIT, path, 0, 0, NULL,
                            "file is %lld bytes; the limit is %zu", (long long)st.st_size,
                            max_bytes);
        goto out;
    }
    size_t size = (size_t)st.st_size;
    char *buf = relok_arena_alloc(arena, size + 1);
    if (buf == NULL) {
        rc = relok__fail_at(err, RELOK_ENOMEM, path, 0, 0, NULL, "out of memory");
        goto out;
    }
    size_t got = fread(buf, 1, size, f);
    if (got != size || ferror(f)) {
        rc = io_fail(err, "read", path, errno != 0 ? errno : EIO);
        goto out;
    }
    buf[size] = '\0';
    *out = buf;
    *out_len = size;
out:
    fclose(f);
    return rc;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

relok_status relok__os_list_dir(const char *dir, const char *suffix, relok_arena *arena,
                                char ***out_names, size_t *out_n, relok_error *err)
{
    *out_names = NULL;
    *out_n = 0;
    DIR *d = opendir(dir);
    if (d == NULL)
        return io_fail(err, "read directory", dir, errno);
    size_t cap = 16, n = 0;
    char **names = relok_arena_calloc(arena, cap, sizeof *names);
    relok_status rc = RELOK_OK;
    if (names == NULL) {
        rc = relok__fail(err, RELOK_ENOMEM, "out of memory");
        goto out;
    }
    size_t slen = strlen(suffix);
    struct dirent *ent;
    while ((ent = readdir(d)) != NULL) {
        size_t len = strlen(ent->d_name);
        if (ent->d_name[0] == '.' || len <= slen ||
            strcmp(ent->d_name + len - slen, suffix) != 0)
            continue;
        if (n == cap) {
            char **bigger = relok_arena_calloc(arena, cap * 2, sizeof *bigger);
            if (bigger == NULL) {
                rc = relok__fail(err, RELOK_ENOMEM, "out of memory");
                goto out;
            }
            memcpy(bigger, names, n * sizeof *names);
            names = bigger;
            cap *= 2;
        }
        names[n] = relok_arena_strdup(arena, ent->d_name);
        if (names[n] == NULL) {
            rc = relok__fail(err, RELOK_ENOMEM, "out of memory");
            goto out;
        }
        n++;
    }
    qsort(names, n, sizeof *names, cmp_str);
    *out_names = names;
    *out_n = n;
out:
    closedir(d);
    return rc;
}

int relok__os_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

relok_status relok__os_exe_dir(char *buf, size_t buf_len, relok_error *err)
{
    if (buf_len < 2)
        return relok__fail(err, RELOK_EINVAL, "buffer too small");
    ssize_t n = readlink("/proc/self/exe", buf, buf_len - 1);
    if (n <= 0 || (size_t)n >= buf_len - 1)
        return relok__fail(err, RELOK_EIO, "cannot find the running executable");
    buf[n] = '\0';
    char *slash = strrchr(buf, '/');
    if (slash == NULL)
        return relok__fail(err, RELOK_EIO, "cannot find the running executable");
    *slash = '\0';
    return RELOK_OK;
}
