/* SPDX-License-Identifier: MIT */
/* relok kb check | stats | cities | stale: validate a knowledge base with
 * every problem listed, count facts (cited, verified, unverified) per
 * country, show costs by city, list rule facts to re-check.
 * Faces layer. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void kb_help(cli_ctx *ctx)
{
    fprintf(ctx->out,
            "%s: relok kb check [DIR] [--json]\n       relok kb stats [--json]\n"
            "       relok kb cities [CC]\n       relok kb stale [--older-than 12m]\n\n",
            cli_tr(ctx, "Usage", "Запуск"));
    cli_help_opt(ctx, "check [DIR]",
            cli_tr(ctx,
                   "validate a knowledge base (default: the shipped one); every error names "
                   "file:line:column, the field and what was expected; exit 0 when clean, "
                   "3 when invalid",
                   "проверить базу знаний (по умолчанию поставляемую); каждая ошибка "
                   "указывает файл:строку:столбец, поле и ожидаемое; код 0 — без ошибок, "
                   "3 — есть ошибки"));
    cli_help_opt(ctx, "stats",
            cli_tr(ctx, "count facts per country: cited, verified, unverified, costs, banking, "
                        "pathway times, practice reports, and when its rules were last checked",
                   "число фактов по странам: с источником, проверенных, непроверенных, "
                   "расходы, банки, сроки ВНЖ, сообщения о практике и когда правила "
                   "проверены в последний раз"));
    cli_help_opt(ctx, "cities [CC]",
            cli_tr(ctx, "costs by city: for each place the costs name, the date of the newest "
                        "rent (centre, outside, unsplit), one person's month, a family's and the "
                        "official subsistence minimum; gaps show as —",
                   "расходы по городам: для каждого места — дата самой новой аренды (центр, не "
                   "центр, без разделения), месяца одного человека, семьи и официального "
                   "прожиточного минимума; пробелы — «—»"));
    cli_help_opt(ctx, "stale",
            cli_tr(ctx, "rule facts to re-check: never verified, or verified before the age "
                        "given by --older-than (N and d, m or y; default 12m)",
                   "факты о правилах для повторной проверки: не проверенные или проверенные "
                   "раньше, чем --older-than (число и d, m или y; по умолчанию 12m)"));
    cli_help_opt(ctx, "--json",
            cli_tr(ctx, "machine-readable output", "вывод в формате JSON"));
}

/* A broken simulator scenario (dir/scenarios/NAME.yaml, docs/scenarios.md),
 * in the same file:line:col: path: message shape. */
static void scenario_problem_cb(const relok_error *e, void *ud)
{
    cli_ctx *ctx = ud;
    char buf[1024];
    fprintf(ctx->err, "%s\n", relok_error_format_lang(e, ctx->lang, buf, sizeof buf));
}

/* The scenarios beside the KB, when there are any: 0 when all load. */
static int kb_check_scenarios(cli_ctx *ctx, const relok_kb *kb, const char *dir)
{
    char sdir[4200];
    snprintf(sdir, sizeof sdir, "%s/scenarios", dir);
    struct stat st;
    if (stat(sdir, &st) != 0 || !S_ISDIR(st.st_mode))
        return 0;
    relok_error err = {0};
    size_t n = 0;
    relok_status s = relok_sim_scenario_check_dir(sdir, kb, scenario_problem_cb, ctx, &n, &err);
    if (s == RELOK_OK)
        return CLI_EXIT_OK;
    /* Out of memory is not a broken scenario (it was reported as one, exit
     * 3: found by the CLI allocation sweep). */
    if (s == RELOK_ENOMEM)
        return cli_report(ctx, &err, s);
    fprintf(ctx->err, "relok: %s\n",
            cli_tr(ctx, "broken simulator scenario(s)", "ошибки в сценариях симулятора"));
    return CLI_EXIT_DATA;
}

static int kb_check(cli_ctx *ctx, const char *dir, bool json)
{
    char def[RELOK_PATH_BUF];
    if (dir == NULL)
        dir = ctx->kb_dir;
    if (dir == NULL) {
        if (relok_kb_default_dir(def, sizeof def) != RELOK_OK) {
            cli_errorf(ctx, "%s (%s)",
                       cli_tr(ctx, "cannot find the knowledge base", "не найдена база знаний"),
                       def);
            return CLI_EXIT_IO;
        }
        dir = def;
    }
    relok_kb *kb = NULL;
    relok_diags diags;
    relok_error err = {0};
    relok_status s = relok_kb_load(dir, &kb, &diags, &err);
    if ((s == RELOK_EIO && diags.n == 0) || s == RELOK_ENOMEM) {
        /* The diagnostics gathered before the failure are ours to free
         * (leaked on out-of-memory: found by the CLI allocation sweep). */
        relok_diags_free(&diags);
        return cli_report(ctx, &err, s);
    }
    int rc = s == RELOK_OK ? CLI_EXIT_OK : CLI_EXIT_DATA;
    if (json) {
        char *text = NULL;
        relok_status js = relok_json_diags(&diags, RELOK_JSON_PRETTY, &text, &err);
        if (js != RELOK_OK) {
            rc = cli_report(ctx, &err, js);
        } else {
            cli_print_json(ctx, text);
        }
    } else if (s == RELOK_OK) {
        fprintf(ctx->out, "%s: %s (%zu %s, %zu %s, %zu %s)\n", dir,
                cli_tr(ctx, "valid", "ошибок нет"), relok_kb_n_countries(kb),
                cli_tr(ctx, "countries", "стран"), relok_kb_n_zones(kb),
                cli_tr(ctx, "zones", "зон"), relok_kb_n_sources(kb),
                cli_tr(ctx, "sources", "источников"));
    } else {
        for (size_t i = 0; i < diags.n; i++) {
            const relok_diag *d = &diags.items[i];
            /* file:line:col: path: message, the shape compilers use. */
            char msg[2 * RELOK_ERROR_MSG_LEN];
            relok_error_text_lang(d->msg, ctx->lang, msg, sizeof msg);
            if (d->path[0] != '\0' && ctx->lang == RELOK_LANG_RU)
                fprintf(ctx->err, "%s/%s:%u:%u: поле «%s»: %s\n", dir, d->file, d->line,
                        d->column, d->path, msg);
            else
                fprintf(ctx->err, "%s/%s:%u:%u: %s%s%s\n", dir, d->file, d->line, d->column,
                        d->path, d->path[0] != '\0' ? ": " : "", msg);
        }
        if (ctx->lang == RELOK_LANG_RU)
            fprintf(ctx->err, "relok: найдено ошибок: %zu\n", diags.n);
        else
            fprintf(ctx->err, "relok: %zu problem(s) found\n", diags.n);
    }
    if (s == RELOK_OK && rc == CLI_EXIT_OK)
        rc = kb_check_scenarios(ctx, kb, dir);
    relok_diags_free(&diags);
    relok_kb_free(kb);
    return rc;
}

/* A stats/stale row's owner: a country code as it is; in Russian a zone id
 * by its label ("Шенгенская зона") and the rates file in words. */
static const char *owner_words(const cli_ctx *ctx, const char *owner)
{
    if (ctx->lang != RELOK_LANG_RU)
        return owner;
    if (strcmp(owner, "rates") == 0) /* data/rates.yaml, the exchange rates */
        return "курсы валют";
    return relok_label_or_name("zone", owner, ctx->lang);
}

static int kb_stats(cli_ctx *ctx, bool json)
{
    int rc;
    relok_kb *kb = cli_kb(ctx, &rc);
    if (kb == NULL)
        return rc;
    if (json) {
        char *text = NULL;
        relok_error err = {0};
        relok_status s = relok_json_kb_stats(kb, RELOK_JSON_PRETTY, &text, &err);
        if (s != RELOK_OK)
            return cli_report(ctx, &err, s);
        cli_print_json(ctx, text);
        return CLI_EXIT_OK;
    }
    relok_kb_stat rows[256], total;
    size_t n = relok_kb_stats(kb, rows, sizeof rows / sizeof *rows, &total);
    const char *headers[] = {cli_tr(ctx, "Country/zone", "Страна/зона"),
                             cli_tr(ctx, "Facts", "Фактов"), cli_tr(ctx, "Cited", "Со ссылкой"),
                             cli_tr(ctx, "Verified", "Пров."),
                             cli_tr(ctx, "Unverif.", "Не пров."),
                             cli_tr(ctx, "Costs", "Расходы"), cli_tr(ctx, "Banking", "Банки"),
                             cli_tr(ctx, "Times", "Сроки"),
                             cli_tr(ctx, "Reports", "Практика"),
                             cli_tr(ctx, "Rules checked", "Правила")};
    cli_table t;
    cli_table_init(&t, 10, headers);
    for (size_t i = 0; i <= n; i++) {
        const relok_kb_stat *r = i < n ? &rows[i] : &total;
        char f[32], c[32], v[32], u[32], k[32], b[32], p[32], rep[32], d[RELOK_DATE_BUF];
        snprintf(f, sizeof f, "%zu", r->facts);
        snprintf(c, sizeof c, "%zu", r->cited);
        snprintf(v, sizeof v, "%zu", r->verified);
        snprintf(u, sizeof u, "%zu", r->unverified);
        snprintf(k, sizeof k, "%zu", r->costs);
        snprintf(b, sizeof b, "%zu", r->banking);
        snprintf(p, sizeof p, "%zu", r->pathways_timed);
        snprintf(rep, sizeof rep, "%zu", r->reports);
        relok_date_format(r->newest_rule_check, d);
        const char *cells[] = {i < n ? owner_words(ctx, r->owner) : cli_tr(ctx, "TOTAL", "ВСЕГО"),
                               f, c, v, u, k,
                               b, p, rep, d};
        if (cli_table_add(&t, cells) != 0) {
            cli_table_free(&t);
            return CLI_EXIT_INTERNAL;
        }
    }
    cli_table_print(&t, ctx->out);
    cli_table_free(&t);
    fprintf(ctx->out, "\n%zu %s, %zu %s, %zu %s\n", relok_kb_n_countries(kb),
            cli_tr(ctx, "countries", "стран"), relok_kb_n_zones(kb), cli_tr(ctx, "zones", "зон"),
            relok_kb_n_sources(kb), cli_tr(ctx, "sources", "источников"));
    return CLI_EXIT_OK;
}

/* ------------------------------------------------------------ cities */

/* Which cost a column shows. */
typedef struct city_col {
    relok_cost_item item, alt; /* alt: a second item that also counts */
    relok_area area;           /* RELOK_AREA_COUNT_: any area */
} city_col;

static const city_col city_cols[] = {
    {RELOK_COST_RENT_1BR, RELOK_COST_RENT_1BR, RELOK_AREA_CENTRE},
    {RELOK_COST_RENT_1BR, RELOK_COST_RENT_1BR, RELOK_AREA_OUTSIDE},
    {RELOK_COST_RENT_1BR, RELOK_COST_RENT_ROOM, RELOK_AREA_ANY},
    {RELOK_COST_LIVING_SINGLE, RELOK_COST_LIVING_NO_RENT, RELOK_AREA_COUNT_},
    {RELOK_COST_FAMILY_BUDGET, RELOK_COST_FAMILY_BUDGET, RELOK_AREA_COUNT_},
    {RELOK_COST_SUBSISTENCE_MIN, RELOK_COST_SUBSISTENCE_MIN, RELOK_AREA_COUNT_},
};
#define N_CITY_COLS (sizeof city_cols / sizeof *city_cols)

/* How an observation stands, as the advisor weighs them: verified first,
 * then one whose source gives its date. */
static int cost_standing(const relok_cost *k)
{
    return (k->fact.is_verified ? 2 : 0) + (k->is_undated ? 0 : 1);
}

/* The newest observation of a column in one place, of the best standing
 * there: its date ("~" before an estimated one), with "u" when it is
 * unverified, "—" when there is none. */
static void city_cell(const relok_country *c, size_t group, const city_col *col, char *buf,
                      size_t len)
{
    const relok_cost *best = NULL;
    for (size_t i = 0; i < c->n_costs; i++) {
        const relok_cost *k = &c->costs[i];
        if (k->place_group != group || (k->item != col->item && k->item != col->alt) ||
            (col->area != RELOK_AREA_COUNT_ && k->area != col->area))
            continue;
        if (best == NULL || cost_standing(k) > cost_standing(best) ||
            (cost_standing(k) == cost_standing(best) && k->date.day > best->date.day))
            best = k;
    }
    if (best == NULL) {
        snprintf(buf, len, "—");
        return;
    }
    char d[RELOK_DATE_BUF];
    snprintf(buf, len, "%s%s%s", best->is_undated ? "~" : "", relok_pdate_format(best->date, d),
             best->fact.is_verified ? "" : " u");
}

/* Costs by city: for each place a country's costs name, the newest rent
 * (centre, outside, unsplit), one person's month and a family's, so the
 * gaps show (issue 12 asks for rents of the main cities). */
static int kb_cities(cli_ctx *ctx, const char *code)
{
    int rc;
    relok_kb *kb = cli_kb(ctx, &rc);
    if (kb == NULL)
        return rc;
    const relok_country *only = NULL;
    if (code != NULL) {
        char cc[3];
        rc = cli_parse_country(ctx, "kb", kb, code, cc);
        if (rc != CLI_EXIT_OK)
            return rc;
        only = relok_kb_country(kb, cc);
    }
    const char *headers[] = {cli_tr(ctx, "Country", "Страна"), cli_tr(ctx, "Place", "Место"),
                             cli_tr(ctx, "Rent centre", "Центр"),
                             cli_tr(ctx, "Rent outside", "Вне центра"),
                             cli_tr(ctx, "Rent", "Аренда"),
                             cli_tr(ctx, "One person", "Один чел."),
                             cli_tr(ctx, "Family", "Семья"),
                             cli_tr(ctx, "Official min.", "Прож. мин.")};
    cli_table t;
    cli_table_init(&t, 2 + N_CITY_COLS, headers);
    for (size_t ci = 0; ci < relok_kb_n_countries(kb); ci++) {
        const relok_country *c = relok_kb_country_at(kb, ci);
        if ((only != NULL && c != only) || c->n_costs == 0)
            continue;
        for (size_t g = 0; g < c->n_place_groups; g++) {
            /* The place's name: its first cost's place, cut below. */
            char place[128] = "";
            for (size_t i = 0; i < c->n_costs && place[0] == '\0'; i++) {
                const relok_cost *k = &c->costs[i];
                if (k->place_group != g)
                    continue;
                const char *p = g == 0 ? NULL : relok_text_get(&k->place, ctx->lang);
                if (p == NULL) {
                    snprintf(place, sizeof place, "%s", cli_tr(ctx, "(whole country)",
                                                               "(вся страна)"));
                    break;
                }
                /* The name only: up to " (" or a comma, in either language. */
                size_t n = strcspn(p, "(,");
                while (n > 0 && p[n - 1] == ' ')
                    n--;
                snprintf(place, sizeof place, "%.*s", (int)n, p);
            }
            if (place[0] == '\0')
                continue;
            char cells_buf[N_CITY_COLS][64];
            const char *cells[2 + N_CITY_COLS] = {c->code, place};
            bool any = false;
            for (size_t k = 0; k < N_CITY_COLS; k++) {
                city_cell(c, g, &city_cols[k], cells_buf[k], sizeof cells_buf[k]);
                cells[2 + k] = cells_buf[k];
                any = any || strcmp(cells_buf[k], "—") != 0;
            }
            if (!any)
                continue; /* fees and baskets only */
            if (cli_table_add(&t, cells) != 0) {
                cli_table_free(&t);
                return CLI_EXIT_INTERNAL;
            }
        }
    }
    cli_table_print(&t, ctx->out);
    cli_table_free(&t);
    fprintf(ctx->out, "\n");
    cli_wrap(ctx->out,
            cli_tr(ctx, "The date of the newest observation of each kind, verified ones first; "
                        "u: unverified (no verified one); ~: the source gives no date, the year "
                        "is an estimate; —: none. Rent: a one-bedroom flat, centre and outside "
                        "as the source splits it. One person: all costs, or without rent.",
                   "Дата самого нового наблюдения каждого вида, сначала проверенные; u: не "
                   "проверено (проверенного нет); ~: источник не указывает дату, год — оценка; "
                   "—: нет. Аренда: однокомнатная квартира, центр и не центр — как разделяет "
                   "источник. Один человек: все расходы или без аренды."),
            0, 100);
    return CLI_EXIT_OK;
}

/* "12m", "2y", "90d" into a cutoff before today; 0 when the text is bad. */
static bool parse_age(const char *s, relok_day today, relok_day *cutoff)
{
    char *end = NULL;
    if (s == NULL || *s < '0' || *s > '9')
        return false;
    long n = strtol(s, &end, 10);
    if (end == NULL || end[0] == '\0' || end[1] != '\0' || n < 0 || n > 1200)
        return false;
    switch (end[0]) {
    case 'd':
        *cutoff = today - (relok_day)n;
        return true;
    case 'm':
        *cutoff = relok_date_add_months(today, -(int)n);
        return true;
    case 'y':
        *cutoff = relok_date_add_months(today, -12 * (int)n);
        return true;
    default:
        return false;
    }
}

typedef struct stale_out {
    cli_ctx *ctx;
    cli_table *t;
    int failed;
} stale_out;

static void stale_row(const char *owner, const char *what, const relok_fact *f, void *ud)
{
    stale_out *o = ud;
    char where[512], date[RELOK_DATE_BUF], src[256] = "";
    snprintf(where, sizeof where, "%s:%u", f->file != NULL ? f->file : "-", f->line);
    /* "никогда" is longer than a date: point at it rather than copy it. */
    const char *when = cli_tr(o->ctx, "never", "никогда");
    if (f->is_verified) {
        relok_date_format(f->verified_on, date);
        when = date;
    }
    for (size_t i = 0; i < f->n_sources; i++) {
        size_t used = strlen(src);
        snprintf(src + used, sizeof src - used, "%s%s", i ? ", " : "", f->sources[i]);
    }
    /* In Russian the KB's keys are named in words: the zone by its name,
     * the section by its label; the Where column keeps the file's keys. */
    const char *cells[] = {owner_words(o->ctx, owner),
                           o->ctx->lang == RELOK_LANG_RU
                               ? relok_label_or_name("section", what, o->ctx->lang)
                               : what,
                           when, where, src};
    if (cli_table_add(o->t, cells) != 0)
        o->failed = 1;
}

static int kb_stale(cli_ctx *ctx, const char *older)
{
    relok_day cutoff = 0;
    if (!parse_age(older != NULL ? older : "12m", ctx->today, &cutoff))
        return cli_usage(ctx, "kb", "%s '%s'",
                         cli_tr(ctx, "--older-than wants N followed by d, m or y (12m), not",
                                "--older-than: число и d, m или y (12m), а не"),
                         older);
    int rc;
    relok_kb *kb = cli_kb(ctx, &rc);
    if (kb == NULL)
        return rc;
    const char *headers[] = {cli_tr(ctx, "Country/zone", "Страна/зона"),
                             cli_tr(ctx, "Section", "Раздел"),
                             cli_tr(ctx, "Last checked", "Проверено"),
                             cli_tr(ctx, "Where", "Где"), cli_tr(ctx, "Sources", "Источники")};
    cli_table t;
    cli_table_init(&t, 5, headers);
    stale_out o = {ctx, &t, 0};
    size_t n = relok_kb_stale(kb, cutoff, stale_row, &o);
    if (o.failed) {
        cli_table_free(&t);
        return CLI_EXIT_INTERNAL;
    }
    char d[RELOK_DATE_BUF];
    if (n > 0)
        cli_table_print(&t, ctx->out);
    cli_table_free(&t);
    fprintf(ctx->out, "%s%zu %s %s\n", n > 0 ? "\n" : "", n,
            cli_tr(ctx, "rule facts to re-check: never verified or last checked before",
                   "фактов о правилах проверить заново: не проверялись или проверены до"),
            relok_date_format(cutoff, d));
    return CLI_EXIT_OK;
}

int cmd_kb(cli_ctx *ctx, int argc, char **argv)
{
    bool json = false, help = false;
    const char *older = NULL;
    const cli_opt opts[] = {{"json", CLI_OPT_FLAG, NULL, &json},
                            {"older-than", CLI_OPT_STRING, &older, NULL},
                            {NULL, CLI_OPT_FLAG, NULL, NULL}};
    const char *pos[2];
    size_t n_pos = 0;
    int rc = cli_parse(ctx, "kb", argc, argv, opts, pos, 2, &n_pos, &help);
    if (rc != CLI_EXIT_OK)
        return rc;
    if (help) {
        kb_help(ctx);
        return CLI_EXIT_OK;
    }
    if (n_pos == 0)
        return cli_usage(ctx, "kb", "%s", cli_tr(ctx, "expected 'check', 'stats', 'cities' or 'stale'",
                                                 "ожидается 'check', 'stats', 'cities' или 'stale'"));
    if (strcmp(pos[0], "check") == 0)
        return kb_check(ctx, n_pos == 2 ? pos[1] : NULL, json);
    if (strcmp(pos[0], "stats") == 0) {
        if (n_pos != 1)
            return cli_usage(ctx, "kb", "%s", cli_tr(ctx, "'stats' takes no argument",
                                                     "'stats' не принимает аргументов"));
        return kb_stats(ctx, json);
    }
    if (strcmp(pos[0], "cities") == 0) {
        if (json)
            return cli_usage(ctx, "kb", "%s", cli_tr(ctx, "'cities' has no --json: use 'relok show CC --json'",
                                                     "у 'cities' нет --json: используйте 'relok show CC --json'"));
        return kb_cities(ctx, n_pos == 2 ? pos[1] : NULL);
    }
    if (strcmp(pos[0], "stale") == 0) {
        if (n_pos != 1)
            return cli_usage(ctx, "kb", "%s", cli_tr(ctx, "'stale' takes no argument",
                                                     "'stale' не принимает аргументов"));
        return kb_stale(ctx, older);
    }
    return cli_usage(ctx, "kb", "%s '%s'", cli_tr(ctx, "unknown subcommand", "неизвестная подкоманда"),
                     pos[0]);
}
