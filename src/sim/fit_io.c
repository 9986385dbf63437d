/* SPDX-License-Identifier: MIT */
/* The calibration record (data/sim/calibration.yaml): written by
 * `relok sim fit`, read by every run of the baseline. Numbers are written
 * in the shortest form that reads back to the same double, so a fit
 * reproduced from a clean checkout compares byte for byte. The reader is
 * strict like every other loader of outside input: unknown keys, unknown
 * parameter names and bad numbers name file:line and the field. Engine
 * layer; docs/sim.md, "Calibration". */
#include "sim_int.h"

#include "base/alloc_int.h"
#include "base/error_int.h"
#include "base/limits.h"
#include "base/os_int.h"
#include "base/reader_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ------------------------------------------------------------- writing */

/* Shortest %g form that parses back to exactly v. */
static void put_num(FILE *f, double v)
{
    char buf[40];
    if (v == (double)(long long)v && v > -1e15 && v < 1e15) {
        fprintf(f, "%lld", (long long)v); /* counts of persons read best whole */
        return;
    }
    for (int prec = 6; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    fputs(buf, f);
}

relok_status relok_sim_calib_format(const relok_sim_calib *c, char **out, relok_error *err)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (f == NULL)
        return relok__fail(err, RELOK_ENOMEM, "out of memory");
    char d[RELOK_DATE_BUF];
    fputs("# Calibration of the simulator's baseline to the brief's stock figures.\n"
          "# Written by `relok sim fit`; `relok sim fit --check FILE` reproduces it\n"
          "# (method, loss and targets: docs/sim.md, \"Calibration\").\n",
          f);
    fprintf(f, "method: %s\ndate: %s\nscenario: %s\nseed: %llu\nruns: %u\nagents: %u\npool: ",
            c->method, relok_date_format(c->date, d), c->scenario, (unsigned long long)c->seed,
            c->n_runs, c->n_agents);
    put_num(f, c->pool);
    fprintf(f, "\nmax_evals: %u\nevals: %u\nloss: ", c->max_evals, c->n_evals);
    put_num(f, c->loss);
    fputs("\nparameters:\n", f);
    for (size_t i = 0; i < c->n_params; i++) {
        const relok_sim_free_param *p = &c->params[i];
        fprintf(f, "  - {name: %s, value: ", p->name);
        put_num(f, p->value);
        fputs(", prior: ", f);
        put_num(f, p->prior);
        fputs(", low: ", f);
        put_num(f, p->low);
        fputs(", high: ", f);
        put_num(f, p->high);
        fputs("}\n", f);
    }
    fputs("targets:\n", f);
    for (size_t i = 0; i < c->n_targets; i++) {
        const relok_sim_target *t = &c->targets[i];
        char pd[RELOK_DATE_BUF];
        fprintf(f, "  - {country: %s, indicator: %s, date: \"%s\", day: %s, low: ", t->country,
                t->indicator, relok_pdate_format(t->date, pd), relok_date_format(t->day, d));
        put_num(f, t->low);
        fputs(", high: ", f);
        put_num(f, t->high);
        fputs(", sources: [", f);
        for (size_t k = 0; k < t->n_sources; k++)
            fprintf(f, "%s%s", k ? ", " : "", t->sources[k]);
        fputs("],\n     q05: ", f);
        put_num(f, t->q[0]);
        fputs(", median: ", f);
        put_num(f, t->q[1]);
        fputs(", q95: ", f);
        put_num(f, t->q[2]);
        fputs(", loss: ", f);
        put_num(f, t->loss);
        fputs("}\n", f);
    }
    if (fclose(f) != 0 || text == NULL) {
        free(text);
        return relok__fail(err, RELOK_ENOMEM, "out of memory");
    }
    *out = text;
    return RELOK_OK;
}

/* ------------------------------------------------------------- reading */

/* A problem with map[key], with key in the field path. */
static relok_status key_error(relok__rd *rd, const relok__node *map, const char *key,
                              relok_status code, const char *msg)
{
    size_t mark = relok__rd_push_key(rd, key);
    relok_status rc = relok__rd_error(rd, relok__doc_get(map, key), code, "%s", msg);
    relok__rd_pop(rd, mark);
    return rc;
}

static relok_status read_u32(relok__rd *rd, const relok__node *m, const char *key, int64_t min,
                             int64_t max, uint32_t *out)
{
    int32_t v = 0;
    relok_status rc = relok__rd_int(rd, m, key, true, min, max, &v);
    if (rc == RELOK_OK)
        *out = (uint32_t)v;
    return rc;
}

static relok_status read_param(relok__rd *rd, const relok__node *m, relok_sim_free_param *p)
{
    static const char *const keys[] = {"name", "value", "prior", "low", "high", NULL};
    relok_status rc = relok__rd_expect_map(rd, m, "a parameter {name, value, prior, low, high}");
    if (rc == RELOK_OK)
        rc = relok__rd_check_keys(rd, m, keys);
    if (rc == RELOK_OK)
        rc = relok__rd_str(rd, m, "name", true, &p->name);
    char msg[160];
    if (rc == RELOK_OK && relok__sim_free_index(p->name) < 0) {
        snprintf(msg, sizeof msg, "unknown free parameter '%.40s' (docs/sim.md, \"Calibration\")",
                 p->name);
        rc = key_error(rd, m, "name", RELOK_ESCHEMA, msg);
    }
    if (rc == RELOK_OK)
        rc = relok__rd_num(rd, m, "value", true, -1e9, 1e9, &p->value);
    if (rc == RELOK_OK)
        rc = relok__rd_num(rd, m, "prior", true, -1e9, 1e9, &p->prior);
    if (rc == RELOK_OK)
        rc = relok__rd_num(rd, m, "low", true, -1e9, 1e9, &p->low);
    if (rc == RELOK_OK)
        rc = relok__rd_num(rd, m, "high", true, -1e9, 1e9, &p->high);
    if (rc == RELOK_OK && !(p->low <= p->value && p->value <= p->high)) {
        snprintf(msg, sizeof msg, "%g is outside its bounds %g..%g", p->value, p->low, p->high);
        rc = key_error(rd, m, "value", RELOK_ERANGE, msg);
    }
    return rc;
}

static relok_status read_target(relok__rd *rd, relok_arena *arena, const relok__node *m,
                                relok_sim_target *t)
{
    static const char *const keys[] = {"country", "indicator", "date", "day", "low", "high",
                                        "sources", "q05", "median", "q95", "loss", NULL};
    relok_status rc = relok__rd_expect_map(rd, m, "a target");
    if (rc == RELOK_OK)
        rc = relok__rd_check_keys(rd, m, keys);
    if (rc == RELOK_OK)
        rc = relok__rd_country_code(rd, m, "country", true, t->country);
    if (rc == RELOK_OK)
        rc = relok__rd_str(rd, m, "indicator", true, &t->indicator);
    if (rc == RELOK_OK)
        rc = relok__rd_pdate(rd, m, "date", true, &t->date);
    if (rc == RELOK_OK)
        rc = relok__rd_date(rd, m, "day", true, &t->day);
    const char *const nk[] = {"low", "high", "q05", "median", "q95", "loss"};
    double *nv[] = {&t->low, &t->high, &t->q[0], &t->q[1], &t->q[2], &t->loss};
    for (size_t i = 0; rc == RELOK_OK && i < 6; i++)
        rc = relok__rd_num(rd, m, nk[i], true, 0, 1e12, nv[i]);
    const relok__node *seq = relok__doc_get(m, "sources");
    size_t mark = relok__rd_push_key(rd, "sources");
    if (rc == RELOK_OK)
        rc = relok__rd_expect_seq(rd, seq, "a list of source ids");
    const char **ids = NULL;
    if (rc == RELOK_OK && seq->n > 0 &&
        (ids = relok_arena_calloc(arena, seq->n, sizeof *ids)) == NULL)
        rc = relok__rd_error(rd, seq, RELOK_ENOMEM, "out of memory");
    for (size_t i = 0; rc == RELOK_OK && i < seq->n; i++) {
        size_t m2 = relok__rd_push_index(rd, i);
        rc = relok__rd_node_str(rd, seq->items[i], &ids[i]);
        relok__rd_pop(rd, m2);
    }
    relok__rd_pop(rd, mark);
    if (rc == RELOK_OK) {
        t->sources = ids;
        t->n_sources = seq->n;
    }
    return rc;
}

/* Read a list under key into items of size `size` (at most cap). */
typedef relok_status (*item_reader)(relok__rd *rd, relok_arena *arena, const relok__node *m,
                                    void *item);

static relok_status param_item(relok__rd *rd, relok_arena *arena, const relok__node *m, void *p)
{
    (void)arena;
    return read_param(rd, m, p);
}

static relok_status target_item(relok__rd *rd, relok_arena *arena, const relok__node *m, void *t)
{
    return read_target(rd, arena, m, t);
}

static relok_status read_list(relok__rd *rd, relok_arena *arena, const relok__node *root,
                              const char *key, size_t cap, void *items, size_t size,
                              item_reader fn, size_t *out_n)
{
    const relok__node *seq = relok__doc_get(root, key);
    size_t mark = relok__rd_push_key(rd, key);
    relok_status rc = relok__rd_expect_seq(rd, seq, "a list");
    if (rc == RELOK_OK && seq->n > cap)
        rc = relok__rd_error(rd, seq, RELOK_ELIMIT, "at most %zu entries", cap);
    for (size_t i = 0; rc == RELOK_OK && i < seq->n; i++) {
        size_t m2 = relok__rd_push_index(rd, i);
        rc = fn(rd, arena, seq->items[i], (char *)items + i * size);
        relok__rd_pop(rd, m2);
    }
    relok__rd_pop(rd, mark);
    if (rc == RELOK_OK)
        *out_n = seq->n;
    return rc;
}

relok_status relok_sim_calib_load(const char *path, relok_arena *arena, relok_sim_calib *out,
                                  relok_error *err)
{
    memset(out, 0, sizeof *out);
    char *text = NULL;
    size_t len = 0;
    relok_status rc = relok__os_read_file(path, RELOK_MAX_FILE_BYTES, arena, &text, &len, err);
    if (rc != RELOK_OK)
        return rc;
    const char *source = relok_arena_strdup(arena, path);
    if (source == NULL)
        return relok__fail(err, RELOK_ENOMEM, "out of memory");
    relok__node *root = NULL;
    rc = relok__doc_parse_yaml(text, len, source, arena, &root, err);
    if (rc != RELOK_OK)
        return rc;
    if (root == NULL)
        return relok__fail_at(err, RELOK_ESCHEMA, source, 1, 1, "",
                              "empty file: expected a calibration record");
    relok__rd rd;
    relok__rd_init(&rd, source, arena, err, 1);
    static const char *const keys[] = {"method", "date", "scenario", "seed", "runs", "agents",
                                       "pool", "max_evals", "evals", "loss", "parameters",
                                       "targets", NULL};
    const char *seed = NULL;
    rc = relok__rd_expect_map(&rd, root, "a calibration record");
    if (rc == RELOK_OK)
        rc = relok__rd_check_keys(&rd, root, keys);
    if (rc == RELOK_OK)
        rc = relok__rd_str(&rd, root, "method", true, &out->method);
    if (rc == RELOK_OK && strcmp(out->method, "nelder-mead") != 0)
        rc = key_error(&rd, root, "method", RELOK_ESCHEMA, "unknown method (expected nelder-mead)");
    if (rc == RELOK_OK)
        rc = relok__rd_date(&rd, root, "date", true, &out->date);
    if (rc == RELOK_OK)
        rc = relok__rd_str(&rd, root, "scenario", true, &out->scenario);
    if (rc == RELOK_OK)
        rc = relok__rd_str(&rd, root, "seed", true, &seed);
    int64_t sv = 0;
    if (rc == RELOK_OK && (!relok__parse_int64(seed, strlen(seed), &sv) || sv < 1))
        rc = key_error(&rd, root, "seed", RELOK_ESCHEMA, "expected a whole number >= 1");
    out->seed = (uint64_t)sv;
    if (rc == RELOK_OK)
        rc = read_u32(&rd, root, "runs", 1, 1000, &out->n_runs);
    if (rc == RELOK_OK)
        rc = read_u32(&rd, root, "agents", 1, 100000000, &out->n_agents);
    if (rc == RELOK_OK)
        rc = relok__rd_num(&rd, root, "pool", true, 1, 1e10, &out->pool);
    if (rc == RELOK_OK)
        rc = read_u32(&rd, root, "max_evals", 1, 100000, &out->max_evals);
    if (rc == RELOK_OK)
        rc = read_u32(&rd, root, "evals", 0, 100000, &out->n_evals);
    if (rc == RELOK_OK)
        rc = relok__rd_num(&rd, root, "loss", true, 0, 1e9, &out->loss);
    if (rc == RELOK_OK)
        rc = read_list(&rd, arena, root, "parameters", RELOK_SIM_MAX_FREE, out->params,
                       sizeof out->params[0], param_item, &out->n_params);
    if (rc == RELOK_OK)
        rc = read_list(&rd, arena, root, "targets", RELOK_SIM_MAX_TARGETS, out->targets,
                       sizeof out->targets[0], target_item, &out->n_targets);
    relok__rd_done(&rd);
    return rc;
}

relok_status relok_sim_calib_load_kb(const relok_kb *kb, relok_arena *arena, relok_sim_calib *out,
                                     relok_error *err)
{
    char path[4096];
    int n = snprintf(path, sizeof path, "%s/sim/calibration.yaml", relok_kb_dir(kb));
    if (n < 0 || (size_t)n >= sizeof path)
        return relok__fail(err, RELOK_ELIMIT, "calibration path too long");
    if (access(path, F_OK) != 0)
        return relok__fail(err, RELOK_ENOTFOUND, "%s: no calibration", path);
    return relok_sim_calib_load(path, arena, out, err);
}
