/* SPDX-License-Identifier: MIT */
/* The advisor's entry judgement: which of the person's documents (and each
 * family member's) lets them in, and the blockers when none does. Engine
 * layer, no I/O. */
#include "build.h"

#include <stdio.h>
#include <string.h>

/* ================================================================ entry */

static bool admits(relok_access a)
{
    return a == RELOK_ACCESS_VISA_FREE || a == RELOK_ACCESS_VISA_ON_ARRIVAL ||
           a == RELOK_ACCESS_E_VISA;
}

docres relok__advise_eval_doc(const cb *b, const relok_held_doc *d)
{
    docres r = {RELOK_VERDICT_UNKNOWN, RELOK_BLOCK_NOT_ACCEPTED, NULL, RELOK_DAY_MAX,
                RELOK_DAY_MAX};
    if (d->expires != RELOK_DAY_NONE && d->expires < b->asof) {
        r.verdict = RELOK_VERDICT_BLOCKED;
        r.why = RELOK_BLOCK_DOCUMENT_EXPIRED;
        return r;
    }
    const relok_entry_rule *e =
        relok_kb_entry(b->kb, b->c, d->citizenship, d->type, RELOK_MODE_COUNT_, b->asof);
    r.rule = e;
    if (e == NULL)
        return r;
    if (!admits(e->access)) {
        r.verdict = RELOK_VERDICT_BLOCKED;
        r.why = e->access == RELOK_ACCESS_VISA ? RELOK_BLOCK_VISA_NEEDED : RELOK_BLOCK_NOT_ACCEPTED;
        return r;
    }
    if (d->expires != RELOK_DAY_NONE) {
        r.last_day = r.last_entry = d->expires;
        if (e->passport_valid_months >= 0) {
            relok_day limit = relok_date_add_months(d->expires, -(int)e->passport_valid_months);
            /* Counted from entry: each entry needs the months left; counted
             * from exit (departure): the stay must end that long before the
             * expiry. */
            if (e->validity_from_entry)
                r.last_entry = limit;
            else
                r.last_day = r.last_entry = limit;
            if (r.last_entry < b->asof) {
                r.verdict = RELOK_VERDICT_BLOCKED;
                r.why = RELOK_BLOCK_PASSPORT_VALIDITY;
                return r;
            }
        }
    }
    r.verdict = RELOK_VERDICT_ADMITTED;
    return r;
}

/* Higher is better: how a document lets its holder in. */
static int access_rank(relok_access a)
{
    return a == RELOK_ACCESS_VISA_FREE ? 3 : a == RELOK_ACCESS_VISA_ON_ARRIVAL ? 2 : 1;
}

/* The best of a set of held documents: an admitting one (visa-free over a
 * formality, then the one valid longest), else an unknown one, else the most
 * telling refusal. *best_i gets its index (or n when none). */
static docres best_doc(const cb *b, const relok_held_doc *docs, size_t n, size_t *best_i)
{
    docres best = {RELOK_VERDICT_BLOCKED, RELOK_BLOCK_NOT_ACCEPTED, NULL, RELOK_DAY_MAX,
                   RELOK_DAY_MAX};
    /* Refusal priority: a passport that would do but expires too soon says
     * the most, then "visa needed", then "not accepted", then "expired". */
    static const int why_rank[RELOK_BLOCK_COUNT_] = {
        [RELOK_BLOCK_PASSPORT_VALIDITY] = 4, [RELOK_BLOCK_VISA_NEEDED] = 3,
        [RELOK_BLOCK_NOT_ACCEPTED] = 2, [RELOK_BLOCK_DOCUMENT_EXPIRED] = 1};
    size_t bi = n;
    for (size_t i = 0; i < n; i++) {
        docres r = relok__advise_eval_doc(b, &docs[i]);
        bool better = false;
        if (bi == n)
            better = true;
        else if (r.verdict != best.verdict)
            better = (r.verdict == RELOK_VERDICT_ADMITTED) ||
                     (r.verdict == RELOK_VERDICT_UNKNOWN && best.verdict == RELOK_VERDICT_BLOCKED);
        else if (r.verdict == RELOK_VERDICT_ADMITTED) {
            int ra = access_rank(r.rule->access), ba = access_rank(best.rule->access);
            better = ra > ba || (ra == ba && r.last_day > best.last_day);
        } else if (r.verdict == RELOK_VERDICT_BLOCKED)
            better = why_rank[r.why] > why_rank[best.why];
        if (better) {
            best = r;
            bi = i;
        }
    }
    *best_i = bi;
    return best;
}

static relok_text block_text(cb *b, const docres *r, const relok_held_doc *d, const char *who_en,
                             const char *who_ru)
{
    char en[512], ru[768], date[RELOK_DATE_BUF];
    relok_date_format(d->expires, date);
    switch (r->why) {
    case RELOK_BLOCK_PASSPORT_VALIDITY:
        snprintf(en, sizeof en,
                 "%sPassport expires on %s: the country wants it valid %d more months "
                 "(counted from %s)",
                 who_en, date, (int)r->rule->passport_valid_months,
                 r->rule->validity_from_entry ? "entry" : "departure");
        snprintf(ru, sizeof ru,
                 "%sЗагранпаспорт действует до %s, а страна требует ещё %d мес. действия "
                 "(считая от %s)",
                 who_ru, date, (int)r->rule->passport_valid_months,
                 r->rule->validity_from_entry ? "въезда" : "выезда");
        break;
    case RELOK_BLOCK_VISA_NEEDED:
        snprintf(en, sizeof en, "%sVisa needed: no visa-free entry with your %s", who_en,
                 relok__advise_doc_en[d->type]);
        snprintf(ru, sizeof ru, "%sНужна виза: по %s без визы не въехать", who_ru,
                 relok__advise_doc_ru_dat[d->type]);
        break;
    case RELOK_BLOCK_DOCUMENT_EXPIRED:
        snprintf(en, sizeof en, "%sYour %s expired on %s", who_en, relok__advise_doc_en[d->type], date);
        snprintf(ru, sizeof ru, "%sСрок действия документа (%s) истёк %s", who_ru,
                 relok__advise_doc_ru[d->type], date);
        break;
    default:
        snprintf(en, sizeof en, "%sYour %s is not accepted for entry", who_en, relok__advise_doc_en[d->type]);
        snprintf(ru, sizeof ru, "%sПо документу «%s» не въехать", who_ru, relok__advise_doc_ru[d->type]);
        break;
    }
    return text2(b, en, ru);
}

/* Would a passport of `cit` admit the person? */
static bool passport_would_admit(const cb *b, const char *cit)
{
    const relok_entry_rule *e =
        relok_kb_entry(b->kb, b->c, cit, RELOK_DOC_PASSPORT, RELOK_MODE_COUNT_, b->asof);
    return e != NULL && admits(e->access);
}

/* The person's entry; returns the best document index (p->n_docs when none). */
size_t relok__advise_entry(cb *b)
{
    const relok_profile *p = b->p;
    relok_advice_entry *ent = &b->out->entry;
    size_t bi = p->n_docs;
    docres best = best_doc(b, p->docs, p->n_docs, &bi);
    ent->verdict = best.verdict;
    ent->document = RELOK_DOC_COUNT_;
    ent->doc_last_day = RELOK_DAY_MAX;
    ent->doc_expires = RELOK_DAY_NONE;
    for (size_t i = 0; i < p->n_docs; i++) {
        docres r = relok__advise_eval_doc(b, &p->docs[i]);
        if (r.verdict == RELOK_VERDICT_ADMITTED)
            ent->documents_admitted |= 1u << p->docs[i].type;
    }
    if (bi < p->n_docs && best.verdict != RELOK_VERDICT_BLOCKED) {
        ent->document = p->docs[bi].type;
        memcpy(ent->citizenship, p->docs[bi].citizenship, 3);
        ent->rule = best.rule;
        ent->doc_last_day = best.last_day;
        ent->doc_expires = p->docs[bi].expires;
    }
    if (best.verdict == RELOK_VERDICT_BLOCKED) {
        const relok_held_doc *d = &p->docs[bi < p->n_docs ? bi : 0];
        bool has_passport = relok__profile_holds(p, RELOK_DOC_PASSPORT, b->asof);
        if (best.why != RELOK_BLOCK_PASSPORT_VALIDITY && !has_passport &&
            passport_would_admit(b, p->citizenships[0])) {
            /* The brief's case: many relokanty hold only the internal ID,
             * which only EAEU states accept. */
            relok_text t;
            bool expired = false;
            for (size_t i = 0; i < p->n_docs; i++)
                if (p->docs[i].type == RELOK_DOC_PASSPORT)
                    expired = true;
            if (expired)
                t = (relok_text){"Needs a valid international passport: yours has expired",
                                 "Нужен действующий загранпаспорт: срок вашего истёк"};
            else
                t = (relok_text){"Needs an international passport: you hold only an internal ID",
                                 "Нужен загранпаспорт: у вас только внутренний паспорт"};
            const relok_entry_rule *pe = relok_kb_entry(b->kb, b->c, p->citizenships[0],
                                                        RELOK_DOC_PASSPORT, RELOK_MODE_COUNT_,
                                                        b->asof);
            blocker(b, RELOK_BLOCK_PASSPORT_NEEDED, t,
                    best.rule != NULL ? &best.rule->fact : (pe != NULL ? &pe->fact : NULL), NULL);
        } else {
            blocker(b, best.why, block_text(b, &best, d, "", ""),
                    best.rule != NULL ? &best.rule->fact : NULL, NULL);
        }
    } else if (best.verdict == RELOK_VERDICT_UNKNOWN) {
        unknown(b, RELOK_DIM_ACCESS, U_ENTRY,
                (relok_text){"No entry rule recorded for your documents",
                             "Правила въезда для ваших документов не записаны"});
    }

    /* Entry bars tied to the person's own factors (a travel-history bar in
     * law, DESIGN.md): the country's own and its zone's. */
    const relok_zone *z = relok_kb_zone_of(b->kb, b->c, b->asof);
    const relok_rules *blocks[2] = {&b->c->rules, z != NULL ? &z->rules : NULL};
    for (size_t k = 0; k < 2; k++) {
        const relok_rules *r = blocks[k];
        for (size_t i = 0; r != NULL && i < r->n_bars; i++) {
            const relok_entry_bar *bar = &r->bars[i];
            if (!relok_fact_in_force(&bar->fact, b->asof) || !(p->factors & (1u << bar->factor)))
                continue;
            char en_[1024], ru_[1536];
            snprintf(en_, sizeof en_, "Entry barred: %s", tx(&bar->title, RELOK_LANG_EN));
            snprintf(ru_, sizeof ru_, "Запрет на въезд: %s", tx(&bar->title, RELOK_LANG_RU));
            blocker(b, RELOK_BLOCK_ENTRY_BAR, text2(b, en_, ru_), &bar->fact, NULL);
            ent->verdict = RELOK_VERDICT_BLOCKED;
        }
    }

    /* Family members move too: a member who cannot enter blocks the move. */
    for (size_t m = 0; m < p->n_members; m++) {
        const relok_member *mem = &p->members[m];
        char who_en[64], who_ru[96];
        if (mem->is_partner) {
            snprintf(who_en, sizeof who_en, "Your partner: ");
            snprintf(who_ru, sizeof who_ru, "Партнёр: ");
        } else {
            snprintf(who_en, sizeof who_en, "Your child (age %d): ", (int)mem->age);
            snprintf(who_ru, sizeof who_ru, "Ребёнок (%d лет): ", (int)mem->age);
        }
        if (mem->n_docs == 0) {
            char en[256], ru[256];
            snprintf(en, sizeof en, "%sdocuments not stated, entry not checked", who_en);
            snprintf(ru, sizeof ru, "%sдокументы не указаны, въезд не проверен", who_ru);
            unknown(b, RELOK_DIM_ACCESS, U_MEMBER, text2(b, en, ru));
            continue;
        }
        size_t mi = mem->n_docs;
        docres r = best_doc(b, mem->docs, mem->n_docs, &mi);
        if (r.verdict == RELOK_VERDICT_BLOCKED) {
            blocker(b, RELOK_BLOCK_MEMBER, block_text(b, &r, &mem->docs[mi], who_en, who_ru),
                    r.rule != NULL ? &r.rule->fact : NULL, NULL);
        } else if (r.verdict == RELOK_VERDICT_UNKNOWN) {
            char en[256], ru[256];
            snprintf(en, sizeof en, "%sno entry rule recorded for their %s", who_en,
                     relok__advise_doc_en[mem->docs[mi].type]);
            snprintf(ru, sizeof ru, "%sправило въезда по документу «%s» не записано", who_ru,
                     relok__advise_doc_ru[mem->docs[mi].type]);
            unknown(b, RELOK_DIM_ACCESS, U_MEMBER, text2(b, en, ru));
        }
    }
    return best.verdict == RELOK_VERDICT_BLOCKED ? p->n_docs : bi;
}
