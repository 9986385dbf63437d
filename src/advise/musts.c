/* SPDX-License-Identifier: MIT */
/* The person's must-haves, each met, not met or unconfirmed. Engine
 * layer, no I/O. */
#include "build.h"

#include <stdio.h>

/* =========================================================== must-haves */

void relok__advise_musts(cb *b)
{
    const relok_profile *p = b->p;
    char en[512], ru[768];
    if (p->must.russian_widely_spoken) {
        relok_advice_must *m = vec_push(b->a, &b->musts, sizeof *m);
        if (m == NULL) {
            b->oom = true;
            return;
        }
        m->kind = RELOK_MUST_RUSSIAN_WIDELY_SPOKEN;
        const relok_language *l = relok__advise_language_of(b->c, "ru", b->asof);
        if (l == NULL) {
            m->status = RELOK_CHECK_UNKNOWN;
            m->text = (relok_text){"Russian widely spoken: not recorded",
                                   "Русский широко распространён: не записано"};
        } else {
            m->status = l->spread == RELOK_SPREAD_WIDELY ? RELOK_CHECK_MET : RELOK_CHECK_UNMET;
            snprintf(en, sizeof en, "Russian widely spoken: spoken %s", relok__advise_spread_en[l->spread]);
            snprintf(ru, sizeof ru, "Русский широко распространён: распространён %s",
                     relok__advise_spread_ru[l->spread]);
            m->text = text2(b, en, ru);
        }
    }
    int32_t months = p->must.residence_path_within_months;
    if (months > 0) {
        relok_advice_must *m = vec_push(b->a, &b->musts, sizeof *m);
        if (m == NULL) {
            b->oom = true;
            return;
        }
        m->kind = RELOK_MUST_RESIDENCE_PATH;
        const relok_advice_pathway *pws = b->pathways.items;
        const relok_advice_pathway *met = NULL, *timing = NULL, *slow = NULL;
        bool open = false;
        for (size_t i = 0; i < b->pathways.n; i++) {
            const relok_pathway *pw = pws[i].pathway;
            if (is_asylum(pw))
                continue; /* a claim is not a plan */
            if (pws[i].status == RELOK_PATHWAY_STATUS_QUALIFIES) {
                if (pw->months_to_residence >= 0 && pw->months_to_residence <= months)
                    met = met != NULL ? met : &pws[i];
                else if (pw->months_to_residence < 0)
                    timing = timing != NULL ? timing : &pws[i];
                else if (slow == NULL ||
                         pw->months_to_residence < slow->pathway->months_to_residence)
                    slow = &pws[i]; /* qualifies, but takes longer: the fastest such */
            } else if (pws[i].status != RELOK_PATHWAY_STATUS_MISSING) {
                open = true;
            }
        }
        if (met != NULL) {
            m->status = RELOK_CHECK_MET;
            snprintf(en, sizeof en, "Residence within %d months: \"%s\" (%d months)", (int)months,
                     tx(&met->pathway->name, RELOK_LANG_EN), (int)met->pathway->months_to_residence);
            snprintf(ru, sizeof ru, "ВНЖ в течение %d мес.: «%s» (%d мес.)", (int)months,
                     tx(&met->pathway->name, RELOK_LANG_RU), (int)met->pathway->months_to_residence);
        } else if (timing != NULL) {
            m->status = RELOK_CHECK_UNKNOWN;
            snprintf(en, sizeof en,
                     "Residence within %d months: you qualify for \"%s\", but how long it takes "
                     "is not recorded",
                     (int)months, tx(&timing->pathway->name, RELOK_LANG_EN));
            snprintf(ru, sizeof ru,
                     "ВНЖ в течение %d мес.: вы подходите под «%s», но срок оформления не "
                     "записан",
                     (int)months, tx(&timing->pathway->name, RELOK_LANG_RU));
        } else if (open) {
            m->status = RELOK_CHECK_UNKNOWN;
            snprintf(en, sizeof en,
                     "Residence within %d months: whether you qualify for a pathway is unknown",
                     (int)months);
            snprintf(ru, sizeof ru,
                     "ВНЖ в течение %d мес.: подходите ли вы под какой-либо путь, неизвестно",
                     (int)months);
        } else if (slow != NULL) {
            m->status = RELOK_CHECK_UNMET;
            snprintf(en, sizeof en,
                     "Residence within %d months: the fastest pathway you qualify for, \"%s\", "
                     "takes %d months",
                     (int)months, tx(&slow->pathway->name, RELOK_LANG_EN),
                     (int)slow->pathway->months_to_residence);
            snprintf(ru, sizeof ru,
                     "ВНЖ в течение %d мес.: самый быстрый путь, под который вы подходите, "
                     "«%s», занимает %d мес.",
                     (int)months, tx(&slow->pathway->name, RELOK_LANG_RU),
                     (int)slow->pathway->months_to_residence);
        } else {
            m->status = RELOK_CHECK_UNMET;
            snprintf(en, sizeof en, "Residence within %d months: no pathway you qualify for now",
                     (int)months);
            snprintf(ru, sizeof ru, "ВНЖ в течение %d мес.: нет пути, под который вы подходите "
                                    "сейчас",
                     (int)months);
        }
        m->text = text2(b, en, ru);
    }
    const relok_advice_must *ms = b->musts.items;
    for (size_t i = 0; i < b->musts.n; i++) {
        if (ms[i].status == RELOK_CHECK_UNMET)
            b->out->n_unmet_musts++;
        else if (ms[i].status == RELOK_CHECK_UNKNOWN) {
            relok_text t = {0};
            if (wordy(b)) {
                char e2[1024], r2[1536];
                snprintf(e2, sizeof e2, "Must-have unconfirmed: %s",
                         tx(&ms[i].text, RELOK_LANG_EN));
                snprintf(r2, sizeof r2, "Обязательное условие не подтверждено: %s",
                         tx(&ms[i].text, RELOK_LANG_RU));
                t = text2(b, e2, r2);
            }
            unknown(b, ms[i].kind == RELOK_MUST_RESIDENCE_PATH ? RELOK_DIM_OPPORTUNITY
                                                               : RELOK_DIM_SOCIETY,
                    U_MUST, t);
        }
    }
}
