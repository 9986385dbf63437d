/* SPDX-License-Identifier: MIT */
/* The advisor engine: a profile and the KB as of a date -> per country
 * entry, stay, pathways, cost, personal risks, scores with their reasons,
 * confidence and unknowns; then the ranking. Engine layer: no I/O, no
 * printing, no global state; all memory comes from the advice's arena (and
 * the stay engine's own relok__malloc scratch).
 *
 * Every number below is documented in docs/advisor.md; when one changes, the
 * document changes with it. Principles (DESIGN.md, "Advisor - semantics"):
 * a hard blocker is shown as a blocker, never hidden in a low score; unknown
 * data stands in with a neutral value, is listed, and lowers the confidence,
 * never the score. */
#include "advise_int.h"

#include "base/alloc_int.h"
#include "base/error_int.h"
#include "base/limits.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ============================================================ constants */

/* Access: entry (0..10) + one stay (0..30) + days in the next year (0..60). */
#define ACC_ENTRY_FREE 10.0  /* visa-free */
#define ACC_ENTRY_FORMAL 5.0 /* visa on arrival, e-visa: a formality and a fee */
#define ACC_STAY_MAX 30.0
#define ACC_YEAR_MAX 60.0

/* Society: base, language, community, attitude. */
#define SOC_BASE 50.0
#define SOC_LANG_WIDELY 20.0
#define SOC_LANG_COMMON 12.0
#define SOC_LANG_PARTLY 5.0
#define SOC_COMMUNITY_PER_DECADE 3.0 /* per factor 10 of Russians above 1 000 */
#define SOC_COMMUNITY_MAX 10.0
#define SOC_ATTITUDE_PER_PCT 0.2     /* per percent with a negative view */

/* Opportunity: base, pathways, work fit, banking, growth. */
#define OPP_BASE 30.0
#define OPP_PATH_QUALIFIES 40.0
#define OPP_PATH_ASYLUM_ONLY 25.0
#define OPP_PATH_NEUTRAL 20.0
#define OPP_PATH_MISSING 5.0
#define OPP_REMOTE_INCOME 10.0
#define OPP_NOMAD_STATUS 10.0
#define OPP_JOB_OFFER 10.0
#define OPP_GROWTH_MIN (-5.0)
#define OPP_GROWTH_MAX 10.0

/* Stability and safety start here when the country's risks are recorded. */
#define RISK_BASE 85.0
#define NEUTRAL 50.0
/* A risk tied to one of the person's own factors weighs this much more. */
#define PERSONAL_FACTOR 1.5

/* Confidence lost per unknown (before the dimension's relative weight). */
#define U_ENTRY 0.5
#define U_MEMBER 0.2
#define U_STAY 0.3
#define U_CAUTIOUS 0.15
#define U_COST 0.3
#define U_COST_PARTIAL 0.15
#define U_SCHOOL 0.1
#define U_LANG 0.1
#define U_BANK 0.1
#define U_BANK_FIELD 0.03
#define U_RISKS_SAFETY 0.3
#define U_RISKS_STABILITY 0.2
#define U_PATHWAYS_NONE 0.1
#define U_PATHWAY 0.05
#define U_PATHWAYS_CAP 0.2
#define U_MUST 0.1
#define U_UNVERIFIED_EACH 0.04
#define U_UNVERIFIED_CAP 0.2
#define CONFIDENCE_FLOOR 0.05

/* Stay rule versions per document the engine looks at. */
#define MAX_VERSIONS 32
/* Extra trip slots for the year plan's simulated stays. */
#define PLAN_TRIPS 40

/* ============================================================== helpers */

static const char *const doc_en[RELOK_DOC_COUNT_] = {"internal ID", "passport",
                                                      "birth certificate"};
static const char *const doc_ru[RELOK_DOC_COUNT_] = {"внутренний паспорт", "загранпаспорт",
                                                      "свидетельство о рождении"};
/* Dative, after "по": "въезд по загранпаспорту". */
static const char *const doc_ru_dat[RELOK_DOC_COUNT_] = {"внутреннему паспорту", "загранпаспорту",
                                                          "свидетельству о рождении"};
static const char *const spread_en[RELOK_SPREAD_COUNT_] = {"widely", "commonly", "partly",
                                                            "rarely"};
static const char *const spread_ru[RELOK_SPREAD_COUNT_] = {"широко", "часто", "частично",
                                                            "редко"};
static const char *const sev_en[RELOK_SEVERITY_COUNT_] = {"Low", "Medium", "High", "Blocker"};
static const char *const sev_ru[RELOK_SEVERITY_COUNT_] = {"Низкий", "Средний", "Высокий",
                                                           "Блокирующий"};

static const char *ru_days(int64_t n) { return relok_days_word(n, RELOK_LANG_RU); }

static const char *en_days(int64_t n) { return relok_days_word(n, RELOK_LANG_EN); }

/* Language names for the handful we expect; others print as their code. */
static void lang_names(const char *code, const char **en, const char **ru)
{
    static const struct {
        const char *code, *en, *ru;
    } names[] = {{"ru", "Russian", "русский"},   {"en", "English", "английский"},
                 {"de", "German", "немецкий"},    {"tr", "Turkish", "турецкий"},
                 {"ka", "Georgian", "грузинский"}, {"hy", "Armenian", "армянский"},
                 {"kk", "Kazakh", "казахский"},   {"ky", "Kyrgyz", "кыргызский"},
                 {"uz", "Uzbek", "узбекский"},    {"sr", "Serbian", "сербский"},
                 {"es", "Spanish", "испанский"},  {"fr", "French", "французский"},
                 {"he", "Hebrew", "иврит"},       {"ar", "Arabic", "арабский"}};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(names[i].code, code) == 0) {
            *en = names[i].en;
            *ru = names[i].ru;
            return;
        }
    *en = code;
    *ru = code;
}

char *relok__fmt_money(double amount, const char *currency, char *buf, size_t len)
{
    char num[64];
    if (!isfinite(amount) || fabs(amount) >= 1e15) {
        snprintf(buf, len, "%s ?", currency);
        return buf;
    }
    double r = round(amount);
    if (fabs(amount - r) > 0.005 && fabs(amount) < 1000) {
        snprintf(buf, len, "%s %.2f", currency, amount);
        return buf;
    }
    /* Whole units grouped by three with a space, as the KB writes them. */
    long long v = (long long)r;
    bool neg = v < 0;
    unsigned long long u = neg ? (unsigned long long)(-v) : (unsigned long long)v;
    char digits[32];
    int n = snprintf(digits, sizeof digits, "%llu", u);
    size_t o = 0;
    if (neg)
        num[o++] = '-';
    for (int i = 0; i < n && o + 2 < sizeof num; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            num[o++] = ' ';
        num[o++] = digits[i];
    }
    num[o] = '\0';
    snprintf(buf, len, "%s %s", currency, num);
    return buf;
}

/* A number without trailing zeros ("12.6", "90", "0.5"). */
static char *fmt_num(double v, char *buf, size_t len)
{
    if (fabs(v - round(v)) < 1e-9 && fabs(v) < 1e15) {
        char tmp[32];
        relok__fmt_money(v, "", tmp, sizeof tmp);
        snprintf(buf, len, "%s", tmp + 1); /* drop the space after "" */
    } else {
        snprintf(buf, len, "%.1f", v);
    }
    return buf;
}

bool relok__convert(const relok_kb *kb, double amount, const char *from, const char *to,
                    relok_day d, double *out)
{
    if (strcmp(from, to) == 0) {
        *out = amount;
        return true;
    }
    double f = 1.0, t = 1.0;
    if (strcmp(from, "USD") != 0) {
        const relok_rate *r = relok_kb_rate(kb, from, d);
        if (r == NULL || !(r->per_usd > 0))
            return false;
        f = r->per_usd;
    }
    if (strcmp(to, "USD") != 0) {
        const relok_rate *r = relok_kb_rate(kb, to, d);
        if (r == NULL || !(r->per_usd > 0))
            return false;
        t = r->per_usd;
    }
    *out = amount / f * t;
    return true;
}

/* ======================================================= growable lists */

/* A list of fixed-size items in arena memory; growing copies (the old block
 * stays in the arena until it is freed: lists here are short). */
typedef struct vec {
    void *items;
    size_t n, cap;
} vec;

static void *vec_push(relok_arena *a, vec *v, size_t size)
{
    if (v->n == v->cap) {
        size_t cap = v->cap == 0 ? 8 : v->cap * 2;
        void *bigger = relok_arena_calloc(a, cap, size);
        if (bigger == NULL)
            return NULL;
        if (v->n > 0)
            memcpy(bigger, v->items, v->n * size);
        v->items = bigger;
        v->cap = cap;
    }
    void *slot = (char *)v->items + v->n * size;
    memset(slot, 0, size);
    v->n++;
    return slot;
}

/* ========================================================= the builder */

/* Everything one country's advice is built from. */
typedef struct cb {
    relok_arena *a;
    const relok_kb *kb;
    const relok_profile *p;
    relok_day asof;
    const relok_country *c;
    relok_advice_country *out;
    vec blockers, pathways, risks, musts, unknowns, reasons;
    bool oom;
    double dim_factor[RELOK_DIM_COUNT_]; /* weight / mean weight, at most 1 */
    const relok_trip *user_trips;
    size_t n_user_trips;
    relok_trip *trips; /* scratch: area trips + simulated stays */
    size_t cap_trips;
} cb;

static const char *dup(cb *b, const char *s)
{
    const char *d = relok_arena_strdup(b->a, s);
    if (d == NULL)
        b->oom = true;
    return d != NULL ? d : "";
}

static relok_text text2(cb *b, const char *en, const char *ru)
{
    relok_text t = {dup(b, en), dup(b, ru)};
    return t;
}

static const char *tx(const relok_text *t, int lang)
{
    const char *s = lang == RELOK_LANG_RU ? t->ru : t->en;
    return s != NULL ? s : (t->en != NULL ? t->en : "");
}

static relok_advice_reason *reason(cb *b, relok_dimension d, double points, relok_text t,
                                   const relok_fact *f1, const relok_fact *f2)
{
    relok_advice_reason *r = vec_push(b->a, &b->reasons, sizeof *r);
    if (r == NULL) {
        b->oom = true;
        return NULL;
    }
    r->dimension = d;
    r->points = points;
    r->text = t;
    if (f1 != NULL)
        r->facts[r->n_facts++] = f1;
    if (f2 != NULL)
        r->facts[r->n_facts++] = f2;
    return r;
}

static void add_fact(relok_advice_reason *r, const relok_fact *f)
{
    if (r == NULL || f == NULL || r->n_facts >= RELOK_ADVICE_MAX_FACTS)
        return;
    for (size_t i = 0; i < r->n_facts; i++)
        if (r->facts[i] == f)
            return;
    r->facts[r->n_facts++] = f;
}

static void base_reason(cb *b, relok_dimension d, double points, relok_text t, bool neutral)
{
    relok_advice_reason *r = reason(b, d, points, t, NULL, NULL);
    if (r != NULL) {
        r->is_base = true;
        r->is_neutral = neutral;
    }
}

static void neutral_reason(cb *b, relok_dimension d, double points, relok_text t)
{
    relok_advice_reason *r = reason(b, d, points, t, NULL, NULL);
    if (r != NULL)
        r->is_neutral = true;
}

static void unknown(cb *b, relok_dimension d, double weight, relok_text t)
{
    relok_advice_unknown *u = vec_push(b->a, &b->unknowns, sizeof *u);
    if (u == NULL) {
        b->oom = true;
        return;
    }
    u->dimension = d;
    u->weight = weight;
    u->text = t;
}

static void blocker(cb *b, relok_block_kind kind, relok_text t, const relok_fact *f,
                    const relok_risk *risk)
{
    relok_advice_blocker *x = vec_push(b->a, &b->blockers, sizeof *x);
    if (x == NULL) {
        b->oom = true;
        return;
    }
    x->kind = kind;
    x->text = t;
    x->fact = f;
    x->risk = risk;
}

/* ================================================================ entry */

typedef struct docres {
    relok_verdict verdict;
    relok_block_kind why;           /* when blocked */
    const relok_entry_rule *rule;   /* NULL when unknown or expired */
    relok_day last_day;             /* last day of lawful presence the document allows */
    relok_day last_entry;           /* last day it allows entering */
} docres;

static bool admits(relok_access a)
{
    return a == RELOK_ACCESS_VISA_FREE || a == RELOK_ACCESS_VISA_ON_ARRIVAL ||
           a == RELOK_ACCESS_E_VISA;
}

static docres eval_doc(const cb *b, const relok_held_doc *d)
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
        docres r = eval_doc(b, &docs[i]);
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
                 doc_en[d->type]);
        snprintf(ru, sizeof ru, "%sНужна виза: по %s без визы не въехать", who_ru,
                 doc_ru_dat[d->type]);
        break;
    case RELOK_BLOCK_DOCUMENT_EXPIRED:
        snprintf(en, sizeof en, "%sYour %s expired on %s", who_en, doc_en[d->type], date);
        snprintf(ru, sizeof ru, "%sСрок действия документа (%s) истёк %s", who_ru,
                 doc_ru[d->type], date);
        break;
    default:
        snprintf(en, sizeof en, "%sYour %s is not accepted for entry", who_en, doc_en[d->type]);
        snprintf(ru, sizeof ru, "%sПо документу «%s» не въехать", who_ru, doc_ru[d->type]);
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
static size_t do_entry(cb *b)
{
    const relok_profile *p = b->p;
    relok_advice_entry *ent = &b->out->entry;
    size_t bi = p->n_docs;
    docres best = best_doc(b, p->docs, p->n_docs, &bi);
    ent->verdict = best.verdict;
    ent->document = RELOK_DOC_COUNT_;
    ent->doc_last_day = RELOK_DAY_MAX;
    for (size_t i = 0; i < p->n_docs; i++) {
        docres r = eval_doc(b, &p->docs[i]);
        if (r.verdict == RELOK_VERDICT_ADMITTED)
            ent->documents_admitted |= 1u << p->docs[i].type;
    }
    if (bi < p->n_docs && best.verdict != RELOK_VERDICT_BLOCKED) {
        ent->document = p->docs[bi].type;
        memcpy(ent->citizenship, p->docs[bi].citizenship, 3);
        ent->rule = best.rule;
        ent->doc_last_day = best.last_day;
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
                     doc_en[mem->docs[mi].type]);
            snprintf(ru, sizeof ru, "%sправило въезда по документу «%s» не записано", who_ru,
                     doc_ru[mem->docs[mi].type]);
            unknown(b, RELOK_DIM_ACCESS, U_MEMBER, text2(b, en, ru));
        }
    }
    return best.verdict == RELOK_VERDICT_BLOCKED ? p->n_docs : bi;
}

/* ================================================================= stay */

/* The stay version covering day d, or NULL. */
static const relok_stay_rule *version_at(const relok_stay_rule *const *v, size_t n, relok_day d)
{
    for (size_t i = 0; i < n; i++)
        if (relok_fact_in_force(&v[i]->fact, d))
            return v[i];
    return NULL;
}

/* Is a trip in country code `cc` on day d in the same stay area as c? */
static bool in_area(const cb *b, const char *cc, relok_day d)
{
    if (strcmp(cc, b->c->code) == 0)
        return true;
    const relok_zone *zc = relok_kb_zone_of(b->kb, b->c, d);
    return zc != NULL && relok_kb_zone_of_code(b->kb, cc, d) == zc;
}

/* Stay allowance for document `doc` of citizenship `cit`: one stay from the
 * first lawful entry, and the days of the coming year when the person leaves
 * and comes back as soon as the rules allow (a greedy plan on the stay
 * engine; the planner of `relok plan` searches properly). */
static relok_status do_stay(cb *b, relok_doc doc, const char *cit, relok_day last_day,
                            relok_day last_entry, relok_error *err)
{
    relok_advice_stay *st = &b->out->stay;
    st->days_used = -1;
    st->latest_exit = RELOK_DAY_NONE;
    st->earliest_entry = RELOK_DAY_NONE;
    st->max_stay_days = -1;
    st->days_next_365 = -1;
    st->exits_next_365 = -1;
    const relok_stay_rule *v[MAX_VERSIONS];
    size_t nv = relok_kb_stay_versions(b->kb, b->c, cit, doc, v, MAX_VERSIONS);
    if (nv > MAX_VERSIONS)
        nv = MAX_VERSIONS;
    const relok_stay_rule *now = version_at(v, nv, b->asof);
    if (now == NULL) {
        char en[256], ru[256];
        snprintf(en, sizeof en, "No stay rule recorded for your %s", doc_en[doc]);
        snprintf(ru, sizeof ru, "Правило пребывания по документу «%s» не записано", doc_ru[doc]);
        unknown(b, RELOK_DIM_ACCESS, U_STAY, text2(b, en, ru));
        return RELOK_OK;
    }
    relok_rule_span spans[MAX_VERSIONS];
    for (size_t i = 0; i < nv; i++) {
        spans[i].from = v[i]->fact.from;
        spans[i].to = v[i]->fact.to;
        spans[i].rule = &v[i]->rule;
    }

    /* The trips that count here: the country's own, or any member's of its
     * zone. Trips after the as-of date are ignored; a visit that spans it
     * counts as ongoing. */
    relok_day D = b->asof;
    size_t nt = 0;
    for (size_t i = 0; i < b->n_user_trips && nt + PLAN_TRIPS < b->cap_trips; i++) {
        relok_trip t = b->user_trips[i];
        if (t.entry > D || !in_area(b, t.country, t.entry))
            continue;
        if (t.status == RELOK_TRIP_VISIT && t.exit != RELOK_DAY_NONE && t.exit > D)
            t.exit = RELOK_DAY_NONE;
        b->trips[nt++] = t;
    }

    relok_day end = D + 364;
    if (last_day < end)
        end = last_day;
    relok_stay_answer ans;
    relok_status rc = relok_stay_eval(spans, nv, b->trips, nt, D, &ans, err);
    if (rc != RELOK_OK)
        return rc;
    st->is_known = true;
    st->rule = now;
    st->overstay = ans.overstay;
    st->is_cautious = ans.is_unknown_rule;
    if (ans.no_stay_allowed && !ans.inside) {
        blocker(b, RELOK_BLOCK_NO_STAY,
                (relok_text){"No visa-free stay: a visa or permit is needed",
                             "Безвизовое пребывание не предусмотрено: нужна виза или "
                             "разрешение"},
                &now->fact, NULL);
        st->days_next_365 = 0;
        st->exits_next_365 = 0;
        st->max_stay_days = 0;
        return RELOK_OK;
    }
    int32_t total = 0, exits = 0;
    relok_day day = D;
    bool first = true;
    if (ans.inside) {
        st->is_inside = true;
        st->days_used = ans.days_used;
        relok_day stop;
        if (ans.latest_exit_unbounded) {
            stop = end;
        } else if (ans.latest_exit == RELOK_DAY_NONE) {
            stop = D - 1; /* unlawful today: leave now */
        } else {
            st->latest_exit = ans.latest_exit;
            stop = ans.latest_exit < end ? ans.latest_exit : end;
        }
        if (stop >= D)
            total += stop - D + 1;
        st->earliest_entry = D;
        st->is_unbounded = ans.latest_exit_unbounded && last_day == RELOK_DAY_MAX;
        st->max_stay_days = st->is_unbounded ? -1 : (stop >= D ? stop - D + 1 : 0);
        first = false;
        relok_day close = stop >= D ? stop : D;
        for (size_t i = 0; i < nt; i++)
            if (b->trips[i].status == RELOK_TRIP_VISIT && b->trips[i].exit == RELOK_DAY_NONE)
                b->trips[i].exit = close;
        day = close + 1;
        if (stop < end)
            exits++;
    }
    for (int it = 0; it < PLAN_TRIPS - 1 && day <= end; it++) {
        if (day != D && (rc = relok_stay_eval(spans, nv, b->trips, nt, day, &ans, err)) !=
                            RELOK_OK)
            return rc;
        if (ans.earliest_reentry == RELOK_DAY_NONE) {
            if (first)
                blocker(b, RELOK_BLOCK_NO_LAWFUL_ENTRY,
                        (relok_text){"Your past stays leave no lawful entry in sight",
                                     "С учётом прошлых поездок законный въезд в обозримом "
                                     "будущем невозможен"},
                        &now->fact, NULL);
            break;
        }
        relok_day e = ans.earliest_reentry;
        bool unbounded = ans.max_stay_unbounded;
        int32_t len = ans.max_stay_if_entering;
        if (first) {
            first = false;
            st->earliest_entry = e;
            st->is_unbounded = unbounded && last_day == RELOK_DAY_MAX;
            if (!st->is_unbounded) {
                int64_t cap = last_day == RELOK_DAY_MAX ? INT32_MAX : (int64_t)last_day - e + 1;
                int64_t l = unbounded ? cap : (len < cap ? len : cap);
                st->max_stay_days = (int32_t)(l < 0 ? 0 : l);
            }
            const relok_stay_rule *at = version_at(v, nv, e);
            if (at != NULL)
                st->rule = at;
        }
        if (e > end || e > last_entry)
            break;
        if (!unbounded && len <= 0)
            break;
        relok_day x = unbounded ? end : (e + len - 1 < end ? e + len - 1 : end);
        total += x - e + 1;
        if (x >= end || nt >= b->cap_trips)
            break;
        relok_trip t = {.entry = e, .exit = x, .status = RELOK_TRIP_VISIT, .line = 0};
        memcpy(t.country, b->c->code, 3);
        b->trips[nt++] = t;
        exits++;
        day = x + 1;
    }
    st->days_next_365 = total;
    st->exits_next_365 = exits;
    return RELOK_OK;
}

static void access_reasons(cb *b, bool doc_blocked)
{
    const relok_advice_entry *en = &b->out->entry;
    const relok_advice_stay *st = &b->out->stay;
    if (doc_blocked) {
        reason(b, RELOK_DIM_ACCESS, 0,
               (relok_text){"You cannot enter (see the blockers)",
                            "Въехать нельзя (см. препятствия)"},
               NULL, NULL);
        return;
    }
    const relok_fact *ef = en->rule != NULL ? &en->rule->fact : NULL;
    if (en->verdict == RELOK_VERDICT_UNKNOWN || en->rule == NULL) {
        neutral_reason(b, RELOK_DIM_ACCESS, ACC_ENTRY_FORMAL,
                       (relok_text){"Entry rule unknown: neutral value",
                                    "Правило въезда неизвестно: нейтральное значение"});
    } else {
        char en_[256], ru_[256];
        double pts = en->rule->access == RELOK_ACCESS_VISA_FREE ? ACC_ENTRY_FREE : ACC_ENTRY_FORMAL;
        if (en->rule->access == RELOK_ACCESS_VISA_FREE) {
            snprintf(en_, sizeof en_, "Visa-free entry with your %s", doc_en[en->document]);
            snprintf(ru_, sizeof ru_, "Въезд без визы по %s", doc_ru_dat[en->document]);
        } else if (en->rule->access == RELOK_ACCESS_VISA_ON_ARRIVAL) {
            snprintf(en_, sizeof en_, "Visa on arrival with your %s", doc_en[en->document]);
            snprintf(ru_, sizeof ru_, "Виза по прибытии по %s", doc_ru_dat[en->document]);
        } else {
            snprintf(en_, sizeof en_, "E-visa needed for your %s (applied for online)",
                     doc_en[en->document]);
            snprintf(ru_, sizeof ru_, "Нужна электронная виза по %s (оформляется онлайн)",
                     doc_ru_dat[en->document]);
        }
        reason(b, RELOK_DIM_ACCESS, pts, text2(b, en_, ru_), ef, NULL);
    }
    if (!st->is_known) {
        neutral_reason(b, RELOK_DIM_ACCESS, ACC_STAY_MAX / 2 + ACC_YEAR_MAX / 2,
                       (relok_text){"Stay rule unknown: neutral value",
                                    "Правило пребывания неизвестно: нейтральное значение"});
        return;
    }
    const relok_fact *sf = st->rule != NULL ? &st->rule->fact : NULL;
    char words_en[256] = "", words_ru[384] = "";
    if (st->rule != NULL) {
        relok_rule_describe(&st->rule->rule, RELOK_LANG_EN, words_en, sizeof words_en);
        relok_rule_describe(&st->rule->rule, RELOK_LANG_RU, words_ru, sizeof words_ru);
    }
    char en_[768], ru_[1024], date[RELOK_DATE_BUF];
    double one = st->is_unbounded ? 365 : (st->max_stay_days > 365 ? 365 : st->max_stay_days);
    if (one < 0)
        one = 0;
    if (st->is_inside) {
        if (st->is_unbounded) {
            snprintf(en_, sizeof en_, "You are there now, with no limit in sight (%s)", words_en);
            snprintf(ru_, sizeof ru_, "Вы сейчас там, ограничения не видно (%s)", words_ru);
        } else {
            snprintf(en_, sizeof en_, "You are there now: %d more %s in this stay (%s)",
                     (int)st->max_stay_days, en_days(st->max_stay_days), words_en);
            snprintf(ru_, sizeof ru_, "Вы сейчас там: ещё %d %s в этой поездке (%s)",
                     (int)st->max_stay_days, ru_days(st->max_stay_days), words_ru);
        }
    } else if (st->is_unbounded) {
        snprintf(en_, sizeof en_, "No limit on one stay (%s)", words_en);
        snprintf(ru_, sizeof ru_, "Без ограничения срока одной поездки (%s)", words_ru);
    } else if (st->earliest_entry != RELOK_DAY_NONE && st->earliest_entry > b->asof) {
        snprintf(en_, sizeof en_, "Up to %d %s in one stay, entering from %s (%s)",
                 (int)st->max_stay_days, en_days(st->max_stay_days),
                 relok_date_format(st->earliest_entry, date), words_en);
        snprintf(ru_, sizeof ru_, "До %d %s за поездку, въезд с %s (%s)", (int)st->max_stay_days,
                 ru_days(st->max_stay_days), date, words_ru);
    } else {
        snprintf(en_, sizeof en_, "Up to %d %s in one stay (%s)", (int)st->max_stay_days,
                 en_days(st->max_stay_days), words_en);
        snprintf(ru_, sizeof ru_, "До %d %s за одну поездку (%s)", (int)st->max_stay_days,
                 ru_days(st->max_stay_days), words_ru);
    }
    reason(b, RELOK_DIM_ACCESS, ACC_STAY_MAX * one / 365.0, text2(b, en_, ru_), sf, NULL);
    if (en->doc_last_day != RELOK_DAY_MAX && en->doc_last_day < b->asof + 364) {
        snprintf(en_, sizeof en_,
                 "Your document's validity ends your stays by %s (included above)",
                 relok_date_format(en->doc_last_day, date));
        snprintf(ru_, sizeof ru_,
                 "Срок действия документа ограничивает пребывание датой %s (учтено выше)", date);
        reason(b, RELOK_DIM_ACCESS, 0, text2(b, en_, ru_), ef, NULL);
    }
    int32_t y = st->days_next_365 < 0 ? 0 : st->days_next_365;
    snprintf(en_, sizeof en_,
             "%d of the next 365 days lawfully, with %d %s and re-entries as soon as allowed",
             (int)y, (int)st->exits_next_365, st->exits_next_365 == 1 ? "exit" : "exits");
    snprintf(ru_, sizeof ru_,
             "%d из ближайших 365 дней законно, с выездами (%d) и возвращением при первой "
             "возможности",
             (int)y, (int)st->exits_next_365);
    reason(b, RELOK_DIM_ACCESS, ACC_YEAR_MAX * (y > 365 ? 365 : y) / 365.0, text2(b, en_, ru_),
           sf, NULL);
    if (st->is_cautious)
        unknown(b, RELOK_DIM_ACCESS, U_CAUTIOUS,
                (relok_text){"How stay days are counted is not known: the most cautious reading "
                             "is used",
                             "Как считаются дни пребывания, неизвестно: используется самое "
                             "осторожное прочтение"});
}

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

static relok_check eval_req(cb *b, const relok_requirement *r, relok_text *text)
{
    const relok_profile *p = b->p;
    char what_en[512], what_ru[768], a[64], v[64], conv[64];
    int type = relok_req_field_type(r->field);
    /* The requirement in words: the KB's own, else built from the field. */
    if (!relok_text_is_empty(&r->text)) {
        snprintf(what_en, sizeof what_en, "%s", tx(&r->text, RELOK_LANG_EN));
        snprintf(what_ru, sizeof what_ru, "%s", tx(&r->text, RELOK_LANG_RU));
    } else if (type == 0) {
        snprintf(what_en, sizeof what_en, "%s", req_words[r->field].en);
        snprintf(what_ru, sizeof what_ru, "%s", req_words[r->field].ru);
    } else {
        if (type == 1)
            relok__fmt_money(r->amount, r->currency, a, sizeof a);
        else
            fmt_num(r->amount, a, sizeof a);
        snprintf(what_en, sizeof what_en, "%s %s %s", req_words[r->field].en, op_en(r->op), a);
        snprintf(what_ru, sizeof what_ru, "%s %s %s", req_words[r->field].ru, op_ru(r->op), a);
    }
    relok_check st = RELOK_CHECK_UNKNOWN;
    char yours_en[256] = "", yours_ru[256] = "";
    if (type == 1) {
        bool zero = false;
        const relok_money *m = money_field(p, r->field, &zero);
        if (m == NULL || r->currency[0] == '\0') {
            snprintf(yours_en, sizeof yours_en, "cannot be checked");
            snprintf(yours_ru, sizeof yours_ru, "проверить нельзя");
        } else if (!m->is_set && !zero) {
            snprintf(yours_en, sizeof yours_en, "not stated in your profile");
            snprintf(yours_ru, sizeof yours_ru, "не указано в профиле");
        } else {
            double amount = m->is_set ? m->amount : 0;
            const char *cur = m->is_set ? m->currency : r->currency;
            double inreq = 0;
            relok__fmt_money(amount, cur, v, sizeof v);
            if (!relok__convert(b->kb, amount, cur, r->currency, b->asof, &inreq)) {
                snprintf(yours_en, sizeof yours_en, "yours: %s, no exchange rate to %s", v,
                         r->currency);
                snprintf(yours_ru, sizeof yours_ru, "у вас: %s, нет курса к %s", v, r->currency);
            } else {
                st = compare(inreq, r->op, r->amount) ? RELOK_CHECK_MET : RELOK_CHECK_UNMET;
                if (strcmp(cur, r->currency) != 0) {
                    relok__fmt_money(inreq, r->currency, conv, sizeof conv);
                    snprintf(yours_en, sizeof yours_en, "yours: %s (about %s)", v, conv);
                    snprintf(yours_ru, sizeof yours_ru, "у вас: %s (около %s)", v, conv);
                } else if (!m->is_set) {
                    snprintf(yours_en, sizeof yours_en, "yours: none stated");
                    snprintf(yours_ru, sizeof yours_ru, "у вас: не указано (считается 0)");
                } else {
                    snprintf(yours_en, sizeof yours_en, "yours: %s", v);
                    snprintf(yours_ru, sizeof yours_ru, "у вас: %s", v);
                }
            }
        }
    } else if (type == 2) {
        if (p->age < 0) {
            snprintf(yours_en, sizeof yours_en, "your age is not stated");
            snprintf(yours_ru, sizeof yours_ru, "возраст не указан");
        } else {
            st = compare(p->age, r->op, r->amount) ? RELOK_CHECK_MET : RELOK_CHECK_UNMET;
            snprintf(yours_en, sizeof yours_en, "yours: %d", (int)p->age);
            snprintf(yours_ru, sizeof yours_ru, "у вас: %d", (int)p->age);
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
            snprintf(yours_en, sizeof yours_en, "%s", has ? "yes" : "no");
            snprintf(yours_ru, sizeof yours_ru, "%s", has ? "да" : "нет");
        } else {
            snprintf(yours_en, sizeof yours_en, "cannot be checked");
            snprintf(yours_ru, sizeof yours_ru, "проверить нельзя");
        }
    }
    char en[800], ru[1100];
    snprintf(en, sizeof en, "%s (%s)", what_en, yours_en);
    snprintf(ru, sizeof ru, "%s (%s)", what_ru, yours_ru);
    *text = text2(b, en, ru);
    return st;
}

static bool holds_any(const relok_profile *p, unsigned docs, relok_day d)
{
    for (int t = 0; t < RELOK_DOC_COUNT_; t++)
        if ((docs & (1u << t)) && relok__profile_holds(p, (relok_doc)t, d))
            return true;
    return false;
}

static void do_pathways(cb *b)
{
    const relok_country *c = b->c;
    for (size_t i = 0; i < c->n_pathways; i++) {
        const relok_pathway *pw = &c->pathways[i];
        if (!relok_fact_in_force(&pw->fact, b->asof))
            continue;
        relok_advice_pathway *ap = vec_push(b->a, &b->pathways, sizeof *ap);
        size_t n = pw->n_requires + (pw->documents != 0 ? 1 : 0);
        relok_advice_check *checks = n > 0 ? relok_arena_calloc(b->a, n, sizeof *checks) : NULL;
        if (ap == NULL || (n > 0 && checks == NULL)) {
            b->oom = true;
            return;
        }
        ap->pathway = pw;
        ap->checks = checks;
        size_t k = 0, unmet = 0, unk = 0;
        if (pw->documents != 0) {
            bool ok = holds_any(b->p, pw->documents, b->asof);
            char en[128] = "", ru[192] = "";
            for (int t = 0; t < RELOK_DOC_COUNT_; t++)
                if (pw->documents & (1u << t)) {
                    size_t le = strlen(en), lr = strlen(ru);
                    snprintf(en + le, sizeof en - le, "%s%s", le ? " or " : "", doc_en[t]);
                    snprintf(ru + lr, sizeof ru - lr, "%s%s", lr ? " или " : "", doc_ru[t]);
                }
            char te[256], tr[384];
            snprintf(te, sizeof te, "apply with: %s (%s)", en, ok ? "held" : "not held");
            snprintf(tr, sizeof tr, "подача по документу: %s (%s)", ru, ok ? "есть" : "нет");
            checks[k].req = NULL;
            checks[k].status = ok ? RELOK_CHECK_MET : RELOK_CHECK_UNMET;
            checks[k].text = text2(b, te, tr);
            if (!ok)
                unmet++;
            k++;
        }
        for (size_t r = 0; r < pw->n_requires; r++, k++) {
            checks[k].req = &pw->requires[r];
            checks[k].status = eval_req(b, &pw->requires[r], &checks[k].text);
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

/* ================================================================ costs */

/* The latest observation of an item dated on or before d, else the
 * earliest one. */
static const relok_cost *pick_cost(const relok_country *c, relok_cost_item item, relok_day d)
{
    const relok_cost *best = NULL, *earliest = NULL;
    for (size_t i = 0; i < c->n_costs; i++) {
        const relok_cost *k = &c->costs[i];
        if (k->item != item)
            continue;
        if (earliest == NULL || k->date.day < earliest->date.day)
            earliest = k;
        if (k->date.day <= d && (best == NULL || k->date.day > best->date.day))
            best = k;
    }
    return best != NULL ? best : earliest;
}

static void do_cost(cb *b)
{
    const relok_profile *p = b->p;
    relok_advice_cost *ct = &b->out->cost;
    const char *cur = p->monthly_budget.is_set ? p->monthly_budget.currency : "USD";
    memcpy(ct->currency, cur, 4);
    ct->budget = p->monthly_budget.is_set ? p->monthly_budget.amount : -1;
    ct->status = RELOK_COST_STATUS_UNKNOWN;

    /* Household scale for food and living costs: the OECD-modified
     * equivalence scale (1 for the first adult, 0.5 for another adult, 0.3
     * for a child under 14, 0.5 from 14). */
    double scale = 1.0;
    size_t n_school = 0;
    for (size_t i = 0; i < p->n_members; i++) {
        const relok_member *m = &p->members[i];
        scale += m->is_partner ? 0.5 : (m->age < 14 ? 0.3 : 0.5);
        if (!m->is_partner && m->age >= 6)
            n_school++;
    }
    const relok_cost *living = pick_cost(b->c, RELOK_COST_LIVING_SINGLE, b->asof);
    const relok_cost *rent = pick_cost(b->c, RELOK_COST_RENT_1BR, b->asof);
    if (rent == NULL)
        rent = pick_cost(b->c, RELOK_COST_RENT_ROOM, b->asof);
    const relok_cost *basket = pick_cost(b->c, RELOK_COST_BASKET, b->asof);
    const relok_cost *school = n_school > 0 ? pick_cost(b->c, RELOK_COST_SCHOOL, b->asof) : NULL;
    const relok_cost *parts[3] = {NULL, NULL, NULL};
    double mult[3] = {1, 1, 1};
    size_t np = 0;
    relok_cost_status status = RELOK_COST_STATUS_UNKNOWN;
    if (living != NULL) {
        parts[np] = living;
        mult[np++] = scale;
        status = RELOK_COST_STATUS_KNOWN;
    } else if (rent != NULL || basket != NULL) {
        if (rent != NULL)
            parts[np++] = rent;
        if (basket != NULL) {
            parts[np] = basket;
            mult[np++] = scale;
        }
        status = rent != NULL && basket != NULL ? RELOK_COST_STATUS_KNOWN : RELOK_COST_STATUS_PARTIAL;
    }
    if (status != RELOK_COST_STATUS_UNKNOWN && school != NULL) {
        parts[np] = school;
        mult[np++] = (double)n_school;
    }
    double low = 0, high = 0;
    const char *bad_cur = NULL;
    for (size_t i = 0; i < np; i++) {
        double l = 0, h = 0;
        if (!relok__convert(b->kb, parts[i]->low, parts[i]->currency, cur, b->asof, &l) ||
            !relok__convert(b->kb, parts[i]->high, parts[i]->currency, cur, b->asof, &h)) {
            bad_cur = parts[i]->currency;
            break;
        }
        low += l * mult[i];
        high += h * mult[i];
    }
    if (bad_cur != NULL) {
        char en[128], ru[128];
        snprintf(en, sizeof en, "Costs are in %s and there is no exchange rate to %s", bad_cur, cur);
        snprintf(ru, sizeof ru, "Расходы указаны в %s, а курса к %s нет", bad_cur, cur);
        unknown(b, RELOK_DIM_COST, U_COST, text2(b, en, ru));
        status = RELOK_COST_STATUS_UNKNOWN;
    } else if (status != RELOK_COST_STATUS_UNKNOWN) {
        ct->low = low;
        ct->high = high;
        for (size_t i = 0; i < np; i++)
            ct->items[ct->n_items++] = parts[i];
    }
    ct->status = status;
    if (status == RELOK_COST_STATUS_UNKNOWN && bad_cur == NULL)
        unknown(b, RELOK_DIM_COST, U_COST,
                (relok_text){"No living costs recorded for this country",
                             "Стоимость жизни в этой стране не записана"});
    if (status != RELOK_COST_STATUS_UNKNOWN && n_school > 0 && school == NULL)
        unknown(b, RELOK_DIM_COST, U_SCHOOL,
                (relok_text){"School costs are not recorded (not included)",
                             "Стоимость школы не записана (не учтена)"});
    if (status == RELOK_COST_STATUS_PARTIAL)
        unknown(b, RELOK_DIM_COST, U_COST_PARTIAL,
                (relok_text){"Only part of the living costs is recorded (rent or food)",
                             "Записана только часть расходов (аренда или питание)"});
    if (!p->monthly_budget.is_set && status != RELOK_COST_STATUS_UNKNOWN)
        unknown(b, RELOK_DIM_COST, U_COST,
                (relok_text){"No monthly budget in your profile",
                             "В профиле не указан месячный бюджет"});
}

/* Cost score for a cost/budget ratio: 100 up to half the budget, 50 at the
 * budget, 0 at twice the budget, linear in between. */
static double cost_curve(double ratio)
{
    if (!(ratio > 0.5))
        return 100;
    if (ratio <= 1)
        return 100 - 100 * (ratio - 0.5);
    if (ratio <= 2)
        return 50 - 50 * (ratio - 1);
    return 0;
}

static void cost_reasons(cb *b)
{
    const relok_advice_cost *ct = &b->out->cost;
    if (ct->status == RELOK_COST_STATUS_UNKNOWN || ct->budget < 0) {
        neutral_reason(b, RELOK_DIM_COST, NEUTRAL,
                       (relok_text){"Cost against budget unknown: neutral value",
                                    "Соотношение расходов и бюджета неизвестно: нейтральное "
                                    "значение"});
        return;
    }
    double rl = ct->budget > 0 ? ct->low / ct->budget : (double)INFINITY;
    double rh = ct->budget > 0 ? ct->high / ct->budget : (double)INFINITY;
    double score = (cost_curve(rl) + cost_curve(rh)) / 2;
    char lo[64], hi[64], bud[64], en[512], ru[768];
    /* Estimates are rough: whole units. */
    relok__fmt_money(round(ct->low), ct->currency, lo, sizeof lo);
    relok__fmt_money(round(ct->high), "", hi, sizeof hi);
    relok__fmt_money(ct->budget, ct->currency, bud, sizeof bud);
    char range[160];
    if (fabs(ct->high - ct->low) < 0.5)
        snprintf(range, sizeof range, "%s", lo);
    else
        snprintf(range, sizeof range, "%s–%s", lo, hi + 1); /* "" + ' ' + number */
    int pl = isfinite(rl) ? (int)lround(rl * 100) : 999, ph = isfinite(rh) ? (int)lround(rh * 100) : 999;
    char pct[32];
    if (pl == ph)
        snprintf(pct, sizeof pct, "%d %%", pl);
    else
        snprintf(pct, sizeof pct, "%d–%d %%", pl, ph);
    if (ct->status == RELOK_COST_STATUS_PARTIAL) {
        /* A lower bound: it can only show that the true cost is too high. */
        double bound = cost_curve(rl);
        score = bound < NEUTRAL ? bound : NEUTRAL;
        snprintf(en, sizeof en,
                 "At least %s a month (%s of your budget of %s; only part of the costs is "
                 "recorded)%s",
                 range, pct, bud, bound < NEUTRAL ? "" : ": neutral value");
        snprintf(ru, sizeof ru,
                 "Не менее %s в месяц (%s вашего бюджета %s; записана только часть "
                 "расходов)%s",
                 range, pct, bud, bound < NEUTRAL ? "" : ": нейтральное значение");
    } else {
        snprintf(en, sizeof en, "About %s a month for your household: %s of your budget of %s",
                 range, pct, bud);
        snprintf(ru, sizeof ru, "Около %s в месяц на вашу семью: %s вашего бюджета %s", range,
                 pct, bud);
    }
    relok_advice_reason *r = reason(b, RELOK_DIM_COST, score, text2(b, en, ru), NULL, NULL);
    for (size_t i = 0; i < ct->n_items; i++)
        add_fact(r, &ct->items[i]->fact);
}

/* ================================================================ risks */

static double penalty(relok_severity s)
{
    static const double p[RELOK_SEVERITY_COUNT_] = {5, 12, 25, 40};
    return p[s];
}

static void do_risks(cb *b)
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

/* ====================================================== society & work */

static const relok_language *language_of(const relok_country *c, const char *code, relok_day d)
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
        const relok_language *l = language_of(b->c, b->p->languages[i], b->asof);
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
        snprintf(buf, len, "%s–%s%s (%s)", fmt_num(pt->low, a, sizeof a),
                 fmt_num(pt->high, z, sizeof z), u, relok_pdate_format(pt->date, date));
    else
        snprintf(buf, len, "%s%s (%s)", fmt_num(pt->low, a, sizeof a), u,
                 relok_pdate_format(pt->date, date));
}

static void indicator_reason(cb *b, relok_dimension d, const relok_indicator *ind,
                             const relok_point *pt, double points)
{
    char w[128], en[512], ru[768];
    point_words(pt, ind->unit, w, sizeof w);
    snprintf(en, sizeof en, "%s: %s", tx(&ind->label, RELOK_LANG_EN), w);
    snprintf(ru, sizeof ru, "%s: %s", tx(&ind->label, RELOK_LANG_RU), w);
    reason(b, d, points, text2(b, en, ru), &pt->fact, NULL);
}

static double lang_points(relok_spread s)
{
    return s == RELOK_SPREAD_WIDELY ? SOC_LANG_WIDELY
           : s == RELOK_SPREAD_COMMON ? SOC_LANG_COMMON
           : s == RELOK_SPREAD_PARTLY ? SOC_LANG_PARTLY
                                      : 0;
}

static void society_reasons(cb *b)
{
    base_reason(b, RELOK_DIM_SOCIETY, SOC_BASE,
                (relok_text){"Starting value", "Начальное значение"}, false);
    const relok_language *l = best_language(b);
    if (l != NULL) {
        const char *en_name, *ru_name;
        lang_names(l->lang, &en_name, &ru_name);
        char en[256], ru[256];
        snprintf(en, sizeof en, "%s, which you speak, is spoken %s there", en_name,
                 spread_en[l->spread]);
        snprintf(ru, sizeof ru, "Язык, на котором вы говорите (%s), распространён там %s",
                 ru_name, spread_ru[l->spread]);
        reason(b, RELOK_DIM_SOCIETY, lang_points(l->spread), text2(b, en, ru), &l->fact, NULL);
    } else if (any_language(b->c, b->asof)) {
        reason(b, RELOK_DIM_SOCIETY, 0,
               (relok_text){"None of your languages is recorded as spoken there",
                            "Ни один из ваших языков не записан как распространённый там"},
               NULL, NULL);
    } else {
        neutral_reason(b, RELOK_DIM_SOCIETY, 0,
                       (relok_text){"Languages spoken there not recorded: neutral value",
                                    "Языки страны не записаны: нейтральное значение"});
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

static bool is_asylum(const relok_pathway *pw)
{
    return pw->kind == RELOK_PATHWAY_ASYLUM;
}

static void opportunity_reasons(cb *b)
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
            snprintf(en, sizeof en, "Pathway \"%s\": %s", tx(&pws[i].pathway->name, RELOK_LANG_EN),
                     pws[i].status == RELOK_PATHWAY_STATUS_UNKNOWN
                         ? "some requirements cannot be checked"
                         : "its requirements are not recorded");
            snprintf(ru, sizeof ru, "Путь «%s»: %s", tx(&pws[i].pathway->name, RELOK_LANG_RU),
                     pws[i].status == RELOK_PATHWAY_STATUS_UNKNOWN
                         ? "часть требований проверить нельзя"
                         : "требования не записаны");
            double w = unknown_w + U_PATHWAY > U_PATHWAYS_CAP ? U_PATHWAYS_CAP - unknown_w
                                                              : U_PATHWAY;
            unknown_w += w;
            unknown(b, RELOK_DIM_OPPORTUNITY, w, text2(b, en, ru));
        }
    if (q != NULL || qa != NULL) {
        const relok_advice_pathway *x = q != NULL ? q : qa;
        snprintf(en, sizeof en, "You qualify now for \"%s\"%s", tx(&x->pathway->name, RELOK_LANG_EN),
                 q == NULL ? " (a claim, not a permit)" : "");
        snprintf(ru, sizeof ru, "Вы уже подходите под путь «%s»%s",
                 tx(&x->pathway->name, RELOK_LANG_RU),
                 q == NULL ? " (это заявление, а не разрешение)" : "");
        reason(b, RELOK_DIM_OPPORTUNITY, q != NULL ? OPP_PATH_QUALIFIES : OPP_PATH_ASYLUM_ONLY,
               text2(b, en, ru), &x->pathway->fact, NULL);
    } else if (unk != NULL) {
        neutral_reason(b, RELOK_DIM_OPPORTUNITY, OPP_PATH_NEUTRAL,
                       (relok_text){"Whether you qualify for a pathway is unknown: neutral value",
                                    "Подходите ли вы под какой-либо путь, неизвестно: "
                                    "нейтральное значение"});
    } else if (miss != NULL) {
        const char *first_en = "", *first_ru = "";
        for (size_t k = 0; k < miss->n_checks; k++)
            if (miss->checks[k].status == RELOK_CHECK_UNMET) {
                first_en = tx(&miss->checks[k].text, RELOK_LANG_EN);
                first_ru = tx(&miss->checks[k].text, RELOK_LANG_RU);
                break;
            }
        snprintf(en, sizeof en, "No pathway you qualify for yet; closest: \"%s\", missing: %s",
                 tx(&miss->pathway->name, RELOK_LANG_EN), first_en);
        snprintf(ru, sizeof ru, "Пока нет пути, под который вы подходите; ближайший: «%s», не "
                                "хватает: %s",
                 tx(&miss->pathway->name, RELOK_LANG_RU), first_ru);
        reason(b, RELOK_DIM_OPPORTUNITY, OPP_PATH_MISSING, text2(b, en, ru), &miss->pathway->fact,
               NULL);
    } else {
        neutral_reason(b, RELOK_DIM_OPPORTUNITY, OPP_PATH_NEUTRAL,
                       (relok_text){"No residence or work pathways recorded: neutral value",
                                    "Пути к ВНЖ или работе не записаны: нейтральное значение"});
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
                snprintf(en, sizeof en, "A status made for remote workers: \"%s\"",
                         tx(&pws[i].pathway->name, RELOK_LANG_EN));
                snprintf(ru, sizeof ru, "Статус для удалённых работников: «%s»",
                         tx(&pws[i].pathway->name, RELOK_LANG_RU));
                reason(b, RELOK_DIM_OPPORTUNITY, OPP_NOMAD_STATUS, text2(b, en, ru),
                       &pws[i].pathway->fact, NULL);
                break;
            }
    } else if (p->work == RELOK_WORK_LOCAL_JOB) {
        const relok_language *l = best_language(b);
        if (l != NULL) {
            const char *en_name, *ru_name;
            lang_names(l->lang, &en_name, &ru_name);
            double pts = l->spread == RELOK_SPREAD_WIDELY   ? 10
                         : l->spread == RELOK_SPREAD_COMMON ? 5
                         : l->spread == RELOK_SPREAD_PARTLY ? 0
                                                            : -10;
            snprintf(en, sizeof en, "Looking for local work in %s, spoken %s there", en_name,
                     spread_en[l->spread]);
            snprintf(ru, sizeof ru, "Поиск местной работы на языке (%s), распространённом там %s",
                     ru_name, spread_ru[l->spread]);
            reason(b, RELOK_DIM_OPPORTUNITY, pts, text2(b, en, ru), &l->fact, NULL);
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
                       (relok_text){"Banking for Russians not recorded: neutral value",
                                    "Банковское обслуживание россиян не записано: нейтральное "
                                    "значение"});
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
            snprintf(en, sizeof en, "%s: %s", items[i].en, av_en[items[i].v]);
            snprintf(ru, sizeof ru, "%s: %s", items[i].ru, av_ru[items[i].v]);
            relok_advice_reason *r =
                reason(b, RELOK_DIM_OPPORTUNITY, items[i].pts[items[i].v], text2(b, en, ru),
                       &bk->fact, NULL);
            if (items[i].v == RELOK_AVAIL_UNKNOWN) {
                if (r != NULL)
                    r->is_neutral = true;
                unknown(b, RELOK_DIM_OPPORTUNITY, U_BANK_FIELD, text2(b, en, ru));
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

static void risk_bases(cb *b)
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

/* =========================================================== must-haves */

static void do_musts(cb *b)
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
        const relok_language *l = language_of(b->c, "ru", b->asof);
        if (l == NULL) {
            m->status = RELOK_CHECK_UNKNOWN;
            m->text = (relok_text){"Russian widely spoken: not recorded",
                                   "Русский широко распространён: не записано"};
        } else {
            m->status = l->spread == RELOK_SPREAD_WIDELY ? RELOK_CHECK_MET : RELOK_CHECK_UNMET;
            snprintf(en, sizeof en, "Russian widely spoken: spoken %s", spread_en[l->spread]);
            snprintf(ru, sizeof ru, "Русский широко распространён: распространён %s",
                     spread_ru[l->spread]);
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
        const relok_advice_pathway *met = NULL, *timing = NULL;
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
            char e2[1024], r2[1536];
            snprintf(e2, sizeof e2, "Must-have unconfirmed: %s", tx(&ms[i].text, RELOK_LANG_EN));
            snprintf(r2, sizeof r2, "Обязательное условие не подтверждено: %s",
                     tx(&ms[i].text, RELOK_LANG_RU));
            unknown(b, ms[i].kind == RELOK_MUST_RESIDENCE_PATH ? RELOK_DIM_OPPORTUNITY
                                                               : RELOK_DIM_SOCIETY,
                    U_MUST, text2(b, e2, r2));
        }
    }
}

/* ========================================================= scores & all */

static void finish_scores(cb *b)
{
    relok_advice_country *o = b->out;
    double sum[RELOK_DIM_COUNT_] = {0};
    size_t n_unv[RELOK_DIM_COUNT_] = {0};
    const relok_advice_reason *rs = b->reasons.items;
    size_t n0 = b->reasons.n;
    for (size_t i = 0; i < n0; i++) {
        sum[rs[i].dimension] += rs[i].points;
        for (size_t k = 0; k < rs[i].n_facts; k++)
            if (!rs[i].facts[k]->is_verified && rs[i].points != 0) {
                n_unv[rs[i].dimension]++;
                break;
            }
    }
    for (int d = 0; d < RELOK_DIM_COUNT_; d++) {
        double s = sum[d];
        if (s < 0 || s > 100) {
            double lim = s < 0 ? 0 : 100;
            reason(b, (relok_dimension)d, lim - s,
                   (relok_text){"Limited to the 0–100 scale", "Ограничено шкалой 0–100"}, NULL,
                   NULL);
            s = lim;
        }
        o->scores[d] = s;
        if (n_unv[d] > 0) {
            char en[160], ru[200];
            double w = U_UNVERIFIED_EACH * (double)n_unv[d];
            snprintf(en, sizeof en, "%zu of the facts behind the %s score are unverified", n_unv[d],
                     relok_dimension_name((relok_dimension)d));
            snprintf(ru, sizeof ru, "Фактов без проверки в оценке «%s»: %zu",
                     relok_dimension_name((relok_dimension)d), n_unv[d]);
            unknown(b, (relok_dimension)d, w > U_UNVERIFIED_CAP ? U_UNVERIFIED_CAP : w,
                    text2(b, en, ru));
        }
    }
    double wsum = 0, total = 0;
    for (int d = 0; d < RELOK_DIM_COUNT_; d++) {
        wsum += b->p->weights[d];
        total += b->p->weights[d] * o->scores[d];
    }
    o->total = wsum > 0 ? total / wsum : 0;
    double conf = 1.0;
    const relok_advice_unknown *us = b->unknowns.items;
    for (size_t i = 0; i < b->unknowns.n; i++) {
        double w = us[i].weight * b->dim_factor[us[i].dimension];
        conf *= 1.0 - (w > 0.95 ? 0.95 : w);
    }
    o->confidence = conf < CONFIDENCE_FLOOR ? CONFIDENCE_FLOOR : conf;
}

static relok_status advise_country(cb *b, relok_error *err)
{
    relok_advice_country *o = b->out;
    memset(&b->blockers, 0, sizeof b->blockers);
    memset(&b->pathways, 0, sizeof b->pathways);
    memset(&b->risks, 0, sizeof b->risks);
    memset(&b->musts, 0, sizeof b->musts);
    memset(&b->unknowns, 0, sizeof b->unknowns);
    memset(&b->reasons, 0, sizeof b->reasons);
    o->country = b->c;

    size_t bi = do_entry(b);
    bool doc_blocked = bi >= b->p->n_docs;
    bool barred = o->entry.verdict == RELOK_VERDICT_BLOCKED;
    if (!doc_blocked) {
        /* With an unknown entry rule the stay is still worth knowing: it is
         * computed with the document the entry was judged on. */
        const relok_held_doc *d = &b->p->docs[bi];
        docres r = eval_doc(b, d);
        relok_status rc = do_stay(b, d->type, d->citizenship, r.last_day, r.last_entry, err);
        if (rc != RELOK_OK)
            return rc;
    }
    do_pathways(b);
    do_cost(b);
    access_reasons(b, doc_blocked || barred);
    cost_reasons(b);
    society_reasons(b);
    opportunity_reasons(b);
    risk_bases(b);
    do_risks(b);
    do_musts(b);
    if (b->oom)
        return relok__fail(err, RELOK_ENOMEM, "out of memory");
    finish_scores(b);
    if (b->oom)
        return relok__fail(err, RELOK_ENOMEM, "out of memory");
    o->blockers = b->blockers.items;
    o->n_blockers = b->blockers.n;
    o->blocked = o->n_blockers > 0;
    o->pathways = b->pathways.items;
    o->n_pathways = b->pathways.n;
    o->risks = b->risks.items;
    o->n_risks = b->risks.n;
    o->musts = b->musts.items;
    o->n_musts = b->musts.n;
    o->unknowns = b->unknowns.items;
    o->n_unknowns = b->unknowns.n;
    o->reasons = b->reasons.items;
    o->n_reasons = b->reasons.n;
    return RELOK_OK;
}

/* Rank: no blocker first, then all must-haves met, then the total score,
 * then confidence, then the code (so ties are stable). */
static int rank_cmp(const void *x, const void *y)
{
    const relok_advice_country *a = x, *b = y;
    if (a->blocked != b->blocked)
        return a->blocked ? 1 : -1;
    bool ma = a->n_unmet_musts > 0, mb = b->n_unmet_musts > 0;
    if (ma != mb)
        return ma ? 1 : -1;
    if (a->total != b->total)
        return a->total > b->total ? -1 : 1;
    if (a->confidence != b->confidence)
        return a->confidence > b->confidence ? -1 : 1;
    return strcmp(a->country->code, b->country->code);
}

static relok_status check_trips(const relok_advise_opts *o, relok_error *err)
{
    if (o->n_trips > 0 && o->trips == NULL)
        return relok__fail(err, RELOK_EINVAL, "trips: missing");
    if (o->n_trips > RELOK_MAX_TRIPS)
        return relok__fail_at(err, RELOK_EINVAL, NULL, 0, 0, "trips", "more than %u trips",
                              RELOK_MAX_TRIPS);
    for (size_t i = 0; i < o->n_trips; i++) {
        const relok_trip *t = &o->trips[i];
        if (t->entry == RELOK_DAY_NONE || (t->exit != RELOK_DAY_NONE && t->exit < t->entry))
            return relok__fail_at(err, RELOK_EINVAL, NULL, t->line, 0, "trips",
                                  "trip %zu: exit before entry", i + 1);
    }
    return RELOK_OK;
}

relok_status relok_advise_run(const relok_kb *kb, const relok_profile *p,
                              const relok_advise_opts *opts, relok_advice **out, relok_error *err)
{
    if (out != NULL)
        *out = NULL;
    if (kb == NULL || p == NULL || opts == NULL || out == NULL)
        return relok__fail(err, RELOK_EINVAL, "relok_advise_run: missing argument");
    relok_status rc = relok_profile_validate(p, err);
    if (rc != RELOK_OK)
        return RELOK_EINVAL;
    if ((rc = check_trips(opts, err)) != RELOK_OK)
        return rc;
    /* The year ahead must stay inside the dates the stay engine accepts. */
    relok_day lo = 0, hi = 0;
    (void)relok_date_from_ymd(RELOK_YEAR_MIN, 1, 1, &lo, NULL);
    (void)relok_date_from_ymd(RELOK_YEAR_MAX - 1, 12, 31, &hi, NULL);
    if (opts->asof < lo || opts->asof > hi)
        return relok__fail(err, RELOK_EINVAL, "the as-of date must lie in %d..%d",
                           RELOK_YEAR_MIN, RELOK_YEAR_MAX - 1);
    relok_arena *a = relok_arena_new(0);
    if (a == NULL)
        return relok__fail(err, RELOK_ENOMEM, "out of memory");
    relok_advice *adv = relok_arena_calloc(a, 1, sizeof *adv);
    size_t n_all = relok_kb_n_countries(kb);
    relok_advice_country *cs = relok_arena_calloc(a, n_all > 0 ? n_all : 1, sizeof *cs);
    size_t cap_trips = opts->n_trips + PLAN_TRIPS;
    relok_trip *trips = relok_arena_calloc(a, cap_trips, sizeof *trips);
    if (adv == NULL || cs == NULL || trips == NULL) {
        relok_arena_free(a);
        return relok__fail(err, RELOK_ENOMEM, "out of memory");
    }
    adv->arena = a;
    adv->asof = opts->asof;
    cb b = {.a = a, .kb = kb, .p = p, .asof = opts->asof, .user_trips = opts->trips,
            .n_user_trips = opts->n_trips, .trips = trips, .cap_trips = cap_trips};
    double wsum = 0;
    for (int d = 0; d < RELOK_DIM_COUNT_; d++) {
        adv->weights[d] = p->weights[d];
        wsum += p->weights[d];
    }
    /* An unknown weighs on the confidence as much as its dimension weighs on
     * the total (equal weights: fully). */
    for (int d = 0; d < RELOK_DIM_COUNT_; d++) {
        double f = p->weights[d] / (wsum / RELOK_DIM_COUNT_);
        b.dim_factor[d] = f > 1 ? 1 : f;
    }
    size_t n = 0;
    for (size_t i = 0; i < n_all; i++) {
        const relok_country *c = relok_kb_country_at(kb, i);
        if (c->is_origin)
            continue; /* Russia is where they come from, not a destination. */
        b.c = c;
        b.out = &cs[n];
        b.oom = false;
        rc = advise_country(&b, err);
        if (rc != RELOK_OK) {
            relok_arena_free(a);
            return rc;
        }
        n++;
    }
    qsort(cs, n, sizeof *cs, rank_cmp);
    for (size_t i = 0; i < n; i++) {
        cs[i].rank = i + 1;
        if (cs[i].blocked)
            adv->n_blocked++;
    }
    adv->countries = cs;
    adv->n_countries = n;
    *out = adv;
    return RELOK_OK;
}

void relok_advise_free(relok_advice *a)
{
    if (a != NULL)
        relok_arena_free(a->arena);
}

const relok_advice_country *relok_advise_find(const relok_advice *a, const char *code)
{
    if (a == NULL || code == NULL || strlen(code) != 2)
        return NULL;
    char up[3] = {(char)toupper((unsigned char)code[0]), (char)toupper((unsigned char)code[1]),
                  '\0'};
    for (size_t i = 0; i < a->n_countries; i++)
        if (strcmp(a->countries[i].country->code, up) == 0)
            return &a->countries[i];
    return NULL;
}
