/* SPDX-License-Identifier: MIT */
/* Replays a fuzz corpus through a harness (as SQLite's fuzzcheck), so every
 * test run - with GCC and without libFuzzer - checks the corpus under the
 * sanitizers. Usage: replay_<name> DIR... */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        perror(path);
        return 1;
    }
    static uint8_t buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    uint8_t *copy = malloc(n == 0 ? 1 : n);
    if (copy == NULL)
        return 1;
    memcpy(copy, buf, n);
    LLVMFuzzerTestOneInput(copy, n);
    free(copy);
    return 0;
}

int main(int argc, char **argv)
{
    size_t count = 0;
    int rc = 0;
    for (int i = 1; i < argc; i++) {
        /* Absolute: a harness may change directory (argv runs the CLI in a
         * private one). */
        char dir[4096];
        if (argv[i][0] == '/' || getcwd(dir, sizeof dir) == NULL)
            snprintf(dir, sizeof dir, "%s", argv[i]);
        else
            snprintf(dir + strlen(dir), sizeof dir - strlen(dir), "/%s", argv[i]);
        DIR *d = opendir(dir);
        if (d == NULL) {
            perror(argv[i]);
            return 1;
        }
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (e->d_name[0] == '.')
                continue;
            char path[4096 + 512];
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            rc |= replay_file(path);
            count++;
        }
        closedir(d);
    }
    printf("replayed %zu inputs\n", count);
    return rc != 0 || count == 0;
}
