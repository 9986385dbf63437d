/* SPDX-License-Identifier: MIT */
/* relok stay: how long may I stay, and when must I leave? For every country
 * of a trip log (a file or the diary), or for an explicit rule, the stay
 * engine's answers in words or JSON; --check for a daily reminder. Faces
 * layer: parses, calls the library, renders; JSON comes from the library
 * (relok_stay_rows_json, relok_stay_answer_json). */
#include "cli.h"
#include "relok/diary.h"
#include "relok/tax.h"
#include "relok/trips.h"

#include <stdlib.h>
#include <string.h>

/* The longest trip log read from stdin, as for files. */
enum { STDIN_MAX = 4 * 1024 * 1024 };


static void stay_help(cli_ctx *ctx)
{
    FILE *o = ctx->out;
    fprintf(o, "%s:\n  relok stay [--trips FILE | --db FILE] [--on DATE] [--country CC] [--doc D] "
               "[--json]\n  relok stay --rule RULE --trips FILE [--on DATE] [--json]\n  relok stay "
               "--check [--within N] [--trips FILE | --db FILE] [--on DATE] [--doc D]\n\n",
            cli_tr(ctx, "Usage", "Запуск"));
    cli_wrap(o,
             cli_tr(ctx,
                    "For each country of your trip log: the stay rule in force, days used and "
                    "left, any overstay, the latest lawful exit when you are there, and the "
                    "earliest lawful re-entry when you are not. Days of entry and exit both "
                    "count; days under a permit do not.",
                    "Для каждой страны из журнала поездок: действующее правило пребывания, "
                    "использованные и оставшиеся дни, нарушения срока, последний законный день "
                    "выезда, если вы там, и ближайший законный день въезда, если нет. Дни въезда "
                    "и выезда считаются оба; дни по виду на жительство — нет."),
             0, CLI_TABLE_WIDTH);
    fputc('\n', o);
    cli_help_opt(ctx, "--trips FILE",
                 cli_tr(ctx, "trip log, CSV or JSON ('-' for standard input); default: your diary",
                        "журнал поездок, CSV или JSON ('-' — стандартный ввод); по умолчанию — "
                        "ваш дневник"));
    cli_help_opt(ctx, "--db FILE",
                 cli_tr(ctx, "the diary file (default: $XDG_DATA_HOME/relok/diary.db)",
                        "файл дневника (по умолчанию: $XDG_DATA_HOME/relok/diary.db)"));
    cli_help_opt(ctx, "--on DATE",
                 cli_tr(ctx, "the day to answer for, YYYY-MM-DD (default: today)",
                        "день, на который нужен ответ, ГГГГ-ММ-ДД (по умолчанию: сегодня)"));
    cli_help_opt(ctx, "--country CC", cli_tr(ctx, "only this country", "только эта страна"));
    cli_help_opt(ctx, "--doc D",
                 cli_tr(ctx, "document: internal_id, passport (default), birth_certificate",
                        "документ: 'internal_id' (внутренний паспорт), 'passport' (загранпаспорт, по "
                        "умолчанию) или 'birth_certificate' (свидетельство о рождении)"));
    cli_help_opt(ctx, "--rule RULE",
                 cli_tr(ctx,
                        "an explicit rule instead of the knowledge base, e.g. '{kind: rolling, "
                        "max_days: 90, window_days: 180}'; every trip of the log counts",
                        "явное правило вместо базы знаний, например '{kind: rolling, max_days: "
                        "90, window_days: 180}'; считаются все поездки журнала"));
    cli_help_opt(ctx, "--check",
                 cli_tr(ctx, "exit 1 on any overstay (or a stay that must end within N days)",
                        "код 1 при любом нарушении срока (или если пребывание нужно закончить в "
                        "течение N дней)"));
    cli_help_opt(ctx, "--within N",
                 cli_tr(ctx, "with --check: days of warning", "с --check: за сколько дней "
                                                              "предупредить"));
    cli_help_opt(ctx, "--tax",
                 cli_tr(ctx, "tax-residency day counter: days in Russia and each host, each "
                             "recorded day test and when its answer changes (a counter, not tax "
                             "advice; with --json, as JSON)",
                        "счётчик дней для налогового резидентства: дни в России и в каждой "
                        "стране, условие каждой записанной страны и даты, когда ответ меняется "
                        "(счётчик, а не налоговая консультация; с --json — в JSON)"));
    cli_help_opt(ctx, "--ics",
                 cli_tr(ctx, "the latest-exit and re-entry dates as an iCalendar file",
                        "последние дни выезда и дни въезда в виде файла iCalendar"));
    cli_help_opt(ctx, "--remind N",
                 cli_tr(ctx, "with --ics: a reminder N days before each date",
                        "с --ics: напоминание за N дней до каждой даты"));
    cli_help_opt(ctx, "--json", cli_tr(ctx, "machine-readable output", "вывод в формате JSON"));
}

/* ------------------------------------------------------------ input */

static int read_stdin(cli_ctx *ctx, relok_arena *a, char **out, size_t *out_len)
{
    char *buf = relok_arena_alloc(a, STDIN_MAX + 1);
    if (buf == NULL) {
        cli_errorf(ctx, "%s", cli_tr(ctx, "out of memory", "не хватает памяти"));
        return CLI_EXIT_INTERNAL;
    }
    size_t n = fread(buf, 1, STDIN_MAX + 1, stdin);
    if (ferror(stdin)) {
        cli_errorf(ctx, "%s", cli_tr(ctx, "cannot read standard input", "не удалось прочитать ввод"));
        return CLI_EXIT_IO;
    }
    if (n > STDIN_MAX) {
        cli_errorf(ctx, "%s", cli_tr(ctx, "the trip log is too large", "журнал поездок слишком велик"));
        return CLI_EXIT_DATA;
    }
    buf[n] = '\0';
    *out = buf;
    *out_len = n;
    return CLI_EXIT_OK;
}

int cli_stay_load_trips(cli_ctx *ctx, const char *trips_path, const char *db_path,
                        relok_arena *a, relok_trip **out, size_t *out_n, const char **source)
{
    relok_error err = {0};
    relok_status s;
    *out = NULL;
    *out_n = 0;
    if (trips_path != NULL) {
        *source = strcmp(trips_path, "-") == 0 ? "stdin" : trips_path;
        if (strcmp(trips_path, "-") == 0) {
            char *text = NULL;
            size_t len = 0;
            int rc = read_stdin(ctx, a, &text, &len);
            if (rc != CLI_EXIT_OK)
                return rc;
            s = relok_trips_parse(text, len, RELOK_TRIPS_AUTO, "stdin", a, out, out_n, &err);
        } else {
            s = relok_trips_load(trips_path, RELOK_TRIPS_AUTO, a, out, out_n, &err);
        }
        return s == RELOK_OK ? CLI_EXIT_OK : cli_report(ctx, &err, s);
    }
    char def[RELOK_PATH_BUF];
    if (db_path == NULL) {
        s = relok_diary_default_path(def, sizeof def, &err);
        if (s != RELOK_OK)
            return cli_report(ctx, &err, s);
        db_path = def;
    }
    *source = db_path;
    relok_diary *d = NULL;
    s = relok_diary_open(db_path, RELOK_DIARY_READONLY, &d, &err);
    if (s == RELOK_ENOTFOUND)
        return CLI_EXIT_OK; /* no diary yet: no trips */
    if (s != RELOK_OK)
        return cli_report(ctx, &err, s);
    s = relok_diary_list(d, a, out, out_n, &err);
    relok_diary_close(d);
    return s == RELOK_OK ? CLI_EXIT_OK : cli_report(ctx, &err, s);
}

/* ---------------------------------------------------------- words */

static void print_answer(cli_ctx *ctx, const relok_stay_answer *a, const relok_rule *rule,
                         relok_day on)
{
    FILE *o = ctx->out;
    char b1[RELOK_DATE_BUF], b2[RELOK_DATE_BUF], line[512];
    if (a->no_stay_allowed) {
        cli_wrap(o,
                 cli_tr(ctx, "No visa-free stay: a visa or a permit is needed.",
                        "Безвизовое пребывание не предусмотрено: нужна виза или вид на "
                        "жительство."),
                 4, CLI_TABLE_WIDTH);
    }
    if (a->days_used < 0) {
        /* No rule on that day: nothing forward can be promised. */
        snprintf(line, sizeof line, "%s %s: %s",
                 cli_tr(ctx, "The knowledge base has no stay rule for", "В базе знаний нет правила "
                                                                        "пребывания на"),
                 relok_date_format(on, b1),
                 cli_tr(ctx, "check before you travel.", "уточните до поездки."));
        cli_wrap(o, line, 4, CLI_TABLE_WIDTH);
        if (a->overstay) {
            snprintf(line, sizeof line, "%s %s.",
                     cli_tr(ctx, "OVERSTAY: the limit was first broken on",
                            "НАРУШЕНИЕ СРОКА: предел впервые превышен"),
                     relok_date_format(a->first_overstay_day, b1));
            cli_wrap(o, line, 4, CLI_TABLE_WIDTH);
        }
        return;
    } else if (a->is_all_of) {
        for (size_t i = 0; i < a->n_parts; i++) {
            char what[160] = "";
            if (rule != NULL && rule->kind == RELOK_RULE_ALL_OF && i < rule->n_rules)
                relok_rule_describe(&rule->rules[i], (int)ctx->lang, what, sizeof what);
            snprintf(line, sizeof line, "%s: %s %d, %s %d.", what[0] ? what : "-",
                     cli_tr(ctx, "days used", "использовано дней"), a->parts[i].days_used,
                     cli_tr(ctx, "left", "осталось"), a->parts[i].days_left);
            cli_wrap(o, line, 4, CLI_TABLE_WIDTH);
        }
    } else if (rule != NULL && rule->kind == RELOK_RULE_NO_LIMIT) {
        snprintf(line, sizeof line, "%s: %d; %s.", cli_tr(ctx, "Days used", "Использовано дней"),
                 a->days_used, cli_tr(ctx, "no limit", "без ограничения срока"));
        cli_wrap(o, line, 4, CLI_TABLE_WIDTH);
    } else {
        snprintf(line, sizeof line, "%s: %d; %s: %d.", cli_tr(ctx, "Days used", "Использовано дней"),
                 a->days_used, cli_tr(ctx, "left", "осталось"), a->days_left);
        cli_wrap(o, line, 4, CLI_TABLE_WIDTH);
    }
    if (a->inside) {
        if (a->latest_exit_unbounded)
            snprintf(line, sizeof line, "%s",
                     cli_tr(ctx, "You are there; no limit is reached within 20 years.",
                            "Вы там; ограничение не наступает в ближайшие 20 лет."));
        else if (a->latest_exit == RELOK_DAY_NONE)
            snprintf(line, sizeof line, "%s",
                     cli_tr(ctx, "You are there and already over the limit: leave as soon as you "
                                 "can.",
                            "Вы там, и срок уже превышен: выезжайте как можно скорее."));
        else
            snprintf(line, sizeof line, "%s %s (%s %d).",
                     cli_tr(ctx, "You are there. Latest lawful exit:",
                            "Вы там. Последний законный день выезда:"),
                     relok_date_format(a->latest_exit, b1),
                     cli_tr(ctx, "days from now:", "дней с этого дня:"),
                     a->latest_exit - on);
    } else if (a->earliest_reentry == RELOK_DAY_NONE) {
        snprintf(line, sizeof line, "%s",
                 cli_tr(ctx, "You are not there; no lawful entry within 20 years.",
                        "Вы не там; законного въезда в ближайшие 20 лет нет."));
    } else if (a->max_stay_unbounded) {
        snprintf(line, sizeof line, "%s %s %s.",
                 cli_tr(ctx, "You are not there. You may enter from",
                        "Вы не там. Въехать можно с"),
                 relok_date_format(a->earliest_reentry, b1),
                 cli_tr(ctx, "with no limit in sight", "без ограничения срока"));
    } else {
        snprintf(line, sizeof line, "%s %s %s %d %s (%s %s).",
                 cli_tr(ctx, "You are not there. You may enter from", "Вы не там. Въехать можно с"),
                 relok_date_format(a->earliest_reentry, b1),
                 cli_tr(ctx, "and stay up to", "и оставаться до"), a->max_stay_if_entering,
                 cli_tr(ctx, "days", "дн."), cli_tr(ctx, "last day", "последний день"),
                 relok_date_format(a->earliest_reentry + a->max_stay_if_entering - 1, b2));
    }
    cli_wrap(o, line, 4, CLI_TABLE_WIDTH);
    if (a->departing && a->inside) {
        /* What a short-stay calculator answers on a day of departure. */
        if (a->earliest_reentry == RELOK_DAY_NONE)
            snprintf(line, sizeof line, "%s",
                     cli_tr(ctx, "You leave that day; no lawful re-entry within 20 years.",
                            "В этот день вы выезжаете; законного повторного въезда в ближайшие "
                            "20 лет нет."));
        else if (a->max_stay_unbounded)
            snprintf(line, sizeof line, "%s %s %s.",
                     cli_tr(ctx, "You leave that day. You may enter again from",
                            "В этот день вы выезжаете. Снова въехать можно с"),
                     relok_date_format(a->earliest_reentry, b1),
                     cli_tr(ctx, "with no limit in sight", "без ограничения срока"));
        else
            snprintf(line, sizeof line, "%s %s %s %d %s (%s %s).",
                     cli_tr(ctx, "You leave that day. You may enter again from",
                            "В этот день вы выезжаете. Снова въехать можно с"),
                     relok_date_format(a->earliest_reentry, b1),
                     cli_tr(ctx, "and stay up to", "и оставаться до"), a->max_stay_if_entering,
                     cli_tr(ctx, "days", "дн."), cli_tr(ctx, "last day", "последний день"),
                     relok_date_format(a->earliest_reentry + a->max_stay_if_entering - 1, b2));
        cli_wrap(o, line, 4, CLI_TABLE_WIDTH);
    }
    if (a->overstay) {
        snprintf(line, sizeof line, "%s %s.",
                 cli_tr(ctx, "OVERSTAY: the limit was first broken on",
                        "НАРУШЕНИЕ СРОКА: предел впервые превышен"),
                 relok_date_format(a->first_overstay_day, b1));
        cli_wrap(o, line, 4, CLI_TABLE_WIDTH);
    }
    if (a->is_unknown_rule)
        cli_wrap(o,
                 cli_tr(ctx, "The source does not say how days are counted; this is the most "
                             "cautious reading — verify.",
                        "Источник не говорит, как считаются дни; это самое осторожное "
                        "прочтение — проверьте."),
                 4, CLI_TABLE_WIDTH);
}

/* ------------------------------------------------------------- tax */

/* One country's day test: the rule with its source, the answer on `on`
 * and the dates on which it changed. */
static void print_tax_test(cli_ctx *ctx, const relok_tax_row *w, relok_day on)
{
    FILE *o = ctx->out;
    const relok_tax_rule *rule = w->rule;
    char b1[RELOK_DATE_BUF], line[768];
    bool year = rule->period == RELOK_TAX_CALENDAR_YEAR;
    snprintf(line, sizeof line, "%s (%s). %s %s: %s %d, %s %d: %s.", w->country,
             ctx->lang == RELOK_LANG_RU ? rule->law_ru : rule->law_en,
             cli_tr(ctx, "On", "На"), relok_date_format(on, b1),
             year ? cli_tr(ctx, "days in the calendar year", "дней за календарный год")
                  : cli_tr(ctx, "days in the 12 months", "дней за 12 месяцев"),
             w->days_counted, cli_tr(ctx, "needed", "нужно"), rule->min_days,
             w->resident ? cli_tr(ctx, "the test is met", "условие выполнено")
                         : cli_tr(ctx, "the test is not met", "условие не выполнено"));
    cli_wrap(o, line, 0, CLI_TABLE_WIDTH);
    if (w->met_in_year != RELOK_DAY_NONE) {
        snprintf(line, sizeof line, "%s %s.",
                 cli_tr(ctx, "This calendar year the test first held on",
                        "В этом календарном году условие впервые выполнено"),
                 relok_date_format(w->met_in_year, b1));
        cli_wrap(o, line, 4, CLI_TABLE_WIDTH);
    }
    cli_wrap(o, ctx->lang == RELOK_LANG_RU ? rule->note_ru : rule->note_en, 4, CLI_TABLE_WIDTH);
    snprintf(line, sizeof line, "%s %s (%s %s)", cli_tr(ctx, "Source:", "Источник:"), rule->url,
             cli_tr(ctx, "read", "прочитано"), rule->read);
    cli_wrap(o, line, 4, CLI_TABLE_WIDTH);
    if (w->n_changes > 0)
        fprintf(o, "    %s%s\n",
                cli_tr(ctx, "Dates on which the answer changes", "Даты, когда ответ меняется"),
                w->changes_truncated ? cli_tr(ctx, " (the latest)", " (последние)") : "");
    for (size_t i = 0; i < w->n_changes; i++)
        fprintf(o, "      %s: %s (%s %d)\n", relok_date_format(w->changes[i].day, b1),
                w->changes[i].resident ? cli_tr(ctx, "met", "выполнено")
                                       : cli_tr(ctx, "no longer met", "больше не выполнено"),
                year ? cli_tr(ctx, "days in the calendar year:", "дней за календарный год:")
                     : cli_tr(ctx, "days in the 12 months:", "дней за 12 месяцев:"),
                w->changes[i].days);
}

static int print_tax(cli_ctx *ctx, const relok_trip *t, size_t n, relok_day on, bool json,
                     relok_arena *a)
{
    relok_tax_report r;
    relok_error err = {0};
    relok_status s = relok_tax_count(t, n, on, a, &r, &err);
    if (s == RELOK_OK && json) {
        char *text = NULL;
        s = relok_tax_json(&r, RELOK_JSON_PRETTY, &text, &err);
        if (s == RELOK_OK)
            fprintf(ctx->out, "%s\n", text);
        relok_json_free(text);
    }
    if (s != RELOK_OK)
        return cli_report(ctx, &err, s);
    if (json)
        return CLI_EXIT_OK;
    FILE *o = ctx->out;
    char b1[RELOK_DATE_BUF], b2[RELOK_DATE_BUF], line[512];
    int32_t y;
    int m, d;
    relok_date_to_ymd(on, &y, &m, &d);
    snprintf(line, sizeof line, "%s %s. %s",
             cli_tr(ctx, "Tax-residency day counter as of", "Счётчик дней налогового "
                                                             "резидентства на"),
             relok_date_format(on, b1), relok_tax_notice(ctx->lang));
    cli_wrap(o, line, 0, CLI_TABLE_WIDTH);
    fprintf(o, "\n%s %s..%s; %s %d %s %s:\n",
             cli_tr(ctx, "12 months", "12 месяцев"), relok_date_format(r.window_from, b1),
             relok_date_format(on, b2), cli_tr(ctx, "year", "год"), (int)y,
             cli_tr(ctx, "up to", "до"), b2);
    for (size_t i = 0; i < r.n_rows; i++)
        fprintf(o, "  %s  %s %d; %s %d\n", r.rows[i].country,
                cli_tr(ctx, "days in the 12 months:", "дней за 12 месяцев:"), r.rows[i].days_12m,
                cli_tr(ctx, "in the year:", "за год:"), r.rows[i].days_year);
    snprintf(line, sizeof line, "%s %d.",
             cli_tr(ctx, "Days of the 12 months with no trip recorded (counted in no country):",
                    "Дней за 12 месяцев без записанных поездок (не считаются ни в одной стране):"),
             r.unrecorded_12m);
    cli_wrap(o, line, 2, CLI_TABLE_WIDTH);
    fputc('\n', o);
    size_t no_rule = 0;
    for (size_t i = 0; i < r.n_rows; i++) {
        if (r.rows[i].rule != NULL) {
            print_tax_test(ctx, &r.rows[i], on);
            fputc('\n', o);
        }
        else
            no_rule++;
    }
    if (no_rule > 0) {
        size_t len = (size_t)snprintf(line, sizeof line, "%s",
                                      cli_tr(ctx, "No tax-residency rule recorded (days counted "
                                                  "only):",
                                             "Правило налогового резидентства не записано "
                                             "(только счёт дней):"));
        for (size_t i = 0; i < r.n_rows && len < sizeof line; i++)
            if (r.rows[i].rule == NULL)
                len += (size_t)snprintf(line + len, sizeof line - len, " %s", r.rows[i].country);
        cli_wrap(o, line, 0, CLI_TABLE_WIDTH);
    }
    cli_wrap(o, relok_tax_reading(ctx->lang), 0, CLI_TABLE_WIDTH);
    return CLI_EXIT_OK;
}

/* ----------------------------------------------------------- plans */

static bool plans_unlawful(const relok_planned *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i].judged && !p[i].lawful)
            return true;
    return false;
}

/* One paragraph per planned trip: lawful or not, from which day, and the
 * longest lawful version (or when such a stay could begin instead). */
static void print_plans(cli_ctx *ctx, const relok_planned *p, size_t n)
{
    if (n == 0)
        return;
    char b1[RELOK_DATE_BUF], b2[RELOK_DATE_BUF], line[512];
    fprintf(ctx->out, "\n%s\n", cli_tr(ctx, "Planned trips", "Запланированные поездки"));
    for (size_t i = 0; i < n; i++) {
        const relok_planned *x = &p[i];
        int k = snprintf(line, sizeof line, "%.2s %s..%s: ", x->trip.country,
                         relok_date_format(x->trip.entry, b1), relok_date_format(x->trip.exit, b2));
        char *w = line + k;
        size_t room = sizeof line - (size_t)k;
        if (!x->judged)
            snprintf(w, room, "%s",
                     cli_tr(ctx, "no stay rule is known: check before you travel.",
                            "правило пребывания неизвестно: уточните до поездки."));
        else if (x->lawful)
            snprintf(w, room, "%s", cli_tr(ctx, "lawful.", "законна."));
        else if (x->lawful_until != RELOK_DAY_NONE)
            snprintf(w, room, "%s %s; %s %s (%s %d), %s %d.",
                     cli_tr(ctx, "unlawful from", "незаконна с"),
                     relok_date_format(x->first_unlawful, b1),
                     cli_tr(ctx, "the longest lawful version ends on",
                            "самый длинный законный вариант заканчивается"),
                     relok_date_format(x->lawful_until, b2), cli_tr(ctx, "days:", "дней:"),
                     x->lawful_until - x->trip.entry + 1,
                     cli_tr(ctx, "days to cut:", "сократить на дней:"), x->days_over);
        else if (x->earliest_entry == RELOK_DAY_NONE)
            snprintf(w, room, "%s %s; %s",
                     cli_tr(ctx, "unlawful from its first day,", "незаконна с первого дня,"),
                     relok_date_format(x->first_unlawful, b1),
                     cli_tr(ctx, "and no lawful entry within 20 years.",
                            "и законного въезда в ближайшие 20 лет нет."));
        else if (x->max_stay_then < 0)
            snprintf(w, room, "%s %s; %s %s %s.",
                     cli_tr(ctx, "unlawful from its first day,", "незаконна с первого дня,"),
                     relok_date_format(x->first_unlawful, b1),
                     cli_tr(ctx, "a stay may begin on", "въехать можно с"),
                     relok_date_format(x->earliest_entry, b2),
                     cli_tr(ctx, "with no limit in sight", "без ограничения срока"));
        else
            snprintf(w, room, "%s %s; %s %s %s %d %s.",
                     cli_tr(ctx, "unlawful from its first day,", "незаконна с первого дня,"),
                     relok_date_format(x->first_unlawful, b1),
                     cli_tr(ctx, "a stay may begin on", "въехать можно с"),
                     relok_date_format(x->earliest_entry, b2),
                     cli_tr(ctx, "and last up to", "и оставаться до"), x->max_stay_then,
                     cli_tr(ctx, "days", "дн."));
        cli_wrap(ctx->out, line, 2, CLI_TABLE_WIDTH);
    }
}

/* ------------------------------------------------------- per country */

static void print_row(cli_ctx *ctx, const relok_kb *kb, const relok_stay_row *r, relok_day on)
{
    const relok_country *c = relok_kb_country(kb, r->country);
    char rule[256] = "";
    const char *summary = ctx->lang == RELOK_LANG_RU ? r->summary_ru : r->summary_en;
    if (summary == NULL && r->rule != NULL)
        summary = relok_rule_describe(r->rule, (int)ctx->lang, rule, sizeof rule);
    char head[1024], label[256];
    const relok_zone *z = r->zone != NULL ? relok_kb_zone(kb, r->zone) : NULL;
    if (z != NULL)
        snprintf(label, sizeof label, "%s (%s)", relok_text_get(&z->name, ctx->lang),
                 cli_tr(ctx, "presence in any member counts", "считается пребывание в любой "
                                                              "стране зоны"));
    else
        snprintf(label, sizeof label, "%s",
                 c != NULL ? relok_text_get(&c->name, ctx->lang)
                           : cli_tr(ctx, "(not in the knowledge base)", "(нет в базе знаний)"));
    snprintf(head, sizeof head, "%s  %s%s%s", r->country, label, summary != NULL ? " — " : "",
             summary != NULL ? summary : "");
    cli_wrap(ctx->out, head, 0, CLI_TABLE_WIDTH);
    if (!r->has_answer) {
        cli_wrap(ctx->out,
                 cli_tr(ctx, "No stay rule is known for this document: check before you travel.",
                        "Правило пребывания для этого документа неизвестно: уточните до "
                        "поездки."),
                 4, CLI_TABLE_WIDTH);
        return;
    }
    print_answer(ctx, &r->answer, r->rule, on);
}

enum problem { PROBLEM_NONE, PROBLEM_OVERSTAY, PROBLEM_LEAVE_SOON };

/* What --check acts on for one row: an overstay, or (with --within) a stay
 * that must end within that many days. */
static enum problem row_problem(const relok_stay_row *r, relok_day on, bool has_within,
                                long within)
{
    const relok_stay_answer *a = &r->answer;
    if (!r->has_answer)
        return PROBLEM_NONE;
    if (a->overstay)
        return PROBLEM_OVERSTAY;
    if (has_within && a->inside && !a->latest_exit_unbounded &&
        a->latest_exit != RELOK_DAY_NONE && a->latest_exit - on <= within)
        return PROBLEM_LEAVE_SOON;
    return PROBLEM_NONE;
}

/* --check: is there anything to act on? Prints one line per problem. */
static bool check_rows(cli_ctx *ctx, const relok_stay_row *rows, size_t n, relok_day on,
                       bool has_within, long within)
{
    bool bad = false;
    char b1[RELOK_DATE_BUF];
    for (size_t i = 0; i < n; i++) {
        const relok_stay_answer *a = &rows[i].answer;
        switch (row_problem(&rows[i], on, has_within, within)) {
        case PROBLEM_OVERSTAY:
            fprintf(ctx->out, "%s: %s %s\n", rows[i].country,
                    cli_tr(ctx, "overstay since", "нарушение срока с"),
                    relok_date_format(a->first_overstay_day, b1));
            bad = true;
            break;
        case PROBLEM_LEAVE_SOON:
            fprintf(ctx->out, "%s: %s %s (%s %d)\n", rows[i].country,
                    cli_tr(ctx, "leave by", "выехать до"), relok_date_format(a->latest_exit, b1),
                    cli_tr(ctx, "days left:", "осталось дней:"), a->latest_exit - on);
            bad = true;
            break;
        case PROBLEM_NONE:
            break;
        }
    }
    if (!bad)
        fprintf(ctx->out, "%s\n",
                has_within ? cli_tr(ctx, "ok: no overstay, and no stay must end that soon",
                                    "в порядке: нарушений нет, и ни одно пребывание не нужно "
                                    "заканчивать так скоро")
                           : cli_tr(ctx, "ok: no overstay", "в порядке: нарушений нет"));
    return bad;
}

/* --check's verdict without words, for --json. */
static bool check_json(const relok_stay_row *rows, size_t n, relok_day on, bool has_within,
                       long within)
{
    for (size_t i = 0; i < n; i++)
        if (row_problem(&rows[i], on, has_within, within) != PROBLEM_NONE)
            return true;
    return false;
}

int cmd_stay(cli_ctx *ctx, int argc, char **argv)
{
    const char *trips_s = NULL, *db_s = NULL, *on_s = NULL, *cc_s = NULL, *doc_s = NULL,
               *rule_s = NULL, *within_s = NULL, *remind_s = NULL;
    bool json = false, check = false, help = false, ics = false, tax = false;
    const cli_opt opts[] = {{"trips", CLI_OPT_STRING, &trips_s, NULL},
                            {"db", CLI_OPT_STRING, &db_s, NULL},
                            {"on", CLI_OPT_STRING, &on_s, NULL},
                            {"country", CLI_OPT_STRING, &cc_s, NULL},
                            {"doc", CLI_OPT_STRING, &doc_s, NULL},
                            {"rule", CLI_OPT_STRING, &rule_s, NULL},
                            {"within", CLI_OPT_STRING, &within_s, NULL},
                            {"remind", CLI_OPT_STRING, &remind_s, NULL},
                            {"ics", CLI_OPT_FLAG, NULL, &ics},
                            {"tax", CLI_OPT_FLAG, NULL, &tax},
                            {"check", CLI_OPT_FLAG, NULL, &check},
                            {"json", CLI_OPT_FLAG, NULL, &json},
                            {NULL, CLI_OPT_FLAG, NULL, NULL}};
    size_t n_pos = 0;
    int rc = cli_parse(ctx, "stay", argc, argv, opts, NULL, 0, &n_pos, &help);
    if (rc != CLI_EXIT_OK)
        return rc;
    if (help) {
        stay_help(ctx);
        return CLI_EXIT_OK;
    }
    relok_doc doc = RELOK_DOC_PASSPORT;
    relok_day on = ctx->today;
    if ((rc = cli_parse_doc(ctx, "stay", doc_s, &doc)) != CLI_EXIT_OK)
        return rc;
    if (on_s != NULL && (rc = cli_parse_date(ctx, "stay", "--on", on_s, &on)) != CLI_EXIT_OK)
        return rc;
    long within = 0;
    if (within_s != NULL) {
        char *end = NULL;
        within = strtol(within_s, &end, 10);
        if (!check || end == within_s || *end != '\0' || within < 0 || within > RELOK_MAX_HORIZON_DAYS)
            return cli_usage(ctx, "stay", "--within %s%d",
                             cli_tr(ctx, "needs --check and a number of days 0..",
                                    "требует --check и число дней 0.."),
                             RELOK_MAX_HORIZON_DAYS);
    }
    long remind = 0;
    if (remind_s != NULL) {
        char *end = NULL;
        remind = strtol(remind_s, &end, 10);
        if (!ics || end == remind_s || *end != '\0' || remind < 0 || remind > 365)
            return cli_usage(ctx, "stay", "--remind %s",
                             cli_tr(ctx, "needs --ics and a number of days 0..365",
                                    "требует --ics и число дней 0..365"));
    }
    if (tax && (ics || check || rule_s != NULL))
        return cli_usage(ctx, "stay", "--tax %s",
                         cli_tr(ctx, "does not go with --ics, --check or --rule",
                                "не сочетается с --ics, --check и --rule"));
    if (ics && (json || check || rule_s != NULL))
        return cli_usage(ctx, "stay", "--ics %s",
                         cli_tr(ctx, "does not go with --json, --check or --rule",
                                "не сочетается с --json, --check и --rule"));
    if (trips_s != NULL && db_s != NULL)
        return cli_usage(ctx, "stay", "%s",
                         cli_tr(ctx, "give --trips or --db, not both", "укажите --trips или --db, "
                                                                         "но не оба"));
    if (rule_s != NULL && (check || cc_s != NULL || doc_s != NULL))
        return cli_usage(ctx, "stay", "--rule %s",
                         cli_tr(ctx, "does not go with --check, --country or --doc",
                                "не сочетается с --check, --country и --doc"));

    relok_arena *a = relok_arena_new(0);
    if (a == NULL) {
        cli_errorf(ctx, "%s", cli_tr(ctx, "out of memory", "не хватает памяти"));
        return CLI_EXIT_INTERNAL;
    }
    relok_trip *t = NULL;
    size_t n = 0;
    const char *source = "trip log";
    relok_error err = {0};
    relok_rule rule;
    char *text = NULL;
    rc = cli_stay_load_trips(ctx, trips_s, db_s, a, &t, &n, &source);
    if (rc != CLI_EXIT_OK)
        goto out;
    /* Trips after --on are a plan, judged apart; the status on --on counts
     * only what happened by then. */
    relok_trip *known = NULL;
    size_t n_known = 0;
    relok_planned *plans = NULL;
    size_t n_plans = 0;
    relok_status s = relok_trips_validate_plans(t, n, on, source, &err);
    if (s == RELOK_OK)
        s = relok_trips_split(t, n, on, a, &known, &n_known, &err);
    if (s != RELOK_OK) {
        rc = cli_report(ctx, &err, s);
        goto out;
    }

    if (tax) {
        rc = print_tax(ctx, known, n_known, on, json, a);
        goto out;
    }
    if (rule_s != NULL) {
        /* An explicit rule: every trip of the log counts. */
        s = relok_rule_parse(rule_s, strlen(rule_s), "--rule", a, &rule, &err);
        if (s != RELOK_OK) {
            rc = cli_report(ctx, &err, s);
            if (rc == CLI_EXIT_DATA)
                rc = CLI_EXIT_USAGE; /* the rule came from the command line */
            goto out;
        }
        relok_rule_span span = {RELOK_DAY_MIN, RELOK_DAY_MAX, &rule};
        relok_stay_answer ans;
        s = relok_stay_eval(&span, 1, known, n_known, on, &ans, &err);
        if (s == RELOK_OK)
            s = relok_planned_with_rule(&span, 1, t, n, on, a, &plans, &n_plans, &err);
        if (s != RELOK_OK) {
            rc = cli_report(ctx, &err, s);
            goto out;
        }
        if (json) {
            s = relok_stay_answer_plans_json(&ans, plans, n_plans, RELOK_JSON_PRETTY, &text,
                                             &err);
            if (s != RELOK_OK) {
                rc = cli_report(ctx, &err, s);
                goto out;
            }
            cli_print_json(ctx, text);
            text = NULL;
        } else {
            char words[256], date[RELOK_DATE_BUF];
            fprintf(ctx->out, "%s %s — %s\n", cli_tr(ctx, "As of", "На"),
                    relok_date_format(on, date),
                    relok_rule_describe(&rule, (int)ctx->lang, words, sizeof words));
            print_answer(ctx, &ans, &rule, on);
            print_plans(ctx, plans, n_plans);
        }
        rc = CLI_EXIT_OK;
        goto out;
    }

    /* Per country, from the knowledge base. */
    relok_kb *kb = cli_kb(ctx, &rc);
    if (kb == NULL)
        goto out;
    char cc[3] = "";
    if (cc_s != NULL && (rc = cli_parse_country(ctx, "stay", kb, cc_s, cc)) != CLI_EXIT_OK)
        goto out;
    relok_stay_row *rows = NULL;
    size_t n_rows = 0;
    s = relok_stay_rows_from_kb(kb, known, n_known, cc_s != NULL ? cc : NULL, doc, on, a, &rows,
                                &n_rows, &err);
    if (s == RELOK_OK)
        s = relok_planned_from_kb(kb, t, n, doc, on, a, &plans, &n_plans, &err);
    if (s != RELOK_OK) {
        rc = cli_report(ctx, &err, s);
        goto out;
    }
    if (ics) {
        s = relok_stay_ics(rows, n_rows, plans, n_plans, ctx->today, (int)remind, ctx->lang,
                           &text, &err);
        if (s != RELOK_OK) {
            rc = cli_report(ctx, &err, s);
            goto out;
        }
        fputs(text, ctx->out);
        relok_stay_ics_free(text);
        text = NULL;
        rc = CLI_EXIT_OK;
        goto out;
    }
    if (json) {
        s = relok_stay_report_json(on, rows, n_rows, plans, n_plans, RELOK_JSON_PRETTY, &text,
                                   &err);
        if (s != RELOK_OK) {
            rc = cli_report(ctx, &err, s);
            goto out;
        }
        cli_print_json(ctx, text);
        text = NULL;
        /* --check --json: the JSON alone on stdout (it has every overstay
         * and latest exit); the answer is the exit status. */
        rc = check && (check_json(rows, n_rows, on, within_s != NULL, within) ||
                       plans_unlawful(plans, n_plans))
                 ? CLI_EXIT_NO
                 : CLI_EXIT_OK;
        goto out;
    }
    if (check) {
        bool bad = check_rows(ctx, rows, n_rows, on, within_s != NULL, within);
        if (plans_unlawful(plans, n_plans)) {
            print_plans(ctx, plans, n_plans);
            bad = true;
        }
        rc = bad ? CLI_EXIT_NO : CLI_EXIT_OK;
        goto out;
    }
    char date[RELOK_DATE_BUF];
    fprintf(ctx->out, "%s %s (%s)\n", cli_tr(ctx, "Stay as of", "Пребывание на"),
            relok_date_format(on, date), cli_doc_words(ctx, doc));
    if (n_rows == 0)
        fprintf(ctx->out, "\n%s\n",
                cli_tr(ctx, "No trips recorded: add them with 'relok trip add' or give --trips.",
                       "Поездок нет: добавьте их командой 'relok trip add' или укажите --trips."));
    for (size_t i = 0; i < n_rows; i++) {
        fputc('\n', ctx->out);
        print_row(ctx, kb, &rows[i], on);
    }
    print_plans(ctx, plans, n_plans);
    rc = CLI_EXIT_OK;
out:
    relok_json_free(text);
    relok_arena_free(a);
    return rc;
}
