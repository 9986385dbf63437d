/* SPDX-License-Identifier: MIT */
/* relok countries | show | history | sources: comparing countries and
 * reading what the KB knows, with sources and verification marks. Faces
 * layer: all JSON comes from the library's renderers (relok/json.h). */
#include "cli.h"

#include <string.h>

/* ---------------------------------------------------------------- words */

/* Entry in words; NULL (nothing recorded) is "unknown". */
static const char *access_words(const cli_ctx *ctx, const relok_entry_rule *e)
{
    if (e == NULL)
        return cli_tr(ctx, "unknown", "неизвестно");
    return cli_access_words(ctx, e->access);
}

static void docs_words(const cli_ctx *ctx, unsigned docs, char *buf, size_t len)
{
    buf[0] = '\0';
    size_t used = 0;
    for (int d = 0; d < RELOK_DOC_COUNT_; d++) {
        if (!(docs & (1u << d)))
            continue;
        int n = snprintf(buf + used, len - used, "%s%s", used ? ", " : "",
                         cli_doc_words(ctx, (relok_doc)d));
        if (n < 0 || (size_t)n >= len - used)
            break;
        used += (size_t)n;
    }
}

/* "[verified 2026-11-28; brief:LXIV, brief:VIII]" or an unverified mark. */
static void evidence(const cli_ctx *ctx, const relok_fact *f, char *buf, size_t len)
{
    char date[RELOK_DATE_BUF];
    size_t used = 0;
    int n;
    if (f->is_verified)
        n = snprintf(buf, len, "[%s %s; ", cli_tr(ctx, "verified", "проверено"),
                     relok_date_format(f->verified_on, date));
    else
        n = snprintf(buf, len, "[%s; ", cli_tr(ctx, "UNVERIFIED", "НЕ ПРОВЕРЕНО"));
    if (n < 0 || (size_t)n >= len)
        return;
    used = (size_t)n;
    for (size_t i = 0; i < f->n_sources; i++) {
        n = snprintf(buf + used, len - used, "%s%s", i ? ", " : "", f->sources[i]);
        if (n < 0 || (size_t)n >= len - used)
            return;
        used += (size_t)n;
    }
    snprintf(buf + used, len - used, "]");
}

/* Print a fact's evidence line and, when unverified, what to check. */
static void print_evidence(cli_ctx *ctx, const relok_fact *f, size_t indent)
{
    char buf[512];
    evidence(ctx, f, buf, sizeof buf);
    cli_wrap(ctx->out, buf, indent, 100);
    if (!relok_text_is_empty(&f->note))
        cli_wrap(ctx->out, relok_text_get(&f->note, ctx->lang), indent, 100);
    if (!f->is_verified && !relok_text_is_empty(&f->to_check)) {
        char line[1024];
        snprintf(line, sizeof line, "%s: %s", cli_tr(ctx, "To check", "Проверить"),
                 relok_text_get(&f->to_check, ctx->lang));
        cli_wrap(ctx->out, line, indent, 100);
    }
}

static void validity(const cli_ctx *ctx, const relok_fact *f, char *buf, size_t len)
{
    char a[RELOK_DATE_BUF], b[RELOK_DATE_BUF];
    const char *from = f->from_unknown || f->from == RELOK_DAY_MIN
                           ? cli_tr(ctx, "since ?", "с ?")
                           : NULL;
    const char *to = f->to == RELOK_DAY_MAX ? cli_tr(ctx, "now", "сейчас") : NULL;
    if (from != NULL)
        snprintf(buf, len, "%s … %s", from, to != NULL ? to : relok_date_format(f->to, b));
    else
        snprintf(buf, len, "%s … %s", relok_date_format(f->from, a),
                 to != NULL ? to : relok_date_format(f->to, b));
}

static int parse_country(cli_ctx *ctx, const char *cmd, const relok_kb *kb, const char *code,
                         const relok_country **out)
{
    char cc[3];
    int rc = cli_parse_country(ctx, cmd, kb, code, cc);
    *out = rc == CLI_EXIT_OK ? relok_kb_country(kb, cc) : NULL;
    if (rc == CLI_EXIT_OK && *out == NULL) /* a zone member without a file */
        return cli_usage(ctx, cmd, "%s '%s'",
                         cli_tr(ctx, "the knowledge base has no file for country",
                                "в базе знаний нет файла страны"),
                         cc);
    return rc;
}

/* ------------------------------------------------------------ countries */

static void countries_help(cli_ctx *ctx)
{
    fprintf(ctx->out, "%s: relok countries [--doc internal_id|passport|birth_certificate] "
                      "[--as-of DATE] [--json]\n\n%s\n\n",
            cli_tr(ctx, "Usage", "Запуск"),
            cli_tr(ctx,
                   "One row per country: can this document enter, the visa-free stay in words, "
                   "the rule kind, and whether the facts are verified.",
                   "Строка на страну: можно ли въехать с этим документом, срок безвизового "
                   "пребывания словами, вид правила и проверены ли факты."));
    cli_help_opt(ctx, "--doc D",
            cli_tr(ctx, "document held (default: passport)",
                   "документ (по умолчанию: 'passport' — загранпаспорт)"));
    cli_help_opt(ctx, "--as-of DATE",
            cli_tr(ctx, "rules in force on DATE, YYYY-MM-DD (default: today)",
                   "правила, действующие на дату ГГГГ-ММ-ДД (по умолчанию: сегодня)"));
    cli_help_opt(ctx, "--json",
            cli_tr(ctx, "machine-readable output", "вывод в формате JSON"));
}

int cmd_countries(cli_ctx *ctx, int argc, char **argv)
{
    const char *doc_s = NULL, *asof_s = NULL;
    bool json = false, help = false;
    const cli_opt opts[] = {{"doc", CLI_OPT_STRING, &doc_s, NULL},
                            {"as-of", CLI_OPT_STRING, &asof_s, NULL},
                            {"json", CLI_OPT_FLAG, NULL, &json},
                            {NULL, CLI_OPT_FLAG, NULL, NULL}};
    size_t n_pos = 0;
    int rc = cli_parse(ctx, "countries", argc, argv, opts, NULL, 0, &n_pos, &help);
    if (rc != CLI_EXIT_OK)
        return rc;
    if (help) {
        countries_help(ctx);
        return CLI_EXIT_OK;
    }
    relok_doc doc = RELOK_DOC_PASSPORT;
    relok_day asof = ctx->today;
    if ((rc = cli_parse_doc(ctx, "countries", doc_s, &doc)) != CLI_EXIT_OK)
        return rc;
    if (asof_s != NULL && (rc = cli_parse_date(ctx, "countries", "--as-of", asof_s, &asof)) !=
                              CLI_EXIT_OK)
        return rc;
    relok_kb *kb = cli_kb(ctx, &rc);
    if (kb == NULL)
        return rc;
    if (json) {
        char *text = NULL;
        relok_error err = {0};
        relok_status s = relok_json_countries(kb, doc, asof, RELOK_JSON_PRETTY, &text, &err);
        if (s != RELOK_OK)
            return cli_report(ctx, &err, s);
        cli_print_json(ctx, text);
        return CLI_EXIT_OK;
    }

    char date[RELOK_DATE_BUF];
    fprintf(ctx->out, "%s: %s, %s %s\n\n", cli_tr(ctx, "Document", "Документ"),
            cli_doc_words(ctx, doc), cli_tr(ctx, "rules in force on", "правила на"),
            relok_date_format(asof, date));
    const char *headers[] = {cli_tr(ctx, "Code", "Код"), cli_tr(ctx, "Country", "Страна"),
                             cli_tr(ctx, "Entry", "Въезд"),
                             cli_tr(ctx, "Stay without a visa", "Пребывание без визы"),
                             cli_tr(ctx, "Rule", "Правило"),
                             cli_tr(ctx, "Verified", "Проверено")};
    cli_table t;
    cli_table_init(&t, 6, headers);
    size_t n_unverified = 0;
    for (size_t i = 0; i < relok_kb_n_countries(kb); i++) {
        const relok_country *c = relok_kb_country_at(kb, i);
        const relok_entry_rule *e = relok_kb_entry(kb, c, "RU", doc, RELOK_MODE_COUNT_, asof);
        const relok_stay_rule *s = relok_kb_stay(kb, c, "RU", doc, asof);
        char stay[256] = "", kind[96] = "-";
        bool admitted = e != NULL && (e->access == RELOK_ACCESS_VISA_FREE ||
                                      e->access == RELOK_ACCESS_VISA_ON_ARRIVAL ||
                                      e->access == RELOK_ACCESS_E_VISA);
        if (c->is_origin) {
            snprintf(stay, sizeof stay, "%s",
                     cli_tr(ctx, "home country, no limit", "своя страна, без ограничений"));
        } else if (e != NULL && !admitted) {
            snprintf(stay, sizeof stay, "—");
        } else if (s != NULL) {
            relok_rule_describe(&s->rule, (int)ctx->lang, stay, sizeof stay);
            snprintf(kind, sizeof kind, "%s",
                     relok_label_or_name("kind", relok_rule_kind_name(s->rule.kind), ctx->lang));
        } else {
            snprintf(stay, sizeof stay, "%s",
                     cli_tr(ctx, "unknown — verify", "неизвестно — проверьте"));
        }
        bool verified = e != NULL && e->fact.is_verified &&
                        (s == NULL || s->fact.is_verified || !admitted);
        if (!verified)
            n_unverified++;
        const char *cells[] = {c->code, relok_text_get(&c->name, ctx->lang),
                               access_words(ctx, e), stay, kind,
                               verified ? cli_tr(ctx, "yes", "да") : cli_tr(ctx, "NO", "НЕТ")};
        if (cli_table_add(&t, cells) != 0) {
            cli_table_free(&t);
            cli_errorf(ctx, "%s", cli_tr(ctx, "out of memory", "не хватает памяти"));
            return CLI_EXIT_INTERNAL;
        }
    }
    cli_table_print(&t, ctx->out);
    cli_table_free(&t);
    char footer[512];
    snprintf(footer, sizeof footer, "%zu %s. %s", n_unverified,
             cli_tr(ctx, "rows rest on unverified facts (NO): check them before you travel",
                    "строк основаны на непроверенных фактах (НЕТ): проверьте их перед поездкой"),
             cli_tr(ctx, "Details and sources: relok show CODE.",
                    "Подробности и источники: relok show КОД."));
    fputc('\n', ctx->out);
    cli_wrap(ctx->out, footer, 0, 100);
    return CLI_EXIT_OK;
}

/* ----------------------------------------------------------------- show */

static void show_help(cli_ctx *ctx)
{
    fprintf(ctx->out, "%s: relok show CODE [--as-of DATE] [--json]\n\n%s\n\n",
            cli_tr(ctx, "Usage", "Запуск"),
            cli_tr(ctx,
                   "Everything the knowledge base knows about one country on a date, each fact "
                   "with its sources and verification mark.",
                   "Всё, что база знаний знает об одной стране на дату; у каждого факта — "
                   "источники и отметка о проверке."));
    cli_help_opt(ctx, "CODE",
            cli_tr(ctx, "ISO 3166 country code, e.g. KZ", "код страны по ISO 3166, например KZ"));
    cli_help_opt(ctx, "--as-of DATE",
            cli_tr(ctx, "facts in force on DATE (default: today)",
                   "факты, действующие на дату (по умолчанию: сегодня)"));
    cli_help_opt(ctx, "--json",
            cli_tr(ctx, "machine-readable output", "вывод в формате JSON"));
}

static void heading(cli_ctx *ctx, const char *en, const char *ru)
{
    fprintf(ctx->out, "\n%s\n", cli_tr(ctx, en, ru));
}

/* One entry rule: documents and modes, access, passport validity,
 * conditions, the zone it comes from, evidence. */
static void show_entry_rule(cli_ctx *ctx, const relok_kb *kb, const relok_country *c,
                            const relok_entry_rule *e, relok_doc d, relok_day asof)
{
    char docs[128], buf[2048];
    docs_words(ctx, e->scope.documents, docs, sizeof docs);
    char modes[64] = "";
    for (int m = 0; m < RELOK_MODE_COUNT_; m++)
        if (e->modes & (1u << m)) {
            size_t used = strlen(modes);
            snprintf(modes + used, sizeof modes - used, "%s%s", used ? ", " : "",
                     m == RELOK_MODE_AIR ? cli_tr(ctx, "air", "воздух")
                                         : cli_tr(ctx, "land", "суша"));
        }
    snprintf(buf, sizeof buf, "%s (%s): %s", docs, modes, access_words(ctx, e));
    cli_wrap(ctx->out, buf, 2, 100);
    if (e->passport_valid_months >= 0) {
        snprintf(buf, sizeof buf, "%s: %d %s", cli_tr(ctx, "Passport validity", "Срок действия паспорта"),
                 (int)e->passport_valid_months,
                 e->validity_from_entry ? cli_tr(ctx, "months from entry", "мес. с даты въезда")
                                        : cli_tr(ctx, "months beyond departure",
                                                 "мес. после выезда"));
        cli_wrap(ctx->out, buf, 4, 100);
    }
    if (!relok_text_is_empty(&e->conditions))
        cli_wrap(ctx->out, relok_text_get(&e->conditions, ctx->lang), 4, 100);
    const relok_zone *ez = relok_kb_section_zone(kb, c, RELOK_SECTION_ENTRY, d, asof);
    if (ez != NULL) {
        snprintf(buf, sizeof buf, "%s: %s", cli_tr(ctx, "Rule of the zone", "Правило зоны"),
                 relok_text_get(&ez->name, ctx->lang));
        cli_wrap(ctx->out, buf, 4, 100);
    }
    print_evidence(ctx, &e->fact, 4);
}

/* One line per rule, not per document it covers: is d the first of the
 * rule's documents? */
static bool first_doc_of(unsigned documents, int d)
{
    return (documents & ((1u << d) - 1u)) == 0;
}

static void show_rules(cli_ctx *ctx, const relok_kb *kb, const relok_country *c, relok_day asof)
{
    const relok_zone *z = relok_kb_zone_of(kb, c, asof);
    char docs[128], buf[2048];
    heading(ctx, "Entry", "Въезд");
    bool any = false;
    for (int d = 0; d < RELOK_DOC_COUNT_; d++) {
        /* A document may have one rule by air and another by land (a
         * closed land border): show the rule for any route and the rule of
         * each route, each once. */
        const relok_entry_rule *seen[RELOK_MODE_COUNT_ + 1] = {NULL};
        size_t n_seen = 0;
        for (int m = RELOK_MODE_COUNT_; m >= 0; m--) {
            const relok_entry_rule *e =
                relok_kb_entry(kb, c, "RU", (relok_doc)d, (relok_mode)m, asof);
            bool dup = e == NULL;
            for (size_t k = 0; k < n_seen && !dup; k++)
                dup = seen[k] == e;
            if (dup)
                continue;
            seen[n_seen++] = e;
            if (!first_doc_of(e->scope.documents, d))
                continue;
            any = true;
            show_entry_rule(ctx, kb, c, e, (relok_doc)d, asof);
        }
    }
    if (!any)
        cli_wrap(ctx->out, cli_tr(ctx, "unknown — no entry rule recorded",
                                  "неизвестно — правила въезда не записаны"),
                 2, 100);

    heading(ctx, "Stay", "Пребывание");
    any = false;
    for (int d = 0; d < RELOK_DOC_COUNT_; d++) {
        const relok_stay_rule *s = relok_kb_stay(kb, c, "RU", (relok_doc)d, asof);
        if (s == NULL)
            continue;
        if (!first_doc_of(s->scope.documents, d))
            continue;
        any = true;
        docs_words(ctx, s->scope.documents, docs, sizeof docs);
        char words[256], notation[256], valid[64];
        relok_rule_describe(&s->rule, (int)ctx->lang, words, sizeof words);
        relok_rule_format(&s->rule, notation, sizeof notation);
        validity(ctx, &s->fact, valid, sizeof valid);
        snprintf(buf, sizeof buf, "%s: %s", docs, relok_text_get(&s->summary, ctx->lang));
        cli_wrap(ctx->out, buf, 2, 100);
        const relok_zone *sz =
            relok_kb_section_zone(kb, c, RELOK_SECTION_STAY, (relok_doc)d, asof);
        if (sz != NULL) {
            snprintf(buf, sizeof buf, "%s: %s", cli_tr(ctx, "Rule of the zone", "Правило зоны"),
                     relok_text_get(&sz->name, ctx->lang));
            cli_wrap(ctx->out, buf, 4, 100);
        }
        snprintf(buf, sizeof buf, "%s: %s  %s  (%s)", cli_tr(ctx, "Rule", "Правило"), words,
                 notation, valid);
        cli_wrap(ctx->out, buf, 4, 100);
        if (s->registration_days > 0) {
            snprintf(buf, sizeof buf, "%s %d %s",
                     cli_tr(ctx, "Register within", "Зарегистрироваться в течение"),
                     (int)s->registration_days,
                     cli_tr(ctx, "days of arrival", "дн. после прибытия"));
            cli_wrap(ctx->out, buf, 4, 100);
        }
        print_evidence(ctx, &s->fact, 4);
    }
    if (!any)
        cli_wrap(ctx->out,
                 c->is_origin ? cli_tr(ctx, "home country: no limit for its citizens",
                                       "своя страна: для граждан без ограничений")
                              : cli_tr(ctx, "unknown — no stay rule recorded; verify",
                                       "неизвестно — правило пребывания не записано; проверьте"),
                 2, 100);

    const relok_rules *blocks[2] = {&c->rules, z != NULL ? &z->rules : NULL};
    bool bars_heading = false;
    for (size_t b = 0; b < 2; b++) {
        for (size_t i = 0; blocks[b] != NULL && i < blocks[b]->n_bars; i++) {
            const relok_entry_bar *bar = &blocks[b]->bars[i];
            if (!relok_fact_in_force(&bar->fact, asof))
                continue;
            if (!bars_heading)
                heading(ctx, "Entry bars", "Запреты на въезд");
            bars_heading = true;
            snprintf(buf, sizeof buf, "%s (%s)", relok_text_get(&bar->title, ctx->lang),
                     cli_factor_words(ctx, bar->factor));
            cli_wrap(ctx->out, buf, 2, 100);
            print_evidence(ctx, &bar->fact, 4);
        }
    }
}

static void format_amount(char *buf, size_t len, double low, double high, bool is_range)
{
    if (is_range)
        snprintf(buf, len, "%.15g–%.15g", low, high);
    else
        snprintf(buf, len, "%.15g", low);
}

/* Months and fees of a pathway, when the KB has them. */
static void show_pathway_times(cli_ctx *ctx, const relok_pathway *p)
{
    char buf[512];
    if (p->months_to_first_permit >= 0 || p->months_to_permanent >= 0) {
        char a[32] = "-", b[32] = "-";
        if (p->months_to_first_permit >= 0)
            snprintf(a, sizeof a, "%d", (int)p->months_to_first_permit);
        if (p->months_to_permanent >= 0)
            snprintf(b, sizeof b, "%d", (int)p->months_to_permanent);
        snprintf(buf, sizeof buf, "%s: %s; %s: %s",
                 cli_tr(ctx, "months to a first permit", "месяцев до первого ВНЖ"), a,
                 cli_tr(ctx, "to permanent residence", "до ПМЖ"), b);
        cli_wrap(ctx->out, buf, 4, 100);
    }
    for (size_t k = 0; k < p->n_fees; k++) {
        char amount[64], when[RELOK_DATE_BUF + 4] = "";
        format_amount(amount, sizeof amount, p->fees[k].low, p->fees[k].high, p->fees[k].is_range);
        if (p->fees[k].date.day != RELOK_DAY_NONE) {
            char d[RELOK_DATE_BUF];
            snprintf(when, sizeof when, " (%s)", relok_pdate_format(p->fees[k].date, d));
        }
        snprintf(buf, sizeof buf, "%s: %s %s %s%s", cli_tr(ctx, "fee", "сбор"),
                 relok_text_get(&p->fees[k].what, ctx->lang), amount, p->fees[k].currency, when);
        cli_wrap(ctx->out, buf, 4, 100);
    }
}

/* Cards, transfers and phones, beyond the three yes/no answers. */
static void show_banking_more(cli_ctx *ctx, const relok_banking *b)
{
    char buf[1024];
    if (!relok_text_is_empty(&b->account_needs)) {
        snprintf(buf, sizeof buf, "%s: %s", cli_tr(ctx, "to open an account", "для счёта"),
                 relok_text_get(&b->account_needs, ctx->lang));
        cli_wrap(ctx->out, buf, 4, 100);
    }
    if (b->mir == RELOK_AVAIL_UNKNOWN && b->unionpay_ru == RELOK_AVAIL_UNKNOWN &&
        b->sim == RELOK_AVAIL_UNKNOWN)
        goto texts; /* nothing said: no line of three "unknown"s */
    snprintf(buf, sizeof buf, "%s: %s; %s: %s; %s: %s", cli_tr(ctx, "Mir cards", "карты «Мир»"),
             cli_avail_words(ctx, b->mir),
             cli_tr(ctx, "Russian UnionPay cards", "российские карты UnionPay"),
             cli_avail_words(ctx, b->unionpay_ru), cli_tr(ctx, "local SIM", "местная SIM-карта"),
             cli_avail_words(ctx, b->sim));
    cli_wrap(ctx->out, buf, 4, 100);
texts:
    if (!relok_text_is_empty(&b->transfers_how)) {
        snprintf(buf, sizeof buf, "%s: %s", cli_tr(ctx, "money from Russia", "деньги из России"),
                 relok_text_get(&b->transfers_how, ctx->lang));
        cli_wrap(ctx->out, buf, 4, 100);
    }
    if (!relok_text_is_empty(&b->sim_needs)) {
        snprintf(buf, sizeof buf, "%s: %s", cli_tr(ctx, "SIM", "SIM-карта"),
                 relok_text_get(&b->sim_needs, ctx->lang));
        cli_wrap(ctx->out, buf, 4, 100);
    }
}

/* Practice reports: apart from the law, and said so. */
static void show_reports(cli_ctx *ctx, const relok_country *c, relok_day asof)
{
    char buf[1024];
    bool any = false;
    for (size_t i = 0; i < c->n_reports; i++) {
        const relok_report *r = &c->reports[i];
        if (r->date.day > asof)
            continue;
        if (!any) {
            heading(ctx, "Reported in practice (not law; never changes a rule)",
                    "Сообщения о практике (не закон; правила не меняют)");
        }
        any = true;
        char d1[RELOK_DATE_BUF], d2[RELOK_DATE_BUF] = "";
        relok_pdate_format(r->date, d1);
        if (r->until.day != RELOK_DAY_NONE)
            relok_pdate_format(r->until, d2);
        snprintf(buf, sizeof buf, "%s%s%s%s%s: %s [%s]", d1, d2[0] ? "–" : "", d2,
                 relok_text_is_empty(&r->crossing) ? "" : ", ",
                 relok_text_is_empty(&r->crossing) ? "" : relok_text_get(&r->crossing, ctx->lang),
                 relok_text_get(&r->title, ctx->lang), cli_confidence_words(ctx, r->confidence));
        cli_wrap(ctx->out, buf, 2, 100);
        cli_wrap(ctx->out, relok_text_get(&r->what, ctx->lang), 4, 100);
        print_evidence(ctx, &r->fact, 4);
    }
}

/* Neighbours and their land borders. */
static void show_neighbours(cli_ctx *ctx, const relok_country *c, relok_day asof)
{
    char buf[1024];
    if (c->n_neighbours > 0) {
        heading(ctx, "Neighbours", "Соседи");
        for (size_t i = 0; i < c->n_neighbours; i++) {
            const relok_neighbour *n = &c->neighbours[i];
            if (!relok_fact_in_force(&n->fact, asof))
                continue;
            if (n->land_border)
                snprintf(buf, sizeof buf, "%s: %s, %s: %s", n->country,
                         cli_tr(ctx, "land border", "сухопутная граница"),
                         cli_tr(ctx, "crossings open", "переходы открыты"),
                         cli_avail_words(ctx, n->crossing));
            else
                snprintf(buf, sizeof buf, "%s: %s", n->country,
                         cli_tr(ctx, "no land border", "без сухопутной границы"));
            cli_wrap(ctx->out, buf, 2, 100);
            print_evidence(ctx, &n->fact, 4);
        }
    }
}

/* Residence and work pathways in force, with what each requires. */
static void show_pathways(cli_ctx *ctx, const relok_country *c, relok_day asof)
{
    char buf[1024];
    bool any = false;
    for (size_t i = 0; i < c->n_pathways; i++) {
        const relok_pathway *p = &c->pathways[i];
        if (!relok_fact_in_force(&p->fact, asof))
            continue;
        if (!any)
            heading(ctx, "Residence and work pathways", "Пути к ВНЖ и работе");
        any = true;
        snprintf(buf, sizeof buf, "%s (%s): %s", relok_text_get(&p->name, ctx->lang),
                 relok_label_or_name("pathway", relok_pathway_kind_name(p->kind), ctx->lang),
                 relok_text_get(&p->summary, ctx->lang));
        cli_wrap(ctx->out, buf, 2, 100);
        for (size_t k = 0; k < p->n_requires; k++) {
            const relok_requirement *r = &p->requires[k];
            static const char *const ops[] = {">", "≥", "<", "≤", ""};
            if (!relok_text_is_empty(&r->text))
                snprintf(buf, sizeof buf, "- %s", relok_text_get(&r->text, ctx->lang));
            else if (r->op == RELOK_REQ_TRUE)
                snprintf(buf, sizeof buf, "- %s",
                         relok_label_or_name("req", relok_req_field_name(r->field), ctx->lang));
            else
                snprintf(buf, sizeof buf, "- %s %s %.15g %s",
                         relok_label_or_name("req", relok_req_field_name(r->field), ctx->lang),
                         ops[r->op], r->amount, r->currency);
            cli_wrap(ctx->out, buf, 4, 100);
        }
        show_pathway_times(ctx, p);
        print_evidence(ctx, &p->fact, 4);
    }
}

/* Costs recorded by that date, with place, area and date. */
static void show_costs(cli_ctx *ctx, const relok_country *c, relok_day asof)
{
    char buf[1024];
    bool any = false;
    for (size_t i = 0; i < c->n_costs; i++) {
        const relok_cost *k = &c->costs[i];
        if (k->date.day > asof)
            continue;
        if (!any)
            heading(ctx, "Costs", "Расходы");
        any = true;
        char amount[64], date[RELOK_DATE_BUF + 32];
        format_amount(amount, sizeof amount, k->low, k->high, k->is_range);
        snprintf(buf, sizeof buf, "%s%s%s%s%s: %s %s (%s)",
                 relok_label_or_name("cost", relok_cost_item_name(k->item), ctx->lang),
                 relok_text_is_empty(&k->place) ? "" : ", ",
                 relok_text_is_empty(&k->place) ? "" : relok_text_get(&k->place, ctx->lang),
                 k->area == RELOK_AREA_ANY ? "" : ", ",
                 k->area == RELOK_AREA_ANY ? "" : cli_area_words(ctx, k->area), amount,
                 k->currency, cli_cost_date(ctx, k, date, sizeof date));
        cli_wrap(ctx->out, buf, 2, 100);
        print_evidence(ctx, &k->fact, 4);
    }
}

/* Banking for Russian citizens: the three yes/no answers, then details. */
static void show_banking(cli_ctx *ctx, const relok_country *c, relok_day asof)
{
    char buf[1024];
    bool any = false;
    for (size_t i = 0; i < c->n_banking; i++) {
        const relok_banking *b = &c->banking[i];
        if (!relok_fact_in_force(&b->fact, asof))
            continue;
        if (!any)
            heading(ctx, "Banking for Russian citizens", "Банки для граждан России");
        any = true;
        snprintf(buf, sizeof buf, "%s: %s; %s: %s; %s: %s",
                 cli_tr(ctx, "account", "счёт"), cli_avail_words(ctx, b->account),
                 cli_tr(ctx, "card", "карта"), cli_avail_words(ctx, b->card),
                 cli_tr(ctx, "transfers from Russia", "переводы из России"),
                 cli_avail_words(ctx, b->transfers));
        cli_wrap(ctx->out, buf, 2, 100);
        show_banking_more(ctx, b);
        print_evidence(ctx, &b->fact, 4);
    }
}

/* Risks in force and whom they concern. */
static void show_risks(cli_ctx *ctx, const relok_country *c, relok_day asof)
{
    char buf[1024];
    bool any = false;
    for (size_t i = 0; i < c->n_risks; i++) {
        const relok_risk *r = &c->risks[i];
        if (!relok_fact_in_force(&r->fact, asof))
            continue;
        if (!any)
            heading(ctx, "Risks", "Риски");
        any = true;
        char who[256] = "";
        for (int f = 0; f < RELOK_FACTOR_COUNT_; f++)
            if (r->factors & (1u << f)) {
                size_t used = strlen(who);
                snprintf(who + used, sizeof who - used, "%s%s", used ? ", " : "",
                         cli_factor_words(ctx, (relok_factor)f));
            }
        snprintf(buf, sizeof buf, "%s [%s; %s: %s]", relok_text_get(&r->title, ctx->lang),
                 relok_label_or_name("severity", relok_severity_name(r->severity), ctx->lang),
                 cli_tr(ctx, "applies to", "касается"),
                 who[0] != '\0' ? who : cli_tr(ctx, "everyone", "всех"));
        cli_wrap(ctx->out, buf, 2, 100);
        if (!relok_text_is_empty(&r->detail))
            cli_wrap(ctx->out, relok_text_get(&r->detail, ctx->lang), 4, 100);
        print_evidence(ctx, &r->fact, 4);
    }
}

/* Languages and how widely each is spoken. */
static void show_languages(cli_ctx *ctx, const relok_country *c, relok_day asof)
{
    char buf[1024];
    bool any = false;
    for (size_t i = 0; i < c->n_languages; i++) {
        const relok_language *l = &c->languages[i];
        if (!relok_fact_in_force(&l->fact, asof))
            continue;
        if (!any)
            heading(ctx, "Languages", "Языки");
        any = true;
        snprintf(buf, sizeof buf, "%s: %s", relok_label_or_name("lang", l->lang, ctx->lang),
                 relok_label_or_name("spread", relok_spread_name(l->spread), ctx->lang));
        cli_wrap(ctx->out, buf, 2, 100);
        print_evidence(ctx, &l->fact, 4);
    }
}

/* Indicators: each with its dated points up to that date. */
static void show_indicators(cli_ctx *ctx, const relok_country *c, relok_day asof)
{
    char buf[1024];
    bool any = false;
    for (size_t i = 0; i < c->n_indicators; i++) {
        const relok_indicator *ind = &c->indicators[i];
        bool printed = false;
        for (size_t p = 0; p < ind->n_points; p++) {
            const relok_point *pt = &ind->points[p];
            if (pt->date.day > asof)
                continue;
            if (!any)
                heading(ctx, "Indicators", "Показатели");
            any = true;
            if (!printed) {
                snprintf(buf, sizeof buf, "%s (%s)", relok_text_get(&ind->label, ctx->lang),
                         relok_label_or_name("unit", ind->unit, ctx->lang));
                cli_wrap(ctx->out, buf, 2, 100);
            }
            printed = true;
            char amount[64], date[RELOK_DATE_BUF], ev[512];
            format_amount(amount, sizeof amount, pt->low, pt->high, pt->is_range);
            evidence(ctx, &pt->fact, ev, sizeof ev);
            snprintf(buf, sizeof buf, "%s: %s %s", relok_pdate_format(pt->date, date), amount, ev);
            cli_wrap(ctx->out, buf, 4, 100);
            if (!pt->fact.is_verified && !relok_text_is_empty(&pt->fact.to_check)) {
                char line[1024];
                snprintf(line, sizeof line, "%s: %s", cli_tr(ctx, "To check", "Проверить"),
                         relok_text_get(&pt->fact.to_check, ctx->lang));
                cli_wrap(ctx->out, line, 6, 100);
            }
        }
    }
}

/* Everything beyond the stay rules, section by section. */
static void show_more(cli_ctx *ctx, const relok_country *c, relok_day asof)
{
    show_neighbours(ctx, c, asof);
    show_pathways(ctx, c, asof);
    show_costs(ctx, c, asof);
    show_banking(ctx, c, asof);
    show_risks(ctx, c, asof);
    show_languages(ctx, c, asof);
    show_indicators(ctx, c, asof);
}

int cmd_show(cli_ctx *ctx, int argc, char **argv)
{
    const char *asof_s = NULL;
    bool json = false, help = false;
    const cli_opt opts[] = {{"as-of", CLI_OPT_STRING, &asof_s, NULL},
                            {"json", CLI_OPT_FLAG, NULL, &json},
                            {NULL, CLI_OPT_FLAG, NULL, NULL}};
    const char *pos[1];
    size_t n_pos = 0;
    int rc = cli_parse(ctx, "show", argc, argv, opts, pos, 1, &n_pos, &help);
    if (rc != CLI_EXIT_OK)
        return rc;
    if (help) {
        show_help(ctx);
        return CLI_EXIT_OK;
    }
    if (n_pos != 1)
        return cli_usage(ctx, "show", "%s", cli_tr(ctx, "which country? give its code, e.g. KZ",
                                                   "какая страна? укажите код, например KZ"));
    relok_day asof = ctx->today;
    if (asof_s != NULL &&
        (rc = cli_parse_date(ctx, "show", "--as-of", asof_s, &asof)) != CLI_EXIT_OK)
        return rc;
    relok_kb *kb = cli_kb(ctx, &rc);
    if (kb == NULL)
        return rc;
    const relok_country *c;
    if ((rc = parse_country(ctx, "show", kb, pos[0], &c)) != CLI_EXIT_OK)
        return rc;
    if (json) {
        char *text = NULL;
        relok_error err = {0};
        relok_status s = relok_json_country(kb, c, asof, RELOK_JSON_PRETTY, &text, &err);
        if (s != RELOK_OK)
            return cli_report(ctx, &err, s);
        cli_print_json(ctx, text);
        return CLI_EXIT_OK;
    }
    char date[RELOK_DATE_BUF];
    fprintf(ctx->out, "%s (%s) — %s %s\n", relok_text_get(&c->name, ctx->lang), c->code,
            cli_tr(ctx, "as of", "на"), relok_date_format(asof, date));
    const relok_zone *z = relok_kb_zone_of(kb, c, asof);
    if (z != NULL)
        fprintf(ctx->out, "%s: %s\n", cli_tr(ctx, "Member of", "Входит в"),
                relok_text_get(&z->name, ctx->lang));
    show_rules(ctx, kb, c, asof);
    show_more(ctx, c, asof);
    show_reports(ctx, c, asof);
    return CLI_EXIT_OK;
}

/* -------------------------------------------------------------- history */

static void history_help(cli_ctx *ctx)
{
    fprintf(ctx->out, "%s: relok history CODE [--json]\n\n%s\n\n",
            cli_tr(ctx, "Usage", "Запуск"),
            cli_tr(ctx,
                   "The dated timeline of a country's rules: every version of its entry and "
                   "stay rules, and the change log, which tells a change of the law apart from "
                   "a correction of our data.",
                   "Хронология правил страны: все версии правил въезда и пребывания и журнал "
                   "изменений, в котором изменение закона отделено от исправления наших "
                   "данных."));
    cli_help_opt(ctx, "--json",
            cli_tr(ctx, "machine-readable output", "вывод в формате JSON"));
}

int cmd_history(cli_ctx *ctx, int argc, char **argv)
{
    bool json = false, help = false;
    const cli_opt opts[] = {{"json", CLI_OPT_FLAG, NULL, &json}, {NULL, CLI_OPT_FLAG, NULL, NULL}};
    const char *pos[1];
    size_t n_pos = 0;
    int rc = cli_parse(ctx, "history", argc, argv, opts, pos, 1, &n_pos, &help);
    if (rc != CLI_EXIT_OK)
        return rc;
    if (help) {
        history_help(ctx);
        return CLI_EXIT_OK;
    }
    if (n_pos != 1)
        return cli_usage(ctx, "history", "%s",
                         cli_tr(ctx, "which country? give its code, e.g. KZ",
                                "какая страна? укажите код, например KZ"));
    relok_kb *kb = cli_kb(ctx, &rc);
    if (kb == NULL)
        return rc;
    const relok_country *c;
    if ((rc = parse_country(ctx, "history", kb, pos[0], &c)) != CLI_EXIT_OK)
        return rc;
    if (json) {
        char *text = NULL;
        relok_error err = {0};
        relok_status s = relok_json_history(kb, c, RELOK_JSON_PRETTY, &text, &err);
        if (s != RELOK_OK)
            return cli_report(ctx, &err, s);
        cli_print_json(ctx, text);
        return CLI_EXIT_OK;
    }
    fprintf(ctx->out, "%s (%s)\n", relok_text_get(&c->name, ctx->lang), c->code);
    char buf[1024], valid[64], docs[128];
    const relok_zone *z = relok_kb_zone_of(kb, c, ctx->today);
    const relok_rules *blocks[2] = {&c->rules, z != NULL ? &z->rules : NULL};
    heading(ctx, "Stay rule versions", "Версии правил пребывания");
    for (size_t b = 0; b < 2; b++)
        for (size_t i = 0; blocks[b] != NULL && i < blocks[b]->n_stay; i++) {
            const relok_stay_rule *s = &blocks[b]->stay[i];
            char words[256];
            validity(ctx, &s->fact, valid, sizeof valid);
            docs_words(ctx, s->scope.documents, docs, sizeof docs);
            relok_rule_describe(&s->rule, (int)ctx->lang, words, sizeof words);
            snprintf(buf, sizeof buf, "%-24s %s%s (%s): %s", valid,
                     b == 1 ? cli_tr(ctx, "[zone] ", "[зона] ") : "",
                     relok_label_or_name("rule", s->id, ctx->lang), docs, words);
            cli_wrap(ctx->out, buf, 2, 100);
            print_evidence(ctx, &s->fact, 4);
        }
    heading(ctx, "Entry rule versions", "Версии правил въезда");
    for (size_t b = 0; b < 2; b++)
        for (size_t i = 0; blocks[b] != NULL && i < blocks[b]->n_entry; i++) {
            const relok_entry_rule *e = &blocks[b]->entry[i];
            validity(ctx, &e->fact, valid, sizeof valid);
            docs_words(ctx, e->scope.documents, docs, sizeof docs);
            snprintf(buf, sizeof buf, "%-24s %s%s: %s", valid, b == 1 ? "[zone] " : "", docs,
                     access_words(ctx, e));
            cli_wrap(ctx->out, buf, 2, 100);
            print_evidence(ctx, &e->fact, 4);
        }
    heading(ctx, "Change log", "Журнал изменений");
    /* Sorted by date across the country's and the zone's logs. */
    const relok_change *all[512];
    size_t n = 0;
    for (size_t i = 0; i < c->n_changes && n < 512; i++)
        all[n++] = &c->changes[i];
    for (size_t i = 0; z != NULL && i < z->n_changes && n < 512; i++)
        all[n++] = &z->changes[i];
    for (size_t i = 1; i < n; i++) {
        const relok_change *x = all[i];
        size_t j = i;
        while (j > 0 && all[j - 1]->date > x->date) {
            all[j] = all[j - 1];
            j--;
        }
        all[j] = x;
    }
    if (n == 0)
        cli_wrap(ctx->out, cli_tr(ctx, "no entries", "записей нет"), 2, 100);
    for (size_t i = 0; i < n; i++) {
        char date[RELOK_DATE_BUF];
        snprintf(buf, sizeof buf, "%s  %s: %s", relok_date_format(all[i]->date, date),
                 all[i]->kind == RELOK_CHANGE_RULE_CHANGE
                     ? cli_tr(ctx, "rule change", "изменение правила")
                     : cli_tr(ctx, "data correction", "исправление данных"),
                 relok_text_get(&all[i]->what, ctx->lang));
        cli_wrap(ctx->out, buf, 2, 100);
        relok_fact f = {.sources = all[i]->sources,
                        .n_sources = all[i]->n_sources,
                        .is_verified = all[i]->is_verified,
                        .verified_on = all[i]->verified_on,
                        .to_check = all[i]->to_check,
                        .note = all[i]->note};
        print_evidence(ctx, &f, 14);
    }
    return CLI_EXIT_OK;
}

/* -------------------------------------------------------------- sources */

static void sources_help(cli_ctx *ctx)
{
    fprintf(ctx->out, "%s: relok sources [ID] [--json]\n\n%s\n\n",
            cli_tr(ctx, "Usage", "Запуск"),
            cli_tr(ctx, "The sources the knowledge base cites, or one source in full.",
                   "Источники, на которые ссылается база знаний, или один источник целиком."));
    cli_help_opt(ctx, "ID",
            cli_tr(ctx, "a source id, e.g. brief:LXIV", "идентификатор источника, например brief:LXIV"));
    cli_help_opt(ctx, "--json",
            cli_tr(ctx, "machine-readable output", "вывод в формате JSON"));
}

int cmd_sources(cli_ctx *ctx, int argc, char **argv)
{
    bool json = false, help = false;
    const cli_opt opts[] = {{"json", CLI_OPT_FLAG, NULL, &json}, {NULL, CLI_OPT_FLAG, NULL, NULL}};
    const char *pos[1];
    size_t n_pos = 0;
    int rc = cli_parse(ctx, "sources", argc, argv, opts, pos, 1, &n_pos, &help);
    if (rc != CLI_EXIT_OK)
        return rc;
    if (help) {
        sources_help(ctx);
        return CLI_EXIT_OK;
    }
    relok_kb *kb = cli_kb(ctx, &rc);
    if (kb == NULL)
        return rc;
    const char *id = n_pos == 1 ? pos[0] : NULL;
    if (id != NULL && relok_kb_source(kb, id) == NULL)
        return cli_usage(ctx, "sources", "%s '%s'",
                         cli_tr(ctx, "no source with id", "нет источника с идентификатором"), id);
    if (json) {
        char *text = NULL;
        relok_error err = {0};
        relok_status s = relok_json_sources(kb, id, RELOK_JSON_PRETTY, &text, &err);
        if (s != RELOK_OK)
            return cli_report(ctx, &err, s);
        cli_print_json(ctx, text);
        return CLI_EXIT_OK;
    }
    char date[RELOK_DATE_BUF];
    if (id != NULL) {
        const relok_source *s = relok_kb_source(kb, id);
        fprintf(ctx->out, "%s\n", s->id);
        cli_wrap(ctx->out, s->title, 2, 100);
        if (s->note != NULL)
            cli_wrap(ctx->out, s->note, 2, 100);
        if (s->publisher != NULL)
            fprintf(ctx->out, "  %s: %s\n", cli_tr(ctx, "Publisher", "Издатель"), s->publisher);
        if (s->has_date)
            fprintf(ctx->out, "  %s: %s\n", cli_tr(ctx, "Date", "Дата"),
                    relok_pdate_format(s->date, date));
        if (s->url != NULL)
            cli_help_opt(ctx, "URL:", s->url);
        if (s->accessed != RELOK_DAY_NONE)
            fprintf(ctx->out, "  %s: %s\n", cli_tr(ctx, "Accessed", "Дата обращения"),
                    relok_date_format(s->accessed, date));
        return CLI_EXIT_OK;
    }
    const char *headers[] = {"ID", cli_tr(ctx, "Title", "Название"),
                             cli_tr(ctx, "Publisher", "Издатель"), cli_tr(ctx, "Date", "Дата")};
    cli_table t;
    cli_table_init(&t, 4, headers);
    for (size_t i = 0; i < relok_kb_n_sources(kb); i++) {
        const relok_source *s = relok_kb_source_at(kb, i);
        const char *cells[] = {s->id, s->title, s->publisher != NULL ? s->publisher : "",
                               s->has_date ? relok_pdate_format(s->date, date) : ""};
        if (cli_table_add(&t, cells) != 0) {
            cli_table_free(&t);
            return CLI_EXIT_INTERNAL;
        }
    }
    cli_table_print(&t, ctx->out);
    cli_table_free(&t);
    return CLI_EXIT_OK;
}
