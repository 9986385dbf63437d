/* SPDX-License-Identifier: MIT */
/* relok sim run | scenarios | show | compare: the population simulator
 * (include/relok/sim.h, docs/sim.md). Faces layer: parses options, calls the
 * library, renders tables in the user's language. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


/* Out of memory: say so on stderr. A bare exit 5 told the user nothing
 * (found by the CLI allocation sweep). */
static int sim_oom(cli_ctx *ctx)
{
    cli_errorf(ctx, "%s", cli_tr(ctx, "out of memory", "не хватает памяти"));
    return CLI_EXIT_INTERNAL;
}
static void sim_help(cli_ctx *ctx)
{
    fprintf(ctx->out,
            "%s: relok sim run --scenario NAME [%s]\n"
            "       relok sim scenarios\n"
            "       relok sim show NAME\n"
            "       relok sim compare A B [%s]\n"
            "       relok sim fit [--out FILE] [--check FILE [--quick]] [%s]\n"
            "       relok sim report [--json] [%s]\n\n",
            cli_tr(ctx, "Usage", "Запуск"), cli_tr(ctx, "options", "ПАРАМЕТРЫ"),
            cli_tr(ctx, "options", "ПАРАМЕТРЫ"), cli_tr(ctx, "options", "ПАРАМЕТРЫ"),
            cli_tr(ctx, "options", "ПАРАМЕТРЫ"));
    cli_help_opt(ctx, "--scenario NAME",
                 cli_tr(ctx, "scenario to run (relok sim scenarios lists them)",
                        "сценарий для запуска (список: relok sim scenarios)"));
    cli_help_opt(ctx, "--agents N", cli_tr(ctx, "agents (default 10000)", "агентов (по умолчанию 10000)"));
    cli_help_opt(ctx, "--scale K",
                 cli_tr(ctx, "persons per agent (default 100)", "человек на агента (по умолчанию 100)"));
    cli_help_opt(ctx, "--runs R",
                 cli_tr(ctx, "runs; quantiles 5/50/95 % are over runs (default 1)",
                        "прогонов; квантили 5/50/95 % считаются по прогонам (по умолчанию 1)"));
    cli_help_opt(ctx, "--seed S", cli_tr(ctx, "random seed (default 1)", "зерно генератора (по умолчанию 1)"));
    cli_help_opt(ctx, "--until DATE",
                 cli_tr(ctx, "horizon (default 2027-12-31)", "горизонт (по умолчанию 2027-12-31)"));
    cli_help_opt(ctx, "--threads T",
                 cli_tr(ctx, "threads; the output does not depend on it (default 1)",
                        "потоков; результат от этого не зависит (по умолчанию 1)"));
    cli_help_opt(ctx, "--partition",
                 cli_tr(ctx, "under mpirun: split each run's agents, not the runs, over the ranks",
                        "под mpirun: делить между процессами агентов, а не прогоны"));
    cli_help_opt(ctx, "--out DIR",
                 cli_tr(ctx, "write series.csv, series.json, first.csv, cohort.csv, summary.json",
                        "записать series.csv, series.json, first.csv, cohort.csv, summary.json"));
    cli_help_opt(ctx, "--format flee",
                 cli_tr(ctx, "with --out: also write Flee's out.csv (daily, per host)",
                        "с --out: записать также out.csv в формате Flee (по дням, по странам)"));
    cli_help_opt(ctx, "--weekly", cli_tr(ctx, "weekly series (default daily)", "недельные ряды (по умолчанию дневные)"));
    cli_help_opt(ctx, "--cohort-from DATE",
                 cli_tr(ctx, "arrival period of the onward-move table (default 2022-09-21)",
                        "период прибытия для таблицы дальнейших переездов (по умолчанию 2022-09-21)"));
    cli_help_opt(ctx, "--cohort-to DATE", cli_tr(ctx, "its end (default 2022-12-31)", "его конец (по умолчанию 2022-12-31)"));
    cli_help_opt(ctx, "--cohort-by DATE",
                 cli_tr(ctx, "moved on by this date (default the horizon)",
                        "переехали дальше к этой дате (по умолчанию горизонт)"));
    cli_help_opt(ctx, "--scenarios DIR",
                 cli_tr(ctx, "scenario directory (default: the KB's scenarios)",
                        "каталог сценариев (по умолчанию: каталог 'scenarios' базы знаний)"));
    cli_help_opt(ctx, "--calibration FILE",
                 cli_tr(ctx, "fitted parameters (default: the KB's sim/calibration.yaml)",
                        "подогнанные параметры (по умолчанию sim/calibration.yaml базы знаний)"));
    cli_help_opt(ctx, "--priors",
                 cli_tr(ctx, "ignore the calibration: every parameter at its prior",
                        "без калибровки: все параметры по априорным значениям"));
    cli_help_opt(ctx, "--max-evals M",
                 cli_tr(ctx, "fit: evaluations at most (default 120)",
                        "для 'fit': не больше M вычислений (по умолчанию 120)"));
    cli_help_opt(ctx, "--pool P",
                 cli_tr(ctx, "fit: persons the agents stand for (default 20000000)",
                        "для 'fit': сколько человек представляют агенты (по умолчанию 20000000)"));
    cli_help_opt(ctx, "--check FILE",
                 cli_tr(ctx, "fit: redo the fit recorded in FILE and compare (exit 1 if it differs)",
                        "для 'fit': повторить подгонку из FILE и сравнить (код 1 при расхождении)"));
    cli_help_opt(ctx, "--quick",
                 cli_tr(ctx, "with --check: only re-run the ensemble at FILE's values",
                        "с --check: только пересчитать ансамбль при значениях из FILE"));
    cli_help_opt(ctx, "--json", cli_tr(ctx, "machine-readable summary", "сводка в формате JSON"));
}

typedef struct sim_args {
    const char *scenario, *agents, *scale, *runs, *seed, *until, *threads, *out, *dir;
    const char *cohort_from, *cohort_to, *cohort_by;
    const char *calibration, *check, *max_evals, *pool, *format;
    bool json, weekly, help, priors, quick, partition;
} sim_args;

/* The MPI job this process is a rank of (rank 0 of 1 without one; see
 * relok_sim_mpi_init). Every rank votes once that it is ready to run, so a
 * rank that failed to load cannot leave the others waiting. */
typedef struct sim_job {
    unsigned rank, size;
    bool voted;
    bool stopped;                 /* ready, but another rank was not */
    relok_sim_mpi_stats stats;
} sim_job;

static int parse_uint(cli_ctx *ctx, const char *opt, const char *v, unsigned long long max,
                      unsigned long long *out)
{
    if (v == NULL)
        return CLI_EXIT_OK;
    char *end = NULL;
    errno = 0;
    unsigned long long x = strtoull(v, &end, 10);
    if (errno != 0 || end == v || *end != '\0' || v[0] == '-' || x == 0 || x > max)
        return cli_usage(ctx, "sim", "%s %s: %s 1..%llu", opt, v,
                         cli_tr(ctx, "expected a whole number", "ожидается целое число"), max);
    *out = x;
    return CLI_EXIT_OK;
}

static int build_opts(cli_ctx *ctx, const sim_args *a, relok_sim_opts *o)
{
    relok_sim_opts_init(o);
    unsigned long long x;
    int rc;
    if (a->agents != NULL) {
        if ((rc = parse_uint(ctx, "--agents", a->agents, RELOK_MAX_ENSEMBLE_AGENTS, &x)) != CLI_EXIT_OK)
            return rc;
        o->n_agents = (uint32_t)x;
    }
    if (a->runs != NULL) {
        if ((rc = parse_uint(ctx, "--runs", a->runs, RELOK_MAX_ENSEMBLE_RUNS, &x)) != CLI_EXIT_OK)
            return rc;
        o->n_runs = (uint32_t)x;
    }
    if (a->threads != NULL) {
        if ((rc = parse_uint(ctx, "--threads", a->threads, RELOK_MAX_SIM_THREADS, &x)) != CLI_EXIT_OK)
            return rc;
        o->n_threads = (unsigned)x;
    }
    if (a->seed != NULL) {
        if ((rc = parse_uint(ctx, "--seed", a->seed, ~0ull, &x)) != CLI_EXIT_OK)
            return rc;
        o->seed = x;
    }
    if (a->scale != NULL) {
        char *end = NULL;
        double k = strtod(a->scale, &end);
        if (end == a->scale || *end != '\0' || !(k > 0) || k > 1e9)
            return cli_usage(ctx, "sim", "--scale %s: %s", a->scale,
                             cli_tr(ctx, "expected a number > 0", "ожидается число > 0"));
        o->scale = k;
    }
    if (a->until != NULL && (rc = cli_parse_date(ctx, "sim", "--until", a->until, &o->until)) != 0)
        return rc;
    if (a->cohort_from != NULL &&
        (rc = cli_parse_date(ctx, "sim", "--cohort-from", a->cohort_from, &o->cohort_from)) != 0)
        return rc;
    if (a->cohort_to != NULL &&
        (rc = cli_parse_date(ctx, "sim", "--cohort-to", a->cohort_to, &o->cohort_to)) != 0)
        return rc;
    if (a->cohort_by != NULL &&
        (rc = cli_parse_date(ctx, "sim", "--cohort-by", a->cohort_by, &o->cohort_by)) != 0)
        return rc;
    if (o->until < o->start)
        return cli_usage(ctx, "sim", "--until: %s",
                         cli_tr(ctx, "the horizon must be on or after 2022-01-01",
                                "горизонт не может быть раньше 2022-01-01"));
    return CLI_EXIT_OK;
}

static const char *scen_dir(cli_ctx *ctx, const sim_args *a, relok_kb *kb, char *buf, size_t n)
{
    (void)ctx;
    if (a->dir != NULL)
        return a->dir;
    snprintf(buf, n, "%s/scenarios", relok_kb_dir(kb));
    return buf;
}

typedef struct progress {
    FILE *f;
    int last;
} progress;

static bool progress_cb(uint64_t done, uint64_t total, void *ud)
{
    progress *p = ud;
    int pct = total > 0 ? (int)(done * 100 / total) : 100;
    if (pct == p->last)
        return true;
    p->last = pct;
    char bar[41];
    int fill = pct * 40 / 100;
    for (int i = 0; i < 40; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[40] = '\0';
    fprintf(p->f, "\r[%s] %3d%%", bar, pct);
    if (pct >= 100)
        fputc('\n', p->f);
    fflush(p->f);
    return true;
}

/* The calibration runs use: --calibration FILE, else the KB's
 * sim/calibration.yaml when it exists; none with --priors. */
static int load_calib(cli_ctx *ctx, const sim_args *a, relok_kb *kb, relok_arena *arena,
                      relok_sim_calib **out)
{
    *out = NULL;
    if (a->priors)
        return CLI_EXIT_OK;
    relok_sim_calib *c = relok_arena_calloc(arena, 1, sizeof *c);
    if (c == NULL)
        return sim_oom(ctx);
    relok_error err = {0};
    relok_status s = a->calibration != NULL ? relok_sim_calib_load(a->calibration, arena, c, &err)
                                            : relok_sim_calib_load_kb(kb, arena, c, &err);
    if (s == RELOK_ENOTFOUND && a->calibration == NULL)
        return CLI_EXIT_OK; /* the KB ships no calibration: priors */
    if (s != RELOK_OK)
        return cli_report(ctx, &err, s);
    *out = c;
    return CLI_EXIT_OK;
}

static int load_and_run(cli_ctx *ctx, const sim_args *a, relok_kb *kb, const char *id,
                        relok_arena *arena, relok_sim_scenario *sc, relok_sim_result **res,
                        const relok_sim_calib **cal_out, sim_job *job)
{
    char buf[4096];
    relok_error err = {0};
    relok_status s = relok_sim_scenario_load(scen_dir(ctx, a, kb, buf, sizeof buf), id, kb, arena,
                                             sc, &err);
    if (s != RELOK_OK)
        return cli_report(ctx, &err, s);
    relok_sim_opts o;
    int rc = build_opts(ctx, a, &o);
    if (rc != CLI_EXIT_OK)
        return rc;
    progress p = {ctx->err, -1};
    if (!a->json && isatty(fileno(ctx->err))) {
        o.progress_cb = progress_cb;
        o.progress_ud = &p;
    }
    relok_sim_calib *cal = NULL;
    rc = load_calib(ctx, a, kb, arena, &cal);
    if (rc != CLI_EXIT_OK)
        return rc;
    if (cal_out != NULL)
        *cal_out = cal;
    if (cal != NULL) {
        o.calib = cal;
        if (a->scale == NULL)
            o.scale = cal->pool / o.n_agents; /* the pool the fit was made for */
    }
    if (job == NULL) {
        s = relok_sim_run(kb, sc, &o, res, &err);
    } else {
        job->voted = true;
        if (!relok_sim_mpi_all(true)) {
            job->stopped = true;
            cli_errorf(ctx, "%s", cli_tr(ctx, "another MPI rank failed (its message names its rank)",
                                         "другой MPI-процесс завершился с ошибкой (его сообщение "
                                         "называет его номер)"));
            return CLI_EXIT_INTERNAL;
        }
        s = relok_sim_run_spread(kb, sc, &o, a->partition, res, &job->stats, &err);
    }
    if (s != RELOK_OK)
        return cli_report(ctx, &err, s);
    return CLI_EXIT_OK;
}

/* The median; the 5-95 % band is in --json and --out (it would not fit). */
static void fmt_q(char *buf, size_t n, const double q[3])
{
    snprintf(buf, n, "%.0f", q[1]);
}

static int print_run(cli_ctx *ctx, const relok_sim_scenario *sc, const relok_sim_result *r,
                     const relok_sim_calib *cal)
{
    char d1[RELOK_DATE_BUF], d2[RELOK_DATE_BUF];
    fprintf(ctx->out, "%s: %s (%s)\n", cli_tr(ctx, "Scenario", "Сценарий"), sc->id,
            relok_text_get(&sc->title, ctx->lang));
    fprintf(ctx->out, "%s %s — %s; %u %s × %g, %u %s\n", cli_tr(ctx, "From", "С"),
            relok_date_format(r->start, d1), relok_date_format(r->until, d2), r->n_agents,
            cli_tr(ctx, "agents", "агентов"), r->scale, r->n_runs,
            cli_tr(ctx, "run(s); medians over runs (5–95 % bands: --json, --out)",
                   "прогон(ов); медианы по прогонам (полосы 5–95 %: --json, --out)"));
    if (cal != NULL) {
        char fd[RELOK_DATE_BUF];
        fprintf(ctx->out, "%s %s (%s %g)\n",
                cli_tr(ctx, "Parameters: calibrated on", "Параметры: калибровка от"),
                relok_date_format(cal->date, fd), cli_tr(ctx, "loss", "потеря"), cal->loss);
    } else {
        fprintf(ctx->out, "%s\n",
                cli_tr(ctx, "Parameters: priors (not calibrated)",
                       "Параметры: априорные (без калибровки)"));
    }
    fputc('\n', ctx->out);
    const char *h[] = {cli_tr(ctx, "Place", "Где"),
                       cli_tr(ctx, "Stock at horizon", "Численность на горизонте"),
                       cli_tr(ctx, "Arrivals", "Прибыло"),
                       cli_tr(ctx, "Moved on", "Уехали дальше"),
                       cli_tr(ctx, "Returned", "Вернулись"),
                       cli_tr(ctx, "Border runs", "Визаран"),
                       cli_tr(ctx, "Overstays", "Нарушители срока"),
                       cli_tr(ctx, "Permits", "С ВНЖ")};
    cli_table t;
    cli_table_init(&t, 8, h);
    uint32_t last = r->n_days - 1;
    for (size_t p = 0; p < r->n_places; p++) {
        double s[3], ar[3], on[3], re[3], br[3], ov[3], pe[3];
        relok_sim_quantiles(r, last, p, RELOK_SIM_M_STOCK, RELOK_SIM_DAILY, s);
        relok_sim_total_quantiles(r, p, RELOK_SIM_M_ARRIVALS, ar);
        relok_sim_total_quantiles(r, p, RELOK_SIM_M_ONWARD, on);
        relok_sim_total_quantiles(r, p, RELOK_SIM_M_RETURN, re);
        relok_sim_total_quantiles(r, p, RELOK_SIM_M_BORDER_RUN, br);
        relok_sim_quantiles(r, last, p, RELOK_SIM_M_OVERSTAY, RELOK_SIM_DAILY, ov);
        relok_sim_quantiles(r, last, p, RELOK_SIM_M_PERMIT, RELOK_SIM_DAILY, pe);
        if (p != 0 && s[2] == 0 && ar[2] == 0)
            continue;
        char c[8][64];
        snprintf(c[0], sizeof c[0], "%s", p == 0                  ? cli_tr(ctx, "RU (home)", "RU (дома)")
                                          : p + 1 == r->n_places ? cli_tr(ctx, "in transit", "в пути")
                                                                 : r->codes[p]);
        fmt_q(c[1], sizeof c[1], s);
        fmt_q(c[2], sizeof c[2], ar);
        fmt_q(c[3], sizeof c[3], on);
        fmt_q(c[4], sizeof c[4], re);
        fmt_q(c[5], sizeof c[5], br);
        fmt_q(c[6], sizeof c[6], ov);
        fmt_q(c[7], sizeof c[7], pe);
        const char *cells[8] = {c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]};
        if (cli_table_add(&t, cells) != 0) {
            cli_table_free(&t);
            return sim_oom(ctx);
        }
    }
    cli_table_print(&t, ctx->out);
    cli_table_free(&t);
    fprintf(ctx->out, "\n%s (%s %s):\n",
            cli_tr(ctx, "Where those who left went first", "Куда уехавшие отправились сначала"),
            cli_tr(ctx, "left by", "выехали к"), d2);
    double tot = 0;
    double firsts[64] = {0};
    for (size_t p = 1; p + 1 < r->n_places && p < 64; p++) {
        for (uint32_t k = 0; k < r->n_runs; k++)
            for (uint32_t d = 0; d < r->n_days; d++)
                firsts[p] += r->first[((size_t)k * r->n_days + d) * r->n_places + p];
        tot += firsts[p];
    }
    for (size_t p = 1; p + 1 < r->n_places && p < 64; p++)
        if (firsts[p] > 0)
            fprintf(ctx->out, "  %s %5.1f %%  (%.0f %s)\n", r->codes[p], 100.0 * firsts[p] / tot,
                    firsts[p] * r->scale / r->n_runs, cli_tr(ctx, "persons, mean over runs",
                                                             "чел., среднее по прогонам"));
    char c1[RELOK_DATE_BUF], c2[RELOK_DATE_BUF], c3[RELOK_DATE_BUF];
    fprintf(ctx->out, "\n%s %s — %s, %s %s:\n",
            cli_tr(ctx, "Arrived", "Прибывшие"), relok_date_format(r->cohort_from, c1),
            relok_date_format(r->cohort_to, c2),
            cli_tr(ctx, "share who moved on by", "доля уехавших дальше к"),
            relok_date_format(r->cohort_by, c3));
    for (size_t host = 1; host + 1 < r->n_places; host++) {
        double n = 0, moved[64] = {0}, all = 0;
        for (uint32_t k = 0; k < r->n_runs; k++) {
            n += r->cohort_n[(size_t)k * r->n_places + host];
            for (size_t d = 0; d + 1 < r->n_places && d < 64; d++)
                moved[d] += r->cohort[((size_t)k * r->n_places + host) * r->n_places + d];
        }
        if (n <= 0)
            continue;
        for (size_t d = 0; d < 64; d++)
            all += moved[d];
        fprintf(ctx->out, "  %s: %.0f %s, %.1f %% %s", r->codes[host], n * r->scale / r->n_runs,
                cli_tr(ctx, "arrived", "прибыло"), 100.0 * all / n,
                cli_tr(ctx, "moved on:", "уехали:"));
        for (size_t d = 0; d + 1 < r->n_places && d < 64; d++)
            if (moved[d] > 0)
                fprintf(ctx->out, " %s %.1f %%", r->codes[d], 100.0 * moved[d] / n);
        fputc('\n', ctx->out);
    }
    fprintf(ctx->out, "\n%s: %llu\n",
            cli_tr(ctx, "Unknown KB facts entered as cautious values",
                   "Неизвестные факты базы, взятые осторожно"),
            (unsigned long long)r->unknown_facts);
    return CLI_EXIT_OK;
}

static int sim_run_job(cli_ctx *ctx, const sim_args *a, sim_job *job)
{
    int rc;
    relok_kb *kb = cli_kb(ctx, &rc);
    if (kb == NULL)
        return rc;
    relok_arena *arena = relok_arena_new(0);
    if (arena == NULL)
        return sim_oom(ctx);
    relok_sim_scenario sc;
    relok_sim_result *r = NULL;
    const relok_sim_calib *cal = NULL;
    bool flee = a->format != NULL && strcmp(a->format, "flee") == 0;
    if (a->format != NULL && !flee && strcmp(a->format, "relok") != 0) {
        relok_arena_free(arena);
        return cli_usage(ctx, "sim", "--format %s: %s", a->format,
                         cli_tr(ctx, "expected relok or flee", "ожидается relok или flee"));
    }
    if (flee && a->out == NULL) {
        relok_arena_free(arena);
        return cli_usage(ctx, "sim", "--format flee: %s",
                         cli_tr(ctx, "needs --out DIR", "нужен --out DIR"));
    }
    rc = load_and_run(ctx, a, kb, a->scenario, arena, &sc, &r, &cal, job);
    if (rc == CLI_EXIT_OK && r == NULL) {
        relok_arena_free(arena); /* not rank 0: only rank 0 holds the result and writes it */
        return rc;
    }
    if (rc == CLI_EXIT_OK && a->out != NULL) {
        relok_error err = {0};
        if (mkdir(a->out, 0777) != 0 && errno != EEXIST) {
            cli_errorf(ctx, "%s: %s", a->out, strerror(errno));
            rc = CLI_EXIT_IO;
        } else {
            relok_status s = relok_sim_write(r, &sc, a->weekly ? RELOK_SIM_WEEKLY : RELOK_SIM_DAILY,
                                             a->out, &err);
            if (s == RELOK_OK && flee)
                s = relok_sim_write_flee(r, kb, a->out, &err);
            if (s != RELOK_OK)
                rc = cli_report(ctx, &err, s);
        }
    }
    if (rc == CLI_EXIT_OK && a->json) {
        char *text = NULL;
        relok_error err = {0};
        relok_status s = relok_sim_summary_json(r, &sc, RELOK_JSON_PRETTY, &text, &err);
        if (s != RELOK_OK)
            rc = cli_report(ctx, &err, s);
        else
            cli_print_json(ctx, text);
    } else if (rc == CLI_EXIT_OK) {
        rc = print_run(ctx, &sc, r, cal);
    }
    relok_sim_result_free(r);
    relok_arena_free(arena);
    return rc;
}

/* `relok sim run`, alone or as one rank of `mpirun -np K relok sim run`:
 * ranks other than 0 print nothing unless they alone failed. */
static int sim_run(cli_ctx *ctx, const sim_args *a)
{
    if (a->scenario == NULL)
        return cli_usage(ctx, "sim", "%s", cli_tr(ctx, "run needs --scenario NAME",
                                                  "для run нужен --scenario NAME"));
    sim_job job = {0, 1, false, false, {0}};
    relok_error err = {0};
    relok_status s = relok_sim_mpi_init(&job.rank, &job.size, &err);
    if (s != RELOK_OK)
        return cli_report(ctx, &err, s);
    FILE *out = ctx->out, *errf = ctx->err, *sink = NULL, *msgs = NULL;
    char *msg = NULL;
    size_t msg_len = 0;
    if (job.rank != 0) {
        sink = fopen("/dev/null", "w");
        msgs = open_memstream(&msg, &msg_len);
        if (sink == NULL || msgs == NULL) {
            if (sink != NULL)
                fclose(sink);
            if (msgs != NULL)
                fclose(msgs);
            free(msg);
            relok_sim_mpi_all(false); /* both votes the others take part in */
            relok_sim_mpi_all(true);
            relok_sim_mpi_finalize();
            cli_errorf(ctx, "MPI %u: %s", job.rank, strerror(errno));
            return CLI_EXIT_INTERNAL;
        }
        ctx->out = sink;
        ctx->err = msgs;
    }
    int rc = sim_run_job(ctx, a, &job);
    if (!job.voted)
        relok_sim_mpi_all(false);
    /* Did rank 0 fail by itself? Then its message covers the usual case
     * (every rank failing alike, as for a bad option); otherwise a rank that
     * failed says why, with its number. */
    bool root_fine = relok_sim_mpi_all(job.rank != 0 || rc == CLI_EXIT_OK || job.stopped);
    if (job.rank == 0 && job.size > 1 && rc == CLI_EXIT_OK && !a->partition)
        fprintf(ctx->err, "MPI: %u %s\n", job.size,
                cli_tr(ctx, "ranks, the runs shared out among them",
                       "процесса(ов), прогоны поделены между ними"));
    else if (job.rank == 0 && job.size > 1 && rc == CLI_EXIT_OK)
        fprintf(ctx->err, "MPI: %u %s %llu %s\n", job.size,
                cli_tr(ctx, "ranks, the agents split among them; each rank sends",
                       "процесса(ов), агенты поделены между ними; каждый отправляет"),
                (unsigned long long)job.stats.part_day_bytes,
                cli_tr(ctx, "bytes a day", "байт в день"));
    relok_sim_mpi_finalize();
    if (job.rank != 0) {
        fclose(sink);
        fclose(msgs);
        ctx->out = out;
        ctx->err = errf;
        if (rc != CLI_EXIT_OK && !job.stopped && root_fine && msg != NULL)
            fprintf(ctx->err, "%s %u: %s", cli_tr(ctx, "MPI rank", "MPI-процесс"), job.rank, msg);
        free(msg);
    }
    return rc;
}

static int sim_scenarios(cli_ctx *ctx, const sim_args *a)
{
    int rc;
    relok_kb *kb = cli_kb(ctx, &rc);
    if (kb == NULL)
        return rc;
    relok_arena *arena = relok_arena_new(0);
    if (arena == NULL)
        return sim_oom(ctx);
    char buf[4096];
    const char *dir = scen_dir(ctx, a, kb, buf, sizeof buf);
    const char **ids = NULL;
    size_t n = 0;
    relok_error err = {0};
    relok_status s = relok_sim_scenario_list(dir, arena, &ids, &n, &err);
    if (s != RELOK_OK) {
        relok_arena_free(arena);
        return cli_report(ctx, &err, s);
    }
    const char *h[] = {cli_tr(ctx, "Scenario", "Сценарий"), cli_tr(ctx, "Title", "Название"),
                       cli_tr(ctx, "Base", "Основа")};
    cli_table t;
    cli_table_init(&t, 3, h);
    rc = CLI_EXIT_OK;
    for (size_t i = 0; i < n; i++) {
        relok_sim_scenario sc;
        relok_error e = {0};
        s = relok_sim_scenario_load(dir, ids[i], kb, arena, &sc, &e);
        if (s != RELOK_OK) {
            rc = cli_report(ctx, &e, s);
            continue;
        }
        const char *cells[] = {sc.id, relok_text_get(&sc.title, ctx->lang),
                               sc.base != NULL ? sc.base : "—"};
        if (cli_table_add(&t, cells) != 0)
            rc = sim_oom(ctx);
    }
    cli_table_print(&t, ctx->out);
    cli_table_free(&t);
    relok_arena_free(arena);
    return rc;
}

static void print_event(cli_ctx *ctx, const relok_sim_event *e)
{
    char f[RELOK_DATE_BUF], to[RELOK_DATE_BUF];
    relok_date_format(e->from, f);
    if (e->to == RELOK_DAY_MAX)
        snprintf(to, sizeof to, "…");
    else
        relok_date_format(e->to, to);
    fprintf(ctx->out, "  %s — %s  %s", f, to,
            relok_label_or_name("sim_event", relok_sim_event_kind_name(e->kind), ctx->lang));
    if (e->country[0] != '\0')
        fprintf(ctx->out, " %s", e->country);
    switch (e->kind) {
    case RELOK_SIM_EV_PUSH:
    case RELOK_SIM_EV_RETURN_PULL: fprintf(ctx->out, " ×%g", e->factor); break;
    case RELOK_SIM_EV_EXIT_BAN: fprintf(ctx->out, " %s %g", cli_tr(ctx, "share", "доля"), e->share); break;
    case RELOK_SIM_EV_HOST_SHOCK:
        fprintf(ctx->out, " %s %+g",
                relok_label_or_name("sim_shock", relok_sim_shock_name(e->shock), ctx->lang),
                e->delta);
        break;
    case RELOK_SIM_EV_RULE_CHANGE:
        if (e->has_access)
            fprintf(ctx->out, " %s", cli_access_words(ctx, e->access));
        if (e->stay != NULL) {
            char rb[256];
            fprintf(ctx->out, " %s", relok_rule_format(e->stay, rb, sizeof rb));
        }
        break;
    default: break;
    }
    if (e->groups != (1u << RELOK_SIM_GROUP_COUNT_) - 1u) {
        fprintf(ctx->out, " [");
        bool first = true;
        for (unsigned g = 0; g < RELOK_SIM_GROUP_COUNT_; g++)
            if (e->groups & (1u << g)) {
                fprintf(ctx->out, "%s%s", first ? "" : ", ",
                        relok_label_or_name("sim_group", relok_sim_group_name((relok_sim_group)g),
                                            ctx->lang));
                first = false;
            }
        fprintf(ctx->out, "]");
    }
    fprintf(ctx->out, "  (");
    for (size_t i = 0; i < e->n_sources; i++)
        fprintf(ctx->out, "%s%s", i ? ", " : "", e->sources[i]);
    fprintf(ctx->out, ")\n");
    if (!relok_text_is_empty(&e->note))
        cli_wrap(ctx->out, relok_text_get(&e->note, ctx->lang), 6, CLI_TABLE_WIDTH);
}

static int sim_show(cli_ctx *ctx, const sim_args *a, const char *id)
{
    int rc;
    relok_kb *kb = cli_kb(ctx, &rc);
    if (kb == NULL)
        return rc;
    relok_arena *arena = relok_arena_new(0);
    if (arena == NULL)
        return sim_oom(ctx);
    char buf[4096];
    relok_sim_scenario sc;
    relok_error err = {0};
    relok_status s = relok_sim_scenario_load(scen_dir(ctx, a, kb, buf, sizeof buf), id, kb,
                                             arena, &sc, &err);
    if (s != RELOK_OK) {
        relok_arena_free(arena);
        return cli_report(ctx, &err, s);
    }
    fprintf(ctx->out, "%s — %s\n\n", sc.id, relok_text_get(&sc.title, ctx->lang));
    cli_wrap(ctx->out, relok_text_get(&sc.description, ctx->lang), 0, CLI_TABLE_WIDTH);
    if (!relok_text_is_empty(&sc.assumptions)) {
        fprintf(ctx->out, "\n%s: ", cli_tr(ctx, "Assumptions", "Допущения"));
        cli_wrap(ctx->out, relok_text_get(&sc.assumptions, ctx->lang), 0, CLI_TABLE_WIDTH);
    }
    fprintf(ctx->out, "\n%s:", cli_tr(ctx, "Sources", "Источники"));
    for (size_t i = 0; i < sc.n_sources; i++)
        fprintf(ctx->out, " %s", sc.sources[i]);
    fprintf(ctx->out, "\n");
    if (sc.base != NULL)
        fprintf(ctx->out, "%s: %s\n", cli_tr(ctx, "Extends", "Расширяет"), sc.base);
    fprintf(ctx->out, "\n%s:\n", cli_tr(ctx, "Events", "События"));
    for (size_t i = 0; i < sc.n_events; i++) {
        if (i == sc.n_events - sc.n_own_events && sc.base != NULL)
            fprintf(ctx->out, "  -- %s --\n", cli_tr(ctx, "own events", "собственные события"));
        print_event(ctx, &sc.events[i]);
    }
    relok_arena_free(arena);
    return CLI_EXIT_OK;
}

static int sim_compare(cli_ctx *ctx, const sim_args *a, const char *ida, const char *idb)
{
    int rc;
    relok_kb *kb = cli_kb(ctx, &rc);
    if (kb == NULL)
        return rc;
    relok_arena *arena = relok_arena_new(0);
    if (arena == NULL)
        return sim_oom(ctx);
    relok_sim_scenario sa, sb;
    relok_sim_result *ra = NULL, *rb = NULL;
    rc = load_and_run(ctx, a, kb, ida, arena, &sa, &ra, NULL, NULL);
    if (rc == CLI_EXIT_OK)
        rc = load_and_run(ctx, a, kb, idb, arena, &sb, &rb, NULL, NULL);
    if (rc == CLI_EXIT_OK) {
        char d[RELOK_DATE_BUF];
        fprintf(ctx->out, "%s %s: %s / %s (%s)\n\n",
                cli_tr(ctx, "Stock at", "Численность на"), relok_date_format(ra->until, d), ida,
                idb, cli_tr(ctx, "medians over runs", "медианы по прогонам"));
        const char *h[] = {cli_tr(ctx, "Place", "Где"), ida, idb,
                           cli_tr(ctx, "Difference (medians)", "Разница (медианы)")};
        cli_table t;
        cli_table_init(&t, 4, h);
        for (size_t p = 0; p < ra->n_places && p < rb->n_places; p++) {
            double qa[3], qb[3];
            relok_sim_quantiles(ra, ra->n_days - 1, p, RELOK_SIM_M_STOCK, RELOK_SIM_DAILY, qa);
            relok_sim_quantiles(rb, rb->n_days - 1, p, RELOK_SIM_M_STOCK, RELOK_SIM_DAILY, qb);
            if (qa[2] == 0 && qb[2] == 0)
                continue;
            char c[4][64];
            snprintf(c[0], sizeof c[0], "%s", ra->codes[p]);
            fmt_q(c[1], sizeof c[1], qa);
            fmt_q(c[2], sizeof c[2], qb);
            snprintf(c[3], sizeof c[3], "%+.0f", qb[1] - qa[1]);
            const char *cells[] = {c[0], c[1], c[2], c[3]};
            if (cli_table_add(&t, cells) != 0)
                rc = sim_oom(ctx);
        }
        cli_table_print(&t, ctx->out);
        cli_table_free(&t);
    }
    relok_sim_result_free(ra);
    relok_sim_result_free(rb);
    relok_arena_free(arena);
    return rc;
}

/* Copy the fitted values of `from` into c, by name. */
static void copy_values(relok_sim_calib *c, const relok_sim_calib *from)
{
    for (size_t i = 0; i < c->n_params; i++)
        for (size_t k = 0; k < from->n_params; k++)
            if (strcmp(c->params[i].name, from->params[k].name) == 0)
                c->params[i].value = from->params[k].value;
    c->n_evals = from->n_evals;
}

/* --scenario, --seed, --runs, --agents into c (fit and report). */
static int ensemble_settings(cli_ctx *ctx, const sim_args *a, relok_sim_calib *c)
{
    if (a->scenario != NULL)
        c->scenario = a->scenario;
    unsigned long long x = 0;
    int rc = CLI_EXIT_OK;
    if (a->seed != NULL && (rc = parse_uint(ctx, "--seed", a->seed, 2147483647ull, &x)) == CLI_EXIT_OK)
        c->seed = x;
    if (rc == CLI_EXIT_OK && a->runs != NULL &&
        (rc = parse_uint(ctx, "--runs", a->runs, RELOK_MAX_ENSEMBLE_RUNS, &x)) == CLI_EXIT_OK)
        c->n_runs = (uint32_t)x;
    if (rc == CLI_EXIT_OK && a->agents != NULL &&
        (rc = parse_uint(ctx, "--agents", a->agents, RELOK_MAX_ENSEMBLE_AGENTS, &x)) == CLI_EXIT_OK)
        c->n_agents = (uint32_t)x;
    return rc;
}

/* Settings of the fit from the options (or from the record checked). */
static int fit_settings(cli_ctx *ctx, const sim_args *a, relok_sim_calib *c,
                        const relok_sim_calib *want)
{
    if (want != NULL) {
        c->seed = want->seed;
        c->n_runs = want->n_runs;
        c->n_agents = want->n_agents;
        c->pool = want->pool;
        c->max_evals = want->max_evals;
        c->scenario = want->scenario;
        c->date = want->date;
        return CLI_EXIT_OK;
    }
    c->date = ctx->today;
    int rc = ensemble_settings(ctx, a, c);
    unsigned long long x = 0;
    if (rc != CLI_EXIT_OK)
        return rc;
    if (a->max_evals != NULL) {
        if ((rc = parse_uint(ctx, "--max-evals", a->max_evals, 100000ull, &x)) != CLI_EXIT_OK)
            return rc;
        c->max_evals = (uint32_t)x;
    }
    if (a->pool != NULL) {
        if ((rc = parse_uint(ctx, "--pool", a->pool, 10000000000ull, &x)) != CLI_EXIT_OK)
            return rc;
        c->pool = (double)x;
    }
    return CLI_EXIT_OK;
}

/* The first line where two texts differ, for the --check message. */
static void first_diff(cli_ctx *ctx, const char *want, const char *got)
{
    unsigned line = 1;
    const char *w = want, *g = got;
    while (*w != '\0' && *w == *g) {
        if (*w == '\n') {
            line++;
            want = w + 1;
            got = g + 1;
        }
        w++;
        g++;
    }
    int wl = (int)strcspn(want, "\n"), gl = (int)strcspn(got, "\n");
    cli_errorf(ctx, "%s %u:\n  %s: %.*s\n  %s: %.*s",
               cli_tr(ctx, "the fit differs from the record at line", "подгонка расходится с записью в строке"),
               line, cli_tr(ctx, "recorded", "записано"), wl, want,
               cli_tr(ctx, "reproduced", "получено"), gl, got);
}

static int sim_fit(cli_ctx *ctx, const sim_args *a)
{
    int rc;
    relok_kb *kb = cli_kb(ctx, &rc);
    if (kb == NULL)
        return rc;
    relok_arena *arena = relok_arena_new(0);
    relok_sim_calib *c = arena ? relok_arena_calloc(arena, 2, sizeof *c) : NULL;
    if (c == NULL) {
        relok_arena_free(arena);
        return sim_oom(ctx);
    }
    relok_sim_calib *want = NULL;
    relok_error err = {0};
    relok_status s = RELOK_OK;
    relok_sim_calib_init(c);
    if (a->check != NULL) {
        want = c + 1;
        s = relok_sim_calib_load(a->check, arena, want, &err);
        if (s != RELOK_OK) {
            relok_arena_free(arena);
            return cli_report(ctx, &err, s);
        }
    }
    rc = fit_settings(ctx, a, c, want);
    char buf[4096];
    relok_sim_scenario sc;
    if (rc == CLI_EXIT_OK) {
        s = relok_sim_scenario_load(scen_dir(ctx, a, kb, buf, sizeof buf), c->scenario, kb, arena,
                                    &sc, &err);
        if (s == RELOK_OK)
            s = relok_sim_targets(kb, c, &err);
        unsigned long long th = 1;
        if (s == RELOK_OK && a->threads != NULL)
            rc = parse_uint(ctx, "--threads", a->threads, RELOK_MAX_SIM_THREADS, &th);
        progress p = {ctx->err, -1};
        bool bar = isatty(fileno(ctx->err));
        if (s == RELOK_OK && rc == CLI_EXIT_OK) {
            if (want != NULL && a->quick) {
                copy_values(c, want);
                s = relok_sim_calib_eval(kb, &sc, c, (unsigned)th, &err);
            } else {
                s = relok_sim_fit(kb, &sc, c, (unsigned)th, bar ? progress_cb : NULL, &p, &err);
            }
        }
        if (s != RELOK_OK && rc == CLI_EXIT_OK)
            rc = cli_report(ctx, &err, s);
    }
    char *got = NULL, *wtext = NULL;
    if (rc == CLI_EXIT_OK && (s = relok_sim_calib_format(c, &got, &err)) != RELOK_OK)
        rc = cli_report(ctx, &err, s);
    if (rc == CLI_EXIT_OK && want != NULL) {
        if ((s = relok_sim_calib_format(want, &wtext, &err)) != RELOK_OK) {
            rc = cli_report(ctx, &err, s);
        } else if (strcmp(wtext, got) != 0) {
            first_diff(ctx, wtext, got);
            cli_errorf(ctx, "%s: relok sim fit --threads 2 --out %s",
                       cli_tr(ctx, "the KB or the model changed since the fit; if on purpose, "
                                   "review the new fit and refresh the record",
                              "база знаний или модель изменились после подгонки; если это "
                              "намеренно, проверьте новую подгонку и обновите запись"),
                       a->check);
            rc = CLI_EXIT_NO;
        } else {
            fprintf(ctx->out, "%s: %s (%s %g, %u %s)\n",
                    cli_tr(ctx, "reproduced", "воспроизведено"), a->check,
                    cli_tr(ctx, "loss", "потеря"), c->loss, c->n_evals,
                    cli_tr(ctx, "evaluations", "вычислений"));
        }
    } else if (rc == CLI_EXIT_OK && a->out != NULL) {
        FILE *f = fopen(a->out, "w");
        if (f == NULL || fputs(got, f) < 0 || fclose(f) != 0) {
            cli_errorf(ctx, "%s: %s", a->out, strerror(errno));
            rc = CLI_EXIT_IO;
        } else {
            fprintf(ctx->out, "%s: %s (%s %g, %u %s)\n", cli_tr(ctx, "written", "записано"),
                    a->out, cli_tr(ctx, "loss", "потеря"), c->loss, c->n_evals,
                    cli_tr(ctx, "evaluations", "вычислений"));
        }
    } else if (rc == CLI_EXIT_OK) {
        fputs(got, ctx->out);
    }
    relok_json_free(got);
    relok_json_free(wtext);
    relok_arena_free(arena);
    return rc;
}

/* A figure or model value: persons whole, shares in per cent. */
static void fmt_val(char *buf, size_t n, double v, bool share)
{
    if (share)
        snprintf(buf, n, "%.1f %%", v * 100);
    else
        snprintf(buf, n, "%.0f", v);
}

static void fmt_range(char *buf, size_t n, double lo, double hi, bool share)
{
    char a[32], b[32];
    fmt_val(a, sizeof a, lo, share);
    if (lo == hi) {
        snprintf(buf, n, "%s", a);
        return;
    }
    fmt_val(b, sizeof b, hi, share);
    snprintf(buf, n, "%s – %s", a, b);
}

static int print_report(cli_ctx *ctx, const relok_sim_report *r)
{
    const relok_sim_calib *c = &r->calib;
    char d[RELOK_DATE_BUF];
    fprintf(ctx->out, "%s: %s; ", cli_tr(ctx, "Scenario", "Сценарий"), c->scenario);
    if (r->calibrated)
        fprintf(ctx->out, "%s %s\n", cli_tr(ctx, "calibrated on", "калибровка от"),
                relok_date_format(c->date, d));
    else
        fprintf(ctx->out, "%s\n", cli_tr(ctx, "parameters at their priors (not calibrated)",
                                         "параметры априорные (без калибровки)"));
    fprintf(ctx->out, "%u %s × %u %s (%s %.0f %s), %s %llu; %s\n\n", c->n_runs,
            cli_tr(ctx, "runs", "прогонов"), c->n_agents, cli_tr(ctx, "agents", "агентов"),
            cli_tr(ctx, "pool", "на"), c->pool, cli_tr(ctx, "persons", "чел."),
            cli_tr(ctx, "seed", "зерно"),
            (unsigned long long)c->seed,
            cli_tr(ctx, "band = 5–95 % over runs", "полоса = 5–95 % по прогонам"));
    fprintf(ctx->out, "%s:\n", cli_tr(ctx, "Calibration targets (fitted)", "Цели калибровки (подогнаны)"));
    const char *h1[] = {cli_tr(ctx, "Target", "Цель"), cli_tr(ctx, "Date", "Дата"),
                        cli_tr(ctx, "Brief", "Доклад"), cli_tr(ctx, "Median", "Медиана"),
                        cli_tr(ctx, "90 % band", "Полоса 90 %"), cli_tr(ctx, "Inside", "Внутри"),
                        cli_tr(ctx, "Source", "Источник")};
    cli_table t;
    cli_table_init(&t, 7, h1);
    int rc = CLI_EXIT_OK;
    for (size_t i = 0; i < c->n_targets; i++) {
        const relok_sim_target *x = &c->targets[i];
        char cells[7][96];
        snprintf(cells[0], sizeof cells[0], "%s %s", x->country,
                 strcmp(x->country, "RU") == 0 ? cli_tr(ctx, "abroad", "за рубежом")
                                               : cli_tr(ctx, "stock", "численность"));
        if (x->missing) {
            snprintf(cells[1], sizeof cells[1], "—");
            snprintf(cells[2], sizeof cells[2], "%s", cli_tr(ctx, "not in the KB", "нет в базе"));
            for (int k = 3; k < 7; k++)
                snprintf(cells[k], sizeof cells[k], "—");
        } else {
            relok_pdate_format(x->date, cells[1]);
            fmt_range(cells[2], sizeof cells[2], x->low, x->high, false);
            fmt_val(cells[3], sizeof cells[3], x->q[1], false);
            fmt_range(cells[4], sizeof cells[4], x->q[0], x->q[2], false);
            snprintf(cells[5], sizeof cells[5], "%s",
                     x->loss == 0 ? cli_tr(ctx, "yes", "да") : cli_tr(ctx, "NO", "НЕТ"));
            snprintf(cells[6], sizeof cells[6], "%s", x->n_sources > 0 ? x->sources[0] : "—");
        }
        const char *row[7] = {cells[0], cells[1], cells[2], cells[3], cells[4], cells[5], cells[6]};
        if (cli_table_add(&t, row) != 0)
            rc = sim_oom(ctx);
    }
    cli_table_print(&t, ctx->out);
    cli_table_free(&t);
    fprintf(ctx->out, "%s: %g\n\n", cli_tr(ctx, "Loss (sum of log-ratio distances outside the ranges)",
                                          "Потеря (сумма логарифмических отклонений за пределы диапазонов)"),
            c->loss);
    fprintf(ctx->out, "%s:\n", cli_tr(ctx, "Out of sample (not fitted)", "Вне выборки (не подгонялись)"));
    const char *h2[] = {"#", cli_tr(ctx, "Source", "Источник"), cli_tr(ctx, "Brief", "Доклад"),
                        cli_tr(ctx, "Median", "Медиана"), cli_tr(ctx, "90 % band", "Полоса 90 %"),
                        cli_tr(ctx, "Verdict", "Итог")};
    cli_table_init(&t, 6, h2);
    for (size_t i = 0; i < r->n_figures; i++) {
        const relok_sim_figure *f = &r->figures[i];
        char cells[6][96];
        snprintf(cells[0], sizeof cells[0], "%zu", i + 1);
        snprintf(cells[1], sizeof cells[1], "%s", f->source);
        fmt_range(cells[2], sizeof cells[2], f->low, f->high, f->is_share);
        if (!f->expressible) {
            snprintf(cells[3], sizeof cells[3], "—");
            snprintf(cells[4], sizeof cells[4], "—");
            snprintf(cells[5], sizeof cells[5], "%s",
                     cli_tr(ctx, "cannot express", "не выражается"));
        } else {
            fmt_val(cells[3], sizeof cells[3], f->q[1], f->is_share);
            fmt_range(cells[4], sizeof cells[4], f->q[0], f->q[2], f->is_share);
            if (f->hit)
                snprintf(cells[5], sizeof cells[5], "%s", cli_tr(ctx, "in band", "в полосе"));
            else
                snprintf(cells[5], sizeof cells[5], "%s (%s ×%.2f)", cli_tr(ctx, "MISS", "ПРОМАХ"),
                         cli_tr(ctx, "median", "медиана"), f->miss_ratio);
        }
        const char *row[6] = {cells[0], cells[1], cells[2], cells[3], cells[4], cells[5]};
        if (cli_table_add(&t, row) != 0)
            rc = sim_oom(ctx);
    }
    cli_table_print(&t, ctx->out);
    cli_table_free(&t);
    fputc('\n', ctx->out);
    for (size_t i = 0; i < r->n_figures; i++) {
        const relok_sim_figure *f = &r->figures[i];
        char line[512];
        snprintf(line, sizeof line, "%zu. %s [%s]. %s: %s", i + 1,
                 relok_text_get(&f->figure, ctx->lang), f->source,
                 cli_tr(ctx, "Model", "Модель"), relok_text_get(&f->measure, ctx->lang));
        cli_wrap(ctx->out, line, 2, CLI_TABLE_WIDTH);
    }
    return rc;
}

static int sim_report(cli_ctx *ctx, const sim_args *a)
{
    int rc;
    relok_kb *kb = cli_kb(ctx, &rc);
    if (kb == NULL)
        return rc;
    relok_arena *arena = relok_arena_new(0);
    relok_sim_report *rep = arena ? relok_arena_calloc(arena, 1, sizeof *rep) : NULL;
    relok_sim_calib *c = arena ? relok_arena_calloc(arena, 1, sizeof *c) : NULL;
    if (rep == NULL || c == NULL) {
        relok_arena_free(arena);
        return sim_oom(ctx);
    }
    relok_sim_calib *loaded = NULL;
    rc = load_calib(ctx, a, kb, arena, &loaded);
    if (loaded != NULL)
        *c = *loaded;
    else
        relok_sim_calib_init(c);
    unsigned long long th = 1;
    if (rc == CLI_EXIT_OK)
        rc = ensemble_settings(ctx, a, c);
    if (rc == CLI_EXIT_OK && a->threads != NULL)
        rc = parse_uint(ctx, "--threads", a->threads, RELOK_MAX_SIM_THREADS, &th);
    char buf[4096];
    relok_sim_scenario sc;
    relok_error err = {0};
    relok_status s = RELOK_OK;
    if (rc == CLI_EXIT_OK) {
        s = relok_sim_scenario_load(scen_dir(ctx, a, kb, buf, sizeof buf), c->scenario, kb, arena,
                                    &sc, &err);
        if (s == RELOK_OK)
            s = relok_sim_report_run(kb, &sc, c, loaded != NULL, (unsigned)th, NULL, NULL, rep,
                                     &err);
        if (s != RELOK_OK)
            rc = cli_report(ctx, &err, s);
    }
    if (rc == CLI_EXIT_OK && a->json) {
        char *text = NULL;
        s = relok_sim_report_json(rep, RELOK_JSON_PRETTY, &text, &err);
        if (s != RELOK_OK)
            rc = cli_report(ctx, &err, s);
        else
            cli_print_json(ctx, text);
    } else if (rc == CLI_EXIT_OK) {
        rc = print_report(ctx, rep);
    }
    relok_arena_free(arena);
    return rc;
}

int cmd_sim(cli_ctx *ctx, int argc, char **argv)
{
    sim_args a;
    memset(&a, 0, sizeof a);
    const cli_opt opts[] = {{"scenario", CLI_OPT_STRING, &a.scenario, NULL},
                            {"agents", CLI_OPT_STRING, &a.agents, NULL},
                            {"scale", CLI_OPT_STRING, &a.scale, NULL},
                            {"runs", CLI_OPT_STRING, &a.runs, NULL},
                            {"seed", CLI_OPT_STRING, &a.seed, NULL},
                            {"until", CLI_OPT_STRING, &a.until, NULL},
                            {"threads", CLI_OPT_STRING, &a.threads, NULL},
                            {"out", CLI_OPT_STRING, &a.out, NULL},
                            {"scenarios", CLI_OPT_STRING, &a.dir, NULL},
                            {"cohort-from", CLI_OPT_STRING, &a.cohort_from, NULL},
                            {"cohort-to", CLI_OPT_STRING, &a.cohort_to, NULL},
                            {"cohort-by", CLI_OPT_STRING, &a.cohort_by, NULL},
                            {"calibration", CLI_OPT_STRING, &a.calibration, NULL},
                            {"format", CLI_OPT_STRING, &a.format, NULL},
                            {"check", CLI_OPT_STRING, &a.check, NULL},
                            {"max-evals", CLI_OPT_STRING, &a.max_evals, NULL},
                            {"pool", CLI_OPT_STRING, &a.pool, NULL},
                            {"priors", CLI_OPT_FLAG, NULL, &a.priors},
                            {"quick", CLI_OPT_FLAG, NULL, &a.quick},
                            {"weekly", CLI_OPT_FLAG, NULL, &a.weekly},
                            {"json", CLI_OPT_FLAG, NULL, &a.json},
                            {"partition", CLI_OPT_FLAG, NULL, &a.partition},
                            {NULL, CLI_OPT_FLAG, NULL, NULL}};
    const char *pos[3];
    size_t n_pos = 0;
    int rc = cli_parse(ctx, "sim", argc, argv, opts, pos, 3, &n_pos, &a.help);
    if (rc != CLI_EXIT_OK)
        return rc;
    if (a.help) {
        sim_help(ctx);
        return CLI_EXIT_OK;
    }
    if (n_pos == 0)
        return cli_usage(ctx, "sim", "%s",
                         cli_tr(ctx, "expected run, scenarios, show, compare, fit or report",
                                "ожидается run, scenarios, show, compare, fit или report"));
    if (strcmp(pos[0], "run") == 0 && n_pos == 1)
        return sim_run(ctx, &a);
    if (strcmp(pos[0], "scenarios") == 0 && n_pos == 1)
        return sim_scenarios(ctx, &a);
    if (strcmp(pos[0], "show") == 0 && n_pos == 2)
        return sim_show(ctx, &a, pos[1]);
    if (strcmp(pos[0], "compare") == 0 && n_pos == 3)
        return sim_compare(ctx, &a, pos[1], pos[2]);
    if (strcmp(pos[0], "fit") == 0 && n_pos == 1)
        return sim_fit(ctx, &a);
    if (strcmp(pos[0], "report") == 0 && n_pos == 1)
        return sim_report(ctx, &a);
    return cli_usage(ctx, "sim", "%s",
                     cli_tr(ctx, "expected: run | scenarios | show NAME | compare A B | fit | report",
                            "ожидается: run | scenarios | show NAME | compare A B | fit | report"));
}
