/* SPDX-License-Identifier: MIT */
/* The society and opportunity scores: language, community, attitude,
 * pathways, work fit, banking, growth. Engine layer, no I/O. */
#include "build.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ====================================================== society & work */

const relok_language *relok__advise_language_of(const relok_country *c, const char *code,
                                                relok_day d)
{
    for (size_t i = 0; i < c->n_languages; i++)
        if (strcmp(c->languages[i].lang, code) == 0 && relok_fact_in_force(&c->languages[i].fact, d))
            return &c->languages[i];
    return NULL;
}

static bool any_language(const relok_country *c, relok_day d)
{
    for (size_t i = 0; i < c->n_languages; i++)
        if (relok_fact_in_force(&c->languages[i].fact, d))
            return true;
    return false;
}

/* The most widely spoken of the person's languages there, or NULL. */
static const relok_language *best_language(const cb *b)
{
    const relok_language *best = NULL;
    for (size_t i = 0; i < b->p->n_languages; i++) {
        const relok_language *l = relok__advise_language_of(b->c, b->p->languages[i], b->asof);
        if (l != NULL && (best == NULL || l->spread < best->spread))
            best = l;
    }
    return best;
}

/* The latest point of indicator `id` dated on or before d, or NULL. */
static const relok_point *indicator(const relok_country *c, const char *id, relok_day d,
                                    const relok_indicator **out_ind)
{
    for (size_t i = 0; i < c->n_indicators; i++) {
        const relok_indicator *ind = &c->indicators[i];
        if (strcmp(ind->id, id) != 0)
            continue;
        const relok_point *best = NULL;
        for (size_t k = 0; k < ind->n_points; k++)
            if (ind->points[k].date.day <= d)
                best = &ind->points[k];
        *out_ind = ind;
        return best;
    }
    return NULL;
}

static void point_words(const relok_point *pt, const char *unit, char *buf, size_t len)
{
    char a[48], z[48], date[RELOK_DATE_BUF];
    const char *u = strcmp(unit, "percent") == 0 ? " %" : "";
    if (pt->is_range)
        snprintf(buf, len, "%s–%s%s (%s)", relok__advise_fmt_num(pt->low, a, sizeof a),
                 relok__advise_fmt_num(pt->high, z, sizeof z), u, relok_pdate_format(pt->date, date));
    else
        snprintf(buf, len, "%s%s (%s)", relok__advise_fmt_num(pt->low, a, sizeof a), u,
                 relok_pdate_format(pt->date, date));
}

static void indicator_reason(cb *b, relok_dimension d, const relok_indicator *ind,
                             const relok_point *pt, double points)
{
    relok_text t = {0};
    if (says(b, points)) {
        char w[128], en[512], ru[768];
        point_words(pt, ind->unit, w, sizeof w);
        snprintf(en, sizeof en, "%s: %s", tx(&ind->label, RELOK_LANG_EN), w);
        snprintf(ru, sizeof ru, "%s: %s", tx(&ind->label, RELOK_LANG_RU), w);
        t = text2(b, en, ru);
    }
    reason(b, d, points, t, &pt->fact, NULL);
}

static double lang_points(relok_spread s)
{
    return s == RELOK_SPREAD_WIDELY ? SOC_LANG_WIDELY
           : s == RELOK_SPREAD_COMMON ? SOC_LANG_COMMON
           : s == RELOK_SPREAD_PARTLY ? SOC_LANG_PARTLY
                                      : 0;
}

void relok__advise_society_reasons(cb *b)
{
    base_reason(b, RELOK_DIM_SOCIETY, SOC_BASE,
                (relok_text){"Starting value", "Начальное значение"}, false);
    const relok_language *l = best_language(b);
    if (l != NULL) {
        relok_text t = {0};
        if (says(b, lang_points(l->spread))) {
            const char *en_name, *ru_name;
            relok__advise_lang_names(l->lang, &en_name, &ru_name);
            char en[256], ru[256];
            snprintf(en, sizeof en, "%s, which you speak, is spoken %s there", en_name,
                     relok__advise_spread_en[l->spread]);
            snprintf(ru, sizeof ru, "Язык, на котором вы говорите (%s), распространён там %s",
                     ru_name, relok__advise_spread_ru[l->spread]);
            t = text2(b, en, ru);
        }
        reason(b, RELOK_DIM_SOCIETY, lang_points(l->spread), t, &l->fact, NULL);
    } else if (any_language(b->c, b->asof)) {
        reason(b, RELOK_DIM_SOCIETY, 0,
               (relok_text){"None of your languages is recorded as spoken there",
                            "Ни один из ваших языков не записан как распространённый там"},
               NULL, NULL);
    } else {
        neutral_reason(b, RELOK_DIM_SOCIETY, 0,
                       (relok_text){"Languages spoken there not recorded: cautious value",
                                    "Языки страны не записаны: осторожная оценка"});
        unknown(b, RELOK_DIM_SOCIETY, U_LANG,
                (relok_text){"Which languages are spoken there is not recorded",
                             "Какие языки там распространены, не записано"});
    }
    const relok_indicator *ind = NULL;
    const relok_point *pt = indicator(b->c, "russian_stock", b->asof, &ind);
    if (pt != NULL) {
        double s[2] = {pt->low, pt->high}, pts = 0;
        for (int k = 0; k < 2; k++) {
            double v = s[k] > 1000 ? SOC_COMMUNITY_PER_DECADE * log10(s[k] / 1000) : 0;
            pts += (v > SOC_COMMUNITY_MAX ? SOC_COMMUNITY_MAX : v) / 2;
        }
        indicator_reason(b, RELOK_DIM_SOCIETY, ind, pt, pts);
    }
    pt = indicator(b->c, "poll_negative_attitude", b->asof, &ind);
    if (pt != NULL)
        indicator_reason(b, RELOK_DIM_SOCIETY, ind, pt,
                         -SOC_ATTITUDE_PER_PCT * (pt->low + pt->high) / 2);
}

/* The first banking record in force, or NULL. */
static const relok_banking *banking_of(const relok_country *c, relok_day d)
{
    for (size_t i = 0; i < c->n_banking; i++)
        if (relok_fact_in_force(&c->banking[i].fact, d))
            return &c->banking[i];
    return NULL;
}

void relok__advise_opportunity_reasons(cb *b)
{
    const relok_profile *p = b->p;
    base_reason(b, RELOK_DIM_OPPORTUNITY, OPP_BASE,
                (relok_text){"Starting value", "Начальное значение"}, false);
    /* Pathways: the best the person can use now. */
    const relok_advice_pathway *pws = b->pathways.items;
    size_t n = b->pathways.n;
    const relok_advice_pathway *q = NULL, *qa = NULL, *miss = NULL, *unk = NULL;
    for (size_t i = 0; i < n; i++) {
        if (pws[i].status == RELOK_PATHWAY_STATUS_QUALIFIES) {
            if (is_asylum(pws[i].pathway)) {
                if (qa == NULL)
                    qa = &pws[i];
            } else if (q == NULL) {
                q = &pws[i];
            }
        } else if (pws[i].status == RELOK_PATHWAY_STATUS_MISSING) {
            if (miss == NULL)
                miss = &pws[i];
        } else if (unk == NULL) {
            unk = &pws[i];
        }
    }
    char en[768], ru[1024];
    double unknown_w = 0;
    for (size_t i = 0; i < n; i++)
        if (pws[i].status == RELOK_PATHWAY_STATUS_UNKNOWN ||
            pws[i].status == RELOK_PATHWAY_STATUS_NOT_RECORDED) {
            relok_text t = {0};
            if (wordy(b)) {
                snprintf(en, sizeof en, "Pathway \"%s\": %s",
                         tx(&pws[i].pathway->name, RELOK_LANG_EN),
                         pws[i].status == RELOK_PATHWAY_STATUS_UNKNOWN
                             ? "some requirements cannot be checked"
                             : "its requirements are not recorded");
                snprintf(ru, sizeof ru, "Путь «%s»: %s", tx(&pws[i].pathway->name, RELOK_LANG_RU),
                         pws[i].status == RELOK_PATHWAY_STATUS_UNKNOWN
                             ? "часть требований проверить нельзя"
                             : "требования не записаны");
                t = text2(b, en, ru);
            }
            double w = unknown_w + U_PATHWAY > U_PATHWAYS_CAP ? U_PATHWAYS_CAP - unknown_w
                                                              : U_PATHWAY;
            unknown_w += w;
            unknown(b, RELOK_DIM_OPPORTUNITY, w, t);
        }
    if (q != NULL || qa != NULL) {
        const relok_advice_pathway *x = q != NULL ? q : qa;
        double pts = q != NULL ? OPP_PATH_QUALIFIES : OPP_PATH_ASYLUM_ONLY;
        relok_text t = {0};
        if (says(b, pts)) {
            snprintf(en, sizeof en, "You qualify now for \"%s\"%s",
                     tx(&x->pathway->name, RELOK_LANG_EN),
                     q == NULL ? " (a claim, not a permit)" : "");
            snprintf(ru, sizeof ru, "Вы уже подходите под путь «%s»%s",
                     tx(&x->pathway->name, RELOK_LANG_RU),
                     q == NULL ? " (это заявление, а не разрешение)" : "");
            t = text2(b, en, ru);
        }
        reason(b, RELOK_DIM_OPPORTUNITY, pts, t, &x->pathway->fact, NULL);
    } else if (unk != NULL) {
        neutral_reason(b, RELOK_DIM_OPPORTUNITY, OPP_PATH_UNKNOWN,
                       (relok_text){"Whether you qualify for a pathway is unknown: cautious value",
                                    "Подходите ли вы под какой-либо путь, неизвестно: "
                                    "осторожная оценка"});
    } else if (miss != NULL) {
        relok_text t = {0};
        if (says(b, OPP_PATH_MISSING)) {
            relok_text first = {"", ""};
            for (size_t k = 0; k < miss->n_checks; k++)
                if (miss->checks[k].status == RELOK_CHECK_UNMET) {
                    first = relok__advise_check_words(b, miss, k);
                    break;
                }
            snprintf(en, sizeof en,
                     "No pathway you qualify for yet; closest: \"%s\", missing: %s",
                     tx(&miss->pathway->name, RELOK_LANG_EN), tx(&first, RELOK_LANG_EN));
            snprintf(ru, sizeof ru,
                     "Пока нет пути, под который вы подходите; ближайший: «%s», не "
                     "хватает: %s",
                     tx(&miss->pathway->name, RELOK_LANG_RU), tx(&first, RELOK_LANG_RU));
            t = text2(b, en, ru);
        }
        reason(b, RELOK_DIM_OPPORTUNITY, OPP_PATH_MISSING, t, &miss->pathway->fact, NULL);
    } else {
        neutral_reason(b, RELOK_DIM_OPPORTUNITY, OPP_PATH_UNKNOWN,
                       (relok_text){"No residence or work pathways recorded: cautious value",
                                    "Пути к ВНЖ или работе не записаны: осторожная оценка"});
        unknown(b, RELOK_DIM_OPPORTUNITY, U_PATHWAYS_NONE,
                (relok_text){"No residence or work pathways recorded",
                             "Пути к ВНЖ или работе не записаны"});
    }

    /* Work fit. */
    if (p->work == RELOK_WORK_REMOTE_FOREIGN || p->work == RELOK_WORK_REMOTE_RUSSIAN) {
        reason(b, RELOK_DIM_OPPORTUNITY, OPP_REMOTE_INCOME,
               (relok_text){"Your remote income does not depend on the local job market",
                            "Ваш удалённый доход не зависит от местного рынка труда"},
               NULL, NULL);
        for (size_t i = 0; i < n; i++)
            if (pws[i].pathway->kind == RELOK_PATHWAY_DIGITAL_NOMAD &&
                pws[i].status == RELOK_PATHWAY_STATUS_QUALIFIES) {
                relok_text t = {0};
                if (says(b, OPP_NOMAD_STATUS)) {
                    snprintf(en, sizeof en, "A status made for remote workers: \"%s\"",
                             tx(&pws[i].pathway->name, RELOK_LANG_EN));
                    snprintf(ru, sizeof ru, "Статус для удалённых работников: «%s»",
                             tx(&pws[i].pathway->name, RELOK_LANG_RU));
                    t = text2(b, en, ru);
                }
                reason(b, RELOK_DIM_OPPORTUNITY, OPP_NOMAD_STATUS, t, &pws[i].pathway->fact, NULL);
                break;
            }
    } else if (p->work == RELOK_WORK_LOCAL_JOB) {
        const relok_language *l = best_language(b);
        if (l != NULL) {
            const char *en_name, *ru_name;
            relok__advise_lang_names(l->lang, &en_name, &ru_name);
            double pts = l->spread == RELOK_SPREAD_WIDELY   ? 10
                         : l->spread == RELOK_SPREAD_COMMON ? 5
                         : l->spread == RELOK_SPREAD_PARTLY ? 0
                                                            : -10;
            relok_text t = {0};
            if (says(b, pts)) {
                snprintf(en, sizeof en, "Looking for local work in %s, spoken %s there", en_name,
                         relok__advise_spread_en[l->spread]);
                snprintf(ru, sizeof ru,
                         "Поиск местной работы на языке (%s), распространённом там %s", ru_name,
                         relok__advise_spread_ru[l->spread]);
                t = text2(b, en, ru);
            }
            reason(b, RELOK_DIM_OPPORTUNITY, pts, t, &l->fact, NULL);
        } else if (any_language(b->c, b->asof)) {
            reason(b, RELOK_DIM_OPPORTUNITY, -10,
                   (relok_text){"Local work needs a language you do not speak",
                                "Для местной работы нужен язык, которым вы не владеете"},
                   NULL, NULL);
        }
        if (p->has_local_job_offer)
            reason(b, RELOK_DIM_OPPORTUNITY, OPP_JOB_OFFER,
                   (relok_text){"You have a local job offer", "У вас есть местное предложение о "
                                                              "работе"},
                   NULL, NULL);
    }

    /* Banking. */
    const relok_banking *bk = banking_of(b->c, b->asof);
    if (bk == NULL) {
        neutral_reason(b, RELOK_DIM_OPPORTUNITY, 0,
                       (relok_text){"Banking for Russians not recorded: cautious value",
                                    "Банковское обслуживание россиян не записано: осторожная "
                                    "оценка"});
        unknown(b, RELOK_DIM_OPPORTUNITY, U_BANK,
                (relok_text){"Whether Russians can open accounts there is not recorded",
                             "Могут ли россияне открыть там счёт, не записано"});
    } else {
        static const double acc[RELOK_AVAIL_COUNT_] = {10, 4, -10, 0};
        static const double card[RELOK_AVAIL_COUNT_] = {5, 2, -5, 0};
        static const double xfer[RELOK_AVAIL_COUNT_] = {5, 0, -10, 0};
        static const char *const av_en[RELOK_AVAIL_COUNT_] = {"yes", "restricted", "no", "unknown"};
        static const char *const av_ru[RELOK_AVAIL_COUNT_] = {"да", "с ограничениями", "нет",
                                                               "неизвестно"};
        const struct {
            relok_avail v;
            const double *pts;
            const char *en, *ru;
            bool applies;
        } items[] = {
            {bk->account, acc, "Bank account for Russians", "Банковский счёт для россиян", true},
            {bk->card, card, "Local bank card", "Местная банковская карта", true},
            {bk->transfers, xfer, "Transfers from Russia (you are paid from Russia)",
             "Переводы из России (вам платят из России)", p->work == RELOK_WORK_REMOTE_RUSSIAN}};
        for (size_t i = 0; i < sizeof items / sizeof *items; i++) {
            if (!items[i].applies)
                continue;
            double pts = items[i].pts[items[i].v];
            bool unk_ = items[i].v == RELOK_AVAIL_UNKNOWN;
            if (says(b, pts) || (unk_ && wordy(b))) {
                snprintf(en, sizeof en, "%s: %s", items[i].en, av_en[items[i].v]);
                snprintf(ru, sizeof ru, "%s: %s", items[i].ru, av_ru[items[i].v]);
            }
            relok_advice_reason *r = reason(
                b, RELOK_DIM_OPPORTUNITY, pts, says(b, pts) ? text2(b, en, ru) : (relok_text){0},
                &bk->fact, NULL);
            if (unk_) {
                if (r != NULL)
                    r->is_neutral = true;
                unknown(b, RELOK_DIM_OPPORTUNITY, U_BANK_FIELD,
                        wordy(b) ? text2(b, en, ru) : (relok_text){0});
            }
        }
    }

    const relok_indicator *ind = NULL;
    const relok_point *pt = indicator(b->c, "gdp_growth", b->asof, &ind);
    if (pt != NULL) {
        double g = (pt->low + pt->high) / 2;
        g = g < OPP_GROWTH_MIN ? OPP_GROWTH_MIN : g > OPP_GROWTH_MAX ? OPP_GROWTH_MAX : g;
        indicator_reason(b, RELOK_DIM_OPPORTUNITY, ind, pt, g);
    }
}
