/* SPDX-License-Identifier: MIT */
/* relok trip add|end|list|rm|import|export: the person's own trip diary in a
 * local SQLite file (relok/diary.h). Faces layer. Every change is checked
 * against the stored trips as of today and is all-or-nothing. */
#include "cli.h"
#include "relok/diary.h"
#include "relok/trips.h"

#include <stdlib.h>
#include <string.h>

static void trip_help(cli_ctx *ctx)
{
    FILE *o = ctx->out;
    fprintf(o, "%s:\n  relok trip add CC ENTRY [EXIT] [--permit]\n  relok trip end CC EXIT\n  "
               "relok trip list [--json]\n  relok trip rm ID\n  relok trip import FILE\n  relok "
               "trip export [--format csv|json]\n\n",
            cli_tr(ctx, "Usage", "Запуск"));
    cli_wrap(o,
             cli_tr(ctx,
                    "Your trip diary, kept only on this computer. Dates are YYYY-MM-DD; leave "
                    "EXIT out for a trip in progress. A trip that starts after today is a plan "
                    "and needs an EXIT; 'relok stay' checks it. A trip that overlaps another or "
                    "ends before it starts is refused, and a refused import changes nothing.",
                    "Ваш дневник поездок; хранится только на этом компьютере. Даты — "
                    "ГГГГ-ММ-ДД; без EXIT — поездка продолжается. Поездка, которая начинается "
                    "после сегодняшнего дня, — это план, ей нужен EXIT; 'relok stay' проверит "
                    "её. Поездка, которая пересекается с другой или заканчивается раньше начала, "
                    "не принимается, а отклонённый импорт ничего не меняет."),
             0, CLI_TABLE_WIDTH);
    fputc('\n', o);
    cli_help_opt(ctx, "--db FILE",
                 cli_tr(ctx, "the diary file (default: $XDG_DATA_HOME/relok/diary.db)",
                        "файл дневника (по умолчанию: $XDG_DATA_HOME/relok/diary.db)"));
    cli_help_opt(ctx, "--permit",
                 cli_tr(ctx, "add: a residence or work permit held over those dates",
                        "для 'add': вид на жительство или разрешение на работу на эти даты"));
    cli_help_opt(ctx, "--format F",
                 cli_tr(ctx, "export: csv (default) or json", "для 'export': формат 'csv' (по умолчанию) или 'json'"));
    cli_help_opt(ctx, "--json",
                 cli_tr(ctx, "list: machine-readable output", "для 'list': вывод в формате JSON"));
}

static int open_diary(cli_ctx *ctx, const char *db_path, unsigned flags, relok_diary **d,
                      bool *missing)
{
    char def[RELOK_PATH_BUF];
    relok_error err = {0};
    relok_status s;
    *missing = false;
    if (db_path == NULL) {
        s = relok_diary_default_path(def, sizeof def, &err);
        if (s != RELOK_OK)
            return cli_report(ctx, &err, s);
        db_path = def;
    }
    s = relok_diary_open(db_path, flags, d, &err);
    if (s == RELOK_ENOTFOUND && !(flags & RELOK_DIARY_CREATE)) {
        *missing = true;
        return CLI_EXIT_OK;
    }
    return s == RELOK_OK ? CLI_EXIT_OK : cli_report(ctx, &err, s);
}

static int parse_cc(cli_ctx *ctx, const char *cc)
{
    if (strlen(cc) == 2 && cc[0] >= 'A' && cc[0] <= 'Z' && cc[1] >= 'A' && cc[1] <= 'Z')
        return CLI_EXIT_OK;
    return cli_usage(ctx, "trip", "%s '%s'",
                     cli_tr(ctx, "expected a two-letter country code such as GE, got",
                            "ожидается двухбуквенный код страны, например GE, получено"),
                     cc);
}

static int list_trips(cli_ctx *ctx, relok_diary *d, bool json)
{
    relok_arena *a = relok_arena_new(0);
    if (a == NULL)
        return CLI_EXIT_INTERNAL;
    relok_trip *t = NULL;
    size_t n = 0;
    relok_error err = {0};
    int rc = CLI_EXIT_OK;
    relok_status s = d != NULL ? relok_diary_list(d, a, &t, &n, &err) : RELOK_OK;
    if (s != RELOK_OK) {
        rc = cli_report(ctx, &err, s);
        goto out;
    }
    if (json) {
        char *text = NULL;
        s = relok_trips_to_json(t, n, RELOK_TRIPS_JSON_PRETTY | RELOK_TRIPS_JSON_IDS, &text, &err);
        if (s != RELOK_OK) {
            rc = cli_report(ctx, &err, s);
            goto out;
        }
        cli_print_json(ctx, text);
        goto out;
    }
    if (n == 0) {
        fprintf(ctx->out, "%s\n",
                cli_tr(ctx, "The diary is empty: add a trip with 'relok trip add CC ENTRY [EXIT]'.",
                       "Дневник пуст: добавьте поездку командой 'relok trip add CC ENTRY [EXIT]'."));
        goto out;
    }
    const char *headers[] = {"ID", cli_tr(ctx, "Country", "Страна"), cli_tr(ctx, "Entry", "Въезд"),
                             cli_tr(ctx, "Exit", "Выезд"), cli_tr(ctx, "Days", "Дней"),
                             cli_tr(ctx, "Kind", "Вид")};
    cli_table tb;
    cli_table_init(&tb, 6, headers);
    for (size_t i = 0; i < n; i++) {
        char id[24], e1[RELOK_DATE_BUF], e2[32], days[24]; /* e2 also holds "сейчас" (12 bytes) */
        snprintf(id, sizeof id, "%u", t[i].line);
        relok_date_format(t[i].entry, e1);
        if (t[i].exit == RELOK_DAY_NONE) {
            snprintf(e2, sizeof e2, "%s", cli_tr(ctx, "now", "сейчас"));
            snprintf(days, sizeof days, "%d+", ctx->today - t[i].entry + 1);
        } else {
            relok_date_format(t[i].exit, e2);
            snprintf(days, sizeof days, "%d", t[i].exit - t[i].entry + 1);
        }
        /* A trip that starts after today is a plan (relok stay judges it). */
        const char *kind = t[i].status == RELOK_TRIP_PERMIT ? cli_tr(ctx, "permit", "ВНЖ")
                           : t[i].entry > ctx->today       ? cli_tr(ctx, "planned", "план")
                                                           : cli_tr(ctx, "visit", "поездка");
        const char *cells[] = {id, t[i].country, e1, e2, days, kind};
        if (cli_table_add(&tb, cells) != 0) {
            rc = CLI_EXIT_INTERNAL;
            break;
        }
    }
    cli_table_print(&tb, ctx->out);
    cli_table_free(&tb);
out:
    relok_arena_free(a);
    return rc;
}

int cmd_trip(cli_ctx *ctx, int argc, char **argv)
{
    const char *db_s = NULL, *format_s = NULL;
    bool json = false, permit_flag = false, help = false;
    const cli_opt opts[] = {{"db", CLI_OPT_STRING, &db_s, NULL},
                            {"format", CLI_OPT_STRING, &format_s, NULL},
                            {"json", CLI_OPT_FLAG, NULL, &json},
                            {"permit", CLI_OPT_FLAG, NULL, &permit_flag},
                            {NULL, CLI_OPT_FLAG, NULL, NULL}};
    const char *pos[4];
    size_t n_pos = 0;
    int rc = cli_parse(ctx, "trip", argc, argv, opts, pos, 4, &n_pos, &help);
    if (rc != CLI_EXIT_OK)
        return rc;
    if (help || n_pos == 0) {
        trip_help(ctx);
        return help ? CLI_EXIT_OK : CLI_EXIT_USAGE;
    }
    const char *sub = pos[0];
    relok_error err = {0};
    relok_status s;
    relok_diary *d = NULL;
    bool missing = false;
    char b1[RELOK_DATE_BUF];

    if (strcmp(sub, "add") == 0) {
        if (n_pos < 3 || n_pos > 4)
            return cli_usage(ctx, "trip", "add CC ENTRY [EXIT]");
        relok_trip t;
        memset(&t, 0, sizeof t);
        if ((rc = parse_cc(ctx, pos[1])) != CLI_EXIT_OK)
            return rc;
        memcpy(t.country, pos[1], 3);
        t.exit = RELOK_DAY_NONE;
        t.status = permit_flag ? RELOK_TRIP_PERMIT : RELOK_TRIP_VISIT;
        if ((rc = cli_parse_date(ctx, "trip", "ENTRY", pos[2], &t.entry)) != CLI_EXIT_OK)
            return rc;
        if (n_pos == 4 && (rc = cli_parse_date(ctx, "trip", "EXIT", pos[3], &t.exit)) != CLI_EXIT_OK)
            return rc;
        if ((rc = open_diary(ctx, db_s, RELOK_DIARY_CREATE, &d, &missing)) != CLI_EXIT_OK)
            return rc;
        int64_t id = 0;
        s = relok_diary_add(d, &t, ctx->today, &id, &err);
        if (s != RELOK_OK)
            rc = cli_report(ctx, &err, s);
        else
            fprintf(ctx->out, "%s %lld: %s %s\n", cli_tr(ctx, "Added trip", "Добавлена поездка"),
                    (long long)id, t.country, relok_date_format(t.entry, b1));
    } else if (strcmp(sub, "end") == 0) {
        if (n_pos != 3)
            return cli_usage(ctx, "trip", "end CC EXIT");
        relok_day exit;
        if ((rc = parse_cc(ctx, pos[1])) != CLI_EXIT_OK ||
            (rc = cli_parse_date(ctx, "trip", "EXIT", pos[2], &exit)) != CLI_EXIT_OK)
            return rc;
        if ((rc = open_diary(ctx, db_s, 0, &d, &missing)) != CLI_EXIT_OK)
            return rc;
        if (missing) {
            cli_errorf(ctx, "%s", cli_tr(ctx, "there is no diary yet", "дневника ещё нет"));
            return CLI_EXIT_DATA;
        }
        int64_t id = 0;
        s = relok_diary_end(d, pos[1], exit, ctx->today, &id, &err);
        if (s != RELOK_OK)
            rc = cli_report(ctx, &err, s);
        else
            fprintf(ctx->out, "%s %lld: %s %s %s\n", cli_tr(ctx, "Ended trip", "Завершена поездка"),
                    (long long)id, pos[1], cli_tr(ctx, "exit", "выезд"),
                    relok_date_format(exit, b1));
    } else if (strcmp(sub, "list") == 0) {
        if (n_pos != 1)
            return cli_usage(ctx, "trip", "list");
        if ((rc = open_diary(ctx, db_s, RELOK_DIARY_READONLY, &d, &missing)) != CLI_EXIT_OK)
            return rc;
        rc = list_trips(ctx, d, json);
    } else if (strcmp(sub, "rm") == 0) {
        char *end = NULL;
        long long id = n_pos == 2 ? strtoll(pos[1], &end, 10) : 0;
        if (n_pos != 2 || end == pos[1] || *end != '\0' || id < 1)
            return cli_usage(ctx, "trip", "%s",
                             cli_tr(ctx, "rm ID", "укажите номер: relok trip rm НОМЕР"));
        if ((rc = open_diary(ctx, db_s, 0, &d, &missing)) != CLI_EXIT_OK)
            return rc;
        if (missing) {
            cli_errorf(ctx, "%s", cli_tr(ctx, "there is no diary yet", "дневника ещё нет"));
            return CLI_EXIT_DATA;
        }
        s = relok_diary_remove(d, id, &err);
        if (s != RELOK_OK)
            rc = cli_report(ctx, &err, s);
        else
            fprintf(ctx->out, "%s %lld\n", cli_tr(ctx, "Removed trip", "Удалена поездка"), id);
    } else if (strcmp(sub, "import") == 0) {
        if (n_pos != 2)
            return cli_usage(ctx, "trip", "import FILE");
        if ((rc = open_diary(ctx, db_s, RELOK_DIARY_CREATE, &d, &missing)) != CLI_EXIT_OK)
            return rc;
        size_t added = 0;
        s = relok_diary_import_file(d, pos[1], RELOK_TRIPS_AUTO, ctx->today, &added, &err);
        if (s != RELOK_OK) {
            rc = cli_report(ctx, &err, s);
            cli_errorf(ctx, "%s", cli_tr(ctx, "nothing was imported", "ничего не импортировано"));
        } else {
            fprintf(ctx->out, "%s: %zu\n", cli_tr(ctx, "Trips imported", "Импортировано поездок"),
                    added);
        }
    } else if (strcmp(sub, "export") == 0) {
        relok_trips_format fmt = RELOK_TRIPS_CSV;
        if (format_s != NULL && strcmp(format_s, "json") == 0)
            fmt = RELOK_TRIPS_JSON;
        else if (format_s != NULL && strcmp(format_s, "csv") != 0)
            return cli_usage(ctx, "trip", "--format: %s '%s'",
                             cli_tr(ctx, "expected csv or json, got", "ожидается csv или json, "
                                                                      "получено"),
                             format_s);
        if (n_pos != 1)
            return cli_usage(ctx, "trip", "export [--format csv|json]");
        if ((rc = open_diary(ctx, db_s, RELOK_DIARY_READONLY, &d, &missing)) != CLI_EXIT_OK)
            return rc;
        if (missing) {
            /* No diary yet: an empty log in the asked format. */
            fputs(fmt == RELOK_TRIPS_CSV ? "country,entry,exit,status\n" : "[]\n", ctx->out);
            return CLI_EXIT_OK;
        }
        char *text = NULL;
        s = relok_diary_export(d, fmt, &text, &err);
        if (s != RELOK_OK) {
            rc = cli_report(ctx, &err, s);
        } else {
            fputs(text, ctx->out);
            if (fmt == RELOK_TRIPS_JSON)
                fputc('\n', ctx->out);
            relok_trips_text_free(text);
        }
    } else {
        return cli_usage(ctx, "trip", "%s '%s'",
                         cli_tr(ctx, "unknown subcommand", "неизвестная подкоманда"), sub);
    }
    relok_diary_close(d);
    return rc;
}
