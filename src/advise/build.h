/* SPDX-License-Identifier: MIT */
/* The advisor engine's builder, shared by its parts (entry.c, stay.c,
 * pathway.c, cost.c, risk.c, society.c, musts.c, engine.c): the numbers
 * behind every score, the per-country builder and its small helpers. Engine
 * layer, no I/O. Every number is documented in docs/advisor.md. */
#ifndef RELOK_ADVISE_BUILD_H
#define RELOK_ADVISE_BUILD_H

#include "advise_int.h"

#include "base/alloc_int.h"
#include "base/error_int.h"
#include "base/limits.h"

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
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
/* Whether the person qualifies is unknown: scored as if they qualified
 * for none, so it never beats a pathway known to be out of reach. */
#define OPP_PATH_UNKNOWN OPP_PATH_MISSING
#define OPP_PATH_MISSING 5.0
#define OPP_REMOTE_INCOME 10.0
#define OPP_NOMAD_STATUS 10.0
#define OPP_JOB_OFFER 10.0
#define OPP_GROWTH_MIN (-5.0)
#define OPP_GROWTH_MAX 10.0

/* Stability and safety start here when the country's risks are recorded. */
#define RISK_BASE 85.0
/* Risks not researched: the value that stood in before, well below the
 * starting value of a country whose risks were researched. */
#define RISK_UNRESEARCHED 50.0
/* Risks of one of the person's own factors not researched there: counted
 * as a low risk tied to them (PERSONAL_FACTOR x the low penalty 5), so an
 * unlooked-at country never beats one where a low risk was found. */
#define RISK_FACTOR_UNRESEARCHED 7.5

/* Honest ranking (issue 11): a fact the KB does not record stands in with
 * a cautious low value, never better than a known modest one, is listed
 * among the unknowns and lowers the confidence. */
#define ACC_ENTRY_UNKNOWN 0.0 /* known modest: an e-visa, 5 */
#define ACC_STAY_UNKNOWN 0.0  /* known modest: any lawful stay, > 0 */
#define COST_UNKNOWN 25.0     /* known modest: about at budget, 50; 25 = 1.5 x budget */
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
#define U_RISK_FACTOR 0.1
#define U_UNVERIFIED_EACH 0.04
#define U_UNVERIFIED_CAP 0.2
#define CONFIDENCE_FLOOR 0.05

/* Extra trip slots for the year plan's simulated stays. */
#define PLAN_TRIPS 40

/* The stay engine's answers along one year plan (stay.c), in the order it
 * asked: on the as-of date, then at each re-entry. */
typedef struct relok__stay_plan {
    size_t n;
    relok_stay_answer ans[PLAN_TRIPS + 1];
} relok__stay_plan;

/* cache.c: whether c was made for kb; a plan by (country, citizenship,
 * document, as-of date), copied into *out; keep a plan. */
bool relok__advise_cache_for(const relok_advise_cache *c, const relok_kb *kb);
bool relok__advise_cache_get(relok_advise_cache *c, const relok_country *co, const char *cit,
                             relok_doc doc, relok_day day, relok__stay_plan *out);
void relok__advise_cache_put(relok_advise_cache *c, const relok_country *co, const char *cit,
                             relok_doc doc, relok_day day, const relok__stay_plan *pl);

/* Document, language-spread names (English, Russian; Russian dative after
 * "по": "въезд по загранпаспорту"). */
extern const char *const relok__advise_doc_en[RELOK_DOC_COUNT_];
extern const char *const relok__advise_doc_ru[RELOK_DOC_COUNT_];
extern const char *const relok__advise_doc_ru_dat[RELOK_DOC_COUNT_];
extern const char *const relok__advise_spread_en[RELOK_SPREAD_COUNT_];
extern const char *const relok__advise_spread_ru[RELOK_SPREAD_COUNT_];

static inline const char *ru_days(int64_t n) { return relok_days_word(n, RELOK_LANG_RU); }

static inline const char *en_days(int64_t n) { return relok_days_word(n, RELOK_LANG_EN); }

/* Language names for the handful we expect; others print as their code. */
void relok__advise_lang_names(const char *code, const char **en, const char **ru);

/* A number without trailing zeros ("12.6", "90", "0.5"). */
char *relok__advise_fmt_num(double v, char *buf, size_t len);

/* ======================================================= growable lists */

/* A list of fixed-size items in arena memory; growing copies (the old block
 * stays in the arena until it is freed: lists here are short). */
typedef struct vec {
    void *items;
    size_t n, cap;
} vec;

static inline void *vec_push(relok_arena *a, vec *v, size_t size)
{
    if (v->n == v->cap) {
        size_t cap = v->cap == 0 ? 8 : v->cap * 2;
        /* Not zeroed: the old items are copied and each new slot is cleared
         * when pushed (zeroing twice was 1 % of POST /api/advise). */
        void *bigger = cap <= SIZE_MAX / size ? relok_arena_alloc(a, cap * size) : NULL;
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
typedef struct cb cb_;
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
    /* Summary only (relok_advise_opts.summary_only): words only for what
     * the summary shows. top: the largest |points| of this country's
     * reasons so far that the summary could show, largest first. */
    bool lean;
    double top[RELOK__SUMMARY_REASONS];
    size_t n_top;
    relok_advise_cache *cache; /* or NULL (cache.c) */
    /* Summary only: reasons worded once the country's top reasons are
     * known (reason_later), by their index in reasons. */
    struct later {
        size_t at;
        relok_text (*words)(cb_ *b);
    } later[4];
    size_t n_later;
} cb;

/* Whether a reason worth `points` needs its words: always, unless the
 * advice is for the summary, which shows only the few reasons with the
 * largest |points| (relok__advise_top_reasons: not a starting value, not
 * 0, and an earlier reason wins a tie). Formatting the ~470 reasons of one
 * POST /api/advise took a quarter of its time, and the summary shows
 * about a hundred of them. */
static inline bool says(const cb *b, double points)
{
    if (!b->lean)
        return true;
    return points != 0 &&
           (b->n_top < RELOK__SUMMARY_REASONS || fabs(points) > b->top[RELOK__SUMMARY_REASONS - 1]);
}

/* Whether text the summary never shows (unknowns, pathway checks) is
 * worded. */
static inline bool wordy(const cb *b) { return !b->lean; }

static inline const char *dup(cb *b, const char *s)
{
    const char *d = relok_arena_strdup(b->a, s);
    if (d == NULL)
        b->oom = true;
    return d != NULL ? d : "";
}

static inline relok_text text2(cb *b, const char *en, const char *ru)
{
    relok_text t = {dup(b, en), dup(b, ru)};
    return t;
}

static inline const char *tx(const relok_text *t, int lang)
{
    const char *s = lang == RELOK_LANG_RU ? t->ru : t->en;
    return s != NULL ? s : (t->en != NULL ? t->en : "");
}

/* Keep b->top up to date (says) with a reason the summary could show. */
static inline void note_top(cb *b, double points)
{
    double a = fabs(points);
    size_t n = b->n_top;
    if (n == RELOK__SUMMARY_REASONS) {
        if (a <= b->top[n - 1])
            return;
        n--; /* the smallest drops out */
    }
    size_t k = n;
    for (; k > 0 && a > b->top[k - 1]; k--)
        b->top[k] = b->top[k - 1];
    b->top[k] = a;
    b->n_top = n + 1;
}

static inline relok_advice_reason *push_reason(cb *b, relok_dimension d, double points,
                                               relok_text t, const relok_fact *f1,
                                               const relok_fact *f2, bool base)
{
    relok_advice_reason *r = vec_push(b->a, &b->reasons, sizeof *r);
    if (r == NULL) {
        b->oom = true;
        return NULL;
    }
    if (!base && points != 0)
        note_top(b, points);
    r->is_base = base;
    r->dimension = d;
    r->points = points;
    r->text = t;
    if (f1 != NULL)
        r->facts[r->n_facts++] = f1;
    if (f2 != NULL)
        r->facts[r->n_facts++] = f2;
    return r;
}

static inline relok_advice_reason *reason(cb *b, relok_dimension d, double points, relok_text t,
                                          const relok_fact *f1, const relok_fact *f2)
{
    return push_reason(b, d, points, t, f1, f2, false);
}

/* A reason whose words `words` writes from the country's finished parts
 * (b->out): at once, or, for the summary, only once the country's top
 * reasons are known and only when it is one of them (relok__advise_word_later).
 * The first reasons of a country (access) would otherwise always be worded,
 * as they start its top three. */
static inline relok_advice_reason *reason_later(cb *b, relok_dimension d, double points,
                                                relok_text (*words)(cb *b), const relok_fact *f1)
{
    relok_text t = {0};
    if (!b->lean)
        t = words(b);
    else if (says(b, points) && b->n_later < sizeof b->later / sizeof *b->later)
        b->later[b->n_later++] = (struct later){b->reasons.n, words};
    else if (says(b, points))
        t = words(b);
    return reason(b, d, points, t, f1, NULL);
}

static inline void add_fact(relok_advice_reason *r, const relok_fact *f)
{
    if (r == NULL || f == NULL || r->n_facts >= RELOK_ADVICE_MAX_FACTS)
        return;
    for (size_t i = 0; i < r->n_facts; i++)
        if (r->facts[i] == f)
            return;
    r->facts[r->n_facts++] = f;
}

static inline void base_reason(cb *b, relok_dimension d, double points, relok_text t, bool neutral)
{
    relok_advice_reason *r = push_reason(b, d, points, t, NULL, NULL, true);
    if (r != NULL)
        r->is_neutral = neutral;
}

/* A cautious value standing in for an unknown fact (flagged is_neutral). */
static inline void neutral_reason(cb *b, relok_dimension d, double points, relok_text t)
{
    relok_advice_reason *r = reason(b, d, points, t, NULL, NULL);
    if (r != NULL)
        r->is_neutral = true;
}

static inline void unknown(cb *b, relok_dimension d, double weight, relok_text t)
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

static inline void blocker(cb *b, relok_block_kind kind, relok_text t, const relok_fact *f,
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
/* ================================================================ parts */

typedef struct docres {
    relok_verdict verdict;
    relok_block_kind why;           /* when blocked */
    const relok_entry_rule *rule;   /* NULL when unknown or expired */
    relok_day last_day;             /* last day of lawful presence the document allows */
    relok_day last_entry;           /* last day it allows entering */
} docres;

/* How document d fares on entry to b->c on b->asof (entry.c). */
docres relok__advise_eval_doc(const cb *b, const relok_held_doc *d);
/* The person's entry; returns the best document index (p->n_docs when none). */
size_t relok__advise_entry(cb *b);
/* Stay allowance for document `doc` of citizenship `cit` (stay.c). */
relok_status relok__advise_stay(cb *b, relok_doc doc, const char *cit, relok_day last_day,
                                relok_day last_entry, relok_error *err);
void relok__advise_access_reasons(cb *b, bool doc_blocked);
/* Word the waiting reasons (reason_later) that made the country's top. */
void relok__advise_word_later(cb *b);
void relok__advise_pathways(cb *b);
/* The words of check k of a pathway: its own, or (summary only, where the
 * checks are left without words) worked out now. */
relok_text relok__advise_check_words(cb *b, const relok_advice_pathway *ap, size_t k);
void relok__advise_cost(cb *b);
void relok__advise_cost_reasons(cb *b);
void relok__advise_risks(cb *b);
/* The safety and stability starting values (risks recorded or not). */
void relok__advise_risk_bases(cb *b);
void relok__advise_society_reasons(cb *b);
void relok__advise_opportunity_reasons(cb *b);
void relok__advise_musts(cb *b);
/* The country's record of language `code` in force on d, or NULL. */
const relok_language *relok__advise_language_of(const relok_country *c, const char *code,
                                                relok_day d);

/* True when the person holds a valid document of one of the types in the
 * bit set `docs` on day d. */
static inline bool holds_any(const relok_profile *p, unsigned docs, relok_day d)
{
    for (int t = 0; t < RELOK_DOC_COUNT_; t++)
        if ((docs & (1u << t)) && relok__profile_holds(p, (relok_doc)t, d))
            return true;
    return false;
}

static inline bool is_asylum(const relok_pathway *pw)
{
    return pw->kind == RELOK_PATHWAY_ASYLUM;
}

#endif
