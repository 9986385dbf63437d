/* SPDX-License-Identifier: MIT */
/* Residence and work pathways: each requirement checked against the
 * profile (met, not met, unknown). Engine layer, no I/O. */
#include "build.h"

#include <stdio.h>
#include <string.h>

/* ============================================================ pathways */

typedef struct field_words {
    const char *en, *ru;
} field_words;

static const field_words req_words[RELOK_REQ_FIELD_COUNT_] = {
    [RELOK_REQF_REAL_ESTATE_VALUE] = {"real estate value", "стоимость недвижимости"},
    [RELOK_REQF_INVESTMENT] = {"investment", "инвестиции"},
    [RELOK_REQF_BUSINESS_TURNOVER] = {"business annual turnover", "годовой оборот бизнеса"},
    [RELOK_REQF_MONTHLY_INCOME] = {"monthly income", "ежемесячный доход"},
    [RELOK_REQF_SAVINGS] = {"savings", "сбережения"},
    [RELOK_REQF_PASSPORT] = {"holds an international passport", "есть загранпаспорт"},
    [RELOK_REQF_LOCAL_JOB_OFFER] = {"has a local job offer", "есть предложение местного работодателя"},
    [RELOK_REQF_REMOTE_FOREIGN] = {"works remotely for a non-Russian employer",
                                   "удалённая работа на нероссийского работодателя"},
    [RELOK_REQF_REMOTE_RUSSIAN] = {"works remotely for a Russian employer",
                                   "удалённая работа на российского работодателя"},
    [RELOK_REQF_IT_SPECIALIST] = {"works in IT", "работа в IT"},
    [RELOK_REQF_STUDY_ADMISSION] = {"admitted to a school or university",
                                    "зачисление в учебное заведение"},
    [RELOK_REQF_PERSECUTED] = {"persecuted or at risk in Russia",
                               "преследование или риск преследования в России"},
    [RELOK_REQF_FAMILY_TIE] = {"close family who are citizens or residents",
                               "близкие родственники — граждане или резиденты"},
    [RELOK_REQF_AGE] = {"age", "возраст"}};

static const char *op_en(relok_req_op op)
{
    return op == RELOK_REQ_GT ? "over" : op == RELOK_REQ_GE ? "at least" : op == RELOK_REQ_LT ? "under" : "at most";
}

static const char *op_ru(relok_req_op op)
{
    return op == RELOK_REQ_GT ? "более" : op == RELOK_REQ_GE ? "не менее" : op == RELOK_REQ_LT ? "менее" : "не более";
}

static bool compare(double v, relok_req_op op, double a)
{
    /* Exactly as the wording says: "over" is strictly more. */
    switch (op) {
    case RELOK_REQ_GT:
        return v > a;
    case RELOK_REQ_GE:
        return v >= a;
    case RELOK_REQ_LT:
        return v < a;
    case RELOK_REQ_LE:
        return v <= a;
    case RELOK_REQ_TRUE:
    case RELOK_REQ_OP_COUNT_:
        break;
    }
    return false;
}

static const relok_money *money_field(const relok_profile *p, relok_req_field f, bool *absent_is_zero)
{
    *absent_is_zero = true;
    switch (f) {
    case RELOK_REQF_REAL_ESTATE_VALUE:
        return &p->real_estate_value;
    case RELOK_REQF_INVESTMENT:
        return &p->investment;
    case RELOK_REQF_BUSINESS_TURNOVER:
        return &p->business_turnover;
    case RELOK_REQF_MONTHLY_INCOME:
        *absent_is_zero = false;
        return &p->monthly_income;
    case RELOK_REQF_SAVINGS:
        *absent_is_zero = false;
        return &p->savings;
    default:
        return NULL;
    }
}

static bool has_tie(const relok_profile *p, const char *cc)
{
    for (size_t i = 0; i < p->n_ties; i++)
        if (strcmp(p->ties[i], cc) == 0)
            return true;
    return false;
}

/* Check requirement r against the profile. With text NULL only the
 * status is worked out: the words are skipped (the summary shows none). */
static relok_check eval_req(cb *b, const relok_requirement *r, relok_text *text)
{
/* snprintf, only when the words are wanted. */
#define SAY(...)                                                                                   \
    do {                                                                                           \
        if (text != NULL)                                                                          \
            snprintf(__VA_ARGS__);                                                                 \
    } while (0)
    const relok_profile *p = b->p;
    char what_en[512], what_ru[768], a[64], v[64], conv[64];
    int type = relok_req_field_type(r->field);
    /* The requirement in words: the KB's own, else built from the field. */
    if (!relok_text_is_empty(&r->text)) {
        SAY(what_en, sizeof what_en, "%s", tx(&r->text, RELOK_LANG_EN));
        SAY(what_ru, sizeof what_ru, "%s", tx(&r->text, RELOK_LANG_RU));
    } else if (type == 0) {
        SAY(what_en, sizeof what_en, "%s", req_words[r->field].en);
        SAY(what_ru, sizeof what_ru, "%s", req_words[r->field].ru);
    } else if (text != NULL) {
        if (type == 1)
            relok__fmt_money(r->amount, r->currency, a, sizeof a);
        else
            relok__advise_fmt_num(r->amount, a, sizeof a);
        SAY(what_en, sizeof what_en, "%s %s %s", req_words[r->field].en, op_en(r->op), a);
        SAY(what_ru, sizeof what_ru, "%s %s %s", req_words[r->field].ru, op_ru(r->op), a);
    }
    relok_check st = RELOK_CHECK_UNKNOWN;
    char yours_en[256] = "", yours_ru[256] = "";
    if (type == 1) {
        bool zero = false;
        const relok_money *m = money_field(p, r->field, &zero);
        if (m == NULL || r->currency[0] == '\0') {
            SAY(yours_en, sizeof yours_en, "cannot be checked");
            SAY(yours_ru, sizeof yours_ru, "проверить нельзя");
        } else if (!m->is_set && !zero) {
            SAY(yours_en, sizeof yours_en, "not stated in your profile");
            SAY(yours_ru, sizeof yours_ru, "не указано в профиле");
        } else {
            double amount = m->is_set ? m->amount : 0;
            const char *cur = m->is_set ? m->currency : r->currency;
            double inreq = 0;
            if (text != NULL)
                relok__fmt_money(amount, cur, v, sizeof v);
            if (!relok__convert(b->kb, amount, cur, r->currency, b->asof, &inreq)) {
                SAY(yours_en, sizeof yours_en, "yours: %s, no exchange rate to %s", v,
                         r->currency);
                SAY(yours_ru, sizeof yours_ru, "у вас: %s, нет курса к %s", v, r->currency);
            } else {
                st = compare(inreq, r->op, r->amount) ? RELOK_CHECK_MET : RELOK_CHECK_UNMET;
                if (strcmp(cur, r->currency) != 0) {
                    if (text != NULL)
                        relok__fmt_money(inreq, r->currency, conv, sizeof conv);
                    SAY(yours_en, sizeof yours_en, "yours: %s (about %s)", v, conv);
                    SAY(yours_ru, sizeof yours_ru, "у вас: %s (около %s)", v, conv);
                } else if (!m->is_set) {
                    SAY(yours_en, sizeof yours_en, "yours: none stated");
                    SAY(yours_ru, sizeof yours_ru, "у вас: не указано (считается 0)");
                } else {
                    SAY(yours_en, sizeof yours_en, "yours: %s", v);
                    SAY(yours_ru, sizeof yours_ru, "у вас: %s", v);
                }
            }
        }
    } else if (type == 2) {
        if (p->age < 0) {
            SAY(yours_en, sizeof yours_en, "your age is not stated");
            SAY(yours_ru, sizeof yours_ru, "возраст не указан");
        } else {
            st = compare(p->age, r->op, r->amount) ? RELOK_CHECK_MET : RELOK_CHECK_UNMET;
            SAY(yours_en, sizeof yours_en, "yours: %d", (int)p->age);
            SAY(yours_ru, sizeof yours_ru, "у вас: %d", (int)p->age);
        }
    } else {
        bool has = false;
        switch (r->field) {
        case RELOK_REQF_PASSPORT:
            has = relok__profile_holds(p, RELOK_DOC_PASSPORT, b->asof);
            break;
        case RELOK_REQF_LOCAL_JOB_OFFER:
            has = p->has_local_job_offer;
            break;
        case RELOK_REQF_REMOTE_FOREIGN:
            has = p->work == RELOK_WORK_REMOTE_FOREIGN;
            break;
        case RELOK_REQF_REMOTE_RUSSIAN:
            has = p->work == RELOK_WORK_REMOTE_RUSSIAN;
            break;
        case RELOK_REQF_IT_SPECIALIST:
            has = p->is_it;
            break;
        case RELOK_REQF_STUDY_ADMISSION:
            has = p->has_study_admission;
            break;
        case RELOK_REQF_PERSECUTED:
            has = relok__profile_persecuted(p);
            break;
        case RELOK_REQF_FAMILY_TIE:
            has = has_tie(p, b->c->code);
            break;
        default:
            break;
        }
        if (r->op == RELOK_REQ_TRUE) {
            st = has ? RELOK_CHECK_MET : RELOK_CHECK_UNMET;
            SAY(yours_en, sizeof yours_en, "%s", has ? "yes" : "no");
            SAY(yours_ru, sizeof yours_ru, "%s", has ? "да" : "нет");
        } else {
            SAY(yours_en, sizeof yours_en, "cannot be checked");
            SAY(yours_ru, sizeof yours_ru, "проверить нельзя");
        }
    }
    if (text != NULL) {
        char en[800], ru[1100];
        snprintf(en, sizeof en, "%s (%s)", what_en, yours_en);
        snprintf(ru, sizeof ru, "%s (%s)", what_ru, yours_ru);
        *text = text2(b, en, ru);
    }
    return st;
#undef SAY
}

/* The documents check in words: which documents a pathway takes, and
 * whether the person holds one. */
static relok_text documents_words(cb *b, unsigned documents, bool ok)
{
    char en[128] = "", ru[192] = "";
    for (int t = 0; t < RELOK_DOC_COUNT_; t++)
        if (documents & (1u << t)) {
            size_t le = strlen(en), lr = strlen(ru);
            snprintf(en + le, sizeof en - le, "%s%s", le ? " or " : "", relok__advise_doc_en[t]);
            snprintf(ru + lr, sizeof ru - lr, "%s%s", lr ? " или " : "", relok__advise_doc_ru[t]);
        }
    char te[256], tr[384];
    snprintf(te, sizeof te, "apply with: %s (%s)", en, ok ? "held" : "not held");
    snprintf(tr, sizeof tr, "подача по документу: %s (%s)", ru, ok ? "есть" : "нет");
    return text2(b, te, tr);
}

relok_text relok__advise_check_words(cb *b, const relok_advice_pathway *ap, size_t k)
{
    const relok_advice_check *c = &ap->checks[k];
    if (!relok_text_is_empty(&c->text))
        return c->text;
    relok_text t = {0};
    if (c->req == NULL)
        t = documents_words(b, ap->pathway->documents, c->status == RELOK_CHECK_MET);
    else
        (void)eval_req(b, c->req, &t);
    return t;
}

void relok__advise_pathways(cb *b)
{
    const relok_country *c = b->c;
    for (size_t i = 0; i < c->n_pathways; i++) {
        const relok_pathway *pw = &c->pathways[i];
        if (!relok_fact_in_force(&pw->fact, b->asof))
            continue;
        /* The checks first: a pushed item must never be left without its
         * pathway, since the later steps run on after an allocation failure
         * (b->oom is checked at the end) and read every item. */
        size_t n = pw->n_requires + (pw->documents != 0 ? 1 : 0);
        relok_advice_check *checks = n > 0 ? relok_arena_calloc(b->a, n, sizeof *checks) : NULL;
        relok_advice_pathway *ap = n > 0 && checks == NULL ? NULL
                                                           : vec_push(b->a, &b->pathways, sizeof *ap);
        if (ap == NULL) {
            b->oom = true;
            return;
        }
        ap->pathway = pw;
        ap->checks = checks;
        size_t k = 0, unmet = 0, unk = 0;
        if (pw->documents != 0) {
            bool ok = holds_any(b->p, pw->documents, b->asof);
            checks[k].req = NULL;
            checks[k].status = ok ? RELOK_CHECK_MET : RELOK_CHECK_UNMET;
            if (wordy(b))
                checks[k].text = documents_words(b, pw->documents, ok);
            if (!ok)
                unmet++;
            k++;
        }
        for (size_t r = 0; r < pw->n_requires; r++, k++) {
            checks[k].req = &pw->requires[r];
            checks[k].status = eval_req(b, &pw->requires[r], wordy(b) ? &checks[k].text : NULL);
            if (checks[k].status == RELOK_CHECK_UNMET)
                unmet++;
            else if (checks[k].status == RELOK_CHECK_UNKNOWN)
                unk++;
        }
        ap->n_checks = k;
        if (unmet > 0)
            ap->status = RELOK_PATHWAY_STATUS_MISSING;
        else if (pw->n_requires == 0)
            ap->status = RELOK_PATHWAY_STATUS_NOT_RECORDED;
        else if (unk > 0)
            ap->status = RELOK_PATHWAY_STATUS_UNKNOWN;
        else
            ap->status = RELOK_PATHWAY_STATUS_QUALIFIES;
    }
}
