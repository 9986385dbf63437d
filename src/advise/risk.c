/* SPDX-License-Identifier: MIT */
/* Personal and general risks: penalties on the safety and stability
 * scores, and blockers for the grave ones. Engine layer, no I/O. */
#include "build.h"

#include <stdio.h>
#include <string.h>

/* ================================================================ risks */

static const char *const sev_en[RELOK_SEVERITY_COUNT_] = {"Low", "Medium", "High", "Blocker"};
static const char *const sev_ru[RELOK_SEVERITY_COUNT_] = {"Низкий", "Средний", "Высокий",
                                                           "Блокирующий"};

static double penalty(relok_severity s)
{
    static const double p[RELOK_SEVERITY_COUNT_] = {5, 12, 25, 40};
    return p[s];
}

/* A risk tagged with documents concerns only those who travel on one of
 * them: not a person who holds none, nor (for a risk of internal-ID
 * holders) one who holds a valid passport. */
static bool concerns_documents(const cb *b, const relok_risk *r)
{
    if (r->documents == 0)
        return true;
    if (!holds_any(b->p, r->documents, b->asof))
        return false;
    return (r->documents & (1u << RELOK_DOC_PASSPORT)) != 0 ||
           !relok__profile_holds(b->p, RELOK_DOC_PASSPORT, b->asof);
}

/* A risk in words; mine: the person's factors it is tied to. */
static relok_text risk_words(cb *b, const relok_risk *r, unsigned mine)
{
    char fen[160] = "", fru[256] = "";
    for (int f = 0; f < RELOK_FACTOR_COUNT_; f++)
        if (mine & (1u << f)) {
            size_t le = strlen(fen), lr = strlen(fru);
            snprintf(fen + le, sizeof fen - le, "%s%s", le ? ", " : "",
                     relok_factor_label((relok_factor)f, RELOK_LANG_EN));
            snprintf(fru + lr, sizeof fru - lr, "%s%s", lr ? ", " : "",
                     relok_factor_label((relok_factor)f, RELOK_LANG_RU));
        }
    char en[1024], ru[1536];
    if (mine != 0) {
        snprintf(en, sizeof en, "%s risk tied to you (%s): %s", sev_en[r->severity], fen,
                 tx(&r->title, RELOK_LANG_EN));
        snprintf(ru, sizeof ru, "%s риск, касающийся вас (%s): %s", sev_ru[r->severity], fru,
                 tx(&r->title, RELOK_LANG_RU));
    } else {
        snprintf(en, sizeof en, "%s risk: %s", sev_en[r->severity], tx(&r->title, RELOK_LANG_EN));
        snprintf(ru, sizeof ru, "%s риск: %s", sev_ru[r->severity], tx(&r->title, RELOK_LANG_RU));
    }
    return text2(b, en, ru);
}

void relok__advise_risks(cb *b)
{
    const relok_profile *p = b->p;
    const relok_country *c = b->c;
    for (size_t i = 0; i < c->n_risks; i++) {
        const relok_risk *r = &c->risks[i];
        if (!relok_fact_in_force(&r->fact, b->asof) || !concerns_documents(b, r))
            continue;
        unsigned mine = r->factors & p->factors;
        if (r->factors != 0 && mine == 0)
            continue;
        relok_advice_risk *ar = vec_push(b->a, &b->risks, sizeof *ar);
        if (ar == NULL) {
            b->oom = true;
            return;
        }
        ar->risk = r;
        ar->is_personal = mine != 0;
        ar->is_blocker = r->severity == RELOK_SEVERITY_BLOCKER ||
                         (r->severity == RELOK_SEVERITY_HIGH && ar->is_personal);
        double pts = penalty(r->severity) * (mine != 0 ? PERSONAL_FACTOR : 1.0);
        relok_text t = says(b, -pts) || ar->is_blocker ? risk_words(b, r, mine) : (relok_text){0};
        reason(b, r->dimension, -pts, t, &r->fact, NULL);
        if (ar->is_blocker)
            blocker(b, RELOK_BLOCK_RISK, t, &r->fact, r);
    }
}

/* Whose risks were looked for there: as the KB says, and also anyone a
 * recorded risk is about (a recorded risk means someone looked). */
static unsigned researched(const relok_country *c)
{
    unsigned r = c->risks_researched;
    for (size_t i = 0; i < c->n_risks; i++)
        r |= c->risks[i].factors != 0 ? c->risks[i].factors : RELOK_RISKS_GENERAL;
    return r;
}

/* Is a risk tied to factor f in force there on d? */
static bool factor_risk_found(const relok_country *c, int f, relok_day d)
{
    for (size_t i = 0; i < c->n_risks; i++)
        if ((c->risks[i].factors & (1u << f)) && relok_fact_in_force(&c->risks[i].fact, d))
            return true;
    return false;
}

/* The starting values of safety and stability, then one line per factor of
 * the person's: risks found (listed by relok__advise_risks), researched
 * with none found, or not researched (a cautious penalty). */
void relok__advise_risk_bases(cb *b)
{
    const relok_country *c = b->c;
    unsigned looked = researched(c);
    b->out->risks_researched = looked;
    if (looked & RELOK_RISKS_GENERAL) {
        relok_text t = c->n_risks > 0
                           ? (relok_text){"Starting value (the country's risks are recorded)",
                                          "Начальное значение (риски страны записаны)"}
                           : (relok_text){"Starting value: risks were researched, none found",
                                          "Начальное значение: риски изучены, не найдено ни "
                                          "одного"};
        base_reason(b, RELOK_DIM_STABILITY, RISK_BASE, t, false);
        base_reason(b, RELOK_DIM_SAFETY, RISK_BASE, t, false);
    } else {
        static const relok_text t = {"Risks here were not researched: cautious value",
                                     "Риски здесь не изучались: осторожная оценка"};
        base_reason(b, RELOK_DIM_STABILITY, RISK_UNRESEARCHED, t, true);
        base_reason(b, RELOK_DIM_SAFETY, RISK_UNRESEARCHED, t, true);
        unknown(b, RELOK_DIM_SAFETY, U_RISKS_SAFETY,
                (relok_text){"Risks here were not researched: safety unknown",
                             "Риски здесь не изучались: безопасность неизвестна"});
        unknown(b, RELOK_DIM_STABILITY, U_RISKS_STABILITY,
                (relok_text){"Risks here were not researched: stability unknown",
                             "Риски здесь не изучались: стабильность неизвестна"});
    }
    for (int f = 0; f < RELOK_FACTOR_COUNT_; f++) {
        if (!(b->p->factors & (1u << f)) || factor_risk_found(c, f, b->asof))
            continue;
        bool found = (looked & (1u << f)) != 0;
        double pts = found ? 0 : -RISK_FACTOR_UNRESEARCHED;
        const char *le = NULL, *lr = NULL;
        if (says(b, pts) || wordy(b)) {
            le = relok_factor_label((relok_factor)f, RELOK_LANG_EN);
            lr = relok_factor_label((relok_factor)f, RELOK_LANG_RU);
        }
        char en[256], ru[384];
        relok_text t = {0};
        if (found) {
            if (says(b, pts)) {
                snprintf(en, sizeof en, "Risks for you (%s): researched, none found", le);
                snprintf(ru, sizeof ru, "Риски для вас (%s): изучены, не найдено", lr);
                t = text2(b, en, ru);
            }
            reason(b, RELOK_DIM_SAFETY, pts, t, NULL, NULL);
            continue;
        }
        if (says(b, pts)) {
            snprintf(en, sizeof en, "Risks for you (%s) were not researched here: cautious value",
                     le);
            snprintf(ru, sizeof ru, "Риски для вас (%s) здесь не изучались: осторожная оценка", lr);
            t = text2(b, en, ru);
        }
        neutral_reason(b, RELOK_DIM_SAFETY, pts, t);
        t = (relok_text){0};
        if (wordy(b)) {
            snprintf(en, sizeof en, "Risks for you (%s) were not researched here", le);
            snprintf(ru, sizeof ru, "Риски для вас (%s) здесь не изучались", lr);
            t = text2(b, en, ru);
        }
        unknown(b, RELOK_DIM_SAFETY, U_RISK_FACTOR, t);
    }
}
