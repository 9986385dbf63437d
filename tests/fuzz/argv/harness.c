/* SPDX-License-Identifier: MIT */
/* Fuzz harness for command-line arguments: the input, split at NUL bytes,
 * is the argument vector of one `relok` run (the CLI's main, renamed
 * relok_cli_main, built without the server so `serve` only says so). The
 * run happens in a private directory, with HOME and XDG_DATA_HOME there
 * and RELOK_KB the small test KB; arguments holding '/' are skipped, so no
 * path can leave that directory. Standard output goes to /dev/null. libFuzzer entry
 * point; replayed by tests/fuzz/replay.c. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* mkdtemp, setenv without the build flags of relok_warnings */
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int relok_cli_main(int argc, char **argv);

enum { MAX_ARGS = 24 };

static int setup_once(void)
{
    static int done;
    if (done)
        return done > 0 ? 0 : -1;
    done = -1;
    const char *t = getenv("TMPDIR");
    static char dir[512];
    snprintf(dir, sizeof dir, "%s/relok-fuzz-argv-XXXXXX", t != NULL ? t : "/tmp");
    if (mkdtemp(dir) == NULL || chdir(dir) != 0)
        return -1;
    setenv("HOME", dir, 1);
    setenv("XDG_DATA_HOME", dir, 1);
    setenv("TZ", "UTC", 1);
    setenv("RELOK_NOW", "2024-06-01", 1);
#ifdef RELOK_FUZZ_KB
    if (getenv("RELOK_FUZZ_KB") == NULL)
        setenv("RELOK_KB", RELOK_FUZZ_KB, 1);
#endif
    if (getenv("RELOK_FUZZ_KB") != NULL)
        setenv("RELOK_KB", getenv("RELOK_FUZZ_KB"), 1);
    /* Only stdout: stderr carries the sanitizers' reports (make fuzz closes
     * it for the CLI's own messages with -close_fd_mask). */
    if (getenv("RELOK_FUZZ_VERBOSE") == NULL && freopen("/dev/null", "w", stdout) == NULL)
        return -1;
    done = 1;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0 || size > 4096 || memchr(data, '/', size) != NULL || setup_once() != 0)
        return 0;
    char *copy = malloc(size + 1);
    if (copy == NULL)
        return 0;
    memcpy(copy, data, size);
    copy[size] = '\0';
    char *argv[MAX_ARGS + 2];
    int argc = 0;
    static char name[] = "relok";
    argv[argc++] = name;
    for (size_t i = 0; i < size && argc < MAX_ARGS + 1;) {
        argv[argc++] = copy + i;
        i += strlen(copy + i) + 1;
    }
    argv[argc] = NULL;
    (void)relok_cli_main(argc, argv);
    fflush(stdout);
    free(copy);
    return 0;
}
