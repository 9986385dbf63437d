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

void relok__advise_risks(cb *b)
{
    const relok_profile *p = b->p;
    const relok_country *c = b->c;
    for (size_t i = 0; i < c->n_risks; i++) {
        const relok_risk *r = &c->risks[i];
        if (!relok_fact_in_force(&r->fact, b->asof))
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
            snprintf(en, sizeof en, "%s risk: %s", sev_en[r->severity],
                     tx(&r->title, RELOK_LANG_EN));
            snprintf(ru, sizeof ru, "%s риск: %s", sev_ru[r->severity],
                     tx(&r->title, RELOK_LANG_RU));
        }
        relok_text t = text2(b, en, ru);
        double pts = penalty(r->severity) * (mine != 0 ? PERSONAL_FACTOR : 1.0);
        relok_dimension d = r->dimension;
        reason(b, d, -pts, t, &r->fact, NULL);
        if (ar->is_blocker)
            blocker(b, RELOK_BLOCK_RISK, t, &r->fact, r);
    }
}

void relok__advise_risk_bases(cb *b)
{
    if (b->c->n_risks > 0) {
        static const relok_text t = {"Starting value (the country's risks are recorded)",
                                     "Начальное значение (риски страны записаны)"};
        base_reason(b, RELOK_DIM_STABILITY, RISK_BASE, t, false);
        base_reason(b, RELOK_DIM_SAFETY, RISK_BASE, t, false);
        return;
    }
    static const relok_text t = {"No risks recorded for this country: neutral value",
                                 "Риски для этой страны не записаны: нейтральное значение"};
    base_reason(b, RELOK_DIM_STABILITY, NEUTRAL, t, true);
    base_reason(b, RELOK_DIM_SAFETY, NEUTRAL, t, true);
    unknown(b, RELOK_DIM_SAFETY, U_RISKS_SAFETY,
            (relok_text){"No risks are recorded for this country: safety unknown",
                         "Риски для этой страны не записаны: безопасность неизвестна"});
    unknown(b, RELOK_DIM_STABILITY, U_RISKS_STABILITY,
            (relok_text){"No risks are recorded for this country: stability unknown",
                         "Риски для этой страны не записаны: стабильность неизвестна"});
}
