/* SPDX-License-Identifier: MIT */
/* relok advise: rank the countries for one person's profile, show what
 * blocks them, and explain one country's scores fact by fact. Faces layer:
 * parses options, calls the library (relok/advise.h), renders; the JSON comes
 * from the library's renderer, as the HTTP API's does. */
#include "cli.h"
#include "relok/advise.h"
#include "relok/trips.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- words */

static const char *dim_words(const cli_ctx *ctx, relok_dimension d)
{
    return relok_label_or_name("dim", relok_dimension_name(d), ctx->lang);
}

static const char *status_words(const cli_ctx *ctx, relok_pathway_status s)
{
    switch (s) {
    case RELOK_PATHWAY_STATUS_QUALIFIES:
        return cli_tr(ctx, "QUALIFY", "ПОДХОДИТЕ");
    case RELOK_PATHWAY_STATUS_MISSING:
        return cli_tr(ctx, "missing", "не хватает");
    case RELOK_PATHWAY_STATUS_UNKNOWN:
        return cli_tr(ctx, "unknown", "неизвестно");
    case RELOK_PATHWAY_STATUS_NOT_RECORDED:
        return cli_tr(ctx, "not recorded", "не записано");
    case RELOK_PATHWAY_STATUS_COUNT_:
        break;
    }
    return "?";
}

static const char *check_words(const cli_ctx *ctx, relok_check c)
{
    return c == RELOK_CHECK_MET     ? cli_tr(ctx, "met", "да")
           : c == RELOK_CHECK_UNMET ? cli_tr(ctx, "NOT MET", "НЕТ")
                                    : cli_tr(ctx, "unconfirmed", "не подтверждено");
}

static const char *severity_words(const cli_ctx *ctx, relok_severity s)
{
    switch (s) {
    case RELOK_SEVERITY_LOW:
        return cli_tr(ctx, "low", "низкий");
    case RELOK_SEVERITY_MEDIUM:
        return cli_tr(ctx, "medium", "средний");
    case RELOK_SEVERITY_HIGH:
        return cli_tr(ctx, "HIGH", "ВЫСОКИЙ");
    case RELOK_SEVERITY_BLOCKER:
        return cli_tr(ctx, "BLOCKER", "БЛОКИРУЕТ");
    case RELOK_SEVERITY_COUNT_:
        break;
    }
    return "?";
}

static const char *txt(const cli_ctx *ctx, const relok_text *t)
{
    return relok_text_get(t, ctx->lang);
}

/* "[verified; brief:LX, brief:LXI]" or "[UNVERIFIED; relok:unverified]" for
 * a set of facts (the union of their sources); "" for none. */
static void evidence(const cli_ctx *ctx, const relok_fact *const *facts, size_t n, char *buf,
                     size_t len)
{
    buf[0] = '\0';
    if (n == 0)
        return;
    bool verified = true;
    for (size_t i = 0; i < n; i++)
        verified = verified && facts[i]->is_verified;
    size_t used = 0;
    int w = snprintf(buf, len, "[%s; ",
                     verified ? cli_tr(ctx, "verified", "проверено")
                              : cli_tr(ctx, "UNVERIFIED", "НЕ ПРОВЕРЕНО"));
    if (w < 0 || (size_t)w >= len)
        return;
    used = (size_t)w;
    size_t n_out = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < facts[i]->n_sources; k++) {
            const char *s = facts[i]->sources[k];
            bool seen = false;
            for (size_t j = 0; j <= i && !seen; j++)
                for (size_t m = 0; m < facts[j]->n_sources && !seen; m++) {
                    if (j == i && m >= k)
                        break;
                    seen = strcmp(facts[j]->sources[m], s) == 0;
                }
            if (seen)
                continue;
            w = snprintf(buf + used, len - used, "%s%s", n_out++ ? ", " : "", s);
            if (w < 0 || (size_t)w >= len - used)
                return;
            used += (size_t)w;
        }
    snprintf(buf + used, len - used, "]");
}

static void evidence1(const cli_ctx *ctx, const relok_fact *f, char *buf, size_t len)
{
    const relok_fact *one[1] = {f};
    evidence(ctx, one, f != NULL ? 1 : 0, buf, len);
}

/* Print s padded or cut to exactly width columns (UTF-8 aware). */
static void put_col(FILE *out, const char *s, size_t width)
{
    size_t w = relok_utf8_width(s);
    if (w <= width) {
        fputs(s, out);
        for (size_t i = w; i < width; i++)
            fputc(' ', out);
        return;
    }
    size_t cols = 0;
    const char *p = s;
    while (*p != '\0') {
        if (((unsigned char)*p & 0xC0) != 0x80) {
            if (cols == width - 1)
                break;
            cols++;
        }
        p++;
    }
    fwrite(s, 1, (size_t)(p - s), out);
    fputs("…", out);
}

static void stay_words(const cli_ctx *ctx, const relok_advice_country *c, char *buf, size_t len)
{
    const relok_advice_stay *s = &c->stay;
    if (c->entry.verdict == RELOK_VERDICT_BLOCKED && !s->is_known) {
        snprintf(buf, len, "—");
    } else if (!s->is_known) {
        snprintf(buf, len, "%s", cli_tr(ctx, "unknown", "неизвестно"));
    } else if (s->is_unbounded) {
        snprintf(buf, len, "%s", cli_tr(ctx, "no limit", "без ограничения"));
    } else if (ctx->lang == RELOK_LANG_RU) {
        snprintf(buf, len, "%d/365, поездка %d%s", (int)s->days_next_365, (int)s->max_stay_days,
                 s->is_cautious ? " ?" : "");
    } else {
        snprintf(buf, len, "%d/365, %d per stay%s", (int)s->days_next_365, (int)s->max_stay_days,
                 s->is_cautious ? " ?" : "");
    }
}

/* ------------------------------------------------------------- ranking */

/* A dimension score below this confidence is marked in the ranking. */
#define CONFIDENT 0.75

static void print_ranking(cli_ctx *ctx, const relok_advice *a, const relok_profile *p,
                          size_t top)
{
    FILE *o = ctx->out;
    char date[RELOK_DATE_BUF];
    if (p->name != NULL)
        fprintf(o, "%s: %s — %s %s\n", cli_tr(ctx, "Profile", "Профиль"), p->name,
                cli_tr(ctx, "as of", "на дату"), relok_date_format(a->asof, date));
    else
        fprintf(o, "%s %s\n", cli_tr(ctx, "Advice as of", "Рекомендации на дату"),
                relok_date_format(a->asof, date));
    fprintf(o, "%s:", cli_tr(ctx, "Weights", "Веса"));
    for (int d = 0; d < RELOK_DIM_COUNT_; d++) {
        char w[32];
        snprintf(w, sizeof w, "%g", a->weights[d]);
        fprintf(o, "%s %s %s", d ? "," : "", dim_words(ctx, (relok_dimension)d), w);
    }
    fprintf(o, "\n\n");

    size_t n_ok = a->n_countries - a->n_blocked;
    if (n_ok == 0) {
        fprintf(o, "%s\n",
                cli_tr(ctx, "No country is open to you without a blocker.",
                       "Нет ни одной страны без препятствий."));
    } else {
        /* 3+2+2+2 + 16+1 + 5+1 + 4+2 + 6x(4+1) + 1 + stay: at most 100 columns. */
        const char *cc_head = cli_tr(ctx, "CC", "Код");
        size_t cw = relok_utf8_width(cc_head);
        fprintf(o, "%3s  ", "#");
        put_col(o, cc_head, cw);
        fputs("  ", o);
        put_col(o, cli_tr(ctx, "Country", "Страна"), 16);
        fprintf(o, " %5s %5s ", cli_tr(ctx, "Score", "Балл"), cli_tr(ctx, "Conf.", "Дост."));
        static const char *const short_en[RELOK_DIM_COUNT_] = {"Acc.", "Cost", "Soc.",
                                                               "Opp.", "Stab", "Safe"};
        static const char *const short_ru[RELOK_DIM_COUNT_] = {"Дст.", "Расх", "Общ.",
                                                               "Возм", "Стаб", "Безп"};
        for (int d = 0; d < RELOK_DIM_COUNT_; d++)
            fprintf(o, " %4s", ctx->lang == RELOK_LANG_RU ? short_ru[d] : short_en[d]);
        fprintf(o, "  %s\n", cli_tr(ctx, "Stay: days/365", "Дней из 365"));
        size_t shown = 0;
        bool any_must = false, any_cautious = false, any_shaky = false;
        for (size_t i = 0; i < a->n_countries && (top == 0 || shown < top); i++) {
            const relok_advice_country *c = &a->countries[i];
            if (c->blocked)
                continue;
            char rank[8], stay[64];
            snprintf(rank, sizeof rank, "%zu%s", c->rank, c->n_unmet_musts > 0 ? "!" : "");
            any_must = any_must || c->n_unmet_musts > 0;
            fprintf(o, "%3s  ", rank);
            put_col(o, c->country->code, cw);
            fputs("  ", o);
            put_col(o, txt(ctx, &c->country->name), 16);
            fprintf(o, " %5.1f %5.2f ", c->total, c->confidence);
            for (int d = 0; d < RELOK_DIM_COUNT_; d++) {
                bool shaky = c->dim_confidence[d] < CONFIDENT;
                any_shaky = any_shaky || shaky;
                fprintf(o, " %3.0f%c", c->scores[d], shaky ? '~' : ' ');
            }
            stay_words(ctx, c, stay, sizeof stay);
            any_cautious = any_cautious || (c->stay.is_known && c->stay.is_cautious);
            fprintf(o, "  %s\n", stay);
            shown++;
        }
        if (shown < n_ok)
            fprintf(o, "%s %zu %s\n", cli_tr(ctx, "... and", "... и ещё"), n_ok - shown,
                    cli_tr(ctx, "more (use --top)", "(см. --top)"));
        if (any_must)
            fprintf(o, "%s\n", cli_tr(ctx, "! a must-have of yours is not met there",
                                      "! там не выполнено ваше обязательное условие"));
        if (any_shaky)
            fprintf(o, "%s\n",
                    cli_tr(ctx, "~ the score rests partly on cautious values for unknown facts "
                                "(its confidence is under 0.75)",
                           "~ балл отчасти опирается на осторожные оценки неизвестного "
                           "(достоверность ниже 0,75)"));
        if (any_cautious)
            fprintf(o, "%s\n",
                    cli_tr(ctx, "? how stay days are counted is not recorded: the most cautious "
                                "reading is shown",
                           "? порядок подсчёта дней не записан: показано самое осторожное "
                           "прочтение"));
    }
    if (a->n_blocked > 0) {
        fprintf(o, "\n%s (%zu):\n",
                cli_tr(ctx, "Blocked: you cannot enter, or a risk there is too high for you",
                       "Закрыто: въезд невозможен или риск для вас слишком высок"),
                a->n_blocked);
        for (size_t i = 0; i < a->n_countries; i++) {
            const relok_advice_country *c = &a->countries[i];
            if (!c->blocked)
                continue;
            const relok_advice_blocker *b = &c->blockers[0];
            char line[2048], ev[512];
            evidence1(ctx, b->fact, ev, sizeof ev);
            char more[64] = "";
            if (c->n_blockers > 1)
                snprintf(more, sizeof more, " (+%zu %s)", c->n_blockers - 1,
                         cli_tr(ctx, "more", "ещё"));
            snprintf(line, sizeof line, "%s  %s: %s%s %s", c->country->code,
                     txt(ctx, &c->country->name), txt(ctx, &b->text), more, ev);
            cli_wrap(o, line, 2, CLI_TABLE_WIDTH);
        }
    }
    fputc('\n', o);
    cli_wrap(o,
             cli_tr(ctx,
                   "Scores are 0-100 per dimension, combined by your weights; Conf. is the "
                   "confidence (0-1), lower where data is missing. Why a country scores as it "
                   "does: relok advise --profile FILE --explain CODE",
                   "Баллы 0–100 по каждому измерению, сведены по вашим весам; «Дост.» — "
                   "достоверность (0–1), ниже там, где не хватает данных. Почему у страны "
                   "такой балл: relok advise --profile ФАЙЛ --explain КОД"),
             0, CLI_TABLE_WIDTH);
}

/* ------------------------------------------------------------- explain */

static void section(cli_ctx *ctx, const char *en, const char *ru)
{
    fprintf(ctx->out, "\n%s\n", cli_tr(ctx, en, ru));
}

/* The blockers, each with its evidence. */
static void explain_blockers(cli_ctx *ctx, const relok_advice_country *c)
{
    FILE *o = ctx->out;
    char line[4096], ev[768];
    if (c->blocked) {
        section(ctx, "BLOCKED", "ЗАКРЫТО");
        for (size_t i = 0; i < c->n_blockers; i++) {
            evidence1(ctx, c->blockers[i].fact, ev, sizeof ev);
            snprintf(line, sizeof line, "- %s %s", txt(ctx, &c->blockers[i].text), ev);
            cli_wrap(o, line, 2, CLI_TABLE_WIDTH);
        }
    }
}

/* How the person enters, with which document. */
static void explain_entry(cli_ctx *ctx, const relok_advice_country *c)
{
    FILE *o = ctx->out;
    char line[4096], ev[768];
    section(ctx, "Entry and stay", "Въезд и пребывание");
    const relok_advice_entry *e = &c->entry;
    if (e->verdict == RELOK_VERDICT_ADMITTED && e->rule != NULL) {
        evidence1(ctx, &e->rule->fact, ev, sizeof ev);
        snprintf(line, sizeof line, "%s: %s, %s %s", cli_tr(ctx, "Entry", "Въезд"),
                 cli_access_words(ctx, e->rule->access),
                 cli_tr(ctx, "with your", "документ:"), cli_doc_words(ctx, e->document));
        size_t used = strlen(line);
        /* One route only (a closed land border): say which. */
        for (int m = 0; m < RELOK_MODE_COUNT_; m++)
            if (e->rule->modes == (1u << m)) {
                snprintf(line + used, sizeof line - used, ", %s %s",
                         relok_label_or_name("mode", relok_mode_name((relok_mode)m), ctx->lang),
                         cli_tr(ctx, "only", "только"));
                used = strlen(line);
            }
        snprintf(line + used, sizeof line - used, " %s", ev);
        cli_wrap(o, line, 2, CLI_TABLE_WIDTH);
        if (!relok_text_is_empty(&e->rule->conditions))
            cli_wrap(o, txt(ctx, &e->rule->conditions), 4, CLI_TABLE_WIDTH);
    } else if (e->verdict == RELOK_VERDICT_UNKNOWN) {
        cli_wrap(o, cli_tr(ctx, "Entry: unknown — no rule recorded for your documents",
                           "Въезд: неизвестно — правило для ваших документов не записано"),
                 2, CLI_TABLE_WIDTH);
    } else {
        cli_wrap(o, cli_tr(ctx, "Entry: blocked (see above)", "Въезд: закрыт (см. выше)"), 2,
                 CLI_TABLE_WIDTH);
    }
}

/* The stay rule and the days it leaves in the coming year. */
static void explain_stay(cli_ctx *ctx, const relok_advice *a, const relok_advice_country *c)
{
    FILE *o = ctx->out;
    char line[4096], ev[768], date[RELOK_DATE_BUF], date2[RELOK_DATE_BUF];
    const relok_advice_entry *e = &c->entry;
    const relok_advice_stay *s = &c->stay;
    if (s->is_known && s->rule != NULL) {
        char words[256];
        relok_rule_describe(&s->rule->rule, (int)ctx->lang, words, sizeof words);
        evidence1(ctx, &s->rule->fact, ev, sizeof ev);
        /* The rule's words already say "counting unknown - verify" for the
         * cautious kind. */
        snprintf(line, sizeof line, "%s: %s %s", cli_tr(ctx, "Stay rule", "Правило пребывания"),
                 words, ev);
        cli_wrap(o, line, 2, CLI_TABLE_WIDTH);
        if (s->is_inside)
            snprintf(line, sizeof line, "%s: %d; %s %s",
                     cli_tr(ctx, "You are there now; days counted", "Вы сейчас там; дней учтено"),
                     (int)s->days_used, cli_tr(ctx, "last lawful day", "последний законный день"),
                     s->latest_exit != RELOK_DAY_NONE ? relok_date_format(s->latest_exit, date)
                                                      : cli_tr(ctx, "none in sight", "не виден"));
        else if (s->is_unbounded)
            snprintf(line, sizeof line, "%s %s", cli_tr(ctx, "Enter from", "Въезд с"),
                     relok_date_format(s->earliest_entry, date));
        else
            snprintf(line, sizeof line, "%s %s, %s %d", cli_tr(ctx, "Enter from", "Въезд с"),
                     relok_date_format(s->earliest_entry, date),
                     cli_tr(ctx, "longest stay, days:", "самое долгое пребывание, дней:"),
                     (int)s->max_stay_days);
        cli_wrap(o, line, 2, CLI_TABLE_WIDTH);
        snprintf(line, sizeof line, "%s %s–%s: %d, %s: %d",
                 cli_tr(ctx, "Lawful days", "Законных дней"), relok_date_format(a->asof, date),
                 relok_date_format(a->asof + 364, date2), (int)s->days_next_365,
                 cli_tr(ctx, "exits needed", "нужно выездов"), (int)s->exits_next_365);
        cli_wrap(o, line, 2, CLI_TABLE_WIDTH);
        if (s->overstay)
            cli_wrap(o, cli_tr(ctx, "Your trip log shows an overstay here.",
                               "По вашему журналу поездок здесь было превышение срока."),
                     2, CLI_TABLE_WIDTH);
    } else if (e->verdict != RELOK_VERDICT_BLOCKED) {
        cli_wrap(o, cli_tr(ctx, "Stay: unknown — no rule recorded",
                           "Пребывание: неизвестно — правило не записано"),
                 2, CLI_TABLE_WIDTH);
    }
}

/* Each pathway and each of its requirements. */
static void explain_pathways(cli_ctx *ctx, const relok_advice_country *c)
{
    FILE *o = ctx->out;
    char line[4096], ev[768];
    if (c->n_pathways > 0) {
        section(ctx, "Residence and work pathways", "Пути к ВНЖ и работе");
        for (size_t i = 0; i < c->n_pathways; i++) {
            const relok_advice_pathway *pw = &c->pathways[i];
            evidence1(ctx, &pw->pathway->fact, ev, sizeof ev);
            snprintf(line, sizeof line, "%s: %s %s", status_words(ctx, pw->status),
                     txt(ctx, &pw->pathway->name), ev);
            cli_wrap(o, line, 2, CLI_TABLE_WIDTH);
            for (size_t k = 0; k < pw->n_checks; k++) {
                snprintf(line, sizeof line, "%s: %s", check_words(ctx, pw->checks[k].status),
                         txt(ctx, &pw->checks[k].text));
                cli_wrap(o, line, 6, CLI_TABLE_WIDTH);
            }
        }
    }
}

/* The household's monthly cost and the observations behind it. */
static void explain_cost(cli_ctx *ctx, const relok_advice_country *c)
{
    FILE *o = ctx->out;
    char line[4096], ev[768], date[RELOK_DATE_BUF + 32];
    section(ctx, "Cost", "Расходы");
    const relok_advice_cost *k = &c->cost;
    if (k->status == RELOK_COST_STATUS_UNKNOWN) {
        cli_wrap(o, cli_tr(ctx, "Unknown: the knowledge base has no usable living costs",
                           "Неизвестно: в базе знаний нет пригодных данных о стоимости жизни"),
                 2, CLI_TABLE_WIDTH);
    } else {
        snprintf(line, sizeof line, "%s %s %.0f–%.0f %s%s",
                 k->status == RELOK_COST_STATUS_PARTIAL ? cli_tr(ctx, "At least", "Не менее")
                                                        : cli_tr(ctx, "About", "Около"),
                 k->currency, k->low, k->high, cli_tr(ctx, "a month", "в месяц"),
                 k->status == RELOK_COST_STATUS_PARTIAL
                     ? cli_tr(ctx, " (only part of the costs is recorded)",
                              " (записана только часть расходов)")
                     : "");
        cli_wrap(o, line, 2, CLI_TABLE_WIDTH);
        for (size_t i = 0; i < k->n_items; i++) {
            const relok_cost *it = k->items[i];
            evidence1(ctx, &it->fact, ev, sizeof ev);
            snprintf(line, sizeof line, "%s %s %.0f–%.0f (%s%s%s) %s",
                     relok_label_or_name("cost", relok_cost_item_name(it->item), ctx->lang),
                     it->currency, it->low, it->high,
                     cli_cost_date(ctx, it, date, sizeof date),
                     relok_text_is_empty(&it->place) ? "" : ", ",
                     relok_text_is_empty(&it->place) ? "" : txt(ctx, &it->place), ev);
            cli_wrap(o, line, 4, CLI_TABLE_WIDTH);
        }
    }
}

/* The risks that apply to the person. */
static void explain_risks(cli_ctx *ctx, const relok_advice_country *c)
{
    FILE *o = ctx->out;
    char line[4096], ev[768];
    section(ctx, "Risks that apply to you", "Риски, которые касаются вас");
    if (c->n_risks == 0)
        cli_wrap(o,
                 (c->risks_researched & RELOK_RISKS_GENERAL)
                     ? cli_tr(ctx, "None found: the country's risks were researched",
                              "Не найдено: риски страны изучены")
                     : cli_tr(ctx, "Not researched: the knowledge base has not looked at this "
                                   "country's risks",
                              "Не изучены: база знаний не исследовала риски этой страны"),
                 2, CLI_TABLE_WIDTH);
    for (size_t i = 0; i < c->n_risks; i++) {
        const relok_advice_risk *r = &c->risks[i];
        evidence1(ctx, &r->risk->fact, ev, sizeof ev);
        snprintf(line, sizeof line, "%s%s: %s %s", severity_words(ctx, r->risk->severity),
                 r->is_personal ? cli_tr(ctx, " (yours)", " (ваш)") : "",
                 txt(ctx, &r->risk->title), ev);
        cli_wrap(o, line, 2, CLI_TABLE_WIDTH);
    }
}

/* Each must-have: met, not met or unconfirmed. */
static void explain_musts(cli_ctx *ctx, const relok_advice_country *c)
{
    FILE *o = ctx->out;
    char line[4096];
    if (c->n_musts > 0) {
        section(ctx, "Your must-haves", "Ваши обязательные условия");
        for (size_t i = 0; i < c->n_musts; i++) {
            snprintf(line, sizeof line, "%s: %s", check_words(ctx, c->musts[i].status),
                     txt(ctx, &c->musts[i].text));
            cli_wrap(o, line, 2, CLI_TABLE_WIDTH);
        }
    }
}

/* Each score with the reasons that moved it. */
static void explain_scores(cli_ctx *ctx, const relok_advice *a, const relok_advice_country *c)
{
    FILE *o = ctx->out;
    char line[4096], ev[768];
    section(ctx, "Scores: what moved them, by how many points", "Баллы: что на них повлияло и "
                                                               "насколько");
    for (int d = 0; d < RELOK_DIM_COUNT_; d++) {
        fprintf(o, "  %s %.1f (%s %g, %s %.2f)\n", dim_words(ctx, (relok_dimension)d),
                c->scores[d], cli_tr(ctx, "weight", "вес"), a->weights[d],
                cli_tr(ctx, "confidence", "достоверность"), c->dim_confidence[d]);
        for (size_t i = 0; i < c->n_reasons; i++) {
            const relok_advice_reason *r = &c->reasons[i];
            if ((int)r->dimension != d)
                continue;
            evidence(ctx, r->facts, r->n_facts, ev, sizeof ev);
            char pts[32];
            if (r->is_base)
                snprintf(pts, sizeof pts, "%5.1f", r->points);
            else
                snprintf(pts, sizeof pts, "%+5.1f", r->points);
            snprintf(line, sizeof line, "%s  %s%s%s", pts, txt(ctx, &r->text), ev[0] ? " " : "",
                     ev);
            cli_wrap(o, line, 4, CLI_TABLE_WIDTH);
        }
    }
    snprintf(line, sizeof line, "%s = %.1f", cli_tr(ctx, "Weighted total", "Итог с учётом весов"),
             c->total);
    fprintf(o, "  %s\n", line);
}

/* What is unknown, and the confidence it leaves. */
static void explain_unknowns(cli_ctx *ctx, const relok_advice_country *c)
{
    FILE *o = ctx->out;
    char line[4096];
    if (c->n_unknowns > 0) {
        section(ctx, "Unknowns (each counts with a cautious value and lowers the confidence)",
                "Неизвестное (учтено с осторожной оценкой и снижает достоверность)");
        for (size_t i = 0; i < c->n_unknowns; i++) {
            snprintf(line, sizeof line, "- %s: %s",
                     dim_words(ctx, c->unknowns[i].dimension), txt(ctx, &c->unknowns[i].text));
            cli_wrap(o, line, 2, CLI_TABLE_WIDTH);
        }
        fprintf(o, "  %s: %.2f\n", cli_tr(ctx, "Confidence", "Достоверность"), c->confidence);
    }
}

/* One country's advice, fact by fact: a heading, then one part per
 * section. */
static void print_explain(cli_ctx *ctx, const relok_advice *a, const relok_advice_country *c)
{
    FILE *o = ctx->out;
    char line[4096], date[RELOK_DATE_BUF];
    snprintf(line, sizeof line, "%s (%s) — %s %zu %s %zu, %s %.1f, %s %.2f — %s %s",
             txt(ctx, &c->country->name), c->country->code, cli_tr(ctx, "rank", "место"), c->rank,
             cli_tr(ctx, "of", "из"), a->n_countries, cli_tr(ctx, "score", "балл"), c->total,
             cli_tr(ctx, "confidence", "достоверность"), c->confidence,
             cli_tr(ctx, "as of", "на"), relok_date_format(a->asof, date));
    cli_wrap(o, line, 0, CLI_TABLE_WIDTH);
    explain_blockers(ctx, c);
    explain_entry(ctx, c);
    explain_stay(ctx, a, c);
    explain_pathways(ctx, c);
    explain_cost(ctx, c);
    explain_risks(ctx, c);
    explain_musts(ctx, c);
    explain_scores(ctx, a, c);
    explain_unknowns(ctx, c);
}

/* ---------------------------------------------------------------- main */

static void advise_help(cli_ctx *ctx)
{
    FILE *o = ctx->out;
    fprintf(o, "%s: relok advise --profile FILE [--as-of DATE] [--top N] [--explain CODE]\n"
               "                    [--trips FILE] [--json [--summary]]\n\n",
            cli_tr(ctx, "Usage", "Запуск"));
    cli_wrap(o,
             cli_tr(ctx,
                    "Ranks the countries for your profile: whether you can enter and with which "
                    "document, for how long, which residence pathways you qualify for, the cost "
                    "against your budget, the risks that apply to you, and a score per dimension "
                    "combined by your weights. Countries you cannot enter, or where a risk is too "
                    "high for you, are listed apart. The profile format is in docs/profile.md.",
                    "Ранжирует страны по вашему профилю: можно ли въехать и с каким документом, "
                    "на какой срок, под какие пути к ВНЖ вы подходите, расходы против бюджета, "
                    "риски именно для вас и баллы по измерениям, сведённые по вашим весам. "
                    "Страны, куда въехать нельзя или где риск для вас слишком высок, перечислены "
                    "отдельно. Формат профиля описан в docs/profile.md."),
             0, CLI_TABLE_WIDTH);
    fputc('\n', o);
    fprintf(o, "  --profile FILE  %s\n",
            cli_tr(ctx, "your profile, YAML or JSON (required)",
                   "ваш профиль, YAML или JSON (обязательно)"));
    fprintf(o, "  --as-of DATE    %s\n",
            cli_tr(ctx, "advise as of DATE, YYYY-MM-DD (default: today)",
                   "на дату ГГГГ-ММ-ДД (по умолчанию: сегодня)"));
    fprintf(o, "  --top N         %s\n",
            cli_tr(ctx, "show the N best countries (default: all)",
                   "показать N лучших стран (по умолчанию: все)"));
    fprintf(o, "  --explain CODE  %s\n",
            cli_tr(ctx, "every fact behind one country's scores, with sources",
                   "все факты за баллами одной страны, с источниками"));
    fprintf(o, "  --trips FILE    %s\n",
            cli_tr(ctx, "your trip log (CSV or JSON) for the stay allowance",
                   "ваш журнал поездок (CSV или JSON) для расчёта сроков"));
    fprintf(o, "  --json          %s\n",
            cli_tr(ctx, "machine-readable output", "вывод в формате JSON"));
    fprintf(o, "  --summary       %s\n",
            cli_tr(ctx, "with --json: a summary per country, as POST /api/advise answers",
                   "с --json: сводка по каждой стране, как отвечает POST /api/advise"));
}

static int parse_top(cli_ctx *ctx, const char *s, size_t *out)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (s[0] < '0' || s[0] > '9' || *end != '\0' || errno != 0 || v < 1 || v > 1000)
        return cli_usage(ctx, "advise", "--top: %s '%s'",
                         cli_tr(ctx, "expected a whole number 1..1000, got",
                                "ожидается целое число 1..1000, получено"),
                         s);
    *out = (size_t)v;
    return CLI_EXIT_OK;
}

int cmd_advise(cli_ctx *ctx, int argc, char **argv)
{
    const char *profile_s = NULL, *asof_s = NULL, *top_s = NULL, *explain_s = NULL,
               *trips_s = NULL;
    bool json = false, summary = false, help = false;
    const cli_opt opts[] = {{"profile", CLI_OPT_STRING, &profile_s, NULL},
                            {"as-of", CLI_OPT_STRING, &asof_s, NULL},
                            {"top", CLI_OPT_STRING, &top_s, NULL},
                            {"explain", CLI_OPT_STRING, &explain_s, NULL},
                            {"trips", CLI_OPT_STRING, &trips_s, NULL},
                            {"json", CLI_OPT_FLAG, NULL, &json},
                            {"summary", CLI_OPT_FLAG, NULL, &summary},
                            {NULL, CLI_OPT_FLAG, NULL, NULL}};
    size_t n_pos = 0;
    int rc = cli_parse(ctx, "advise", argc, argv, opts, NULL, 0, &n_pos, &help);
    if (rc != CLI_EXIT_OK)
        return rc;
    if (help) {
        advise_help(ctx);
        return CLI_EXIT_OK;
    }
    if (profile_s == NULL)
        return cli_usage(ctx, "advise", "%s",
                         cli_tr(ctx, "--profile FILE is required", "нужен --profile ФАЙЛ"));
    relok_day asof = ctx->today;
    size_t top = 0;
    if (asof_s != NULL &&
        (rc = cli_parse_date(ctx, "advise", "--as-of", asof_s, &asof)) != CLI_EXIT_OK)
        return rc;
    if (top_s != NULL && (rc = parse_top(ctx, top_s, &top)) != CLI_EXIT_OK)
        return rc;
    if (explain_s != NULL && strlen(explain_s) != 2)
        return cli_usage(ctx, "advise", "--explain: %s '%s'",
                         cli_tr(ctx, "expected a two-letter country code, got",
                                "ожидается двухбуквенный код страны, получено"),
                         explain_s);

    relok_arena *arena = relok_arena_new(0);
    if (arena == NULL) {
        cli_errorf(ctx, "%s", cli_tr(ctx, "out of memory", "не хватает памяти"));
        return CLI_EXIT_INTERNAL;
    }
    relok_profile p;
    relok_advice *adv = NULL;
    relok_error err = {0};
    relok_trip *trips = NULL;
    size_t n_trips = 0;
    relok_status s = relok_profile_load(profile_s, arena, &p, &err);
    if (s != RELOK_OK) {
        rc = cli_report(ctx, &err, s);
        goto out;
    }
    if (trips_s != NULL) {
        s = relok_trips_load(trips_s, RELOK_TRIPS_AUTO, arena, &trips, &n_trips, &err);
        if (s == RELOK_OK)
            s = relok_trips_validate(trips, n_trips, asof, trips_s, &err);
        if (s != RELOK_OK) {
            rc = cli_report(ctx, &err, s);
            goto out;
        }
    }
    relok_kb *kb = cli_kb(ctx, &rc);
    if (kb == NULL)
        goto out;
    relok_advise_opts o = {.asof = asof, .trips = trips, .n_trips = n_trips};
    s = relok_advise_run(kb, &p, &o, &adv, &err);
    if (s != RELOK_OK) {
        rc = cli_report(ctx, &err, s);
        goto out;
    }
    const relok_advice_country *one = NULL;
    if (explain_s != NULL && (one = relok_advise_find(adv, explain_s)) == NULL) {
        rc = cli_usage(ctx, "advise", "--explain: %s '%s'",
                       cli_tr(ctx, "no destination in the knowledge base with code",
                              "в базе знаний нет страны назначения с кодом"),
                       explain_s);
        goto out;
    }
    if (json) {
        char *text = NULL;
        s = relok_advise_json(adv, &p, top, explain_s,
                              RELOK_JSON_PRETTY | (summary ? RELOK_ADVISE_SUMMARY : 0), &text,
                              &err);
        if (s != RELOK_OK) {
            rc = cli_report(ctx, &err, s);
            goto out;
        }
        cli_print_json(ctx, text);
    } else if (one != NULL) {
        print_explain(ctx, adv, one);
    } else {
        print_ranking(ctx, adv, &p, top);
    }
    rc = CLI_EXIT_OK;
out:
    relok_advise_free(adv);
    relok_arena_free(arena);
    return rc;
}
