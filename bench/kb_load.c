/* SPDX-License-Identifier: MIT */
/* bench_kb_load [DIR] [RUNS]: median time to load and fully validate a
 * knowledge base (default: the shipped data). Prints figures; asserts
 * nothing. */
#include "bench.h"
#include "relok/relok.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    char def[4096];
    const char *dir = argc > 1 ? argv[1] : NULL;
    if (dir == NULL) {
        if (relok_kb_default_dir(def, sizeof def) != RELOK_OK) {
            fprintf(stderr, "bench_kb_load: no knowledge base found; pass a directory\n");
            return 2;
        }
        dir = def;
    }
    int runs = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 51;
    if (runs < 1)
        runs = 1;
    double *t = calloc((size_t)runs, sizeof *t);
    if (t == NULL)
        return 5;
    size_t countries = 0, sources = 0;
    for (int i = 0; i < runs; i++) {
        relok_kb *kb = NULL;
        relok_error err = {0};
        double t0 = bench_now_us();
        relok_status s = relok_kb_load(dir, &kb, NULL, &err);
        t[i] = bench_now_us() - t0;
        if (s != RELOK_OK) {
            char buf[1024];
            fprintf(stderr, "bench_kb_load: %s\n", relok_error_format(&err, buf, sizeof buf));
            free(t);
            return 3;
        }
        countries = relok_kb_n_countries(kb);
        sources = relok_kb_n_sources(kb);
        relok_kb_free(kb);
    }
    double min = t[0];
    for (int i = 1; i < runs; i++)
        if (t[i] < min)
            min = t[i];
    double med = bench_median(t, (size_t)runs);
    printf("kb_load: %s (%zu countries, %zu sources)\n", dir, countries, sources);
    printf("kb_load: median %.2f ms, min %.2f ms over %d runs (load + full validation)\n",
           med / 1000.0, min / 1000.0, runs);
    free(t);
    return 0;
}
