/* SPDX-License-Identifier: MIT */
/* Allocation-failure sweep of every CLI command on the shipped data (issue
 * 13). The CLI's main is built in (cli/main.c compiled with main renamed,
 * as the argv fuzz harness does), so each sweep point is one in-process run
 * with the k-th allocation failing, its standard output and error going to
 * files. A failed run either recovers completely (the exit code and output
 * of the run without failures) or exits 5 saying "out of memory"; nothing
 * leaks (LeakSanitizer, valgrind) and nothing crashes. Each command's sweep
 * asserts it reached the run that needed no failure.
 * Most commands start by loading the shipped KB (~10 000 points, swept
 * point by point by test_harden) and then allocate a few hundred points of
 * their own. So each command is swept in two parts:
 * - the head: runs that load the KB, failing inside the load (make test:
 *   its first and last points, and two more for a part's first command
 *   line; make sweep, RELOK_SWEEP_STRIDE=1: every 64th point);
 * - the command's own points: runs given the KB loaded once by this test
 *   (cli_main_lent), whose output must equal the run that loaded it (make
 *   test: ~8 points; make sweep: every point).
 * Under valgrind every command line runs once with the lent KB, every
 * fourth is swept with ~4 points of its own and every twelfth also loads
 * the KB itself. */
#include "base/alloc_int.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "relok/relok.h"

#include "sweep_stride.h"
#include <valgrind/valgrind.h>

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int relok_cli_main(int argc, char **argv);
int cli_main_lent(int argc, char **argv, relok_kb *lent);

/* The shipped KB, loaded once and lent to the runs of a command's own
 * points. */
static relok_kb *g_kb;

static char g_tmp[512];
static char g_db[700], g_out[700], g_err[700], g_report[700];
static char g_trips[1024], g_profile[1024], g_profile2[1024];

enum { CLI_EXIT_INTERNAL = 5, MAX_ARGS = 16 };

/* One command line; `setup` lines run first, without failures, on a fresh
 * diary (NULL-terminated list of argument strings, '|' between lines). */
typedef struct cli_case {
    const char *args; /* words separated by spaces ('+' is a space inside a word);
                       * @DB @TRIPS @PROFILE @PROFILE2 @REPORT name files */
    const char *setup;
    int exit;         /* exit code without failures */
} cli_case;

static const cli_case CASES[] = {
    {"--version", NULL, 0},
    {"--help", NULL, 0},
    {"countries --doc internal_id --as-of 2023-06-01", NULL, 0},
    {"--lang ru countries --as-of 2024-01-01", NULL, 0},
    {"countries --json --as-of 2024-01-01", NULL, 0},
    {"show KZ --as-of 2023-06-01", NULL, 0},
    {"--lang ru show GE --json", NULL, 0},
    {"show XX", NULL, 2},
    {"history KZ", NULL, 0},
    {"sources", NULL, 0},
    {"stay --trips @TRIPS --on 2024-03-01", NULL, 0},
    {"--lang ru stay --trips @TRIPS --on 2024-03-01 --json", NULL, 0},
    {"stay --trips @TRIPS --on 2024-03-01 --tax", NULL, 0},
    {"stay --trips @TRIPS --on 2024-03-01 --ics --remind 7", NULL, 0},
    {"stay --check --within 10 --trips @TRIPS --on 2024-03-01", NULL, 1},
    {"stay --rule {kind:+rolling,+max_days:+90,+window_days:+180} --trips @TRIPS --on 2024-03-01",
     NULL, 0},
    {"stay --db @DB --on 2024-03-01", "trip --db @DB import @TRIPS", 0},
    {"trip --db @DB add GE 2024-01-01 2024-01-20", NULL, 0},
    {"trip --db @DB add AM 2024-02-01", "trip --db @DB add GE 2024-01-01 2024-01-20", 0},
    {"trip --db @DB end KZ 2024-03-01", "trip --db @DB add KZ 2024-02-01", 0},
    {"trip --db @DB list", "trip --db @DB import @TRIPS", 0},
    {"trip --db @DB list --json", "trip --db @DB import @TRIPS", 0},
    {"trip --db @DB rm 1", "trip --db @DB import @TRIPS", 0},
    {"trip --db @DB import @TRIPS", NULL, 0},
    {"trip --db @DB export --format json", "trip --db @DB import @TRIPS", 0},
    {"plan --in GE --from 2024-01-01 --until 2024-12-31", NULL, 0},
    {"plan --in KZ --from 2024-01-01 --until 2024-12-31 --json", NULL, 0},
    {"advise --profile @PROFILE --as-of 2024-01-01", NULL, 0},
    {"--lang ru advise --profile @PROFILE2 --json --as-of 2024-01-01", NULL, 0},
    {"kb check", NULL, 0},
    {"kb stats --json", NULL, 0},
    {"kb stale", NULL, 0},
    {"sim scenarios", NULL, 0},
    {"sim show ge-visas", NULL, 0},
    {"sim run --scenario ge-visas --agents 40 --until 2022-12-31 --json", NULL, 0},
    {"report new --country GE --date 2024-05-01 --out @REPORT", NULL, 0},
    {"serve", NULL, 2},
};

/* ------------------------------------------------------------ fixtures */

static int group_setup(void **state)
{
    (void)state;
    const char *kb = getenv("RELOK_KB");
    if (kb == NULL)
        return -1;
    const char *t = getenv("TMPDIR");
    snprintf(g_tmp, sizeof g_tmp, "%s/relok-sweep-cli-XXXXXX", t != NULL ? t : "/tmp");
    if (mkdtemp(g_tmp) == NULL)
        return -1;
    snprintf(g_db, sizeof g_db, "%s/diary.db", g_tmp);
    snprintf(g_out, sizeof g_out, "%s/stdout", g_tmp);
    snprintf(g_err, sizeof g_err, "%s/stderr", g_tmp);
    snprintf(g_report, sizeof g_report, "%s/report.yaml", g_tmp);
    snprintf(g_trips, sizeof g_trips, "%s/../examples/trips/kz-then-georgia.csv", kb);
    snprintf(g_profile, sizeof g_profile, "%s/../examples/profiles/it-remote-passport.yaml", kb);
    snprintf(g_profile2, sizeof g_profile2, "%s/../examples/profiles/family-two-children.yaml",
             kb);
    setenv("HOME", g_tmp, 1);
    setenv("XDG_DATA_HOME", g_tmp, 1);
    return relok_kb_load(kb, &g_kb, NULL, NULL) == RELOK_OK ? 0 : -1;
}

static void remove_file(const char *p) { (void)unlink(p); }

static int group_teardown(void **state)
{
    (void)state;
    static const char *const extra[] = {"-journal", "-wal", "-shm"};
    char p[800];
    for (size_t i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s%s", g_db, extra[i]);
        remove_file(p);
    }
    remove_file(g_db);
    remove_file(g_out);
    remove_file(g_err);
    remove_file(g_report);
    (void)rmdir(g_tmp);
    relok_kb_free(g_kb);
    return 0;
}

/* --------------------------------------------------------- running one */

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t cap = 4096, len = 0, n;
    char *s = malloc(cap);
    assert_non_null(s);
    while ((n = fread(s + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (cap - len - 1 == 0) {
            cap *= 2;
            s = realloc(s, cap);
            assert_non_null(s);
        }
    }
    fclose(f);
    s[len] = '\0';
    return s;
}

/* Split a line into argv (in buf), replacing the @ names. */
static int split(const char *line, char *buf, size_t len, char **argv)
{
    int argc = 0;
    static char name[] = "relok";
    argv[argc++] = name;
    snprintf(buf, len, "%s", line);
    char *save = NULL;
    for (char *w = strtok_r(buf, " ", &save); w != NULL && argc < MAX_ARGS;
         w = strtok_r(NULL, " ", &save)) {
        if (strcmp(w, "@DB") == 0)
            w = g_db;
        else if (strcmp(w, "@TRIPS") == 0)
            w = g_trips;
        else if (strcmp(w, "@PROFILE") == 0)
            w = g_profile;
        else if (strcmp(w, "@PROFILE2") == 0)
            w = g_profile2;
        else if (strcmp(w, "@REPORT") == 0)
            w = g_report;
        for (char *p = strchr(w, '+'); p != NULL; p = strchr(p, '+'))
            *p = ' ';
        argv[argc++] = w;
    }
    argv[argc] = NULL;
    return argc;
}

/* Run one command line with stdout and stderr in files; with lent, on that
 * KB instead of loading one. */
static int run_line(const char *line, relok_kb *lent)
{
    char buf[2048];
    char *argv[MAX_ARGS + 2];
    int argc = split(line, buf, sizeof buf, argv);
    fflush(stdout);
    fflush(stderr);
    int saved_out = dup(1), saved_err = dup(2);
    int fo = open(g_out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int fe = open(g_err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(saved_out >= 0 && saved_err >= 0 && fo >= 0 && fe >= 0);
    assert_true(dup2(fo, 1) >= 0 && dup2(fe, 2) >= 0);
    close(fo);
    close(fe);
    int rc = lent != NULL ? cli_main_lent(argc, argv, lent) : relok_cli_main(argc, argv);
    fflush(stdout);
    fflush(stderr);
    assert_true(dup2(saved_out, 1) >= 0 && dup2(saved_err, 2) >= 0);
    close(saved_out);
    close(saved_err);
    return rc;
}

/* A fresh diary with the case's set-up lines, and no report file. */
static void fresh_state(const cli_case *c)
{
    char p[800];
    static const char *const extra[] = {"-journal", "-wal", "-shm"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s%s", g_db, extra[i]);
        remove_file(p);
    }
    remove_file(g_db);
    remove_file(g_report);
    if (c->setup == NULL)
        return;
    char lines[1024];
    snprintf(lines, sizeof lines, "%s", c->setup);
    char *save = NULL;
    for (char *l = strtok_r(lines, "|", &save); l != NULL; l = strtok_r(NULL, "|", &save)) {
        int rc = run_line(l, g_kb);
        if (rc != 0)
            fprintf(stderr, "set-up '%s' exited %d\n", l, rc);
        assert_int_equal(rc, 0);
    }
}

/* Allocation points of one run of c (counted, none failing), on the lent
 * KB or loading it; *rc gets its exit code. */
static unsigned long points_of(const cli_case *c, relok_kb *lent, int *rc)
{
    fresh_state(c);
    relok__alloc_fail_at(ULONG_MAX);
    *rc = run_line(c->args, lent);
    unsigned long n = relok__alloc_count();
    relok__alloc_fail_at(0);
    return n;
}

/* Runs of c with the k-th allocation failing, for k from `from` by
 * `stride` up to `last` (when last is 0: until a run needs no failure,
 * which must then answer as the reference). Returns the runs made. */
static unsigned long sweep_range(const cli_case *c, relok_kb *lent, unsigned long from,
                                 unsigned long stride, unsigned long last, int ref_rc,
                                 const char *ref_out)
{
    unsigned long k, runs = 0;
    bool reached = false;
    for (k = from; !reached && (last == 0 || k <= last); k += stride) {
        fresh_state(c);
        relok__alloc_fail_at(k);
        int rc = run_line(c->args, lent);
        bool failed = relok__alloc_failed() != 0;
        relok__alloc_fail_at(0);
        runs++;
        char *out = read_all(g_out);
        if (!failed) {
            reached = true;
            if (rc != ref_rc || strcmp(out, ref_out) != 0)
                fprintf(stderr, "relok %s, no failure at %lu (%s): exit %d, not %d, or other "
                                "output\n",
                        c->args, k, lent != NULL ? "lent KB" : "loading the KB", rc, ref_rc);
            assert_int_equal(rc, ref_rc);
            assert_string_equal(out, ref_out);
            /* A sweep within the KB load must not run past it. */
            assert_true(last == 0);
        } else if (rc != ref_rc || strcmp(out, ref_out) != 0) {
            char *err = read_all(g_err);
            /* The Russian command lines word the detail in Russian
             * (src/base/errmsg.def). */
            bool oom = rc == CLI_EXIT_INTERNAL &&
                       (strstr(err, "out of memory") != NULL || strstr(err, "памяти") != NULL);
            if (!oom)
                fprintf(stderr, "relok %s, allocation %lu failing (%s): exit %d (want %d or 5), "
                                "stderr: %.400s\n",
                        c->args, k, lent != NULL ? "lent KB" : "loading the KB", rc, ref_rc, err);
            free(err);
            free(out);
            assert_true(oom);
            out = NULL;
        }
        free(out);
    }
    if (last == 0)
        assert_true(reached);
    return runs;
}

/* RELOK_TEST_PART=k/n (ctest runs the sweep as n tests side by side):
 * only the command lines i with i % n == k - 1. Unset: every line. */
static void test_part(size_t *k, size_t *n)
{
    const char *v = getenv("RELOK_TEST_PART");
    *k = 0;
    *n = 1;
    if (v == NULL)
        return;
    char *slash = NULL, *end = NULL;
    unsigned long a = strtoul(v, &slash, 10), b = 0;
    if (slash != v && *slash == '/')
        b = strtoul(slash + 1, &end, 10);
    if (end == NULL || end == slash + 1 || *end != '\0' || b == 0 || a == 0 || a > b)
        fail_msg("RELOK_TEST_PART: expected k/n with 1 <= k <= n, got \"%s\"", v);
    *k = a - 1;
    *n = b;
}

static void test_sweep_cli_every_command(void **state)
{
    (void)state;
    unsigned long stride = sweep_stride(), total_runs = 0;
    unsigned long kb_head = kb_load_points(getenv("RELOK_KB"));
    bool valgrind = stride != 1 && RUNNING_ON_VALGRIND;
    size_t part, parts;
    test_part(&part, &parts);
    bool first = true;
    for (size_t i = 0; i < sizeof CASES / sizeof *CASES; i++) {
        const cli_case *c = &CASES[i];
        if (i % parts != part)
            continue;
        /* RELOK_SWEEP_ONLY=TEXT: only the command lines holding TEXT. */
        const char *only = getenv("RELOK_SWEEP_ONLY");
        if (only != NULL && strstr(c->args, only) == NULL)
            continue;
        /* The reference: on the lent KB. */
        fresh_state(c);
        int ref_rc = run_line(c->args, g_kb);
        char *ref_out = read_all(g_out);
        if (ref_rc != c->exit) {
            char *e = read_all(g_err);
            fprintf(stderr, "relok %s: exit %d, not %d: %s\n", c->args, ref_rc, c->exit, e);
            free(e);
        }
        assert_int_equal(ref_rc, c->exit);
        unsigned long runs = 1;
        /* Loading the KB itself, the command answers the same. */
        bool loads = !valgrind || i % 12 == 0;
        unsigned long total = 0;
        if (loads) {
            int rc;
            total = points_of(c, NULL, &rc);
            runs++;
            char *out = read_all(g_out);
            assert_int_equal(rc, ref_rc);
            assert_string_equal(out, ref_out);
            free(out);
        }
        int own_rc;
        unsigned long own = points_of(c, g_kb, &own_rc);
        assert_int_equal(own_rc, ref_rc);
        runs++;
        /* The head, for a command that loads the KB: runs failing inside
         * the load (cli_kb reports out of memory). */
        if (loads && total > own + 1000) {
            unsigned long head = total - own < kb_head ? total - own : kb_head;
            unsigned long head_stride = stride == 1 ? 64 : first ? head / 3 : head - 1;
            runs += sweep_range(c, NULL, 1, head_stride > 0 ? head_stride : 1, head, ref_rc,
                                ref_out);
            if (stride != 1 && head_stride > 1 && (head - 1) % head_stride != 0)
                runs += sweep_range(c, NULL, head, 1, head, ref_rc, ref_out);
        }
        first = false;
        /* The command's own points, on the lent KB. */
        if (!valgrind || i % 4 == 0) {
            unsigned long parts_of_own = valgrind ? 3 : 8;
            unsigned long own_stride = stride == 1 ? 1 : own / parts_of_own;
            runs += sweep_range(c, g_kb, 1, own_stride > 0 ? own_stride : 1, 0, ref_rc, ref_out);
        }
        total_runs += runs;
        printf("relok %s: %lu runs; %lu allocation points of its own, %lu loading the KB\n",
               c->args, runs, own, total);
        free(ref_out);
    }
    printf("CLI sweep, part %zu of %zu: %zu command lines in all, %lu runs (stride %lu; KB load "
           "%lu points)\n",
           part + 1, parts, sizeof CASES / sizeof *CASES, total_runs, stride, kb_head);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sweep_cli_every_command),
    };
    /* The diary installs relok's allocator in SQLite on its first open,
     * before any other SQLite use: a failed open is enough. */
    relok_diary *d = NULL;
    (void)relok_diary_open("/nonexistent/relok-diary.db", RELOK_DIARY_READONLY, &d, NULL);
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
