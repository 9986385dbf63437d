/* SPDX-License-Identifier: MIT */
/* relok plan: a lawful itinerary that keeps you in one country as much as
 * its rules allow, spending the forced absences where your document admits
 * you, with as few crossings as possible (relok/plan.h). Faces layer. */
#include "cli.h"
#include "relok/plan.h"
#include "relok/trips.h"

#include <string.h>

static void plan_help(cli_ctx *ctx)
{
    FILE *o = ctx->out;
    fprintf(o, "%s: relok plan --in CC --from DATE --until DATE [--doc D] [--land-only]\n"
               "                  [--trips FILE | --db FILE] [--json]\n\n",
            cli_tr(ctx, "Usage", "Запуск"));
    cli_wrap(o,
             cli_tr(ctx,
                    "Stay in CC as many days as its stay rules allow between two dates: the plan "
                    "says when to leave, where to spend the days away (countries that admit your "
                    "document visa-free and whose own limits hold), and when to come back, with "
                    "as few crossings as possible. Every plan is re-checked with the stay rules "
                    "before it is shown; a return to Russia is never proposed.",
                    "Оставаться в стране CC столько дней, сколько позволяют её правила, между "
                    "двумя датами: план говорит, когда выехать, где провести дни вне страны "
                    "(страны, которые пускают с вашим документом без визы и чьи сроки "
                    "соблюдаются) и когда вернуться, с наименьшим числом пересечений границы. "
                    "Каждый план перед выводом перепроверяется по правилам пребывания; "
                    "возвращение в Россию не предлагается."),
             0, CLI_TABLE_WIDTH);
    fputc('\n', o);
    cli_help_opt(ctx, "--in CC", cli_tr(ctx, "the country to stay in", "страна, в которой нужно "
                                                                        "оставаться"));
    cli_help_opt(ctx, "--from DATE",
                 cli_tr(ctx, "first day (YYYY-MM-DD)", "первый день (ГГГГ-ММ-ДД)"));
    cli_help_opt(ctx, "--until DATE",
                 cli_tr(ctx, "last day (YYYY-MM-DD)", "последний день (ГГГГ-ММ-ДД)"));
    cli_help_opt(ctx, "--doc D",
                 cli_tr(ctx, "document: internal_id, passport (default), birth_certificate",
                        "документ: 'internal_id' (внутренний паспорт), 'passport' (загранпаспорт, по "
                        "умолчанию) или 'birth_certificate' (свидетельство о рождении)"));
    cli_help_opt(ctx, "--land-only",
                 cli_tr(ctx, "only land neighbours with open crossings",
                        "только соседние страны с открытыми сухопутными переходами"));
    cli_help_opt(ctx, "--trips FILE",
                 cli_tr(ctx,
                        "take earlier trips into account (CSV or JSON; '-' for standard input); "
                        "they must end before --from, except a stay in CC still in progress",
                        "учесть прежние поездки (CSV или JSON; '-' — стандартный ввод); они "
                        "должны закончиться до --from, кроме продолжающегося пребывания в CC"));
    cli_help_opt(ctx, "--db FILE",
                 cli_tr(ctx, "take earlier trips from this diary",
                        "учесть прежние поездки из этого дневника"));
    cli_help_opt(ctx, "--json", cli_tr(ctx, "machine-readable output", "вывод в формате JSON"));
}

static void print_plan(cli_ctx *ctx, const relok_kb *kb, const relok_plan *p, const char *home,
                       relok_doc doc, relok_day from, relok_day until)
{
    FILE *o = ctx->out;
    char b1[RELOK_DATE_BUF], b2[RELOK_DATE_BUF], line[512];
    const relok_country *hc = relok_kb_country(kb, home);
    snprintf(line, sizeof line, "%s: %s (%s), %s … %s: %d %s %d %s. %s: %d; %s: %d.",
             cli_tr(ctx, "Plan", "План"),
             hc != NULL ? relok_text_get(&hc->name, ctx->lang) : home, cli_doc_words(ctx, doc),
             relok_date_format(from, b1), relok_date_format(until, b2), p->days_home,
             cli_tr(ctx, "of", "из"), p->days_total,
             cli_tr(ctx, "days in the country", "дней в стране"),
             cli_tr(ctx, "Absences", "Выездов"), p->n_absences,
             cli_tr(ctx, "border crossings", "пересечений границы"), p->n_crossings);
    cli_wrap(o, line, 0, CLI_TABLE_WIDTH);
    fputc('\n', o);
    const char *headers[] = {cli_tr(ctx, "From", "С"), cli_tr(ctx, "To", "По"),
                             cli_tr(ctx, "Code", "Код"), cli_tr(ctx, "Country", "Страна"),
                             cli_tr(ctx, "Days", "Дней")};
    cli_table t;
    cli_table_init(&t, 5, headers);
    for (size_t i = 0; i < p->n_legs; i++) {
        const relok_plan_leg *l = &p->legs[i];
        const relok_country *c = relok_kb_country(kb, l->country);
        char e1[RELOK_DATE_BUF], e2[RELOK_DATE_BUF], days[16];
        snprintf(days, sizeof days, "%d", l->exit - l->entry + 1);
        const char *cells[] = {relok_date_format(l->entry, e1), relok_date_format(l->exit, e2),
                               l->country, c != NULL ? relok_text_get(&c->name, ctx->lang) : "",
                               days};
        if (cli_table_add(&t, cells) != 0)
            break;
    }
    cli_table_print(&t, o);
    cli_table_free(&t);
    fputc('\n', o);
    cli_wrap(o,
             cli_tr(ctx,
                    "A crossing day counts in both countries, as the stay rules count it. "
                    "Checked with the stay rules of the knowledge base; check the entry and stay "
                    "rules marked unverified ('relok show CODE') before you travel.",
                    "День пересечения границы считается в обеих странах — так считают правила "
                    "пребывания. Проверено по правилам базы знаний; перед поездкой уточните "
                    "правила въезда и пребывания, отмеченные как непроверенные ('relok show "
                    "КОД')."),
             0, CLI_TABLE_WIDTH);
    if (p->home_reset_unknown) {
        /* Say why the plan has long absences instead of border runs: a
         * reset no source confirms is never relied on. */
        const char *name = hc != NULL ? relok_text_get(&hc->name, ctx->lang) : home;
        char why[1024];
        snprintf(why, sizeof why, "%s: %s", name,
                 cli_tr(ctx,
                        "no source confirms that leaving and coming back starts a new stay, so "
                        "the plan never counts on a border run here; it keeps you away until "
                        "the most cautious count lets you back — verify with the authorities.",
                        "ни один источник не подтверждает, что выезд и возвращение дают новый "
                        "срок, поэтому план не рассчитывает здесь на «визаран» и держит вас за "
                        "границей, пока это требует самый осторожный подсчёт; уточните у властей."));
        cli_wrap(o, why, 0, CLI_TABLE_WIDTH);
    } else if (p->uses_unknown_rule)
        cli_wrap(o,
                 cli_tr(ctx,
                        "Some country's rule does not say how days are counted; the plan uses "
                        "the most cautious reading — verify.",
                        "Правило одной из стран не говорит, как считаются дни; план использует "
                        "самое осторожное прочтение — проверьте."),
                 0, CLI_TABLE_WIDTH);
}

int cmd_plan(cli_ctx *ctx, int argc, char **argv)
{
    const char *in_s = NULL, *from_s = NULL, *until_s = NULL, *doc_s = NULL, *trips_s = NULL,
               *db_s = NULL;
    bool json = false, land = false, help = false;
    const cli_opt opts[] = {{"in", CLI_OPT_STRING, &in_s, NULL},
                            {"from", CLI_OPT_STRING, &from_s, NULL},
                            {"until", CLI_OPT_STRING, &until_s, NULL},
                            {"doc", CLI_OPT_STRING, &doc_s, NULL},
                            {"trips", CLI_OPT_STRING, &trips_s, NULL},
                            {"db", CLI_OPT_STRING, &db_s, NULL},
                            {"land-only", CLI_OPT_FLAG, NULL, &land},
                            {"json", CLI_OPT_FLAG, NULL, &json},
                            {NULL, CLI_OPT_FLAG, NULL, NULL}};
    size_t n_pos = 0;
    int rc = cli_parse(ctx, "plan", argc, argv, opts, NULL, 0, &n_pos, &help);
    if (rc != CLI_EXIT_OK)
        return rc;
    if (help) {
        plan_help(ctx);
        return CLI_EXIT_OK;
    }
    if (in_s == NULL || from_s == NULL || until_s == NULL)
        return cli_usage(ctx, "plan", "%s",
                         cli_tr(ctx, "--in, --from and --until are required",
                                "нужны --in, --from и --until"));
    if (trips_s != NULL && db_s != NULL)
        return cli_usage(ctx, "plan", "%s",
                         cli_tr(ctx, "give --trips or --db, not both",
                                "укажите --trips или --db, но не оба"));
    relok_doc doc = RELOK_DOC_PASSPORT;
    relok_day from, until;
    if ((rc = cli_parse_doc(ctx, "plan", doc_s, &doc)) != CLI_EXIT_OK ||
        (rc = cli_parse_date(ctx, "plan", "--from", from_s, &from)) != CLI_EXIT_OK ||
        (rc = cli_parse_date(ctx, "plan", "--until", until_s, &until)) != CLI_EXIT_OK)
        return rc;
    if (until < from)
        return cli_usage(ctx, "plan", "%s",
                         cli_tr(ctx, "--until is before --from", "--until раньше --from"));
    relok_kb *kb = cli_kb(ctx, &rc);
    if (kb == NULL)
        return rc;
    if (relok_kb_country(kb, in_s) == NULL)
        return cli_usage(ctx, "plan", "--in: %s '%s'",
                         cli_tr(ctx, "no country in the knowledge base with code",
                                "в базе знаний нет страны с кодом"),
                         in_s);
    relok_arena *a = relok_arena_new(0);
    if (a == NULL) {
        cli_errorf(ctx, "%s", cli_tr(ctx, "out of memory", "не хватает памяти"));
        return CLI_EXIT_INTERNAL;
    }
    relok_trip *hist = NULL;
    size_t n_hist = 0;
    relok_error err = {0};
    char *text = NULL;
    if (trips_s != NULL || db_s != NULL) {
        const char *source = "trip log";
        rc = cli_stay_load_trips(ctx, trips_s, db_s, a, &hist, &n_hist, &source);
        if (rc != CLI_EXIT_OK)
            goto out;
        relok_status s = relok_trips_validate(hist, n_hist, from, source, &err);
        if (s != RELOK_OK) {
            rc = cli_report(ctx, &err, s);
            goto out;
        }
    }
    relok_plan_request req = {in_s, doc, NULL, from, until, land, hist, n_hist};
    relok_plan plan;
    relok_status s = relok_plan_from_kb(kb, &req, a, &plan, &err);
    if (s != RELOK_OK) {
        if (s == RELOK_ENOPLAN) {
            char detail[2 * RELOK_ERROR_MSG_LEN];
            cli_errorf(ctx, "%s: %s", cli_tr(ctx, "no lawful plan", "законного плана нет"),
                       relok_error_detail(&err, ctx->lang, detail, sizeof detail));
        }
        rc = s == RELOK_ENOPLAN ? CLI_EXIT_NO : cli_report(ctx, &err, s);
        goto out;
    }
    if (json) {
        s = relok_plan_json(&plan, relok_kb_country(kb, in_s)->code, from, until,
                            RELOK_JSON_PRETTY, &text, &err);
        if (s != RELOK_OK) {
            rc = cli_report(ctx, &err, s);
            goto out;
        }
        cli_print_json(ctx, text);
        text = NULL;
    } else {
        print_plan(ctx, kb, &plan, relok_kb_country(kb, in_s)->code, doc, from, until);
    }
    rc = CLI_EXIT_OK;
out:
    relok_json_free(text);
    relok_arena_free(a);
    return rc;
}
