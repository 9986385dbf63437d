/* SPDX-License-Identifier: MIT */
/* File helpers of the fuzz harnesses that work on a private copy of data
 * files (kb, scenario): copy a file, copy a directory's files, empty and
 * remove a directory. Each returns 0 on success, -1 on failure. */
#ifndef RELOK_FUZZ_FILES_H
#define RELOK_FUZZ_FILES_H

#include <dirent.h>
#include <stdio.h>
#include <unistd.h>

static inline int fuzz_copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb");
    FILE *out = in != NULL ? fopen(to, "wb") : NULL;
    char buf[8192];
    size_t n;
    int rc = in != NULL && out != NULL ? 0 : -1;
    while (rc == 0 && (n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, out) != n)
            rc = -1;
    if (in != NULL)
        fclose(in);
    if (out != NULL && fclose(out) != 0)
        rc = -1;
    return rc;
}

/* The files of directory from (not hidden ones) into directory to. */
static inline int fuzz_copy_dir(const char *from, const char *to)
{
    DIR *d = opendir(from);
    if (d == NULL)
        return -1;
    struct dirent *e;
    int rc = 0;
    while (rc == 0 && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char f[1200], g[1200];
        snprintf(f, sizeof f, "%s/%s", from, e->d_name);
        snprintf(g, sizeof g, "%s/%s", to, e->d_name);
        rc = fuzz_copy_file(f, g);
    }
    closedir(d);
    return rc;
}

/* Remove the files of dir, then dir. */
static inline void fuzz_remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d != NULL && (e = readdir(d)) != NULL) {
        char p[1200];
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        if (e->d_name[0] != '.')
            (void)unlink(p);
    }
    if (d != NULL)
        closedir(d);
    (void)rmdir(dir);
}

#endif
