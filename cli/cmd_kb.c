/* SPDX-License-Identifier: MIT */
/* relok kb check | stats: validate a knowledge base with every problem
 * listed, and count facts (cited, verified, unverified) per country.
 * Faces layer. */
#include "cli.h"

#include <string.h>

static void kb_help(cli_ctx *ctx)
{
    fprintf(ctx->out, "%s: relok kb check [DIR] [--json]\n       relok kb stats [--json]\n\n",
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
            cli_tr(ctx, "count facts: cited, verified, unverified, per country",
                   "число фактов: с источником, проверенных, непроверенных, по странам"));
    cli_help_opt(ctx, "--json",
            cli_tr(ctx, "machine-readable output", "вывод в формате JSON"));
}

static int kb_check(cli_ctx *ctx, const char *dir, bool json)
{
    char def[4096];
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
    if (s == RELOK_EIO && diags.n == 0)
        return cli_report(ctx, &err, s);
    if (s == RELOK_ENOMEM)
        return cli_report(ctx, &err, s);
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
            fprintf(ctx->err, "%s/%s:%u:%u: %s%s%s\n", dir, d->file, d->line, d->column,
                    d->path, d->path[0] != '\0' ? ": " : "", d->msg);
        }
        fprintf(ctx->err, "relok: %zu %s\n", diags.n,
                cli_tr(ctx, "problem(s) found", "ошибок найдено"));
    }
    relok_diags_free(&diags);
    relok_kb_free(kb);
    return rc;
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
                             cli_tr(ctx, "Facts", "Фактов"), cli_tr(ctx, "Cited", "С источником"),
                             cli_tr(ctx, "Verified", "Проверено"),
                             cli_tr(ctx, "Unverified", "Не проверено")};
    cli_table t;
    cli_table_init(&t, 5, headers);
    for (size_t i = 0; i <= n; i++) {
        const relok_kb_stat *r = i < n ? &rows[i] : &total;
        char f[32], c[32], v[32], u[32];
        snprintf(f, sizeof f, "%zu", r->facts);
        snprintf(c, sizeof c, "%zu", r->cited);
        snprintf(v, sizeof v, "%zu", r->verified);
        snprintf(u, sizeof u, "%zu", r->unverified);
        const char *cells[] = {i < n ? r->owner : cli_tr(ctx, "TOTAL", "ВСЕГО"), f, c, v, u};
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

int cmd_kb(cli_ctx *ctx, int argc, char **argv)
{
    bool json = false, help = false;
    const cli_opt opts[] = {{"json", CLI_OPT_FLAG, NULL, &json}, {NULL, CLI_OPT_FLAG, NULL, NULL}};
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
        return cli_usage(ctx, "kb", "%s", cli_tr(ctx, "expected 'check' or 'stats'",
                                                 "ожидается 'check' или 'stats'"));
    if (strcmp(pos[0], "check") == 0)
        return kb_check(ctx, n_pos == 2 ? pos[1] : NULL, json);
    if (strcmp(pos[0], "stats") == 0) {
        if (n_pos != 1)
            return cli_usage(ctx, "kb", "%s", cli_tr(ctx, "'stats' takes no argument",
                                                     "'stats' не принимает аргументов"));
        return kb_stats(ctx, json);
    }
    return cli_usage(ctx, "kb", "%s '%s'", cli_tr(ctx, "unknown subcommand", "неизвестная подкоманда"),
                     pos[0]);
}
